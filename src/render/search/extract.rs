//! The searchable text of a rendered page, read from its HTML: what the
//! reader sees inside `<main>`, cut into one entry per heading with an id
//! (and per glossary term), so a result links to the place it was found.
//! The page is read from the tokens of the link check's scan
//! (`html::Observer`), so each page is tokenized once.
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

use crate::html::{self, push_folded, Observer};
use html5ever::tokenizer::Tag;
use html5ever::{local_name, LocalName};

/// One place a result can link to.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The heading's (or term's) id; None for the top of the page.
    pub anchor: Option<String>,
    pub title: String,
    /// The text under the heading, white space folded.
    pub text: String,
}

/// The entries of one page (see `Extractor::finish`), read by a scan of
/// its own.
pub fn entries(html: &str, page_title: &str) -> Vec<Entry> {
    let (_, extractor) = html::scan_observed(html, Extractor::default());
    extractor.finish(page_title)
}

/// Reads a page's entries from its tokens.
#[derive(Default)]
pub struct Extractor {
    /// The text of `<title>`, white space folded.
    pub title: String,
    in_title: bool,
    /// Whether `<main>` was seen, and whether it is open.
    seen_main: bool,
    in_main: bool,
    entries: Vec<Entry>,
    /// Open elements inside `<main>` (itself included): name, whether it is
    /// skipped, id.
    stack: Vec<(LocalName, bool, Option<String>)>,
    /// Open elements that are skipped.
    skip_depth: usize,
    /// The element whose text is being taken as a title, and that title.
    capture: Option<(LocalName, String)>,
    /// A `<dt>` whose rest is not text, after its `<dfn>`.
    ignore_rest_of: Option<LocalName>,
}

impl Observer for Extractor {
    fn start_tag(&mut self, tag: &Tag) {
        if !self.in_main {
            if tag.name == local_name!("main") && !self.seen_main {
                self.seen_main = true;
                self.in_main = true;
                self.entries.push(Entry { anchor: None, title: String::new(), text: String::new() });
                self.stack.push((tag.name.clone(), false, attr(tag, "id").map(str::to_string)));
            } else if tag.name == local_name!("title") && !tag.self_closing {
                self.in_title = true;
            }
            return;
        }
        self.boundary(&tag.name);
        let skipped = self.skip_depth > 0 || skipped(tag);
        let id = attr(tag, "id").map(str::to_string);
        if self.skip_depth == 0 && self.ignore_rest_of.is_none() && !skipped {
            let name = &tag.name;
            let heading = matches!(
                *name,
                local_name!("h1")
                    | local_name!("h2")
                    | local_name!("h3")
                    | local_name!("h4")
                    | local_name!("h5")
                    | local_name!("h6")
            );
            if *name == local_name!("h1") {
                // The page entry keeps the page's own title (it says
                // "docentversie" where the h1 does not): the h1 is read and
                // dropped.
                self.capture = Some((name.clone(), String::new()));
            } else if let Some(id) = heading.then(|| self.heading_anchor(&id)).flatten() {
                self.entries.push(Entry { anchor: Some(id), title: String::new(), text: String::new() });
                self.capture = Some((name.clone(), String::new()));
            } else if *name == local_name!("dt") {
                // The term's own id or its block's; never <main>'s, which
                // would make any list of terms (a contact list) a result.
                let id = id.clone().or_else(|| self.stack.iter().skip(1).rev().find_map(|(_, _, id)| id.clone()));
                if let Some(id) = id {
                    self.entries.push(Entry { anchor: Some(id), title: String::new(), text: String::new() });
                    self.capture = Some((name.clone(), String::new()));
                }
            } else if *name == local_name!("dfn") && self.capture.as_ref().is_some_and(|(c, _)| *c == local_name!("dt"))
            {
                self.capture = Some((name.clone(), String::new()));
            }
        }
        if tag.self_closing || void(&tag.name) {
            return;
        }
        if skipped {
            self.skip_depth += 1;
        }
        self.stack.push((tag.name.clone(), skipped, id));
    }

    fn end_tag(&mut self, name: &LocalName) {
        if !self.in_main {
            if *name == local_name!("title") {
                self.in_title = false;
            }
            return;
        }
        self.boundary(name);
        let Some(pos) = self.stack.iter().rposition(|(n, _, _)| n == name) else { return };
        if pos == 0 {
            // </main>: nothing after it is read.
            self.in_main = false;
            self.stack.clear();
            return;
        }
        let closed: Vec<_> = self.stack.drain(pos..).rev().collect();
        for (name, skipped, _) in closed {
            if skipped {
                self.skip_depth -= 1;
            }
            if self.ignore_rest_of.as_ref() == Some(&name) {
                self.ignore_rest_of = None;
            }
            if self.capture.as_ref().is_some_and(|(c, _)| *c == name) {
                let (_, title) = self.capture.take().expect("checked");
                if name == local_name!("dfn") {
                    // The term itself is the title; the rest of the <dt>
                    // (its "Begrip" label) is not text.
                    self.ignore_rest_of =
                        self.stack.iter().rev().find(|(n, _, _)| *n == local_name!("dt")).map(|(n, _, _)| n.clone());
                }
                if name != local_name!("h1") {
                    self.entries.last_mut().expect("in main").title = title.trim().to_string();
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            push_folded(&mut self.title, text);
        } else if self.in_main && self.skip_depth == 0 && self.ignore_rest_of.is_none() {
            self.push(text);
        }
    }

    /// A piece the scan skips must not start inside `<main>`: its text
    /// would be missing here.
    fn may_skip_here(&self) -> bool {
        !self.in_main
    }
}

impl Extractor {
    /// The entries of the page, in page order. The first is the page
    /// itself, titled `page_title`; a page whose text starts with a heading
    /// keeps it with an empty text (its title is still worth finding).
    /// Other headings with nothing under them before the next heading are
    /// dropped: a result with nothing to show. None without `<main>`.
    pub fn finish(self, page_title: &str) -> Vec<Entry> {
        let mut entries = self.entries.into_iter();
        let Some(mut first) = entries.next() else { return Vec::new() };
        first.title = page_title.to_string();
        first.text = first.text.trim().to_string();
        let rest = entries.map(|mut e| {
            e.text = e.text.trim().to_string();
            e
        });
        std::iter::once(first).chain(rest.filter(|e| !e.text.is_empty())).collect()
    }

    fn push(&mut self, text: &str) {
        match &mut self.capture {
            Some((_, title)) => push_folded(title, text),
            None => push_folded(&mut self.entries.last_mut().expect("in main").text, text),
        }
    }

    /// Block boundaries separate words.
    fn boundary(&mut self, name: &LocalName) {
        if !inline(name) {
            self.push(" ");
        }
    }

    /// Where a heading can be linked to: its own id, or that of the element
    /// it heads (a glossary term's block carries the id, its heading does
    /// not), never `<main>`'s.
    fn heading_anchor(&self, own: &Option<String>) -> Option<String> {
        own.clone().or_else(|| self.stack.last().filter(|_| self.stack.len() > 1).and_then(|(_, _, id)| id.clone()))
    }
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
}

/// Whether the element and everything in it is left out.
fn skipped(tag: &Tag) -> bool {
    let class = |c: &str| attr(tag, "class").is_some_and(|v| v.split_ascii_whitespace().any(|x| x == c));
    let hidden = attr(tag, "hidden").is_some()
        || attr(tag, "aria-hidden") == Some("true")
        || attr(tag, "data-search") == Some("skip");
    hidden
        || matches!(
            tag.name,
            local_name!("nav")
                | local_name!("aside")
                | local_name!("script")
                | local_name!("style")
                | local_name!("template")
                | local_name!("noscript")
                | local_name!("svg")
                | local_name!("form")
        )
        || class("visually-hidden")
        || (tag.name == local_name!("sup") && class("footnote-reference"))
}

/// Elements that do not break a word in two.
fn inline(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("abbr")
            | local_name!("b")
            | local_name!("bdi")
            | local_name!("cite")
            | local_name!("code")
            | local_name!("data")
            | local_name!("del")
            | local_name!("dfn")
            | local_name!("em")
            | local_name!("i")
            | local_name!("ins")
            | local_name!("kbd")
            | local_name!("mark")
            | local_name!("q")
            | local_name!("s")
            | local_name!("small")
            | local_name!("span")
            | local_name!("strong")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("time")
            | local_name!("u")
            | local_name!("var")
    )
}

/// Elements without an end tag: nothing is inside them.
fn void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
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
    fn references_decode_as_a_browser_does() {
        let html = "<main><h1>T</h1><p>a&amp;b &#8216;c&#x2019; &eacute;&nbsp;&bogus; & d &lt;e&gt;</p></main>";
        // A no-break space is white space, folded like any other.
        assert_eq!(entries(html, "T"), [e(None, "T", "a&b \u{2018}c\u{2019} \u{e9} &bogus; & d <e>")]);
    }

    #[test]
    fn a_shared_piece_inside_main_is_read_with_the_page() {
        // The link check skips pieces many pages share; inside <main> the
        // search must still read them, so the scan is not split there.
        let piece =
            format!("<div class=\"tools\">{}</div>\n", "<p>Gedeeld stuk tekst dat lang genoeg is.</p>".repeat(8));
        let page = format!("<title>T · S</title><main><h1>T</h1><p>Eigen.</p>\n{piece}<p>Slot.</p></main>");
        let at = page.find(&piece).unwrap();
        assert!(html::scan_piece(&piece).is_some(), "the piece alone can be skipped");
        assert!(html::scan_around(&page, &[(at, at + piece.len())], Extractor::default()).is_none());
        let outside = format!("<title>T · S</title>\n{piece}<main><h1>T</h1><p>Eigen.</p></main>");
        let at = outside.find(&piece).unwrap();
        let (_, read) = html::scan_around(&outside, &[(at, at + piece.len())], Extractor::default()).unwrap();
        assert_eq!(read.title, "T · S");
        assert_eq!(read.finish("T"), [e(None, "T", "Eigen.")]);
        // A piece holding <main> itself is never skipped.
        assert!(html::scan_piece("<main>\n").is_none());
    }
}
