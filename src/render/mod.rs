//! Stage 4, render: every page, content and derived, through the theme's
//! tera templates, handed page by page to a sink (the staging folder, or
//! nothing for `check`) so that no more than a page per thread is held in
//! memory.

pub mod chrome;
pub mod context;
pub mod highlight;
pub mod html;
pub mod pages;
pub mod search;
pub mod urls;

use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::link_check::{LinkChecker, PageLinks};
use crate::resolve::Site;
use crate::write::Sink;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Theme {
    tera: tera::Tera,
    static_dir: PathBuf,
}

/// Templates every theme must have; checked up front so a missing one is
/// one clear error, not one per page.
pub const REQUIRED: &[&str] = &[
    "page.html",
    "audiences.html",
    "audience.html",
    "card.html",
    "sheets.html",
    "sheet.html",
    "sheets-print.html",
    "search.html",
    "colofon.html",
    "404.html",
    "partials/backlinks.html",
    "blocks/aanbeveling.html",
    "blocks/opdracht.html",
    "blocks/docent.html",
    "blocks/voorbeeld.html",
    "blocks/bron.html",
    "blocks/figuur.html",
    "blocks/redactie.html",
    "blocks/leerdoelen.html",
    "blocks/begrip.html",
];

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let templates_dir = dir.join("templates");
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        if !templates_dir.is_dir() {
            return Err(vec![Diagnostic::new(format!(
                "theme \"{name}\" not found: no folder {}",
                rel(&templates_dir).display()
            ))
            .in_file(crate::config::CONFIG_FILE)
            .hint("set theme: in site.yaml to a folder under themes/")]);
        }
        let mut tera = tera::Tera::default();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&templates_dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let name = entry
                    .path()
                    .strip_prefix(&templates_dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((entry.into_path(), Some(name)));
            }
        }
        tera.add_template_files(files).map_err(|e| {
            vec![Diagnostic::new(format!("template error: {}", error_chain(&e)))
                .in_file(rel(&templates_dir))
                .hint("the message names the template and the line (--> line:column)")]
        })?;
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("datum", dutch_date);
        // Tera's default escaper also rewrites `/` as `&#x2F;`: needless in
        // quoted attributes and text, and it bloats every link. The same
        // characters as html::escape are escaped, plus `'`.
        tera.set_escape_fn(escape_html);
        let names: BTreeSet<&str> = tera.get_template_names().collect();
        let missing: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|t| !names.contains(**t))
            .map(|t| {
                Diagnostic::new(format!("missing template {t}"))
                    .in_file(rel(&templates_dir.join(t)))
                    .hint(format!("the theme \"{name}\" must provide it"))
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Theme { tera, static_dir: dir.join("static") })
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }

    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = self.tera.get_template_names().collect();
        names.sort_unstable();
        names.into_iter()
    }

    pub fn render_value(&self, template: &str, value: serde_json::Value) -> Result<String, String> {
        let cx = tera::Context::from_value(value).map_err(|e| error_chain(&e))?;
        self.tera.render(template, &cx).map_err(|e| format!("template {template}: {}", error_chain(&e)))
    }
}

fn escape_html(s: &str) -> String {
    html::escape_with(s, true)
}

/// `2022-06-16` → `16 juni 2022`: dates as Dutch readers write them.
fn dutch_date(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let s = value.as_str().ok_or_else(|| tera::Error::msg("datum expects a date written as YYYY-MM-DD"))?;
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => Ok(tera::Value::String(format!("{d} {} {y}", MONTHS[m - 1]))),
            _ => Err(tera::Error::msg(format!("datum: not a date: {s}"))),
        },
        _ => Err(tera::Error::msg(format!("datum: not a date: {s}"))),
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

/// Pages rendered in parallel before their search entries join the index.
const SEARCH_BATCH: usize = 512;

/// Renders and writes the whole site through `dest`, checking every page's
/// links on the way. Returns how many files were written.
pub fn render(
    site: &Site,
    derived: &Derived,
    theme: &Theme,
    dest: &dyn Sink,
    progress: bool,
) -> Result<usize, Vec<Diagnostic>> {
    let outputs = pages::all(site, derived);
    let nav = context::Nav::new(site, derived);
    let chrome = chrome::Chrome::new(theme, site, derived, &nav);
    let done = AtomicUsize::new(0);
    let total = outputs.len();
    // Static files first: the link check needs to know every file the
    // build writes before the first page is scanned.
    let static_files = copy_static(&theme.static_dir, dest).map_err(|d| vec![d])?;
    let page_files: Vec<String> = outputs.iter().map(|o| urls::file_of(&pages::url_of(site, derived, o))).collect();
    let checker = LinkChecker::new(
        page_files
            .iter()
            .cloned()
            .chain(static_files.iter().cloned())
            .chain(pages::EXTRA_FILES.iter().map(|f| f.to_string())),
    );
    let render_one = |out: &pages::Out| -> Result<(String, PageLinks, Option<search::PageSearch>), Diagnostic> {
        let (file, html) = pages::render(site, derived, theme, &nav, &chrome, out)?;
        let links = checker.scan(&file, &html);
        let searched = search::page(site, derived, out, &file, &html);
        dest.write(&file, html.as_bytes())?;
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if progress && (n.is_multiple_of(250) || n == total) {
            eprint!("\rrendered {n}/{total} pages");
            if n == total {
                eprintln!();
            }
        }
        Ok((file, links, searched))
    };
    let mut scanned = HashMap::with_capacity(outputs.len());
    let mut errors = Vec::new();
    let mut index = search::IndexBuilder::new();
    // In batches, so that the stemmed words of no more than a batch of pages
    // wait in memory for the index (sequential, in page order) to take them.
    for batch in outputs.chunks(SEARCH_BATCH) {
        let results: Vec<_> = batch.par_iter().map(render_one).collect();
        for r in results {
            match r {
                Ok((f, links, searched)) => {
                    scanned.insert(f, links);
                    if let Some(p) = searched {
                        index.add_page(p);
                    }
                }
                Err(d) => errors.push(d),
            }
        }
    }
    let index = index.finish();
    for (file, body) in &index {
        if let Err(d) = dest.write(file, body.as_bytes()) {
            errors.push(d);
        }
    }
    if let Err(d) = pages::write_extra_files(site, derived, dest) {
        errors.push(d);
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        return Err(errors);
    }
    checker.finish(&scanned)?;
    Ok(scanned.len() + static_files.len() + pages::EXTRA_FILES.len() + index.len())
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
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::new(format!("cannot read {}: {e}", entry.path().display())))?;
        dest.write(&file, &bytes)?;
        out.push(file);
    }
    Ok(out)
}
