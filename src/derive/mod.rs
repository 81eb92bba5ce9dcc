//! Stage 3, derive: the pages that are computed from the content rather
//! than written — recommendations per audience, the summary card,
//! assignments (for the sheets), backlinks, source lists, the glossary index and search data.
//! Everything here is taken from the resolved site, so it cannot drift from
//! the text.

pub mod assignments;
pub mod backlinks;
pub mod card;
pub mod recommendations;
pub mod sections;
pub mod steps;

use crate::load::BlockKind;
use crate::resolve::{Block, HeadingId, Node, PageId, Site};
use std::collections::BTreeMap;

pub use assignments::Assignment;
pub use backlinks::Backlink;
pub use card::{Card, CardSection};
pub use recommendations::{AudienceSummary, Recommendation};

#[derive(Debug)]
pub struct Derived {
    pub recommendations: Vec<Recommendation>,
    pub audiences: Vec<AudienceSummary>,
    pub assignments: Vec<Assignment>,
    /// Learning goals per document, shown on its sheets.
    pub learning_goals: BTreeMap<String, Block>,
    /// One summary card per document that configures one.
    pub cards: Vec<Card>,
    /// (page, heading) → where it is linked from; heading None is the page.
    pub backlinks: BTreeMap<(PageId, Option<HeadingId>), Vec<Backlink>>,
    /// Every `bron` block per document, in reading order.
    pub sources: BTreeMap<String, Vec<Source>>,
    /// Each document's sources page (`SOURCES_PAGE` in its folder).
    pub source_pages: BTreeMap<String, PageId>,
    pub glossary: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub page: PageId,
    pub section: Option<HeadingId>,
    pub block: Block,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: String,
    /// Lower-case forms whose first use on a page links to the entry.
    pub forms: Vec<String>,
    pub page: PageId,
}

/// The file name of a document's sources page: the page that lists every
/// `bron` block of its document, and that navigation links to.
pub const SOURCES_PAGE: &str = "bronnen.md";

pub fn derive(site: &Site) -> Derived {
    let recommendations = recommendations::collect(site);
    let audiences = recommendations::audiences(site, &recommendations);
    let (assignments, learning_goals) = assignments::collect(site);
    let mut sources: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    let mut glossary = Vec::new();
    for (i, page) in site.pages.with_ids() {
        visit_blocks(&page.body, &mut |b| match &b.kind {
            BlockKind::Bron { .. } => {
                if let Some(doc) = &page.document {
                    sources.entry(doc.clone()).or_default().push(Source {
                        page: i,
                        section: b.section,
                        block: b.clone(),
                    });
                }
            }
            BlockKind::Begrip { term, varianten, .. } => {
                let mut forms = vec![term.to_lowercase()];
                forms.extend(varianten.iter().map(|v| v.to_lowercase()));
                glossary.push(Term { id: b.id.clone().unwrap_or_default(), term: term.clone(), forms, page: i });
            }
            _ => {}
        });
    }
    let source_pages = site
        .pages
        .with_ids()
        .filter_map(|(i, p)| {
            let doc = p.document.as_ref()?;
            (p.content_path == format!("{doc}/{SOURCES_PAGE}")).then(|| (doc.clone(), i))
        })
        .collect();
    Derived {
        source_pages,
        cards: card::collect(site),
        backlinks: backlinks::collect(site),
        recommendations,
        audiences,
        assignments,
        learning_goals,
        sources,
        glossary,
    }
}

/// Calls `f` on every block, depth first, in reading order.
pub fn visit_blocks<'a>(nodes: &'a [Node], f: &mut dyn FnMut(&'a Block)) {
    for n in nodes {
        if let Node::Block(b) = n {
            f(b);
            visit_blocks(&b.children, f);
        }
    }
}
