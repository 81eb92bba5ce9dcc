//! Full-text search: the index the search page (`static/search.js`) reads.
//!
//! Every page a reader can land on is read back from its rendered HTML
//! (`extract`), its words stemmed (`stem`), and the whole written as small
//! script files loaded on demand (`index`). Pages whose kind is not
//! `searched` (the search page itself, the 404 page and the print-all
//! sheets page, a copy of the sheets) are left out.
//!
//! Why not lunr, which the site used before: lunr builds its index in the
//! browser from all the text at once, 58 MB for the 10,000-page benchmark
//! corpus, and a prebuilt lunr index cannot be split. This index is ranked
//! at build time and split by term, so a query loads what it needs.

pub mod extract;
pub mod index;
pub mod stem;
mod vocabulary;

use super::kinds::Output;
use super::labels;
use crate::derive::Derived;
use crate::resolve::Site;

/// The searchable part of one rendered page: each entry as the search page
/// shows it, and its words, stemmed and counted.
pub struct PageSearch {
    entries: Vec<(String, index::Words)>,
}

/// Whether a page is read for the index (its kind says).
pub fn searched(out: &Output) -> bool {
    out.kind.searched()
}

/// A rendered page's entries, as `extractor` read them from its scan.
pub fn page(site: &Site, derived: &Derived, out: &Output, file: &str, extractor: extract::Extractor) -> PageSearch {
    let document = out.kind.search_document(site, derived, out.index);
    let document = document.and_then(|d| labels::document_short_title(site, d));
    let title = page_title(&extractor.title, &site.config.title);
    let entries = extractor
        .finish(&title)
        .into_iter()
        .map(|e| {
            let url = match &e.anchor {
                Some(a) => format!("{file}#{a}"),
                None => file.to_string(),
            };
            let meta = index::EntryMeta { url, title: &e.title, page_title: &title, document: document.as_deref() };
            let words = index::Words::of(&e.title, &e.text, e.anchor.is_none());
            (index::row(&meta, &e.text), words)
        })
        .collect();
    PageSearch { entries }
}

/// The page's own title: its `<title>` without the site's name after it.
fn page_title(raw: &str, site_title: &str) -> String {
    let raw = raw.trim();
    match raw.strip_suffix(site_title).map(|t| t.trim_end().trim_end_matches('·').trim_end()) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => raw.to_string(),
    }
}

pub use index::IndexBuilder;

impl IndexBuilder {
    /// Adds a page's entries; pages are added in output order.
    pub fn add_page(&mut self, page: PageSearch) {
        for (row, words) in page.entries {
            self.add(&row, words);
        }
    }
}
