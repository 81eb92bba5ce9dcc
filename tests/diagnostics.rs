//! How errors are shown: source lines with carets and secondary labels,
//! one error per mistake (no echoes of another error), JSON lines for
//! tools, colour only for a terminal, and the exit status of each kind.

mod common;
use common::*;

const EEN_MD: &str = "content/doc/01-een.md";
const TWEE_MD: &str = "content/doc/02-twee.md";
const PAGE_HTML: &str = "themes/modulepers/templates/page.html";

macro_rules! snap_stderr {
    ($run:expr) => {
        insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

/// The good site with `change` made to it, checked (which writes nothing).
fn check_broken(change: impl FnOnce(&Site)) -> (Site, Run) {
    let site = Site::good();
    change(&site);
    let run = site.check();
    run.assert_content_error();
    (site, run)
}

fn location(file: &str, text: &str, needle: &str) -> String {
    let (line, column) = locate(text, needle);
    format!("{file}:{line}:{column}")
}

#[test]
fn a_template_typo_is_one_error_at_the_template_line() {
    let mut template = String::new();
    let (_, run) = check_broken(|site| {
        template = site.read(PAGE_HTML).replacen("{{ page.title }}", "{{ page.titel }}", 1);
        site.write(PAGE_HTML, &template);
    });
    let all = printed(&run.stderr);
    // Every content page fails with it; the author hears it once, at the
    // template, not at each content file.
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.contains("Variable `page.titel` not found"), "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(PAGE_HTML, &template, "page.titel").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").contains("pages failed here"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_template_syntax_error_is_at_its_line() {
    let mut template = String::new();
    let (_, run) = check_broken(|site| {
        template = site.read(PAGE_HTML).replacen("{{ page.title }}", "{{ page.title }", 1);
        site.write(PAGE_HTML, &template);
    });
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.starts_with("template syntax error: expected"), "{}", run.stderr);
    let (line, _) = locate(&template, "{{ page.title }<");
    assert!(all[0].location.as_deref().unwrap_or("").starts_with(&format!("{PAGE_HTML}:{line}:")), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_broken_front_matter_does_not_make_ids_on_its_page_unknown_elsewhere() {
    // twee summarises a recommendation on een; een fails to load, so its
    // ids are unknown: only een's own error is worth printing.
    let (_, run) = check_broken(|site| {
        site.write(
            TWEE_MD,
            TWEE.replace(
                "## 2.2 Bronnen",
                "::: aanbeveling {#aanbeveling-2 doelgroepen=\"managers\" samenvat=\"aanbeveling-1\"}\nKort.\n:::\n\n## 2.2 Bronnen",
            ),
        );
        site.write(EEN_MD, EEN.replace("title: Een", "title: \"Een"));
    });
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].location.as_deref().unwrap_or("").starts_with(EEN_MD), "{}", run.stderr);
}

#[test]
fn samenvat_naming_an_unknown_id_is_an_error_with_its_span() {
    let text = TWEE.replace(
        "## 2.2 Bronnen",
        "::: aanbeveling {#aanbeveling-2 doelgroepen=\"managers\" samenvat=\"aanbeveling-9\"}\nKort.\n:::\n\n## 2.2 Bronnen",
    );
    let (_, run) = check_broken(|site| site.write(TWEE_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(TWEE_MD, &text, "aanbeveling-9").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_duplicate_block_id_on_one_page_is_reported_once_with_both_places() {
    let text = TWEE.replace("::: bron {#bron-1}", "::: bron {#opdracht-1}");
    let (_, run) = check_broken(|site| site.write(TWEE_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(TWEE_MD, &text, "#opdracht-1}").as_str()));
    assert!(run.stderr.contains("first defined here"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn did_you_mean_offers_only_close_matches() {
    // Shares the prefix `doc/01-een` with a real page, but is no typo of it.
    let text = EEN.replace("(@/doc/02-twee.md#2-1-opdrachten)", "(@/doc/01-een-en-nog-iets-anders.md)");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    let hint = all[0].hint.as_deref().unwrap_or("");
    assert!(!hint.contains("did you mean"), "{hint}");
    assert!(hint.contains("no page has a similar path"), "{hint}");
}

#[test]
fn an_invalid_base_url_is_blamed_on_site_yaml() {
    let yaml = SITE_YAML.replace("base_url: https://example.org/test/", "base_url: example.org/test");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.starts_with("invalid base_url"), "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "example.org/test").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_duplicate_audience_slug_shows_both_places() {
    let yaml = SITE_YAML.replace("slug: managers", "slug: ervaringsdeskundigen");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    let second = yaml.rfind("ervaringsdeskundigen").unwrap();
    let line = yaml[..second].lines().count();
    assert_eq!(all[0].location.as_deref(), Some(format!("site.yaml:{line}:11").as_str()), "{}", run.stderr);
    assert!(run.stderr.contains("first used here"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn bad_indentation_in_site_yaml_is_reported_at_the_faulty_line() {
    let yaml = SITE_YAML.replace("    name: Managers", "   name: Managers");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    let (line, _) = locate(&yaml, "   name: Managers");
    assert!(all[0].location.as_deref().unwrap_or("").starts_with(&format!("site.yaml:{line}:")), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn json_messages_are_one_object_per_line_on_stdout() {
    let text = EEN.replace("managers\"}", "managerz\"}").replace("(#1-1-achtergrond)", "(#)");
    let site = Site::good();
    site.write(EEN_MD, &text);
    let run = site.run(&["check", "--quiet", "--message-format", "json"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.is_empty(), "JSON mode keeps stderr free: {}", run.stderr);
    let objects: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(objects.len(), 2, "{}", run.stdout);
    let audience = objects.iter().find(|o| o["message"].as_str().unwrap().contains("managerz")).unwrap();
    let (line, column) = locate(&text, "managerz");
    assert_eq!(audience["level"], "error");
    assert_eq!(audience["file"], EEN_MD);
    assert_eq!(audience["span"]["line"], line);
    assert_eq!(audience["span"]["column"], column);
    assert_eq!(audience["span"]["end_column"], column + "managerz".len());
    assert!(audience["hint"].as_str().unwrap().contains("managers"));
    // What a person would have seen, for tools that show it as is.
    assert!(audience["rendered"].as_str().unwrap().contains("^^^^^^^^"), "{audience}");
}

#[test]
fn exit_status_is_2_for_usage_errors() {
    let site = Site::good();
    let missing = site.path("nope");
    let run = run(&[std::ffi::OsStr::new("build"), "--root".as_ref(), missing.as_os_str()]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    assert!(!missing.exists(), "a missing site folder is not created");
    assert_eq!(site.run(&["check", "--message-format", "xml"]).code, Some(2));
    let bad_url = site.run(&["build", "--base-url", "example.org"]);
    assert_eq!(bad_url.code, Some(2), "{bad_url:?}");
    assert!(!site.output().exists());
    snap_stderr!(bad_url);
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let (site, piped) = check_broken(|site| site.write(EEN_MD, EEN.replace("(#1-1-achtergrond)", "(#)")));
    assert!(!piped.stderr.contains('\x1b'), "no escapes into a pipe: {:?}", piped.stderr);
    // `script` gives the program a terminal; skip loudly where it is missing.
    let Ok(script) = which("script") else {
        eprintln!("SKIPPED colour on a terminal: no `script` command");
        return;
    };
    let on_tty = |no_color: bool| {
        let command = format!("{} check --quiet --root {}", env!("CARGO_BIN_EXE_modulepers"), site.root().display());
        let mut cmd = std::process::Command::new(&script);
        cmd.args(["-qec", &command, "/dev/null"]).env("TERM", "xterm").env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().expect("run script").stdout).into_owned()
    };
    let coloured = on_tty(false);
    assert!(coloured.contains("\x1b["), "colour on a terminal: {coloured:?}");
    assert!(coloured.contains("leads nowhere"), "{coloured:?}");
    let plain = on_tty(true);
    assert!(!plain.contains("\x1b["), "NO_COLOR is respected: {plain:?}");
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(program)).find(|p| p.is_file()))
        .ok_or(())
}

// Values written in YAML (site.yaml, front matter) are shown at their line,
// with a caret under the value, like errors in the Markdown.

const INDEX_MD: &str = "content/doc/_index.md";

#[test]
fn a_broken_related_link_in_site_yaml_is_at_its_value() {
    let related = "    related:\n      - \"@/doc/01-een.md\"\n      - \"@/doc/01-een.md#1-2-achtergrond\"\n";
    let yaml = SITE_YAML.replace(
        "    description: Wie teams aanstuurt.\n",
        &format!("    description: Wie teams aanstuurt.\n{related}"),
    );
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(
        all[0].message.starts_with("audience \"managers\": link to a missing anchor #1-2-achtergrond"),
        "{}",
        run.stderr
    );
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "@/doc/01-een.md#1-2").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").contains("did you mean #1-1-achtergrond?"), "{}", run.stderr);
    snap_stderr!(run);

    // The same list written on one line.
    let flow = "    related: [\"@/doc/01-een.md\", @/doc/03-drie.md]\n";
    let yaml = SITE_YAML
        .replace("    description: Wie teams aanstuurt.\n", &format!("    description: Wie teams aanstuurt.\n{flow}"));
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "@/doc/03-drie.md").as_str()));
}

#[test]
fn a_broken_card_link_in_site_yaml_is_at_its_value() {
    let yaml = SITE_YAML.replace("#1-1-achtergrond\"", "#1-1-achtergrnd\"");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(
        all[0].message.starts_with("summary_card item \"Achtergrond\": link to a missing anchor"),
        "{}",
        run.stderr
    );
    assert_eq!(
        all[0].location.as_deref(),
        Some(location("site.yaml", &yaml, "@/doc/01-een.md#1-1-achtergrnd").as_str())
    );
    snap_stderr!(run);
}

#[test]
fn a_broken_card_link_in_front_matter_is_at_its_value() {
    let yaml = &SITE_YAML[..SITE_YAML.find("summary_card:").unwrap()];
    let index = DOC_INDEX.replace(
        "document: {short_title: Doc}\n",
        "document: {short_title: Doc}\nsummary_card:\n  items:\n    - title: Achtergrond\n      from: \"@/doc/01-eeen.md\"\n",
    );
    let (_, run) = check_broken(|site| {
        site.write("site.yaml", yaml);
        site.write(INDEX_MD, &index);
    });
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.contains("link to a page that does not exist: @/doc/01-eeen.md"), "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(INDEX_MD, &index, "@/doc/01-eeen.md").as_str()));
    snap_stderr!(run);
}

#[test]
fn two_pages_at_one_address_name_both_files_once() {
    // A copy of een under another number: same address, and every id of
    // een defined twice. Only the address is worth saying.
    let (_, run) = check_broken(|site| site.write("content/doc/03-een.md", EEN));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "two pages would be published at doc/een/");
    assert_eq!(all[0].location.as_deref(), Some("content/doc/03-een.md:1:1"));
    assert!(run.stderr.contains(&format!("--> {EEN_MD}:1:1")), "the other file is shown: {}", run.stderr);
    assert!(run.stderr.contains("also published there"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn every_independent_front_matter_error_is_reported() {
    let text =
        EEN.replace("id: een\n", "id: een\ntitel: Een\nweight: zwaar\n").replace("number: \"1\"", "number: [1, 2]");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 3, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(EEN_MD, &text, "[1, 2]").as_str()));
    assert_eq!(all[1].location.as_deref(), Some(location(EEN_MD, &text, "titel:").as_str()));
    assert_eq!(all[2].location.as_deref(), Some(location(EEN_MD, &text, "zwaar").as_str()));
    snap_stderr!(run);

    // A misspelt title is one mistake, not also a missing title.
    let text = EEN.replace("title: Een", "titel: Een");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.contains("unknown field `titel`"), "{}", run.stderr);
}

#[test]
fn a_card_for_an_unknown_document_is_at_its_name() {
    let yaml = SITE_YAML.replace("  document: doc\n", "  document: dok\n");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "summary_card names an unknown document \"dok\"");
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "dok\n").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").starts_with("did you mean \"doc\"?"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn two_cards_for_one_document_show_both_places() {
    let index = DOC_INDEX.replace(
        "document: {short_title: Doc}\n",
        "document: {short_title: Doc}\nsummary_card:\n  items:\n    - title: Achtergrond\n      from: \"@/doc/01-een.md\"\n",
    );
    let (_, run) = check_broken(|site| site.write(INDEX_MD, &index));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "two summary cards for the document \"doc\"");
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", SITE_YAML, "doc\n").as_str()));
    let other = location(INDEX_MD, &index, "summary_card:");
    assert!(run.stderr.contains(&format!("--> {other}")), "the card in _index.md is shown: {}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_tab_in_the_indentation_of_site_yaml_is_at_the_tab() {
    let yaml = SITE_YAML.replace("    name: Managers", "\tname: Managers");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "invalid YAML: a tab in the indentation");
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "\tname").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_language_that_is_no_language_code_is_at_its_value() {
    let yaml = SITE_YAML.replace("language: nl", "language: Nederlands");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "Nederlands").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").contains("nl-BE"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_link_to_a_folder_or_to_a_bare_scheme_says_what_to_write() {
    let text = EEN
        .replace("(@/doc/02-twee.md#2-1-opdrachten)", "(@/doc/)")
        .replace("(https://example.com/bron)", "(https://)");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 2, "{}", run.stderr);
    assert_eq!(all[0].message, "link to \"https://\" leads nowhere");
    assert!(all[1].hint.as_deref().unwrap_or("").ends_with("did you mean @/doc/_index.md?"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_site_without_a_home_page_is_told_to_make_one() {
    // Once reported as a link to a missing index.html on every page, at
    // the theme.
    let (_, run) = check_broken(|site| site.remove("content/_index.md"));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "the site has no home page");
    assert_eq!(all[0].location.as_deref(), Some("content/_index.md"));
    snap_stderr!(run);
}

#[test]
fn a_duplicate_page_id_is_at_both_id_values() {
    let text = TWEE.replace("number: \"2\"\n", "number: \"2\"\nid: een\n");
    let (_, run) = check_broken(|site| site.write(TWEE_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "duplicate id \"een\"");
    assert_eq!(all[0].location.as_deref(), Some(location(TWEE_MD, &text, "een\n").as_str()));
    let first = location(EEN_MD, EEN, "een\ndescription");
    assert!(run.stderr.contains(&format!("--> {first}")), "the first id: is shown: {}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_misspelt_card_key_does_not_hide_the_next_items_mistake() {
    let yaml = &SITE_YAML[..SITE_YAML.find("summary_card:").unwrap()];
    let index = DOC_INDEX.replace(
        "document: {short_title: Doc}\n",
        "document: {short_title: Doc}\nsummary_card:\n  items:\n    - title: Achtergrond\n      fromm: \"@/doc/01-een.md\"\n    - title: Twee\n      from: \"@/doc/02-twee.md\"\n      take: lijst\n",
    );
    let (_, run) = check_broken(|site| {
        site.write("site.yaml", yaml);
        site.write(INDEX_MD, &index);
    });
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 2, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(INDEX_MD, &index, "fromm").as_str()));
    assert_eq!(all[1].location.as_deref(), Some(location(INDEX_MD, &index, "lijst").as_str()));
    assert_eq!(all[1].hint.as_deref(), Some("did you mean `list`?"));
    snap_stderr!(run);
}

#[test]
fn an_audience_slug_that_is_no_slug_is_one_error_at_it() {
    // Not also an unknown audience at every recommendation for "managers".
    let yaml = SITE_YAML.replace("slug: managers", "slug: Managers en zo");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "Managers en zo").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").ends_with("slug: managers-en-zo"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_recommendation_without_audiences_is_at_its_empty_list() {
    let text = EEN.replace("doelgroepen=\"ervaringsdeskundigen, managers\"", "doelgroepen=\"\"");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "a recommendation without audiences");
    assert_eq!(all[0].location.as_deref(), Some(location(EEN_MD, &text, "\"}").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_broken_begrip_source_is_underlined_whole() {
    let text = "---\ntitle: Begrippen\n---\n\n::: begrip {#begrip-herstel term=\"Herstel\" bron=\"@/doc/01-een.md#1-1-achtergrnd\"}\nEen proces.\n:::\n";
    let (_, run) = check_broken(|site| site.write("content/begrippen.md", text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(
        all[0].location.as_deref(),
        Some(location("content/begrippen.md", text, "@/doc/01-een.md#1-1").as_str())
    );
    assert!(run.stderr.contains(&"^".repeat("@/doc/01-een.md#1-1-achtergrnd".len())), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_source_url_without_scheme_is_at_its_value() {
    // Once reported at the template that links to it, on three pages.
    let index = DOC_INDEX.replace("{short_title: Doc}", "{short_title: Doc, source_url: www.example.org/bron}");
    let (_, run) = check_broken(|site| site.write(INDEX_MD, &index));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert!(all[0].message.starts_with("source_url is not a web address"), "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(INDEX_MD, &index, "www.example").as_str()));
    snap_stderr!(run);
}

#[test]
fn an_unquoted_link_in_yaml_is_told_to_take_quotes() {
    // `@` cannot start a YAML value; the parser says "cannot start any token".
    let yaml = SITE_YAML.replace("from: \"@/doc/01-een.md#1-1-achtergrond\"", "from: @/doc/01-een.md#1-1-achtergrond");
    let (_, run) = check_broken(|site| site.write("site.yaml", &yaml));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].message, "invalid YAML: a value cannot start with @ unless it is in quotes");
    assert_eq!(all[0].location.as_deref(), Some(location("site.yaml", &yaml, "@/doc").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_template_named_without_html_is_offered_the_real_name() {
    let text = EEN.replace("id: een\n", "id: een\ntemplate: page\n");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(EEN_MD, &text, "page\n").as_str()));
    assert!(all[0].hint.as_deref().unwrap_or("").starts_with("did you mean page.html?"), "{}", run.stderr);
    snap_stderr!(run);
}

#[test]
fn a_second_yaml_document_in_front_matter_is_at_the_line_that_ends_the_first() {
    // Found by tests/proptest.rs: serde_yaml gives this error no place.
    let text = EEN.replace("id: een\n", "id: een\n...\n");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 1, "{}", run.stderr);
    assert_eq!(all[0].location.as_deref(), Some(location(EEN_MD, &text, "...\n").as_str()));
    snap_stderr!(run);
}

#[test]
fn a_key_given_twice_is_at_the_second_with_the_first_shown() {
    // serde places it at the start of the mapping, for every duplicate.
    let text = EEN.replace("id: een\n", "id: een\ntitle: Nog een\nid: twee\n");
    let (_, run) = check_broken(|site| site.write(EEN_MD, &text));
    let all = printed(&run.stderr);
    assert_eq!(all.len(), 2, "{}", run.stderr);
    assert_eq!(all[0].message, "invalid YAML: `title` is given twice");
    assert_eq!(all[0].location.as_deref(), Some(location(EEN_MD, &text, "title: Nog").as_str()));
    assert_eq!(all[1].location.as_deref(), Some(location(EEN_MD, &text, "id: twee").as_str()));
    assert!(run.stderr.contains("first given here"), "{}", run.stderr);
    snap_stderr!(run);
}
