//! The searchable text of a rendered page, read from its HTML: what the
//! reader sees inside `<main>`, cut into one entry per heading with an id
//! (and per glossary term), so a result links to the place it was found.
//!
//! Reading the rendered page rather than the Markdown means that every page
//! a reader can land on is searchable the same way, derived pages included
//! (audience pages, the summary card, the sheets, the colofon), and that
//! the text found is the text shown.
//!
//! Left out: `nav`, `aside` (the "Zie ook" notes), scripts, anything
//! `aria-hidden` or `visually-hidden`, footnote reference numbers, and every
//! element a template marks `data-search="skip"` (print hints, "Lees
//! verder" links, page kickers: navigation, not content).

use std::borrow::Cow;

/// One place a result can link to.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The heading's (or term's) id; None for the top of the page.
    pub anchor: Option<String>,
    pub title: String,
    /// The text under the heading, white space folded.
    pub text: String,
}

/// The entries of one page, in page order. The first is the page itself,
/// titled `page_title`; a page whose text starts with a heading keeps it
/// with an empty text (its title is still worth finding). Other headings
/// with nothing under them before the next heading are dropped: a result
/// with nothing to show.
pub fn entries(html: &str, page_title: &str) -> Vec<Entry> {
    let body = match (html.find("<main"), html.rfind("</main>")) {
        (Some(a), Some(b)) if a < b => &html[a..b],
        _ => return Vec::new(),
    };
    let mut out = vec![Entry { anchor: None, title: page_title.to_string(), text: String::new() }];
    // Open elements: (name, skipped, id).
    let mut stack: Vec<(Cow<str>, bool, Option<String>)> = Vec::new();
    let mut skip_depth = 0usize; // open elements that are skipped
    let mut capture: Option<(Cow<str>, String)> = None; // (closing element, title so far)
    let mut ignore_rest_of: Option<Cow<str>> = None; // a dt after its dfn
    let mut rest = body;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if lt > 0 && skip_depth == 0 && ignore_rest_of.is_none() {
            let text = decode(&rest[..lt]);
            match &mut capture {
                Some((_, title)) => push_text(title, &text),
                None => push_text(&mut out.last_mut().expect("never empty").text, &text),
            }
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            // A lone "<" in text.
            if skip_depth == 0 {
                push_text(&mut out.last_mut().expect("never empty").text, "<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if !inline(&tag.name) {
            // Block boundaries separate words.
            match &mut capture {
                Some((_, title)) => push_text(title, " "),
                None => push_text(&mut out.last_mut().expect("never empty").text, " "),
            }
        }
        if tag.closing {
            let Some(pos) = stack.iter().rposition(|(n, _, _)| *n == tag.name) else { continue };
            let closed: Vec<_> = stack.drain(pos..).rev().collect();
            for (name, skipped, _) in closed {
                if skipped {
                    skip_depth -= 1;
                }
                if ignore_rest_of.as_deref() == Some(&*name) {
                    ignore_rest_of = None;
                }
                if capture.as_ref().is_some_and(|(c, _)| *c == name) {
                    let (_, title) = capture.take().expect("checked");
                    if name == "dfn" {
                        // The term itself is the title; the rest of the
                        // <dt> (its "Begrip" label) is not text.
                        ignore_rest_of = stack.iter().rev().find(|(n, _, _)| n == "dt").map(|(n, _, _)| n.clone());
                    }
                    if name != "h1" {
                        out.last_mut().expect("never empty").title = title.trim().to_string();
                    }
                }
            }
            continue;
        }
        let skipped = skip_depth > 0 || tag.skipped();
        if skip_depth == 0 && ignore_rest_of.is_none() {
            let heading = matches!(&*tag.name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            if skipped {
            } else if tag.name == "h1" {
                // The page entry keeps the page's own title (it says
                // "docentversie" where the h1 does not): the h1 is read and
                // dropped.
                capture = Some((tag.name.clone(), String::new()));
            } else if let Some(id) = heading.then(|| heading_anchor(&tag, &stack)).flatten() {
                out.push(Entry { anchor: Some(id), title: String::new(), text: String::new() });
                capture = Some((tag.name.clone(), String::new()));
            } else if tag.name == "dt" {
                // The term's own id or its block's; never <main>'s, which
                // would make any list of terms (a contact list) a result.
                let id = tag.id.clone().or_else(|| {
                    stack.iter().rev().take_while(|(n, _, _)| n != "main").find_map(|(_, _, id)| id.clone())
                });
                if let Some(id) = id {
                    out.push(Entry { anchor: Some(id), title: String::new(), text: String::new() });
                    capture = Some((tag.name.clone(), String::new()));
                }
            } else if tag.name == "dfn" && capture.as_ref().is_some_and(|(c, _)| c == "dt") {
                capture = Some((tag.name.clone(), String::new()));
            }
        }
        if tag.void || tag.self_closing {
            continue;
        }
        if matches!(&*tag.name, "script" | "style") {
            // Raw text up to the end tag.
            let end = format!("</{}", tag.name);
            rest = rest.find(&end).map_or("", |e| &rest[e..]);
        }
        if skipped {
            skip_depth += 1;
        }
        stack.push((tag.name, skipped, tag.id));
    }
    for e in &mut out {
        e.text = e.text.trim().to_string();
    }
    let mut entries = out.into_iter();
    let first = entries.next().into_iter();
    first.chain(entries.filter(|e| !e.text.is_empty())).collect()
}

/// Where a heading can be linked to: its own id, or that of the element it
/// heads (a glossary term's block carries the id, its heading does not).
fn heading_anchor(tag: &Tag, open: &[(Cow<str>, bool, Option<String>)]) -> Option<String> {
    tag.id.clone().or_else(|| open.last().filter(|(name, _, _)| name != "main").and_then(|(_, _, id)| id.clone()))
}

/// Elements that do not break a word in two.
fn inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
    )
}

struct Tag<'a> {
    /// Lower case; borrowed from the page when written so.
    name: Cow<'a, str>,
    closing: bool,
    self_closing: bool,
    void: bool,
    id: Option<String>,
    class: Cow<'a, str>,
    hidden: bool,
    /// Bytes from "<" to ">" inclusive.
    len: usize,
}

/// The attributes `Tag` keeps; others are skipped without decoding.
const ATTRIBUTES: [&str; 5] = ["id", "class", "aria-hidden", "data-search", "hidden"];

impl<'a> Tag<'a> {
    /// The tag at the start of `s` ("<…>"), or None if it is no tag.
    fn parse(s: &'a str) -> Option<Tag<'a>> {
        let b = s.as_bytes();
        let closing = b.get(1) == Some(&b'/');
        let start = if closing { 2 } else { 1 };
        let name_len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            return None;
        }
        let name = lower(&s[start..start + name_len]);
        let mut tag = Tag {
            void: matches!(
                &*name,
                "area"
                    | "base"
                    | "br"
                    | "col"
                    | "embed"
                    | "hr"
                    | "img"
                    | "input"
                    | "link"
                    | "meta"
                    | "source"
                    | "track"
                    | "wbr"
            ),
            name,
            closing,
            self_closing: false,
            id: None,
            class: Cow::Borrowed(""),
            hidden: false,
            len: 0,
        };
        let mut i = start + name_len;
        // Attributes: name, optionally = and a value, quoted or not.
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => return None,
                Some(b'>') => {
                    tag.len = i + 1;
                    return Some(tag);
                }
                Some(b'/') => {
                    tag.self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let a = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = &s[a..i];
            let mut raw = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = s[i + 1..].find(q as char)? + i + 1;
                        raw = &s[i + 1..end];
                        i = end + 1;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        raw = &s[v..i];
                    }
                }
            }
            let Some(known) = ATTRIBUTES.iter().position(|n| attr.eq_ignore_ascii_case(n)) else { continue };
            let value = decode(raw);
            match ATTRIBUTES[known] {
                "id" => tag.id = Some(value.into_owned()),
                "class" => tag.class = value,
                "aria-hidden" => tag.hidden |= value == "true",
                "data-search" => tag.hidden |= value == "skip",
                _ => tag.hidden = true, // "hidden"
            }
        }
    }

    /// Whether the element and everything in it is left out.
    fn skipped(&self) -> bool {
        let class = |c: &str| self.class.split_ascii_whitespace().any(|x| x == c);
        self.hidden
            || matches!(&*self.name, "nav" | "aside" | "script" | "style" | "template" | "noscript" | "svg" | "form")
            || class("visually-hidden")
            || (self.name == "sup" && class("footnote-reference"))
    }
}

/// Appends text, folding white space runs to one space.
fn push_text(out: &mut String, text: &str) {
    for (i, part) in text.split(|c: char| c.is_whitespace()).enumerate() {
        if i > 0 && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(part);
    }
}

/// Lower case, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Character references, as the templates and pulldown-cmark write them.
pub fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(anchor: Option<&str>, title: &str, text: &str) -> Entry {
        Entry { anchor: anchor.map(String::from), title: title.into(), text: text.into() }
    }

    #[test]
    fn a_page_becomes_one_entry_per_heading_with_an_id() {
        let html = r##"<body><nav>Menu</nav><main id="inhoud">
<p class="page-kicker" data-search="skip">Kicker</p><h1>Hoofdstuk <em>drie</em></h1>
<p>Intro &amp; meer<sup class="footnote-reference"><a href="#f1">1</a></sup>.</p>
<h2 id="a">3.1 Algemeen</h2>
<h3 id="b">3.1.1 Herstel</h3><p>Herstel is <strong>een</strong> proces.<br>Nieuwe regel</p>
<nav class="toc"><h2 id="toc">Op deze pagina</h2></nav>
<h2>Zonder id</h2><p aria-hidden="true">Naam</p><p>Tekst<span class="visually-hidden"> verborgen</span></p>
<aside class="backlinks"><p>Zie ook</p></aside>
<script>var x = "<h2 id='no'>";</script>
</main><footer>Voet</footer></body>"##;
        assert_eq!(
            entries(html, "3 Inleiding"),
            [
                e(None, "3 Inleiding", "Intro & meer."),
                e(Some("b"), "3.1.1 Herstel", "Herstel is een proces. Nieuwe regel Zonder id Tekst")
            ]
        );
    }

    #[test]
    fn each_glossary_term_is_an_entry_titled_by_the_term() {
        let html = r#"<main><h1>Begrippen</h1><p>Uitleg.</p>
<div class="block begrip" id="begrip-dsm"><dl><dt><span class="block-label">Begrip</span> <dfn>DSM</dfn></dt><dd><p>Een handboek.</p></dd></dl></div>
<div class="block begrip"><dl><dt id="begrip-x"><dfn>X</dfn></dt><dd>Iets.</dd></dl></div>
<div class="block begrip" id="begrip-y"><h2 class="begrip-term"><dfn>Y</dfn></h2><div><p>Uitleg van Y.</p></div></div>
<div class="sheet-goals"><h2>Zonder id</h2><p>Blijft bij Y.</p></div></main>"#;
        assert_eq!(
            entries(html, "Begrippen"),
            [
                e(None, "Begrippen", "Uitleg."),
                e(Some("begrip-dsm"), "DSM", "Een handboek."),
                e(Some("begrip-x"), "X", "Iets."),
                e(Some("begrip-y"), "Y", "Uitleg van Y. Zonder id Blijft bij Y."),
            ]
        );
    }

    #[test]
    fn a_page_without_text_of_its_own_keeps_its_entry() {
        let html = "<main><h1>Titel</h1><h2 id=\"a\">A</h2><p>Tekst</p></main>";
        assert_eq!(entries(html, "Titel"), [e(None, "Titel", ""), e(Some("a"), "A", "Tekst")]);
        assert!(entries("<p>no main</p>", "x").is_empty());
        let contact = r#"<main id="inhoud"><h1>T</h1><h2 id="melden">Melden</h2><dl><div><dt>E-mail</dt><dd>a@b</dd></div></dl></main>"#;
        assert_eq!(entries(contact, "T"), [e(None, "T", ""), e(Some("melden"), "Melden", "E-mail a@b")]);
    }

    #[test]
    fn references_decode() {
        assert_eq!(decode("a&amp;b &#8216;c&#x2019; &nbsp;&bogus; & d"), "a&b \u{2018}c\u{2019} \u{a0}&bogus; & d");
    }
}
