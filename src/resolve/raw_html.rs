//! Raw HTML in content: strangers write the content, so only an explicit
//! list of harmless elements and attributes is published, and anything
//! else is an error at its line rather than silently dropped (a dropped
//! `<script>` would leave its text on the page). The list is documented in
//! content/README.md ("Raw HTML").

use crate::diagnostic::{Diagnostic, Position};
use crate::html::{self, Observer};
use html5ever::tokenizer::Tag;
use html5ever::LocalName;
use std::path::Path;

/// Elements content may write: text-level markup Markdown has no syntax
/// for (`<ins>` for the editors' additions, `<abbr>`, `<sup>`, `<br>` …)
/// and plain containers. Nothing here runs, loads, submits, styles or
/// retargets anything.
pub const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
    "dfn",
    "div",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "p",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
];

/// Attributes every element of `ELEMENTS` may carry: `lang` marks a phrase
/// in another language (`<span lang="en">`), as accessibility asks.
pub const ATTRIBUTES: &[&str] = &["title", "lang", "dir"];

/// Attributes only some elements may carry. `href` and `cite` are
/// addresses: they may only leave the site (`https://…`, `mailto:`),
/// since a link into the site written as HTML is neither checked nor made
/// relative.
pub const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("ins", &["cite", "datetime"]),
    ("del", &["cite", "datetime"]),
    ("time", &["datetime"]),
];

const URL_ATTRIBUTES: &[&str] = &["href", "cite"];

/// Every problem of one run of raw HTML that starts at `at` in `file`.
pub fn check(fragment: &str, at: Position, file: &Path) -> Vec<Diagnostic> {
    let (_, tags) = html::scan_observed(fragment, Tags::default());
    let lower = fragment.to_ascii_lowercase();
    let place = |offset: usize| position(fragment, at, offset);
    let mut out = Vec::new();
    // Where the search for the next tag's `<` starts, so tags of one name
    // written one after the other are each found at their own place.
    let mut cursor = 0;
    for (tag, line) in tags.0 {
        let name = &*tag.name;
        let line_end = line_end(fragment, line as usize).max(cursor);
        let open = format!("<{name}");
        let start = find_open(&lower[cursor..line_end], &open).map_or(cursor, |i| cursor + i);
        cursor = (start + 1).min(fragment.len());
        if !ELEMENTS.contains(&name) {
            let hint = match name {
                "img" | "picture" => "show an image in Markdown: ![what it shows](https://…)".to_string(),
                _ => "write it in Markdown; raw HTML may only mark up text (ins, abbr, sup, sub, br, span lang=…, …: \
                      the list is in content/README.md, Raw HTML)"
                    .to_string(),
            };
            out.push(
                Diagnostic::new(format!("raw HTML element <{name}> is not allowed in content"))
                    .at(file, place(start))
                    .len(open.chars().count())
                    .label("not one of the elements content may write")
                    .hint(hint),
            );
            continue;
        }
        let own = ELEMENT_ATTRIBUTES.iter().find(|(e, _)| *e == name).map_or(&[][..], |(_, a)| *a);
        for attr in &tag.attrs {
            let key = &*attr.name.local;
            let key_at = attribute_offset(&lower[start..line_end], key).map_or(start, |i| start + i);
            let d = if !ATTRIBUTES.contains(&key) && !own.contains(&key) {
                let takes: Vec<&str> = ATTRIBUTES.iter().chain(own).copied().collect();
                Diagnostic::new(format!("attribute {key} is not allowed on <{name}>"))
                    .label("not one of the attributes content may write")
                    .hint(format!("remove it; <{name}> takes only {}", takes.join(", ")))
            } else if !URL_ATTRIBUTES.contains(&key) {
                continue;
            } else if let Some(scheme) = html::forbidden_scheme(&attr.value) {
                Diagnostic::new(format!("{scheme}: addresses are not allowed: {key}=\"{}\"", shown(attr.value.trim())))
                    .hint("link to a page in Markdown, [text](@/path.md) or [text](@id), or to an https:// address")
            } else if !html::is_external(attr.value.trim()) {
                Diagnostic::new(format!("a link in raw HTML is not checked: {key}=\"{}\"", shown(attr.value.trim())))
                    .hint(
                    "write it in Markdown, [text](@/path.md#anchor) or [text](@id), so it is checked and made relative",
                )
            } else {
                continue;
            };
            out.push(d.at(file, place(key_at)).len(key.chars().count()));
        }
    }
    out
}

/// The start tags of a fragment with the line each ends on.
#[derive(Default)]
struct Tags(Vec<(Tag, u64)>);

impl Observer for Tags {
    fn start_tag(&mut self, tag: &Tag) {
        self.start_tag_at(tag, 1)
    }
    fn start_tag_at(&mut self, tag: &Tag, line: u64) {
        self.0.push((tag.clone(), line))
    }
    fn end_tag(&mut self, _: &LocalName) {}
    fn text(&mut self, _: &str) {}
}

/// Where `open` (`<name`) starts a tag of that name in `text`, not a longer
/// one (`<b` in `<br>`).
fn find_open(text: &str, open: &str) -> Option<usize> {
    text.match_indices(open)
        .map(|(i, _)| i)
        .find(|&i| text[i + open.len()..].chars().next().is_none_or(|c| c.is_whitespace() || "/>".contains(c)))
}

/// A value as a message shows it: control characters escaped (`\t`), so
/// none reaches the terminal.
fn shown(value: &str) -> String {
    value.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// The byte offset where 1-based line `line` of `text` ends.
fn line_end(text: &str, line: usize) -> usize {
    text.match_indices('\n').nth(line.saturating_sub(1)).map_or(text.len(), |(i, _)| i)
}

/// Where attribute `key` is written in a tag (lower-cased): after white
/// space, a quote or `/`, and followed by `=`, white space or the tag's end.
fn attribute_offset(tag: &str, key: &str) -> Option<usize> {
    tag.match_indices(key).map(|(i, _)| i).find(|&i| {
        let before = tag[..i].chars().next_back();
        let after = tag[i + key.len()..].chars().next();
        before.is_some_and(|c| c.is_whitespace() || "\"'/".contains(c))
            && after.is_none_or(|c| c.is_whitespace() || "=/>".contains(c))
    })
}

/// The file position of byte `offset` of a fragment starting at `at`: its
/// first line continues the line `at` is on, later lines start a line.
fn position(fragment: &str, at: Position, offset: usize) -> Position {
    let before = &fragment[..offset];
    match before.rfind('\n') {
        None => Position { line: at.line, column: at.column + before.chars().count() },
        Some(nl) => {
            Position { line: at.line + before.matches('\n').count(), column: before[nl + 1..].chars().count() + 1 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(html: &str) -> Vec<(String, usize, usize)> {
        check(html, Position { line: 10, column: 5 }, Path::new("t.md"))
            .into_iter()
            .map(|d| {
                let p = d.position.unwrap();
                (d.message, p.line, p.column)
            })
            .collect()
    }

    #[test]
    fn harmless_markup_passes() {
        let fine = "<ins>toegevoegd</ins> <span lang=\"en\">peer support</span> <abbr title=\"x\">GGZ</abbr>\
                    <sup>1</sup><br><a href=\"https://example.org/\" hreflang=en>x</a> <q cite=\"https://e.nl\">q</q>";
        assert_eq!(errors(fine), []);
    }

    #[test]
    fn each_problem_is_named_at_its_place() {
        let got = errors("<b>x</b><b onclick=\"a()\">\n<SCRIPT>alert('<b>')</SCRIPT>\n<a\n  href='java&#9;script:x'>");
        let want = [
            ("attribute onclick is not allowed on <b>", 10, 5 + 11),
            ("raw HTML element <script> is not allowed in content", 11, 1),
            ("javascript: addresses are not allowed: href=\"java\\tscript:x\"", 13, 3),
        ];
        let got: Vec<(&str, usize, usize)> = got.iter().map(|(m, l, c)| (m.as_str(), *l, *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn what_could_run_load_retarget_or_restyle_is_refused() {
        for bad in [
            "<iframe src=\"https://e.nl\"></iframe>",
            "<base href=\"https://e.nl/\">",
            "<meta http-equiv=refresh content=\"0;url=https://e.nl\">",
            "<form action=\"https://e.nl\"><input name=q></form>",
            "<style>main{display:none}</style>",
            "<span style=\"display:none\">x</span>",
            "<img src=\"https://e.nl/x.png\">",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<svg><script>alert(1)</script></svg>",
            "<div id=\"x\" class=\"y\">",
        ] {
            assert!(!errors(bad).is_empty(), "{bad}");
        }
    }
}
