//! Malformed block headers, front matter and file names: each error as a
//! user sees it. The whole of stderr (message, source line, caret, labels,
//! hint) is pinned in tests/snapshots/malformed__*.snap; the assertions
//! beside each snapshot say what must hold whatever the wording.

mod common;
use common::*;

macro_rules! snap_stderr {
    ($run:expr) => {
        insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

const TWEE_MD: &str = "content/doc/02-twee.md";
const NEW_MD: &str = "content/doc/03-x.md";

/// The good site with `change` made to it, checked: exit 1 and exactly
/// one error, at `location` (`file:line:column`).
fn one_error(change: impl FnOnce(&Site), location: &str) -> Run {
    let site = Site::good();
    change(&site);
    let run = site.check();
    run.assert_content_error();
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location), "{}", run.stderr);
    run
}

fn at(file: &str, text: &str, needle: &str) -> String {
    let (line, column) = locate(text, needle);
    format!("{file}:{line}:{column}")
}

#[test]
fn an_attribute_given_twice_shows_both() {
    let text = TWEE.replace("werkvorm=\"subgroepen\"", "werkvorm=\"subgroepen\" werkvorm=\"plenair\"");
    let run = one_error(|site| site.write(TWEE_MD, &text), &at(TWEE_MD, &text, "werkvorm=\"plenair\""));
    assert!(run.stderr.contains("attribute werkvorm is given twice"), "{}", run.stderr);
    assert!(run.stderr.contains("first given here"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_block_with_two_ids_shows_both() {
    let text = TWEE.replace("{#opdracht-1 ", "{#opdracht-1 #opdracht-2 ");
    let run = one_error(|site| site.write(TWEE_MD, &text), &at(TWEE_MD, &text, "#opdracht-2"));
    assert!(run.stderr.contains("takes one id, not two"), "{}", run.stderr);
    assert!(run.stderr.contains(&"^".repeat("#opdracht-2".len())), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_block_kind_that_takes_no_id_is_at_the_id() {
    let text = TWEE.replace("::: docent", "::: docent {#let-op}");
    let run = one_error(|site| site.write(TWEE_MD, &text), &at(TWEE_MD, &text, "#let-op"));
    assert!(run.stderr.contains("a docent block takes no id"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn an_empty_front_matter_is_at_its_opening_line() {
    let run = one_error(|site| site.write(NEW_MD, "---\n---\n\nTekst.\n"), &format!("{NEW_MD}:1:1"));
    assert!(run.stderr.contains("the front matter is empty"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_page_without_front_matter_is_at_its_first_line() {
    let run = one_error(|site| site.write(NEW_MD, "Tekst zonder kop.\n\nMeer.\n"), &format!("{NEW_MD}:1:1"));
    assert!(run.stderr.contains("the page has no front matter"), "{}", run.stderr);
    assert!(run.stderr.contains(&"^".repeat("Tekst zonder kop.".len())), "{}", run.stderr);
    snap_stderr!(run);

    // An empty file says so.
    let run = one_error(|site| site.write(NEW_MD, ""), &format!("{NEW_MD}:1:1"));
    assert!(run.stderr.contains("the file is empty"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn an_empty_title_is_underlined() {
    let text = "---\ntitle: \"\"\n---\n\nTekst.\n";
    let run = one_error(|site| site.write(NEW_MD, text), &at(NEW_MD, text, "\"\""));
    assert!(run.stderr.contains("the page title is empty"), "{}", run.stderr);
    assert!(run.stderr.contains("^^\n"), "the quotes are underlined: {}", run.stderr);
    snap_stderr!(run);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_shows_the_byte() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::good();
    // "03-café.md" with é in Latin-1, as an old tool may have named it.
    let name = std::ffi::OsStr::from_bytes(b"03-caf\xe9.md");
    std::fs::write(site.path("content/doc").join(name), "---\ntitle: Café\n---\n\nTekst.\n").unwrap();
    let run = site.check();
    run.assert_content_error();
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "the file name content/doc/03-caf\\xE9.md is not valid UTF-8");
    snap_stderr!(run);
}
