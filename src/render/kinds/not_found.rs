//! The page web servers answer a missing path with.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;

pub struct NotFound;

impl Kind for NotFound {
    fn name(&self) -> &'static str {
        "not-found"
    }

    /// Served for any missing path, so it lives at the root and links as
    /// if it were there; the template sets `<base>`.
    fn fixed_url(&self) -> Option<&'static str> {
        Some("404.html")
    }

    fn template(&self) -> Option<&'static str> {
        Some("404.html")
    }

    fn searched(&self) -> bool {
        false
    }

    fn anywhere(&self) -> bool {
        true
    }

    fn page<'a>(&self, _: &mut BodyRenderer<'a>, _: &Downloads, _: usize) -> Page<'a> {
        Page::new("Pagina niet gevonden", ())
    }
}
