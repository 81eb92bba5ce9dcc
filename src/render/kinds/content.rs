//! The pages written in `content/`: each chooses its template in front
//! matter, and a document's front page offers the document as a PDF.

use super::{Kind, Offer, Output, Page};
use crate::derive::Derived;
use crate::render::html::BodyRenderer;
use crate::render::print::{Downloads, Edition};
use crate::render::views::content;
use crate::resolve::{Id, PageId, Site};

pub struct Content;

/// The typst file that lays out a document.
const TYPST: &str = "document.typ";

/// The template rendering a page when its front matter names none.
pub fn default_template(url: &str) -> &'static str {
    if url.is_empty() {
        "index.html"
    } else {
        "page.html"
    }
}

impl Kind for Content {
    fn name(&self) -> &'static str {
        "content"
    }

    fn count(&self, site: &Site, _: &Derived) -> usize {
        site.pages.len()
    }

    fn url(&self, site: &Site, _: &Derived, index: usize) -> String {
        site.page(PageId::from_index(index)).url.clone()
    }

    fn template(&self) -> Option<&'static str> {
        None
    }

    /// `index.html` is optional: the home page falls back to `page.html`.
    fn required_templates(&self) -> Vec<&'static str> {
        vec![default_template("page/")]
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, index: usize) -> Page<'a> {
        let i = PageId::from_index(index);
        let (template, title, view) = content::view(r, i);
        Page {
            template: Some(template),
            current: Some(i),
            description: r.site.page(i).front.description.as_deref(),
            ..Page::new(title, view)
        }
    }

    fn search_document<'a>(&self, site: &'a Site, _: &'a Derived, index: usize) -> Option<&'a str> {
        site.page(PageId::from_index(index)).document.as_deref()
    }

    /// Each document whose data does not say `print_edition: false`, on
    /// its front page, named after its title.
    fn editions(&self, site: &Site, _: &Derived) -> Vec<Offer> {
        site.documents
            .values()
            .filter(|d| {
                site.pages[d.index].front.document.as_ref().is_some_and(|data| data.print_edition != Some(false))
            })
            .map(|d| Offer {
                edition: Edition::Document(d.index),
                page: Output { kind: &Content, index: d.index.index() },
                name: crate::slug::slugify(&site.pages[d.index].front.title),
                template: TYPST,
                own: true,
                editable: false,
            })
            .collect()
    }

    fn print_templates(&self) -> &'static [&'static str] {
        &[TYPST]
    }
}
