//! Stage 4, render: every page, content and derived, through the theme's
//! tera templates, handed page by page to a sink (the staging folder, or
//! nothing for `check`) so that no more than a page per thread is held in
//! memory.

pub mod chrome;
pub mod context;
pub mod highlight;
pub mod html;
pub mod link_check;
pub mod pages;
pub mod urls;

use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::write::Sink;
use link_check::{LinkChecker, PageLinks};
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
        // quoted attributes and text, and it bloats every link. The engine's
        // one escaper escapes `& < > " '`.
        tera.set_escape_fn(crate::html::escape);
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
    // Front matter dates were checked in load; this catches a template
    // applying the filter to something else.
    match crate::load::front_matter::parse_date(s) {
        Some((y, m, d)) => Ok(tera::Value::String(format!("{d} {} {y}", MONTHS[m as usize - 1]))),
        None => Err(tera::Error::msg(format!("datum: not a date written as YYYY-MM-DD: {s}"))),
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
    // Time spent tokenizing pages for the link check, summed over threads,
    // reported with MODULEPERS_TIMINGS: it runs on every page.
    let scan_nanos = std::sync::atomic::AtomicU64::new(0);
    let total = outputs.len();
    // Static files first: the link check needs to know every file the
    // build writes before the first page is scanned.
    let static_files = copy_static(&theme.static_dir, dest).map_err(|d| vec![d])?;
    let page_files: Vec<String> = outputs.iter().map(|o| urls::file_of(&pages::url_of(site, derived, o))).collect();
    let taken = reserved_paths_taken(site, &outputs, &page_files, &static_files);
    if !taken.is_empty() {
        return Err(taken);
    }
    let checker = LinkChecker::new(
        page_files
            .iter()
            .cloned()
            .chain(static_files.iter().cloned())
            .chain(pages::EXTRA_FILES.iter().map(|f| f.to_string())),
    );
    let results: Vec<Result<(String, PageLinks), Diagnostic>> = outputs
        .par_iter()
        .map(|out| {
            let (file, html) = pages::render(site, derived, theme, &nav, &chrome, out)?;
            let scan_start = std::time::Instant::now();
            let links = checker.scan(&file, &html);
            scan_nanos.fetch_add(scan_start.elapsed().as_nanos() as u64, Ordering::Relaxed);
            dest.write(&file, html.as_bytes())?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if progress && (n.is_multiple_of(250) || n == total) {
                eprint!("\rrendered {n}/{total} pages");
                if n == total {
                    eprintln!();
                }
            }
            Ok((file, links))
        })
        .collect();
    let mut scanned = HashMap::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((f, links)) => {
                scanned.insert(f, links);
            }
            Err(d) => errors.push(d),
        }
    }
    if let Err(d) = pages::write_extra_files(site, derived, dest) {
        errors.push(d);
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.message.cmp(&b.message));
        return Err(errors);
    }
    let finish_start = std::time::Instant::now();
    checker.finish(&scanned)?;
    if std::env::var_os("MODULEPERS_TIMINGS").is_some() {
        let scan_ms = scan_nanos.load(Ordering::Relaxed) / 1_000_000;
        let finish_ms = finish_start.elapsed().as_millis();
        eprintln!("link check: {scan_ms} ms of scanning (summed over threads), {finish_ms} ms to finish");
    }
    Ok(scanned.len() + static_files.len() + pages::EXTRA_FILES.len())
}

/// Content pages published where the build writes a page or file of its
/// own (`zoeken.md` and the search page): one would silently replace the
/// other. The reserved paths are the build's own list of outputs, so they
/// cannot drift from what is written.
fn reserved_paths_taken(
    site: &Site,
    outputs: &[pages::Out],
    page_files: &[String],
    static_files: &[String],
) -> Vec<Diagnostic> {
    let own: HashMap<&str, String> = outputs
        .iter()
        .zip(page_files)
        .filter(|(o, _)| !matches!(o, pages::Out::Content(_)))
        .map(|(o, f)| (f.as_str(), format!("the {} page", pages::describe(o))))
        .chain(static_files.iter().map(|f| (f.as_str(), "a file of the theme".to_string())))
        .chain(pages::EXTRA_FILES.iter().map(|f| (*f, "a file the build writes".to_string())))
        .collect();
    // Content pages are always `…/index.html`, so only folders can clash.
    let mut folders: Vec<&str> = own.keys().filter_map(|f| f.split_once('/').map(|(top, _)| top)).collect();
    folders.sort_unstable();
    folders.dedup();
    outputs
        .iter()
        .zip(page_files)
        .filter_map(|(o, file)| match o {
            pages::Out::Content(i) => Some((&site.pages[*i], own.get(file.as_str())?)),
            _ => None,
        })
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
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::new(format!("cannot read {}: {e}", entry.path().display())))?;
        dest.write(&file, &bytes)?;
        out.push(file);
    }
    Ok(out)
}
