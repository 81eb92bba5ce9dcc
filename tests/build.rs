//! A good fixture site builds into a self-contained, relative-linked,
//! deterministic output folder; odd input is handled without a panic or a
//! hang.

mod common;
use common::*;
use std::path::Path;

/// Values of every `href="…"` and `src="…"` in `html`, with the entities
/// tera escapes in attributes undone.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("attribute value is closed");
            out.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `<a …>` start tag in `html`.
fn anchors(html: &str) -> Vec<&str> {
    html.match_indices("<a ").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1]).collect()
}

fn html_files(output: &Path) -> Vec<String> {
    file_list(output).into_iter().filter(|f| f.ends_with(".html")).collect()
}

fn built() -> Site {
    let site = Site::good();
    site.build_ok();
    site
}

#[test]
fn good_site_builds_with_pretty_urls() {
    let site = Site::good();
    let run = site.run(&["build"]);
    run.assert_ok();
    assert!(run.stderr.starts_with("built "), "a summary is printed: {}", run.stderr);
    let files = file_list(&site.output());
    for f in [
        "index.html",
        "doc/index.html",
        "doc/een/index.html",
        "doc/twee/index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
    ] {
        assert!(files.contains(&f.to_string()), "no {f} in {files:#?}");
    }
    // Number prefixes and .md never show in page addresses.
    for f in html_files(&site.output()) {
        assert!(!f.contains("01-") && !f.contains(".md"), "{f}");
    }
    let een = site.read("output/doc/een/index.html");
    assert!(een.contains("<h2 id=\"1-1-achtergrond\">"), "{een}");
    assert!(een.contains("id=\"aanbeveling-1\""));
    let twee = site.read("output/doc/twee/index.html");
    assert!(twee.contains("id=\"opdracht-1\"") && twee.contains("Let op de tijd."), "{twee}");
    assert!(twee.contains("Auteur (2020)"));
}

#[test]
fn quiet_build_prints_nothing() {
    let site = Site::good();
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
}

#[test]
fn every_link_is_relative_and_leads_to_an_existing_file() {
    let site = built();
    let output = site.output();
    let mut problems = Vec::new();
    let mut internal = 0;
    for file in html_files(&output) {
        let html = std::fs::read_to_string(output.join(&file)).unwrap();
        let dir = Path::new(&file).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.contains("127.0.0.1") || link.contains("localhost") {
                problems.push(format!("{file}: local server address {link}"));
                continue;
            }
            if link.starts_with('/') {
                problems.push(format!("{file}: absolute path {link}"));
                continue;
            }
            if link.contains(':') {
                // External: only the fixture's one external link. The 404
                // page too links relatively: it must work from disk and
                // under any sub-path, whatever base_url says.
                if link != "https://example.com/bron" {
                    problems.push(format!("{file}: unexpected absolute address {link}"));
                }
                continue;
            }
            internal += 1;
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() { Path::new(&file).to_path_buf() } else { normalize(&dir.join(path)) };
            let on_disk = output.join(&target);
            if !on_disk.is_file() {
                problems.push(format!("{file}: {link} leads to {} which is not a file", target.display()));
                continue;
            }
            if !anchor.is_empty() {
                let text = std::fs::read_to_string(&on_disk).unwrap_or_default();
                if !text.contains(&format!("id=\"{anchor}\"")) {
                    problems.push(format!("{file}: {link}: no id {anchor} in {}", target.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(internal > 50, "suspiciously few internal links: {internal}");
}

/// `a/b/../c` → `a/c`; panics on a path that leaves the output.
fn normalize(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "{} leaves the site", p.display())
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn content_links_become_relative_files() {
    let site = built();
    let een = site.read("output/doc/een/index.html");
    assert!(een.contains("href=\"../../doc/twee/index.html#2-1-opdrachten\""), "{een}");
    assert!(een.contains("href=\"#1-1-achtergrond\""));
    assert!(een.contains("href=\"../../doc/twee/index.html#opdracht-1\""));
    let home = site.read("output/index.html");
    assert!(unescape(&home).contains("href=\"doc/een/index.html#1-1-achtergrond\""), "{home}");
    let twee = unescape(&site.read("output/doc/twee/index.html"));
    assert!(twee.contains("href=\"../../doc/een/index.html\""), "@een leads to the page");
}

#[test]
fn external_links_are_marked() {
    let site = built();
    let een = site.read("output/doc/een/index.html");
    let tags = anchors(&een);
    let external: Vec<_> = tags.iter().filter(|t| t.contains("https://example.com/bron")).collect();
    assert_eq!(external.len(), 1, "{tags:#?}");
    assert!(external[0].contains("class=\"extern\""), "{}", external[0]);
    for t in tags.iter().filter(|t| !t.contains("://")) {
        assert!(!t.contains("extern"), "an internal link is marked external: {t}");
    }
}

#[test]
fn pages_say_they_are_dutch() {
    let site = built();
    for file in html_files(&site.output()) {
        let html = site.read(&format!("output/{file}"));
        assert!(html.contains("<html lang=\"nl\""), "{file} lacks lang=\"nl\"");
    }
}

#[test]
fn language_comes_from_site_yaml() {
    let site = Site::good();
    site.write("site.yaml", SITE_YAML.replace("language: nl", "language: en"));
    site.build_ok();
    assert!(site.read("output/doc/een/index.html").contains("<html lang=\"en\""));
}

#[test]
fn not_found_page_and_sitemap() {
    let site = built();
    let not_found = site.read("output/404.html");
    assert!(not_found.contains("Pagina niet gevonden"), "{not_found}");
    // Served for a missing address at any depth, it must not depend on the
    // published address: no <base>, nothing loaded from another host.
    assert!(!not_found.contains("<base"), "{not_found}");
    assert!(!not_found.contains(BASE_URL.trim_end_matches('/')), "404.html names base_url: {not_found}");
    let sitemap = site.read("output/sitemap.xml");
    assert!(sitemap.starts_with("<?xml"), "{sitemap}");
    assert!(sitemap.contains(&format!("<loc>{BASE_URL}doc/een/</loc>")), "{sitemap}");
    // Every address in the sitemap is a page of the output.
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
    assert!(locs.len() >= 4, "{sitemap}");
    for loc in locs {
        let rel = loc.strip_prefix(BASE_URL).unwrap_or_else(|| panic!("{loc} is not under {BASE_URL}"));
        let file = format!("{rel}index.html");
        assert!(site.output().join(&file).is_file(), "sitemap lists {loc}, but there is no {file}");
    }
}

#[test]
fn base_url_flag_overrides_site_yaml_in_the_sitemap() {
    let site = Site::good();
    // Without a trailing slash: one is added.
    site.run(&["build", "--quiet", "--base-url", "https://other.example/sub"]).assert_ok();
    let sitemap = site.read("output/sitemap.xml");
    assert!(sitemap.contains("<loc>https://other.example/sub/doc/een/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("example.org"), "{sitemap}");
    // Pages still link relatively.
    let een = site.read("output/doc/een/index.html");
    assert!(!een.contains("other.example"), "{een}");
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = Site::good();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("deep/site");
    site.run(&["build", "--quiet", "--output", out.to_str().unwrap()]).assert_ok();
    assert!(out.join("doc/een/index.html").is_file());
    assert!(!site.output().exists());
}

#[test]
fn stale_files_disappear_on_rebuild() {
    let site = built();
    site.write("output/stale.txt", "old");
    site.write("output/weg/index.html", "<p>old</p>");
    site.build_ok();
    assert!(!site.path("output/stale.txt").exists());
    assert!(!site.path("output/weg").exists());
    assert!(site.path("output/doc/een/index.html").is_file());
    // A page removed from content/ disappears too.
    site.remove("content/doc/02-twee.md");
    site.write(
        "content/doc/01-een.md",
        EEN.replace("[de opdrachten](@/doc/02-twee.md#2-1-opdrachten)", "de opdrachten")
            .replace("[de opdracht](@opdracht-1)", "de opdracht"),
    );
    site.build_ok();
    assert!(!site.path("output/doc/twee").exists());
    assert!(!site.path("output/opdrachten/opdracht-1").exists());
}

#[test]
fn a_foreign_output_folder_is_refused() {
    let site = Site::good();
    site.write("output/mijn-werk.txt", "belangrijk");
    site.write("output/map/notities.md", "ook belangrijk");
    let before = snapshot(&site.output());
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert_eq!(snapshot(&site.output()), before);
}

#[test]
fn the_site_folder_itself_is_refused_as_output() {
    let site = Site::good();
    let before = file_list(site.root());
    let run = site.run(&["build", "--quiet", "--output", site.root().to_str().unwrap()]);
    run.assert_content_error();
    assert_eq!(file_list(site.root()), before);
}

#[test]
fn an_output_that_is_a_file_is_refused() {
    let site = Site::good();
    site.write("output", "not a folder");
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);
    assert_eq!(site.read("output"), "not a folder");
}

#[test]
fn an_empty_output_folder_is_used() {
    let site = Site::good();
    std::fs::create_dir(site.output()).unwrap();
    site.build_ok();
    assert!(site.path("output/index.html").is_file());
}

#[test]
fn builds_are_deterministic() {
    let site = Site::good();
    let dirs = tempfile::tempdir().unwrap();
    let (a, b) = (dirs.path().join("a"), dirs.path().join("b"));
    site.run(&["build", "--quiet", "--output", a.to_str().unwrap()]).assert_ok();
    site.run(&["build", "--quiet", "--output", b.to_str().unwrap()]).assert_ok();
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (file, bytes) in &sa {
        assert!(sb[file] == *bytes, "{} differs between two builds", file.display());
    }
    // The output does not depend on where it is written.
    for (file, bytes) in &sa {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(dirs.path().to_str().unwrap()), "{} names the output folder", file.display());
        assert!(!text.contains(site.root().to_str().unwrap()), "{} names the site folder", file.display());
    }
}

#[test]
fn check_writes_nothing() {
    let site = Site::good();
    let before = file_list(site.root());
    let run = site.run(&["check"]);
    run.assert_ok();
    assert!(run.stderr.starts_with("checked "), "{}", run.stderr);
    assert!(!site.output().exists());
    assert_eq!(file_list(site.root()), before);
    let entries = std::fs::read_dir(site.root()).unwrap().count();
    assert_eq!(entries, 3, "site.yaml, content/ and themes/ only");
}

#[test]
fn check_leaves_an_existing_output_alone() {
    let site = built();
    let before = snapshot(&site.output());
    site.write("content/doc/01-een.md", EEN.replace("Zet ervaringskennis", "Zet nieuwe kennis"));
    site.check().assert_ok();
    assert_eq!(snapshot(&site.output()), before);
}

// Edge cases: handled with a clear message, never a panic or a hang.

fn assert_no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.code == Some(0) || run.code == Some(1), "{run:?}");
}

#[test]
fn empty_md_file_is_a_clear_error() {
    let site = Site::good();
    site.write("content/doc/03-leeg.md", "");
    let run = site.build();
    assert_no_panic(&run);
    run.assert_content_error();
    let d = printed(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert_eq!(d[0].message, "the page has no front matter");
    assert_eq!(d[0].location.as_deref(), Some("content/doc/03-leeg.md:1:1"));
    assert!(d[0].hint.as_deref().unwrap().contains("title:"));
}

#[test]
fn blank_and_odd_front_matter_is_a_clear_error() {
    for (text, message) in [
        ("\n\n", "no front matter"),
        ("---\n", "not closed"),
        ("---\n---\n", "front matter is empty"),
        ("---\ntitle: \"\"\n---\n", "title is empty"),
        ("---\n- a\n- b\n---\n", "expected `key: value` lines, not a list"),
        ("---\ntitle: [a]\n---\n", "title must be text, not a list"),
    ] {
        let site = Site::good();
        site.write("content/doc/03-x.md", text);
        let run = site.build();
        assert_no_panic(&run);
        run.assert_content_error();
        let d = printed(&run.stderr);
        assert!(d.iter().any(|d| d.message.contains(message)), "{text:?}: {}", run.stderr);
        assert!(
            d.iter().all(|d| d.location.as_deref().is_some_and(|l| l.starts_with("content/doc/03-x.md:"))),
            "{text:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn front_matter_only_without_final_newline_builds() {
    let site = Site::good();
    site.write("content/doc/03-kort.md", "---\ntitle: Kort\n---");
    site.build_ok();
    assert!(site.path("output/doc/kort/index.html").is_file());
}

#[test]
fn crlf_and_byte_order_mark_are_accepted() {
    let site = Site::good();
    let text = format!("\u{feff}{}", TWEE.replace('\n', "\r\n"));
    site.write("content/doc/02-twee.md", text);
    site.build_ok();
    let twee = site.read("output/doc/twee/index.html");
    assert!(twee.contains("id=\"opdracht-1\""), "{twee}");
    assert!(twee.contains("id=\"2-2-bronnen\""));
}

#[test]
fn a_ten_megabyte_page_builds() {
    let site = Site::good();
    let mut text = String::from("---\ntitle: Groot\n---\n\n");
    let paragraph = "Ervaringsdeskundigheid is het vermogen om op basis van eigen herstelervaring \
                     ruimte te maken voor het herstel van anderen, zie [de achtergrond](@/doc/01-een.md#1-1-achtergrond).\n\n";
    let mut section = 0;
    while text.len() < 10 * 1024 * 1024 {
        if text.len() / (256 * 1024) >= section {
            section += 1;
            text.push_str(&format!("## Deel {section}\n\n"));
        }
        text.push_str(paragraph);
    }
    site.write("content/doc/03-groot.md", &text);
    let started = std::time::Instant::now();
    let run = site.build();
    run.assert_ok();
    eprintln!("10 MB page built in {:?}", started.elapsed());
    let html = std::fs::metadata(site.path("output/doc/groot/index.html")).unwrap();
    assert!(html.len() > 10 * 1024 * 1024, "{}", html.len());
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = Site::good();
    std::os::unix::fs::symlink("..", site.path("content/doc/lus")).unwrap();
    let run =
        run_timeout(&["build", "--quiet", "--root", site.root().to_str().unwrap()], std::time::Duration::from_secs(60));
    assert_no_panic(&run);
    run.assert_content_error();
    let d = printed(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert_eq!(d[0].location.as_deref(), Some("content/doc/lus"), "{}", run.stderr);
    assert!(d[0].message.contains("symbolic link"), "{}", run.stderr);
    assert!(!site.output().exists());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported() {
    let site = Site::good();
    std::os::unix::fs::symlink("nergens.md", site.path("content/doc/03-weg.md")).unwrap();
    let run = site.build();
    assert_no_panic(&run);
    run.assert_content_error();
    let d = printed(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert!(d[0].location.as_deref().unwrap().starts_with("content/doc/03-weg.md"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlinked_page_builds() {
    let site = Site::good();
    site.write("elders/03-drie.md", "---\ntitle: Drie\n---\n\nTekst.\n");
    std::os::unix::fs::symlink(site.path("elders/03-drie.md"), site.path("content/doc/03-drie.md")).unwrap();
    site.build_ok();
    assert!(site.path("output/doc/drie/index.html").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_named() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = Site::good();
    let name = OsStr::from_bytes(b"03-caf\xe9.md");
    std::fs::write(site.path("content/doc").join(name), "---\ntitle: Cafe\n---\n\nTekst.\n").unwrap();
    let run = site.build();
    assert_no_panic(&run);
    run.assert_content_error();
    let d = printed(&run.stderr);
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert!(d[0].message.contains("not valid UTF-8"), "{}", run.stderr);
    assert!(d[0].message.contains("content/doc/03-caf"), "{}", run.stderr);
    assert!(d[0].location.as_deref().unwrap().starts_with("content/doc/03-caf"), "{}", run.stderr);
    assert!(d[0].hint.as_deref().unwrap().contains("rename"), "{}", run.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_name_that_is_not_utf8_is_named() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = Site::good();
    let dir = site.path("content").join(OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), "---\ntitle: Cafe\n---\n").unwrap();
    let run = site.build();
    assert_no_panic(&run);
    run.assert_content_error();
    assert!(run.stderr.contains("content/caf"), "{}", run.stderr);
}

#[test]
fn ignored_files_do_not_become_pages() {
    let site = Site::good();
    site.write("content/README.md", "Geen front matter: dit is documentatie.");
    site.write("content/doc/_concept.md", "geen front matter");
    site.write("content/.verborgen/x.md", "geen front matter");
    site.write("content/doc/notities.txt", "geen Markdown");
    site.build_ok();
    let files = file_list(&site.output());
    assert!(
        !files.iter().any(|f| f.contains("readme")
            || f.contains("concept")
            || f.contains("verborgen")
            || f.contains("notities")),
        "{files:#?}"
    );
}

#[test]
fn two_files_published_at_the_same_address_are_an_error() {
    let site = Site::good();
    site.write("content/doc/03-een.md", "---\ntitle: Nog een\n---\n");
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("two pages would be published at doc/een/"), "{}", run.stderr);
}

/// A site without a summary card in site.yaml (the setting is optional).
/// Once failed: card.html needed card.document.
#[test]
fn a_site_without_a_summary_card_builds() {
    let site = Site::good();
    let yaml = &SITE_YAML[..SITE_YAML.find("summary_card:").unwrap()];
    site.write("site.yaml", yaml);
    site.build_ok();
}

#[test]
fn the_names_the_engine_gives_the_theme_are_english() {
    // The engine's own template names and filters are identifiers, so
    // English; only the reader's URLs (`colofon/`) stay Dutch.
    let site = Site::good();
    site.remove("themes/modulepers/templates/colophon.html");
    let run = site.build();
    run.assert_content_error();
    assert!(run.stderr.contains("missing template colophon.html"), "{}", run.stderr);

    let site = Site::good();
    site.write(
        "themes/modulepers/templates/colophon.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"date\">{{ \"2022-06-16\" | dutch_date }}</p>{% endblock main %}",
    );
    site.build_ok();
    let colophon = site.read("output/colofon/index.html");
    assert!(colophon.contains("<p id=\"date\">16 juni 2022</p>"), "{colophon}");
}
