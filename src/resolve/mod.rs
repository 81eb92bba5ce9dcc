//! Stage 2, resolve: give every heading an id, build the map of pages, ids
//! and anchors, and check every link, audience and cross-reference against
//! it. All problems are collected with their positions.
//!
//! `model` is what this stage hands on, `ids` is pass 1 (headings, anchors,
//! global ids), `walk` pass 2 (links and references, page by page).

mod ids;
pub mod index;
pub mod links;
pub mod model;
pub mod raw_html;
mod walk;

pub use links::Target;
pub use model::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load;
use links::LinkTable;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// `unreadable` names content paths that exist but failed to load: links
/// to them are not reported again (loading already said what is wrong).
pub fn resolve(config: Config, pages: Vec<load::Page>, unreadable: &BTreeSet<String>) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let by_path: BTreeMap<String, PageId> =
        pages.iter().enumerate().map(|(i, p)| (p.content_path.clone(), PageId::from_index(i))).collect();

    // Pass 1: heading ids, anchors and global ids.
    let ids::Found { headings, anchors, ids } = ids::collect(&pages, &mut diags);

    let table = LinkTable { by_path: &by_path, ids: &ids, anchors: &anchors, unreadable };

    // Pass 2: links, audiences, cross-references; page by page in
    // parallel, each with its own diagnostics and link records, joined in
    // page order.
    let resolved: Vec<(Page, Diagnostics, Vec<LinkRecord>, Vec<ExternalLink>)> = pages
        .into_par_iter()
        .zip(headings.into_par_iter())
        .enumerate()
        .map(|(i, (page, page_headings))| {
            let mut page_diags = Diagnostics::default();
            let mut links = Vec::new();
            let mut external = Vec::new();
            let mut cx = walk::Walk {
                page: PageId::from_index(i),
                file: &page.file,
                table: &table,
                config: &config,
                ids: &ids,
                diags: &mut page_diags,
                next_heading: 0,
                section: None,
                links: &mut links,
                external: &mut external,
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
            (out, page_diags, links, external)
        })
        .collect();
    let mut out_pages = Pages::default();
    let (mut link_records, mut external_links) = (Vec::new(), Vec::new());
    for (page, page_diags, links, external) in resolved {
        out_pages.push(page);
        diags.extend(page_diags);
        link_records.extend(links);
        external_links.extend(external);
    }

    // Links written in YAML (site.yaml, a document's front matter) are
    // reported at their value, found in the text when the YAML was read;
    // the message also names the setting.
    let config_link =
        |dest: &str, what: String, file: &std::path::Path, at: Option<(Position, usize)>, diags: &mut Diagnostics| {
            let (position, len) = at.unwrap_or_default();
            match table.resolve(dest, None, file, position) {
                Ok(t) => Some(t),
                Err(mut d) => {
                    d.position = at.map(|(p, _)| p);
                    d.message = format!("{what}: {}", d.message);
                    diags.push(d.len(len));
                    None
                }
            }
        };
    let config_file = std::path::Path::new(crate::config::CONFIG_FILE);
    let mut audience_related = BTreeMap::new();
    for a in &config.audiences {
        let targets = a
            .related
            .iter()
            .enumerate()
            .filter_map(|(j, dest)| {
                let at = a.related_positions.get(j).copied().flatten();
                let target = config_link(dest, format!("audience \"{}\"", a.slug), config_file, at, &mut diags)?;
                if let (Target::External(url), Some((position, len))) = (&target, at) {
                    let file = config_file.to_path_buf();
                    external_links.push(ExternalLink { url: url.clone(), file, position, len });
                }
                Some(target)
            })
            .collect();
        audience_related.insert(a.slug.clone(), targets);
    }
    let mut documents: BTreeMap<String, Document> = out_pages
        .with_ids()
        .filter_map(|(i, p)| {
            let doc = p.document.as_ref()?;
            (p.is_index && p.content_path == format!("{doc}/_index.md"))
                .then(|| (doc.clone(), Document { index: i, pages: Vec::new() }))
        })
        .collect();
    for (i, p) in out_pages.with_ids().filter(|(_, p)| !p.is_index) {
        if let Some(d) = p.document.as_ref().and_then(|d| documents.get_mut(d)) {
            d.pages.push(i);
        }
    }

    // Each document's card: from its `_index.md`, or from site.yaml's
    // `summary_card`, which names its document.
    let mut cards = Vec::new();
    let yaml_card = config.summary_card.as_ref();
    // A setting of the card in site.yaml, at its value when it was found.
    let at_card = |d: Diagnostic, c: &crate::config::CardConfig| match c.document_position {
        Some((at, len)) => d.at(config_file, at).len(len),
        None => d.in_file(config_file),
    };
    // A document whose _index.md failed to load is unknown only because of
    // that error, which is reported already.
    let known = |doc: &str| documents.contains_key(doc) || unreadable.contains(&format!("{doc}/_index.md"));
    if let Some(c) = yaml_card.filter(|c| !known(&c.document)) {
        let hint = match crate::diagnostic::closest(&c.document, documents.keys().map(String::as_str)) {
            Some(near) => format!("did you mean \"{near}\"? Name a folder under content/ that has an _index.md"),
            None => "name a folder under content/ that has an _index.md".into(),
        };
        let d = Diagnostic::new(format!("summary_card names an unknown document \"{}\"", c.document));
        diags.push(at_card(d, c).label("no such document").hint(hint));
    }
    for (doc, d) in &documents {
        let page = &out_pages[d.index];
        let (items, file) = match (&page.front.summary_card, yaml_card.filter(|c| &c.document == doc)) {
            (Some(own), None) => (&own.items, page.file.as_path()),
            (None, Some(c)) => (&c.items, config_file),
            (None, None) => continue,
            (Some(_), Some(c)) => {
                let mut d = at_card(Diagnostic::new(format!("two summary cards for the document \"{doc}\"")), c)
                    .label("a second card for this document")
                    .hint("configure the card in the document's _index.md and remove summary_card from site.yaml");
                if let Some((at, len)) = page.front.summary_card_position {
                    d = d.also_at(&page.file, at, len, "its card is configured here");
                }
                diags.push(d);
                continue;
            }
        };
        let items = items
            .iter()
            .filter_map(|item| {
                let what = format!("summary_card item \"{}\"", item.title);
                let t = config_link(&item.from, what, file, item.from_position, &mut diags)?;
                Some((item.clone(), t))
            })
            .collect();
        cards.push(CardSpec { document: doc.clone(), items });
    }

    unknown_sheet_settings(&config, &out_pages, &mut diags);
    let external = external_links;
    diags.finish(Site {
        config,
        pages: out_pages,
        ids,
        links: link_records,
        external,
        documents,
        audience_related,
        cards,
    })
}

/// An entry under `opdrachtbladen:` must name an assignment, or the
/// school's time and hand-in would silently reach no sheet.
fn unknown_sheet_settings(config: &Config, pages: &Pages, diags: &mut Diagnostics) {
    fn opdrachten<'a>(nodes: &'a [Node], out: &mut Vec<&'a str>) {
        for n in nodes {
            if let Node::Block(b) = n {
                if let (load::BlockKind::Opdracht { .. }, Some(id)) = (&b.kind, &b.id) {
                    out.push(id);
                }
                opdrachten(&b.children, out);
            }
        }
    }
    let mut known = Vec::new();
    for (_, p) in pages.with_ids() {
        opdrachten(&p.body, &mut known);
    }
    for id in config.sheets.keys().filter(|id| !known.contains(&id.as_str())) {
        let mut d = Diagnostic::new(format!("opdrachtbladen names an unknown assignment \"{id}\""))
            .label("no opdracht has this id")
            .hint(match crate::diagnostic::closest(id, known.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"? Write the id of an opdracht block (its #id)"),
                None => "write the id of an opdracht block (its #id)".into(),
            });
        let file = std::path::Path::new(crate::config::CONFIG_FILE);
        d = match config.sheet_positions.get(id) {
            Some((at, len)) => d.at(file, *at).len(*len),
            None => d.in_file(file),
        };
        diags.push(d);
    }
}
