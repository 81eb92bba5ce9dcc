//! Rendering one output page: its view, its chrome and its template.

use super::chrome::{Chrome, Rendered};
use super::html::BodyRenderer;
use super::outputs::Output;
use super::print::{Downloads, Edition};
use super::views::chrome::{self as chrome_view, Nav, Place};
use super::views::{content, derived as views, PageView};
use super::{urls, ErasedView, Theme};
use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use std::sync::Arc;

/// Renders one page: (file path in the output, HTML, the chrome in it).
pub fn render(
    site: &Site,
    derived: &Derived,
    theme: &Theme,
    nav: &Nav,
    chrome: &Chrome,
    downloads: &Downloads,
    out: &Output,
) -> Result<(String, String, Arc<Rendered>), Diagnostic> {
    let url = out.url(site, derived);
    let not_found = matches!(out, Output::NotFound);
    let from = if not_found { "" } else { url.as_str() };
    let mut r = BodyRenderer::new(site, derived, theme, from, None);
    let fixed = out.template().unwrap_or_default().to_string();
    let (template, title, view): (String, String, Box<dyn ErasedView>) = match out {
        Output::Content(i) => {
            let (template, title, view) = content::view(&mut r, *i);
            (template, title, Box::new(view))
        }
        Output::Audiences => (fixed, "Doelgroepen".into(), Box::new(())),
        Output::Audience(a) => {
            let (title, view) = views::audience(&mut r, *a);
            (fixed, title, Box::new(view))
        }
        Output::Card(c) => {
            let (title, view) = views::card(&mut r, *c);
            (fixed, title, Box::new(view))
        }
        Output::Sheets => {
            let class_sets = views::ClassSets {
                students: downloads.get(Edition::ClassSet { teacher: false }, from),
                teachers: downloads.get(Edition::ClassSet { teacher: true }, from),
                word: (0..derived.assignments.len())
                    .map(|index| {
                        [false, true]
                            .map(|teacher| downloads.get(Edition::Sheet { index, teacher }, from).and_then(|d| d.docx))
                    })
                    .collect(),
            };
            (fixed, "Opdrachtbladen".into(), Box::new(views::sheets(&mut r, class_sets)))
        }
        Output::Sheet { index, teacher } => {
            let sheet = views::sheet(&mut r, *index, *teacher);
            (fixed, views::sheet_title(&r, *index, *teacher), Box::new(views::SheetView { sheet }))
        }
        Output::SheetsPrint => (fixed, "Alle opdrachtbladen afdrukken".into(), Box::new(views::sheets_print(&mut r))),
        Output::Search => (fixed, "Zoeken".into(), Box::new(())),
        Output::Colophon => (fixed, "Colofon".into(), Box::new(views::colophon(&r))),
        Output::NotFound => (fixed, "Pagina niet gevonden".into(), Box::new(())),
    };
    let document = match out {
        Output::Audience(a) => views::audience_document(&r, *a),
        Output::Audiences => views::single_document(&r, derived.recommendations.iter().map(|rec| rec.page)),
        Output::Card(c) => Some(derived.cards[*c].document.as_str()),
        Output::Sheet { index, .. } => derived.assignments[*index].document.as_deref(),
        Output::Sheets | Output::SheetsPrint => views::sheets_document(&r),
        _ => None,
    };
    let place = Place {
        from,
        here: (!not_found).then_some(url.as_str()),
        current: match out {
            Output::Content(i) => Some(*i),
            _ => None,
        },
        document,
        chapter: match out {
            Output::Sheet { index, .. } => Some(derived.assignments[*index].page),
            _ => None,
        },
    };
    let mut errors = std::mem::take(&mut r.errors);
    let file = urls::file_of(&url);
    let mut chrome_used = None;
    let rendered = chrome.get(site, derived, nav, &place).and_then(|c| {
        let page = PageView {
            url: from,
            title,
            self_href: if not_found { file.clone() } else { urls::relative(from, from, None) },
            is_home: matches!(out, Output::Content(_)) && from.is_empty(),
            description: match out {
                Output::Content(i) => site.page(*i).front.description.as_deref(),
                _ => None,
            },
            chrome: &c.fragments,
            contents: chrome_view::contents(site, nav, &place),
            pdf: downloads.of_page(out, from),
        };
        let html = theme.render_views(&template, c.context.clone(), &[&page as &dyn ErasedView, &*view]);
        chrome_used = Some(Arc::clone(&c));
        html
    });
    let html = rendered.unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    if let Some(first) = errors.first() {
        let mut d = Diagnostic::new(format!("rendering {file}: {first}")).hint("fix the template named in the message");
        if let Output::Content(i) = out {
            d = d.in_file(&site.page(*i).file);
        }
        return Err(d);
    }
    let chrome_used = chrome_used.expect("the chrome rendered, or there was an error");
    Ok((file, html, chrome_used))
}
