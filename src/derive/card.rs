//! The summary cards: per document that configures one, the sections its
//! configuration names, cut from the text.

use super::sections;
use crate::config::Take;
use crate::resolve::{Node, Site, Target};

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
    pub page: usize,
    pub heading: Option<usize>,
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
                    let p = &site.pages[*page];
                    let heading = anchor.as_ref().and_then(|a| p.headings.iter().position(|h| &h.id == a));
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
