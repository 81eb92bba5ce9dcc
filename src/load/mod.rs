//! Stage 1, load: walk `content/`, read each page, and parse its front
//! matter and body into typed values. Nothing is checked against other pages
//! here; that is resolve's job.

pub mod blocks;
pub mod body;
pub mod front_matter;

pub use blocks::BlockKind;
pub use body::{Block, Located, Node};
pub use front_matter::{DocumentData, FrontMatter};

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, Position};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root (`content/…`), for messages.
    pub file: PathBuf,
    /// The path links use after `@/`: relative to `content/`, with `/`.
    pub content_path: String,
    /// Where the page is published, relative to the site root, ending in
    /// `/` (pretty URLs) or empty for the home page.
    pub url: String,
    /// The top-level folder the page belongs to, if any: its document.
    pub document: Option<String>,
    pub is_index: bool,
    pub front: FrontMatter,
    pub body: Vec<Node>,
    order: (i64, u32, String),
}

/// What loading found: the pages that could be read, the problems with the
/// others, and which content paths those were, so that resolve can still
/// check the rest without reporting links to them as broken.
#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub diagnostics: Diagnostics,
    pub unreadable: std::collections::BTreeSet<String>,
}

/// Reads every page under `root/content`, sorted so that documents and
/// their chapters come out in reading order. Only a missing content folder
/// is an error here; problems with single files are collected in `Loaded`.
pub fn load(root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(vec![Diagnostic::new(format!("no {CONTENT_DIR}/ folder in {}", root.display()))
            .hint("run modulepers in the site folder (the one holding site.yaml and content/), or pass --root DIR")]);
    }
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name();
                if name == "README.md" || Path::new(name).extension().is_none_or(|x| x != "md") {
                    continue;
                }
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map(|p| relative(root, p)).unwrap_or_default();
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link here points back to a folder that contains it".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                diags.push(
                    Diagnostic::new(message)
                        .in_file(path)
                        .hint("remove or fix the link; the content tree must be a tree"),
                );
            }
        }
    }
    let results: Vec<Result<Page, Vec<Diagnostic>>> =
        files.par_iter().map(|path| load_page(root, &content, path)).collect();
    let mut pages = Vec::new();
    let mut unreadable = std::collections::BTreeSet::new();
    for (r, path) in results.into_iter().zip(&files) {
        match r {
            Ok(p) => pages.push(p),
            Err(ds) => {
                if let Some(rel) = path.strip_prefix(&content).ok().and_then(|r| r.to_str()) {
                    unreadable.insert(rel.replace(std::path::MAIN_SEPARATOR, "/"));
                }
                ds.into_iter().for_each(|d| diags.push(d))
            }
        }
    }
    // The second of two pages with one address is left out, as if it had
    // not loaded: its ids would otherwise all be reported as duplicates of
    // the first page's, which only repeats this error.
    let mut seen: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    pages.retain(|p| {
        let Some(first) = seen.get(&p.url) else {
            seen.insert(p.url.clone(), p.file.clone());
            return true;
        };
        let address = if p.url.is_empty() { "the home page".to_string() } else { p.url.clone() };
        diags.push(
            Diagnostic::new(format!("two pages would be published at {address}"))
                .at(&p.file, page_position())
                .len(3)
                .label(format!("published at {address}"))
                .also_at(first, page_position(), 3, "also published there")
                .hint("rename or remove one of the two files: a page's address is its file name without the number prefix (03-een.md → een/)"),
        );
        unreadable.insert(p.content_path.clone());
        false
    });
    // Without it every page's link home would be reported, at the theme.
    if !pages.iter().any(|p| p.url.is_empty()) && !unreadable.contains("_index.md") {
        diags.push(
            Diagnostic::new("the site has no home page")
                .in_file(Path::new(CONTENT_DIR).join("_index.md"))
                .hint("create content/_index.md: a front matter with `title: …`, then the text of the home page"),
        );
    }
    pages.sort_by_key(reading_order);
    Ok(Loaded { pages, diagnostics: diags, unreadable })
}

/// Documents in folder order, each index page before its chapters, chapters
/// by weight, number prefix, then name.
fn reading_order(p: &Page) -> (String, bool, i64, u32, String) {
    let folder = p.content_path.rsplit_once('/').map(|(f, _)| f.to_string()).unwrap_or_default();
    (folder, !p.is_index, p.order.0, p.order.1, p.order.2.clone())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    (n.starts_with('.') || n.starts_with('_')) && n != "_index.md"
}

/// A path as text, with each byte that is not UTF-8 written as `\xE9`,
/// so the author sees which character to fix (the lossy form shows `�`).
fn escaped(name: &std::ffi::OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_page(root: &Path, content: &Path, path: &Path) -> Result<Page, Vec<Diagnostic>> {
    let file = relative(root, path);
    let Some(rel) = path.strip_prefix(content).ok().and_then(|r| r.to_str()) else {
        return Err(vec![Diagnostic::new(format!("the file name {} is not valid UTF-8", escaped(file.as_os_str())))
            .in_file(&file)
            .hint(
                "rename it: each \\x.. above is a byte that is not UTF-8; plain letters, digits and dashes are safest",
            )]);
    };
    let content_path = rel.replace(std::path::MAIN_SEPARATOR, "/");
    let bytes =
        std::fs::read(path).map_err(|e| vec![Diagnostic::new(format!("cannot read the file: {e}")).in_file(&file)])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let position = LineIndex::new(good).position(good, valid);
        vec![Diagnostic::new("the file is not valid UTF-8")
            .at(&file, position)
            .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)")]
    })?;
    // A byte-order mark is invisible in editors; accept it rather than
    // report a missing front matter.
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    let (front, body_start) = front_matter::split(&text, &file)?;
    let mut diags = Vec::new();
    let body = body::parse(&text, body_start, &file, &mut diags);
    if content_path != GLOSSARY_PAGE {
        misplaced_terms(&body, &file, &mut diags);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (folder, name) = match content_path.rsplit_once('/') {
        Some((f, n)) => (f.to_string(), n.to_string()),
        None => (String::new(), content_path.clone()),
    };
    let is_index = name == "_index.md";
    let stem = name.trim_end_matches(".md");
    let (prefix, bare) = split_prefix(stem);
    // Folders are slugged as file names are (what Zola does by default and
    // Hugo nearly so): a space, `?`, `#` or `%` in a name would otherwise
    // stand raw in every address below it.
    let mut url: String = folder.split('/').filter(|f| !f.is_empty()).map(|f| crate::slug::slugify(f) + "/").collect();
    if !is_index {
        url.push_str(&crate::slug::slugify(bare));
        url.push('/');
    }
    let document = content_path.split_once('/').map(|(top, _)| top.to_string());
    // A weight and a number prefix are the same kind of thing: an explicit
    // place in the reading order. Either one orders the page.
    let place = front.weight.or(prefix.map(i64::from)).unwrap_or(i64::MAX / 2);
    let order = (place, prefix.unwrap_or(u32::MAX), name.clone());
    Ok(Page { file, content_path, url, document, is_index, front, body, order })
}

/// Glossary entries (`begrip` blocks) are collected from this page only:
/// the glossary is one page, and its terms link from everywhere else.
pub const GLOSSARY_PAGE: &str = "begrippen.md";

fn misplaced_terms(nodes: &[Node], file: &Path, diags: &mut Vec<Diagnostic>) {
    for n in nodes {
        if let Node::Block(b) = n {
            if let BlockKind::Begrip { term, .. } = &b.kind {
                diags.push(
                    Diagnostic::new(format!("the begrip block \"{term}\" stands outside the glossary page"))
                        .at(file, b.position)
                        .len(b.header_len)
                        .label(format!("terms are defined on content/{GLOSSARY_PAGE} only"))
                        .hint(format!(
                            "move it to content/{GLOSSARY_PAGE}; link to it from here with [{term}](@{})",
                            b.id.as_ref().map(|(id, _)| id.as_str()).unwrap_or("id")
                        )),
                );
            }
            misplaced_terms(&b.children, file, diags);
        }
    }
}

/// "03-inleiding" → (Some(3), "inleiding").
fn split_prefix(stem: &str) -> (Option<u32>, &str) {
    let digits = stem.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < stem.len() {
        let rest = &stem[digits..];
        if let Some(bare) = rest.strip_prefix(['-', '_']) {
            if !bare.is_empty() {
                return (stem[..digits].parse().ok(), bare);
            }
        }
    }
    (None, stem)
}

/// Position of the front matter's `title:` line, for messages about a page
/// as a whole.
pub fn page_position() -> Position {
    Position { line: 1, column: 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_order_and_disappear_from_urls() {
        assert_eq!(split_prefix("03-inleiding"), (Some(3), "inleiding"));
        assert_eq!(split_prefix("2024"), (None, "2024"));
        assert_eq!(split_prefix("begrippen"), (None, "begrippen"));
    }
}
