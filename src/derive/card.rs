//! The summary cards: per document that configures one, the sections its
//! configuration names, cut from the text.

use super::sections;
use crate::config::Take;
use crate::resolve::{HeadingId, Node, PageId, Site, Target};

/// One document's card.
#[derive(Debug, Clone)]
pub struct Card {
    /// The document folder: its key recommendations are on the card.
    pub document: String,
    pub sections: Vec<CardSection>,
}

#[derive(Debug, Clone)]
pub struct CardSection {
    pub title: String,
    pub page: PageId,
    pub heading: Option<HeadingId>,
    pub nodes: Vec<Node>,
}

pub fn collect(site: &Site) -> Vec<Card> {
    site.cards
        .iter()
        .map(|spec| Card {
            document: spec.document.clone(),
            sections: spec
                .items
                .iter()
                .filter_map(|(item, target)| {
                    let Target::Page { page, anchor } = target else { return None };
                    let p = site.page(*page);
                    let heading = anchor.as_deref().and_then(|a| p.heading_by_anchor(a));
                    let all = match heading {
                        Some(h) => sections::section(p, h),
                        None => p.body.clone(),
                    };
                    let nodes = match item.take {
                        Take::Section => all,
                        Take::FirstParagraph => sections::first(&all, false),
                        Take::List => sections::first(&all, true),
                    };
                    Some(CardSection { title: item.title.clone(), page: *page, heading, nodes })
                })
                .collect(),
        })
        .collect()
}
