//! The resolved and derived model as the data a print edition's template
//! reads: a tree of typed nodes, serialised as JSON. Text stays text (a JSON
//! string) all the way into typst, so no content can become markup.
//!
//! Links are settled here: inside a document's own PDF a link to one of its
//! pages is a label (a PDF link to the page it lands on); everything else is
//! an absolute address on the published site (`base_url`), or, without one,
//! no link: the text of a reference names its target.

use crate::derive::Derived;
use crate::html::{self, Piece};
use crate::load::BlockKind;
use crate::render::labels;
use crate::resolve::{Block, Item, Node, Page, PageId, Site, Target};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Tag};
use serde::Serialize;
use std::collections::BTreeMap;

/// A node of a body: text, or an element.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum N {
    Text(String),
    El(El),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "t", rename_all = "kebab-case")]
pub enum El {
    P {
        c: Vec<N>,
    },
    H {
        level: u8,
        label: Option<String>,
        c: Vec<N>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<N>>,
    },
    Quote {
        c: Vec<N>,
    },
    Code {
        v: String,
    },
    CodeBlock {
        v: String,
    },
    /// `align` per column: "left", "center", "right" or "auto".
    Table {
        align: Vec<&'static str>,
        head: Vec<Vec<N>>,
        rows: Vec<Vec<Vec<N>>>,
    },
    Em {
        c: Vec<N>,
    },
    Strong {
        c: Vec<N>,
    },
    Del {
        c: Vec<N>,
    },
    /// An editorial completion of the source text (`<ins>` in content).
    Ins {
        c: Vec<N>,
    },
    /// A phrase in another language than the site's (ISO 639 code).
    Lang {
        lang: String,
        c: Vec<N>,
    },
    /// `dest` is a label in this PDF when `internal`, else an address.
    Link {
        dest: String,
        internal: bool,
        c: Vec<N>,
    },
    Br,
    Hr,
    Footnote {
        c: Vec<N>,
    },
    /// Remote images are not fetched by the build: the PDF names the image
    /// and links to it.
    Image {
        url: String,
        alt: String,
    },
    Aanbeveling {
        label: Option<String>,
        name: String,
        is_key: bool,
        audiences: Vec<String>,
        c: Vec<N>,
    },
    Opdracht {
        label: Option<String>,
        number: usize,
        /// The editors' title.
        title: String,
        /// The editors' reading of the work form.
        work_form: Option<String>,
        task: Vec<N>,
        teacher: Vec<N>,
    },
    Voorbeeld {
        label: Option<String>,
        title: String,
        c: Vec<N>,
    },
    Bron {
        label: Option<String>,
        name: String,
        c: Vec<N>,
    },
    Figuur {
        label: Option<String>,
        title: String,
        /// The caption is the editors'.
        editorial: bool,
        c: Vec<N>,
    },
    Redactie {
        label: Option<String>,
        c: Vec<N>,
    },
    Leerdoelen {
        label: Option<String>,
        c: Vec<N>,
    },
    Begrip {
        label: Option<String>,
        term: String,
        c: Vec<N>,
    },
}

/// The label of a page (`anchor` None) or of a place on it, unique within
/// a PDF because page URLs are unique.
pub fn label(page: &Page, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("{}#{a}", page.url),
        None => format!("{}#", page.url),
    }
}

/// Converts bodies of one site into nodes.
pub struct Convert<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    /// The document whose PDF this is: links to its pages stay inside the
    /// PDF, and headings and blocks get labels. None for excerpts (card,
    /// sheets), which link to the site.
    pub document: Option<&'a str>,
    /// Headings in excerpts are set no higher than this level, below the
    /// edition's own headings.
    pub min_level: u8,
    /// The level of the last heading set: a heading is set at most one
    /// level below it, as PDF/UA requires (the web page may skip one).
    last_level: std::cell::Cell<u8>,
    /// `base_url` with one slash at its end; None without one (the build
    /// has refused placeholders).
    base: Option<String>,
}

impl<'a> Convert<'a> {
    pub fn new(site: &'a Site, derived: &'a Derived, document: Option<&'a str>, min_level: u8) -> Self {
        let base = site.config.base_url.as_deref().map(|b| b.trim_end_matches('/').to_string() + "/");
        Convert { site, derived, document, min_level, last_level: std::cell::Cell::new(min_level - 1), base }
    }

    /// Starts a new part of the edition (a chapter, an excerpt), which
    /// stands under a heading at `min_level - 1`.
    fn restart_levels(&self) {
        self.last_level.set(self.min_level - 1);
    }

    /// The level a heading written at `level` is set at.
    fn level(&self, level: pulldown_cmark::HeadingLevel) -> u8 {
        let set = (level as u8).max(self.min_level).min(self.last_level.get() + 1);
        self.last_level.set(set);
        set
    }

    /// The absolute address of a page of the site, if the site has one.
    pub fn address(&self, url: &str, anchor: Option<&str>) -> Option<String> {
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        self.base.as_ref().map(|base| format!("{base}{url}{anchor}"))
    }

    /// Whether `page` is printed in this PDF: the document's front page or
    /// one of its pages (a folder's `_index.md` below it is not).
    fn in_document(&self, page: PageId) -> bool {
        let Some(d) = self.document.and_then(|d| self.site.documents.get(d)) else { return false };
        d.index == page || d.pages.binary_search(&page).is_ok()
    }

    /// The nodes of `nodes`, which stand on content page `page`.
    pub fn nodes(&self, page: PageId, nodes: &[Node]) -> Vec<N> {
        let mut notes = BTreeMap::new();
        // Footnote definitions may come after their reference, in another
        // run of Markdown: collected first, set where they are referenced.
        self.restart_levels();
        let mut collect = Walk { cx: self, page, notes: &BTreeMap::new(), found: Some(&mut notes) };
        collect.nodes(nodes);
        self.restart_levels();
        let mut walk = Walk { cx: self, page, notes: &notes, found: None };
        walk.nodes(nodes)
    }

    pub fn block_label(&self, page: PageId, id: Option<&String>) -> Option<String> {
        id.filter(|_| self.in_document(page)).map(|id| label(&self.site.pages[page], Some(id)))
    }
}

struct Walk<'c, 'a> {
    cx: &'c Convert<'a>,
    page: PageId,
    notes: &'c BTreeMap<String, Vec<N>>,
    /// Set while collecting footnote definitions.
    found: Option<&'c mut BTreeMap<String, Vec<N>>>,
}

/// An element being built while its events are read.
enum Frame {
    Root,
    P,
    H {
        level: u8,
        label: Option<String>,
    },
    Quote,
    CodeBlock,
    List {
        start: Option<u64>,
    },
    Item,
    Table {
        align: Vec<&'static str>,
        head: Vec<Vec<N>>,
        rows: Vec<Vec<Vec<N>>>,
    },
    Row {
        head: bool,
        cells: Vec<Vec<N>>,
    },
    Cell,
    Em,
    Strong,
    Del,
    Ins,
    Link {
        dest: String,
        internal: bool,
    },
    Image {
        url: String,
    },
    Note(String),
    /// `<span lang="…">`: the language, and a span without one.
    Lang(String),
    Span,
    /// Anything else (task list markers, definition lists, …): its content
    /// is kept, the element is not.
    Plain,
}

impl Walk<'_, '_> {
    fn nodes(&mut self, nodes: &[Node]) -> Vec<N> {
        let mut out = Vec::new();
        for n in nodes {
            match n {
                Node::Markdown(items) => out.extend(self.markdown(items)),
                // Text for one edition: printed as if written here, or
                // left out when it is the web edition's.
                Node::Block(b @ Block { kind: BlockKind::Editie { web }, .. }) => {
                    if !web {
                        out.extend(self.nodes(&b.children));
                    }
                }
                Node::Block(b) => {
                    if let Some(el) = self.block(b) {
                        out.push(N::El(el));
                    }
                }
            }
        }
        out
    }

    fn block(&mut self, b: &Block) -> Option<El> {
        let cx = self.cx;
        let label = cx.block_label(self.page, b.id.as_ref());
        Some(match &b.kind {
            BlockKind::Aanbeveling { doelgroepen, kern, .. } => El::Aanbeveling {
                name: b
                    .id
                    .as_deref()
                    .map(|id| labels::recommendation_label(cx.site, cx.derived, id))
                    .unwrap_or_else(|| if *kern { "Kernaanbeveling" } else { "Aanbeveling" }.into()),
                is_key: *kern,
                audiences: doelgroepen
                    .iter()
                    .filter_map(|(slug, _)| cx.site.config.audience(slug))
                    .map(|a| a.name.clone())
                    .collect(),
                c: self.nodes(&b.children),
                label,
            },
            BlockKind::Opdracht { .. } => {
                let a = cx.derived.assignments.iter().find(|a| Some(&a.id) == b.id.as_ref())?;
                El::Opdracht {
                    label,
                    number: a.number,
                    title: a.title.clone(),
                    work_form: a.work_form.clone(),
                    task: self.nodes(&a.task),
                    teacher: self.nodes(&a.teacher),
                }
            }
            // Teacher notes are set by their opdracht.
            BlockKind::Docent => return None,
            BlockKind::Voorbeeld { titel } => El::Voorbeeld { label, title: titel.clone(), c: self.nodes(&b.children) },
            BlockKind::Bron { label: name } => El::Bron { label, name: name.clone(), c: self.nodes(&b.children) },
            BlockKind::Figuur { titel, redactioneel } => {
                El::Figuur { label, title: titel.clone(), editorial: *redactioneel, c: self.nodes(&b.children) }
            }
            BlockKind::Redactie => El::Redactie { label, c: self.nodes(&b.children) },
            BlockKind::Leerdoelen => El::Leerdoelen { label, c: self.nodes(&b.children) },
            BlockKind::Editie { .. } => return None,
            BlockKind::Begrip { term, .. } => El::Begrip { label, term: term.clone(), c: self.nodes(&b.children) },
        })
    }

    /// Where a link goes: a label in this PDF (true), an address, or
    /// nowhere (None: a page of the site when it has no address).
    fn link(&self, target: &Target) -> Option<(String, bool)> {
        let cx = self.cx;
        match target {
            Target::External(url) => Some((url.clone(), false)),
            Target::Page { page, anchor } if cx.in_document(*page) => {
                Some((label(&cx.site.pages[*page], anchor.as_deref()), true))
            }
            Target::Page { page, anchor } => {
                cx.address(&cx.site.pages[*page].url, anchor.as_deref()).map(|a| (a, false))
            }
        }
    }

    fn markdown(&mut self, items: &[Item]) -> Vec<N> {
        let mut stack: Vec<(Frame, Vec<N>)> = vec![(Frame::Root, Vec::new())];
        let page = &self.cx.site.pages[self.page];
        for item in items {
            match item {
                Item::LinkStart { target, .. } => match self.link(target) {
                    Some((dest, internal)) => stack.push((Frame::Link { dest, internal }, Vec::new())),
                    // Its text stays, as text: what content writes as a
                    // link names its target.
                    None => stack.push((Frame::Plain, Vec::new())),
                },
                Item::HeadingStart { level, heading } => {
                    let level = self.cx.level(*level);
                    let label = page
                        .headings
                        .get(*heading)
                        .filter(|_| self.cx.in_document(self.page))
                        .map(|h| label(page, Some(&h.id)));
                    stack.push((Frame::H { level, label }, Vec::new()));
                }
                Item::LinkEnd | Item::HeadingEnd => self.end(&mut stack),
                Item::Event(e) => self.event(e, &mut stack),
            }
        }
        while stack.len() > 1 {
            self.close(&mut stack);
        }
        stack.pop().map(|(_, c)| c).unwrap_or_default()
    }

    fn event(&mut self, e: &Event, stack: &mut Vec<(Frame, Vec<N>)>) {
        let frame = match e {
            Event::Start(tag) => match tag {
                Tag::Paragraph => Frame::P,
                Tag::Heading { level, .. } => Frame::H { level: self.cx.level(*level), label: None },
                Tag::BlockQuote(_) => Frame::Quote,
                Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => Frame::CodeBlock,
                Tag::List(start) => Frame::List { start: *start },
                Tag::Item => Frame::Item,
                Tag::Table(aligns) => Frame::Table {
                    align: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Left => "left",
                            Alignment::Center => "center",
                            Alignment::Right => "right",
                            Alignment::None => "auto",
                        })
                        .collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                },
                Tag::TableHead => Frame::Row { head: true, cells: Vec::new() },
                Tag::TableRow => Frame::Row { head: false, cells: Vec::new() },
                Tag::TableCell => Frame::Cell,
                Tag::Emphasis => Frame::Em,
                Tag::Strong => Frame::Strong,
                Tag::Strikethrough => Frame::Del,
                Tag::Link { dest_url, .. } => Frame::Link { dest: dest_url.to_string(), internal: false },
                Tag::Image { dest_url, .. } => Frame::Image { url: dest_url.to_string() },
                Tag::FootnoteDefinition(name) => Frame::Note(name.to_string()),
                _ => Frame::Plain,
            },
            Event::End(_) => {
                self.end(stack);
                return;
            }
            Event::Text(t) => return push_text(stack, t),
            Event::Code(t) => return push(stack, N::El(El::Code { v: t.to_string() })),
            Event::SoftBreak => return push_text(stack, &CowStr::Borrowed(" ")),
            Event::HardBreak => return push(stack, N::El(El::Br)),
            Event::Rule => return push(stack, N::El(El::Hr)),
            Event::FootnoteReference(name) => {
                if let Some(c) = self.notes.get(name.as_ref()) {
                    push(stack, N::El(El::Footnote { c: c.clone() }));
                }
                return;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                // The only markup content uses is <ins> (an editorial
                // completion) and <br>; other tags are left out, their
                // text kept.
                for piece in html::pieces(h) {
                    match piece {
                        Piece::Start(name, _) if &*name == "ins" => stack.push((Frame::Ins, Vec::new())),
                        Piece::End(name) if &*name == "ins" && matches!(stack.last(), Some((Frame::Ins, _))) => {
                            self.close(stack)
                        }
                        // A phrase in another language (<span lang="en">):
                        // typst's language, the primary subtag, if it is
                        // one; a span without it keeps only its text.
                        Piece::Start(name, lang) if &*name == "span" => {
                            let frame = match lang.as_deref().and_then(primary_language) {
                                Some(lang) => Frame::Lang(lang),
                                None => Frame::Span,
                            };
                            stack.push((frame, Vec::new()))
                        }
                        Piece::End(name)
                            if &*name == "span" && matches!(stack.last(), Some((Frame::Lang(_) | Frame::Span, _))) =>
                        {
                            self.close(stack)
                        }
                        Piece::Start(name, _) if &*name == "br" => push(stack, N::El(El::Br)),
                        Piece::Text(t) => push_text(stack, &fold_space(&t)),
                        _ => {}
                    }
                }
                return;
            }
            _ => return,
        };
        stack.push((frame, Vec::new()));
    }

    /// Ends the innermost Markdown element, and an `<ins>` left open in it,
    /// as a browser would (load::body counts the depth alike).
    fn end(&mut self, stack: &mut Vec<(Frame, Vec<N>)>) {
        while matches!(stack.last(), Some((Frame::Ins, _))) {
            self.close(stack);
        }
        self.close(stack);
    }

    /// Ends the innermost element and adds it to its parent.
    fn close(&mut self, stack: &mut Vec<(Frame, Vec<N>)>) {
        if stack.len() < 2 {
            return;
        }
        let (frame, c) = stack.pop().expect("checked above");
        let el = match frame {
            Frame::Root | Frame::Plain | Frame::Span => {
                c.into_iter().for_each(|n| push(stack, n));
                return;
            }
            Frame::P => El::P { c },
            Frame::H { level, label } => El::H { level, label, c },
            Frame::Quote => El::Quote { c },
            Frame::CodeBlock => El::CodeBlock { v: plain(&c) },
            Frame::List { start } => El::List {
                start,
                items: c
                    .into_iter()
                    .map(|n| match n {
                        N::El(El::Quote { c }) => c,
                        other => vec![other],
                    })
                    .collect(),
            },
            // An item is carried to its list as a quote-shaped wrapper,
            // unwrapped above.
            Frame::Item => El::Quote { c },
            Frame::Table { align, head, rows } => El::Table { align, head, rows },
            Frame::Row { head, cells } => {
                if let Some((Frame::Table { head: h, rows, .. }, _)) = stack.last_mut() {
                    if head {
                        *h = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                return;
            }
            Frame::Cell => {
                if let Some((Frame::Row { cells, .. }, _)) = stack.last_mut() {
                    cells.push(c);
                }
                return;
            }
            Frame::Em => El::Em { c },
            Frame::Strong => El::Strong { c },
            Frame::Del => El::Del { c },
            Frame::Ins => El::Ins { c },
            Frame::Lang(lang) => El::Lang { lang, c },
            Frame::Link { dest, internal } => El::Link { dest, internal, c },
            Frame::Image { url } => El::Image { url, alt: plain(&c) },
            Frame::Note(name) => {
                if let Some(found) = self.found.as_deref_mut() {
                    found.insert(name, c);
                }
                return;
            }
        };
        push(stack, N::El(el));
    }
}

fn push(stack: &mut [(Frame, Vec<N>)], n: N) {
    if let Some((_, c)) = stack.last_mut() {
        c.push(n);
    }
}

/// Adds text, joined to the text before it.
fn push_text(stack: &mut [(Frame, Vec<N>)], t: &str) {
    if let Some((_, c)) = stack.last_mut() {
        match c.last_mut() {
            Some(N::Text(s)) => s.push_str(t),
            _ => c.push(N::Text(t.to_string())),
        }
    }
}

/// White space runs as one space, as a browser shows the text of raw HTML
/// (a leading run too: the text joins what came before it).
fn fold_space(t: &str) -> String {
    let mut out = String::from(if t.starts_with(char::is_whitespace) { " " } else { "" });
    html::push_folded(&mut out, t);
    out
}

/// The language code typst takes from a `lang` value ("en-GB" → "en"),
/// if it is one.
fn primary_language(lang: &str) -> Option<String> {
    let primary = lang.split('-').next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

/// The text of nodes, without markup.
pub fn plain(nodes: &[N]) -> String {
    let mut s = String::new();
    fn walk(n: &N, s: &mut String) {
        match n {
            N::Text(t) => s.push_str(t),
            N::El(El::Code { v } | El::CodeBlock { v }) => s.push_str(v),
            N::El(El::Br) => s.push('\n'),
            N::El(
                El::P { c }
                | El::H { c, .. }
                | El::Quote { c }
                | El::Em { c }
                | El::Strong { c }
                | El::Del { c }
                | El::Ins { c }
                | El::Lang { c, .. }
                | El::Link { c, .. },
            ) => c.iter().for_each(|n| walk(n, s)),
            _ => {}
        }
    }
    nodes.iter().for_each(|n| walk(n, &mut s));
    s
}

/// The answer space of one step: `number` 0 for a task without steps.
#[derive(Debug, Serialize)]
pub struct Step {
    pub number: usize,
    pub lines: u32,
}

/// An assignment's sheet, for the student (`teacher` false) or the teacher.
#[derive(Debug, Serialize)]
pub struct Sheet {
    pub number: usize,
    /// The editors' title.
    pub title: String,
    /// The editors' reading of the work form.
    pub work_form: Option<String>,
    pub teacher: bool,
    /// Where it belongs: "5. Inzet ervaringsdeskundigheid – 5.6 …".
    pub place: String,
    pub document: Option<String>,
    /// The sheet's page on the site, if the site has an address.
    pub url: Option<String>,
    pub goals: Vec<N>,
    /// The task, its steps numbered as on the web sheet.
    pub task: Vec<N>,
    /// Each step's answer space; none on the teacher's sheet.
    pub steps: Vec<Step>,
    /// The source's sentence arranging the class (teacher's sheet).
    pub arrangement: Option<String>,
    /// The school's settings from site.yaml (`opdrachtbladen:`).
    pub time: Option<String>,
    pub hand_in: Option<String>,
    /// The teacher's note; only on the teacher's sheet, and empty when the
    /// source gives none.
    pub note: Option<Vec<N>>,
}

pub fn sheet(cx: &Convert, index: usize, teacher: bool) -> Sheet {
    let site = cx.site;
    let a = &cx.derived.assignments[index];
    let p = &site.pages[a.page];
    let chapter = labels::page_title(p);
    let place = match a.section {
        Some(h) => format!("{chapter} – {}", labels::section_path(p, h)),
        None => chapter,
    };
    let goals = a
        .document
        .as_ref()
        .and_then(|d| cx.derived.learning_goals.get(d))
        .map(|g| cx.nodes(a.page, &g.children))
        .unwrap_or_default();
    Sheet {
        number: a.number,
        title: a.title.clone(),
        work_form: a.work_form.clone(),
        teacher,
        place,
        document: a
            .document
            .as_deref()
            .and_then(|d| labels::document_index(site, d))
            .map(|i| site.pages[i].front.title.clone()),
        url: cx.address(&crate::render::kinds::sheet::url(&a.id, teacher), None),
        goals,
        task: cx.nodes(a.page, &a.sheet_task),
        steps: if teacher {
            Vec::new()
        } else {
            a.steps.iter().map(|s| Step { number: s.number, lines: s.lines }).collect()
        },
        arrangement: teacher.then(|| a.arrangement.clone()).flatten(),
        time: site.config.sheets.get(&a.id).and_then(|s| s.tijd.clone()),
        hand_in: site.config.sheets.get(&a.id).and_then(|s| s.inleveren.clone()),
        note: teacher.then(|| cx.nodes(a.page, &a.teacher)),
    }
}
