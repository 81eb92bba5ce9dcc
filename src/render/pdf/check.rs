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
        let mut items = Vec::new();
        text_items(&page.frame, Transform::identity(), &mut items);
        for line in overflowing_lines(items, limit) {
            let d = Diagnostic::new(format!(
                "text runs off page {} of {file}: «{}»",
                n + 1,
                line.over.chars().take(60).collect::<String>()
            ))
            .hint("a word or a table too wide for the page: break the word (a hyphen or a space), or give the table fewer or narrower columns");
            // The whole line finds the place best: a piece of it (a link's
            // text, a bracket) may stand in any file.
            let longest = |t: &str| t.split_whitespace().max_by_key(|w| w.len()).unwrap_or_default().to_string();
            let needles = [line.text.trim().to_string(), line.over.trim().to_string(), longest(&line.text)];
            diags.push(at_any(site, root, &scope, &needles, d));
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

/// A text item of a page: where it starts and ends, and its text.
struct Placed {
    start: Point,
    end: Abs,
    text: String,
}

/// Every text item of a frame, placed on the page.
fn text_items(frame: &Frame, ts: Transform, out: &mut Vec<Placed>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform);
                text_items(&g.frame, inner, out);
            }
            FrameItem::Text(t) => {
                let start = pos.transform(ts);
                let end = Point::new(pos.x + t.width(), pos.y).transform(ts).x;
                out.push(Placed { start, end, text: t.text.to_string() });
            }
            _ => {}
        }
    }
}

/// A line of a page that runs beyond the limit: its whole text, and the
/// text of its first item that does.
struct Overflow {
    text: String,
    over: String,
}

/// The lines (text items on one baseline) that reach beyond `limit`, in
/// the order of the page, each once.
fn overflowing_lines(mut items: Vec<Placed>, limit: Abs) -> Vec<Overflow> {
    // A tenth of a point apart is one baseline.
    let baseline = |p: &Placed| (p.start.y.to_pt() * 10.0).round() as i64;
    items.sort_by(|a, b| baseline(a).cmp(&baseline(b)).then(a.start.x.to_pt().total_cmp(&b.start.x.to_pt())));
    let mut out = Vec::new();
    for line in items.chunk_by(|a, b| baseline(a) == baseline(b)) {
        let Some(over) = line.iter().find(|p| p.end > limit && !p.text.trim().is_empty()) else { continue };
        out.push(Overflow { text: line.iter().map(|p| p.text.as_str()).collect(), over: over.text.clone() });
    }
    out
}

/// Points `d` at the first line of the pages in `scope` that holds `text`
/// (or its longest word), or at the first page's file.
pub fn at_text(site: &Site, root: &Path, scope: &[PageId], text: &str, d: Diagnostic) -> Diagnostic {
    let longest = text.split_whitespace().max_by_key(|w| w.len()).unwrap_or_default();
    at_any(site, root, scope, &[text.trim().to_string(), longest.to_string()], d)
}

/// Points `d` at the first line of the pages in `scope` that holds the
/// first of `needles` found in any of them, or at the first page's file.
fn at_any(site: &Site, root: &Path, scope: &[PageId], needles: &[String], d: Diagnostic) -> Diagnostic {
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for &i in scope {
            let file = &site.pages[i].file;
            let Ok(source) = crate::read::text(&root.join(file)) else { continue };
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
