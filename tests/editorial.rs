//! What the editors add is marked as theirs, where a reader meets it: the
//! titles and werkvorm lines of the assignments (chapter, 14 sheets,
//! overview, print page), the audience descriptions, the "Zie ook" notes,
//! the remark on teacher sheets without a teacher note. And what the
//! source does not say is not said: no teacher note leaks onto a student
//! sheet, no "leidinggevenden" where the source heading has none, no
//! promise of teacher guidance the module does not give. Also the sources
//! page and the glossary (§2 of issue 12).
//!
//! `tests/faithful.rs` proves that nothing unmarked stands in the source's
//! place; these tests name the places a reader would look.

#[path = "support/html.rs"]
mod html;
#[path = "support/shipped.rs"]
mod shipped;

use html::Element;

fn page(rel: &str) -> Element {
    html::parse(&shipped::read(rel))
}

fn main_of(doc: &Element) -> Element {
    doc.find(|e| e.is("main")).expect("page has a <main>").clone()
}

/// Whether `inner` (an element's text) sits inside an element of `root`
/// marked editorial.
fn marked(root: &Element, text: &str) -> bool {
    root.find_all(|e| e.has_class("redactie")).iter().any(|e| e.text().contains(text))
}

/// (number, title, werkvorm) of each assignment, from the content files.
fn assignments() -> Vec<(usize, String, Option<String>)> {
    let mut files: Vec<_> = std::fs::read_dir(shipped::root().join("content/praktijkmodule-4"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let attr = |line: &str, key: &str| {
        let at = line.find(&format!("{key}=\""))? + key.len() + 2;
        Some(line[at..at + line[at..].find('"')?].to_string())
    };
    let mut out = vec![];
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines().filter(|l| l.starts_with("::: opdracht")) {
            out.push((out.len() + 1, attr(line, "titel").unwrap(), attr(line, "werkvorm")));
        }
    }
    assert_eq!(out.len(), 7, "the praktijkmodule has seven assignments");
    out
}

#[test]
fn assignment_titles_and_werkvorm_are_marked_everywhere() {
    let overview = main_of(&page("opdrachten/index.html"));
    let print_all = main_of(&page("opdrachten/afdrukken/index.html"));
    for (n, title, werkvorm) in assignments() {
        for rel in [format!("opdrachten/opdracht-{n}/index.html"), format!("opdrachten/opdracht-{n}/docent/index.html")]
        {
            let sheet = main_of(&page(&rel));
            assert!(marked(&sheet, &title), "{rel}: the title «{title}» is not marked as the editors'");
            if let Some(w) = &werkvorm {
                assert!(marked(&sheet, w), "{rel}: the werkvorm «{w}» is not marked as the editors'");
            }
        }
        for (name, root) in [("overview", &overview), ("print page", &print_all)] {
            assert!(marked(root, &title), "sheets {name}: the title of opdracht {n} is not marked");
            if let Some(w) = &werkvorm {
                assert!(marked(root, w), "sheets {name}: the werkvorm of opdracht {n} is not marked");
            }
        }
    }
}

/// Opdracht 2's teacher note ("vraag vier leerlingen om hun presentatie in
/// de klas voor te dragen") is for the teacher version only: neither the
/// note nor a werkvorm drawn from it is on the student sheet.
#[test]
fn the_teacher_note_stays_off_the_student_sheet() {
    let student = main_of(&page("opdrachten/opdracht-2/index.html")).text();
    let teacher = main_of(&page("opdrachten/opdracht-2/docent/index.html")).text();
    assert!(teacher.contains("vraag vier leerlingen"), "the teacher version carries the note");
    for leak in ["vraag vier leerlingen", "in de klas"] {
        assert!(!student.contains(leak), "the student sheet of opdracht 2 says «{leak}», from the teacher note");
    }
}

/// Sheets whose assignment has no teacher note say so once, marked; the
/// overview promises teacher notes only where the module gives them.
#[test]
fn teacher_versions_do_not_promise_what_the_source_lacks() {
    let none = "geen aanwijzing voor de docent";
    for (n, ..) in assignments() {
        let sheet = main_of(&page(&format!("opdrachten/opdracht-{n}/docent/index.html")));
        let says = sheet.text().matches(none).count();
        if n == 2 {
            assert_eq!(says, 0, "opdracht 2 has a teacher note");
        } else {
            assert_eq!(says, 1, "the teacher version of opdracht {n} should say once that there is no note");
            assert!(marked(&sheet, none), "opdracht {n}: the remark is not marked as the editors'");
        }
    }
    let lead = main_of(&page("opdrachten/index.html")).find(|e| e.has_class("lead")).unwrap().text();
    assert!(
        !lead.contains("met de aanwijzingen voor de docent"),
        "the overview promises teacher notes for all: {lead}"
    );
    assert!(
        lead.contains("Alleen bij opdracht 2"),
        "the overview should say which assignment has a teacher note: {lead}"
    );
}

#[test]
fn audience_descriptions_and_see_also_notes_are_marked() {
    for slug in ["ervaringsdeskundigen", "managers", "clienten"] {
        let main = main_of(&page(&format!("doelgroepen/{slug}/index.html")));
        let lead = main.find(|e| e.has_class("lead")).expect("an audience page opens with its description");
        assert!(lead.has_class("redactie"), "doelgroepen/{slug}: the description from site.yaml is not marked");
    }
    let mut seen = 0;
    for rel in shipped::html_files() {
        for aside in main_of(&page(&rel)).find_all(|e| e.has_class("backlinks")) {
            seen += 1;
            assert!(aside.has_class("redactie"), "{rel}: a «Zie ook» note is not marked as the editors'");
        }
    }
    assert!(seen > 5, "only {seen} «Zie ook» notes found");
}

/// The source's headings of K7–9, 5.6.2 and 5.6.4 say "managers", not
/// "leidinggevenden": labels (and the card) say what the heading says.
#[test]
fn no_leidinggevenden_where_the_source_heading_has_none() {
    let labels = |rel: &str| -> Vec<String> {
        main_of(&page(rel))
            .find_all(|e| e.has_class("audiences") || (e.is("h3") && e.text().starts_with("Voor ")))
            .iter()
            .map(|e| e.text())
            .collect()
    };
    for rel in [
        "ervaringsdeskundigheid/samenvatting/index.html",
        "ervaringsdeskundigheid/inzet-ervaringsdeskundigheid/index.html",
        "samenvattingskaart/index.html",
    ] {
        let all = labels(rel);
        assert!(!all.is_empty(), "{rel}: no audience labels found");
        for l in all {
            assert!(!l.contains("leidinggevenden"), "{rel}: label «{l}» adds leidinggevenden to the source's heading");
        }
    }
}

#[test]
fn the_sources_page_lists_the_footnote_references() {
    let text = main_of(&page("ervaringsdeskundigheid/bronnen/index.html")).text();
    for source in ["Kusters, Filosofie van de Waanzin", "Weerman e.a. (2019)"] {
        assert!(text.contains(source), "the sources page does not list «{source}»");
    }
}

/// A glossary term is never linked inside a heading, a link, a citation,
/// or a name or title that contains it.
#[test]
fn glossary_terms_are_not_linked_inside_names_or_titles() {
    let mut links = 0;
    for rel in shipped::html_files() {
        let raw = shipped::read(&rel);
        // "Werkplaats <a class=begrip>Herstelondersteuning</a>" and the like.
        for first in ["Werkplaats", "basismodule", "Beroepscompetentieprofiel", "Profiel"] {
            for (at, _) in raw.match_indices(&format!("{first} <a ")) {
                let tag = &raw[at..at + raw[at..].find('>').unwrap()];
                assert!(!tag.contains("class=\"begrip\""), "{rel}: a glossary term is linked inside «{first} …»");
            }
        }
        let main = main_of(&html::parse(&raw));
        for e in
            main.find_all(|e| matches!(e.name.as_str(), "h1" | "h2" | "h3" | "h4" | "a" | "em") || e.has_class("bron"))
        {
            let inner = e.find_all(|d| d.is("a") && d.has_class("begrip"));
            assert!(
                inner.is_empty() || (e.is("a") && inner.len() == 1 && e.has_class("begrip")),
                "{rel}: a glossary link inside <{}>",
                e.name
            );
        }
        links += main.find_all(|e| e.is("a") && e.has_class("begrip")).len();
    }
    assert!(links > 30, "only {links} glossary links: is linking still on?");
}

/// The glossary page opens with its terms from A to Z, each a link to its
/// entry, and each entry's term is a heading.
#[test]
fn the_glossary_has_an_a_to_z_list_and_term_headings() {
    let main = main_of(&page("begrippen/index.html"));
    let entries = main.find_all(|e| e.has_class("block") && e.has_class("begrip"));
    assert!(entries.len() >= 10, "only {} glossary entries", entries.len());
    let index = main.find(|e| e.has_class("glossary-index")).expect("an A–Z list of terms");
    let hrefs: Vec<&str> = index.hrefs();
    let mut terms = vec![];
    for entry in &entries {
        let id = entry.id().expect("an entry has an id");
        let heading = entry.find(|e| e.is("h2")).expect("each term is a heading");
        assert!(heading.find(|e| e.is("dfn")).is_some(), "the term is marked as the defined term");
        assert!(hrefs.contains(&format!("#{id}").as_str()), "the A–Z list does not link to {id}");
        terms.push(heading.text());
    }
    let listed: Vec<String> = index.find_all(|e| e.is("a")).iter().map(|a| a.text()).collect();
    let mut sorted = listed.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(listed, sorted, "the A–Z list is in alphabetical order");
    assert_eq!(listed.len(), terms.len(), "the A–Z list names every term once");
}
