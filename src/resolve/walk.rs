//! Pass 2 of resolve: one page's body walked with the map of pass 1 at
//! hand: links become targets, audiences and cross-references are checked,
//! headings and blocks learn the section they stand in.

use super::links::LinkTable;
use super::model::{Block, HeadingId, Id, Ids, Item, LinkRecord, Node, PageId};
use super::Target;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{self, BlockKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::path::PathBuf;

pub struct Walk<'a> {
    pub(super) page: PageId,
    pub(super) file: &'a PathBuf,
    pub(super) table: &'a LinkTable<'a>,
    pub(super) config: &'a Config,
    pub(super) ids: &'a Ids,
    pub(super) diags: &'a mut Diagnostics,
    /// Headings seen so far on the page, in the order collect_headings saw
    /// them, so each heading start maps to its id by counting.
    pub(super) next_heading: usize,
    pub(super) section: Option<HeadingId>,
    pub(super) links: &'a mut Vec<LinkRecord>,
}

impl Walk<'_> {
    /// `html` is a run of consecutive raw HTML events, so a tag split
    /// over lines is read whole.
    fn raw_html(&mut self, html: &str, at: Position) {
        for d in super::raw_html::check(html, at, self.file) {
            self.diags.push(d);
        }
    }

    pub(super) fn nodes(&mut self, nodes: Vec<load::Node>) -> Vec<Node> {
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
                            .span_of(slug)
                            .label("not an audience in site.yaml")
                            .hint(match crate::diagnostic::closest(slug, self.config.audiences.iter().map(|a| a.slug.as_str())) {
                                Some(near) => format!("did you mean \"{near}\"? Or add the audience to site.yaml"),
                                None => "use one of the slugs listed under audiences in site.yaml, or add the audience there".into(),
                            }),
                        );
                    }
                }
                for (id, at) in samenvat {
                    // The id may be on a page that failed to load, whose
                    // error is reported already (as for links to @id).
                    if !self.ids.contains_key(id) && self.table.unreadable.is_empty() {
                        self.diags.push(
                            Diagnostic::new(format!("samenvat names an unknown id \"{id}\""))
                                .at(self.file, *at)
                                .span_of(id)
                                .hint("name the id of the recommendation this one summarises"),
                        );
                    }
                }
            }
            BlockKind::Begrip { bron: (dest, at), .. } => {
                match self.table.resolve(dest, Some(self.page), self.file, *at) {
                    Ok(t) => definition = Some(t),
                    Err(d) => self.diags.push(d.span_of(dest)),
                }
            }
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
            let len = located.len as usize;
            if let Event::Html(h) | Event::InlineHtml(h) = &located.event {
                raw.get_or_insert_with(|| (String::new(), at)).0.push_str(h);
            } else if let Some((html, start)) = raw.take() {
                self.raw_html(&html, start);
            }
            match located.event {
                Event::Start(Tag::Link { dest_url, title, .. }) => {
                    let target = match self.table.resolve(&dest_url, Some(self.page), self.file, at) {
                        Ok(t) => t,
                        Err(d) => {
                            self.diags.push(d.len(len));
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
                    let heading = HeadingId::from_index(self.next_heading);
                    out.push(Item::HeadingStart { level, heading });
                    self.section = Some(heading);
                    self.next_heading += 1;
                }
                Event::End(TagEnd::Heading(_)) => out.push(Item::HeadingEnd),
                Event::Start(Tag::Image { dest_url, .. })
                    if !dest_url.contains(':') || crate::html::forbidden_scheme(&dest_url).is_some() =>
                {
                    let d = match crate::html::forbidden_scheme(&dest_url) {
                        Some(scheme) => Diagnostic::new(format!("{scheme}: images are not allowed"))
                            .hint("show an image from an https:// address: ![what it shows](https://…)"),
                        None => Diagnostic::new(format!("local image \"{dest_url}\" is not supported"))
                            .hint("use a figuur block with a table or an editorial note, or an https:// image"),
                    };
                    self.diags.push(d.at(self.file, at).len(len));
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
            self.raw_html(&html, start);
        }
        out
    }
}
