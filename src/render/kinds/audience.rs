//! One audience's page: the recommendations addressed to it.

use super::{Kind, Page};
use crate::derive::Derived;
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;
use crate::render::views::derived as views;
use crate::resolve::Site;

pub struct Audience;

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
}
