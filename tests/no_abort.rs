//! Input that used to abort the process (a stack overflow, a panic on a
//! closed pipe) or hang it (quadratic work, a FIFO): each is now an error
//! at its place, or a normal run, in bounded time. Every run is bounded by
//! common::TIMEOUT, so a hang fails the test rather than the suite. The
//! print editions' side of these is in pdf.rs.

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

/// `inner` nested `depth` times in emphasis marks that alternate, as an
/// author would write them (`*a _b *c …* b_ a*`).
pub fn nested_emphasis(depth: usize, inner: &str) -> String {
    let mark = |i: usize| if i % 2 == 0 { "*" } else { "_" };
    let open: String = (0..depth).map(|i| format!("{}w ", mark(i))).collect();
    let close: String = (0..depth).rev().map(|i| format!(" w{}", mark(i))).collect();
    format!("{open}{inner}{close}")
}

#[test]
fn inline_markup_nested_too_deep_is_an_error_at_its_line() {
    // Forty levels made typst fail, blamed on the theme; with the limit
    // of eight the error is at the ninth opening mark.
    let text = format!("{TWEE}\n{}\n", nested_emphasis(40, "x"));
    let site = Site::good();
    site.write(TWEE_MD, &text);
    let run = site.build();
    run.assert_content_error();
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    let line = TWEE.lines().count() + 2;
    assert!(run.stderr.contains(&format!("{TWEE_MD}:{line}:25")), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn piles_of_inline_markup_are_one_error_not_a_crash() {
    // These overflowed the stack (exit 134) with print editions on.
    let line = TWEE.lines().count() + 2;
    for (pile, column) in [
        (format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)), 17),
        (format!("{}x{}", "<ins>".repeat(100_000), "</ins>".repeat(100_000)), 41),
        (format!("{}x{}", "[".repeat(5_000), "](https://example.org/)".repeat(5_000)), 0),
    ] {
        let site = Site::good();
        site.write(TWEE_MD, format!("{TWEE}\n{pile}\n"));
        let run = site.build();
        if column == 0 {
            // Links cannot hold links: all but the innermost are text.
            run.assert_ok();
            continue;
        }
        run.assert_content_error();
        assert_eq!(run.errors().len(), 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
        assert!(run.stderr.contains("inline markup nest more than 8 deep"));
        assert!(run.stderr.contains(&format!("{TWEE_MD}:{line}:{column}")));
    }
}

#[test]
fn inline_markup_as_deep_as_allowed_builds() {
    let eight = nested_emphasis(6, "[**binnenste**](https://example.org/)");
    let site = Site::good();
    site.write(TWEE_MD, format!("{TWEE}\n{eight}\n"));
    site.build_ok();
    assert!(site.read("output/doc/twee/index.html").contains("<strong>binnenste</strong>"));
}

#[test]
fn twenty_thousand_unknown_front_matter_keys_are_reported_in_bounded_time() {
    // Each unknown key used to cost a new parse of the whole front matter:
    // 2,000 took 1.6 s, so 20,000 would take minutes (the run's timeout).
    let keys: String = (0..20_000).map(|i| format!("onbekend{i}: x\n")).collect();
    let site = Site::good();
    site.write("content/doc/03-drie.md", format!("---\ntitle: Drie\n{keys}---\n\nTekst.\n"));
    let run = site.check();
    run.assert_content_error();
    assert_eq!(run.errors().len(), 21, "twenty mistakes and a note that there are more");
    assert!(run.stderr.contains("this front matter has more mistakes than the 20 shown"), "{}", run.stderr);
    assert!(run.stderr.contains("content/doc/03-drie.md:22:1"), "the twentieth unknown key:\n{}", run.stderr);
    // The note comes first (at the front matter's opening line).
    let note = run.stderr.split("\n\n").next().unwrap();
    insta::assert_snapshot!(note);
}

#[test]
fn forty_thousand_equal_headings_get_their_ids_in_bounded_time() {
    // De-duplication used to try -2, -3, … for each: 5,000 took 1.7 s.
    let headings = "## Kop\n\n".repeat(40_000);
    let site = Site::good();
    site.write("content/doc/03-drie.md", format!("---\ntitle: Drie\n---\n\n{headings}"));
    site.build_ok();
    let html = site.read("output/doc/drie/index.html");
    for id in ["id=\"kop\"", "id=\"kop-2\"", "id=\"kop-40000\""] {
        assert!(html.contains(id), "{id}");
    }
    assert!(!html.contains("id=\"kop-40001\""));
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

#[cfg(unix)]
use std::process::Command;

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_the_sources_is_an_error_naming_it() {
    // Reading a FIFO blocks until someone writes to it: the build hung.
    let site = Site::good();
    site.remove("site.yaml");
    mkfifo(&site.path("site.yaml"));
    let run = site.check();
    run.assert_content_error();
    assert!(run.stderr.contains("cannot read site.yaml: it is a named pipe (FIFO), not a regular file"));

    // In content/ it was skipped without a word; in the theme it hung.
    for (rel, what) in [
        ("content/doc/pijp.md", "a named pipe (FIFO)"),
        ("themes/modulepers/templates/pijp.html", "a named pipe (FIFO)"),
        ("themes/modulepers/static/pijp.css", "a named pipe (FIFO)"),
        ("content/doc/nul.md", "a device"),
    ] {
        let site = Site::good();
        if what == "a device" {
            std::os::unix::fs::symlink("/dev/zero", site.path(rel)).unwrap();
        } else {
            mkfifo(&site.path(rel));
        }
        let run = site.build();
        run.assert_content_error();
        let message = format!("error: {rel} is {what}, not a regular file");
        assert!(run.stderr.contains(&message), "{rel}:\n{}", run.stderr);
        assert_eq!(run.errors().len(), 1, "{}", run.stderr);
        if rel == "content/doc/pijp.md" {
            snap_stderr!(run);
        }
    }
}

#[cfg(feature = "pdf")]
#[cfg(unix)]
#[test]
fn a_fifo_as_a_print_template_is_an_error_naming_it() {
    let site = Site::good();
    site.write("site.yaml", common::printed_site_yaml());
    site.remove("themes/modulepers/pdf/sheet.typ");
    mkfifo(&site.path("themes/modulepers/pdf/sheet.typ"));
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("themes/modulepers/pdf/sheet.typ is a named pipe (FIFO)"), "{}", run.stderr);
}

/// `modulepers check 2>&1 | head -1`: once the reader is gone, writing to
/// stderr fails, which used to panic (exit 101).
#[test]
fn a_closed_stderr_ends_the_run_with_the_status_it_would_have_had() {
    for (broken, code) in [(false, 0), (true, 1)] {
        let site = Site::good();
        if broken {
            site.write(TWEE_MD, "geen front matter\n");
        }
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_modulepers"))
            .args(["check", "--root"])
            .arg(site.root())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "broken: {broken}");
    }
}
