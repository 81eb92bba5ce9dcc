//! One audience's page: the recommendations addressed to it.

use super::{Kind, Offer, Output, Page};
use crate::derive::Derived;
use crate::render::html::BodyRenderer;
use crate::render::print::{Downloads, Edition};
use crate::render::views::derived as views;
use crate::resolve::Site;

pub struct Audience;

/// The typst file that lays out an audience's card.
const TYPST: &str = "audience.typ";

/// An audience's page, below the audiences overview.
pub fn url(slug: &str) -> String {
    format!("{}{slug}/", super::audiences::URL)
}

impl Kind for Audience {
    fn name(&self) -> &'static str {
        "audience"
    }

    /// One per audience (`Derived::audiences`).
    fn count(&self, _: &Site, derived: &Derived) -> usize {
        derived.audiences.len()
    }

    fn url(&self, _: &Site, derived: &Derived, index: usize) -> String {
        url(&derived.audiences[index].slug)
    }

    fn template(&self) -> Option<&'static str> {
        Some("audience.html")
    }

    /// The chrome lists every audience, marking the current one.
    fn marked(&self, _: &Site, derived: &Derived) -> Vec<String> {
        derived.audiences.iter().map(|a| url(&a.slug)).collect()
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, index: usize) -> Page<'a> {
        let (title, view) = views::audience(r, index);
        Page::new(title, view).in_document(views::audience_document(r, index))
    }

    /// A card of the recommendations addressed to it, for every audience
    /// that has any: an audience without them has nothing to hand out.
    fn editions(&self, _: &Site, derived: &Derived) -> Vec<Offer> {
        derived
            .audiences
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.recommendations.is_empty())
            .map(|(index, a)| Offer {
                edition: Edition::Audience(index),
                page: Output { kind: &Audience, index },
                name: format!("aanbevelingen-voor-{}", a.slug),
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
