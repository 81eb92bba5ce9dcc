//! Nothing in the engine knows the two shipped documents: a site with three
//! documents, each with its own recommendations, assignments and summary
//! card, gets them all into the audience pages, the sheets overview, the
//! cards, search, the sitemap and the navigation.

mod common;

use common::Site;

const SITE_YAML: &str = "\
title: Drie documenten
base_url: https://example.org/drie/
audiences:
  - slug: iedereen
    name: Iedereen
  - slug: docenten
    name: Docenten
";

fn document(folder: &str, title: &str, short: &str, card: bool) -> Vec<(String, String)> {
    let card = if card {
        format!(
            "summary_card:\n  items:\n    - title: Kern van {short}\n      from: \"@/{folder}/01-hoofdstuk.md#achtergrond\"\n      take: first-paragraph\n"
        )
    } else {
        String::new()
    };
    vec![
        (
            format!("content/{folder}/_index.md"),
            format!("---\ntitle: {title}\ndocument:\n  short_title: {short}\n{card}---\n\nOver {title}.\n"),
        ),
        (
            format!("content/{folder}/01-hoofdstuk.md"),
            format!(
                "---\ntitle: Hoofdstuk van {short}\nnumber: \"1\"\n---\n\n\
                 ## Achtergrond\n\nHet woord zoekwoord{short} staat alleen in {short}.\n\n\
                 ::: aanbeveling {{#advies-{folder} doelgroepen=\"iedereen\" kern}}\nAdvies uit {short}.\n:::\n\n\
                 ::: opdracht {{#opdracht-{folder} titel=\"Opdracht uit {short}\"}}\nDoe iets met {short}.\n\n\
                 ::: docent\nLet op {short}.\n:::\n:::\n"
            ),
        ),
    ]
}

fn three() -> Site {
    with_cards(true, true)
}

fn with_cards(alfa: bool, gamma: bool) -> Site {
    let mut files = vec![("content/_index.md".to_string(), "---\ntitle: Start\n---\n\nWelkom.\n".to_string())];
    files.extend(document("alfa", "Het document Alfa", "Alfa", alfa));
    files.extend(document("beta", "Het document Beta", "Beta", false));
    files.extend(document("gamma", "Het document Gamma", "Gamma", gamma));
    let site = Site::with_files(&files);
    site.write("site.yaml", SITE_YAML);
    site
}

#[test]
fn a_third_document_joins_every_derived_page() {
    let site = three();
    site.build_ok();
    let home = site.read("output/index.html");
    for short in ["Alfa", "Beta", "Gamma"] {
        assert!(home.contains(&format!(">{short}</a>")), "the navigation lists {short}:\n{home}");
    }
    let audience = site.read("output/doelgroepen/iedereen/index.html");
    for short in ["Alfa", "Beta", "Gamma"] {
        assert!(audience.contains(&format!("Advies uit {short}.")), "the audience page has {short}'s advice");
    }
    let sheets = site.read("output/opdrachten/index.html");
    for folder in ["alfa", "beta", "gamma"] {
        assert!(sheets.contains(&format!("opdracht-{folder}/index.html")), "the overview lists {folder}'s sheet");
        assert!(site.output().join(format!("opdrachten/opdracht-{folder}/docent/index.html")).is_file());
    }
    // The search index's word list holds every indexed word, folded to lower case.
    let words = site.read("output/static/search/words.js");
    for short in ["alfa", "beta", "gamma"] {
        assert!(words.contains(&format!("\"zoekwoord{short}\"")), "search finds {short}'s text");
    }
    let sitemap = site.read("output/sitemap.xml");
    assert!(sitemap.contains("gamma/hoofdstuk/"), "{sitemap}");
}

#[test]
fn each_document_has_its_own_summary_card() {
    let site = three();
    site.build_ok();
    let alfa = site.read("output/samenvattingskaart/alfa/index.html");
    assert!(alfa.contains("Kern van Alfa") && alfa.contains("Advies uit Alfa."), "{alfa}");
    assert!(!alfa.contains("Advies uit Gamma."), "a card lists its own document's key recommendations only");
    let gamma = site.read("output/samenvattingskaart/gamma/index.html");
    assert!(gamma.contains("Kern van Gamma") && gamma.contains("Advies uit Gamma."), "{gamma}");
    assert!(!site.output().join("samenvattingskaart/beta/index.html").exists(), "Beta configures no card");
}

#[test]
fn one_card_keeps_the_short_address() {
    let site = with_cards(true, false);
    site.build_ok();
    let card = site.read("output/samenvattingskaart/index.html");
    assert!(card.contains("Kern van Alfa"), "{card}");
}

#[test]
fn the_sheets_overview_names_the_documents_its_assignments_come_from() {
    let site = three();
    site.build_ok();
    let sheets = site.read("output/opdrachten/index.html");
    let lead = &sheets[sheets.find("class=\"lead\"").expect("a lead")..];
    let lead = &lead[..lead.find("</p>").unwrap()];
    for title in [">Alfa</a>, <a", ">Beta</a> en <a", ">Gamma</a>, elk"] {
        assert!(lead.contains(title), "the overview's lead names {title}:\n{lead}");
    }
    // Neither the overview nor the home page may speak of one document's
    // kind ("de praktijkmodule") when the assignments come from three.
    let home = site.read("output/index.html");
    for (name, page) in [("sheets overview", &sheets), ("home page", &home)] {
        assert!(!page.to_lowercase().contains("praktijkmodule"), "the {name} names a shipped document:\n{page}");
    }
}

#[test]
fn the_command_line_help_names_no_document() {
    let help = common::run(&["--help"]);
    for name in ["Ervaringsdeskundigheid", "Praktijkmodule"] {
        assert!(!help.stdout.contains(name), "--help names {name}:\n{}", help.stdout);
    }
}
