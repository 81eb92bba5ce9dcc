//! About the site and its documents.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;
use crate::render::views::derived as views;

pub struct Colophon;

impl Kind for Colophon {
    fn name(&self) -> &'static str {
        "colophon"
    }

    fn fixed_url(&self) -> Option<&'static str> {
        Some("colofon/")
    }

    fn template(&self) -> Option<&'static str> {
        Some("colophon.html")
    }

    fn nav_key(&self) -> Option<&'static str> {
        Some("colophon")
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, _: usize) -> Page<'a> {
        Page::new("Colofon", views::colophon(r))
    }
}
