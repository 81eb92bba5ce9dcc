//! Content written by strangers reaches nothing outside the site: a value
//! that becomes a path (an assignment's id, a page id, a folder name) is
//! checked where it is written, an id cannot take a page the build writes
//! itself, folder names become slugs in addresses, and raw HTML may use
//! only harmless elements and attributes. The whole of stderr is pinned in
//! tests/snapshots/ (hostile__*.snap).

#[macro_use]
mod common;
use common::*;
use std::path::PathBuf;

const EEN_MD: &str = "content/doc/01-een.md";
const TWEE_MD: &str = "content/doc/02-twee.md";

/// Builds the good site, applies `change`, builds again: the second build
/// must exit 1, leave output/ as the first wrote it and write nothing
/// outside it.
fn rebuild_broken(change: impl FnOnce(&Site)) -> Run {
    let fenced = Fenced::new(&good_files());
    let site = &fenced.site;
    site.build_ok();
    let before = snapshot(&site.output());
    change(site);
    let beside: Vec<PathBuf> = fenced.beside_output();
    let run = site.build();
    run.assert_content_error();
    assert!(snapshot(&site.output()) == before, "a failed build changed output/");
    assert_eq!(fenced.beside_output(), beside, "written outside the output; stderr:\n{}", run.stderr);
    run
}

/// The printed errors: (message, location).
fn errors(run: &Run) -> Vec<(String, String)> {
    printed(&run.stderr).into_iter().map(|d| (d.message, d.location.unwrap_or_default())).collect()
}

/// Asserts the printed errors are these messages, each where `needle`
/// first stands in `text` (of `file`).
fn expect_errors(run: &Run, file: &str, text: &str, want: &[(&str, &str)]) {
    let want: Vec<(String, String)> = want.iter().map(|(m, n)| (m.to_string(), at(file, text, n))).collect();
    assert_eq!(errors(run), want, "{}", run.stderr);
}

fn at(file: &str, text: &str, needle: &str) -> String {
    let (line, column) = locate(text, needle);
    format!("{file}:{line}:{column}")
}

#[test]
fn an_assignment_id_climbing_out_of_the_output_is_an_error_at_its_line_and_writes_nothing() {
    // The probe of issue 18: this id wrote files beside the site's folder.
    let id = "../../../../pwned-by-opdracht";
    let (een, twee) = (EEN.replace("opdracht-1", id), TWEE.replace("opdracht-1", id));
    let run = rebuild_broken(|site| {
        site.write(EEN_MD, &een);
        site.write(TWEE_MD, &twee);
    });
    let want = [(
        "the id \"../../../../pwned-by-opdracht\" is not a slug: an id may hold only lower-case letters, digits and dashes"
            .to_string(),
        at(TWEE_MD, &twee, "#../"),
    )];
    assert_eq!(errors(&run), want, "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn an_assignment_id_naming_a_page_of_the_build_is_an_error_at_its_line() {
    // `afdrukken` silently replaced the page printing every sheet.
    let een = EEN.replace("opdracht-1", "afdrukken");
    let twee = TWEE.replace("opdracht-1", "afdrukken");
    let run = rebuild_broken(|site| {
        site.write(EEN_MD, &een);
        site.write(TWEE_MD, &twee);
    });
    let found = errors(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert!(found[0].0.contains("opdrachten/afdrukken/"), "{}", run.stderr);
    assert_eq!(found[0].1, at(TWEE_MD, &twee, "#afdrukken"));
    snap_stderr!(run);
}

#[test]
fn ids_that_are_not_slugs_are_errors_at_their_line() {
    // On three pages: a page that fails to load is not checked further.
    let een = EEN.replace("id: een", "id: \"een?x=1\"");
    let twee = TWEE.replace("(@een)", "(@een?x=1)").replace("{#bron-1}", "{#Bron_1}");
    let doc = format!("{DOC_INDEX}\n## Over {{#over%20ons}}\n\nTekst.\n");
    let run = rebuild_broken(|site| {
        site.write(EEN_MD, &een);
        site.write(TWEE_MD, &twee);
        site.write("content/doc/_index.md", &doc);
    });
    let found: Vec<String> = errors(&run).into_iter().map(|(m, l)| format!("{l} {m}")).collect();
    let where_ =
        [at(EEN_MD, &een, "een?x=1"), at(TWEE_MD, &twee, "#Bron_1"), at("content/doc/_index.md", &doc, "## Over")];
    assert_eq!(found.len(), 3, "{}", run.stderr);
    for (f, w) in found.iter().zip(where_) {
        assert!(f.starts_with(&format!("{w} the id ")), "{f} is not at {w}");
    }
    snap_stderr!(run);
}

#[test]
fn folder_and_file_names_become_slugs_in_every_address() {
    // A space or `%` stood raw in href (invalid HTML; nginx and Apache
    // answer 400), and `?` or `#` broke the link to the page.
    let mut files = good_files();
    files.push((
        "content/Mijn map %/_index.md",
        "---\ntitle: Map\ndocument: {short_title: Map}\n---\n\nZie [het stuk](<@/Mijn map %/01-wat?.md>).\n".into(),
    ));
    files.push(("content/Mijn map %/01-wat?.md", "---\ntitle: Wat\n---\n\nTekst.\n".into()));
    files.push((
        "content/vraag?#/_index.md",
        "---\ntitle: Vraag\ndocument: {short_title: Vraag}\n---\n\nTekst.\n".into(),
    ));
    let site = Site::with_files(&files);
    site.build_ok();
    let written = file_list(&site.output());
    assert!(written.iter().any(|f| f == "mijn-map/index.html"), "{written:?}");
    assert!(written.iter().any(|f| f == "mijn-map/wat/index.html"), "{written:?}");
    assert!(written.iter().any(|f| f == "vraag/index.html"), "{written:?}");
    for f in &written {
        assert!(!f.contains([' ', '%', '?', '#']), "{f}");
    }
    let map = site.read("output/mijn-map/index.html");
    assert!(map.contains("<a href=\"../mijn-map/wat/index.html\">het stuk</a>"), "{map}");
    for page in written.iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(&format!("output/{page}"));
        for href in html.split(" href=\"").skip(1).map(|h| &h[..h.find('"').unwrap()]) {
            assert!(!href.contains([' ', '%', '?']), "{page}: href=\"{href}\"");
        }
    }
}

#[test]
fn raw_html_outside_the_allowed_list_is_an_error_at_its_line() {
    let html = "\
Een <span lang=\"en\">peer</span> <ins title=\"x\">toevoeging</ins> <abbr title=\"y\">GGZ</abbr><sup>1</sup><br>

<script>alert(1)</script>

<iframe src=\"https://example.com/\"></iframe>

Klik <b onclick=\"steel()\">hier</b> of <a href=\"javascript:alert(1)\">daar</a>.

<base href=\"https://example.com/\">

<meta http-equiv=\"refresh\" content=\"0; url=https://example.com/\">

<form action=\"https://example.com/\"><input name=\"wachtwoord\"></form>

<style>main { display: none }</style>

<a href=\"data:text/html,x\">data</a> <a href=\"VBScript:msgbox(1)\">vb</a>
";
    let text = format!("{EEN}\n{html}");
    let run = rebuild_broken(|site| site.write(EEN_MD, &text));
    let want = [
        ("raw HTML element <script> is not allowed in content", "<script>"),
        ("raw HTML element <iframe> is not allowed in content", "<iframe"),
        ("attribute onclick is not allowed on <b>", "onclick"),
        ("javascript: addresses are not allowed: href=\"javascript:alert(1)\"", "href=\"javascript"),
        ("raw HTML element <base> is not allowed in content", "<base"),
        ("raw HTML element <meta> is not allowed in content", "<meta"),
        ("raw HTML element <form> is not allowed in content", "<form"),
        ("raw HTML element <input> is not allowed in content", "<input"),
        ("raw HTML element <style> is not allowed in content", "<style"),
        ("data: addresses are not allowed: href=\"data:text/html,x\"", "href=\"data"),
        ("vbscript: addresses are not allowed: href=\"VBScript:msgbox(1)\"", "href=\"VBScript"),
    ];
    expect_errors(&run, EEN_MD, &text, &want);
    snap_stderr!(run);
}

#[test]
fn allowed_raw_html_is_published_as_written() {
    let site = Site::good();
    // (`<ins>` is allowed too; the theme marks it as the editors' text.)
    let line = "Een <span lang=\"en\">peer worker</span>, <abbr title=\"geestelijke gezondheidszorg\">ggz</abbr>\
                <sup>2</sup><br>en <a href=\"https://example.com/\" hreflang=\"en\">x</a> <q cite=\"https://example.com/\">\
                <i>dit</i></q>.";
    site.write(EEN_MD, format!("{EEN}\n{line}\n"));
    site.build_ok();
    let page = site.read("output/doc/een/index.html");
    assert!(page.contains(line), "{page}");
}

#[test]
fn links_and_images_that_run_code_or_carry_a_document_are_errors() {
    let lines =
        "[a](vbscript:msgbox(1)) [b](data:text/html,x) ![c](javascript:alert(1)) ![d](data:image/png;base64,AA)";
    let text = format!("{EEN}\n{lines}\n");
    let run = rebuild_broken(|site| site.write(EEN_MD, &text));
    let want = [
        ("vbscript: links are not allowed", "[a]"),
        ("data: links are not allowed", "[b]"),
        ("javascript: images are not allowed", "![c]"),
        ("data: images are not allowed", "![d]"),
    ];
    expect_errors(&run, EEN_MD, &text, &want);
    snap_stderr!(run);
}

#[test]
fn control_characters_in_a_bad_id_do_not_reach_the_terminal() {
    // An escape sequence that would retitle the author's terminal, in the
    // message and in the source line shown under it.
    let twee = TWEE.replace("{#opdracht-1", "{#x\u{1b}]0;pwned\u{7}");
    let run = rebuild_broken(|site| site.write(TWEE_MD, &twee));
    assert!(!run.stderr.contains(['\u{1b}', '\u{7}']), "{:?}", run.stderr);
    assert!(run.stderr.contains("the id \"x\\u{1b}]0;pwned\\u{7}\" is not a slug"), "{}", run.stderr);
    assert!(run.stderr.contains("::: opdracht {#x\u{fffd}]0;pwned\u{fffd} titel="), "{}", run.stderr);
}
