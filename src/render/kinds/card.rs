//! A document's summary card, as a page and as a PDF.

use super::{Kind, Offer, Output, Page};
use crate::derive::Derived;
use crate::render::html::BodyRenderer;
use crate::render::print::{Downloads, Edition};
use crate::render::views::derived as views;
use crate::resolve::Site;

pub struct Card;

/// The typst file that lays out a card.
const TYPST: &str = "card.typ";

/// Where the summary cards live: the card itself when there is one, each
/// card in a folder named after its document when there are more.
pub const FOLDER: &str = "samenvattingskaart/";

impl Kind for Card {
    fn name(&self) -> &'static str {
        "card"
    }

    /// One per document that configures one (`Derived::cards`).
    fn count(&self, _: &Site, derived: &Derived) -> usize {
        derived.cards.len()
    }

    fn url(&self, _: &Site, derived: &Derived, index: usize) -> String {
        if derived.cards.len() == 1 {
            FOLDER.to_string()
        } else {
            format!("{FOLDER}{}/", crate::slug::slugify(&derived.cards[index].document))
        }
    }

    fn template(&self) -> Option<&'static str> {
        Some("card.html")
    }

    /// The chrome links the cards (`nav.card`, `nav.cards`) and marks them
    /// as a section (`nav.current.card`).
    fn marked(&self, site: &Site, derived: &Derived) -> Vec<String> {
        let mut urls = vec![FOLDER.to_string()];
        urls.extend((0..derived.cards.len()).map(|c| self.url(site, derived, c)));
        urls
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, index: usize) -> Page<'a> {
        let (title, view) = views::card(r, index);
        Page::new(title, view).in_document(Some(r.derived.cards[index].document.as_str()))
    }

    fn editions(&self, _: &Site, derived: &Derived) -> Vec<Offer> {
        (0..derived.cards.len())
            .map(|c| Offer {
                edition: Edition::Card(c),
                page: Output { kind: &Card, index: c },
                name: format!("samenvattingskaart-{}", crate::slug::slugify(&derived.cards[c].document)),
                template: TYPST,
                own: true,
                editable: false,
            })
            .collect()
    }

    fn print_templates(&self) -> &'static [&'static str] {
        &[TYPST]
    }
}
