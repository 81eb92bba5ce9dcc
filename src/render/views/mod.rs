//! Views: the typed contexts templates are rendered with, one struct per
//! template. Field names are the template keys; the theme's README
//! (`themes/modulepers/README.md`) documents them for theme authors.
//! Everything a template shows is computed here: templates only lay it out.
//!
//! A page's context is three views merged at the top level: the chrome
//! view (`chrome::ChromeView`: site, root, nav, audiences; shared between
//! pages), the `PageView` every page has (url, title, self_href, …), and
//! the view of its template (`content::ContentView`, `derived::CardView`,
//! …).

pub mod blocks;
pub mod chrome;
pub mod content;
pub mod derived;

use super::labels;
use super::urls;
use crate::load::DocumentData;
use crate::resolve::{PageId, Site};
use serde::Serialize;

/// What every page template gets besides the chrome view.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// The page's URL from the site root ("" for the home page and the 404
    /// page).
    pub url: &'a str,
    /// The page's title, as the `<title>` and breadcrumbs show it.
    pub title: String,
    /// The link to the page itself, written as every other link to it is,
    /// for breadcrumbs and `aria-current`.
    pub self_href: String,
    pub is_home: bool,
    /// The page's `description:` (content pages), for `<meta>`.
    pub description: Option<&'a str>,
    /// The rendered chrome templates, by file stem (`chrome.header`, …).
    pub chrome: &'a serde_json::Value,
    /// Every document, with the chapters this page lists in the sidebar.
    pub contents: Vec<chrome::ContentsDocument<'a>>,
    /// The print edition (PDF) of this page, when the build wrote one: a
    /// document's front page, a summary card, a sheet.
    pub pdf: Option<super::print::Download>,
}

/// A link with its text.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// A document as pages link to it: its front page's title, its short
/// title, the link and its bibliographic data.
#[derive(Serialize, Clone)]
pub struct DocumentLink<'a> {
    /// The document's folder under `content/`.
    pub id: &'a str,
    pub title: &'a str,
    /// The short title from its data, or the title if it has none.
    pub short_title: String,
    pub href: String,
    pub data: Option<&'a DocumentData>,
}

impl<'a> DocumentLink<'a> {
    /// The document whose front page is `index`, linked from `from`.
    pub fn new(site: &'a Site, index: PageId, from: &str) -> DocumentLink<'a> {
        let p = site.page(index);
        let id = p.document.as_deref().unwrap_or_default();
        DocumentLink {
            id,
            title: &p.front.title,
            short_title: labels::document_short_title(site, id).unwrap_or_else(|| p.front.title.clone()),
            href: urls::relative(from, &p.url, None),
            data: p.front.document.as_ref(),
        }
    }

    /// A document by folder name, if it has a front page.
    pub fn of(site: &'a Site, document: &str, from: &str) -> Option<DocumentLink<'a>> {
        labels::document_index(site, document).map(|i| DocumentLink::new(site, i, from))
    }
}
