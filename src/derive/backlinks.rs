//! "Zie ook": for every section, the sections that link to it, computed
//! from the link graph of the whole site.

use crate::resolve::{HeadingId, PageId, Site, Target};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub from_page: PageId,
    pub from_section: Option<HeadingId>,
}

pub fn collect(site: &Site) -> BTreeMap<(PageId, Option<HeadingId>), Vec<Backlink>> {
    let mut out: BTreeMap<(PageId, Option<HeadingId>), Vec<Backlink>> = BTreeMap::new();
    for link in &site.links {
        let Target::Page { page, anchor } = &link.target else { continue };
        // A link to a block counts for the section the block stands in.
        let heading = anchor.as_ref().and_then(|a| section_of_anchor(site, *page, a));
        let key = (*page, heading);
        let from = Backlink { from_page: link.from_page, from_section: link.from_section };
        // Links within the same section, and the chapter lists of index
        // pages, are navigation, not references.
        if (link.from_page == *page && link.from_section == heading) || site.page(link.from_page).is_index {
            continue;
        }
        let list = out.entry(key).or_default();
        if !list.contains(&from) {
            list.push(from);
        }
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

fn section_of_anchor(site: &Site, page: PageId, anchor: &str) -> Option<HeadingId> {
    let p = site.page(page);
    if let Some(h) = p.heading_by_anchor(anchor) {
        return Some(h);
    }
    let mut found = None;
    super::visit_blocks(&p.body, &mut |b| {
        if found.is_none() && b.id.as_deref() == Some(anchor) {
            found = Some(b.section);
        }
    });
    found.flatten()
}
