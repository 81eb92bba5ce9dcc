//! Finds the line of a content file that holds a piece of published text,
//! so that a failing fidelity check names the line an editor has to fix
//! rather than only the line of the source text.
//!
//! The published text has lost its Markdown (link targets, emphasis, block
//! fences), so each content line is reduced to its plain words first; then
//! the longest run of the snippet's words found in one line wins.

#![allow(dead_code)]

use std::path::Path;

/// A content file as plain text, line by line.
pub struct ContentFile {
    /// Repository-relative path, e.g. `content/begrippen.md`.
    pub path: String,
    lines: Vec<String>,
}

impl ContentFile {
    pub fn read(root: &Path, rel: &str, norm: fn(&str) -> String) -> ContentFile {
        let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        ContentFile { path: rel.to_string(), lines: text.lines().map(|l| norm(&plain(l))).collect() }
    }
}

/// Every Markdown file under `content/` (README.md included: it is not
/// published, so nothing will be found in it).
pub fn content_files(root: &Path, norm: fn(&str) -> String) -> Vec<ContentFile> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md") {
                let rel = p.strip_prefix(root).unwrap();
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    let mut rels = vec![];
    walk(&root.join("content"), root, &mut rels);
    rels.iter().map(|r| ContentFile::read(root, r, norm)).collect()
}

/// A Markdown line reduced to the words a reader sees: no block fences,
/// heading marks, list markers, link targets, emphasis or HTML tags.
pub fn plain(line: &str) -> String {
    let t = line.trim();
    if t.starts_with(":::") {
        // A block's attribute values (a title, a werkvorm) are published.
        return t.split('"').skip(1).step_by(2).collect::<Vec<_>>().join(" ");
    }
    if t == "---" {
        return String::new();
    }
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).unwrap_or(t);
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("](") {
            // A link target: skip to its closing parenthesis.
            rest = rest.find(')').map_or("", |e| &rest[e + 1..]);
        } else if rest.starts_with("[^") {
            rest = rest.find(']').map_or("", |e| &rest[e + 1..]);
        } else if rest.starts_with(" {#") {
            rest = rest.find('}').map_or("", |e| &rest[e + 1..]);
        } else if c == '<' && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
        } else if matches!(c, '[' | ']' | '*' | '_' | '\\') {
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The 1-based line of `file` holding the longest run of the words of
/// `snippet` (at least `min_chars` characters of it).
pub fn line_of(file: &ContentFile, snippet: &str, min_chars: usize) -> Option<(usize, usize)> {
    let words: Vec<&str> = snippet.split_whitespace().take(24).collect();
    for n in (1..=words.len()).rev() {
        for start in 0..=words.len() - n {
            let run = words[start..start + n].join(" ");
            if run.chars().count() < min_chars {
                continue;
            }
            if let Some(i) = file.lines.iter().position(|l| l.contains(&run)) {
                return Some((i + 1, run.chars().count()));
            }
        }
    }
    None
}

/// `path:line` of the content line holding `snippet`: in `preferred` if
/// it is found there, else in whichever file holds the longest run of it.
/// A run must be at least two fifths of the snippet, so that a stock
/// phrase ("De module geeft …") does not send the reader to the wrong file.
pub fn locate(files: &[ContentFile], preferred: Option<&str>, snippet: &str) -> Option<String> {
    let min_chars = (snippet.chars().count() * 2 / 5).max(8);
    if let Some(f) = preferred.and_then(|p| files.iter().find(|f| f.path == p)) {
        if let Some((line, _)) = line_of(f, snippet, min_chars) {
            return Some(format!("{}:{line}", f.path));
        }
    }
    files
        .iter()
        .filter_map(|f| line_of(f, snippet, min_chars).map(|(line, len)| (len, f, line)))
        .max_by_key(|(len, _, _)| *len)
        .map(|(_, f, line)| format!("{}:{line}", f.path))
}
