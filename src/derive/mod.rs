//! Stage 3, derive: the pages that are computed from the content rather
//! than written — recommendations per audience, the summary card, exercise
//! sheets, backlinks, source lists, the glossary index and search data.
//! Everything here is taken from the resolved site, so it cannot drift from
//! the text.

pub mod backlinks;
pub mod card;
pub mod exercises;
pub mod recommendations;
pub mod sections;

use crate::load::BlockKind;
use crate::resolve::{Block, Node, Site};
use std::collections::BTreeMap;

pub use backlinks::Backlink;
pub use card::CardSection;
pub use exercises::Assignment;
pub use recommendations::{AudienceSummary, Recommendation};

#[derive(Debug)]
pub struct Derived {
    pub recommendations: Vec<Recommendation>,
    pub audiences: Vec<AudienceSummary>,
    pub assignments: Vec<Assignment>,
    /// Learning goals per document, shown on its exercise sheets.
    pub learning_goals: BTreeMap<String, Block>,
    pub card: Vec<CardSection>,
    /// (page, heading) → where it is linked from; heading None is the page.
    pub backlinks: BTreeMap<(usize, Option<usize>), Vec<Backlink>>,
    /// Every `bron` block per document, in reading order.
    pub sources: BTreeMap<String, Vec<Source>>,
    pub glossary: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub page: usize,
    pub section: Option<usize>,
    pub block: Block,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: String,
    /// Lower-case forms whose first use on a page links to the entry.
    pub forms: Vec<String>,
    pub page: usize,
}

impl Derived {
    /// Pages this stage adds to the site: audience pages and their index,
    /// sheets (two versions each), their overview and print-all page, and
    /// the card.
    pub fn page_count(&self) -> usize {
        self.audiences.len() + 1 + self.assignments.len() * 2 + 2 + 1
    }
}

pub fn derive(site: &Site) -> Derived {
    let recommendations = recommendations::collect(site);
    let audiences = recommendations::audiences(site, &recommendations);
    let (assignments, learning_goals) = exercises::collect(site);
    let mut sources: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    let mut glossary = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
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
    Derived {
        card: card::collect(site, &recommendations),
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
