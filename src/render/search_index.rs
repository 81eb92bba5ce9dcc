//! The search index: the plain text of every section with its address and
//! titles, as a script the search page loads (`fetch()` of a local file is
//! blocked from file://, a script is not).

use super::labels::{self, page_title};
use super::urls;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use crate::write::Sink;
use rayon::prelude::*;

#[derive(serde::Serialize)]
struct SearchDoc<'a> {
    /// Relative to the site root, always naming the file: the search page
    /// prefixes its own way back to the root.
    u: String,
    t: &'a str,
    p: &'a str,
    d: Option<&'a str>,
    x: &'a str,
}

pub const FILE: &str = "static/search-index.js";

/// Writes the index. It holds the text of the whole site, so it is streamed
/// to disk rather than built in memory.
pub fn write(site: &Site, dest: &dyn Sink) -> Result<(), Diagnostic> {
    use std::io::Write;
    let titles: Vec<String> = site.pages.iter().map(page_title).collect();
    let short: std::collections::BTreeMap<&str, String> =
        site.documents.keys().filter_map(|d| Some((d.as_str(), labels::document_short_title(site, d)?))).collect();
    let index = FILE;
    let fail = |e: std::io::Error| Diagnostic::new(format!("cannot write {index}: {e}"));
    let mut out = dest.create(index)?;
    // A script, not JSON: fetch() of a local file is blocked from file://.
    out.write_all(b"window.MODULEPERS_SEARCH = [").map_err(fail)?;
    // Pages are turned into entries in parallel, a chunk at a time, and
    // written in page order: the index is the same on every run.
    let page_json = |i: usize| -> Vec<u8> {
        let mut json = Vec::new();
        for e in crate::derive::search_entries(site, i) {
            let p = &site.pages[e.page];
            let heading = e.heading.and_then(|h| p.headings.get(h));
            let doc = SearchDoc {
                u: format!("{}{}", urls::file_of(&p.url), heading.map(|h| format!("#{}", h.id)).unwrap_or_default()),
                t: heading.map(|h| h.text.as_str()).unwrap_or(&titles[e.page]),
                p: &titles[e.page],
                d: p.document.as_deref().and_then(|d| short.get(d)).map(String::as_str),
                x: &e.text,
            };
            if !json.is_empty() {
                json.push(b',');
            }
            serde_json::to_writer(&mut json, &doc).expect("serialising to memory does not fail");
        }
        json
    };
    let mut first = true;
    let indexes: Vec<usize> = (0..site.pages.len()).collect();
    for chunk in indexes.chunks(256) {
        let parts: Vec<Vec<u8>> = chunk.par_iter().map(|&i| page_json(i)).collect();
        for part in parts.iter().filter(|p| !p.is_empty()) {
            if !first {
                out.write_all(b",").map_err(fail)?;
            }
            first = false;
            out.write_all(part).map_err(fail)?;
        }
    }
    out.write_all(b"];\n").map_err(fail)?;
    out.flush().map_err(fail)?;
    Ok(())
}
