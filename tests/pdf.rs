//! The print editions of the shipped site, read back with poppler-utils
//! and qpdf: page counts, the teacher's note only where it belongs, the
//! outline, tags, fonts, language and title, links to them from the pages,
//! and identical bytes from two builds. (That every source sentence is in
//! the document PDFs is tested in faithful.rs, with the web edition's
//! alignment.)
//!
//! Without the `pdf` feature the build writes no PDF and no page links to
//! one; the last test checks that.

mod common;
#[path = "support/shipped.rs"]
mod shipped;

#[cfg(feature = "pdf")]
use std::path::Path;
#[cfg(feature = "pdf")]
use std::process::Command;

#[cfg(feature = "pdf")]
mod editions {
    use super::*;

    pub const MODULE: &str = "ervaringsdeskundigheid/generieke-module-ervaringsdeskundigheid.pdf";
    pub const PRAKTIJK: &str = "praktijkmodule-4/praktijkmodule-4-inrichten-herstelondersteunende-zorg.pdf";
    pub const CARD: &str = "samenvattingskaart/samenvattingskaart-ervaringsdeskundigheid.pdf";
    pub const STUDENTS: &str = "opdrachten/opdrachtbladen-studenten.pdf";
    pub const TEACHERS: &str = "opdrachten/opdrachtbladen-docenten.pdf";

    pub fn sheet(n: usize, teacher: bool) -> String {
        if teacher {
            format!("opdrachten/opdracht-{n}/docent/opdracht-{n}-docent.pdf")
        } else {
            format!("opdrachten/opdracht-{n}/opdracht-{n}.pdf")
        }
    }

    /// Runs a tool on a built file; panics with its message if it fails or
    /// is missing (CI installs it: .ci/install-test-tools).
    pub fn tool(cmd: &str, args: &[&str], file: &str) -> String {
        let path = shipped::output().join(file);
        assert!(path.is_file(), "{file} should be written by the build");
        let out = Command::new(cmd)
            .args(args)
            .arg(&path)
            // pdftotext writes next to the PDF unless told "-" (stdout).
            .args(if cmd == "pdftotext" { &["-"][..] } else { &[] })
            .output()
            .unwrap_or_else(|e| panic!("{cmd} is needed for this test (apt-get install poppler-utils qpdf): {e}"));
        assert!(out.status.success(), "{cmd} {file}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn info(file: &str, key: &str) -> String {
        let text = tool("pdfinfo", &[], file);
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .unwrap_or_else(|| panic!("pdfinfo {file} has no {key}:\n{text}"))
            .trim()
            .to_string()
    }

    pub fn pages(file: &str) -> usize {
        info(file, "Pages").parse().unwrap()
    }

    /// The text of a PDF with its lines joined.
    pub fn text(file: &str) -> String {
        tool("pdftotext", &["-enc", "UTF-8"], file).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn assignments() -> usize {
        let dir = shipped::root().join("content/praktijkmodule-4");
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .map(|s| s.matches("::: opdracht {").count())
            .sum()
    }

    /// Every PDF of the built site, output-relative.
    pub fn all_pdfs(out: &Path) -> Vec<String> {
        shipped::files_with_extension(out, "pdf")
    }
}

#[cfg(feature = "pdf")]
use editions::*;

#[cfg(feature = "pdf")]
#[test]
fn the_card_fits_two_pages_and_every_sheet_one() {
    let n = assignments();
    assert_eq!(n, 7, "the praktijkmodule has seven assignments");
    let card = pages(CARD);
    assert!((1..=2).contains(&card), "the summary card has {card} pages");
    for k in 1..=n {
        for teacher in [false, true] {
            assert_eq!(pages(&sheet(k, teacher)), 1, "{} should be one A4 page", sheet(k, teacher));
            assert_eq!(info(&sheet(k, teacher), "Page size"), "595.276 x 841.89 pts (A4)");
        }
    }
    assert_eq!(pages(STUDENTS), n, "one student sheet per page");
    assert_eq!(pages(TEACHERS), n, "one teacher sheet per page");
    assert!(pages(MODULE) > 20, "the module has {} pages", pages(MODULE));
}

#[cfg(feature = "pdf")]
#[test]
fn the_teacher_note_of_opdracht_2_is_only_in_teacher_editions() {
    let note = "vraag vier leerlingen om hun presentatie in de klas voor te dragen";
    let task = "Werk je presentatie uit.";
    for file in [sheet(2, true), TEACHERS.to_string()] {
        let t = text(&file);
        assert!(t.contains(note), "{file} should hold the teacher note of opdracht 2");
        assert!(t.contains(task), "{file} should hold the task of opdracht 2");
    }
    for file in [sheet(2, false), STUDENTS.to_string()] {
        let t = text(&file);
        assert!(!t.contains(note), "{file} is for students and must not hold the teacher note");
        assert!(t.contains(task), "{file} should hold the task of opdracht 2");
    }
    // Each sheet of a class set is its own page: opdracht 2 on page 2.
    let page2 = tool("pdftotext", &["-f", "2", "-l", "2", "-enc", "UTF-8"], TEACHERS);
    assert!(page2.contains("Opdracht 2"), "page 2 of the teacher set is opdracht 2:\n{page2}");
}

/// The headings a document's outline must have: every chapter title and
/// every numbered section ("## 5.1 Inleiding"), from the content files.
#[cfg(feature = "pdf")]
fn expected_outline(doc: &str) -> Vec<String> {
    let mut out = vec![];
    for (src, _) in shipped::document_pages(doc).into_iter().skip(1) {
        let text = std::fs::read_to_string(shipped::root().join(&src)).unwrap();
        let title = text.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().trim_matches('"').to_string();
        out.push(title);
        for l in text.lines() {
            if let Some(h) = l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")) {
                if h.starts_with(|c: char| c.is_ascii_digit()) {
                    out.push(h.split(" {#").next().unwrap().trim().to_string());
                }
            }
        }
    }
    out
}

/// The outline (bookmarks) of a PDF, titles in order, via qpdf's JSON.
#[cfg(feature = "pdf")]
fn outline(file: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=outlines"], file)).unwrap();
    fn walk(items: &serde_json::Value, out: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            out.push(item["title"].as_str().unwrap_or_default().to_string());
            walk(&item["kids"], out);
        }
    }
    let mut out = vec![];
    walk(&json["outlines"], &mut out);
    out
}

#[cfg(feature = "pdf")]
#[test]
fn the_outline_lists_every_chapter_and_numbered_section_in_order() {
    for (doc, file) in [("ervaringsdeskundigheid", MODULE), ("praktijkmodule-4", PRAKTIJK)] {
        let have = outline(file);
        let mut at = 0;
        for want in expected_outline(doc) {
            match have[at..].iter().position(|h| h.ends_with(&want)) {
                Some(k) => at += k + 1,
                None => panic!("{file}: the outline lacks «{want}» (after position {at}):\n{have:#?}"),
            }
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn every_edition_is_tagged_titled_dutch_and_embeds_its_fonts() {
    let out = shipped::output();
    let pdfs = all_pdfs(out);
    let audiences = audience_cards().len();
    assert_eq!(audiences, 8, "eight audiences have recommendations");
    assert_eq!(pdfs.len(), 2 + 1 + 2 * 7 + 2 + audiences, "editions written: {pdfs:#?}");
    for file in &pdfs {
        assert_eq!(info(file, "Tagged"), "yes", "{file} should be a tagged PDF");
        assert!(!info(file, "Title").is_empty(), "{file} should have a title");
        let fonts = tool("pdffonts", &[], file);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let emb = cols.iter().rev().nth(4).copied();
            assert_eq!(emb, Some("yes"), "{file}: a font is not embedded: {line}");
        }
        // The catalog's /Lang and the PDF/UA identification, from the
        // uncompressed file.
        let json: serde_json::Value =
            serde_json::from_str(&tool("qpdf", &["--json", "--json-key=qpdf"], file)).unwrap();
        let objects = json["qpdf"][1].as_object().expect("qpdf JSON v2 objects");
        let catalog = objects
            .values()
            .find_map(|o| {
                o["value"].as_object().filter(|v| v.get("/Type").and_then(|t| t.as_str()) == Some("/Catalog"))
            })
            .unwrap_or_else(|| panic!("{file} has no catalog"));
        assert_eq!(catalog.get("/Lang").and_then(|l| l.as_str()), Some("u:nl"), "{file}: document language");
        assert!(catalog.contains_key("/StructTreeRoot"), "{file} has no structure tree");
        assert!(catalog.contains_key("/MarkInfo"), "{file} has no MarkInfo");
    }
    assert!(info(MODULE, "Title").contains("Ervaringsdeskundigheid"));
}

#[cfg(feature = "pdf")]
#[test]
fn pages_offer_their_print_edition_with_its_size() {
    let cases = [
        ("ervaringsdeskundigheid/index.html", MODULE),
        ("praktijkmodule-4/index.html", PRAKTIJK),
        ("samenvattingskaart/index.html", CARD),
        ("opdrachten/opdracht-2/index.html", &sheet(2, false)),
        ("opdrachten/opdracht-2/docent/index.html", &sheet(2, true)),
        ("opdrachten/index.html", STUDENTS),
        ("opdrachten/index.html", TEACHERS),
    ];
    for (page, pdf) in cases {
        let html = shipped::read(page);
        let depth = page.matches('/').count();
        let href = format!("{}{pdf}", "../".repeat(depth));
        let at = html.find(&format!("href=\"{href}\"")).unwrap_or_else(|| panic!("{page} should link to {href}"));
        let after = &html[at..html.len().min(at + 400)];
        assert!(after.contains("pdf"), "{page}: the link to {pdf} says what it is");
        let bytes = std::fs::metadata(shipped::output().join(pdf)).unwrap().len() as usize;
        let size = if bytes < 1_000_000 {
            format!("{} kB", bytes.div_ceil(1000))
        } else {
            format!("{:.1} MB", bytes as f64 / 1e6).replace('.', ",")
        };
        assert!(after.contains(&size), "{page}: the link to {pdf} gives its size {size}: {after}");
    }
    // A chapter page offers no PDF of its own.
    assert!(!shipped::read("ervaringsdeskundigheid/inleiding/index.html").contains(".pdf\""));
}

#[cfg(feature = "pdf")]
#[test]
fn two_builds_write_identical_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_modulepers"))
        .args(["build", "--quiet", "--root"])
        .arg(shipped::root())
        .arg("--output")
        .arg(&again)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let first = all_pdfs(shipped::output());
    assert_eq!(first, all_pdfs(&again));
    for f in first {
        let a = std::fs::read(shipped::output().join(&f)).unwrap();
        let b = std::fs::read(again.join(&f)).unwrap();
        assert!(a == b, "{f} differs between two builds of the same content");
    }
}

#[cfg(not(feature = "pdf"))]
#[test]
fn without_the_pdf_feature_no_page_offers_a_pdf() {
    for page in shipped::html_files() {
        let html = shipped::read(&page);
        assert!(!html.contains(".pdf\""), "{page} links to a PDF, but this build writes none");
    }
}

/// The small fixture site with print editions on, and `extra` files.
#[cfg(feature = "pdf")]
fn printed_fixture(extra: &[(&str, String)]) -> common::Site {
    let mut files = common::good_files();
    files.extend(extra.iter().map(|(p, t)| (*p, t.clone())));
    let site = common::Site::with_files(&files);
    site.write("site.yaml", format!("{}print_editions: true\n", common::SITE_YAML));
    site
}

#[cfg(feature = "pdf")]
#[test]
fn content_nested_as_deep_as_allowed_still_prints() {
    // typst gives up on nesting a few levels deeper than the content may
    // (load::body::MAX_DEPTH); at the limit every edition is made.
    let page = format!("{}\n{}", common::TWEE, common::twelve_deep());
    let site = printed_fixture(&[("content/doc/02-twee.md", page)]);
    site.build_ok();
    assert!(text(&site.output().join("doc/het-document.pdf").to_string_lossy()).contains("Diep."));
}

#[cfg(feature = "pdf")]
#[test]
fn raw_html_in_content_prints_its_text_however_its_tags_are_written() {
    let page = format!(
        "{}\nEen <INS title=\"x\">aanvulling</INS> en<BR>een nieuwe regel.\n\n<div lang=\"nl\">\nTekst in een HTML-blok.\n</div>\n",
        common::TWEE
    );
    let site = printed_fixture(&[("content/doc/02-twee.md", page)]);
    site.build_ok();
    let text = text(&site.output().join("doc/het-document.pdf").to_string_lossy());
    assert!(text.contains("Een aanvulling en"), "{text}");
    assert!(text.contains("Tekst in een HTML-blok."), "the text of an HTML block is printed:\n{text}");
}

#[cfg(feature = "pdf")]
#[test]
fn content_that_breaks_the_layout_is_an_error_at_its_line() {
    // A word too long for any line, on line 7 of its file.
    let word =
        "Ervaringsdeskundigheidsondersteuningsbegeleidingstrajectenevaluatiecommissievergaderingsnotulen".repeat(2);
    let page = format!("---\ntitle: Drie\nnumber: \"3\"\n---\n\n## 3.1 Lang\n\nEen {word} woord.\n");
    let site = printed_fixture(&[("content/doc/03-drie.md", page)]);
    let run = site.build();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("text runs off page"), "{}", run.stderr);
    assert!(run.stderr.contains("content/doc/03-drie.md:8:"), "names the file and line:\n{}", run.stderr);
    assert!(!site.output().exists(), "a failed build writes nothing");

    // An assignment too long for one sheet: reported at the opdracht.
    let long = common::TWEE.replace("schrijfregels=3", "schrijfregels=40");
    let site = printed_fixture(&[("content/doc/02-twee.md", long)]);
    let run = site.build();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("does not fit on one A4 page"), "{}", run.stderr);
    assert!(run.stderr.contains("content/doc/02-twee.md:8:"), "names the opdracht's line:\n{}", run.stderr);
}

#[cfg(feature = "pdf")]
#[test]
fn a_character_the_pdf_fonts_lack_is_an_error_at_its_line() {
    let page = "---\ntitle: Drie\nnumber: \"3\"\n---\n\n## 3.1 Blij\n\nDat is fijn 😀 zegt zij.\n";
    let site = printed_fixture(&[("content/doc/03-drie.md", page.to_string())]);
    let run = site.build();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("cannot show «😀»"), "{}", run.stderr);
    assert!(run.stderr.contains("content/doc/03-drie.md:8:13"), "names the file, line and column:\n{}", run.stderr);
    assert!(run.stderr.contains("print_editions: false"), "says what to do:\n{}", run.stderr);
    // The same page builds without print editions.
    site.write("site.yaml", common::SITE_YAML);
    site.build().assert_ok();
}

#[cfg(feature = "pdf")]
#[test]
fn content_is_set_as_text_never_as_typst_markup() {
    // Every character typst markup gives a meaning to, and code that would
    // read a file if it were evaluated.
    let nasty = r##"#read("/etc/passwd") $x^2$ #set text(red) @ref = h + e / t: d ] [ } { // c"##;
    let page = format!("---\ntitle: Drie\nnumber: \"3\"\n---\n\n## 3.1 Tekens\n\n{nasty}\n");
    let site = printed_fixture(&[("content/doc/03-drie.md", page)]);
    site.build().assert_ok();
    let pdf = site.output().join("doc/het-document.pdf");
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(nasty), "the characters are printed as written:\n{text}");
}

#[cfg(feature = "pdf")]
#[test]
fn print_editions_can_be_switched_off_per_document() {
    let index =
        common::DOC_INDEX.replace("document: {short_title: Doc}", "document: {short_title: Doc, print_edition: false}");
    let site = printed_fixture(&[("content/doc/_index.md", index)]);
    site.build().assert_ok();
    assert!(!site.output().join("doc/het-document.pdf").exists());
    assert!(!std::fs::read_to_string(site.output().join("doc/index.html")).unwrap().contains(".pdf"));
    // The sheets are still printed.
    assert!(site.output().join("opdrachten/opdracht-1/opdracht-1.pdf").is_file());
}

#[cfg(feature = "pdf")]
#[test]
fn a_missing_print_template_is_blamed_on_print_editions() {
    let site = printed_fixture(&[]);
    site.remove("themes/modulepers/pdf/sheet.typ");
    let run = site.build();
    run.assert_content_error();
    let all = common::printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(
        all[0].message.contains("missing print template") && all[0].message.contains("sheet.typ"),
        "{}",
        run.stderr
    );
    let yaml = format!("{}print_editions: true\n", common::SITE_YAML);
    let (line, column) = common::locate(&yaml, "true\n");
    assert_eq!(all[0].location.as_deref(), Some(format!("site.yaml:{line}:{column}").as_str()), "{}", run.stderr);
    assert!(!site.output().exists(), "a failed build writes nothing");
    // The whole of stderr, source line and caret included.
    insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
        insta::assert_snapshot!(run.stderr)
    });
}

/// A recommendation as the content writes it: its id, the audiences it is
/// addressed to and its first paragraph as plain text.
#[cfg(feature = "pdf")]
struct Written {
    id: String,
    audiences: Vec<String>,
    text: String,
}

/// Every recommendation of the shipped content, in document order (the
/// files' numbered names).
#[cfg(feature = "pdf")]
fn recommendations() -> Vec<Written> {
    let mut files = shipped::files_with_extension(&shipped::root().join("content"), "md");
    files.sort();
    let mut out = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("README.md")) {
        let source = std::fs::read_to_string(shipped::root().join("content").join(f)).unwrap();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            let Some(attrs) = line.strip_prefix("::: aanbeveling {") else { continue };
            let id = attrs.split_whitespace().next().unwrap().trim_start_matches('#').trim_end_matches('}');
            let audiences = attrs
                .split("doelgroepen=\"")
                .nth(1)
                .map(|v| {
                    v.split('"')
                        .next()
                        .unwrap()
                        .split([',', ' '])
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let first = lines.by_ref().map(str::trim).find(|l| !l.is_empty()).unwrap();
            out.push(Written { id: id.to_string(), audiences, text: plain(first) });
        }
    }
    assert!(out.len() > 20, "the module has its recommendations: {}", out.len());
    out
}

/// Markdown links as their text, whitespace collapsed.
#[cfg(feature = "pdf")]
fn plain(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else { break };
        let end = rest[close..].find(')').map(|e| close + e).unwrap();
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    assert!(!out.contains(['*', '`', '<']), "a recommendation with markup this test does not read: {out}");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number the web edition gives a recommendation, from its id:
/// "aanbeveling-5-6-2-1" is Aanbeveling 5.6.2-1.
#[cfg(feature = "pdf")]
fn number(id: &str) -> String {
    if let Some(n) = id.strip_prefix("kernaanbeveling-") {
        return format!("Kernaanbeveling {n}");
    }
    let parts: Vec<&str> = id.strip_prefix("aanbeveling-").expect("a numbered id").split('-').collect();
    let (ordinal, heading) = parts.split_last().unwrap();
    format!("Aanbeveling {}-{ordinal}", heading.join("."))
}

/// Each audience with recommendations: its slug and its card's file.
#[cfg(feature = "pdf")]
fn audience_cards() -> Vec<(String, String)> {
    let recs = recommendations();
    let yaml = std::fs::read_to_string(shipped::root().join("site.yaml")).unwrap();
    let slugs: Vec<String> =
        yaml.lines().filter_map(|l| l.trim().strip_prefix("- slug:")).map(|s| s.trim().to_string()).collect();
    assert!(slugs.len() >= 9, "site.yaml lists the audiences: {slugs:?}");
    slugs
        .into_iter()
        .filter(|s| recs.iter().any(|r| r.audiences.contains(s)))
        .map(|s| {
            let file = format!("doelgroepen/{s}/aanbevelingen-voor-{s}.pdf");
            (s, file)
        })
        .collect()
}

#[cfg(feature = "pdf")]
#[test]
fn every_audience_with_recommendations_has_a_card_of_at_most_two_a4_pages_offered_on_its_page() {
    let cards = audience_cards();
    for (slug, file) in &cards {
        let n = pages(file);
        assert!((1..=2).contains(&n), "{file} has {n} pages");
        assert_eq!(info(file, "Page size"), "595.276 x 841.89 pts (A4)", "{file}");
        assert!(info(file, "Title").starts_with("Aanbevelingen voor "), "{file}: {}", info(file, "Title"));
        let page = format!("doelgroepen/{slug}/index.html");
        let html = shipped::read(&page);
        let href = format!("href=\"../../{file}\"");
        let at = html.find(&href).unwrap_or_else(|| panic!("{page} should link to its card ({href})"));
        let after = &html[at..html.len().min(at + 300)];
        let bytes = std::fs::metadata(shipped::output().join(file)).unwrap().len() as usize;
        let pages = if n == 1 { "1 pagina".to_string() } else { format!("{n} pagina’s") };
        assert!(after.contains("Download als pdf"), "{page}: {after}");
        assert!(after.contains(&format!("{} kB", bytes.div_ceil(1000))), "{page} gives the card's size: {after}");
        assert!(after.contains(&pages), "{page} gives the card's pages: {after}");
    }
    // An audience nothing is addressed to gets no card, and its page
    // offers none.
    let all = shipped::files_with_extension(&shipped::output().join("doelgroepen"), "pdf");
    assert_eq!(all.len(), cards.len(), "{all:?}");
    assert!(!shipped::read("doelgroepen/clienten/index.html").contains(".pdf\""));
}

#[cfg(feature = "pdf")]
#[test]
fn an_audience_card_holds_every_recommendation_addressed_to_it_in_order_with_its_number_and_no_other() {
    let recs = recommendations();
    for (slug, file) in audience_cards() {
        let t = text(&file);
        let lower = t.to_lowercase();
        let (mine, others): (Vec<&Written>, Vec<&Written>) = recs.iter().partition(|r| r.audiences.contains(&slug));
        let mut at = 0;
        for r in &mine {
            // The number heads the recommendation, its text follows.
            let label = number(&r.id).to_lowercase();
            let found = lower[at..].find(&label).unwrap_or_else(|| panic!("{file}: {label} missing after byte {at}"));
            at += found + label.len();
            let text = t[at..].find(&r.text).unwrap_or_else(|| panic!("{file}: the text of {} after its number", r.id));
            assert!(!lower[at..at + text].contains("aanbeveling "), "{file}: {} does not follow its number", r.id);
            at += text + r.text.len();
            // And it ends in a link to its place in the web edition.
            let link = format!("{} in de module", number(&r.id)).to_lowercase();
            let to = lower[at..].find(&link).unwrap_or_else(|| panic!("{file}: {} has no link to its place", r.id));
            assert!(!lower[at..at + to].contains("aanbeveling "), "{file}: the link of {} is not its own", r.id);
            at += to + link.len();
        }
        // The links land on each recommendation's anchor in the web edition
        // (when the PDF carries web addresses: not without a real base_url,
        // where the link text above names the place).
        let json = tool("qpdf", &["--json", "--json-key=qpdf"], &file);
        for r in mine.iter().filter(|_| json.contains("\"/URI\"")) {
            let uri = format!("#{}\"", r.id);
            assert!(json.contains(&uri), "{file} links {} to its place in the web edition", r.id);
        }
        for r in others.iter().filter(|o| mine.iter().all(|m| m.text != o.text)) {
            assert!(!t.contains(&r.text), "{file} holds {}, which is not addressed to {slug}", r.id);
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn an_audience_card_longer_than_two_pages_is_an_error_at_the_last_recommendation() {
    // Thirty long recommendations for one audience do not fit on two A4
    // sides; the error points at the last one addressed to it.
    let sentence =
        "Bespreek in het team hoe ervaringskennis, professionele kennis en wetenschappelijke kennis elkaar aanvullen. ";
    let mut page = String::from("---\ntitle: Drie\nnumber: \"3\"\n---\n\n## 3.1 Aanbevelingen\n\n");
    for n in 1..=30 {
        page.push_str(&format!(
            "::: aanbeveling {{#aanbeveling-3-1-{n} doelgroepen=\"ervaringsdeskundigen\"}}\n{}\n:::\n\n",
            sentence.repeat(3)
        ));
    }
    let site = printed_fixture(&[("content/doc/03-drie.md", page.clone())]);
    let run = site.build();
    run.assert_content_error();
    let all = common::printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.contains("must fit on two A4 pages"), "{}", run.stderr);
    let (line, column) = common::locate(&page, "{#aanbeveling-3-1-30");
    assert_eq!(all[0].location.as_deref(), Some(format!("content/doc/03-drie.md:{line}:{column}").as_str()));
    assert!(!site.output().exists(), "a failed build writes nothing");
    insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
        insta::assert_snapshot!(run.stderr)
    });
}
