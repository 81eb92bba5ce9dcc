//! Bad input that used to get through, or abort the process: each is now
//! an error with file, line and a hint, exit status 1, and the previous
//! output left as it was. The whole of stderr is pinned in tests/snapshots/
//! (bad_input__*.snap), so the source line and caret a user sees are too.

mod common;
use common::*;

macro_rules! snap_stderr {
    ($run:expr) => {
        insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

const EEN_MD: &str = "content/doc/01-een.md";
const TWEE_MD: &str = "content/doc/02-twee.md";
const DOC_MD: &str = "content/doc/_index.md";

/// Builds the good site, applies `change`, builds again: the second build
/// must exit 1 and leave output/ exactly as the first one wrote it.
fn rebuild_broken(change: impl FnOnce(&Site)) -> Run {
    let site = Site::good();
    site.build_ok();
    let before = snapshot(&site.output());
    change(&site);
    let run = site.build();
    run.assert_content_error();
    assert!(snapshot(&site.output()) == before, "a failed build changed output/");
    run
}

/// The one printed error containing `message`, checked for its exact
/// location and a hint containing `hint`.
fn expect(run: &Run, message: &str, location: &str, hint: &str) -> Printed {
    let all = printed(&run.stderr);
    let found: Vec<&Printed> = all.iter().filter(|d| d.message.contains(message)).collect();
    assert_eq!(found.len(), 1, "expected one error containing {message:?}; stderr:\n{}", run.stderr);
    let d = found[0];
    assert_eq!(d.location.as_deref(), Some(location), "wrong location; stderr:\n{}", run.stderr);
    let h = d.hint.as_deref().unwrap_or_else(|| panic!("no hint; stderr:\n{}", run.stderr));
    assert!(h.contains(hint), "hint {h:?} lacks {hint:?}");
    d.clone()
}

fn at(file: &str, text: &str, needle: &str) -> String {
    let (line, column) = locate(text, needle);
    format!("{file}:{line}:{column}")
}

#[test]
fn five_thousand_nested_blocks_are_an_error_not_a_crash() {
    // This used to overflow the stack: exit 134, and a running serve died.
    let n = 5000;
    let text = format!("{TWEE}\n{}Diep.\n{}", "::: redactie\n".repeat(n), ":::\n".repeat(n));
    let run = rebuild_broken(|site| site.write(TWEE_MD, &text));
    let first_too_deep = TWEE.lines().count() + 2 + 12;
    expect(
        &run,
        "blocks, quotes and lists nest more than 12 deep",
        &format!("{TWEE_MD}:{first_too_deep}:1"),
        "close the blocks",
    );
    assert_eq!(run.errors().len(), 1, "one error for the whole pile:\n{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_pile_of_nested_quotes_is_one_error_at_the_first_too_deep() {
    // Five thousand are tried in load::body's unit tests; twenty keep the
    // snapshot's source line short.
    let text = format!("{TWEE}\n{}Diep.\n", "> ".repeat(20));
    let run = rebuild_broken(|site| site.write(TWEE_MD, &text));
    let line = TWEE.lines().count() + 2;
    expect(&run, "blocks, quotes and lists nest more than 12 deep", &format!("{TWEE_MD}:{line}:25"), "flatten");
    assert_eq!(run.errors().len(), 1, "one error for the whole pile:\n{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn twelve_levels_of_blocks_quotes_and_lists_still_build() {
    let site = Site::good();
    site.write(TWEE_MD, format!("{TWEE}\n{}", twelve_deep()));
    site.build_ok();
    assert!(site.read("output/doc/twee/index.html").contains("Diep."));
}

#[test]
fn a_date_written_day_first_is_an_error() {
    let text = DOC_INDEX.replace("{short_title: Doc}", "{short_title: Doc, review_date: 16-06-2022}");
    let run = rebuild_broken(|site| site.write(DOC_MD, &text));
    expect(
        &run,
        "review_date \"16-06-2022\" is not a date written as YYYY-MM-DD",
        &at(DOC_MD, &text, "16-06-2022"),
        "review_date: 2022-06-16",
    );
    snap_stderr!(run);
}

#[test]
fn an_impossible_date_is_an_error() {
    let text = DOC_INDEX.replace("{short_title: Doc}", "{short_title: Doc, published: 2022-02-30}");
    let run = rebuild_broken(|site| site.write(DOC_MD, &text));
    expect(
        &run,
        "published \"2022-02-30\" is not a day in the calendar",
        &at(DOC_MD, &text, "2022-02-30"),
        "year-month-day",
    );
    snap_stderr!(run);
}

#[test]
fn a_correct_date_is_shown_the_dutch_way() {
    let text = DOC_INDEX.replace("{short_title: Doc}", "{short_title: Doc, review_date: 2022-06-16}");
    let site = Site::good();
    site.write(DOC_MD, &text);
    site.build_ok();
    assert!(site.read("output/doc/index.html").contains("16 juni 2022"));
}

#[test]
fn a_begrip_outside_the_glossary_page_is_an_error() {
    let block = "::: begrip {#begrip-herstel term=\"Herstel\" bron=\"@een\"}\nEen proces.\n:::\n";
    let text = format!("{EEN}\n{block}");
    let run = rebuild_broken(|site| site.write(EEN_MD, &text));
    expect(
        &run,
        "the begrip block \"Herstel\" stands outside the glossary page",
        &at(EEN_MD, &text, "::: begrip"),
        "content/begrippen.md",
    );
    snap_stderr!(run);
    // On the glossary page the same block is fine.
    let site = Site::good();
    site.write("content/begrippen.md", format!("---\ntitle: Begrippen\n---\n\n{block}"));
    site.build_ok();
}

#[test]
fn a_content_page_where_the_search_page_goes_is_an_error() {
    // zoeken.md used to be replaced by the search page without a word.
    let run = rebuild_broken(|site| site.write("content/zoeken.md", "---\ntitle: Zoeken\n---\n\nMijn tekst.\n"));
    let d = expect(
        &run,
        "this page would be published at zoeken/, where the build writes its own page (search.html)",
        "content/zoeken.md:1:1",
        "rename or move the file",
    );
    assert!(d.hint.unwrap().contains("opdrachten/"), "the reserved paths are listed");
    snap_stderr!(run);
}

#[test]
fn a_content_folder_where_the_sheets_go_is_an_error() {
    let run =
        rebuild_broken(|site| site.write("content/opdrachten/_index.md", "---\ntitle: Opdrachten\n---\n\nTekst.\n"));
    expect(
        &run,
        "published at opdrachten/, where the build writes its own page (sheets.html)",
        "content/opdrachten/_index.md:1:1",
        "reserves these paths",
    );
    snap_stderr!(run);
}

#[test]
fn ten_million_writing_lines_are_an_error() {
    // This used to write 916 MB of sheets in 3 s.
    let text = TWEE.replace("schrijfregels=3", "schrijfregels=10000000");
    let run = rebuild_broken(|site| site.write(TWEE_MD, &text));
    expect(
        &run,
        "schrijfregels=10000000 is more than the 40 lines a sheet holds",
        &at(TWEE_MD, &text, "10000000"),
        "from 0 to 40",
    );
    snap_stderr!(run);
}

#[test]
fn a_huge_weight_is_an_error() {
    let text = EEN.replace("id: een\n", "id: een\nweight: 9223372036854775807\n");
    let run = rebuild_broken(|site| site.write(EEN_MD, &text));
    expect(&run, "weight 9223372036854775807 is out of range", &at(EEN_MD, &text, "9223372036854775807"), "-100000");
    snap_stderr!(run);
}
