//! Stage 2, resolve: give every heading an id, build the map of pages, ids
//! and anchors, and check every link, audience and cross-reference against
//! it. All problems are collected with their positions.

pub mod links;
pub mod slug;

pub use links::Target;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{self, BlockKind};
use links::LinkTable;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    /// Global ids (page ids and block ids) → page and anchor.
    pub ids: BTreeMap<String, (usize, Option<String>)>,
    /// Every internal link, for backlinks.
    pub links: Vec<LinkRecord>,
    /// Documents by folder: their front page and pages in reading order.
    /// Kept here so later stages look a document up instead of scanning
    /// every page for every page.
    pub documents: BTreeMap<String, Document>,
    /// Resolved `related` targets of audiences without recommendations.
    pub audience_related: BTreeMap<String, Vec<Target>>,
    /// The summary card's items with the section each one takes from.
    pub card_items: Vec<(crate::config::CardItem, Target)>,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The document's `_index.md`.
    pub index: usize,
    /// Its other pages, in reading order.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Page {
    pub file: PathBuf,
    pub content_path: String,
    pub url: String,
    pub document: Option<String>,
    pub is_index: bool,
    pub front: load::FrontMatter,
    pub headings: Vec<Heading>,
    pub body: Vec<Node>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub enum Node {
    Markdown(Vec<Item>),
    Block(Block),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub id: Option<String>,
    /// Index into the page's headings of the section this block stands in.
    pub section: Option<usize>,
    /// For a begrip: where the document defines the term.
    pub definition: Option<Target>,
    pub children: Vec<Node>,
}

/// A Markdown event, or one of the two the renderer must treat specially:
/// links (their URL depends on the page they are rendered on) and headings
/// (their id was chosen here).
#[derive(Debug, Clone)]
pub enum Item {
    Event(Event<'static>),
    LinkStart { target: Target, title: CowStr<'static> },
    LinkEnd,
    HeadingStart { level: HeadingLevel, heading: usize },
    HeadingEnd,
}

#[derive(Debug, Clone)]
pub struct LinkRecord {
    pub from_page: usize,
    pub from_section: Option<usize>,
    pub target: Target,
}

/// `unreadable` names content paths that exist but failed to load: links
/// to them are not reported again (loading already said what is wrong).
pub fn resolve(config: Config, pages: Vec<load::Page>, unreadable: &BTreeSet<String>) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let by_path: BTreeMap<String, usize> = pages.iter().enumerate().map(|(i, p)| (p.content_path.clone(), i)).collect();
    let urls: Vec<String> = pages.iter().map(|p| p.url.clone()).collect();

    // Pass 1: heading ids, anchors and global ids.
    let mut headings: Vec<Vec<Heading>> = Vec::new();
    let mut anchors: Vec<BTreeSet<String>> = Vec::new();
    let mut ids: BTreeMap<String, (usize, Option<String>)> = BTreeMap::new();
    let mut id_positions: BTreeMap<String, (PathBuf, Position)> = BTreeMap::new();
    let mut claim =
        |id: &str, page: usize, anchor: Option<String>, file: &PathBuf, at: Position, diags: &mut Diagnostics| {
            if let Some((other_file, other_at)) = id_positions.get(id) {
                diags.push(Diagnostic::new(format!("duplicate id \"{id}\"")).at(file, at).hint(format!(
                    "it is already used at {}:{}:{}; ids must be unique across the site",
                    other_file.display(),
                    other_at.line,
                    other_at.column
                )));
                return;
            }
            id_positions.insert(id.to_string(), (file.clone(), at));
            ids.insert(id.to_string(), (page, anchor));
        };
    // What each page holds on its own is collected in parallel; ids are
    // then claimed in page order, so the first use of an id wins.
    type PageIds = (Vec<Heading>, BTreeSet<String>, Diagnostics, Vec<(String, Position)>);
    let local: Vec<PageIds> = pages
        .par_iter()
        .map(|page| {
            let mut page_anchors = BTreeSet::new();
            let mut page_headings = Vec::new();
            let mut page_diags = Diagnostics::default();
            collect_headings(&page.body, &mut page_headings, &mut page_anchors, &page.file, &mut page_diags);
            let mut block_ids = Vec::new();
            walk_blocks(&page.body, &mut |b| {
                if let Some((id, at)) = &b.id {
                    if !page_anchors.insert(id.clone()) {
                        page_diags.push(
                            Diagnostic::new(format!("duplicate id \"{id}\" on this page"))
                                .at(&page.file, *at)
                                .hint("a heading or another block already uses it"),
                        );
                    }
                    block_ids.push((id.clone(), *at));
                }
            });
            (page_headings, page_anchors, page_diags, block_ids)
        })
        .collect();
    for (i, (page, (page_headings, page_anchors, page_diags, block_ids))) in pages.iter().zip(local).enumerate() {
        diags.extend(page_diags);
        if let Some(id) = &page.front.id {
            claim(id, i, None, &page.file, load::page_position(), &mut diags);
        }
        for (id, at) in block_ids {
            claim(&id, i, Some(id.clone()), &page.file, at, &mut diags);
        }
        headings.push(page_headings);
        anchors.push(page_anchors);
    }

    let table = LinkTable { by_path: &by_path, ids: &ids, anchors: &anchors, urls: &urls, unreadable };

    // Pass 2: links, audiences, cross-references; page by page in
    // parallel, each with its own diagnostics and link records, joined in
    // page order.
    let resolved: Vec<(Page, Diagnostics, Vec<LinkRecord>)> = pages
        .into_par_iter()
        .zip(headings.into_par_iter())
        .enumerate()
        .map(|(i, (page, page_headings))| {
            let mut page_diags = Diagnostics::default();
            let mut links = Vec::new();
            let mut cx = Walk {
                page: i,
                file: &page.file,
                table: &table,
                config: &config,
                ids: &ids,
                diags: &mut page_diags,
                heading: 0,
                section: None,
                links: &mut links,
            };
            let body = cx.nodes(page.body);
            let out = Page {
                file: page.file,
                content_path: page.content_path,
                url: page.url,
                document: page.document,
                is_index: page.is_index,
                front: page.front,
                headings: page_headings,
                body,
            };
            (out, page_diags, links)
        })
        .collect();
    let mut out_pages = Vec::with_capacity(resolved.len());
    let mut link_records = Vec::new();
    for (page, page_diags, links) in resolved {
        out_pages.push(page);
        diags.extend(page_diags);
        link_records.extend(links);
    }

    // Links in site.yaml have no Markdown position; the message names the
    // setting instead.
    let mut config_link = |dest: &str, what: String| match table.resolve(
        dest,
        0,
        std::path::Path::new(crate::config::CONFIG_FILE),
        Position::default(),
    ) {
        Ok(t) => Some(t),
        Err(mut d) => {
            d.position = None;
            d.message = format!("{what}: {}", d.message);
            diags.push(d);
            None
        }
    };
    let mut audience_related = BTreeMap::new();
    for a in &config.audiences {
        let targets =
            a.related.iter().filter_map(|dest| config_link(dest, format!("audience \"{}\"", a.slug))).collect();
        audience_related.insert(a.slug.clone(), targets);
    }
    let mut card_items = Vec::new();
    if let Some(card) = &config.summary_card {
        for item in &card.items {
            if let Some(t) = config_link(&item.from, format!("summary_card item \"{}\"", item.title)) {
                card_items.push((item.clone(), t));
            }
        }
    }

    let mut documents: BTreeMap<String, Document> = out_pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let doc = p.document.as_ref()?;
            (p.is_index && p.content_path == format!("{doc}/_index.md"))
                .then(|| (doc.clone(), Document { index: i, pages: Vec::new() }))
        })
        .collect();
    for (i, p) in out_pages.iter().enumerate().filter(|(_, p)| !p.is_index) {
        if let Some(d) = p.document.as_ref().and_then(|d| documents.get_mut(d)) {
            d.pages.push(i);
        }
    }

    diags.finish(Site { config, pages: out_pages, ids, links: link_records, documents, audience_related, card_items })
}

fn walk_blocks(nodes: &[load::Node], f: &mut dyn FnMut(&load::Block)) {
    for n in nodes {
        if let load::Node::Block(b) = n {
            f(b);
            walk_blocks(&b.children, f);
        }
    }
}

/// Gives each heading its id: the explicit `{#id}`, or a slug of its text
/// made unique on the page with a `-2`, `-3` suffix.
fn collect_headings(
    nodes: &[load::Node],
    out: &mut Vec<Heading>,
    anchors: &mut BTreeSet<String>,
    file: &PathBuf,
    diags: &mut Diagnostics,
) {
    for n in nodes {
        match n {
            load::Node::Block(b) => collect_headings(&b.children, out, anchors, file, diags),
            load::Node::Markdown(events) => {
                let mut iter = events.iter();
                while let Some(ev) = iter.next() {
                    let Event::Start(Tag::Heading { level, id, .. }) = &ev.event else { continue };
                    let mut text = String::new();
                    for inner in iter.by_ref() {
                        match &inner.event {
                            Event::End(TagEnd::Heading(_)) => break,
                            Event::Text(t) | Event::Code(t) => text.push_str(t),
                            Event::SoftBreak | Event::HardBreak => text.push(' '),
                            _ => {}
                        }
                    }
                    let text = text.trim().to_string();
                    let id = match id {
                        Some(explicit) => {
                            if anchors.contains(explicit.as_ref()) {
                                diags.push(
                                    Diagnostic::new(format!("duplicate heading id \"{explicit}\""))
                                        .at(file, ev.position.unwrap_or_default())
                                        .hint("give this heading another {#id}"),
                                );
                            }
                            explicit.to_string()
                        }
                        None => {
                            let base = slug::slugify(&text);
                            let mut id = base.clone();
                            let mut n = 2;
                            while anchors.contains(&id) {
                                id = format!("{base}-{n}");
                                n += 1;
                            }
                            id
                        }
                    };
                    anchors.insert(id.clone());
                    out.push(Heading { level: *level as u8, id, text });
                }
            }
        }
    }
}

struct Walk<'a> {
    page: usize,
    file: &'a PathBuf,
    table: &'a LinkTable<'a>,
    config: &'a Config,
    ids: &'a BTreeMap<String, (usize, Option<String>)>,
    diags: &'a mut Diagnostics,
    /// Headings seen so far on the page, in the order collect_headings saw
    /// them, so each heading start maps to its id by counting.
    heading: usize,
    section: Option<usize>,
    links: &'a mut Vec<LinkRecord>,
}

impl Walk<'_> {
    /// Links written as raw HTML (`<a href="…">`) bypass link resolution:
    /// they would be published unchecked and unrewritten, so only external
    /// addresses are allowed there. `html` is a run of consecutive raw HTML
    /// events, so a tag split over lines is read whole.
    fn raw_html_links(&mut self, html: &str, at: Position) {
        for found in crate::html::scan(html) {
            let crate::html::Found::Url { attr, url, line } = found else { continue };
            let dest = url.trim();
            if crate::html::is_external(dest) && crate::html::scheme(dest).as_deref() != Some("javascript") {
                continue;
            }
            // The attribute's own position: its line in the fragment, and
            // its column there if the name can be found on that line.
            let line = (line as usize).max(1);
            let text = html.lines().nth(line - 1).unwrap_or("");
            let lower = text.to_ascii_lowercase();
            let column = lower
                .match_indices(attr.as_str())
                .map(|(i, _)| i)
                .find(|&i| {
                    lower[..i].ends_with(char::is_whitespace) && lower[i + attr.len()..].trim_start().starts_with('=')
                })
                .map(|i| text[..i].chars().count())
                .unwrap_or(0);
            let position = match line {
                1 => Position { line: at.line, column: at.column + column },
                n => Position { line: at.line + n - 1, column: column + 1 },
            };
            self.diags.push(
                Diagnostic::new(format!("a link in raw HTML is not checked: {attr}=\"{dest}\""))
                    .at(self.file, position)
                    .hint("write it in Markdown, [text](@/path.md#anchor) or [text](@id), so it is checked and made relative"),
            );
        }
    }

    fn nodes(&mut self, nodes: Vec<load::Node>) -> Vec<Node> {
        nodes
            .into_iter()
            .map(|n| match n {
                load::Node::Markdown(events) => Node::Markdown(self.events(events)),
                load::Node::Block(b) => Node::Block(self.block(b)),
            })
            .collect()
    }

    fn block(&mut self, b: load::Block) -> Block {
        let mut definition = None;
        match &b.kind {
            BlockKind::Aanbeveling { doelgroepen, samenvat, .. } => {
                for (slug, at) in doelgroepen {
                    if self.config.audience(slug).is_none() {
                        self.diags.push(
                            Diagnostic::new(format!(
                                "unknown audience \"{slug}\" (known: {})",
                                self.config.audience_slugs()
                            ))
                            .at(self.file, *at)
                            .hint(
                                "use one of the slugs listed under audiences in site.yaml, or add the audience there",
                            ),
                        );
                    }
                }
                if doelgroepen.is_empty() {
                    self.diags.push(
                        Diagnostic::new("a recommendation without audiences")
                            .at(self.file, b.position)
                            .hint("list at least one slug in doelgroepen=\"…\""),
                    );
                }
                for (id, at) in samenvat {
                    if !self.ids.contains_key(id) {
                        self.diags.push(
                            Diagnostic::new(format!("samenvat names an unknown id \"{id}\""))
                                .at(self.file, *at)
                                .hint("name the id of the recommendation this one summarises"),
                        );
                    }
                }
            }
            BlockKind::Begrip { bron: (dest, at), .. } => match self.table.resolve(dest, self.page, self.file, *at) {
                Ok(t) => definition = Some(t),
                Err(d) => self.diags.push(d),
            },
            _ => {}
        }
        Block {
            section: self.section,
            id: b.id.map(|(id, _)| id),
            children: self.nodes(b.children),
            kind: b.kind,
            definition,
        }
    }

    fn events(&mut self, events: Vec<load::Located>) -> Vec<Item> {
        let mut out = Vec::with_capacity(events.len());
        // Consecutive raw HTML events (an HTML block comes line by line)
        // and where the first one starts.
        let mut raw: Option<(String, Position)> = None;
        for located in events {
            let at = located.position.unwrap_or_default();
            if let Event::Html(h) | Event::InlineHtml(h) = &located.event {
                raw.get_or_insert_with(|| (String::new(), at)).0.push_str(h);
            } else if let Some((html, start)) = raw.take() {
                self.raw_html_links(&html, start);
            }
            match located.event {
                Event::Start(Tag::Link { dest_url, title, .. }) => {
                    let target = match self.table.resolve(&dest_url, self.page, self.file, at) {
                        Ok(t) => t,
                        Err(d) => {
                            self.diags.push(d);
                            Target::External(String::new())
                        }
                    };
                    if let Target::Page { .. } = target {
                        self.links.push(LinkRecord {
                            from_page: self.page,
                            from_section: self.section,
                            target: target.clone(),
                        });
                    }
                    out.push(Item::LinkStart { target, title });
                }
                Event::End(TagEnd::Link) => out.push(Item::LinkEnd),
                Event::Start(Tag::Heading { level, .. }) => {
                    out.push(Item::HeadingStart { level, heading: self.heading });
                    self.section = Some(self.heading);
                    self.heading += 1;
                }
                Event::End(TagEnd::Heading(_)) => out.push(Item::HeadingEnd),
                Event::Start(Tag::Image { dest_url, .. }) if !dest_url.contains(':') => {
                    self.diags.push(
                        Diagnostic::new(format!("local image \"{dest_url}\" is not supported"))
                            .at(self.file, at)
                            .hint("use a figuur block with a table or an editorial note, or an https:// image"),
                    );
                    out.push(Item::Event(Event::Start(Tag::Image {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url,
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    })));
                }
                other => out.push(Item::Event(other)),
            }
        }
        if let Some((html, start)) = raw.take() {
            self.raw_html_links(&html, start);
        }
        out
    }
}
