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
    // The source writes the note in lower case; as the first word of the
    // teacher's box it is set with a capital.
    let note = "Vraag vier leerlingen om hun presentatie in de klas voor te dragen";
    let task = "Werk je presentatie uit.";
    for file in [sheet(2, true), TEACHERS.to_string()] {
        let t = text(&file);
        assert!(t.contains(note), "{file} should hold the teacher note of opdracht 2, capitalised");
        assert!(t.contains(task), "{file} should hold the task of opdracht 2");
    }
    for file in [sheet(2, false), STUDENTS.to_string()] {
        let t = text(&file);
        assert!(
            !t.to_lowercase().contains(&note.to_lowercase()),
            "{file} is for students and must not hold the teacher note"
        );
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
    let mut first = all_pdfs(shipped::output());
    assert_eq!(first, all_pdfs(&again));
    // The Word sheets too.
    let docx = shipped::files_with_extension(shipped::output(), "docx");
    assert_eq!(docx, shipped::files_with_extension(&again, "docx"));
    first.extend(docx);
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
    site.write("site.yaml", common::printed_site_yaml());
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
    let yaml = common::printed_site_yaml();
    let (line, column) = common::locate(&yaml, "true\n");
    assert_eq!(all[0].location.as_deref(), Some(format!("site.yaml:{line}:{column}").as_str()), "{}", run.stderr);
    assert!(!site.output().exists(), "a failed build writes nothing");
    // The whole of stderr, source line and caret included.
    insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
        insta::assert_snapshot!(run.stderr)
    });
}

/// Every pair of inline elements the Markdown allows, `outer(a inner b)`,
/// each on its own line with a word of its own: (the word, the line).
#[cfg(feature = "pdf")]
fn inline_pairs() -> Vec<(String, String)> {
    type Wrap = fn(&str) -> String;
    let wraps: [(&str, Wrap); 8] = [
        ("em", |x| format!("*{x}*")),
        ("strong", |x| format!("**{x}**")),
        ("del", |x| format!("~~{x}~~")),
        ("link", |x| format!("[{x}](https://example.org/a)")),
        ("intern", |x| format!("[{x}](@/doc/01-een.md)")),
        ("ins", |x| format!("<ins>{x}</ins>")),
        ("sup", |x| format!("<sup>{x}</sup>")),
        ("sub", |x| format!("<sub>{x}</sub>")),
    ];
    let leaves: [Wrap; 3] = [|w| format!("`{w}`"), |w| format!("![{w}](https://example.org/i.png)"), |w| w.to_string()];
    let mut pairs = Vec::new();
    for (_, outer) in &wraps {
        let inners = wraps.iter().map(|(_, w)| *w).chain(leaves);
        for inner in inners {
            let word = format!("paarwoord{}", pairs.len());
            pairs.push((word.clone(), format!("Voor {} na.", outer(&format!("a {} b", inner(&word))))));
        }
    }
    pairs
}

/// Strike-through around a link (`~~[oude versie](…)~~`) or inside `<ins>`
/// failed the whole build ("PDF/UA-1 error: cannot combine underline,
/// overline, or strike", blamed on the theme).
#[cfg(feature = "pdf")]
#[test]
fn every_inline_pair_builds_in_both_renderers_with_its_text() {
    let pairs = inline_pairs();
    let body: String = pairs.iter().map(|(_, line)| format!("{line}\n\n")).collect();
    let page = format!("---\ntitle: Drie\nnumber: \"3\"\n---\n\n{body}");
    let site = printed_fixture(&[("content/doc/03-drie.md", page)]);
    site.build_ok();
    let html = site.read("output/doc/drie/index.html");
    let pdf = text(&site.output().join("doc/het-document.pdf").to_string_lossy());
    for (word, line) in &pairs {
        assert!(html.contains(word.as_str()), "the page lacks {word} of {line}");
        assert!(pdf.contains(word.as_str()), "the PDF lacks {word} of {line}");
    }
    assert!(html.contains("<del>a <a href=\"https://example.org/a\" class=\"extern\">"), "a struck link stays a link");
}

/// The bound of inline nesting (load::body::MAX_INLINE_DEPTH, 8) inside
/// the deepest blocks content may have: typst lays it out (it gave up at
/// 26 levels there).
#[cfg(feature = "pdf")]
#[test]
fn inline_markup_as_deep_as_allowed_inside_the_deepest_blocks_prints() {
    let eight = format!("{}Binnenste{}", "*a **b ~~c <ins>d ".repeat(2), " d</ins> c~~ b** a*".repeat(2));
    let deep = common::twelve_deep().replace("Diep.", &format!("Diep {eight}."));
    let site = printed_fixture(&[("content/doc/02-twee.md", format!("{}\n{deep}", common::TWEE))]);
    site.build_ok();
    assert!(text(&site.output().join("doc/het-document.pdf").to_string_lossy()).contains("Binnenste"));
}

/// With print editions on these overflowed the stack: exit 134, and the
/// staging folder left behind.
#[cfg(feature = "pdf")]
#[test]
fn piles_of_inline_markup_with_print_editions_are_an_error_not_a_crash() {
    for pile in [
        format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)),
        format!("{}x{}", "<ins>".repeat(100_000), "</ins>".repeat(100_000)),
    ] {
        let site = printed_fixture(&[("content/doc/03-drie.md", format!("---\ntitle: Drie\n---\n\n{pile}\n"))]);
        let run = site.build();
        run.assert_content_error();
        assert!(run.stderr.contains("content/doc/03-drie.md:5:"), "at the pile's line");
        let left: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!left.iter().any(|n| n.to_string_lossy().contains("building")), "left behind: {left:?}");
    }
}

/// A line that runs off the page is blamed on the file that has it: its
/// pieces (a `]`, a link's text) used to be found first in `_index.md`.
#[cfg(feature = "pdf")]
#[test]
fn text_that_runs_off_the_page_is_blamed_on_its_own_file() {
    let pile = format!("{}x{}", "[".repeat(5_000), "](https://example.org/)".repeat(5_000));
    let page = format!("---\ntitle: Drie\n---\n\nTekst.\n\n{pile}\n");
    let site = printed_fixture(&[("content/doc/03-drie.md", page)]);
    let run = site.build();
    run.assert_content_error();
    let all = common::printed(&run.stderr);
    assert!(!all.is_empty());
    for d in &all {
        assert!(d.message.contains("text runs off page"), "{}", d.message);
        let at = d.location.as_deref().unwrap_or_default();
        assert!(at.starts_with("content/doc/03-drie.md:7:"), "blamed on {at}");
    }
}

/// A hundred thousand paragraphs, each with an `<ins>` never closed (the
/// end of its paragraph closes it): slow, so only with
/// MODULEPERS_SLOW_TESTS=1, which .ci/run sets.
#[cfg(feature = "pdf")]
#[test]
fn a_hundred_thousand_unclosed_ins_elements_print() {
    if std::env::var_os("MODULEPERS_SLOW_TESTS").is_none_or(|v| v.is_empty()) {
        eprintln!("SKIPPED a_hundred_thousand_unclosed_ins_elements_print: set MODULEPERS_SLOW_TESTS=1");
        return;
    }
    let body = "Een <ins>open aanvulling\n\n".repeat(100_000);
    let site = printed_fixture(&[("content/doc/03-drie.md", format!("---\ntitle: Drie\n---\n\n{body}"))]);
    site.build_ok();
}

/// The non-empty lines of page `page` of a PDF, without its page number.
#[cfg(feature = "pdf")]
fn page_lines(file: &str, page: usize) -> Vec<String> {
    let p = page.to_string();
    let text = tool("pdftotext", &["-f", &p, "-l", &p, "-enc", "UTF-8"], file);
    let mut lines: Vec<String> =
        text.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}').to_string()).collect();
    lines.retain(|l| !l.is_empty());
    if lines.last().is_some_and(|l| l.chars().all(|c| c.is_ascii_digit())) {
        lines.pop();
    }
    lines
}

/// Whether `line` heads something: a heading of the outline (or the last
/// line of one that wraps), a box's label, a "Bron:" label, an
/// assignment's werkvorm.
#[cfg(feature = "pdf")]
fn heads_something(line: &str, headings: &[String]) -> bool {
    const LABELS: [&str; 10] = [
        "KERNAANBEVELING",
        "★",
        "AANBEVELING",
        "OPDRACHT ",
        "VOORBEELD:",
        "LEERDOELEN",
        "VOOR DE DOCENT",
        "AANWIJZING VOOR DE DOCENT",
        "✎ NOOT VAN DE REDACTIE",
        "BEGRIP",
    ];
    LABELS.iter().any(|l| line.starts_with(l))
        || line.ends_with("Bron:")
        || line.ends_with("Bronnen:")
        || line.contains("Werkvorm:")
        || headings.iter().any(|h| h == line || (line.contains(' ') && h.ends_with(&format!(" {line}"))))
}

#[cfg(feature = "pdf")]
#[test]
fn no_heading_or_label_is_the_last_thing_on_its_page() {
    let mut alone = vec![];
    for file in [MODULE, PRAKTIJK, CARD] {
        let headings = outline(file);
        for page in 1..=pages(file) {
            let lines = page_lines(file, page);
            if let Some(last) = lines.last().filter(|l| heads_something(l, &headings)) {
                alone.push(format!("{file} p. {page}: «{last}»"));
            }
        }
    }
    assert!(alone.is_empty(), "left alone at the foot of a page:\n{}", alone.join("\n"));
    // The check recognises what it looks for.
    let headings = outline(MODULE);
    for line in ["Bron:", "AANBEVELING 5.3.2-1 voor managers", "5.3 Diagnostiek", "✎ NOOT VAN DE REDACTIE"] {
        assert!(heads_something(line, &headings), "{line}");
    }
    assert!(!heads_something("Bron: Van Os (2014)", &headings));
}

/// The lines of a page with their top and bottom, from pdftotext's boxes.
#[cfg(feature = "pdf")]
fn boxed_lines(file: &str, page: usize) -> Vec<(f64, f64, String)> {
    let p = page.to_string();
    let xml = tool("pdftotext", &["-bbox-layout", "-f", &p, "-l", &p, "-enc", "UTF-8"], file);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<line ")
        .skip(1)
        .map(|l| {
            let tag = &l[..l.find('>').unwrap()];
            let words: Vec<&str> = l
                .split("<word ")
                .skip(1)
                .map(|w| w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].trim())
                .collect();
            (attr(tag, "yMin"), attr(tag, "yMax"), words.join(" "))
        })
        .collect()
}

/// The steps of a shipped assignment as its content writes them: the
/// items of the task's top-level lists, in order.
#[cfg(feature = "pdf")]
fn steps_in_content(n: usize) -> Vec<String> {
    let dir = shipped::root().join("content/praktijkmodule-4");
    let head = format!("::: opdracht {{#opdracht-{n} ");
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
        if let Some(at) = text.find(&head) {
            return text[at..]
                .lines()
                .skip(1)
                .take_while(|l| !l.starts_with(":::"))
                .filter_map(|l| l.strip_prefix("- "))
                .map(str::to_string)
                .collect();
        }
    }
    panic!("no opdracht-{n} in content/praktijkmodule-4")
}

#[cfg(feature = "pdf")]
#[test]
fn every_step_has_its_own_numbered_answer_space_alike_on_web_and_pdf() {
    for n in 1..=assignments() {
        let steps = steps_in_content(n);
        assert!(!steps.is_empty(), "opdracht {n} has steps");
        let pdf = text(&sheet(n, false));
        // The task numbers its steps: "3. Kan de ervaringsdeskundige …".
        for (i, step) in steps.iter().enumerate() {
            let words: String = step.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
            assert!(
                pdf.contains(&format!("{}. {words}", i + 1)),
                "{}: step {} «{words}»:\n{pdf}",
                sheet(n, false),
                i + 1
            );
        }
        // Then one answer space per step, numbered alike, and nothing else
        // before the footer.
        let answers =
            pdf.split("Jouw antwoorden ").nth(1).unwrap_or_else(|| panic!("{}: no answers:\n{pdf}", sheet(n, false)));
        let numbers: Vec<&str> =
            answers.split(" Ervaringsdeskundigheid in de ggz").next().unwrap().split(' ').collect();
        let want: Vec<String> = (1..=steps.len()).map(|i| i.to_string()).collect();
        assert_eq!(numbers, want, "{}: answer spaces", sheet(n, false));

        // The web sheet: the same steps numbered from 1, and an answer space
        // of its own for each, with the lines the model gave it.
        let page = format!("opdrachten/opdracht-{n}/index.html");
        let html = shipped::read(&page);
        assert!(html.contains("<ol start=\"1\">") || html.contains("<ol>"), "{page}: the steps are an ordered list");
        let web: Vec<usize> = html
            .split("<p class=\"answer-number\"><span class=\"visually-hidden\">Antwoord bij stap </span>")
            .skip(1)
            .map(|s| s[..s.find('<').unwrap()].parse().unwrap())
            .collect();
        assert_eq!(web, (1..=steps.len()).collect::<Vec<_>>(), "{page}: answer spaces");
    }
    // Room follows the questions: opdracht 7's first step asks three, the
    // others none, and opdracht 1's six statements each get room of their
    // own instead of four shared lines.
    let lines = |n: usize| -> Vec<usize> {
        let html = shipped::read(&format!("opdrachten/opdracht-{n}/index.html"));
        html.split("<div class=\"answer\"")
            .skip(1)
            .map(|s| s.split("</div></div>").next().unwrap().matches("class=\"line\"").count())
            .collect()
    };
    let seven = lines(7);
    assert!(seven[0] > seven[1] && seven[1] >= 2, "opdracht 7: {seven:?}");
    assert_eq!(lines(1), vec![2; 6], "opdracht 1");
    assert_eq!(lines(6), vec![3, 3, 2], "opdracht 6: its eight lines over three questions");
    // The teacher's version has no answer space.
    assert!(!text(&sheet(6, true)).contains("Jouw antwoord"));
}

#[cfg(feature = "pdf")]
#[test]
fn the_teacher_version_gathers_what_the_teacher_needs_and_no_fill_in_fields() {
    for n in 1..=assignments() {
        let t = text(&sheet(n, true));
        let s = text(&sheet(n, false));
        for field in ["Naam", "Datum", "Jouw antwoord"] {
            assert!(!t.contains(field), "{}: a teacher fills in no «{field}»:\n{t}", sheet(n, true));
        }
        assert!(s.contains("Naam") && s.contains("Datum"), "{}: the student's fields", sheet(n, false));
        for part in ["AANWIJZING VOOR DE DOCENT", "Hoort bij:", "LEERDOELEN VAN DE MODULE", "Tijd:", "Inleveren:"] {
            assert!(t.contains(part), "{}: «{part}»:\n{t}", sheet(n, true));
        }
        // All of it before the task.
        let task = t.rfind("Opdracht ").unwrap();
        assert!(t.find("AANWIJZING VOOR DE DOCENT").unwrap() < task, "{}: the note comes first", sheet(n, true));
    }
    // The arrangement, where the task gives one, quoted as the source has it.
    for (n, arrangement) in [
        (3, "Verdeel de klas in subgroepen."),
        (4, "Verdeel de groep in vier subgroepen."),
        (7, "Verdeel de klas in een aantal groepen."),
    ] {
        let t = text(&sheet(n, true));
        assert!(t.contains(&format!("Indeling (uit de opdracht): {arrangement}")), "{}:\n{t}", sheet(n, true));
        let web = shipped::read(&format!("opdrachten/opdracht-{n}/docent/index.html"));
        assert!(
            web.contains(&format!("(uit de opdracht)</span>: {arrangement}")),
            "opdracht {n}: the web teacher version"
        );
    }
    assert!(!text(&sheet(1, true)).contains("Indeling"), "opdracht 1 gives no arrangement");
}

#[cfg(feature = "pdf")]
#[test]
fn a_school_sets_time_and_hand_in_per_assignment_shown_as_the_teachers() {
    let site = printed_fixture(&[]);
    let yaml = format!(
        "{}opdrachtbladen:\n  opdracht-1:\n    tijd: 2 lesuren\n    inleveren: week 12, via de ELO\n",
        common::printed_site_yaml()
    );
    site.write("site.yaml", &yaml);
    site.build().assert_ok();
    for file in ["opdrachten/opdracht-1/opdracht-1.pdf", "opdrachten/opdracht-1/docent/opdracht-1-docent.pdf"] {
        let t = text(&site.output().join(file).to_string_lossy());
        assert!(t.contains("Tijd: 2 lesuren (van de docent)"), "{file}:\n{t}");
        assert!(t.contains("Inleveren: week 12, via de ELO (van de docent)"), "{file}:\n{t}");
    }
    let web = site.read("output/opdrachten/opdracht-1/index.html");
    assert!(web.contains("<dt>Tijd</dt><dd>2 lesuren <span class=\"school-note\">(van de docent)</span>"), "{web}");

    // An entry for an assignment that does not exist is an error at its key.
    site.write("site.yaml", yaml.replace("  opdracht-1:", "  opdracht-11:"));
    let run = site.build();
    run.assert_content_error();
    let (line, _) = common::locate(&yaml, "  opdracht-1:");
    assert!(run.stderr.contains(&format!("site.yaml:{line}:3")), "{}", run.stderr);
    insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
        insta::assert_snapshot!(run.stderr)
    });
    // A key the sheets do not know is an error too, at its line.
    site.write("site.yaml", yaml.replace("    tijd:", "    duur:"));
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("duur"), "{}", run.stderr);
}

/// A part of a Word file, as text.
#[cfg(feature = "docx")]
fn docx_part(file: &str, part: &str) -> Option<String> {
    use std::io::Read;
    let bytes = std::fs::read(shipped::output().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{file} is no zip: {e}"));
    let mut entry = zip.by_name(part).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap_or_else(|e| panic!("{file}: {part}: {e}"));
    Some(text)
}

/// The text of a Word document's body as Word shows it: the text runs in
/// order, a tab, a line break or the end of a paragraph as a space.
#[cfg(feature = "docx")]
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let name = tag.trim_start_matches(['<', '/']).split([' ', '>', '/']).next().unwrap_or("");
        if (name == "w:t") && !tag.starts_with("</") && !tag.ends_with("/>") {
            let close = rest[end..].find("</w:t>").map_or(rest.len(), |c| end + c);
            let t = &rest[end..close];
            out.push_str(
                &t.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
            rest = &rest[close..];
            continue;
        }
        if name == "w:tab" || name == "w:br" || tag == "</w:p>" {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(feature = "docx")]
#[test]
fn every_sheet_is_also_a_word_file_with_the_pdfs_words_dutch_and_real_headings() {
    for n in 1..=assignments() {
        for teacher in [false, true] {
            let pdf = sheet(n, teacher);
            let file = format!("{}.docx", pdf.strip_suffix(".pdf").unwrap());
            // A valid OOXML package: its parts and their types.
            let types =
                docx_part(&file, "[Content_Types].xml").unwrap_or_else(|| panic!("{file}: no [Content_Types].xml"));
            assert!(
                types.contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
                "{file}: {types}"
            );
            let rels = docx_part(&file, "_rels/.rels").unwrap_or_else(|| panic!("{file}: no _rels/.rels"));
            assert!(rels.contains("word/document.xml"), "{file}: the package names its document: {rels}");
            let styles = docx_part(&file, "word/styles.xml").unwrap_or_else(|| panic!("{file}: no styles"));
            let document = docx_part(&file, "word/document.xml").unwrap_or_else(|| panic!("{file}: no document"));
            // Word's own heading styles, defined and used.
            for h in ["Heading1", "Heading2"] {
                assert!(styles.contains(&format!("w:styleId=\"{h}\"")), "{file}: {h} is not defined");
                assert!(document.contains(&format!("<w:pStyle w:val=\"{h}\"")), "{file}: no paragraph uses {h}");
            }
            assert!(styles.contains("<w:name w:val=\"heading 1\""), "{file}: Heading1 is Word's built-in heading 1");
            // Dutch, for the spelling checker and a screen reader.
            let defaults = &styles[styles.find("<w:rPrDefault>").expect("default run properties")..];
            assert!(
                defaults[..defaults.find("</w:rPrDefault>").unwrap()].contains("<w:lang w:val=\"nl-NL\""),
                "{file}: language"
            );
            // Answer space as ruled tables, on the student's sheet only.
            assert_eq!(document.contains("<w:tbl>"), true, "{file}: fields and boxes are tables");
            let answers = document.matches("w:val=\"Heading2\"").count();
            assert_eq!(answers, if teacher { 1 } else { 2 }, "{file}: Opdracht, and Jouw antwoord(en) for students");
            // The same words as the PDF, in the same order: the order the
            // PDF holds them in (-raw; pdftotext's default reorders side by
            // side fields as columns).
            let word = docx_text(&document);
            let printed =
                tool("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(word, printed, "{file} and {pdf} should hold the same text");
        }
    }
}

#[cfg(feature = "docx")]
#[test]
fn sheet_pages_and_the_overview_offer_the_word_files_with_their_size() {
    let size = |file: &str| {
        let bytes = std::fs::metadata(shipped::output().join(file)).unwrap().len() as usize;
        format!("{} kB", bytes.div_ceil(1000))
    };
    let overview = shipped::read("opdrachten/index.html");
    for n in 1..=assignments() {
        for teacher in [false, true] {
            let file = sheet(n, teacher).replace(".pdf", ".docx");
            let page = if teacher {
                format!("opdrachten/opdracht-{n}/docent/index.html")
            } else {
                format!("opdrachten/opdracht-{n}/index.html")
            };
            let html = shipped::read(&page);
            let href = format!("{}{file}", "../".repeat(page.matches('/').count()));
            let at = html.find(&format!("href=\"{href}\"")).unwrap_or_else(|| panic!("{page} should offer {href}"));
            let after = &html[at..(at + 400).min(html.len())];
            assert!(after.contains("Download als Word-bestand"), "{page}: {after}");
            assert!(after.contains(&format!("(docx, {})", size(&file))), "{page}: the size of {file}: {after}");
            let from_overview = format!("href=\"../{file}\"");
            let at = overview.find(&from_overview).unwrap_or_else(|| panic!("the overview should offer {file}"));
            assert!(
                overview[at..(at + 400).min(overview.len())].contains(&format!("(docx, {})", size(&file))),
                "overview: the size of {file}"
            );
        }
    }
}

/// Words of one page of a PDF with their boxes: (text, yMin, yMax).
#[cfg(feature = "pdf")]
fn word_boxes(file: &str, page: usize) -> Vec<(String, f64, f64)> {
    let p = page.to_string();
    let xml = tool("pdftotext", &["-bbox", "-f", &p, "-l", &p], file);
    xml.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("<word ")?;
            let attr = |k: &str| -> f64 {
                let at = l.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                l[at..at + l[at..].find('"').unwrap()].parse().unwrap()
            };
            let text = &l[l.find('>')? + 1..l.rfind("</word>")?];
            Some((text.to_string(), attr("yMin"), attr("yMax")))
        })
        .collect()
}

#[cfg(feature = "pdf")]
#[test]
fn each_source_stands_with_where_it_is_named() {
    let first = (1..=pages(MODULE))
        .filter(|&p| page_lines(MODULE, p).iter().any(|l| l == "Bronnen in de tekst"))
        .last()
        .expect("the module has a list of sources");
    let mut entries = 0;
    for page in first..=pages(MODULE) {
        let lines = boxed_lines(MODULE, page);
        for (i, (top, _, text)) in lines.iter().enumerate() {
            if !text.starts_with("Vermeld bij") {
                continue;
            }
            entries += 1;
            assert!(i > 1, "p. {page}: «{text}» opens the page, apart from its source");
            let gap_above = top - lines[i - 1].1;
            if let Some((next_top, _, next)) = lines.get(i + 1).filter(|l| l.2.contains("Bron")) {
                let gap_below = next_top - lines[i].1;
                assert!(
                    gap_above * 2.0 < gap_below,
                    "p. {page}: «{text}» is {gap_above:.1} pt below its source and {gap_below:.1} pt above the next, «{next}»"
                );
            }
        }
    }
    let bron = std::fs::read_dir(shipped::root().join("content/ervaringsdeskundigheid"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|t| t.matches("::: bron").count())
        .sum::<usize>();
    assert_eq!(entries, bron, "every bron block is listed with where it is named");
}

#[cfg(feature = "pdf")]
#[test]
fn no_placeholder_or_missing_address_is_printed() {
    // The shipped site.yaml sets no base_url: no PDF carries an address of
    // the site, and nothing reserved for examples.
    for file in all_pdfs(shipped::output()) {
        let json = tool("qpdf", &["--json", "--json-key=qpdf"], &file);
        let text = text(&file);
        for bad in ["example.org", "example.com", "localhost", "example.net"] {
            assert!(!json.contains(bad) && !text.contains(bad), "{file} names {bad}");
        }
        for uri in json.split("\"/URI\": \"u:").skip(1).map(|s| s.split('"').next().unwrap()) {
            assert!(!uri.contains("/opdrachten/") && !uri.contains("/samenvattingskaart/"), "{file} links to {uri}");
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_placeholder_base_url_is_refused_for_print_and_none_is_noted() {
    let site = printed_fixture(&[]);
    let run = site.run(&["build"]);
    run.assert_ok();
    let notes: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(notes.len(), 1, "{}", run.stderr);
    assert!(notes[0].contains("no base_url") && notes[0].contains("no web addresses"), "{}", run.stderr);
    assert!(!site.output().join("sitemap.xml").exists());
    let yaml = format!("base_url: https://www.example.org/test/\n{}", common::printed_site_yaml());
    site.write("site.yaml", &yaml);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let (line, column) = common::locate(&yaml, "https://www.example.org");
    assert!(run.stderr.contains(&format!("site.yaml:{line}:{column}")), "{}", run.stderr);
    insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
        insta::assert_snapshot!(run.stderr)
    });
    // The command line's --base-url as well.
    site.write("site.yaml", common::printed_site_yaml());
    let run = site.run(&["build", "--base-url", "http://localhost:8000/"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("--base-url \"http://localhost:8000/\" is a placeholder"), "{}", run.stderr);
}

#[cfg(feature = "pdf")]
#[test]
fn metadata_says_who_made_the_edition_and_when() {
    // Without SOURCE_DATE_EPOCH (the tests' build): no date, never the
    // source's 2022.
    let dates = tool("pdfinfo", &[], MODULE);
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        assert!(!dates.contains("CreationDate") && !dates.contains("ModDate"), "{dates}");
    }
    assert!(!dates.contains("2022"), "the source's date is not the edition's: {dates}");
    assert_eq!(info(MODULE, "Author"), "Vereniging van Ervaringsdeskundigen, Trimbos-instituut, Kenniscentrum Phrenos");
    // Titles and bookmarks leave out the editorial marker, the page shows it.
    let title = info(&sheet(1, true), "Title");
    assert!(title.starts_with("Opdracht 1: ") && title.ends_with(" (docentversie)"), "{title}");
    for file in [sheet(1, true), TEACHERS.to_string()] {
        for t in outline(&file).iter().chain([&info(&file, "Title")]) {
            assert!(!t.contains('✎') && !t.contains("van de redactie"), "{file}: «{t}»");
        }
        assert!(text(&file).contains("✎"), "{file} shows the marker on the page");
    }
    // With SOURCE_DATE_EPOCH: that moment, in UTC.
    let site = printed_fixture(&[]);
    let build = |epoch: &str| {
        Command::new(env!("CARGO_BIN_EXE_modulepers"))
            .args(["build", "--quiet", "--root"])
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    let run = build("1765195445");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let pdf = site.output().join("doc/het-document.pdf");
    let out = Command::new("pdfinfo").args(["-isodates"]).arg(&pdf).output().unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    for key in ["CreationDate:", "ModDate:"] {
        let date = out.lines().find_map(|l| l.strip_prefix(key)).map(str::trim);
        assert_eq!(date, Some("2025-12-08T12:04:05Z"), "{out}");
    }
    let run = build("gisteren");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("SOURCE_DATE_EPOCH is \"gisteren\""), "{stderr}");
}

#[cfg(feature = "pdf")]
#[test]
fn text_for_one_edition_is_only_in_that_edition() {
    // The front page's note about the web edition and its list of
    // chapters are `editie {web}`: the PDF has its own contents page.
    let web = "Dit is een webeditie van de";
    let print = "Deze pdf is gemaakt uit de webeditie van de";
    let module = text(MODULE);
    assert!(!module.contains(web) && module.contains(print), "the module PDF reprints the web front page");
    assert!(!module.contains("Hoofdstukken"), "the module PDF repeats the web page's chapter list");
    let page = shipped::read("ervaringsdeskundigheid/index.html");
    assert!(page.contains(web) && !page.contains(print), "the web front page shows the web edition's note only");
    let front = (1..=pages(PRAKTIJK))
        .map(|p| page_lines(PRAKTIJK, p).join(" "))
        .find(|t| t.contains("Deze praktijkmodule is een hoofdstuk"))
        .expect("the praktijkmodule PDF has its front page's note");
    assert!(!front.contains("Specifieke competenties"), "the praktijkmodule PDF repeats the chapter list: {front}");
    // The cover names the kind once: the title already starts with it.
    let cover = page_lines(MODULE, 1);
    assert!(!cover.iter().any(|l| l == "GENERIEKE MODULE"), "{cover:?}");
}

#[cfg(feature = "pdf")]
#[test]
fn english_phrases_are_marked_english_on_the_web_and_in_print() {
    // WCAG 2.1 SC 3.1.2: what content marks <span lang="en"> is English in
    // the HTML and in the PDF's tags (marked content /Lang (en)).
    for (doc, file) in [("ervaringsdeskundigheid", MODULE), ("praktijkmodule-4", PRAKTIJK)] {
        let mut phrases = vec![];
        for e in std::fs::read_dir(shipped::root().join("content").join(doc)).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for part in text.split("<span lang=\"en\">").skip(1) {
                phrases.push(part.split("</span>").next().unwrap().to_string());
            }
        }
        assert!(!phrases.is_empty(), "{doc} marks no English phrase");
        let html: String = shipped::html_files().iter().map(|f| shipped::read(f)).collect();
        for p in &phrases {
            assert!(
                html.contains(&format!("<span lang=\"en\">{p}</span>")),
                "{doc}: «{p}» is not lang=\"en\" on the web"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.pdf");
        let out = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(shipped::output().join(file))
            .arg(&plain)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let bytes = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
        let english = bytes.matches("/Lang(en)").count() + bytes.matches("/Lang (en)").count();
        assert!(english >= phrases.len(), "{file}: {english} parts tagged English, {} phrases marked", phrases.len());
        let text = text(file);
        for p in &phrases {
            assert!(text.contains(p.as_str()), "{file} lost «{p}»");
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn links_are_announced_by_their_target_and_the_running_head_names_the_chapter() {
    for file in [MODULE, PRAKTIJK] {
        let json = tool("qpdf", &["--json", "--json-key=qpdf"], file);
        let alts: Vec<&str> = json.split("\"/Contents\": \"u:").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        assert!(alts.len() > 10, "{file}: {alts:?}");
        for alt in &alts {
            assert!(
                !alt.starts_with("Hoofdstuk") && !alt.starts_with("Pagina"),
                "{file}: a link is announced as «{alt}»"
            );
        }
    }
    assert!(
        tool("qpdf", &["--json", "--json-key=qpdf"], MODULE).contains("\"/Contents\": \"u:5.3 Diagnostiek, pagina ")
    );
    // The page where 5.3 stands is in chapter 5, and its head says so.
    let page = (1..=pages(MODULE))
        .find(|&p| page_lines(MODULE, p).iter().any(|l| l == "5.3 Diagnostiek"))
        .expect("5.3 Diagnostiek is printed");
    let head = &page_lines(MODULE, page)[0];
    assert_eq!(head, "Generieke module · 5 Inzet ervaringsdeskundigheid", "p. {page}");
}

#[cfg(feature = "pdf")]
#[test]
fn a_printed_address_breaks_after_a_slash() {
    let source = "https://www.ggzstandaarden.nl/generieke-modules/ervaringsdeskundigheid";
    for file in [CARD, MODULE] {
        let lines = page_lines(file, if file == CARD { pages(CARD) } else { 1 });
        let at = lines.iter().position(|l| l.contains("Brontekst: ")).unwrap_or_else(|| panic!("{file}: {lines:?}"));
        let start = lines[at].split("Brontekst: ").nth(1).unwrap();
        if start.trim_end_matches('.') != source {
            assert!(start.ends_with('/'), "{file}: the address breaks inside a word: «{start}» / «{}»", lines[at + 1]);
            assert!(format!("{start}{}", lines[at + 1]).starts_with(source), "{file}: {lines:?}");
        }
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_cover_title_does_not_end_in_one_word_alone() {
    let title = "Praktijkmodule 4 – Inrichten herstelondersteunende zorg";
    let lines = page_lines(PRAKTIJK, 1);
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let last = lines
        .iter()
        .find(|l| words(title).ends_with(&words(l)) && lines.iter().any(|k| words(title).starts_with(&words(k))))
        .unwrap_or_else(|| panic!("the cover holds the title: {lines:?}"));
    assert!(last.trim().contains(char::is_whitespace), "the title's last line is one word: «{last}» in {lines:?}");
}

#[cfg(feature = "pdf")]
#[test]
fn the_cards_label_clears_its_title_and_no_key_recommendation_splits() {
    // The label above the title stands clear of it: their boxes (which
    // hold each line's ascent and descent) overlap by at most a fifth of
    // the title's height, as two lines set one under the other do.
    let words = word_boxes(CARD, 1);
    let label = words.iter().find(|w| w.0.starts_with("SAMENVAT")).expect("the label");
    let title = words.iter().find(|w| w.0 == "Generieke").expect("the title");
    let overlap = label.2 - title.1;
    assert!(overlap <= 0.2 * (title.2 - title.1), "the label runs into the title: {label:?} {title:?}");
    // Every key recommendation on one page: the first one a page ends
    // ("Kernaanbeveling k in de module") also begins there ("k. ").
    for page in 1..=pages(CARD) {
        let p = page.to_string();
        let text = tool("pdftotext", &["-raw", "-f", &p, "-l", &p, "-enc", "UTF-8"], CARD);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(at) = text.find("Kernaanbeveling ") {
            let k: String = text[at + "Kernaanbeveling ".len()..].chars().take_while(char::is_ascii_digit).collect();
            if k.is_empty() {
                continue;
            }
            let before = &text[..at];
            assert!(
                before.starts_with(&format!("{k}. ")) || before.contains(&format!(" {k}. ")),
                "page {page} of {CARD} ends key recommendation {k}, which begins on another page:\n{text}"
            );
        }
    }
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
        let has_base_url = std::fs::read_to_string("site.yaml").unwrap().lines().any(|l| l.starts_with("base_url:"));
        for r in mine.iter().filter(|_| has_base_url) {
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
