//! Pass 1 of resolve: every heading gets its id, every page its set of
//! anchors, and every global id (page `id:`, block `#id`) its place.

use super::index::IdVec;
use super::model::{Heading, Headings, Id, IdTarget, Ids, PageId};
use super::Diagnostics;
use crate::diagnostic::{Diagnostic, Position};
use crate::load;
use crate::slug;
use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What pass 1 finds: per page its headings and anchors, and the global ids.
pub struct Found {
    pub headings: Vec<Headings>,
    pub anchors: IdVec<PageId, BTreeSet<String>>,
    pub ids: Ids,
}

pub fn collect(pages: &[load::Page], diags: &mut Diagnostics) -> Found {
    // Pass 1: heading ids, anchors and global ids.
    let mut headings: Vec<Headings> = Vec::new();
    let mut anchors: IdVec<PageId, BTreeSet<String>> = IdVec::default();
    let mut ids: Ids = BTreeMap::new();
    // Where each id is written, and how wide: a block id with its `#`, a
    // page id as its `id:` value.
    let mut id_positions: BTreeMap<String, (PathBuf, Position, usize)> = BTreeMap::new();
    let mut claim = |id: &str,
                     page: PageId,
                     anchor: Option<String>,
                     file: &PathBuf,
                     (at, len): (Position, usize),
                     diags: &mut Diagnostics| {
        if let Some((other_file, other_at, other_len)) = id_positions.get(id) {
            diags.push(
                Diagnostic::new(format!("duplicate id \"{id}\""))
                    .at(file, at)
                    .len(len)
                    .label("used again here")
                    .also_at(other_file, *other_at, *other_len, "first defined here")
                    .hint("ids must be unique across the site; give one of them another id"),
            );
            return;
        }
        id_positions.insert(id.to_string(), (file.clone(), at, len));
        ids.insert(id.to_string(), IdTarget { page, anchor });
    };
    // What each page holds on its own is collected in parallel; ids are
    // then claimed in page order, so the first use of an id wins.
    type PageIds = (Headings, BTreeSet<String>, Diagnostics, Vec<(String, Position)>);
    let local: Vec<PageIds> = pages
        .par_iter()
        .map(|page| {
            let mut page_anchors = BTreeSet::new();
            let mut page_headings = Headings::default();
            let mut page_diags = Diagnostics::default();
            collect_headings(&page.body, &mut page_headings, &mut page_anchors, &page.file, &mut page_diags);
            let mut block_ids: Vec<(String, Position)> = Vec::new();
            walk_blocks(&page.body, &mut |b| {
                if let Some((id, at)) = &b.id {
                    if page_anchors.insert(id.clone()) {
                        block_ids.push((id.clone(), *at));
                        return;
                    }
                    // Reported here only: claiming it again for the site
                    // would say the same thing twice.
                    let d = Diagnostic::new(format!("duplicate id \"{id}\" on this page"))
                        .at(&page.file, *at)
                        .len(id.chars().count() + 1)
                        .label("used again here");
                    let d = match block_ids.iter().find(|(other, _)| other == id) {
                        Some((_, first)) => d
                            .also_at(&page.file, *first, id.chars().count() + 1, "first defined here")
                            .hint("give one of them another id"),
                        None => d.hint("a heading on this page already has this id; give the block another id"),
                    };
                    page_diags.push(d);
                }
            });
            (page_headings, page_anchors, page_diags, block_ids)
        })
        .collect();
    for (i, (page, (page_headings, page_anchors, page_diags, block_ids))) in pages.iter().zip(local).enumerate() {
        let i = PageId::from_index(i);
        diags.extend(page_diags);
        if let Some(id) = &page.front.id {
            let at = page.front.id_position.unwrap_or((load::page_position(), 0));
            claim(id, i, None, &page.file, at, diags);
        }
        for (id, at) in block_ids {
            let len = id.chars().count() + 1;
            claim(&id, i, Some(id.clone()), &page.file, (at, len), diags);
        }
        headings.push(page_headings);
        anchors.push(page_anchors);
    }
    Found { headings, anchors, ids }
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
    out: &mut Headings,
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
                            let at = ev.position.unwrap_or_default();
                            if let Some(d) = slug::not_an_id(explicit, |good| format!("{{#{good}}}")) {
                                diags.push(d.at(file, at).len(ev.len as usize));
                            } else if anchors.contains(explicit.as_ref()) {
                                diags.push(
                                    Diagnostic::new(format!("duplicate heading id \"{explicit}\""))
                                        .at(file, ev.position.unwrap_or_default())
                                        .len(ev.len as usize)
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
