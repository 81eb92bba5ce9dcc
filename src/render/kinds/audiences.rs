//! The audiences overview, linking every audience's page.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;
use crate::render::views::derived as views;

pub struct Audiences;

/// The overview's URL, the folder of every audience's page.
pub const URL: &str = "doelgroepen/";

impl Kind for Audiences {
    fn name(&self) -> &'static str {
        "audiences"
    }

    fn fixed_url(&self) -> Option<&'static str> {
        Some(URL)
    }

    fn template(&self) -> Option<&'static str> {
        Some("audiences.html")
    }

    fn nav_key(&self) -> Option<&'static str> {
        Some("audiences")
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, _: usize) -> Page<'a> {
        let document = views::single_document(r, r.derived.recommendations.iter().map(|rec| rec.page));
        Page::new("Doelgroepen", ()).in_document(document)
    }
}
