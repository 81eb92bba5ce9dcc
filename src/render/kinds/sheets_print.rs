//! Every sheet on one page, to print them all at once.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::Downloads;
use crate::render::views::derived as views;

pub struct SheetsPrint;

impl Kind for SheetsPrint {
    fn name(&self) -> &'static str {
        "sheets-print"
    }

    fn fixed_url(&self) -> Option<&'static str> {
        Some("opdrachten/afdrukken/")
    }

    fn template(&self) -> Option<&'static str> {
        Some("sheets-print.html")
    }

    fn nav_key(&self) -> Option<&'static str> {
        Some("sheets_print")
    }

    /// A copy of the sheets, which are searched on their own pages.
    fn searched(&self) -> bool {
        false
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, _: usize) -> Page<'a> {
        let view = views::sheets_print(r);
        Page::new("Alle opdrachtbladen afdrukken", view).in_document(views::sheets_document(r))
    }
}
