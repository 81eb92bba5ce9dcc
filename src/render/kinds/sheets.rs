//! The overview of the exercise sheets, offering the class sets.

use super::{Kind, Page};
use crate::render::html::BodyRenderer;
use crate::render::print::{Downloads, Edition};
use crate::render::views::derived as views;

pub struct Sheets;

/// The overview's URL, the folder of every sheet's page.
pub const URL: &str = "opdrachten/";

impl Kind for Sheets {
    fn name(&self) -> &'static str {
        "sheets"
    }

    fn fixed_url(&self) -> Option<&'static str> {
        Some(URL)
    }

    fn template(&self) -> Option<&'static str> {
        Some("sheets.html")
    }

    fn nav_key(&self) -> Option<&'static str> {
        Some("sheets")
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, downloads: &Downloads, _: usize) -> Page<'a> {
        let class_sets = views::ClassSets {
            students: downloads.get(Edition::ClassSet { teacher: false }, r.from),
            teachers: downloads.get(Edition::ClassSet { teacher: true }, r.from),
            word: (0..r.derived.assignments.len())
                .map(|index| {
                    [false, true]
                        .map(|teacher| downloads.get(Edition::Sheet { index, teacher }, r.from).and_then(|d| d.docx))
                })
                .collect(),
        };
        let view = views::sheets(r, class_sets);
        Page::new("Opdrachtbladen", view).in_document(views::sheets_document(r))
    }
}
