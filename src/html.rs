//! HTML as text, the same way everywhere in the engine: one escaper
//! (pulldown-cmark's, which renders the Markdown too), one tokenizer
//! (html5ever's, which decodes every entity the way a browser does) and
//! one rule for which URLs leave the site.
//!
//! Resolve reads the raw HTML authors write with it; render checks the
//! links of every rendered page with it.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::LocalName;
use std::cell::RefCell;

/// Escapes `& < > " '` for HTML text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

pub fn escape_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// Whether a link leaves the site: it names a scheme (`https:`, `mailto:`,
/// `data:` …) or a host (`//example.org/`). Everything else is a path
/// within the site and must lead to something the build writes.
pub fn is_external(url: &str) -> bool {
    url.starts_with("//") || scheme(url).is_some()
}

/// The scheme of a URL, lower-cased, as RFC 3986 defines it: a letter, then
/// letters, digits, `+`, `-` or `.`, up to the first `:`. A colon after a
/// `/`, `?` or `#` belongs to a path (`a/b:c.html`), not to a scheme.
pub fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| scheme.to_ascii_lowercase())
}

/// The scheme of `url` if it is one a link or image may not use:
/// `javascript:` and `vbscript:` run code, `data:` carries a document of
/// its own (scripts included) under the site's name. Read as a browser
/// reads it: tabs and line breaks anywhere, and control characters and
/// spaces in front, are dropped, so `java&#9;script:` is `javascript:`.
pub fn forbidden_scheme(url: &str) -> Option<String> {
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    scheme(&cleaned).filter(|s| matches!(s.as_str(), "javascript" | "vbscript" | "data"))
}

/// What a scan of HTML finds, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// An `id` attribute: a target for `#anchor` links.
    Id(String),
    /// A URL the page loads or links to, with the attribute (or `style`,
    /// for CSS `url()`) it was found in and the 1-based line of its tag.
    Url { attr: String, url: String, line: u64 },
}

/// Something else that reads a page while it is scanned (the search
/// index reads the text of `<main>`), so that each page is tokenized once.
/// It sees the tokens of the parts `scan_around` tokenizes, not those of
/// the skipped pieces.
pub trait Observer {
    fn start_tag(&mut self, tag: &Tag);
    /// A start tag with the 1-based line its `>` is on, for a reader that
    /// reports where a tag is written.
    fn start_tag_at(&mut self, tag: &Tag, _line: u64) {
        self.start_tag(tag)
    }
    fn end_tag(&mut self, name: &LocalName);
    /// Text, entity-decoded; the contents of `<script>`, `<style>`,
    /// `<title>` and `<textarea>` come as text too.
    fn text(&mut self, text: &str);
    /// Whether a skipped piece may start here, where this observer would
    /// not see it.
    fn may_skip_here(&self) -> bool {
        true
    }
}

impl Observer for () {
    fn start_tag(&mut self, _: &Tag) {}
    fn end_tag(&mut self, _: &LocalName) {}
    fn text(&mut self, _: &str) {}
}

impl<O: Observer> Observer for Option<O> {
    fn start_tag(&mut self, tag: &Tag) {
        if let Some(o) = self {
            o.start_tag(tag)
        }
    }
    fn end_tag(&mut self, name: &LocalName) {
        if let Some(o) = self {
            o.end_tag(name)
        }
    }
    fn text(&mut self, text: &str) {
        if let Some(o) = self {
            o.text(text)
        }
    }
    fn may_skip_here(&self) -> bool {
        self.as_ref().is_none_or(O::may_skip_here)
    }
}

/// Attributes that hold one URL.
const URL_ATTRS: &[&str] = &["href", "src", "action", "formaction", "poster", "cite", "data"];

/// Every id and every URL of `html`: the URL attributes, each candidate of
/// a `srcset`, and CSS `url()`s in `style` attributes and `<style>`
/// elements. Values are entity-decoded, as a browser would use them.
pub fn scan(html: &str) -> Vec<Found> {
    scan_observed(html, ()).0
}

/// `scan`, with `observer` reading along.
pub fn scan_observed<O: Observer>(html: &str, observer: O) -> (Vec<Found>, O) {
    let sink = tokenize(html, Collect::new(observer));
    (sink.found.into_inner(), sink.observer.into_inner())
}

/// A tag no template writes, fed to the tokenizer after a piece of a page
/// to learn whether the piece ended between tags (see `scan_around`).
const PROBE: &str = "<modulepers-probe>";
const PROBE_NAME: &str = "modulepers-probe";

/// What `scan(html)` finds, tokenizing only the bytes outside `skip` (byte
/// ranges, sorted, not overlapping); the caller adds what `scan_piece`
/// found in each skipped range. Used to scan the chrome shared by many
/// pages once.
///
/// The tokenizer is a state machine: a piece scanned alone finds what it
/// finds inside the page exactly when the page is between tags where the
/// piece starts, and the piece ends between tags. So each part before a
/// skipped range is followed by a probe tag: if the probe comes out as a
/// start tag of its own, the page was between tags there (not inside a
/// tag, a comment, a `<script>`, `<style>` or `<textarea>`). Pieces and the
/// parts before them must end with `>` or a line break, so that the next
/// byte cannot continue a character reference. None if any of this does
/// not hold: the caller then scans the whole page.
///
/// `observer` reads the parts tokenized; None also where it says a piece
/// may not be skipped.
pub fn scan_around<O: Observer>(html: &str, skip: &[(usize, usize)], observer: O) -> Option<(Vec<Found>, O)> {
    let mut parts = Vec::with_capacity(skip.len() + 1);
    let mut from = 0;
    for &(start, end) in skip {
        if !ends_between(&html[from..start]) || !ends_between(&html[start..end]) {
            return None;
        }
        parts.push((&html[from..start], true));
        from = end;
    }
    parts.push((&html[from..], false));
    scan_probed(&parts, observer)
}

/// What `scan` finds in `piece`, if it ends between tags when it starts
/// between tags: then `scan_around` can skip it in a page. A piece that
/// opens or closes `<main>` is never skipped: an observer reading `<main>`
/// would miss where it starts or ends.
pub fn scan_piece(piece: &str) -> Option<Vec<Found>> {
    if !ends_between(piece) {
        return None;
    }
    let (found, main) = scan_probed(&[(piece, true)], SeesMain(false))?;
    (!main.0).then_some(found)
}

/// Whether a `<main>` tag went by.
struct SeesMain(bool);

impl Observer for SeesMain {
    fn start_tag(&mut self, tag: &Tag) {
        self.0 |= &*tag.name == "main";
    }
    fn end_tag(&mut self, name: &LocalName) {
        self.0 |= &**name == "main";
    }
    fn text(&mut self, _: &str) {}
}

fn ends_between(piece: &str) -> bool {
    piece.is_empty() || piece.ends_with('>') || (piece.ends_with('\n') && !piece.ends_with("\r\n"))
}

/// Scans the parts one after the other, each marked `true` followed by a
/// probe; None if a probe did not come out as a start tag of its own.
fn scan_probed<O: Observer>(parts: &[(&str, bool)], observer: O) -> Option<(Vec<Found>, O)> {
    let sink =
        Probed { inner: Collect::new(observer), seen: std::cell::Cell::new(0), failed: std::cell::Cell::new(false) };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    let mut probes = 0;
    for &(part, probe) in parts {
        input.push_back(StrTendril::from_slice(part));
        if probe {
            input.push_back(StrTendril::from_slice(PROBE));
            probes += 1;
        }
        let _ = tokenizer.feed(&input);
        if tokenizer.sink.failed.get() || tokenizer.sink.seen.get() != probes {
            return None;
        }
    }
    tokenizer.end();
    let sink = tokenizer.sink;
    (!sink.failed.get()).then(|| (sink.inner.found.into_inner(), sink.inner.observer.into_inner()))
}

/// The scan's sink, with the probe tags taken out: `seen` counts probes
/// that came out as a start tag without attributes while no `<style>`
/// element was open and the observer allowed a skip; any other tag of the
/// probe's name sets `failed`.
struct Probed<O> {
    inner: Collect<O>,
    seen: std::cell::Cell<usize>,
    failed: std::cell::Cell<bool>,
}

impl<O: Observer> TokenSink for Probed<O> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = &token {
            if &*tag.name == PROBE_NAME {
                let clean = tag.kind == TagKind::StartTag
                    && tag.attrs.is_empty()
                    && !tag.self_closing
                    && self.inner.style.borrow().is_none()
                    && self.inner.observer.borrow().may_skip_here();
                if clean {
                    self.seen.set(self.seen.get() + 1);
                } else {
                    self.failed.set(true);
                }
                return TokenSinkResult::Continue;
            }
        }
        self.inner.process_token(token, line)
    }
}

/// A fragment's tags and text, in order, for a reader that acts on a few
/// tags and keeps the text (the print editions read raw HTML in content
/// this way). Text in `<script>` and `<style>` is left out.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A start tag, with its `lang` attribute if it has one.
    Start(LocalName, Option<String>),
    End(LocalName),
    Text(String),
}

pub fn pieces(html: &str) -> Vec<Piece> {
    #[derive(Default)]
    struct Pieces(Vec<Piece>, usize);
    impl Observer for Pieces {
        fn start_tag(&mut self, tag: &Tag) {
            let raw = matches!(&*tag.name, "script" | "style") && !tag.self_closing;
            self.1 += usize::from(raw);
            let lang = tag.attrs.iter().find(|a| &*a.name.local == "lang").map(|a| a.value.to_string());
            self.0.push(Piece::Start(tag.name.clone(), lang));
        }
        fn end_tag(&mut self, name: &LocalName) {
            if matches!(&**name, "script" | "style") {
                self.1 = self.1.saturating_sub(1);
            }
            self.0.push(Piece::End(name.clone()));
        }
        fn text(&mut self, text: &str) {
            if self.1 == 0 {
                match self.0.last_mut() {
                    Some(Piece::Text(t)) => t.push_str(text),
                    _ => self.0.push(Piece::Text(text.to_string())),
                }
            }
        }
    }
    scan_observed(html, Pieces::default()).1 .0
}

/// The text of an HTML fragment as a reader sees it: entity-decoded, each
/// tag counted as white space, runs of white space folded to one space,
/// scripts and styles left out.
pub fn text(html: &str) -> String {
    let mut text = String::new();
    for piece in pieces(html) {
        match piece {
            Piece::Text(t) => push_folded(&mut text, &t),
            Piece::Start(..) | Piece::End(_) => push_folded(&mut text, " "),
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// Appends text with each run of white space folded to one space, as a
/// browser shows it; no space at the start of `out`, nor two in a row
/// where the texts meet.
pub fn push_folded(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0; // where the text not yet copied starts
    let mut at = 0;
    while at < bytes.len() {
        // ASCII, most of the text, is told apart byte by byte.
        let (space, len) = match bytes[at] {
            b if b < 0x80 => (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1),
            _ => {
                let c = text[at..].chars().next().expect("at a char boundary");
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if space {
            out.push_str(&text[run..at]);
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            run = at + len;
        }
        at += len;
    }
    out.push_str(&text[run..]);
}

fn tokenize<S: TokenSink>(html: &str, sink: S) -> S {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    // No sink here ever asks to stop for a script, so one feed runs to the
    // end of the input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// The tokenizer alone does not know that `<style>` and `<script>` hold
/// text rather than tags (the tree builder normally tells it); this does.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "script" => Some(RawKind::ScriptData),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

struct Collect<O> {
    found: RefCell<Vec<Found>>,
    /// The text of an open `<style>` element and the line it starts on.
    style: RefCell<Option<(String, u64)>>,
    observer: RefCell<O>,
}

impl<O: Observer> TokenSink for Collect<O> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                self.observer.borrow_mut().start_tag_at(&tag, line);
                let mut found = self.found.borrow_mut();
                for a in &tag.attrs {
                    let name = &*a.name.local;
                    let value = &*a.value;
                    if name == "id" {
                        found.push(Found::Id(value.to_string()));
                    } else if URL_ATTRS.contains(&name) {
                        found.push(Found::Url { attr: name.to_string(), url: value.to_string(), line });
                    } else if name == "srcset" || name == "imagesrcset" {
                        for url in srcset(value) {
                            found.push(Found::Url { attr: name.to_string(), url: url.to_string(), line });
                        }
                    } else if name == "style" {
                        for url in css_urls(value) {
                            found.push(Found::Url { attr: "style".into(), url, line });
                        }
                    }
                }
                let name = &*tag.name;
                if name == "style" {
                    *self.style.borrow_mut() = Some((String::new(), line));
                }
                if let Some(kind) = raw_kind(name).filter(|_| !tag.self_closing) {
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::TagToken(tag) => {
                if &*tag.name == "style" {
                    self.end_style();
                }
                self.observer.borrow_mut().end_tag(&tag.name);
            }
            Token::CharacterTokens(text) => {
                if let Some((css, _)) = self.style.borrow_mut().as_mut() {
                    css.push_str(&text);
                }
                self.observer.borrow_mut().text(&text);
            }
            Token::EOFToken => self.end_style(),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl<O> Collect<O> {
    fn new(observer: O) -> Self {
        Collect { found: RefCell::new(Vec::new()), style: RefCell::new(None), observer: RefCell::new(observer) }
    }

    fn end_style(&self) {
        if let Some((css, line)) = self.style.borrow_mut().take() {
            let mut found = self.found.borrow_mut();
            found.extend(css_urls(&css).into_iter().map(|url| Found::Url { attr: "style".into(), url, line }));
        }
    }
}

/// The URLs of a `srcset`: comma-separated candidates, each a URL and an
/// optional width or density (`a.png 1x, b.png 2x`).
fn srcset(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').filter_map(|candidate| candidate.split_whitespace().next())
}

/// The URLs of CSS `url(…)` tokens, quoted or not. `@import "…"` without
/// `url()` is not looked for: templates have no reason to write it.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let rest = css[start..].trim_start();
        let (url, len) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(end) => (&rest[1..1 + end], end + 2),
                None => break,
            },
            _ => match rest.find(')') {
                Some(end) => (rest[..end].trim_end(), end),
                None => break,
            },
        };
        out.push(css_unescape(url));
        from = start + (css[start..].len() - rest.len()) + len;
    }
    out
}

/// CSS backslash escapes (`\29 ` or `\)`) in a URL.
fn css_unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
        } else {
            out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            if chars.peek() == Some(&' ') {
                chars.next();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_of_any_kind_folds_to_one_space() {
        for (before, text) in
            [("", " a  b "), ("x", "\u{a0}é\u{2003}\u{3000}ü\t\r\n"), ("x ", " y"), ("", ""), ("z", "😀 \u{b}\u{c}q")]
        {
            // The definition: split at every white space character.
            let mut want = before.to_string();
            for (i, part) in text.split(char::is_whitespace).enumerate() {
                if i > 0 && !want.is_empty() && !want.ends_with(' ') {
                    want.push(' ');
                }
                want.push_str(part);
            }
            let mut got = before.to_string();
            push_folded(&mut got, text);
            assert_eq!(got, want, "{text:?}");
        }
    }

    fn urls(html: &str) -> Vec<(String, String)> {
        scan(html)
            .into_iter()
            .filter_map(|f| match f {
                Found::Url { attr, url, .. } => Some((attr, url)),
                Found::Id(_) => None,
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, u)| (a.to_string(), u.to_string())).collect()
    }

    #[test]
    fn urls_are_found_however_the_tag_is_written() {
        let html = "<a\n  href='een.html'>1</a><A HREF=twee.html>2</a><a title=\"x\"\thref=\"drie.html\">3</a>\
                    <form action=\"zoeken/index.html\"><button formaction=vier.html>4</button></form>";
        let want = [
            ("href", "een.html"),
            ("href", "twee.html"),
            ("href", "drie.html"),
            ("action", "zoeken/index.html"),
            ("formaction", "vier.html"),
        ];
        assert_eq!(urls(html), pairs(&want));
    }

    #[test]
    fn srcset_and_css_urls_are_links_too() {
        let html = "<img src=a.png srcset=\"b.png 2x, c.png 3x\"><div style=\"background: url('d.png')\"></div>\
                    <style>p { background: URL( e.png ) } q { background: url(\"f\\29 .png\") }</style>";
        let want = [
            ("src", "a.png"),
            ("srcset", "b.png"),
            ("srcset", "c.png"),
            ("style", "d.png"),
            ("style", "e.png"),
            ("style", "f).png"),
        ];
        assert_eq!(urls(html), pairs(&want));
    }

    #[test]
    fn values_are_entity_decoded_once() {
        let html = "<a id=\"caf&eacute;&#39;s\" href=\"..&#x2F;a.html?x=1&amp;y=2\">x</a><a href='&amp;amp;'>y</a>";
        assert_eq!(
            scan(html),
            [
                Found::Id("café's".into()),
                Found::Url { attr: "href".into(), url: "../a.html?x=1&y=2".into(), line: 1 },
                Found::Url { attr: "href".into(), url: "&amp;".into(), line: 1 },
            ]
        );
    }

    #[test]
    fn text_comments_and_scripts_are_not_attributes() {
        let html = "<p data-id=\"z\">uid=\"q\" href=&quot;x&quot;</p><!-- <a href=\"c.html\"> -->\
                    <script>var s = '<a href=\"s.html\">';</script><textarea><a href=t.html></textarea>";
        assert_eq!(scan(html), []);
    }

    /// `scan` of a page with the piece at `at`, against `scan_around` it
    /// plus `scan_piece`: None when the piece cannot be scanned apart.
    fn around(before: &str, piece: &str, after: &str) -> Option<Vec<Found>> {
        let page = format!("{before}{piece}{after}");
        let (mut found, ()) = scan_around(&page, &[(before.len(), before.len() + piece.len())], ())?;
        found.extend(scan_piece(piece)?);
        let strip = |f: Vec<Found>| -> Vec<String> {
            let mut v: Vec<String> = f
                .into_iter()
                .map(|f| match f {
                    Found::Id(id) => format!("id {id}"),
                    Found::Url { attr, url, .. } => format!("{attr} {url}"),
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(strip(found.clone()), strip(scan(&page)), "a piece scanned apart finds what it finds in the page");
        Some(found)
    }

    #[test]
    fn a_piece_between_tags_is_scanned_apart() {
        let piece =
            "<header id=\"kop\"><a href=\"../index.html\">Home</a>\n<style>p{background:url(s.png)}</style></header>\n";
        let found = around("<body>\n<p>Tekst &amp; meer</p>", piece, "<main><a href=\"#kop\">x</a></main>").unwrap();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(around("<p>tekst\n", piece, "").is_some(), "after a line break in text");
        assert!(around("<p>&amp\n", piece, "").is_some(), "a line break ends a character reference");
    }

    #[test]
    fn a_piece_inside_something_else_is_not_scanned_apart() {
        let piece = "<a href=\"../index.html\">Home</a>\n";
        for before in [
            "<textarea>",
            "<p title=\"",
            "<!-- \n",
            "<script>\n",
            "<style>\n",
            "<style/>\n",
            "<p\n",
            "<p>&amp",
            "<p>tekst",
        ] {
            assert!(around(before, piece, "</textarea>\">-->").is_none(), "inside {before:?}");
        }
        assert!(scan_piece("<p>open &amp").is_none(), "a piece must end between tags");
        assert!(scan_piece("<p>open <style>\n").is_none(), "a piece must not leave a <style> open");
        assert!(scan_piece("<a href=\"x\"\n").is_none(), "a piece must not end inside a tag");
        assert!(scan_piece("<a href=\"x\">\n").is_some());
    }

    #[test]
    fn lines_are_counted_for_messages() {
        let found = scan("<p>\n\n<a\nhref=x>");
        assert!(matches!(&found[..], [Found::Url { line: 4, .. }]), "{found:?}");
    }

    #[test]
    fn one_rule_for_external() {
        for external in
            ["https://e.nl/", "HTTP://E.NL", "mailto:a@b.nl", "tel:+31", "data:image/png;base64,x", "//e.nl/x"]
        {
            assert!(is_external(external), "{external}");
        }
        for internal in ["a.html", "../a/index.html#x", "#x", "a/b:c.html", "?q=a:b", "1a:b", ""] {
            assert!(!is_external(internal), "{internal}");
        }
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        for run in [
            "JavaScript:alert(1)",
            " \u{1}java\tscript:x",
            "vbscript:msgbox",
            "DATA:text/html,<script>",
            "ja\nvascript:x",
        ] {
            assert!(forbidden_scheme(run).is_some(), "{run:?}");
        }
        for fine in ["https://e.nl/javascript:", "mailto:a@b.nl", "@/a.md", "#data:x", "javascript.html"] {
            assert_eq!(forbidden_scheme(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn text_is_decoded_and_folded() {
        assert_eq!(text("<p>Een &amp; <b>twee</b>\n\n&lt;drie&gt;</p><script>x < y</script>"), "Een & twee <drie>");
    }

    #[test]
    fn escaping_covers_attributes_in_either_quote() {
        assert_eq!(escape("a & <b> \"c\" 'd'"), "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;");
    }
}
