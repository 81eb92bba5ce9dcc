//! The print editions a build offers: which PDFs, where each is written
//! and which page offers it, as the page kinds declare them (`kinds`).
//! Laying them out is `pdf`'s job (the `pdf` feature); without it the list
//! is empty and no page offers a PDF.

use super::kinds::{self, Offer, Output};
use super::urls;
use crate::derive::Derived;
use crate::resolve::{PageId, Site};

/// One print edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// A document, by the index of its front page.
    Document(PageId),
    /// A summary card (index into `Derived::cards`).
    Card(usize),
    /// An assignment's sheet (index into `Derived::assignments`).
    Sheet { index: usize, teacher: bool },
    /// Every sheet of one version, one per page.
    ClassSet { teacher: bool },
    /// The recommendations addressed to an audience (index into
    /// `Derived::audiences`).
    Audience(usize),
}

/// Every edition the site asks for, in a fixed order: what the page kinds
/// offer (`kinds::Kind::editions`), when site.yaml asks for print editions.
pub fn offers(site: &Site, derived: &Derived) -> Vec<Offer> {
    if !site.config.print_editions {
        return Vec::new();
    }
    kinds::editions(site, derived)
}

/// The typst files a theme with print editions must have.
pub fn templates() -> Vec<&'static str> {
    kinds::KINDS.iter().flat_map(|k| k.print_templates()).copied().collect()
}

/// An edition the site offers: where, and once written how big and how
/// many pages. (`serve` prints editions when they are asked for, so its
/// pages give no size.)
#[derive(Debug, Clone)]
pub struct Printed {
    pub offer: Offer,
    /// Output path, relative to the site root.
    pub file: String,
    pub written: Option<Written>,
    /// The Word file beside it (`Offer::editable`): its path, and once
    /// written its size.
    pub docx: Option<(String, Option<usize>)>,
}

#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub bytes: usize,
    pub pages: usize,
}

/// The editions of a build, as the pages that offer them need them.
#[derive(Debug, Clone, Default)]
pub struct Downloads {
    pub printed: Vec<Printed>,
}

/// A download link as templates get it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Download {
    /// Relative to the page.
    pub href: String,
    /// "245 kB", "1,2 MB"; None while the file is made on request.
    pub size: Option<String>,
    pub pages: Option<usize>,
    /// The editable Word file beside the PDF.
    pub docx: Option<WordDownload>,
}

/// A link to a sheet's Word file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WordDownload {
    pub href: String,
    pub size: Option<String>,
}

impl Downloads {
    /// The link from page `from` to `edition`, if the build offers it.
    pub fn get(&self, edition: Edition, from: &str) -> Option<Download> {
        let p = self.printed.iter().find(|p| p.offer.edition == edition)?;
        Some(Download {
            href: format!("{}{}", urls::root(from), p.file),
            size: p.written.map(|w| size(w.bytes)),
            pages: p.written.map(|w| w.pages),
            docx: p.docx.as_ref().map(|(file, bytes)| WordDownload {
                href: format!("{}{file}", urls::root(from)),
                size: bytes.map(size),
            }),
        })
    }

    /// The edition `out` offers, linked from the page itself.
    pub fn of_page(&self, out: &Output, from: &str) -> Option<Download> {
        let p = self.printed.iter().find(|p| &p.offer.page == out && p.offer.own)?;
        self.get(p.offer.edition, from)
    }

    /// Every file a page may link to: written, or (with `serve`) made
    /// when asked for.
    pub fn files(&self) -> impl Iterator<Item = &str> + '_ {
        self.printed
            .iter()
            .flat_map(|p| std::iter::once(p.file.as_str()).chain(p.docx.as_ref().map(|(f, _)| f.as_str())))
    }

    /// How many files the build wrote.
    pub fn written(&self) -> usize {
        self.printed.iter().filter(|p| p.written.is_some()).count()
    }
}

/// Prints an edition when it is asked for (by `serve`), from the model of
/// the build that promised it: `get("opdrachten/…/opdracht-2.pdf")`.
/// Makes the PDF at an output path: None if no edition is written there.
type Printer = dyn Fn(&str) -> Option<Result<Vec<u8>, String>> + Send + Sync;

pub struct OnRequest {
    print: Box<Printer>,
    cache: std::sync::Mutex<std::collections::BTreeMap<String, std::sync::Arc<Vec<u8>>>>,
}

impl OnRequest {
    pub fn new(print: impl Fn(&str) -> Option<Result<Vec<u8>, String>> + Send + Sync + 'static) -> Self {
        OnRequest { print: Box::new(print), cache: Default::default() }
    }

    /// The PDF at `file` (output-relative), None if no edition is written
    /// there, or what went wrong making it.
    pub fn get(&self, file: &str) -> Option<Result<std::sync::Arc<Vec<u8>>, String>> {
        let cached = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(file).cloned();
        if let Some(bytes) = cached {
            return Some(Ok(bytes));
        }
        let bytes = std::sync::Arc::new(match (self.print)(file)? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        });
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(file.to_string(), bytes.clone());
        Some(Ok(bytes))
    }
}

impl std::fmt::Debug for OnRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnRequest")
    }
}

/// A file size as Dutch readers write it: decimal units, decimal comma.
pub fn size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0).replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_written_the_dutch_way() {
        assert_eq!(super::size(245_300), "246 kB");
        assert_eq!(super::size(1_240_000), "1,2 MB");
        assert_eq!(super::size(10), "1 kB");
    }
}
