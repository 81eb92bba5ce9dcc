//! Resolved bodies to HTML. Links become relative to the page being
//! rendered, headings get their ids and backlinks, blocks go through the
//! theme's block templates, and glossary terms link on first use.

use super::highlight;
use super::urls;
use super::ErasedView;
use super::Theme;
use crate::derive::{Derived, Term};
use crate::html::escape;
use crate::resolve::{Block, HeadingId, Item, Node, PageId, Site, Target};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::collections::BTreeSet;

/// Renders bodies for one output page.
pub struct BodyRenderer<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    pub theme: &'a Theme,
    /// The URL of the page being written: every link is made relative to it.
    pub from: &'a str,
    /// The content page whose body this is, for backlinks and glossary
    /// links; None on derived pages, which show excerpts.
    pub page: Option<PageId>,
    used_terms: BTreeSet<usize>,
    /// Above zero while rendering text that names other things (a source
    /// citation): glossary terms are not linked there.
    pub(crate) no_terms: usize,
    pub errors: Vec<super::theme::RenderError>,
}

impl<'a> BodyRenderer<'a> {
    pub fn new(site: &'a Site, derived: &'a Derived, theme: &'a Theme, from: &'a str, page: Option<PageId>) -> Self {
        BodyRenderer { site, derived, theme, from, page, used_terms: BTreeSet::new(), no_terms: 0, errors: Vec::new() }
    }

    pub fn href(&self, target: &Target) -> String {
        match target {
            Target::External(url) => url.clone(),
            Target::Page { page, anchor } => urls::relative(self.from, &self.site.page(*page).url, anchor.as_deref()),
        }
    }

    pub fn nodes(&mut self, nodes: &[Node]) -> String {
        let mut html = String::new();
        for n in nodes {
            match n {
                Node::Markdown(items) => self.markdown(items, &mut html),
                Node::Block(b) => html.push_str(&self.block(b)),
            }
        }
        html
    }

    fn markdown(&mut self, items: &[Item], html: &mut String) {
        let mut events: Vec<Event> = Vec::with_capacity(items.len());
        let mut link_depth = 0usize;
        let mut heading: Option<(HeadingId, pulldown_cmark::HeadingLevel)> = None;
        let mut code: Option<(String, String)> = None;
        // Emphasis sets titles of publications apart; no term links there.
        let mut emphasis = 0usize;
        // The last visible character before the current text in its
        // paragraph: tells a capital that starts a sentence from one that
        // starts a name.
        let mut prev_char: Option<char> = None;
        for item in items {
            if let Item::Event(e) = item {
                match e {
                    Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => prev_char = None,
                    Event::Start(Tag::Emphasis) => emphasis += 1,
                    Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
                    _ => {}
                }
            }
            let text_before = prev_char;
            if let Item::Event(Event::Text(t)) = item {
                prev_char = t.trim_end().chars().next_back().or(prev_char);
            }
            match item {
                Item::LinkStart { target, title } => {
                    link_depth += 1;
                    let href = escape(&self.href(target));
                    let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(title)) };
                    let class = if matches!(target, Target::External(_)) { " class=\"extern\"" } else { "" };
                    events.push(Event::InlineHtml(format!("<a href=\"{href}\"{title}{class}>").into()));
                }
                Item::LinkEnd => {
                    link_depth = link_depth.saturating_sub(1);
                    events.push(Event::InlineHtml("</a>".into()));
                }
                Item::HeadingStart { level, heading: h } => {
                    heading = Some((*h, *level));
                    // Excerpts on derived pages keep headings but not ids,
                    // which belong to the original page.
                    let id_attr = match self.page {
                        Some(p) => {
                            let id = self.site.page(p).headings.get(*h).map(|x| x.id.as_str()).unwrap_or_default();
                            format!(" id=\"{}\"", escape(id))
                        }
                        None => String::new(),
                    };
                    events.push(Event::Html(format!("<{level}{id_attr}>").into()));
                }
                Item::HeadingEnd => {
                    let (h, level) = match heading.take() {
                        Some((h, l)) => (Some(h), l),
                        None => (None, pulldown_cmark::HeadingLevel::H2),
                    };
                    events.push(Event::Html(format!("</{level}>\n").into()));
                    if let (Some(page), Some(h)) = (self.page, h) {
                        let aside = self.backlinks(page, Some(h));
                        if !aside.is_empty() {
                            events.push(Event::Html(aside.into()));
                        }
                    }
                }
                Item::Event(Event::Start(Tag::CodeBlock(kind))) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Item::Event(Event::End(TagEnd::CodeBlock)) => {
                    if let Some((lang, text)) = code.take() {
                        events.push(Event::Html(highlight::code_block(&lang, &text).into()));
                    }
                }
                Item::Event(Event::Text(t)) if code.is_some() => {
                    if let Some((_, text)) = code.as_mut() {
                        text.push_str(t);
                    }
                }
                Item::Event(Event::Text(t))
                    if link_depth == 0 && heading.is_none() && emphasis == 0 && self.no_terms == 0 =>
                {
                    self.text_with_terms(t, text_before, &mut events)
                }
                Item::Event(Event::Html(h)) | Item::Event(Event::InlineHtml(h)) => {
                    events.push(Event::InlineHtml(editorial_ins(h).into()))
                }
                Item::Event(e) => events.push(e.clone()),
            }
        }
        pulldown_cmark::html::push_html(html, events.into_iter());
    }

    /// Links the first use of each glossary term on the page to its entry,
    /// unless that use is part of a name or title (see `names_something`).
    /// `before` is the last visible character before `text` in its
    /// paragraph.
    fn text_with_terms<'e>(&mut self, text: &CowStr<'e>, before: Option<char>, events: &mut Vec<Event<'e>>) {
        let Some(page) = self.page else {
            events.push(Event::Text(text.clone()));
            return;
        };
        let terms: &[Term] = &self.derived.glossary;
        if terms.is_empty() || terms.iter().any(|t| t.page == page) {
            events.push(Event::Text(text.clone()));
            return;
        }
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            events.push(Event::Text(text.clone()));
            return;
        }
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (ti, term) in terms.iter().enumerate() {
            if self.used_terms.contains(&ti) {
                continue;
            }
            'forms: for form in &term.forms {
                let mut from = 0;
                while let Some(rel) = find_word(&lower[from..], form) {
                    let at = from + rel;
                    from = at + form.len();
                    if names_something(text, at, at + form.len(), before, &term.term) {
                        continue;
                    }
                    if !found.iter().any(|(s, e, _)| at < *e && at + form.len() > *s) {
                        found.push((at, at + form.len(), ti));
                    }
                    break 'forms;
                }
            }
        }
        if found.is_empty() {
            events.push(Event::Text(text.clone()));
            return;
        }
        found.sort();
        let mut pos = 0;
        for (start, end, ti) in found {
            if start < pos {
                continue;
            }
            self.used_terms.insert(ti);
            if start > pos {
                events.push(Event::Text(text[pos..start].to_string().into()));
            }
            let term = &terms[ti];
            let href = urls::relative(self.from, &self.site.page(term.page).url, Some(&term.id));
            events.push(Event::InlineHtml(format!("<a href=\"{}\" class=\"begrip\">", escape(&href)).into()));
            events.push(Event::Text(text[start..end].to_string().into()));
            events.push(Event::InlineHtml("</a>".into()));
            pos = end;
        }
        if pos < text.len() {
            events.push(Event::Text(text[pos..].to_string().into()));
        }
    }

    /// The theme's "Zie ook" list for a section, or nothing.
    pub fn backlinks(&mut self, page: PageId, heading: Option<HeadingId>) -> String {
        super::views::blocks::backlinks(self, page, heading)
    }

    pub fn block(&mut self, b: &Block) -> String {
        super::views::blocks::render(self, b)
    }

    /// Renders the children of a block; in a citation (`bron`), which is
    /// made of names and titles, glossary terms are not linked.
    pub fn block_body(&mut self, b: &Block) -> String {
        let citation = matches!(b.kind, crate::load::BlockKind::Bron { .. });
        self.no_terms += usize::from(citation);
        let body = self.nodes(&b.children);
        self.no_terms -= usize::from(citation);
        body
    }

    /// Renders an included template with two views merged: the part every
    /// template of its kind gets and its own. A template error is kept for
    /// the page's diagnostic; the page goes on rendering.
    pub fn partial(&mut self, name: &str, common: &impl serde::Serialize, own: &impl serde::Serialize) -> String {
        match self.theme.render_views(name, serde_json::Map::new(), &[common as &dyn ErasedView, own]) {
            Ok(s) => s,
            Err(e) => {
                self.errors.push(e);
                String::new()
            }
        }
    }
}

/// `<ins>` marks an editorial completion; give it the class the theme
/// styles and a title that says so.
fn editorial_ins(h: &str) -> String {
    h.replace("<ins>", "<ins class=\"redactie\" title=\"Aanvulling van de redactie\">")
}

/// Whether the use of a term at `text[at..end]` is part of a proper name
/// or a title ("Werkplaats Herstelondersteuning", "basismodule
/// Herstelondersteunende Zorg", "generieke module Ervaringsdeskundigheid"):
/// written with a capital where no sentence starts, or followed by a
/// capitalised word. Acronyms (DSM, FED) are always capitals.
fn names_something(text: &str, at: usize, end: usize, before: Option<char>, term: &str) -> bool {
    let acronym = term.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if acronym {
        return false;
    }
    let prev = text[..at].trim_end().chars().next_back().or(before);
    let sentence_start = prev.is_none_or(|c| matches!(c, '.' | '!' | '?' | ':'));
    let capital = text[at..].chars().next().is_some_and(char::is_uppercase);
    let rest = &text[end..];
    let next_capital = rest.starts_with(' ') && rest.trim_start().chars().next().is_some_and(char::is_uppercase);
    (capital && !sentence_start) || next_capital
}

fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + needle.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}
