//! The pages the build derives from the content: the summary card, the
//! audience pages, the exercise sheets and their print page, the backlinks,
//! and the links every page must carry. The shipped site is built once
//! (tests/support/shipped.rs) and read back as HTML; what each page should
//! hold is computed here from content/ independently of the build's code.

#[path = "support/html.rs"]
mod html;
#[path = "support/shipped.rs"]
mod shipped;

use html::{resolve_href, Element};
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------------------
// Reading content/ (independently of src/)

/// A block opened in a content file: `::: kind {attributes}`.
#[derive(Debug, Clone)]
struct Block {
    file: String,
    line: usize,
    kind: String,
    id: Option<String>,
    attrs: BTreeMap<String, String>,
    /// The id of the innermost enclosing block that has one.
    parent_id: Option<String>,
    /// The block's own lines (nested blocks' lines included).
    body: String,
}

/// Parses `{#id key="v a" key2=v flag}`.
fn parse_attrs(s: &str) -> (Option<String>, BTreeMap<String, String>) {
    let inner = s.trim().trim_start_matches('{').trim_end_matches('}');
    let mut id = None;
    let mut attrs = BTreeMap::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('#') {
            let end = r.find(char::is_whitespace).unwrap_or(r.len());
            id = Some(r[..end].to_string());
            rest = r[end..].trim_start();
            continue;
        }
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = rest[..key_end].to_string();
        rest = &rest[key_end..];
        if let Some(r) = rest.strip_prefix('=') {
            if let Some(r) = r.strip_prefix('"') {
                let end = r.find('"').expect("closing quote");
                attrs.insert(key, r[..end].to_string());
                rest = r[end + 1..].trim_start();
            } else {
                let end = r.find(char::is_whitespace).unwrap_or(r.len());
                attrs.insert(key, r[..end].to_string());
                rest = r[end..].trim_start();
            }
        } else {
            attrs.insert(key, String::new());
            rest = rest.trim_start();
        }
    }
    (id, attrs)
}

/// Every block of a document's content files, in reading order.
fn blocks(doc: &str) -> Vec<Block> {
    let mut out = vec![];
    for (file, _) in shipped::document_pages(doc) {
        let text = std::fs::read_to_string(shipped::root().join(&file)).unwrap();
        let mut stack: Vec<usize> = vec![]; // indexes into `out`
        let mut fence = false;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_end();
            if t.trim_start().starts_with("```") {
                fence = !fence;
            }
            if !fence && t == ":::" {
                stack.pop();
                continue;
            }
            if !fence {
                if let Some(rest) = t.strip_prefix("::: ") {
                    let rest = rest.trim();
                    let (kind, attrs) = match rest.find(char::is_whitespace) {
                        Some(p) => (&rest[..p], &rest[p..]),
                        None => (rest, ""),
                    };
                    let (id, attrs) = parse_attrs(attrs);
                    let parent_id = stack.iter().rev().find_map(|&k| out.get(k).and_then(|b: &Block| b.id.clone()));
                    out.push(Block {
                        file: file.clone(),
                        line: i + 1,
                        kind: kind.to_string(),
                        id,
                        attrs,
                        parent_id,
                        body: String::new(),
                    });
                    stack.push(out.len() - 1);
                    continue;
                }
            }
            for &k in &stack {
                out[k].body.push_str(line);
                out[k].body.push('\n');
            }
        }
    }
    out
}

/// The audience slugs of site.yaml, in order.
fn audience_slugs() -> Vec<String> {
    let text = std::fs::read_to_string(shipped::root().join("site.yaml")).unwrap();
    let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    v["audiences"]
        .as_sequence()
        .expect("audiences in site.yaml")
        .iter()
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .collect()
}

/// The recommendations of the generic module, in module order, with their
/// audiences.
fn recommendations() -> Vec<(String, Vec<String>)> {
    blocks("ervaringsdeskundigheid")
        .into_iter()
        .filter(|b| b.kind == "aanbeveling")
        .map(|b| {
            let id = b.id.clone().unwrap_or_else(|| panic!("{}:{}: aanbeveling without id", b.file, b.line));
            let aud = b.attrs.get("doelgroepen").map(String::as_str).unwrap_or("");
            (id, aud.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Reading the built site

fn page(rel: &str) -> Element {
    html::parse(&shipped::read(rel))
}

fn main_of(doc: &Element) -> &Element {
    doc.find(|e| e.is("main")).expect("page has a <main>")
}

/// Links of a subtree resolved against the page they are on: (target
/// page, fragment). External links are left out.
fn links(page_path: &str, e: &Element) -> Vec<(String, Option<String>)> {
    e.hrefs().into_iter().filter_map(|h| resolve_href(page_path, h)).collect()
}

fn heading_level(e: &Element) -> Option<u8> {
    match e.name.as_str() {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The part of a page an id names: for a heading, the heading and its
/// following siblings up to the next heading of the same or a higher
/// level; for anything else, the element itself.
fn section<'a>(root: &'a Element, id: &str) -> Option<Vec<&'a Element>> {
    fn find_parent<'a>(e: &'a Element, id: &str) -> Option<(&'a Element, usize)> {
        for (k, c) in e.elements().enumerate() {
            if c.id() == Some(id) {
                return Some((e, k));
            }
            if let Some(found) = find_parent(c, id) {
                return Some(found);
            }
        }
        None
    }
    let (parent, k) = find_parent(root, id)?;
    let kids: Vec<&Element> = parent.elements().collect();
    let target = kids[k];
    let Some(level) = heading_level(target) else { return Some(vec![target]) };
    let mut out = vec![target];
    for &sib in &kids[k + 1..] {
        if heading_level(sib).is_some_and(|l| l <= level) {
            break;
        }
        out.push(sib);
    }
    Some(out)
}

/// Every id in a list of subtrees.
fn ids_in(parts: &[&Element]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in parts {
        out.extend(p.id().map(str::to_string));
        out.extend(p.descendants().into_iter().filter_map(|d| d.id().map(str::to_string)));
    }
    out
}

/// The built page of a document on which an id is defined.
fn module_page_with_id(doc: &str, id: &str) -> Option<String> {
    shipped::document_pages(doc).into_iter().map(|(_, out)| out).find(|out| main_of(&page(out)).by_id(id).is_some())
}

fn norm_text(s: &str) -> String {
    html::collapse_ws(&s.replace(['\u{a0}', '\u{ad}'], " "))
}

// ---------------------------------------------------------------------------
// The summary card

#[test]
fn summary_card_holds_exactly_the_nine_key_recommendations_linked_to_their_place() {
    let card_path = "samenvattingskaart/index.html";
    let card = page(card_path);
    let main = main_of(&card);
    let kern: Vec<&Element> = main.find_all(|e| e.id().is_some_and(|i| i.starts_with("kernaanbeveling")));
    let ids: Vec<&str> = kern.iter().map(|e| e.id().unwrap()).collect();
    let expected: Vec<String> = (1..=9).map(|n| format!("kernaanbeveling-{n}")).collect();
    assert_eq!(ids, expected, "the card's key recommendations, in order");

    // The content agrees: nine blocks marked `kern`.
    let content_kern: Vec<String> = blocks("ervaringsdeskundigheid")
        .into_iter()
        .filter(|b| b.kind == "aanbeveling" && b.attrs.contains_key("kern"))
        .map(|b| b.id.unwrap())
        .collect();
    assert_eq!(content_kern, expected, "key recommendations in content/");

    for item in kern {
        let id = item.id().unwrap();
        let place = module_page_with_id("ervaringsdeskundigheid", id)
            .unwrap_or_else(|| panic!("{id} is on no page of the module"));
        let targets = links(card_path, item);
        assert!(
            targets.contains(&(place.clone(), Some(id.to_string()))),
            "card item {id} should link to {place}#{id}; it links to {targets:?}"
        );
        // The card quotes the module: its text is the recommendation's text.
        let module = page(&place);
        let block = main_of(&module).by_id(id).unwrap();
        let body = |e: &Element| {
            norm_text(&e.text_with(&|x| {
                x.has_class("block-label")
                    || x.has_class("crossref")
                    || x.has_class("source-link")
                    || x.attr("aria-hidden") == Some("true")
            }))
        };
        let card_text = body(item);
        let module_text = body(block);
        assert!(
            !card_text.is_empty() && module_text.contains(&card_text),
            "card item {id} should quote the module\n card:   {card_text}\n module: {module_text}"
        );
    }
}

// ---------------------------------------------------------------------------
// Audience pages

/// The recommendations an audience page shows, in page order, as the ids
/// they link to in the module, with the texts of the chapter (h2) and
/// section (h3) headings they are grouped under.
struct Shown {
    id: String,
    target_page: String,
    chapter: Option<String>,
    section: Option<String>,
}

fn shown_recommendations(path: &str, doc: &Element) -> Vec<Shown> {
    let main = main_of(doc);
    let mut out = vec![];
    let mut chapter = None;
    let mut section = None;
    let heading_text = |e: &Element| norm_text(&e.text_with(&|x| x.has_class("visually-hidden")));
    for e in main.descendants() {
        if e.is("h2") {
            chapter = Some(heading_text(e));
            section = None;
        } else if e.is("h3") {
            section = Some(heading_text(e));
        } else if e.has_class("aanbeveling") {
            let to_module: Vec<(String, Option<String>)> = links(path, e)
                .into_iter()
                .filter(|(p, f)| p.starts_with("ervaringsdeskundigheid/") && f.is_some())
                .collect();
            let (target_page, frag) = to_module
                .first()
                .cloned()
                .unwrap_or_else(|| panic!("{path}: a recommendation without a link to its place in the module"));
            out.push(Shown { id: frag.unwrap(), target_page, chapter: chapter.clone(), section: section.clone() });
        }
    }
    out
}

#[test]
fn each_audience_page_holds_exactly_its_recommendations_in_module_order() {
    let recs = recommendations();
    assert!(recs.len() >= 20, "read {} recommendations from content/", recs.len());
    let slugs = audience_slugs();
    for (id, auds) in &recs {
        for a in auds {
            assert!(slugs.contains(a), "{id}: unknown audience {a}");
        }
    }
    let mut problems = vec![];
    for slug in &slugs {
        let path = format!("doelgroepen/{slug}/index.html");
        let expected: Vec<&str> = recs.iter().filter(|(_, a)| a.contains(slug)).map(|(id, _)| id.as_str()).collect();
        let doc = page(&path);
        let shown = shown_recommendations(&path, &doc);
        let got: Vec<&str> = shown.iter().map(|s| s.id.as_str()).collect();
        if got != expected {
            problems.push(format!("{path}: shows {got:?}, expected {expected:?}"));
        }
        // Each sits under the chapter and the section that hold it: the
        // group headings read as the module's own headings.
        for s in &shown {
            let module = page(&s.target_page);
            let mmain = main_of(&module);
            if mmain.by_id(&s.id).is_none() {
                problems.push(format!("{path}: {} links to {} which has no such id", s.id, s.target_page));
                continue;
            }
            let title = mmain.find(|e| e.is("h1")).map(|h| norm_text(&h.text())).unwrap_or_default();
            if s.chapter.as_deref() != Some(title.as_str()) {
                problems.push(format!(
                    "{path}: {} (on {}, «{title}») is grouped under chapter {:?}",
                    s.id, s.target_page, s.chapter
                ));
            }
            let holds = |want: &str| {
                mmain.find_all(|h| heading_level(h).is_some_and(|l| l > 1)).into_iter().any(|h| {
                    norm_text(&h.text()) == want
                        && h.id()
                            .and_then(|hid| section(mmain, hid))
                            .is_some_and(|parts| ids_in(&parts).contains(&s.id))
                })
            };
            match &s.section {
                Some(t) if holds(t) => {}
                other => problems.push(format!(
                    "{path}: {} is grouped under section {other:?}, which is not a heading of {} holding it",
                    s.id, s.target_page
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

#[test]
fn audiences_without_recommendations_say_so_and_point_into_the_module() {
    let recs = recommendations();
    let empty: Vec<String> =
        audience_slugs().into_iter().filter(|s| !recs.iter().any(|(_, a)| a.contains(s))).collect();
    assert!(empty.contains(&"clienten".to_string()) && empty.contains(&"naasten".to_string()), "{empty:?}");
    for slug in empty {
        let path = format!("doelgroepen/{slug}/index.html");
        let doc = page(&path);
        let main = main_of(&doc);
        assert!(main.find(|e| e.has_class("aanbeveling")).is_none(), "{path} shows a recommendation");
        let text = main.text().to_lowercase();
        assert!(text.contains("geen aanbevelingen"), "{path} should say there are no recommendations: {text}");
        let into_module: Vec<(String, Option<String>)> =
            links(&path, main).into_iter().filter(|(p, _)| p.starts_with("ervaringsdeskundigheid/")).collect();
        assert!(!into_module.is_empty(), "{path} should link to the module");
        for (p, f) in into_module {
            let target = page(&p);
            if let Some(f) = f {
                assert!(main_of(&target).by_id(&f).is_some(), "{path} links to {p}#{f}, which does not exist");
            }
        }
    }
}

#[test]
fn the_audience_overview_links_to_every_audience_page() {
    let path = "doelgroepen/index.html";
    let doc = page(path);
    let targets: BTreeSet<String> = links(path, main_of(&doc)).into_iter().map(|(p, _)| p).collect();
    for slug in audience_slugs() {
        let want = format!("doelgroepen/{slug}/index.html");
        assert!(targets.contains(&want), "{path} should link to {want}");
    }
}

// ---------------------------------------------------------------------------
// Exercise sheets

fn assignments() -> Vec<Block> {
    let all = blocks("praktijkmodule-4");
    all.into_iter().filter(|b| b.kind == "opdracht").collect()
}

#[test]
fn seven_sheets_in_two_versions_linked_both_ways_with_the_module() {
    let ops = assignments();
    let ids: Vec<String> = ops.iter().map(|b| b.id.clone().unwrap()).collect();
    assert_eq!(ids, (1..=7).map(|n| format!("opdracht-{n}")).collect::<Vec<_>>());
    for id in &ids {
        let place = module_page_with_id("praktijkmodule-4", id).unwrap_or_else(|| panic!("{id} is on no module page"));
        let student = format!("opdrachten/{id}/index.html");
        let teacher = format!("opdrachten/{id}/docent/index.html");
        for sheet in [&student, &teacher] {
            let doc = page(sheet);
            let l = links(sheet, main_of(&doc));
            assert!(
                l.contains(&(place.clone(), Some(id.clone()))),
                "{sheet} should link back to {place}#{id}; it links to {l:?}"
            );
        }
        let module = page(&place);
        let block_links = links(&place, main_of(&module).by_id(id).unwrap());
        assert!(block_links.iter().any(|(p, _)| *p == student), "{place}#{id} should link to {student}");
        assert!(block_links.iter().any(|(p, _)| *p == teacher), "{place}#{id} should link to {teacher}");
    }
}

/// The text of a content block's body as it reads on a page: Markdown
/// emphasis and line breaks dropped.
fn plain(md: &str) -> String {
    norm_text(&md.replace(['*', '_', '\\'], " ").replace(" ,", ","))
}

#[test]
fn teacher_notes_are_on_the_teacher_version_only() {
    let all = blocks("praktijkmodule-4");
    let notes: Vec<&Block> = all.iter().filter(|b| b.kind == "docent").collect();
    assert!(
        notes.iter().any(|b| b.parent_id.as_deref() == Some("opdracht-2")),
        "opdracht-2 should have a teacher note in content/"
    );
    for note in notes {
        let id = note.parent_id.clone().expect("a docent block inside an opdracht");
        let text = plain(&note.body);
        assert!(text.len() > 20, "teacher note of {id}: {text}");
        let student = format!("opdrachten/{id}/index.html");
        let teacher = format!("opdrachten/{id}/docent/index.html");
        let teacher_text = norm_text(&main_of(&page(&teacher)).text());
        assert!(teacher_text.contains(&text), "{teacher} should hold the teacher note «{text}»");
        // Not on the student sheet in any form: not in its text, not in its
        // markup (hidden elements included).
        let student_html = shipped::read(&student);
        let student_text = norm_text(&html::parse(&student_html).text());
        assert!(!student_text.contains(&text), "{student} shows the teacher note «{text}»");
        let distinctive: String = text.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
        assert!(
            !norm_text(&student_html).contains(&distinctive),
            "{student} contains the teacher note «{distinctive}»"
        );
    }
}

#[test]
fn the_print_page_holds_all_fourteen_sheets() {
    let path = "opdrachten/afdrukken/index.html";
    let doc = page(path);
    let sheets: Vec<&Element> = main_of(&doc).find_all(|e| e.has_class("sheet"));
    assert_eq!(sheets.len(), 14, "{path} should hold 7 sheets × 2 versions");
    let ids: BTreeSet<&str> = sheets.iter().filter_map(|e| e.id()).collect();
    for n in 1..=7 {
        assert!(ids.contains(format!("opdracht-{n}").as_str()), "{path}: student sheet {n} missing: {ids:?}");
        let teachers = sheets
            .iter()
            .filter(|e| e.has_class("teacher") && e.id().is_some_and(|i| i.starts_with(&format!("opdracht-{n}-"))))
            .count();
        assert_eq!(teachers, 1, "{path}: teacher sheet {n}");
    }
}

// ---------------------------------------------------------------------------
// Backlinks

/// For every "Zie ook" aside (aside.backlinks): each page it names really
/// links to this page — into this section when the aside stands under a
/// section heading — from the part of that page the backlink names.
#[test]
fn every_backlink_points_at_a_page_that_links_here() {
    let mut problems = vec![];
    let mut count = 0;
    for p in shipped::html_files() {
        let doc = page(&p);
        let Some(main) = doc.find(|e| e.is("main")) else { continue };
        // Headings of the page's own structure: not those inside a nav (the
        // table of contents) or an aside.
        let furniture: Vec<*const Element> = main
            .find_all(|e| e.is("nav") || e.is("aside"))
            .into_iter()
            .flat_map(|e| e.descendants())
            .map(|d| d as *const Element)
            .collect();
        let mut heading: Option<&Element> = None;
        for e in main.descendants() {
            if heading_level(e).is_some() && !furniture.contains(&(e as *const Element)) {
                heading = Some(e);
            }
            if !(e.is("aside") && e.has_class("backlinks")) {
                continue;
            }
            // Which part of this page the aside is about.
            let here_ids: Option<BTreeSet<String>> = match heading {
                Some(h) if heading_level(h) != Some(1) => {
                    let hid = h.id().unwrap_or_else(|| panic!("{p}: a heading without id before a backlinks aside"));
                    Some(ids_in(&section(main, hid).unwrap()))
                }
                _ => None, // page level
            };
            for (q, qfrag) in links(&p, e) {
                count += 1;
                if !shipped::exists(&q) {
                    problems.push(format!("{p}: backlink to missing page {q}"));
                    continue;
                }
                let qdoc = page(&q);
                let qmain = main_of(&qdoc);
                let scope: Vec<&Element> = match &qfrag {
                    Some(f) => match section(qmain, f) {
                        Some(parts) => parts,
                        None => {
                            problems.push(format!("{p}: backlink to {q}#{f}, which does not exist"));
                            continue;
                        }
                    },
                    None => vec![qmain],
                };
                let back: Vec<(String, Option<String>)> =
                    scope.iter().flat_map(|s| links(&q, s)).filter(|(t, _)| *t == p).collect();
                let ok = match &here_ids {
                    None => !back.is_empty(),
                    Some(ids) => back.iter().any(|(_, f)| f.as_ref().is_some_and(|f| ids.contains(f))),
                };
                if !ok {
                    problems.push(format!(
                        "{p}: backlink under {:?} names {q}{}, which links here only as {back:?}",
                        heading.and_then(|h| h.id()),
                        qfrag.as_ref().map(|f| format!("#{f}")).unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(count > 10, "only {count} backlinks found in the site");
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

// ---------------------------------------------------------------------------
// Links on every page

#[test]
fn every_page_links_to_the_glossary_and_the_audience_overview() {
    assert!(shipped::exists("begrippen/index.html"), "the glossary page");
    let glossary = page("begrippen/index.html");
    assert!(
        main_of(&glossary).find_all(|e| e.has_class("begrip")).len() >= 5,
        "the glossary page should hold the begrip entries"
    );
    let mut problems = vec![];
    let files = shipped::html_files();
    assert!(files.len() > 40, "{} pages", files.len());
    for p in files {
        let doc = page(&p);
        // A page with <base href> resolves its links against the site root.
        let base_is_root = doc.find(|e| e.is("base")).is_some();
        let from = if base_is_root { "index.html".to_string() } else { p.clone() };
        let targets: BTreeSet<String> = links(&from, &doc).into_iter().map(|(t, _)| t).collect();
        for want in ["begrippen/index.html", "doelgroepen/index.html"] {
            if p != want && !targets.contains(want) {
                problems.push(format!("{p} does not link to {want}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

// ---------------------------------------------------------------------------
// Where the reader is

/// (resolved target, aria-current value) of every marked link on a page.
fn marked_links(path: &str, doc: &Element) -> Vec<(String, String)> {
    doc.find_all(|e| e.is("a") && e.attr("aria-current").is_some())
        .into_iter()
        .filter_map(|a| {
            let (target, _) = resolve_href(path, a.attr("href")?)?;
            Some((target, a.attr("aria-current")?.to_string()))
        })
        .collect()
}

/// The chapter page an exercise sheet comes from: the output page of the
/// content file that holds its `opdracht` block.
fn chapter_of_sheet(sheet: &str) -> Option<String> {
    let id = sheet.strip_prefix("opdrachten/")?.split('/').next()?;
    ["ervaringsdeskundigheid", "praktijkmodule-4"].iter().flat_map(|d| shipped::document_pages(d)).find_map(
        |(file, page)| {
            let text = std::fs::read_to_string(shipped::root().join(&file)).ok()?;
            (text.contains(&format!("{{#{id} ")) || text.contains(&format!("{{#{id}}}"))).then_some(page)
        },
    )
}

#[test]
fn navigation_marks_the_page_itself_and_the_sections_above_it() {
    let mut problems = vec![];
    let files = shipped::html_files();
    for p in files.iter().filter(|p| *p != "404.html") {
        let doc = page(p);
        let marked = marked_links(p, &doc);
        if !marked.iter().any(|(t, m)| t == p && m == "page") {
            problems.push(format!("{p}: no link to the page itself is marked aria-current=page"));
        }
        // Exactly the sections the page lies in (the folders above it that
        // are pages), and for an exercise sheet the chapter it comes from.
        let mut above: BTreeSet<String> = files
            .iter()
            .filter(|t| *t != p && t.ends_with("/index.html") && p.starts_with(t.trim_end_matches("index.html")))
            .cloned()
            .collect();
        above.extend(chapter_of_sheet(p));
        for (target, mark) in &marked {
            let ok = match mark.as_str() {
                "page" => target == p,
                "true" => above.contains(target),
                _ => false,
            };
            if !ok {
                problems.push(format!("{p}: link to {target} marked aria-current={mark}"));
            }
        }
        // The top menu marks one place at most: the section the page is in.
        if let Some(menu) = doc.find(|e| e.is("nav") && e.has_class("site-nav")) {
            let current: Vec<&str> = menu
                .find_all(|e| e.is("a") && e.attr("aria-current").is_some())
                .into_iter()
                .filter_map(|a| a.attr("href"))
                .collect();
            if current.len() > 1 {
                problems.push(format!("{p}: the top menu marks {} items: {current:?}", current.len()));
            }
        } else {
            problems.push(format!("{p}: no top menu (nav.site-nav)"));
        }
    }
    // The cases a reader sees most, spelled out.
    let chapter = shipped::document_pages("ervaringsdeskundigheid")[1].1.clone();
    let marked = marked_links(&chapter, &page(&chapter));
    for want in [("ervaringsdeskundigheid/index.html", "true"), (chapter.as_str(), "page")] {
        if !marked.iter().any(|(t, m)| t == want.0 && m == want.1) {
            problems.push(format!("{chapter}: {} should be marked {}", want.0, want.1));
        }
    }
    let sheet = "opdrachten/opdracht-2/index.html";
    let marked = marked_links(sheet, &page(sheet));
    let chapter_of_sheet = chapter_of_sheet(sheet).expect("opdracht-2 is in a chapter");
    for want in [("opdrachten/index.html", "true"), (chapter_of_sheet.as_str(), "true"), (sheet, "page")] {
        if !marked.iter().any(|(t, m)| t == want.0 && m == want.1) {
            problems.push(format!("{sheet}: {} should be marked {}", want.0, want.1));
        }
    }
    let audience = "doelgroepen/ervaringsdeskundigen/index.html";
    let marked = marked_links(audience, &page(audience));
    for want in [("doelgroepen/index.html", "true"), (audience, "page")] {
        if !marked.iter().any(|(t, m)| t == want.0 && m == want.1) {
            problems.push(format!("{audience}: {} should be marked {}", want.0, want.1));
        }
    }
    let home = marked_links("index.html", &page("index.html"));
    if home.iter().any(|(t, _)| t != "index.html") {
        problems.push(format!("the home page marks other pages: {home:?}"));
    }
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

// ---------------------------------------------------------------------------
// The test's own machinery

#[test]
fn content_blocks_are_read_with_their_nesting() {
    let (id, attrs) = parse_attrs(r#"{#opdracht-2 titel="Een titel" werkvorm=klas kern schrijfregels=12}"#);
    assert_eq!(id.as_deref(), Some("opdracht-2"));
    assert_eq!(attrs["titel"], "Een titel");
    assert_eq!(attrs["werkvorm"], "klas");
    assert_eq!(attrs["kern"], "");
    assert_eq!(attrs["schrijfregels"], "12");
    let all = blocks("praktijkmodule-4");
    let docent = all.iter().find(|b| b.kind == "docent").unwrap();
    assert_eq!(docent.parent_id.as_deref(), Some("opdracht-2"));
    assert!(!docent.body.contains(":::"));
    assert_eq!(resolve_href("a/b/index.html", "../../c/index.html#x"), Some(("c/index.html".into(), Some("x".into()))));
    assert_eq!(resolve_href("a/b/index.html", "#y"), Some(("a/b/index.html".into(), Some("y".into()))));
    assert_eq!(resolve_href("a/index.html", "https://example.org/"), None);

    let doc = html::parse(
        r##"<main><h2 id="a">A</h2><p id="p1">x <a href="#b">b</a></p><h3 id="a1">A1</h3><div id="r"></div>
<h2 id="b">B</h2><p id="p2">y</p></main>"##,
    );
    let main = main_of(&doc);
    let ids = ids_in(&section(main, "a").unwrap());
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a", "a1", "p1", "r"]);
    let ids = ids_in(&section(main, "a1").unwrap());
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a1", "r"]);
    assert_eq!(ids_in(&section(main, "p2").unwrap()).len(), 1);
    assert!(section(main, "zz").is_none());
}

// ---------------------------------------------------------------------------
// The accessibility statement

/// `contact:` from the shipped site.yaml: (email, response_working_days),
/// or None when it sets none.
fn configured_contact() -> Option<(String, String)> {
    let yaml = std::fs::read_to_string(shipped::root().join("site.yaml")).unwrap();
    let value = |key: &str| {
        yaml.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .find_map(|l| l.trim().strip_prefix(key)?.strip_prefix(':').map(|v| v.trim().to_string()))
    };
    Some((value("email")?, value("response_working_days")?))
}

#[test]
fn accessibility_statement_follows_the_dutch_model() {
    let doc = page("toegankelijkheid/index.html");
    let main = main_of(&doc);
    let text = html::collapse_ws(&main.text());
    let headings: Vec<String> =
        main.find_all(|e| e.is("h2") || e.is("h3")).iter().map(|h| html::collapse_ws(&h.text())).collect();
    let mut problems = vec![];
    // The parts of the model statement, in its order.
    let parts = ["Status", "Laatste controle", "Wat niet voldoet", "Een probleem melden", "Contactgegevens"];
    let mut at = 0;
    for part in parts {
        match headings.iter().skip(at).position(|h| h.starts_with(part)) {
            Some(i) => at += i + 1,
            None => problems.push(format!("no heading \"{part}…\" (in this order) among {headings:?}")),
        }
    }
    // The date of the last check, written out.
    let months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let section = text.split("Laatste controle").nth(1).unwrap_or("");
    let words: Vec<&str> = section.split(|c: char| c.is_whitespace() || c == '*').filter(|w| !w.is_empty()).collect();
    let is_number =
        |w: &str, len: std::ops::RangeInclusive<usize>| len.contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit());
    let dated = words.windows(3).any(|w| {
        is_number(w[0], 1..=2) && months.contains(&w[1]) && is_number(w[2].trim_end_matches([':', '.', ',']), 4..=4)
    });
    if !dated {
        problems.push("the \"Laatste controle\" section gives no date (day month year)".into());
    }
    // The contact comes from site.yaml, as a working mailto link, with the
    // answering time; until it is set, the statement says so.
    let mailtos = main.find_all(|e| e.is("a") && e.attr("href").is_some_and(|h| h.starts_with("mailto:"))).len();
    match configured_contact() {
        Some((email, days)) => {
            let mailto = format!("mailto:{email}");
            if !main.find_all(|e| e.is("a")).iter().any(|a| a.attr("href") == Some(mailto.as_str())) {
                problems.push(format!("no link to {mailto} (contact.email in site.yaml)"));
            }
            if !text.contains(&format!("binnen {days} werkdagen")) {
                problems.push(format!(
                    "the answering time \"binnen {days} werkdagen\" (contact.response_working_days) is not shown"
                ));
            }
        }
        None => {
            if !text.contains("Er is nog geen contactadres ingesteld") || mailtos > 0 {
                problems
                    .push("site.yaml sets no contact, but the statement does not say so (or offers an address)".into());
            }
        }
    }
    // Everything on the page is the editors' text, and says so first.
    let first_block = main.find(|e| e.has_class("block"));
    if !first_block.is_some_and(|b| b.has_class("redactie")) {
        problems.push("the statement does not open with a redactie note saying it is the editors' text".into());
    }
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}
