//! HTML as text, the same way everywhere in the engine: one escaper
//! (pulldown-cmark's, which renders the Markdown too), one tokenizer
//! (html5ever's, which decodes every entity the way a browser does) and
//! one rule for which URLs leave the site.
//!
//! Resolve reads the raw HTML authors write with it; render checks the
//! links of every rendered page with it.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
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

/// What a scan of HTML finds, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// An `id` attribute: a target for `#anchor` links.
    Id(String),
    /// A URL the page loads or links to, with the attribute (or `style`,
    /// for CSS `url()`) it was found in and the 1-based line of its tag.
    Url { attr: String, url: String, line: u64 },
}

/// Attributes that hold one URL.
const URL_ATTRS: &[&str] = &["href", "src", "action", "formaction", "poster", "cite", "data"];

/// Every id and every URL of `html`: the URL attributes, each candidate of
/// a `srcset`, and CSS `url()`s in `style` attributes and `<style>`
/// elements. Values are entity-decoded, as a browser would use them.
pub fn scan(html: &str) -> Vec<Found> {
    let sink = Collect { found: RefCell::new(Vec::new()), style: RefCell::new(None) };
    let sink = tokenize(html, sink);
    sink.found.into_inner()
}

/// The text of an HTML fragment as a reader sees it: entity-decoded, each
/// tag counted as white space, runs of white space folded to one space,
/// scripts and styles left out.
pub fn text(html: &str) -> String {
    let sink = tokenize(html, Text(RefCell::new(String::new()), Default::default()));
    let text = sink.0.into_inner();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

struct Collect {
    found: RefCell<Vec<Found>>,
    /// The text of an open `<style>` element and the line it starts on.
    style: RefCell<Option<(String, u64)>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
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
            Token::TagToken(tag) if &*tag.name == "style" => self.end_style(),
            Token::CharacterTokens(text) => {
                if let Some((css, _)) = self.style.borrow_mut().as_mut() {
                    css.push_str(&text);
                }
            }
            Token::EOFToken => self.end_style(),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl Collect {
    fn end_style(&self) {
        if let Some((css, line)) = self.style.borrow_mut().take() {
            let mut found = self.found.borrow_mut();
            found.extend(css_urls(&css).into_iter().map(|url| Found::Url { attr: "style".into(), url, line }));
        }
    }
}

/// The text so far, and whether the tokenizer is inside a `<script>` or
/// `<style>`, whose contents are not text a reader sees.
struct Text(RefCell<String>, std::cell::Cell<bool>);

impl TokenSink for Text {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) if !self.1.get() => self.0.borrow_mut().push_str(&t),
            Token::TagToken(tag) => {
                self.0.borrow_mut().push(' ');
                let hidden = matches!(&*tag.name, "script" | "style");
                if tag.kind == TagKind::EndTag {
                    self.1.set(self.1.get() && !hidden);
                } else if let Some(kind) = raw_kind(&tag.name).filter(|_| !tag.self_closing) {
                    self.1.set(hidden);
                    return TokenSinkResult::RawData(kind);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
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
