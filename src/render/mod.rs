//! Stage 4, render: every output page of the table of kinds (`kinds`) through
//! the theme's tera templates (`theme`) with its typed view (`views`),
//! handed page by page to a sink (the staging folder, or nothing for
//! `check`) so that no more than a page per thread is held in memory; then
//! the search index and the sitemap.

pub mod chrome;
pub mod fast_hash;
pub mod highlight;
pub mod html;
pub mod kinds;
pub mod labels;
pub mod link_check;
pub mod pages;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod print;
pub mod search;
pub mod sitemap;
mod spent;
pub mod template_error;
pub mod theme;
pub mod urls;
pub mod views;

pub use theme::{ErasedView, Theme, ThemeError};

use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::write::Sink;
use kinds::{Output, EXTRA_FILES};
use link_check::{LinkChecker, PageLinks};
use rayon::prelude::*;
use spent::Spent;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a render wrote.
pub struct Rendered {
    /// Output pages (the registry's length).
    pub pages: usize,
    /// Files: the pages, the theme's static files and the extra files.
    pub files: usize,
}

/// A rendered and written page: its file, what the link check found in it
/// and its search entries.
type PageResult = Result<(String, PageLinks, Option<search::PageSearch>), PageError>;

/// Why a page is not in the output: it did not render, or not write.
enum PageError {
    Render(template_error::TemplateError),
    Write(Diagnostic),
}

impl From<Diagnostic> for PageError {
    fn from(d: Diagnostic) -> PageError {
        PageError::Write(d)
    }
}

/// Pages rendered in parallel before their search entries join the index.
const SEARCH_BATCH: usize = 512;

/// Renders and writes the whole site through `dest`, checking every page's
/// links on the way. Returns how many files were written.
pub fn render(
    site: &Site,
    derived: &Derived,
    theme: &Theme,
    downloads: &print::Downloads,
    dest: &dyn Sink,
    progress: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let outputs = Output::all(site, derived);
    let nav = views::chrome::Nav::new(site, derived);
    let chrome = chrome::Chrome::new(theme);
    let done = AtomicUsize::new(0);
    let total = outputs.len();
    // Static files first: the link check needs to know every file the
    // build writes before the first page is scanned.
    let static_files = copy_static(&theme.static_dir, dest).map_err(|d| vec![d])?;
    let page_files: Vec<String> = outputs.iter().map(|o| urls::file_of(&o.url(site, derived))).collect();
    let taken = reserved_paths_taken(site, derived, &outputs, &page_files, &static_files);
    if !taken.is_empty() {
        return Err(taken);
    }
    let checker = LinkChecker::new(
        page_files
            .iter()
            .cloned()
            .chain(static_files.iter().cloned())
            // Without base_url there is no sitemap to link to.
            .chain(EXTRA_FILES.iter().filter(|_| site.config.base_url.is_some()).map(|f| f.to_string()))
            .chain(downloads.files().map(str::to_string)),
    );
    let spent = Spent::new();
    let render_one = |out: &Output| -> PageResult {
        let t = spent.now();
        let (file, html, page_chrome) =
            pages::render(site, derived, theme, &nav, &chrome, downloads, out).map_err(PageError::Render)?;
        let t = spent.add(&spent.templates, t);
        let read = || search::searched(out).then(search::extract::Extractor::default);
        let (links, extracted) = checker.scan(&file, &html, &page_chrome.pieces(), read);
        let t = spent.add(&spent.scan, t);
        let searched = extracted.map(|e| search::page(site, derived, out, &file, e));
        let t = spent.add(&spent.search, t);
        dest.write(&file, html.as_bytes())?;
        spent.add(&spent.write, t);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if progress && (n.is_multiple_of(250) || n == total) {
            crate::say_part!("\rrendered {n}/{total} pages");
            if n == total {
                crate::say!("");
            }
        }
        Ok((file, links, searched))
    };
    let mut scanned = HashMap::with_capacity(outputs.len());
    let mut errors = Vec::new();
    let mut failed = Vec::new();
    let mut index = search::IndexBuilder::new();
    let mut index_files = 0;
    let mut take = |results: Vec<PageResult>| {
        let t = spent.now();
        for r in results {
            match r {
                Ok((f, links, searched)) => {
                    scanned.insert(f, links);
                    if let Some(p) = searched {
                        index.add_page(p);
                    }
                }
                Err(PageError::Render(e)) => failed.push(e),
                Err(PageError::Write(d)) => errors.push(d),
            }
        }
        for (file, body) in index.ready() {
            index_files += 1;
            if let Err(d) = dest.write(&file, body.as_bytes()) {
                errors.push(d);
            }
        }
        spent.add(&spent.index, t);
    };
    // In batches, so that the stemmed words of no more than two batches of
    // pages wait in memory for the index (one thread, in page order) to take
    // them: the index takes one batch while the next is rendered.
    let mut done_batch = Vec::new();
    for batch in outputs.chunks(SEARCH_BATCH) {
        let (results, ()) = rayon::join(
            || batch.par_iter().map(render_one).collect::<Vec<_>>(),
            || take(std::mem::take(&mut done_batch)),
        );
        done_batch = results;
    }
    take(done_batch);
    let t = spent.now();
    index.finish(&mut |file, body| {
        index_files += 1;
        if let Err(d) = dest.write(&file, body.as_bytes()) {
            errors.push(d);
        }
    });
    spent.add(&spent.index, t);
    let sitemap = sitemap::write(site, derived, &outputs, dest).unwrap_or_else(|d| {
        errors.push(d);
        false
    });
    if !errors.is_empty() || !failed.is_empty() {
        return Err(template_error::report(failed, errors, &theme.templates));
    }
    let t = spent.now();
    let checked = checker.finish(&scanned).map_err(template_error::group_links);
    spent.add(&spent.finish, t);
    spent.print(&chrome, total);
    checked?;
    Ok(Rendered {
        pages: outputs.len(),
        files: scanned.len() + static_files.len() + usize::from(sitemap) + index_files,
    })
}

/// Content pages published where the build writes a page or file of its
/// own (`zoeken.md` and the search page): one would silently replace the
/// other. The reserved paths come from the table of kinds, so they cannot
/// drift from what is written.
fn reserved_paths_taken(
    site: &Site,
    derived: &Derived,
    outputs: &[Output],
    page_files: &[String],
    static_files: &[String],
) -> Vec<Diagnostic> {
    let reserved = kinds::reserved_paths(site, derived);
    let own: HashMap<&str, String> = reserved
        .iter()
        .map(|(f, template)| (f.as_str(), format!("its own page ({template})")))
        .chain(static_files.iter().map(|f| (f.as_str(), "a file of the theme".to_string())))
        .chain(EXTRA_FILES.iter().map(|f| (*f, "a file of its own".to_string())))
        .collect();
    // Content pages are always `…/index.html`, so only folders can clash.
    let mut folders: Vec<&str> = own.keys().filter_map(|f| f.split_once('/').map(|(top, _)| top)).collect();
    folders.sort_unstable();
    folders.dedup();
    outputs
        .iter()
        .zip(page_files)
        .filter_map(|(o, file)| Some((site.page(o.content()?), own.get(file.as_str())?)))
        .map(|(page, what)| {
            Diagnostic::new(format!("this page would be published at {}, where the build writes {what}", page.url))
                .at(&page.file, crate::load::page_position())
                .hint(format!(
                    "rename or move the file: the build reserves these paths for its own pages: {}",
                    folders.iter().map(|f| format!("{f}/")).collect::<Vec<_>>().join(", ")
                ))
        })
        .collect()
}

fn copy_static(from: &Path, dest: &dyn Sink) -> Result<Vec<String>, Diagnostic> {
    let mut out = Vec::new();
    if !from.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(from).sort_by_file_name().into_iter() {
        let entry = entry.map_err(|e| Diagnostic::new(format!("cannot read the theme's static files: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let file = format!("static/{rel}");
        let bytes = crate::read::bytes(entry.path())
            .map_err(|e| Diagnostic::new(format!("cannot read {}: {e}", entry.path().display())))?;
        dest.write(&file, &bytes)?;
        out.push(file);
    }
    Ok(out)
}
