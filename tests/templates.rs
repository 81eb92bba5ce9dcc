//! The theme's templates against the views the engine gives them: every
//! template renders with every view it can receive, and every template is
//! reached. A template that uses a key its view does not have fails the
//! build (tera refuses undefined values), so each site below is built and
//! every output page checked. The shipped site (content/ of this
//! repository) gives every view with its optional parts filled, and every
//! kind of content (glossary, voorbeeld, leerdoelen, redactie, the
//! accessibility statement, …); the bare site gives them empty (documents
//! without data, no summary card, no glossary, no assignments, an audience
//! with nothing, a sheet without teacher notes, …).

mod common;
#[path = "support/shipped.rs"]
mod shipped;

use common::Site;
use std::path::Path;

/// Every template file of the shipped theme, relative to `templates/`.
fn theme_templates() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/modulepers/templates");
    let mut out: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out
}

const BARE_SITE_YAML: &str = "\
title: Kaal
base_url: https://example.org/kaal/
audiences:
  - slug: niemand
    name: Niemand
  - slug: iedereen
    name: Iedereen
    description: Voor wie het leest.
";

fn bare() -> Site {
    let site = Site::with_files(&[
        ("content/_index.md", "---\ntitle: Start\n---\n\nWelkom.\n"),
        // A document without `document:` data is not in the navigation,
        // but its pages are still rendered.
        ("content/los/_index.md", "---\ntitle: Los\n---\n\nZonder gegevens.\n"),
        ("content/los/01-a.md", "---\ntitle: A\n---\n\nTekst.\n"),
        ("content/doc/_index.md", "---\ntitle: Doc\ndocument: {short_title: D}\n---\n\nKort.\n"),
        (
            "content/doc/01-een.md",
            "---\ntitle: Een\n---\n\n\
             ::: aanbeveling {#r-1 doelgroepen=\"iedereen\"}\nDoe het.\n:::\n\n\
             ::: opdracht {#o-1 titel=\"Zonder docent\" schrijfregels=0}\nSchrijf niets.\n:::\n\n\
             ::: figuur {#f-1 titel=\"Een tabel\"}\n| a |\n|---|\n| b |\n:::\n",
        ),
        ("content/doc/bronnen.md", "---\ntitle: Bronnen\ntemplate: bronnen.html\n---\n\nGeen bronnen.\n"),
    ]);
    site.write("site.yaml", BARE_SITE_YAML);
    site
}

/// Pages of each derived kind, and a content page, in the built output.
const DERIVED: [&str; 8] = [
    "404.html",
    "doelgroepen/index.html",
    "opdrachten/index.html",
    "opdrachten/afdrukken/index.html",
    "zoeken/index.html",
    "colofon/index.html",
    "sitemap.xml",
    "static/search/manifest.js",
];

fn assert_built(site: &Site) {
    site.build_ok();
    for file in DERIVED {
        let path = site.output().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!text.trim().is_empty(), "{file} is empty");
    }
}

#[test]
fn every_template_renders_with_full_views() {
    // shipped::output() builds the shipped site and fails on any error.
    // The shipped site.yaml sets no base_url, so it has no sitemap.
    for file in DERIVED.iter().filter(|f| **f != "sitemap.xml") {
        let text = shipped::read(file);
        assert!(!text.trim().is_empty(), "{file} is empty");
    }
    assert!(!shipped::exists("sitemap.xml"), "a sitemap without base_url lists no addresses");
    // Each view with its optional parts, and each kind of block: what the
    // shipped site must hold for this test to prove what its name says.
    let html = shipped::html_files();
    let with = |needle: &str| html.iter().find(|f| shipped::read(f).contains(needle)).cloned();
    for (what, needle) in [
        ("a recommendation", "class=\"block aanbeveling"),
        ("a key recommendation", "class=\"block aanbeveling kern"),
        ("an assignment", "class=\"block opdracht\""),
        ("a teacher note", "class=\"block docent\""),
        ("an example", "class=\"block voorbeeld\""),
        ("learning goals", "class=\"block leerdoelen\""),
        ("an editorial note", "class=\"block redactie\""),
        ("a source", "class=\"block bron\""),
        ("a figure", "class=\"block figuur"),
        ("a glossary term", "class=\"block begrip\""),
        ("the glossary's index", "class=\"glossary-index\""),
        ("a document's data", "class=\"document-data\""),
        ("backlinks", "class=\"backlinks"),
    ] {
        assert!(with(needle).is_some(), "no page of the shipped site shows {what} ({needle})");
    }
    assert!(shipped::exists("samenvattingskaart/index.html"), "the shipped site has a summary card");
    assert!(shipped::exists("toegankelijkheid/index.html"), "the shipped site has an accessibility statement");
}

/// Every template the shipped site renders, found by sabotage: each
/// template in turn gets a value no view has, in every place of it that
/// renders (for a template that extends another, inside each of its
/// blocks), and the site is checked. A template whose sabotage goes
/// unnoticed is never rendered: dead, or reached by no page of the site.
#[test]
fn every_template_of_the_theme_is_reached_by_the_shipped_site() {
    // Under cargo's folder for test files: the test leaves nothing in /tmp
    // even when it fails halfway.
    let dir = tempfile::Builder::new()
        .prefix("templates-reached-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("create a folder for a copy of the shipped site");
    let site = dir.path();
    // Without print editions: typesetting them in each of the thirty-odd
    // checks would take minutes, and no HTML template depends on them
    // (partials/download.html is included whether or not there is a PDF).
    let yaml = std::fs::read_to_string(shipped::root().join("site.yaml")).unwrap();
    let yaml = yaml.replace("print_editions: true", "print_editions: false");
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    common::copy_dir(&shipped::root().join("content"), &site.join("content"));
    common::copy_dir(&shipped::root().join("themes"), &site.join("themes"));
    let templates = site.join("themes/modulepers/templates");
    let check =
        || common::run(&[std::ffi::OsStr::new("check"), "--quiet".as_ref(), "--root".as_ref(), site.as_os_str()]);
    check().assert_ok();

    let mut unreached = Vec::new();
    for name in theme_templates() {
        let path = templates.join(&name);
        let original = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, sabotaged(&original)).unwrap();
        let run = check();
        std::fs::write(&path, &original).unwrap();
        if run.code == Some(0) {
            unreached.push(name);
        } else {
            assert!(run.stderr.contains(PROBE), "{name}: the check failed for another reason:\n{}", run.stderr);
        }
    }
    assert!(unreached.is_empty(), "templates no page of the shipped site renders: {unreached:?}");
}

/// A variable no view has: rendering it is an error.
const PROBE: &str = "template_reached_probe";

/// `template` with PROBE wherever its text is rendered: at the start, or,
/// when it extends another template (whose text outside blocks is never
/// rendered), at the start of each block.
fn sabotaged(template: &str) -> String {
    let probe = format!("{{{{ {PROBE} }}}}");
    let extends = template.contains("{% extends") || template.contains("{%- extends");
    if !extends {
        return format!("{probe}{template}");
    }
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = ["{% block ", "{%- block "].iter().filter_map(|tag| rest.find(tag)).min() {
        let end = at + rest[at..].find("%}").expect("a closed block tag") + 2;
        out.push_str(&rest[..end]);
        out.push_str(&probe);
        rest = &rest[end..];
    }
    out.push_str(rest);
    assert!(out.contains(&probe), "a template that extends another has no block:\n{template}");
    out
}

/// The good fixture site: its summary card from site.yaml, an assignment
/// with teacher notes and its two sheets, an audience with recommendations.
#[test]
fn the_small_site_fills_its_views() {
    let site = Site::good();
    assert_built(&site);
    let card = site.read("output/samenvattingskaart/index.html");
    assert!(card.contains("Achtergrond"), "the card holds the section site.yaml names:\n{card}");
    let teacher = site.read("output/opdrachten/opdracht-1/docent/index.html");
    assert!(teacher.contains("Aanwijzing voor de docent"), "{teacher}");
    let audience = site.read("output/doelgroepen/managers/index.html");
    assert!(audience.contains("aanbeveling"), "{audience}");
}

#[test]
fn every_template_renders_with_empty_views() {
    let site = bare();
    assert_built(&site);
    let nobody = site.read("output/doelgroepen/niemand/index.html");
    assert!(nobody.contains("geen aanbevelingen"), "the audience page without recommendations says so:\n{nobody}");
    let sheet = site.read("output/opdrachten/o-1/docent/index.html");
    assert!(sheet.contains("geen aanwijzing voor de docent"), "{sheet}");
    // No document configures a summary card: there is none, and no link
    // to one.
    assert!(!site.output().join("samenvattingskaart").exists());
    let home = site.read("output/index.html");
    assert!(!home.contains("samenvattingskaart"), "{home}");
    // The document without data is still a page of its own.
    assert!(site.output().join("los/a/index.html").is_file());
}

#[test]
fn the_home_page_falls_back_to_page_html_without_index_html() {
    let site = Site::good();
    site.remove("themes/modulepers/templates/index.html");
    site.build_ok();
    let home = site.read("output/index.html");
    assert!(home.contains("Welkom."), "{home}");
}

#[test]
fn a_theme_missing_a_required_template_names_each_one() {
    // The registry of output pages says which templates a theme must have;
    // removing each in turn must give an error naming it.
    let required = ["audience.html", "sheets-print.html", "partials/backlinks.html", "blocks/begrip.html", "404.html"];
    for t in required {
        let site = Site::good();
        site.remove(&format!("themes/modulepers/templates/{t}"));
        let run = site.build();
        run.assert_content_error();
        assert!(run.stderr.contains(&format!("missing template {t}")), "{t}: {}", run.stderr);
    }
}

#[test]
fn the_theme_readme_documents_every_template() {
    // The contract lives in one place: the theme's README names every
    // template the theme has.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/modulepers/README.md"))
        .expect("themes/modulepers/README.md");
    let missing: Vec<String> = theme_templates()
        .into_iter()
        .filter(|t| {
            let stem = t.trim_end_matches(".html");
            let name = Path::new(t).file_name().unwrap().to_string_lossy().to_string();
            !(readme.contains(t.as_str())
                || readme.contains(&name)
                || (t.starts_with("blocks/") && readme.contains(&format!("`{}`", &stem[7..])))
                || (t.starts_with("chrome/") && readme.contains(&format!("chrome.{}", &stem[7..]))))
        })
        .collect();
    assert!(missing.is_empty(), "templates the theme README does not document: {missing:?}");
}
