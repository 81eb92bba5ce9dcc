//! The last check: every relative link and asset in the rendered pages must
//! exist, anchors included. Content links were checked in resolve; this
//! catches links that templates make.
//!
//! Pages are checked from the HTML in memory, while they are rendered: which
//! files the build writes is known before the first page is rendered, so
//! only links to an anchor on another page wait until every page is done.

use super::fast_hash::FastMap;
use crate::html::{self, Found, Observer};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// What to do about a link a template makes.
pub const HINT: &str = "a template or the theme makes this link; fix the template that renders this page";

/// A broken link a rendered page has: it becomes a diagnostic when the
/// report groups every page with the same link (`template_error::group_links`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkError {
    /// The page's file in the output.
    pub page: String,
    pub problem: &'static str,
    /// The link as the page writes it (relative to the page).
    pub url: String,
}

/// What one rendered page defines and still needs from other pages.
#[derive(Debug, Default)]
pub struct PageLinks {
    pub ids: BTreeSet<String>,
    /// Links to an anchor on another page: (url as written, target file, anchor).
    pending: Vec<(String, String, String)>,
    pub errors: Vec<LinkError>,
}

/// Checks pages against the files the build writes.
pub struct LinkChecker {
    files: HashSet<String>,
    /// What each piece of HTML that many pages share (the chrome) holds,
    /// scanned once: None for a piece that cannot be scanned apart from
    /// its page (`html::scan_piece`).
    pieces: Mutex<FastMap<String, Arc<Piece>>>,
}

/// A shared piece: what it holds, if it can be scanned apart from its page
/// (`html::scan_piece`), and a searcher to find it in a page.
struct Piece {
    found: Option<Vec<Found>>,
    finder: memchr::memmem::Finder<'static>,
}

/// Shared pieces shorter than this are scanned with their page: finding
/// them would cost about what scanning them does.
const SHORTEST_PIECE: usize = 256;

impl LinkChecker {
    /// `files`: every file of the output, relative to it, with `/`.
    pub fn new(files: impl IntoIterator<Item = String>) -> Self {
        LinkChecker { files: files.into_iter().collect(), pieces: Mutex::new(FastMap::default()) }
    }

    /// Tokenizes one rendered HTML file: its ids, and every URL it links to
    /// or loads (see `html::scan`). `shared`: pieces of the page that other
    /// pages have too (its chrome), scanned once for all of them where the
    /// tokenizer can tell that the same piece means the same on every page
    /// (`html::scan_around`), else with the page.
    ///
    /// An observer from `observer` reads the page's tokens along
    /// (`html::Observer`); a second one if the first scan is given up.
    pub fn scan<O: Observer>(
        &self,
        file: &str,
        html: &str,
        shared: &[&str],
        observer: impl Fn() -> O,
    ) -> (PageLinks, O) {
        let mut skip: Vec<(usize, usize, Arc<Piece>)> = Vec::new();
        for text in shared.iter().filter(|p| p.len() >= SHORTEST_PIECE) {
            let piece = self.piece(text);
            if piece.found.is_none() {
                continue;
            }
            if let Some(at) = piece.finder.find(html.as_bytes()) {
                skip.push((at, at + text.len(), piece));
            }
        }
        skip.sort_by_key(|s| s.0);
        let mut last_end = 0;
        skip.retain(|s| {
            let keep = s.0 >= last_end;
            if keep {
                last_end = s.1;
            }
            keep
        });
        let ranges: Vec<(usize, usize)> = skip.iter().map(|s| (s.0, s.1)).collect();
        let (own, pieces, observer) = match html::scan_around(html, &ranges, observer()) {
            Some((own, observer)) => (own, skip.iter().filter_map(|s| s.2.found.as_ref()).collect(), observer),
            None => {
                let (own, observer) = html::scan_observed(html, observer());
                (own, Vec::new(), observer)
            }
        };
        let mut page = PageLinks::default();
        let mut urls = Vec::new();
        for found in own.iter().chain(pieces.into_iter().flatten()) {
            match found {
                Found::Id(id) => {
                    page.ids.insert(id.clone());
                }
                Found::Url { url, .. } => urls.push(url.as_str()),
            }
        }
        for url in urls {
            match target(file, url) {
                Err(problem) => page.errors.push(error(file, problem, url)),
                Ok(None) => {}
                Ok(Some((target, anchor))) => {
                    let anchor = anchor.map(percent_decode);
                    if target == file {
                        if anchor.is_some_and(|a| !page.ids.contains(&a)) {
                            page.errors.push(error(file, "link to a missing anchor", url));
                        }
                    } else if !self.files.contains(&target) {
                        page.errors.push(error(file, "link to a missing file", url));
                    } else if let Some(a) = anchor {
                        page.pending.push((url.to_string(), target, a));
                    }
                }
            }
        }
        (page, observer)
    }

    /// A shared piece's scan, done once.
    fn piece(&self, text: &str) -> Arc<Piece> {
        if let Some(piece) = self.pieces.lock().unwrap_or_else(|e| e.into_inner()).get(text) {
            return Arc::clone(piece);
        }
        // Two threads may scan the same piece at once; both find the same.
        let finder = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        let piece = Arc::new(Piece { found: html::scan_piece(text), finder });
        self.pieces.lock().unwrap_or_else(|e| e.into_inner()).insert(text.to_string(), Arc::clone(&piece));
        piece
    }

    /// Checks the links that wait for another page's ids; `pages` maps each
    /// HTML file to what its scan found. Returns every error, sorted.
    pub fn finish(&self, pages: &HashMap<String, PageLinks>) -> Result<(), Vec<LinkError>> {
        let no_ids = BTreeSet::new();
        let mut errors: Vec<LinkError> = Vec::new();
        for (file, page) in pages {
            errors.extend(page.errors.iter().cloned());
            for (url, target, anchor) in &page.pending {
                let ids = pages.get(target).map(|p| &p.ids).unwrap_or(&no_ids);
                if !ids.contains(anchor) {
                    errors.push(error(file, "link to a missing anchor", url));
                }
            }
        }
        errors.sort();
        errors.dedup();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn error(file: &str, problem: &'static str, url: &str) -> LinkError {
    LinkError { page: file.to_string(), problem, url: url.to_string() }
}

/// The file (and anchor) a link from `file` points at; `None` for links that
/// leave the site (`html::is_external`).
fn target<'u>(file: &str, url: &'u str) -> Result<Option<(String, Option<&'u str>)>, &'static str> {
    if url.is_empty() || url == "#" {
        return Err("empty link");
    }
    if html::is_external(url) {
        return Ok(None);
    }
    if url.starts_with('/') {
        return Err("absolute path (breaks under a sub-path and from disk)");
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a).filter(|a| !a.is_empty())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Ok(Some((file.to_string(), anchor)));
    }
    let base = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut parts: Vec<&str> = if base.is_empty() { Vec::new() } else { base.split('/').collect() };
    for seg in path.split('/') {
        match seg {
            ".." => {
                if parts.pop().is_none() {
                    return Err("link leaves the site");
                }
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    if path.ends_with('/') || parts.is_empty() {
        return Err("link to a folder (does not open from disk; link to index.html)");
    }
    Ok(Some((parts.join("/"), anchor)))
}

/// Anchors are compared as the browser does: `#%C3%A9t%C3%A9` finds
/// `id="été"`.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pages: &[(&str, &str)], extra: &[&str]) -> Vec<String> {
        check_sharing(pages, extra, &[])
    }

    fn check_sharing(pages: &[(&str, &str)], extra: &[&str], shared: &[&str]) -> Vec<String> {
        let checker =
            LinkChecker::new(pages.iter().map(|(f, _)| f.to_string()).chain(extra.iter().map(|f| f.to_string())));
        let scanned: HashMap<String, PageLinks> =
            pages.iter().map(|(f, html)| (f.to_string(), checker.scan(f, html, shared, || ()).0)).collect();
        match checker.finish(&scanned) {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| format!("{}: {}: {}", e.page, e.problem, e.url)).collect(),
        }
    }

    #[test]
    fn shared_chrome_is_checked_on_every_page_that_has_it() {
        let filler = "<p>Tekst die de kop lang genoeg maakt om apart te lezen.</p>\n".repeat(6);
        let chrome = format!(
            "<header id=\"kop\">{filler}<a href=\"../gone.html\">weg</a> <a href=\"../b/index.html#y\">b</a> <a href=\"#mis\">m</a></header>\n"
        );
        let a = format!("<body>\n{chrome}<main><a href=\"#kop\">kop</a></main>");
        let b = format!("<body>\n{chrome}<p id=\"y\">y</p><a href=\"../c/index.html#nee\">c</a>");
        // In a textarea the chrome is text: not scanned apart, no links.
        let c = format!("<body>\n<textarea>{chrome}</textarea><p id=\"kop\"><a href=\"#kop\">k</a>");
        let pages = [("a/index.html", a.as_str()), ("b/index.html", b.as_str()), ("c/index.html", c.as_str())];
        let want = [
            "a/index.html: link to a missing anchor: #mis",
            "a/index.html: link to a missing file: ../gone.html",
            "b/index.html: link to a missing anchor: #mis",
            "b/index.html: link to a missing anchor: ../c/index.html#nee",
            "b/index.html: link to a missing file: ../gone.html",
        ];
        assert_eq!(check_sharing(&pages, &[], &[&chrome]), want);
        assert_eq!(check(&pages, &[]), want, "the same as scanning every page whole");
    }

    #[test]
    fn links_between_pages_and_assets_resolve() {
        let a = r##"<h2 id="x">X</h2><a href="../b/index.html#y">b</a> <img src="../static/s.png"> <a href="#x">x</a> <a href="https://e.nl/">e</a>"##;
        let b = r##"<p id="y">y</p><a href="../a/index.html">a</a>"##;
        assert_eq!(check(&[("a/index.html", a), ("b/index.html", b)], &["static/s.png"]), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_broken_link_is_named() {
        let a = r##"<a href="../b/index.html#nope">1</a><a href="#mis">2</a><a href="../c/index.html">3</a><a href="/abs.html">4</a><a href="../../x.html">5</a><a href="../b/">6</a><a href="">7</a>"##;
        let b = r##"<p id="y">y</p>"##;
        let errors = check(&[("a/index.html", a), ("b/index.html", b)], &[]);
        assert_eq!(
            errors,
            [
                "a/index.html: absolute path (breaks under a sub-path and from disk): /abs.html",
                "a/index.html: empty link: ",
                "a/index.html: link leaves the site: ../../x.html",
                "a/index.html: link to a folder (does not open from disk; link to index.html): ../b/",
                "a/index.html: link to a missing anchor: #mis",
                "a/index.html: link to a missing anchor: ../b/index.html#nope",
                "a/index.html: link to a missing file: ../c/index.html",
            ]
        );
    }

    #[test]
    fn escaped_and_encoded_values_are_decoded() {
        let a = r##"<h2 id="caf&#39;e">.</h2><a href="..&#x2F;b&#x2F;index.html#%C3%A9t%C3%A9">b</a><a href="#caf'e">s</a>"##;
        let b = r##"<p id="été">y</p>"##;
        assert_eq!(check(&[("a/index.html", a), ("b/index.html", b)], &[]), Vec::<String>::new());
    }

    #[test]
    fn links_written_any_way_a_browser_reads_them_are_checked() {
        // Single quotes, no quotes, a tag split over lines, a form, srcset
        // and CSS url(): each points at a missing file.
        let a = "<a\n  class=x\n  href='../gone1.html'>1</a><A HREF=../gone2.html>2</A>\
                 <form action=\"../gone3/index.html\"></form><img src=\"../s.png\" srcset=\"../s.png 1x, ../gone4.png 2x\">\
                 <p style=\"background:url('../gone5.png')\"></p><style>b { background: url(../gone6.png) }</style>";
        assert_eq!(
            check(&[("a/index.html", a)], &["s.png"]),
            [
                "a/index.html: link to a missing file: ../gone1.html",
                "a/index.html: link to a missing file: ../gone2.html",
                "a/index.html: link to a missing file: ../gone3/index.html",
                "a/index.html: link to a missing file: ../gone4.png",
                "a/index.html: link to a missing file: ../gone5.png",
                "a/index.html: link to a missing file: ../gone6.png",
            ]
        );
    }

    #[test]
    fn the_same_links_resolve_when_the_files_exist() {
        let a = "<a\n href='../b/index.html#y'>b</a><img srcset=\"../s.png 1x, ../t.png 2x\" src=../s.png>\
                 <form action=../b/index.html></form><style>b{background:url(\"../s.png\")}</style>";
        let b = "<p id='y'>y</p>";
        assert_eq!(check(&[("a/index.html", a), ("b/index.html", b)], &["s.png", "t.png"]), Vec::<String>::new());
    }

    #[test]
    fn external_links_are_left_alone_whatever_their_scheme() {
        let a = "<a href='HTTPS://e.nl/x'>1</a><a href=mailto:a@b.nl>2</a><a href=\"//cdn.e.nl/x.js\">3</a>\
                 <img src=\"data:image/png;base64,AAAA\"><a href=\"tel:+31201234567\">4</a>";
        assert_eq!(check(&[("a/index.html", a)], &[]), Vec::<String>::new());
    }

    #[test]
    fn only_attributes_count_not_text() {
        // "id=" inside a word (data-id, valid) is not an id; text never is.
        let a = r##"<p data-id="z">uid="q" and href=&quot;x&quot;</p><a href="#z">z</a>"##;
        assert_eq!(check(&[("a/index.html", a)], &[]), ["a/index.html: link to a missing anchor: #z"]);
    }
}
