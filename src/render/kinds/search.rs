//! The search page.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;

pub struct Search;

impl Kind for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn fixed_url(&self) -> Option<&'static str> {
        Some("zoeken/")
    }

    fn template(&self) -> Option<&'static str> {
        Some("search.html")
    }

    fn nav_key(&self) -> Option<&'static str> {
        Some("search")
    }

    /// Nothing on it but the search form.
    fn searched(&self) -> bool {
        false
    }

    fn page<'a>(&self, _: &mut BodyRenderer<'a>, _: &Downloads, _: usize) -> Page<'a> {
        Page::new("Zoeken", ())
    }
}
