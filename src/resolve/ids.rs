//! Pass 1 of resolve: every heading gets its id, every page its set of
//! anchors, and every global id (page `id:`, block `#id`) its place.

use super::model::{Heading, IdTarget, Ids};
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
    pub headings: Vec<Vec<Heading>>,
    pub anchors: Vec<BTreeSet<String>>,
    pub ids: Ids,
}

pub fn collect(pages: &[load::Page], diags: &mut Diagnostics) -> Found {
    // Pass 1: heading ids, anchors and global ids.
    let mut headings: Vec<Vec<Heading>> = Vec::new();
    let mut anchors: Vec<BTreeSet<String>> = Vec::new();
    let mut ids: Ids = BTreeMap::new();
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
            ids.insert(id.to_string(), IdTarget { page, anchor });
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
            claim(id, i, None, &page.file, load::page_position(), diags);
        }
        for (id, at) in block_ids {
            claim(&id, i, Some(id.clone()), &page.file, at, diags);
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
