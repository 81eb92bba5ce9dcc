//! Mutated input never panics: random front matter, Markdown, links and
//! block fences go into one page of a good fixture, and `check` either
//! passes or reports diagnostics that each name a file and a line. A
//! quarter of the pages are valid ones, which must pass (with the `pdf`
//! feature, a valid page whose title has an emoji is refused by the print
//! stage, before render): so a share of the cases is known to reach
//! derive, render and the link check.
//!
//! Cases: 64 through the library and 8 through the binary by default; set
//! PROPTEST_CASES to run more (the binary gets an eighth of them).
//!
//! The fixture has print editions on, so `check` lays out and checks the
//! PDFs of every mutated page too (with the `pdf` feature).
//!
//! Hostile values among them: inline markup nested up to 3,000 deep
//! (which once overflowed the stack), thousands of front matter keys and
//! of equal headings (once quadratic), and in valid pages every pair of
//! inline elements (strike-through around a link once broke the PDFs; a
//! few hundred cases find that).

mod common;
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn cases(default: u32, divisor: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map(|n| (n / divisor).max(default))
        .unwrap_or(default)
}

/// Any text on one line, unicode included (control characters, RTL marks,
/// combining characters, emoji, NUL).
fn garbage() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "[\\u{0}-\\u{1f}\\u{7f}\\u{200b}-\\u{200f}\\u{202e}\\u{301}\\u{feff}\\u{1f600}ĳë:#{}\\[\\]\"'=@/ ]{0,12}",
        Just(String::new()),
    ]
}

fn front_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("title: Fuzz".to_string()),
        1 => Just("number: \"3\"".to_string()),
        1 => Just("weight: 7".to_string()),
        1 => Just("weight: -9223372036854775808".to_string()),
        1 => Just("weight: 99999999999999999999".to_string()),
        1 => Just("weight: zeven".to_string()),
        1 => Just("id: fuzz".to_string()),
        1 => Just("id: een".to_string()),
        1 => Just("id: aanbeveling-1".to_string()),
        1 => Just("description: Een pagina.".to_string()),
        1 => Just("template: page.html".to_string()),
        1 => Just("template: nope.html".to_string()),
        1 => Just("template: ../../etc/passwd".to_string()),
        1 => Just("document: {short_title: Fuzz}".to_string()),
        1 => Just("document: {short_title: Fuzz, authorization_date: 2022-13-45}".to_string()),
        1 => Just("document:\n  short_title: Fuzz\n  maintainers: [a, b]".to_string()),
        1 => Just("titel: typo".to_string()),
        1 => Just("title: [".to_string()),
        1 => Just("title:".to_string()),
        1 => Just(": :".to_string()),
        1 => Just("\ttitle: tab".to_string()),
        1 => Just("  indented: x".to_string()),
        1 => Just("---".to_string()),
        1 => Just("...".to_string()),
        1 => Just("&anchor a: *anchor".to_string()),
        1 => Just("title: !!binary aGVsbG8=".to_string()),
        1 => garbage().prop_map(|g| format!("title: {g}")),
        1 => garbage(),
    ]
}

/// Huge counts of front matter lines: unknown keys (each once cost a new
/// parse of the whole front matter), or a key given many times.
fn many_front_lines() -> impl Strategy<Value = String> {
    (1..5000usize, any::<bool>()).prop_map(|(n, same)| {
        (0..n).map(|i| if same { "titel: x\n".to_string() } else { format!("onbekend{i}: x\n") }).collect()
    })
}

fn front_matter() -> impl Strategy<Value = String> {
    let lines = prop_oneof![
        9 => prop::collection::vec(front_line(), 0..6),
        1 => (front_line(), many_front_lines()).prop_map(|(a, many)| vec![a, many]),
    ];
    (lines, 0..10u8).prop_map(|(lines, shape)| match shape {
        0 => lines.join("\n"),                       // no fences at all
        1 => format!("---\n{}\n", lines.join("\n")), // never closed
        2 => format!("---\n{}---\n", lines.join("\n")),
        _ => format!("---\n{}\n---\n", lines.join("\n")),
    })
}

fn link_target() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("@/doc/01-een.md".to_string()),
        Just("@/doc/01-een.md#1-1-achtergrond".to_string()),
        Just("@/doc/01-een.md#1-1-achtergrnd".to_string()),
        Just("@/doc/01-een.md#".to_string()),
        Just("@/doc/02-twee.md#opdracht-1".to_string()),
        Just("@/doc/_index.md".to_string()),
        Just("@/nope.md".to_string()),
        Just("@/".to_string()),
        Just("@".to_string()),
        Just("#".to_string()),
        Just(String::new()),
        Just("#1-1-achtergrond".to_string()),
        Just("#fuzz-kop".to_string()),
        Just("@een".to_string()),
        Just("@een#1-1-achtergrond".to_string()),
        Just("@opdracht-1".to_string()),
        Just("@aanbeveling-1#x".to_string()),
        Just("@nope".to_string()),
        Just("https://example.com/x?a=1&b=<2>".to_string()),
        Just("//cdn.example/x".to_string()),
        Just("mailto:a@example.org".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("foo.md".to_string()),
        Just("../x.html".to_string()),
        Just("/absolute/".to_string()),
        Just("<@/doc/01-een.md>".to_string()),
        Just("@/doc/01-een.md \"titel\"".to_string()),
        garbage(),
    ]
}

fn block_kind() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "aanbeveling",
            "opdracht",
            "docent",
            "voorbeeld",
            "bron",
            "figuur",
            "redactie",
            "leerdoelen",
            "editie",
            "begrip",
            "aanbevelin",
            "",
            "{",
        ])
        .prop_map(str::to_string),
        garbage(),
    ]
}

fn attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("#fuzz-blok".to_string()),
        Just("#aanbeveling-1".to_string()),
        Just("#".to_string()),
        Just("doelgroepen=\"managers\"".to_string()),
        Just("doelgroepen=\"managerz, ervaringsdeskundigen\"".to_string()),
        Just("doelgroepen=\"\"".to_string()),
        Just("titel=\"Een titel\"".to_string()),
        Just("titel=\"open".to_string()),
        Just("titel=".to_string()),
        Just("kern".to_string()),
        Just("redactioneel".to_string()),
        Just("samenvat=\"aanbeveling-1, nope\"".to_string()),
        Just("schrijfregels=3".to_string()),
        Just("schrijfregels=-1".to_string()),
        Just("schrijfregels=99999999999".to_string()),
        Just("werkvorm=subgroepen".to_string()),
        Just("label=Bronnen".to_string()),
        Just("term=herstel".to_string()),
        Just("bron=\"@/doc/01-een.md#1-1-achtergrond\"".to_string()),
        Just("bron=\"@/nope.md\"".to_string()),
        Just("varianten=\"a, b\"".to_string()),
        Just("=".to_string()),
        Just("==x".to_string()),
        garbage(),
    ]
}

fn block_open() -> impl Strategy<Value = String> {
    (block_kind(), prop::collection::vec(attribute(), 0..5), 0..6u8, 0..4usize).prop_map(
        |(kind, attrs, shape, extra)| {
            let colons = ":".repeat(3 + extra);
            let attrs = attrs.join(" ");
            match shape {
                0 => format!("{colons} {kind}"),
                1 => format!("{colons} {kind} {attrs}"),  // no braces
                2 => format!("{colons}{kind} {{{attrs}"), // unclosed brace
                3 => format!("   {colons} {kind} {{{attrs}}}"),
                _ => format!("{colons} {kind} {{{attrs}}}"),
            }
        },
    )
}

/// Inline markup that opens `n` times, around a word, then closes: as
/// written (`*a _b …`), or a bare pile of marks (`******…`).
fn inline_pile() -> impl Strategy<Value = String> {
    let mark = prop::sample::select(vec![
        ("*", "*"),
        ("_", "_"),
        ("**", "**"),
        ("~~", "~~"),
        ("<ins>", "</ins>"),
        ("[", "](https://example.org/)"),
        ("![", "](x.png)"),
    ]);
    (prop::collection::vec(mark, 1..4), 1..3000usize, any::<bool>()).prop_map(|(marks, n, words)| {
        let (mut open, mut close) = (String::new(), Vec::new());
        for i in 0..n {
            let (o, c) = marks[i % marks.len()];
            open.push_str(o);
            close.push(c);
            if words {
                open.push_str("w ");
                close.push(" w");
            }
        }
        close.reverse();
        let close: String = close.concat();
        format!("{open}x{close}")
    })
}

fn markdown_line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => inline_pile(),
        1 => (1..5000usize).prop_map(|n| "## Kop\n\n".repeat(n)),
        3 => (link_target(), garbage()).prop_map(|(t, text)| format!("Zie [{text}]({t}) hier.")),
        1 => (link_target(), garbage()).prop_map(|(t, text)| format!("[{text}]: {t}\n\n[{text}]")),
        1 => link_target().prop_map(|t| format!("<{t}>")),
        1 => link_target().prop_map(|t| format!("![plaatje]({t})")),
        1 => (1..8usize, garbage()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        1 => garbage().prop_map(|t| format!("## {t} {{#fuzz-kop}}")),
        1 => Just("## Kop {#1-1-achtergrond}".to_string()),
        1 => Just("## Kop {#}".to_string()),
        1 => Just("## Kop {.klasse #id2 data=x}".to_string()),
        3 => block_open(),
        3 => Just(":::".to_string()),
        1 => Just("::::".to_string()),
        1 => Just("```".to_string()),
        1 => Just("```rust".to_string()),
        1 => Just("~~~~ onbekende-taal".to_string()),
        1 => Just("    ::: ingesprongen".to_string()),
        1 => Just("> ::: aanbeveling {#in-quote doelgroepen=managers}".to_string()),
        1 => Just("- ::: redactie".to_string()),
        1 => Just("Voetnoot[^1].".to_string()),
        1 => Just("[^1]: De noot.".to_string()),
        1 => Just("[^2]: [link](@nope)".to_string()),
        1 => Just("| a | b |\n|---|---|\n| [x](#) | <ins>y</ins> |".to_string()),
        1 => Just("<ins>toegevoegd</ins> <div class=\"x\"><a href=\"/abs\">raw</a>".to_string()),
        1 => Just("<script>alert(1)</script>".to_string()),
        1 => Just("~~doorgehaald~~ *schuin* **vet** `code`".to_string()),
        1 => Just("---".to_string()),
        1 => Just(String::new()),
        1 => garbage(),
    ]
}

/// Text that stays plain text: no Markdown or block syntax at a line start.
fn plain() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ĳëéü,.\u{5d0}-\u{5ea}]{1,16}".prop_map(|t| format!("x{t}"))
}

/// A valid page's title: plain text, in an eighth of the pages with an
/// emoji, which the print editions' fonts lack. Rarely, so that most valid
/// pages get through the print stage to render.
fn title() -> impl Strategy<Value = String> {
    prop_oneof![7 => plain(), 1 => plain().prop_map(|t| format!("{t} {EMOJI}"))]
}

/// One kind of inline markup a valid page may nest in another: strike-
/// through around a link or inside `<ins>` once broke the print editions.
fn inline_markup() -> impl Strategy<Value = fn(&str) -> String> {
    prop::sample::select(vec![
        (|x| format!("*{x}*")) as fn(&str) -> String,
        |x| format!("**{x}**"),
        |x| format!("~~{x}~~"),
        |x| format!("[{x}](https://example.org/a)"),
        |x| format!("[{x}](@/doc/01-een.md)"),
        |x| format!("<ins>{x}</ins>"),
        |x| format!("<sup>{x}</sup>"),
        |x| format!("`{x}`"),
    ])
}

/// One piece of a page that should pass; `{N}` is replaced by the piece's
/// index, so ids stay unique.
fn valid_piece() -> impl Strategy<Value = String> {
    let links = prop::sample::select(vec![
        "@/doc/01-een.md",
        "@/doc/01-een.md#1-1-achtergrond",
        "@/doc/02-twee.md#opdracht-1",
        "@een",
        "@opdracht-1",
        "@bron-1",
        "https://example.com/x?a=1&b=2",
        "mailto:a@example.org",
    ]);
    prop_oneof![
        3 => (inline_markup(), inline_markup(), plain())
            .prop_map(|(outer, inner, t)| format!("{t} {}\n", outer(&format!("a {} b", inner(&t))))),
        1 => plain().prop_map(|t| format!("## {t}\n")),
        1 => plain().prop_map(|t| format!("### {t}\n")),
        1 => (plain(), links).prop_map(|(t, l)| format!("{t} [{t}]({l}) {t}\n")),
        1 => plain().prop_map(|t| format!(
            "::: aanbeveling {{#fuzz-a-{{N}} doelgroepen=\"managers\" kern samenvat=\"aanbeveling-1\"}}\n{t}\n:::\n"
        )),
        1 => plain().prop_map(|t| format!(
            "::: opdracht {{#fuzz-o-{{N}} titel=\"{t}\" schrijfregels=2}}\n{t}\n\n::: docent\n{t}\n:::\n:::\n"
        )),
        1 => plain().prop_map(|t| format!("::: voorbeeld {{titel=\"{t}\"}}\n{t}\n:::\n")),
        1 => plain().prop_map(|t| format!(
            "::: figuur {{#fuzz-f-{{N}} titel=\"{t}\" redactioneel}}\n| a | b |\n|---|---|\n| {t} | 1 |\n:::\n"
        )),
        1 => plain().prop_map(|t| format!("::: redactie\n<ins>{t}</ins>\n:::\n")),
        1 => plain().prop_map(|t| format!("::: bron {{label=Bronnen}}\n{t}[^n{{N}}].\n\n[^n{{N}}]: {t}\n:::\n")),
        1 => plain().prop_map(|t| format!("```rust\nfn {t}() {{}}\n:::\n```\n")),
    ]
}

/// A page that should build, so the later stages (derive, render, link
/// check) see generated input too.
fn valid_page() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec!["content/doc/03-fuzz.md", "content/fuzz.md", "content/nieuw/_index.md"]),
        title(),
        prop::collection::vec(valid_piece(), 0..12),
    )
        .prop_map(|(path, title, pieces)| {
            let body: Vec<String> = pieces.iter().enumerate().map(|(i, p)| p.replace("{N}", &i.to_string())).collect();
            (path.to_string(), format!("---\ntitle: {title}\n---\n\n{}", body.join("\n")))
        })
}

fn mutated_page() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec!["content/doc/03-fuzz.md", "content/fuzz.md", "content/nieuw/_index.md"]),
        front_matter(),
        prop::collection::vec(markdown_line(), 0..24),
        any::<bool>(),
    )
        .prop_map(|(path, front, lines, crlf)| {
            let text = format!("{front}\n{}\n", lines.join("\n"));
            (path.to_string(), if crlf { text.replace('\n', "\r\n") } else { text })
        })
}

/// A page, and whether it is one of the valid ones.
fn page() -> impl Strategy<Value = (String, String, bool)> {
    prop_oneof![
        1 => valid_page().prop_map(|(p, t)| (p, t, true)),
        3 => mutated_page().prop_map(|(p, t)| (p, t, false)),
    ]
}

/// The one character of valid pages (in `title()`) that the print editions'
/// fonts lack.
const EMOJI: char = '\u{1f600}';

/// At least one case in this many must pass check, render included.
const RENDERED_SHARE: usize = 16;

/// The good fixture with print editions on.
fn printed_site() -> Site {
    let site = Site::good();
    site.write("site.yaml", common::printed_site_yaml());
    site
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

/// How the cases of a run ended.
#[derive(Default)]
struct Outcomes {
    valid: usize,
    valid_passed: usize,
    /// Valid pages refused only because the print editions cannot show a
    /// character of theirs (an emoji: their fonts have none). The print
    /// stage runs before render, so these never reached it.
    valid_unprintable: usize,
    mutated: usize,
    mutated_passed: usize,
}

#[test]
fn check_never_panics_and_every_diagnostic_has_a_place() {
    let site = printed_site();
    let total = cases(64, 1);
    let mut runner = runner(total);
    let outcomes = std::cell::RefCell::new(Outcomes::default());
    runner
        .run(&page(), |(path, text, valid)| {
            site.write(&path, &text);
            let result = catch_unwind(AssertUnwindSafe(|| modulepers::check(site.root())));
            let _ = std::fs::remove_file(site.path(&path));
            let _ = std::fs::remove_dir(site.path("content/nieuw"));
            let result = result.map_err(|_| TestCaseError::fail(format!("check panicked on {path}:\n{text}")))?;
            let mut o = outcomes.borrow_mut();
            match valid {
                true => o.valid += 1,
                false => o.mutated += 1,
            }
            match result {
                Ok(_) if valid => o.valid_passed += 1,
                Ok(_) => o.mutated_passed += 1,
                Err(diags) => {
                    prop_assert!(!diags.is_empty(), "Err without diagnostics on {}:\n{}", path, text);
                    if valid
                        && text.contains(EMOJI)
                        && diags.iter().all(|d| d.message.contains(&format!("cannot show «{EMOJI}»")))
                    {
                        o.valid_unprintable += 1;
                    } else if valid {
                        let shown: String = diags.iter().map(|d| d.to_string()).collect();
                        prop_assert!(false, "a valid page was refused ({}):\n{}\n{}", path, text, shown);
                    }
                    let lines = text.split('\n').count();
                    for d in &diags {
                        // Every error the generated page causes names a file
                        // and a line in it: an author must be able to find it.
                        let (Some(file), Some(p)) = (d.file.as_deref(), d.position) else {
                            return Err(TestCaseError::fail(format!("no file and line: {d:?}\n{text}")));
                        };
                        prop_assert!(p.line >= 1 && p.column >= 1, "{:?}", d);
                        if file == std::path::Path::new(&path) {
                            prop_assert!(
                                p.line <= lines,
                                "line {} beyond the end of {} ({} lines): {:?}\n{}",
                                p.line,
                                path,
                                lines,
                                d,
                                text
                            );
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    let o = outcomes.into_inner();
    eprintln!(
        "{} of {} valid ({} more refused for an emoji the PDFs cannot show) and {} of {} mutated pages passed check (rendering and printing included)",
        o.valid_passed, o.valid, o.valid_unprintable, o.mutated_passed, o.mutated
    );
    // Every valid page passed, or was refused by the print stage (which
    // runs before render) for its emoji only.
    assert_eq!(o.valid_passed + o.valid_unprintable, o.valid, "a valid page was refused");
    // The cases known to have reached render are those that passed: check
    // stops after the first stage that reports an error, and a refused
    // case's diagnostics do not say which stage that was. A quarter of the
    // cases are valid pages, seven in eight of them without an emoji (so at
    // least one case in RENDERED_SHARE passes, but for a one-in-several-
    // thousand draw); fewer would mean that render and the link check
    // hardly see generated input.
    let rendered = o.valid_passed + o.mutated_passed;
    assert!(rendered * RENDERED_SHARE >= total as usize, "only {rendered} of {total} cases reached render");
    // The good site is still good: nothing leaked between cases.
    modulepers::check(site.root()).unwrap();
}

#[test]
fn the_binary_exits_0_or_1_and_explains_a_1() {
    let site = printed_site();
    let mut runner = runner(cases(8, 8));
    runner
        .run(&page(), |(path, text, _)| {
            site.write(&path, &text);
            let run = site.run(&["check"]);
            let _ = std::fs::remove_file(site.path(&path));
            let _ = std::fs::remove_dir(site.path("content/nieuw"));
            prop_assert!(!run.stderr.contains("panicked"), "panic on {}:\n{}\n{}", path, text, run.stderr);
            match run.code {
                // Notes (no base_url) may come before the summary.
                Some(0) => {
                    prop_assert!(run.stderr.lines().last().is_some_and(|l| l.starts_with("checked ")), "{}", run.stderr)
                }
                Some(1) => {
                    prop_assert!(!run.stderr.trim().is_empty());
                    let errors = run.errors().len();
                    prop_assert!(errors >= 1, "{}", run.stderr);
                    let summary = format!("{errors} error");
                    prop_assert!(run.stderr.lines().last().is_some_and(|l| l.starts_with(&summary)), "{}", run.stderr);
                }
                other => prop_assert!(false, "exit status {:?} on {}:\n{}\n{}", other, path, text, run.stderr),
            }
            prop_assert!(!site.output().exists(), "check wrote output/");
            Ok(())
        })
        .unwrap();
}

/// Valid for the web site: the print editions cannot show every character
/// a page may hold (no emoji in their fonts), which `tests/pdf.rs` checks
/// is reported at its line.
#[test]
fn generated_valid_pages_pass_check() {
    let site = Site::good();
    let mut runner = runner(cases(16, 4));
    runner
        .run(&valid_page(), |(path, text)| {
            site.write(&path, &text);
            let result = catch_unwind(AssertUnwindSafe(|| modulepers::check(site.root())));
            let _ = std::fs::remove_file(site.path(&path));
            let _ = std::fs::remove_dir(site.path("content/nieuw"));
            match result {
                Err(_) => prop_assert!(false, "check panicked on {}:\n{}", path, text),
                Ok(Err(diags)) => {
                    let shown: String = diags.iter().map(|d| d.to_string()).collect();
                    prop_assert!(false, "a valid page was refused ({}):\n{}\n{}", path, text, shown)
                }
                Ok(Ok(_)) => {}
            }
            Ok(())
        })
        .unwrap();
}

/// A value that means something in a path or an address: ways out of a
/// folder, separators of every system and their look-alikes, URL syntax
/// and its encodings, control characters, names the build writes itself.
fn dangerous() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "..",
        ".",
        "/",
        "\\",
        "?",
        "#",
        "%",
        "%2e%2e",
        "%2F",
        " ",
        "\0",
        "\u{1b}[31m",
        "\n",
        "\t",
        "\u{202e}",
        "\u{2215}",
        "\u{ff0f}",
        "C:",
        "~",
        "afdrukken",
        "docent",
        "index.html",
        "404.html",
        "static",
        "zoeken",
        "a",
        "-",
        "&",
        "\"",
        "'",
        "<",
        ">",
        "{",
        "}",
        "=",
        "É",
    ]);
    // Names the build uses itself, and plain ones, so that a share of the
    // cases builds and the written files are checked too.
    let name = prop::sample::select(vec!["afdrukken", "docent", "zoeken", "static", "opdrachten", "a-b"]);
    prop_oneof![3 => prop::collection::vec(piece, 1..6).prop_map(|p| p.concat()), 1 => name.prop_map(str::to_string)]
}

/// Where the good fixture gets a dangerous value: the assignment's id (its
/// sheet's folder), the page id, a heading's id, the document's folder.
fn hostile_site(site: &Site, place: u8, value: &str) {
    let quoted = serde_json::to_string(value).unwrap();
    match place {
        0 => {
            site.write("content/doc/01-een.md", EEN.replace("opdracht-1", value));
            site.write("content/doc/02-twee.md", TWEE.replace("opdracht-1", value));
        }
        1 => {
            site.write("content/doc/01-een.md", EEN.replace("id: een", &format!("id: {quoted}")));
            site.write("content/doc/02-twee.md", TWEE.replace("(@een)", &format!("(@{value})")));
        }
        2 => site
            .write("content/doc/01-een.md", EEN.replace("1.1.1 Verdieping", &format!("1.1.1 Verdieping {{#{value}}}"))),
        _ => {
            // A folder name: what a file system takes, and not hidden.
            let name: String = value.chars().filter(|c| !matches!(c, '/' | '\0')).collect();
            if name.is_empty() || name == "." || name == ".." || name.starts_with(['.', '_']) {
                return;
            }
            std::fs::rename(site.path("content/doc"), site.path("content").join(&name)).unwrap();
            let yaml = SITE_YAML.replace("document: doc", &format!("document: {quoted}"));
            site.write("site.yaml", yaml.replace("\"@/doc/", &format!("\"@/{}/", &quoted[1..quoted.len() - 1])));
            let link = |text: &str| {
                let mut text = text.to_string();
                for target in ["_index.md)", "01-een.md)", "01-een.md#1-1-achtergrond)", "02-twee.md#2-1-opdrachten)"] {
                    let inner = &target[..target.len() - 1];
                    text = text.replace(&format!("(@/doc/{target}"), &format!("(<@/{name}/{inner}>)"));
                }
                text
            };
            site.write("content/_index.md", link(HOME));
            site.write(&format!("content/{name}/_index.md"), link(DOC_INDEX));
            site.write(&format!("content/{name}/01-een.md"), link(EEN));
        }
    }
}

#[test]
fn hostile_ids_and_folder_names_write_nothing_outside_the_output() {
    let total = cases(24, 4);
    let mut runner = runner(total);
    let built = std::cell::Cell::new(0);
    runner
        .run(&(0..4u8, dangerous()), |(place, value)| {
            let fenced = Fenced::new(&good_files());
            let site = &fenced.site;
            hostile_site(site, place, &value);
            let before = fenced.beside_output();
            let options = modulepers::BuildOptions::new(site.root());
            let result = catch_unwind(AssertUnwindSafe(|| modulepers::build(&options)));
            let result = result.map_err(|_| TestCaseError::fail(format!("build panicked on {place} {value:?}")))?;
            let output = site.output();
            prop_assert_eq!(fenced.beside_output(), before, "written outside the output for {} {:?}", place, value);
            match result {
                Ok(_) => {
                    built.set(built.get() + 1);
                    // Only a slug can be an id, and only one no page of the
                    // build has taken; a folder's name is slugged.
                    if place < 3 && !modulepers::slug::is_slug(&value) {
                        // Markdown may not read `{#…}` after a heading as
                        // its id at all; then it is text, and that is fine.
                        let page = std::fs::read_to_string(output.join("doc/een/index.html")).unwrap();
                        let as_id = format!("id=\"{}\"", modulepers::html::escape(&value));
                        prop_assert!(place == 2 && !page.contains(&as_id), "{:?} passed as an id", value);
                    }
                    prop_assert!(place != 0 || value != "afdrukken", "the print-all page was replaced");
                    for f in file_list(&output) {
                        prop_assert!(
                            !f.contains(|c: char| " %?#\\".contains(c) || c.is_control()),
                            "{:?} written for {} {:?}",
                            f,
                            place,
                            value
                        );
                    }
                }
                Err(diags) => {
                    for d in &diags {
                        prop_assert!(d.file.is_some(), "no file for {:?} {:?}: {:?}", place, value, d);
                        prop_assert!(!d.message.starts_with("bug:"), "{:?}", d);
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    // A quarter of the values are plain names, most of which build.
    eprintln!("{} of {total} hostile cases built", built.get());
    assert!(built.get() * 16 >= total as usize, "only {} of {total} cases built", built.get());
}
