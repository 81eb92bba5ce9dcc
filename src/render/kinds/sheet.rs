//! One exercise sheet, in the student and the teacher version, as a page
//! and as a PDF; and the class sets, every sheet of one version in one
//! PDF, which the sheets overview offers.

use super::{Kind, Offer, Output, Page};
use crate::derive::Derived;
use crate::render::html::BodyRenderer;
use crate::render::print::{Downloads, Edition};
use crate::render::views::derived as views;
use crate::resolve::Site;

pub struct Sheet;

/// The typst files that lay out one sheet and a class set.
const SHEET_TYPST: &str = "sheet.typ";
const CLASS_SET_TYPST: &str = "sheets.typ";

/// A sheet's page (or its teacher version), below the sheets overview.
pub fn url(id: &str, teacher: bool) -> String {
    let folder = super::sheets::URL;
    if teacher {
        format!("{folder}{id}/docent/")
    } else {
        format!("{folder}{id}/")
    }
}

/// Instance `index`: the assignment (into `Derived::assignments`) and
/// whether it is the teacher version.
fn instance(index: usize) -> (usize, bool) {
    (index / 2, index % 2 == 1)
}

impl Kind for Sheet {
    fn name(&self) -> &'static str {
        "sheet"
    }

    /// Two per assignment: the student version, then the teacher version.
    fn count(&self, _: &Site, derived: &Derived) -> usize {
        derived.assignments.len() * 2
    }

    fn url(&self, _: &Site, derived: &Derived, index: usize) -> String {
        let (a, teacher) = instance(index);
        url(&derived.assignments[a].id, teacher)
    }

    fn template(&self) -> Option<&'static str> {
        Some("sheet.html")
    }

    fn page<'a>(&self, r: &mut BodyRenderer<'a>, _: &Downloads, index: usize) -> Page<'a> {
        let (a, teacher) = instance(index);
        let sheet = views::sheet(r, a, teacher);
        let assignment = &r.derived.assignments[a];
        Page {
            chapter: Some(assignment.page),
            ..Page::new(views::sheet_title(r, a, teacher), views::SheetView { sheet })
                .in_document(assignment.document.as_deref())
        }
    }

    fn search_document<'a>(&self, _: &'a Site, derived: &'a Derived, index: usize) -> Option<&'a str> {
        derived.assignments[instance(index).0].document.as_deref()
    }

    fn editions(&self, _: &Site, derived: &Derived) -> Vec<Offer> {
        let mut offers: Vec<Offer> = (0..derived.assignments.len() * 2)
            .map(|index| {
                let (a, teacher) = instance(index);
                let suffix = if teacher { "-docent" } else { "" };
                Offer {
                    edition: Edition::Sheet { index: a, teacher },
                    page: Output { kind: &Sheet, index },
                    name: format!("opdracht-{}{suffix}", derived.assignments[a].number),
                    template: SHEET_TYPST,
                    own: true,
                    editable: true,
                }
            })
            .collect();
        if !derived.assignments.is_empty() {
            let overview = Output { kind: &super::sheets::Sheets, index: 0 };
            for (teacher, name) in [(false, "opdrachtbladen-studenten"), (true, "opdrachtbladen-docenten")] {
                offers.push(Offer {
                    edition: Edition::ClassSet { teacher },
                    page: overview,
                    name: name.into(),
                    template: CLASS_SET_TYPST,
                    own: false,
                    editable: false,
                });
            }
        }
        offers
    }

    fn print_templates(&self) -> &'static [&'static str] {
        &[SHEET_TYPST, CLASS_SET_TYPST]
    }
}
