//! Snapshots of rendered pages of the small fixture site (tests/common),
//! so that a change to the theme or the renderer shows up as a diff in
//! tests/snapshots/pages__*.snap. One page is pinned whole (head, header,
//! navigation, sidebar, footer); of the others only `<main>`, so that a
//! change to the chrome is reviewed once, not once per page.
//!
//! An intended change: run the tests, read the `.snap.new` files beside the
//! old ones, and accept them (`cargo insta accept`, or rename them).

mod common;
use common::*;

/// The good site, built; the same input always gives the same bytes.
fn built() -> Site {
    let site = Site::good();
    site.build_ok();
    site
}

/// A built page as text, checked to hold nothing of the machine it was
/// built on (the site's temporary folder).
fn page(site: &Site, rel: &str) -> String {
    let html = site.read(&format!("output/{rel}"));
    let root = site.root().to_string_lossy();
    assert!(!html.contains(root.as_ref()), "{rel} names the build folder {root}");
    html
}

/// The `<main>` element of a page, tags included.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html[start..].find("</main>").expect("<main> is closed") + start + "</main>".len();
    &html[start..end]
}

#[test]
fn a_content_page_with_a_recommendation_whole() {
    let site = built();
    let html = page(&site, "doc/een/index.html");
    // What the snapshot must show, whatever else changes in it.
    assert!(html.contains("id=\"aanbeveling-1\""), "{html}");
    insta::assert_snapshot!("content_page", html);
}

#[test]
fn an_audience_page() {
    let site = built();
    let html = page(&site, "doelgroepen/managers/index.html");
    let main = main_of(&html);
    assert!(main.contains("Zet ervaringskennis bewust in."), "{main}");
    insta::assert_snapshot!("audience_page_main", main);
}

#[test]
fn the_two_sheets_of_an_assignment() {
    let site = built();
    let students = page(&site, "opdrachten/opdracht-1/index.html");
    let students = main_of(&students);
    assert!(students.contains("Bespreek"), "{students}");
    assert!(!students.contains("Let op de tijd."), "the students' sheet has no teacher note: {students}");
    insta::assert_snapshot!("sheet_students_main", students);

    let teachers = page(&site, "opdrachten/opdracht-1/docent/index.html");
    let teachers = main_of(&teachers);
    assert!(teachers.contains("Let op de tijd."), "{teachers}");
    insta::assert_snapshot!("sheet_teachers_main", teachers);
}

#[test]
fn the_sheets_overview() {
    let site = built();
    let html = page(&site, "opdrachten/index.html");
    let main = main_of(&html);
    assert!(main.contains("opdracht-1/index.html"), "{main}");
    insta::assert_snapshot!("sheets_overview_main", main);
}
