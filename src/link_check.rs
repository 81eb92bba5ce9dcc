//! The last check: every relative link and asset in the rendered files must
//! exist, anchors included. Content links were checked in resolve; this
//! catches links that templates make.

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `written` maps each file's path (relative to the output, with `/`) to
/// the ids it defines; only HTML files are scanned for links.
pub fn check(dest: &Path, written: &BTreeMap<String, BTreeSet<String>>) -> Result<(), Vec<Diagnostic>> {
    let html_files: Vec<&String> = written.keys().filter(|f| f.ends_with(".html")).collect();
    let mut errors: Vec<Diagnostic> = html_files
        .par_iter()
        .flat_map_iter(|file| {
            let html = std::fs::read_to_string(dest.join(file)).unwrap_or_default();
            attribute_values(&html)
                .into_iter()
                .filter_map(|url| {
                    problem(file, &url, written).map(|problem| {
                        Diagnostic::new(format!("{file}: {problem}: {url}"))
                            .hint("a template or the theme makes this link; fix the template that renders this page")
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn problem(file: &str, url: &str, written: &BTreeMap<String, BTreeSet<String>>) -> Option<&'static str> {
    if url.is_empty() || url == "#" {
        return Some("empty link");
    }
    if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") || url.starts_with("data:") {
        return None;
    }
    if url.starts_with('/') {
        return Some("absolute path (breaks under a sub-path and from disk)");
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        file.to_string()
    } else {
        let base = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut parts: Vec<&str> = if base.is_empty() { Vec::new() } else { base.split('/').collect() };
        for seg in path.split('/') {
            match seg {
                ".." => {
                    if parts.pop().is_none() {
                        return Some("link leaves the site");
                    }
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        let joined = parts.join("/");
        if path.ends_with('/') || joined.is_empty() {
            return Some("link to a folder (does not open from disk; link to index.html)");
        }
        joined
    };
    let Some(ids) = written.get(&target) else { return Some("link to a missing file") };
    match anchor {
        Some(a) if !a.is_empty() && !ids.contains(&percent_decode(a)) => Some("link to a missing anchor"),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Values of href= and src= attributes (double-quoted, as our templates
/// write them).
fn attribute_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(decode_entities(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Undoes the escaping tera applies to attribute values (`/` → `&#x2F;`).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 8);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "#39" | "#x27" => Some('\''),
            "#x2F" | "#47" => Some('/'),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The ids an HTML file defines, so anchors can be checked.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}
