//! Recommendations in module order, and per audience.

use super::visit_blocks;
use crate::load::BlockKind;
use crate::resolve::{Block, HeadingId, PageId, Site, Target};

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub page: PageId,
    /// The heading it stands under, and the chapter section (level 2) that
    /// heading belongs to: the phase of care in chapter 5.
    pub section: Option<HeadingId>,
    pub phase: Option<HeadingId>,
    /// The nearest numbered heading above it ("5.6.2 Aanbevelingen"):
    /// recommendations are numbered within it.
    pub numbered: Option<HeadingId>,
    pub id: String,
    pub audiences: Vec<String>,
    /// A key recommendation (`kern`).
    pub is_key: bool,
    pub summarises: Vec<String>,
    pub block: Block,
}

#[derive(Debug, Clone)]
pub struct AudienceSummary {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Indexes into `Derived::recommendations`, in module order.
    pub recommendations: Vec<usize>,
    pub related: Vec<Target>,
}

pub fn collect(site: &Site) -> Vec<Recommendation> {
    let mut out = Vec::new();
    for (i, page) in site.pages.with_ids() {
        visit_blocks(&page.body, &mut |b| {
            if let BlockKind::Aanbeveling { doelgroepen, kern, samenvat } = &b.kind {
                let above = |f: fn(&crate::resolve::Heading) -> bool| {
                    b.section.and_then(|s| page.headings.back_from(s).find(|(_, h)| f(h)).map(|(id, _)| id))
                };
                let phase = above(|h| h.level <= 2);
                let numbered = above(|h| h.text.starts_with(|c: char| c.is_ascii_digit()));
                out.push(Recommendation {
                    page: i,
                    section: b.section,
                    phase,
                    numbered,
                    id: b.id.clone().unwrap_or_default(),
                    audiences: doelgroepen.iter().map(|(s, _)| s.clone()).collect(),
                    is_key: *kern,
                    summarises: samenvat.iter().map(|(s, _)| s.clone()).collect(),
                    block: b.clone(),
                });
            }
        });
    }
    out
}

pub fn audiences(site: &Site, recs: &[Recommendation]) -> Vec<AudienceSummary> {
    site.config
        .audiences
        .iter()
        .map(|a| AudienceSummary {
            slug: a.slug.clone(),
            name: a.name.clone(),
            description: a.description.clone(),
            recommendations: recs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.audiences.contains(&a.slug))
                .map(|(i, _)| i)
                .collect(),
            related: site.audience_related.get(&a.slug).cloned().unwrap_or_default(),
        })
        .collect()
}
