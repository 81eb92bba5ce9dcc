//! Bad input: every error names file, line and column, says what is wrong
//! and what to do, exits with status 1, and leaves the previous output/
//! exactly as it was.

mod common;
use common::*;

/// Pins the whole of stderr, source lines and carets included, in
/// tests/snapshots/ (review changes with `cargo insta review`, or by
/// reading the `.snap.new` file beside the old one).
macro_rules! snap_stderr {
    ($run:expr) => {
        // The site's temporary folder differs on every run.
        insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

const EEN_MD: &str = "content/doc/01-een.md";
const TWEE_MD: &str = "content/doc/02-twee.md";

/// Builds the good site, breaks it with `change`, builds again, and checks
/// that the failed build exited with 1 and left output/ byte-for-byte as it
/// was. Returns the failed run.
fn rebuild_broken(change: impl FnOnce(&Site)) -> (Site, Run) {
    let site = Site::good();
    site.build_ok();
    let before = snapshot(&site.output());
    assert!(before.len() > 5, "the good build wrote too little: {before:?}");
    change(&site);
    let run = site.build();
    run.assert_content_error();
    let after = snapshot(&site.output());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "a failed build changed the file list of output/"
    );
    for (file, bytes) in &before {
        assert!(after[file] == *bytes, "a failed build changed output/{}", file.display());
    }
    // No staging folder is left next to output/ either.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building") || n.ends_with(".old"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
    (site, run)
}

/// Replaces one page of the good site with `text`.
fn broken_page(rel: &str, text: impl AsRef<[u8]>) -> Run {
    rebuild_broken(|site| site.write(rel, text)).1
}

/// Asserts that one printed diagnostic has this message (part), exact
/// location and hint (part); returns it.
fn expect(run: &Run, message: &str, location: &str, hint: &str) -> Printed {
    let all = printed(&run.stderr);
    let found = all
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no error containing {message:?}; stderr:\n{}", run.stderr));
    assert_eq!(found.location.as_deref(), Some(location), "wrong location; stderr:\n{}", run.stderr);
    let h = found.hint.as_deref().unwrap_or_else(|| panic!("no hint; stderr:\n{}", run.stderr));
    assert!(h.contains(hint), "hint {h:?} lacks {hint:?}");
    found.clone()
}

fn at(file: &str, text: &str, needle: &str) -> String {
    let (line, column) = locate(text, needle);
    format!("{file}:{line}:{column}")
}

/// Asserts the summary line counts `n` errors.
fn expect_count(run: &Run, n: usize) {
    assert_eq!(run.errors().len(), n, "stderr:\n{}", run.stderr);
    let summary = if n == 1 { "1 error;".to_string() } else { format!("{n} errors;") };
    assert!(run.stderr.lines().any(|l| l.starts_with(&summary)), "no summary {summary:?}:\n{}", run.stderr);
}

#[test]
fn broken_yaml_counts_lines_from_the_top_of_the_file() {
    // `id: een` is line 4 of the file but line 3 of the YAML.
    let text = EEN.replace("id: een\n", "id: een: twee\n");
    let run = broken_page(EEN_MD, &text);
    let (line, _) = locate(&text, "id: een: twee");
    assert_eq!(line, 4);
    // YAML gives up at the second `:`; the value holding it is what to
    // put in quotes.
    expect(
        &run,
        "invalid YAML: a value holding \": \" must be in quotes",
        &format!("{EEN_MD}:4:5"),
        "key: \"text: more text\"",
    );
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn broken_yaml_value_points_at_the_value() {
    let text = EEN.replace("description: De eerste pagina.", "description: [De eerste pagina.");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "description must be text, not a list", &at(EEN_MD, &text, "[De eerste"), "put the text in quotes");
    snap_stderr!(run);
}

#[test]
fn unknown_front_matter_key() {
    let text = EEN.replace("id: een\n", "id: een\ntitel: Een\n");
    let run = broken_page(EEN_MD, &text);
    let d = expect(&run, "unknown field `titel`", &at(EEN_MD, &text, "titel:"), "key names");
    assert!(d.message.contains("`title`"), "the known keys are listed: {d:?}");
    snap_stderr!(run);
}

#[test]
fn unknown_key_in_document_data() {
    let text = DOC_INDEX.replace("{short_title: Doc}", "{short_title: Doc, shorttitle: Doc}");
    let run = broken_page("content/doc/_index.md", &text);
    expect(&run, "unknown field `shorttitle`", &at("content/doc/_index.md", &text, "shorttitle"), "key names");
    // Not also "summary_card names an unknown document": the document is
    // unknown only because its _index.md did not load.
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn unknown_audience() {
    let text = EEN.replace("ervaringsdeskundigen, managers\"", "ervaringsdeskundigen, managerz\"");
    let run = broken_page(EEN_MD, &text);
    // The caret is under the slug itself, not under `doelgroepen=`.
    expect(
        &run,
        "unknown audience \"managerz\" (known: ervaringsdeskundigen, managers)",
        &at(EEN_MD, &text, "managerz"),
        "did you mean \"managers\"?",
    );
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn unknown_block_kind() {
    let text = EEN.replace("::: aanbeveling {", "::: aanbevelin {");
    let run = broken_page(EEN_MD, &text);
    let d = expect(&run, "unknown block kind \"aanbevelin\"", &at(EEN_MD, &text, "aanbevelin "), "known kinds");
    assert!(d.hint.unwrap().contains("aanbeveling"));
    snap_stderr!(run);
}

#[test]
fn unknown_block_attribute() {
    let text = TWEE.replace("::: bron {#bron-1}", "::: bron {#bron-1 kleur=rood}");
    let run = broken_page(TWEE_MD, &text);
    expect(&run, "unknown attribute \"kleur\" on a bron block", &at(TWEE_MD, &text, "kleur=rood"), "label");
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn missing_required_attribute() {
    let text = TWEE.replace("titel=\"Bespreek\" ", "");
    let run = broken_page(TWEE_MD, &text);
    expect(&run, "an opdracht block needs the attribute titel", &at(TWEE_MD, &text, "opdracht {"), "titel=");
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn missing_required_id() {
    let text = EEN.replace("{#aanbeveling-1 ", "{");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "an aanbeveling block needs an id", &at(EEN_MD, &text, "aanbeveling {"), "#some-id");
    snap_stderr!(run);
}

#[test]
fn unclosed_block() {
    let text = TWEE.replace("Uitgever.\n:::\n", "Uitgever.\n");
    let run = broken_page(TWEE_MD, &text);
    expect(&run, "the bron block opened here is never closed", &at(TWEE_MD, &text, "::: bron"), "add a line :::");
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn stray_closing_fence() {
    let text = format!("{EEN}\n:::\n");
    let run = broken_page(EEN_MD, &text);
    let line = text.lines().count();
    expect(&run, "closing ::: without an open block", &format!("{EEN_MD}:{line}:1"), "remove this line");
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn docent_outside_an_opdracht() {
    let text = format!("{EEN}\n::: docent\nNoot.\n:::\n");
    let run = broken_page(EEN_MD, &text);
    expect(
        &run,
        "docent block stands only directly inside an opdracht",
        &at(EEN_MD, &text, "::: docent"),
        "assignment",
    );
    snap_stderr!(run);
}

#[test]
fn duplicate_id_in_two_files_names_both_places() {
    let text = TWEE.replace("::: bron {#bron-1}", "::: bron {#aanbeveling-1}");
    let run = broken_page(TWEE_MD, &text);
    let first = at(EEN_MD, EEN, "#aanbeveling-1");
    expect(&run, "duplicate id \"aanbeveling-1\"", &at(TWEE_MD, &text, "#aanbeveling-1"), "unique");
    // The first definition is shown as a secondary label with its own line.
    assert!(run.stderr.contains(&format!("--> {first}")), "{}", run.stderr);
    assert!(run.stderr.contains("first defined here"), "{}", run.stderr);
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn duplicate_heading_id_on_a_page() {
    let text = EEN.replace("### 1.1.1 Verdieping", "### 1.1.1 Verdieping {#1-1-achtergrond}");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "duplicate heading id \"1-1-achtergrond\"", &at(EEN_MD, &text, "### 1.1.1"), "another {#id}");
    snap_stderr!(run);
}

#[test]
fn link_to_a_missing_page() {
    let text = EEN.replace("[de opdrachten](@/doc/02-twee.md#", "[de opdrachten](@/doc/03-twee.md#");
    let run = broken_page(EEN_MD, &text);
    expect(
        &run,
        "link to a page that does not exist: @/doc/03-twee.md",
        &at(EEN_MD, &text, "[de opdrachten]"),
        "did you mean @/doc/0",
    );
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn link_to_a_missing_anchor_suggests_the_closest() {
    let text = EEN.replace("(#1-1-achtergrond)", "(#1-1-achtergrnd)");
    let run = broken_page(EEN_MD, &text);
    expect(
        &run,
        "link to a missing anchor #1-1-achtergrnd on this page",
        &at(EEN_MD, &text, "[boven]"),
        "did you mean #1-1-achtergrond?",
    );
    snap_stderr!(run);
}

#[test]
fn link_to_a_missing_anchor_on_another_page() {
    let text = EEN.replace("02-twee.md#2-1-opdrachten", "02-twee.md#2-1-opdracht");
    let run = broken_page(EEN_MD, &text);
    expect(
        &run,
        "link to a missing anchor #2-1-opdracht on @/doc/02-twee.md",
        &at(EEN_MD, &text, "[de opdrachten]"),
        "did you mean #2-1-opdrachten?",
    );
    snap_stderr!(run);
}

#[test]
fn link_to_an_unrelated_anchor_has_no_suggestion() {
    let text = EEN.replace("(#1-1-achtergrond)", "(#zzz)");
    let run = broken_page(EEN_MD, &text);
    let d = expect(&run, "link to a missing anchor #zzz", &at(EEN_MD, &text, "[boven]"), "ids");
    assert!(!d.hint.unwrap().contains("did you mean"));
    snap_stderr!(run);
}

#[test]
fn link_to_an_unknown_global_id() {
    let text = EEN.replace("(@opdracht-1)", "(@opdracht-9)");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "link to an unknown id: @opdracht-9", &at(EEN_MD, &text, "[de opdracht]"), "{#id}");
    snap_stderr!(run);
}

#[test]
fn link_to_hash_alone() {
    let text = EEN.replace("[boven](#1-1-achtergrond)", "[boven](#)");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "link to \"#\" leads nowhere", &at(EEN_MD, &text, "[boven]"), "write the real target");
    snap_stderr!(run);
}

#[test]
fn empty_link() {
    let text = EEN.replace("[boven](#1-1-achtergrond)", "[boven]()");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "leads nowhere", &at(EEN_MD, &text, "[boven]"), "write the real target");
    snap_stderr!(run);
}

#[test]
fn relative_file_link() {
    let text = EEN.replace("[boven](#1-1-achtergrond)", "[boven](foo.md)");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "relative link \"foo.md\"", &at(EEN_MD, &text, "[boven]"), "@/path/to/page.md");
    snap_stderr!(run);
}

#[test]
fn relative_parent_link() {
    let text = EEN.replace("[boven](#1-1-achtergrond)", "[boven](../twee/index.html)");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "relative link \"../twee/index.html\"", &at(EEN_MD, &text, "[boven]"), "@/path/to/page.md");
    snap_stderr!(run);
}

#[test]
fn missing_template() {
    let text = EEN.replace("id: een\n", "id: een\ntemplate: nope.html\n");
    let run = broken_page(EEN_MD, &text);
    let d = expect(&run, "missing template nope.html", &at(EEN_MD, &text, "nope.html"), "template:");
    // Messages read the same on every machine: no absolute paths.
    assert!(!d.hint.unwrap().contains(std::env::temp_dir().to_str().unwrap()), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn missing_theme() {
    let yaml = SITE_YAML.replace("theme: modulepers", "theme: modulepersx");
    let (site, run) = rebuild_broken(|site| site.write("site.yaml", &yaml));
    // Blamed on the setting in site.yaml, with its line.
    let d = expect(&run, "theme \"modulepersx\" not found", &at("site.yaml", &yaml, "modulepersx"), "themes/");
    assert!(d.message.contains("themes/modulepersx"), "{d:?}");
    assert!(!run.stderr.contains(site.root().to_str().unwrap()), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn invalid_site_yaml() {
    let (_, run) = rebuild_broken(|site| site.write("site.yaml", SITE_YAML.replace("title:", "titel:")));
    expect(&run, "unknown field `titel`", "site.yaml:1:1", "key names");
    snap_stderr!(run);
}

#[test]
fn contact_that_is_not_an_email_address() {
    let yaml = SITE_YAML.replace(
        "theme: modulepers\n",
        "theme: modulepers\ncontact:\n  email: toegankelijkheid bij de uitgever\n  response_working_days: 10\n",
    );
    let (_, run) = rebuild_broken(|site| site.write("site.yaml", &yaml));
    expect(
        &run,
        "contact.email \"toegankelijkheid bij de uitgever\" is not an e-mail address",
        &at("site.yaml", &yaml, "toegankelijkheid bij"),
        "toegankelijkheid@",
    );
    snap_stderr!(run);
    let yaml = SITE_YAML.replace(
        "theme: modulepers\n",
        "theme: modulepers\ncontact:\n  email: a@example.org\n  response_working_days: 0\n",
    );
    let (_, run) = rebuild_broken(|site| site.write("site.yaml", &yaml));
    expect(&run, "contact.response_working_days is 0", &at("site.yaml", &yaml, "0\n"), "working days");
    snap_stderr!(run);
}

#[test]
fn contact_with_a_placeholder_address() {
    let yaml = SITE_YAML.replace(
        "theme: modulepers\n",
        "theme: modulepers\ncontact:\n  email: toegankelijkheid@example.org\n  response_working_days: 10\n",
    );
    let (_, run) = rebuild_broken(|site| site.write("site.yaml", &yaml));
    expect(
        &run,
        "contact.email \"toegankelijkheid@example.org\" is a placeholder",
        &at("site.yaml", &yaml, "toegankelijkheid@"),
        "leave contact: out",
    );
    snap_stderr!(run);
}

#[test]
fn non_utf8_file() {
    let text = EEN.replace("Tekst met", "Tekst\u{e9} @met");
    let (line, column) = locate(&text, "@met");
    let mut bytes = text.into_bytes();
    let i = bytes.iter().position(|&b| b == b'@').unwrap();
    bytes[i] = 0xff;
    let run = broken_page(EEN_MD, bytes);
    expect(&run, "the file is not valid UTF-8", &format!("{EEN_MD}:{line}:{column}"), "UTF-8");
    snap_stderr!(run);
}

#[test]
fn missing_content_folder() {
    let (_, run) = rebuild_broken(|site| site.remove("content"));
    let d = printed(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert!(d[0].message.contains("no content/ folder"), "{}", run.stderr);
    assert!(d[0].hint.as_deref().unwrap_or("").contains("--root"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn missing_site_yaml() {
    let (_, run) = rebuild_broken(|site| site.remove("site.yaml"));
    expect(&run, "cannot read site.yaml", "site.yaml", "--root");
    snap_stderr!(run);
}

#[test]
fn unclosed_front_matter() {
    let run = broken_page("content/doc/03-open.md", "---\ntitle: Open\n\nTekst.\n");
    expect(&run, "the front matter is not closed", "content/doc/03-open.md:1:1", "---");
    snap_stderr!(run);
}

#[test]
fn missing_title() {
    let run = broken_page("content/doc/03-x.md", "---\nnumber: \"3\"\n---\n\nTekst.\n");
    expect(&run, "missing field `title`", "content/doc/03-x.md:2:1", "key names");
    snap_stderr!(run);
}

#[test]
fn local_image() {
    let text = format!("{EEN}\n![plaatje](foto.png)\n");
    let run = broken_page(EEN_MD, &text);
    expect(&run, "local image \"foto.png\"", &at(EEN_MD, &text, "![plaatje]"), "https://");
    snap_stderr!(run);
}

#[test]
fn every_resolve_error_of_a_run_is_reported() {
    let (_, run) = rebuild_broken(|site| {
        site.write(EEN_MD, EEN.replace("managers\"}", "managerz\"}").replace("(#1-1-achtergrond)", "(#)"));
        site.write(TWEE_MD, TWEE.replace("(@een)", "(foo.md)"));
    });
    expect_count(&run, 3);
    let d = printed(&run.stderr);
    let locations: Vec<&str> = d.iter().map(|d| d.location.as_deref().unwrap()).collect();
    assert!(locations.iter().filter(|l| l.starts_with(EEN_MD)).count() == 2, "{locations:?}");
    assert!(locations.iter().filter(|l| l.starts_with(TWEE_MD)).count() == 1, "{locations:?}");
    snap_stderr!(run);
}

#[test]
fn load_and_link_errors_of_one_run_are_reported_together() {
    // A page that cannot be read does not hide a broken link elsewhere,
    // and links to the unreadable page are not reported twice.
    let (_, run) = rebuild_broken(|site| {
        site.write(EEN_MD, EEN.replacen("---\n", "---\nweight: [\n", 1));
        site.write(TWEE_MD, TWEE.replace("(@een)", "(#nergens)"));
    });
    expect_count(&run, 2);
    let d = printed(&run.stderr);
    assert!(d.iter().any(|d| d.message.starts_with("weight must be a whole number")), "{}", run.stderr);
    assert!(d.iter().any(|d| d.message.contains("#nergens")), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn every_load_error_of_a_run_is_reported() {
    let (_, run) = rebuild_broken(|site| {
        site.write(EEN_MD, EEN.replace("::: aanbeveling {", "::: aanbevelin {"));
        site.write(TWEE_MD, format!("{}\n::: redactie\nOpen.\n", TWEE.replace("{#bron-1}", "{#bron-1 kleur=rood}")));
    });
    expect_count(&run, 3);
    expect(
        &run,
        "unknown block kind",
        &at(EEN_MD, &EEN.replace("::: aanbeveling {", "::: aanbevelin {"), "aanbevelin"),
        "known kinds",
    );
    expect(&run, "never closed", &format!("{TWEE_MD}:{}:1", TWEE.lines().count() + 2), "add a line :::");
    snap_stderr!(run);
}

#[test]
fn errors_are_sorted_by_file_and_position() {
    let (_, run) = rebuild_broken(|site| {
        site.write(TWEE_MD, TWEE.replace("(@een)", "(foo.md)").replace("(@aanbeveling-1)", "(bar.md)"));
        site.write(EEN_MD, EEN.replace("(#1-1-achtergrond)", "(#)"));
    });
    let locations: Vec<String> = printed(&run.stderr).into_iter().map(|d| d.location.unwrap()).collect();
    assert_eq!(locations.len(), 3);
    assert!(locations[0].starts_with(EEN_MD), "{locations:?}");
    let lines: Vec<usize> = locations[1..].iter().map(|l| l.split(':').nth(1).unwrap().parse().unwrap()).collect();
    assert!(lines[0] < lines[1], "{locations:?}");
    snap_stderr!(run);
}

#[test]
fn check_reports_the_same_errors_as_build() {
    let (site, build) = rebuild_broken(|site| {
        site.write(EEN_MD, EEN.replace("managers\"}", "managerz\"}"));
    });
    let check = site.check();
    check.assert_content_error();
    assert_eq!(printed(&check.stderr), printed(&build.stderr));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = Site::good();
    let run = site.run(&["build", "--frobnicate"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--frobnicate"), "{}", run.stderr);
    assert!(!site.output().exists());
    snap_stderr!(run);
}

#[test]
fn unknown_command_and_missing_command_are_usage_errors() {
    assert_eq!(run(&["bouw"]).code, Some(2));
    assert_eq!(run::<&str>(&[]).code, Some(2));
    assert_eq!(run(&["build", "--output"]).code, Some(2));
}

#[test]
fn help_names_the_commands() {
    let run = run(&["--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for command in ["build", "check", "serve"] {
        assert!(run.stdout.contains(command), "--help does not mention {command}:\n{}", run.stdout);
    }
    let build_help = common::run(&["build", "--help"]);
    assert_eq!(build_help.code, Some(0));
    for flag in ["--root", "--output", "--base-url", "--quiet"] {
        assert!(build_help.stdout.contains(flag), "build --help lacks {flag}:\n{}", build_help.stdout);
    }
}

#[test]
fn missing_template_is_reported_with_link_errors() {
    let (_, run) = rebuild_broken(|site| {
        site.write(EEN_MD, EEN.replace("id: een\n", "id: een\ntemplate: nope.html\n"));
        site.write(TWEE_MD, TWEE.replace("(@een)", "(@nope)"));
    });
    expect_count(&run, 2);
    expect(&run, "missing template nope.html", &format!("{EEN_MD}:5:11"), "template:");
    expect(&run, "unknown id: @nope", &at(TWEE_MD, &TWEE.replace("(@een)", "(@nope)"), "[Een](@nope)"), "{#id}");
    snap_stderr!(run);
}

#[test]
fn a_bad_opdracht_header_does_not_cascade_into_its_docent_note() {
    // Only the header is wrong; the docent note inside it is fine.
    let text = TWEE.replace("::: opdracht {#opdracht-1", "::: opdracht {#opdracht-1 kleur=rood");
    let run = broken_page(TWEE_MD, &text);
    expect(
        &run,
        "unknown attribute \"kleur\" on an opdracht block",
        &at(TWEE_MD, &text, "kleur"),
        "opdracht blocks take",
    );
    expect_count(&run, 1);
    snap_stderr!(run);
}

#[test]
fn an_unclosed_block_with_a_bad_header_is_not_called_redactie() {
    let text = format!("{EEN}\n::: aanbevelin {{#x}}\nOpen.\n");
    let run = broken_page(EEN_MD, &text);
    expect_count(&run, 2);
    let d = expect(&run, "never closed", &at(EEN_MD, &text, "::: aanbevelin {"), "add a line :::");
    assert!(!d.message.contains("redactie"), "{d:?}");
    snap_stderr!(run);
}

#[test]
fn links_in_raw_html_are_errors_at_their_attribute() {
    let text = format!("{EEN}\nZie <a href=\"../twee/\">twee</a> of <a href='/abs'>x</a>.\n\n<img src=\"foto.png\">\n");
    let run = broken_page(EEN_MD, &text);
    expect_count(&run, 3);
    expect(
        &run,
        "raw HTML is not checked: href=\"../twee/\"",
        &at(EEN_MD, &text, "href=\"../twee/\""),
        "[text](@/path.md#anchor)",
    );
    expect(&run, "raw HTML is not checked: href=\"/abs\"", &at(EEN_MD, &text, "href='/abs'"), "Markdown");
    // An image is an element raw HTML may not use at all.
    expect(&run, "raw HTML element <img> is not allowed", &at(EEN_MD, &text, "<img"), "![what it shows](https://…)");
    snap_stderr!(run);
}

#[test]
fn external_links_in_raw_html_are_allowed() {
    let site = Site::good();
    site.write(
        EEN_MD,
        format!("{EEN}\n<a href=\"https://example.com/x\" hreflang=\"nl\">x</a> <ins>toegevoegd</ins>\n"),
    );
    site.build_ok();
}

#[test]
fn a_failed_first_build_creates_no_output() {
    let site = Site::good();
    site.write(EEN_MD, EEN.replace("(#1-1-achtergrond)", "(#)"));
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("1 error;"), "{}", run.stderr);
    let entries: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!site.output().exists(), "{entries:?}");
    assert_eq!(entries.len(), 3, "only site.yaml, content/ and themes/: {entries:?}");
    snap_stderr!(run);
}

#[test]
fn links_a_template_makes_are_checked_in_the_rendered_pages() {
    // Content links were fine; the theme breaks three links on every page.
    let (_, run) = rebuild_broken(|site| {
        let base = site.root().join("themes/modulepers/templates/base.html");
        let text = std::fs::read_to_string(&base).unwrap().replace(
            "<main id=\"inhoud\" tabindex=\"-1\">",
            "<main id=\"inhoud\" tabindex=\"-1\"><a href=\"{{ root }}nergens/index.html\">x</a>\
             <a href=\"{{ nav.search }}#geen-anker\">y</a><a href=\"/static/style.css\">z</a>",
        );
        std::fs::write(base, text).unwrap();
    });
    // One error per broken link, not one per page the template renders.
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 3, "{}", run.stderr);
    for problem in [
        "link to a missing file: nergens/index.html (on ",
        "link to a missing anchor: zoeken/index.html#geen-anker (on ",
        "absolute path",
    ] {
        let d = all
            .iter()
            .find(|d| d.message.contains(problem))
            .unwrap_or_else(|| panic!("no error {problem:?}; stderr:\n{}", run.stderr));
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("template")), "{d:?}");
    }
}
