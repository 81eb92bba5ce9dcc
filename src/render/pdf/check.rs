//! Layout problems of a print edition, as diagnostics at the content that
//! causes them: a sheet that needs a second page, a card longer than two
//! pages, a word or table that runs off the page. typst itself lays such
//! content out without complaint, clipped or overflowing.

use super::Edition;
use crate::derive::Derived;
use crate::diagnostic::{Diagnostic, Position};
use crate::resolve::{PageId, Site};
use std::path::Path;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst_layout::PagedDocument;

/// How far text may reach into the right margin before it counts as
/// running off the page. The templates' margins are at least 18 mm.
const MARGIN_SLACK_MM: f64 = 8.0;

pub fn layout(
    site: &Site,
    derived: &Derived,
    root: &Path,
    edition: Edition,
    file: &str,
    document: &PagedDocument,
) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let pages = document.pages().len();
    match edition {
        Edition::Sheet { index, teacher } if pages > 1 => {
            let a = &derived.assignments[index];
            let version = if teacher { "teacher's" } else { "student's" };
            diags.push(
                at_text(
                    site,
                    root,
                    &[a.page],
                    &format!("{{#{}", a.id),
                    Diagnostic::new(format!(
                        "the {version} sheet of opdracht {} does not fit on one A4 page ({pages} pages in {file})",
                        a.number
                    )),
                )
                .hint("shorten the assignment, its teacher note or its schrijfregels, or split it in two"),
            );
        }
        Edition::Card(c) if pages > 2 => {
            let doc = &derived.cards[c].document;
            let d = Diagnostic::new(format!(
                "the summary card needs {pages} pages in {file}; it must fit on two A4 pages"
            ))
            .hint("take less into the card under summary_card: (take: first-paragraph or list instead of section)");
            diags.push(match crate::render::labels::document_index(site, doc) {
                Some(i) => d.in_file(&site.pages[i].file),
                None => d.in_file(crate::config::CONFIG_FILE),
            });
        }
        Edition::Audience(a) if pages > 2 => {
            let audience = &derived.audiences[a];
            let d = Diagnostic::new(format!(
                "the card for {} needs {pages} pages in {file}; it must fit on two A4 pages",
                audience.name
            ))
            .hint("the card holds every recommendation addressed to this audience (doelgroepen=): address fewer to it, or shorten them");
            // At the last one addressed to it, the one that did not fit.
            match audience.recommendations.last().map(|&r| &derived.recommendations[r]) {
                Some(r) => diags.push(at_text(site, root, &[r.page], &format!("{{#{}", r.id), d)),
                None => diags.push(site.config.blame("audiences", d)),
            }
        }
        _ => {}
    }
    let scope = scope(site, derived, edition);
    for (n, page) in document.pages().iter().enumerate() {
        let limit = page.frame.width() - Abs::mm(MARGIN_SLACK_MM);
        let mut over = Vec::new();
        overflowing(&page.frame, Transform::identity(), limit, &mut over);
        for text in over {
            let d = Diagnostic::new(format!(
                "text runs off page {} of {file}: «{}»",
                n + 1,
                text.chars().take(60).collect::<String>()
            ))
            .hint("a word or a table too wide for the page: break the word (a hyphen or a space), or give the table fewer or narrower columns");
            diags.push(at_text(site, root, &scope, &text, d));
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// The content pages an edition is made from, where its problems are
/// looked for.
pub fn scope(site: &Site, derived: &Derived, edition: Edition) -> Vec<PageId> {
    match edition {
        Edition::Document(index) => site.pages[index]
            .document
            .as_ref()
            .and_then(|doc| site.documents.get(doc))
            .map(|d| std::iter::once(d.index).chain(d.pages.iter().copied()).collect())
            .unwrap_or_default(),
        Edition::Card(c) => derived.cards[c].sections.iter().map(|s| s.page).collect(),
        Edition::Sheet { index, .. } => vec![derived.assignments[index].page],
        Edition::ClassSet { .. } => derived.assignments.iter().map(|a| a.page).collect(),
        Edition::Audience(a) => {
            derived.audiences[a].recommendations.iter().map(|&r| derived.recommendations[r].page).collect()
        }
    }
}

/// Text items whose right edge lies beyond `limit`.
fn overflowing(frame: &Frame, ts: Transform, limit: Abs, out: &mut Vec<String>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform);
                overflowing(&g.frame, inner, limit, out);
            }
            FrameItem::Text(t) => {
                let end = Point::new(pos.x + t.width(), pos.y).transform(ts);
                if end.x > limit && !t.text.trim().is_empty() {
                    out.push(t.text.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Points `d` at the first line of the pages in `scope` that holds `text`
/// (or its first word), or at the first page's file.
pub fn at_text(site: &Site, root: &Path, scope: &[PageId], text: &str, d: Diagnostic) -> Diagnostic {
    let needles: Vec<&str> =
        [text.trim(), text.split_whitespace().max_by_key(|w| w.len()).unwrap_or_default()].into_iter().collect();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for &i in scope {
            let file = &site.pages[i].file;
            let Ok(source) = std::fs::read_to_string(root.join(file)) else { continue };
            if let Some(at) = source.find(needle) {
                let line = source[..at].matches('\n').count() + 1;
                let column = source[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                return d.at(file, Position { line, column });
            }
        }
    }
    // Not found as written (the text was split or changed on its way into
    // the layout): the file it comes from, at its start.
    match scope.first() {
        Some(&i) => d.at(&site.pages[i].file, crate::load::page_position()),
        None => d,
    }
}
