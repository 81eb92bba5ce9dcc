//! Faithfulness of the published text to its two sources.
//!
//! The test builds the shipped site (this repository's site.yaml, content/
//! and theme) into a temporary folder, takes the visible text of every page
//! of each document in reading order, and checks that every sentence of the
//! source text appears in it, in the source's order. The sources are the
//! test's own copies in tests/fixtures/sources/ (of shared/seeds/, which a
//! clean clone need not have next to it).
//!
//! Before the comparison the sources' known extraction damage is repaired
//! in code (see `prepare_generic` and `prepare_praktijk`), and both sides
//! are normalised the same way: whitespace, quotes (‘’“” → ' and "), dashes
//! (– — → -) and soft hyphens. What the theme adds to a page (navigation,
//! tables of contents, block labels, editorial notes and titles, backlinks,
//! links to exercise sheets) is left out of the site text, so the test sees
//! the source's sentences and nothing it could mistake for them.
//!
//! Every remaining difference between source and site is listed, with its
//! reason, in `REPAIRS`. A failure lists every missing or changed sentence
//! with its line in the source file.

#[path = "support/html.rs"]
mod html;
#[path = "support/shipped.rs"]
mod shipped;

use html::{Element, Node};
use shipped::document_pages;
use std::sync::OnceLock;

/// Differences between a source sentence and the site that are deliberate.
/// (source snippet, site snippet, reason). The source snippet is replaced by
/// the site snippet before the comparison; the test fails if a source
/// snippet no longer occurs in its source (a stale entry) or the site
/// snippet does not occur in the site. Snippets are compared after
/// normalisation (see `norm`).
///
/// The list is empty: the site publishes every source sentence word for
/// word. The repairs one might expect here need no entry:
/// - paragraphs cut at a page break ("Daardoor kunnen zij de" /
///   "symptomen een plaats …", "contractafpraak heeft met een" /
///   "zorgverzekeraar.", …): each half is a sentence of its own here and
///   must appear, in order, in the joined paragraph;
/// - the Reeves citation cut off after "Issues in": the completion is an
///   `<ins class="redactie">` and is left out of the site text like every
///   editorial addition, so the source's words still match;
/// - "Bron: Bron: " labels, lost `[text](#)` links, footnote remnants, the
///   Praktijkmodule's wrapping, bullets and page number: repaired in code
///   (`prepare_generic`, `prepare_praktijk`), because they are damage of the
///   extraction, not differences of the site.
///
/// Add an entry only for a real change of wording the editors stand behind.
const REPAIRS: &[(&str, &str, &str)] = &[];

fn fixture(name: &str) -> String {
    let p = shipped::root().join("tests/fixtures/sources").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

// ---------------------------------------------------------------------------
// Normalisation

/// The normal form both sides are compared in.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '‘' | '’' | '‚' | '‛' | '′' | '`' => out.push('\''),
            '“' | '”' | '„' | '‟' | '″' => out.push('"'),
            '–' | '—' | '‐' | '‑' | '‒' | '−' => out.push('-'),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => out.push(' '),
            c => out.push(c),
        }
    }
    html::collapse_ws(&out)
}

// ---------------------------------------------------------------------------
// Site text

/// Classes of elements the theme adds around the source text.
const ADDED_CLASSES: &[&str] = &[
    "block-label",
    "backlinks",
    "crossref",
    "sheet-links",
    "toc",
    "pager",
    "editorial-title",
    "redactie",
    "werkvorm",
    "footnote-reference",
    "footnote-definition-label",
    "skip-link",
    "breadcrumbs",
    "document-data",
    "screen-only",
    "page-kicker",
    "visually-hidden",
    "sr-only",
];

/// Removes from `e` what is not source text, in place. A voorbeeld's label
/// ("Voorbeeld: <title>") is kept: its title is the source's own heading of
/// the box. A figure's caption is moved after the figure's body, where the
/// source prints it.
fn strip_added(e: &mut Element) {
    let keep_label = e.has_class("voorbeeld");
    let mut kept = Vec::with_capacity(e.children.len());
    for child in std::mem::take(&mut e.children) {
        match child {
            Node::Element(mut c) => {
                let drop = matches!(c.name.as_str(), "nav" | "footer" | "script" | "style" | "template")
                    || (c.is("header") && c.find(|d| d.is("h1")).is_none())
                    || (ADDED_CLASSES.iter().any(|k| c.has_class(k)) && !(keep_label && c.has_class("block-label")));
                if !drop {
                    strip_added(&mut c);
                    kept.push(Node::Element(c));
                }
            }
            t => kept.push(t),
        }
    }
    if e.is("figure") {
        let (caps, rest): (Vec<Node>, Vec<Node>) =
            kept.into_iter().partition(|n| matches!(n, Node::Element(c) if c.is("figcaption")));
        kept = rest.into_iter().chain(caps).collect();
    }
    e.children = kept;
}

/// The visible source text of one built page: its <main>, less what the
/// theme adds.
fn page_text(html_text: &str) -> String {
    let doc = html::parse(html_text);
    let main = doc.find(|e| e.is("main")).expect("page has a <main>");
    let mut main = main.clone();
    strip_added(&mut main);
    norm(&main.text())
}

struct SiteDoc {
    text: String,
    /// (start offset in `text`, output path, is a numbered chapter) of each
    /// page.
    pages: Vec<(usize, String, bool)>,
}

impl SiteDoc {
    fn page_index(&self, pos: usize) -> usize {
        self.pages.partition_point(|(start, _, _)| *start <= pos).saturating_sub(1)
    }

    fn page_at(&self, pos: usize) -> &str {
        &self.pages[self.page_index(pos)].1
    }
}

fn site_document(doc: &str) -> SiteDoc {
    let out = shipped::output();
    let mut text = String::new();
    let mut pages = vec![];
    for (src, page) in document_pages(doc) {
        let path = out.join(&page);
        let html_text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{src} should be published as {page}: {e}"));
        let file = src.rsplit('/').next().unwrap();
        let chapter = file.starts_with(|c: char| c.is_ascii_digit());
        pages.push((text.len(), page, chapter));
        text.push_str(&page_text(&html_text));
        text.push(' ');
    }
    SiteDoc { text, pages }
}

// ---------------------------------------------------------------------------
// Source text, with its extraction damage repaired

/// A piece of source text and the line it starts on.
#[derive(Debug, Clone)]
struct Unit {
    line: usize,
    text: String,
    /// For text joined from several lines: (byte offset in `text`, line)
    /// where each later line starts.
    more_lines: Vec<(usize, usize)>,
}

impl Unit {
    fn new(line: usize, text: impl Into<String>) -> Unit {
        Unit { line, text: text.into(), more_lines: vec![] }
    }

    /// The source line of the text at `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.more_lines.iter().rev().find(|(o, _)| *o <= offset).map_or(self.line, |(_, l)| *l)
    }
}

/// `[text](#)` → text, `[Meer informatie](#)` → nothing: the link targets
/// were lost in the extraction (the site gives real targets or plain text).
fn strip_lost_links(s: &str) -> String {
    let s = s.replace("[Meer informatie](#)", "");
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](#)") else { break };
        let inner = &rest[open + 1..open + close];
        if inner.contains('[') || inner.contains(']') {
            out.push_str(&rest[..open + 1]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        out.push_str(inner);
        rest = &rest[open + close + 4..];
    }
    out.push_str(rest);
    out
}

/// "Bron: Bron: X" and "Bron: Bronnen: X" → X: the label is the theme's.
fn strip_bron_labels(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        if let Some(r) = s.strip_prefix("Bron:").or_else(|| s.strip_prefix("Bronnen:")) {
            s = r.trim_start();
        } else {
            return s;
        }
    }
}

/// A list item's enumerator or bullet ("1. ", "- ", "• ") — the site's
/// lists number and mark their items themselves.
fn strip_list_marker(s: &str) -> (&str, bool) {
    let t = s.trim_start();
    for b in ["- ", "• ", "•\t", "•"] {
        if let Some(r) = t.strip_prefix(b) {
            return (r.trim_start(), true);
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 {
        if let Some(r) = t[digits..].strip_prefix(". ") {
            return (r.trim_start(), true);
        }
    }
    (t, false)
}

/// The generic module: one paragraph per line. Repairs: the logo, the
/// "Deze pdf is gepubliceerd op …" line, the printed table of contents and
/// the repeated "Autorisatiedatum …" line are dropped (the date is shown
/// once, as document data); "Bron: Bron: " labels; lost `[text](#)` links;
/// footnote remnants ("ervaringen. : Zie o.a. …" → the note "Zie o.a. …",
/// which the site prints as a footnote after the paragraph). Paragraphs cut
/// at a page break need no repair: each half is checked in order.
fn prepare_generic(src: &str) -> Vec<Unit> {
    let lines: Vec<&str> = src.lines().collect();
    let pdf_line = lines.iter().position(|l| l.starts_with("Deze pdf is gepubliceerd op")).expect("pdf line");
    let toc_start = lines.iter().position(|l| l.trim() == "Inhoudsopgave").expect("TOC");
    let toc_end = lines.iter().position(|l| l.trim() == "1. Introductie").expect("chapter 1");
    assert!(pdf_line < toc_start && toc_start < toc_end);
    let mut units = vec![];
    for (i, raw) in lines.iter().enumerate() {
        if i <= pdf_line || (toc_start..toc_end).contains(&i) {
            continue;
        }
        let t = raw.trim();
        if t.is_empty() || t.starts_with("Autorisatiedatum ") {
            continue;
        }
        let t = strip_lost_links(t);
        let (t, _) = strip_list_marker(&t);
        let t = strip_bron_labels(t);
        // Footnote remnant: "<word>. : <note>".
        let t = match t.find(" : ") {
            Some(p) if !t[..p].contains(' ') => &t[p + 3..],
            _ => t,
        };
        let t = t.trim();
        if !t.is_empty() {
            units.push(Unit::new(i + 1, t));
        }
    }
    units
}

/// Praktijkmodule 4: hard-wrapped lines are joined into paragraphs; list
/// items (whose bullet glyph was lost, leaving a leading space, or which
/// kept a "•") start a unit of their own; the page number "138" is
/// dropped. The block labels are the theme's and are dropped: "Opdracht"
/// (a line of its own), "Docent: " and "Voorbeeld: " (the title after it is
/// the voorbeeld block's `titel` and is checked). A paragraph breaks where a
/// line ends a sentence or clause (. ; : ? !), where a short line without
/// such an end (a heading) is followed by a capitalised one, and around the
/// "Voorbeeld: …", "Blok …" and "Activiteiten" headings.
fn prepare_praktijk(src: &str) -> Vec<Unit> {
    let mut units: Vec<Unit> = vec![];
    let mut cur: Option<Unit> = None;
    let mut prev_line = String::new();
    let heading_like = |l: &str| l.starts_with("Voorbeeld:") || l == "Activiteiten" || l.starts_with("Blok ");
    for (i, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line == "138" {
            continue;
        }
        if line == "Opdracht" {
            units.extend(cur.take());
            prev_line = line.to_string();
            continue;
        }
        let leading_space = raw.starts_with(' ') || raw.starts_with('\t');
        let (t, marker) = strip_list_marker(line);
        let (t, label) = match t.strip_prefix("Docent:").or_else(|| t.strip_prefix("Voorbeeld:")) {
            Some(r) => (r.trim_start(), true),
            None => (t, false),
        };
        let starts_upper = t.chars().next().is_some_and(char::is_uppercase);
        let prev_terminal = prev_line.ends_with(['.', ';', ':', '?', '!']);
        let new_unit = cur.is_none()
            || leading_space
            || marker
            || label
            || prev_terminal
            || (starts_upper && prev_line.chars().count() < 60)
            || heading_like(line)
            || heading_like(&prev_line);
        if new_unit {
            units.extend(cur.take());
            cur = Some(Unit::new(i + 1, norm(t)));
        } else {
            let u = cur.as_mut().unwrap();
            // A word broken at the line end ("ziekte-" / "inzicht") is joined
            // without a space.
            if !u.text.ends_with(['-', '–']) {
                u.text.push(' ');
            }
            u.more_lines.push((u.text.len(), i + 1));
            u.text.push_str(&norm(t));
        }
        prev_line = line.to_string();
    }
    units.extend(cur);
    units
}

/// Splits a unit into sentences: after . ? or ! followed by a space and
/// anything but a lower-case letter.
fn sentences(u: &Unit) -> Vec<Unit> {
    let text = &u.text;
    let mut out = vec![];
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len() {
        let (p, c) = chars[k];
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let Some(&(_, next)) = chars.get(k + 1) else { continue };
        if next != ' ' {
            continue;
        }
        let Some(&(_, after)) = chars.get(k + 2) else { continue };
        if after.is_lowercase() {
            continue;
        }
        let end = p + c.len_utf8();
        let s = text[start..end].trim();
        if !s.is_empty() {
            out.push(Unit::new(u.line_at(start + (text[start..end].len() - text[start..end].trim_start().len())), s));
        }
        start = end;
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(Unit::new(u.line_at(start + (text[start..].len() - text[start..].trim_start().len())), s));
    }
    out
}

// ---------------------------------------------------------------------------
// Alignment

/// Finds the longest-weighted chain of sentences that occur in `text` in
/// order (each after the end of the previous one), choosing among all
/// occurrences of each. Returns, per sentence, its matched offset or None.
fn align(sents: &[Unit], text: &str) -> Vec<Option<usize>> {
    struct NodeRec {
        sent: usize,
        start: usize,
        score: u64,
        parent: Option<usize>,
    }
    // Fenwick tree over end offsets, holding (best score, node index).
    let n = text.len() + 2;
    let mut fen: Vec<(u64, usize)> = vec![(0, usize::MAX); n + 1];
    fn update(fen: &mut [(u64, usize)], mut i: usize, v: (u64, usize)) {
        i += 1;
        while i < fen.len() {
            if v.0 > fen[i].0 {
                fen[i] = v;
            }
            i += i & i.wrapping_neg();
        }
    }
    fn query(fen: &[(u64, usize)], i: usize) -> (u64, usize) {
        let mut i = i + 1;
        let mut best = (0, usize::MAX);
        while i > 0 {
            if fen[i].0 > best.0 {
                best = fen[i];
            }
            i -= i & i.wrapping_neg();
        }
        best
    }
    let mut nodes: Vec<NodeRec> = vec![];
    for (si, s) in sents.iter().enumerate() {
        let weight = s.text.chars().count() as u64;
        let occ: Vec<usize> = text.match_indices(s.text.as_str()).map(|(p, _)| p).take(500).collect();
        let mut fresh = vec![];
        for start in occ {
            let (best, parent) = query(&fen, start);
            nodes.push(NodeRec {
                sent: si,
                start,
                score: best + weight,
                parent: (parent != usize::MAX).then_some(parent),
            });
            fresh.push((start + s.text.len(), nodes.len() - 1));
        }
        for (end, idx) in fresh {
            update(&mut fen, end, (nodes[idx].score, idx));
        }
    }
    let mut result = vec![None; sents.len()];
    let mut cur = nodes.iter().enumerate().max_by_key(|(_, r)| r.score).map(|(i, _)| i);
    while let Some(i) = cur {
        result[nodes[i].sent] = Some(nodes[i].start);
        cur = nodes[i].parent;
    }
    result
}

fn context(text: &str, pos: usize, len: usize) -> String {
    let mut a = pos.min(text.len());
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (pos + len).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    text[a..b].to_string()
}

/// Where a sentence that was not found seems to have gone: the longest
/// start of it found after `from` in the site, and what the site says there.
fn hint(s: &str, site: &SiteDoc, from: usize) -> String {
    if let Some(p) = site.text.find(s) {
        return format!("present, but out of order (on {})", site.page_at(p));
    }
    let window_end = (from + 20_000).min(site.text.len());
    let mut from = from.min(site.text.len());
    while !site.text.is_char_boundary(from) {
        from -= 1;
    }
    let mut window_end = window_end;
    while !site.text.is_char_boundary(window_end) {
        window_end += 1;
    }
    let window = &site.text[from..window_end];
    let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let (mut lo, mut hi) = (0usize, cuts.len() - 1);
    // Binary search the longest prefix (in chars) present in the window.
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if window.contains(&s[..cuts[mid]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix = &s[..cuts[lo]];
    if lo >= 12 {
        let p = from + window.find(prefix).unwrap();
        format!("site has on {}: «{}»", site.page_at(p), context(&site.text, p, s.len() + 30))
    } else {
        "not found in the site".to_string()
    }
}

/// Applies the REPAIRS to the units of one source; returns which repairs
/// were used.
fn apply_repairs(units: &mut [Unit], used: &mut [bool]) {
    for u in units.iter_mut() {
        for (k, (from, to, _)) in REPAIRS.iter().enumerate() {
            let from = norm(from);
            if u.text.contains(&from) {
                u.text = u.text.replace(&from, &norm(to));
                used[k] = true;
            }
        }
    }
}

/// What comparing one source with one document found.
struct Comparison {
    /// Source sentences missing from the site, or changed.
    missing: Vec<String>,
    /// Text on chapter pages that no source sentence accounts for and that
    /// is not marked as editorial.
    added: Vec<String>,
}

/// Compares one source with one document.
fn compare(label: &str, units: Vec<Unit>, site: &SiteDoc, used: &mut [bool]) -> Comparison {
    // Normalising again keeps the offsets of text normalised already (the
    // Praktijkmodule's joined lines).
    let mut units: Vec<Unit> = units.into_iter().map(|u| Unit { text: norm(&u.text), ..u }).collect();
    apply_repairs(&mut units, used);
    let sents: Vec<Unit> =
        units.iter().flat_map(sentences).filter(|s| s.text.chars().any(char::is_alphanumeric)).collect();
    assert!(sents.len() > 100, "{label}: only {} sentences read from the source", sents.len());
    let found = align(&sents, &site.text);
    if std::env::var_os("FAITHFUL_DEBUG").is_some() {
        for (s, f) in sents.iter().zip(&found) {
            eprintln!("{label}:{} {:?} «{}»", s.line, f, s.text);
        }
    }
    let mut missing = vec![];
    let mut last_end = 0;
    for (s, f) in sents.iter().zip(&found) {
        match f {
            Some(p) => last_end = p + s.text.len(),
            None => missing.push(format!(
                "{label}:{}: missing or changed: «{}»\n      {}",
                s.line,
                s.text,
                hint(&s.text, site, last_end)
            )),
        }
    }

    // The site text the matched sentences leave uncovered, page by page.
    let mut covered: Vec<(usize, usize)> =
        sents.iter().zip(&found).filter_map(|(s, f)| f.map(|p| (p, p + s.text.len()))).collect();
    covered.sort();
    let mut gaps = vec![];
    let mut at = 0;
    for (a, b) in covered.into_iter().chain([(site.text.len(), site.text.len())]) {
        let mut g = at;
        while g < a {
            let page = site.page_index(g);
            let page_end = site.pages.get(page + 1).map_or(site.text.len(), |p| p.0).min(a);
            gaps.push((page, &site.text[g..page_end]));
            g = page_end;
        }
        at = at.max(b);
    }
    let added = gaps
        .into_iter()
        .filter(|(page, gap)| {
            site.pages[*page].2 && gap.split_whitespace().count() >= ADDITION_WORDS && !gap.contains("redactie")
        })
        .map(|(page, gap)| format!("{label}: on {}: text not in the source: «{}»", site.pages[page].1, gap.trim()))
        .collect();
    Comparison { missing, added }
}

/// A stretch of this many words or more on a chapter page that is not
/// source text must be marked as editorial. (Shorter ones are the theme's:
/// chapter numbers, the document's name above the title.)
const ADDITION_WORDS: usize = 6;

struct Results {
    generic: SiteDoc,
    praktijk: SiteDoc,
    comparisons: Vec<Comparison>,
    used: Vec<bool>,
}

fn results() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        let mut used = vec![false; REPAIRS.len()];
        let generic = site_document("ervaringsdeskundigheid");
        let units = prepare_generic(&fixture("000_a653e87766171c9b.txt"));
        let c1 = compare("000_a653e87766171c9b.txt", units, &generic, &mut used);
        let praktijk = site_document("praktijkmodule-4");
        let units = prepare_praktijk(&fixture("004_6ea1c5480e660ab8.txt"));
        let c2 = compare("004_6ea1c5480e660ab8.txt", units, &praktijk, &mut used);
        Results { generic, praktijk, comparisons: vec![c1, c2], used }
    })
}

#[test]
fn every_source_sentence_is_published_in_order() {
    let r = results();
    let mut problems: Vec<String> = r.comparisons.iter().flat_map(|c| c.missing.iter().cloned()).collect();
    for (k, (from, to, why)) in REPAIRS.iter().enumerate() {
        if !r.used[k] {
            problems.push(format!("REPAIRS entry no longer matches its source: «{from}» ({why})"));
        }
        let to = norm(to);
        if !to.is_empty() && !r.generic.text.contains(&to) && !r.praktijk.text.contains(&to) {
            problems.push(format!("REPAIRS entry's site text is not in the site: «{to}» ({why})"));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// Nothing is added to the source's chapters as if it were theirs: text on
/// a chapter page that no source sentence accounts for is editorial, and
/// marked so (a `::: redactie` block, `<ins>`, a caption "van de redactie").
#[test]
fn chapters_add_nothing_unmarked_to_the_source() {
    let r = results();
    let problems: Vec<String> = r.comparisons.iter().flat_map(|c| c.added.iter().cloned()).collect();
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// The fixtures are copies of shared/seeds/: where that folder is beside
/// the repository (a developer's machine, CI), they must not have drifted.
/// Without it the test has nothing to compare and passes.
#[test]
fn fixtures_are_the_shared_source_texts() {
    let seeds = shipped::root().join("../shared/seeds");
    for name in ["000_a653e87766171c9b.txt", "004_6ea1c5480e660ab8.txt"] {
        let Ok(shared) = std::fs::read(seeds.join(name)) else { continue };
        let ours = std::fs::read(shipped::root().join("tests/fixtures/sources").join(name)).unwrap();
        assert!(ours == shared, "tests/fixtures/sources/{name} differs from shared/seeds/{name}: copy it again");
    }
}

// ---------------------------------------------------------------------------
// The test's own machinery

#[test]
fn sentence_splitting_and_repairs_work() {
    let u = Unit::new(7, "Een zin. Nog een, o.a. hier? Ja! e.a. (2019) Slot");
    let s: Vec<String> = sentences(&u).into_iter().map(|u| u.text).collect();
    assert_eq!(s, ["Een zin.", "Nog een, o.a. hier?", "Ja! e.a.", "(2019) Slot"]);
    assert_eq!(strip_lost_links("zie [Psychose](#), [A b](#).[Meer informatie](#)"), "zie Psychose, A b.");
    assert_eq!(strip_bron_labels("Bron: Bronnen: Van Erp (2008)"), "Van Erp (2008)");
    assert_eq!(norm("‘a’ “b” c–d\u{ad}e\u{a0} f"), "'a' \"b\" c-de f");
    let g = prepare_generic(
        "GGZ\n\nDeze pdf is gepubliceerd op x\n\nInhoudsopgave\n\n1. Introductie\t4\n\n1. Introductie\n\nAutorisatiedatum 1\n\n\
         Tekst met de\n\nwoorden. : Zie noot\n- item [x](#)\n",
    );
    let g: Vec<(usize, String)> = g.into_iter().map(|u| (u.line, u.text)).collect();
    assert_eq!(
        g,
        [(9, "Introductie".into()), (13, "Tekst met de".into()), (15, "Zie noot".into()), (16, "item x".into())]
    );
    let p = prepare_praktijk(
        "Kop \n \nEen zin die \ndoorloopt. \n Lijstitem met \n\nvervolg; \nOpdracht \n \nDocent: doe iets. \n138 \nziekte-\ninzicht \n\
         Voorbeeld: Een titel \nEen tekst die verder \nGaat na een lange regel van meer dan zestig tekens zonder punt \nAan het eind.\n",
    );
    let p: Vec<String> = p.into_iter().map(|u| u.text).collect();
    assert_eq!(
        p,
        [
            "Kop",
            "Een zin die doorloopt.",
            "Lijstitem met vervolg;",
            "doe iets.",
            "ziekte-inzicht",
            "Een titel",
            "Een tekst die verder",
            "Gaat na een lange regel van meer dan zestig tekens zonder punt Aan het eind."
        ]
    );
}

#[test]
fn alignment_takes_the_longest_chain() {
    let text = "b a b c d";
    let s = |t: &str| Unit::new(1, t);
    let found = align(&[s("a"), s("b"), s("x"), s("c d")], text);
    assert_eq!(found, [Some(2), Some(4), None, Some(6)]);
}

#[test]
fn site_text_leaves_out_what_the_theme_adds() {
    let page = r##"<html><body><header class="site-header"><a>Site</a><nav>Menu</nav></header>
<main id="inhoud"><article><h1><span class="number">3.</span> Titel</h1>
<nav class="toc"><h2>Op deze pagina</h2></nav>
<aside class="backlinks"><span class="label">Zie ook</span></aside>
<p>Een &amp; twee<sup class="footnote-reference"><a href="#n">1</a></sup> drie&#x2F;vier.</p>
<div class="footnote-definition" id="n"><sup class="footnote-definition-label">1</sup><p>Noot.</p></div>
<div class="block bron"><span class="block-label">Bron:</span> <p>X (2015), Issues in <ins class="redactie">Y</ins></p></div>
<aside class="block voorbeeld"><p class="block-label">Voorbeeld: <strong>Kop</strong></p><p>Tekst.</p></aside>
<div class="block opdracht"><p class="block-label">Opdracht 1<span class="editorial-title"> · T</span></p><p class="werkvorm">W</p><p>Doe.</p>
<p class="sheet-links">Opdrachtblad</p></div>
<figure class="block figuur"><figcaption>Figuur 1. Kop</figcaption><table><tr><td>a</td><td>28</td></tr></table></figure>
<aside class="block redactie"><p>Noot van de redactie</p></aside>
</article></main><footer>Voet</footer></body></html>"##;
    assert_eq!(
        page_text(page),
        "3. Titel Een & twee drie/vier. Noot. X (2015), Issues in Voorbeeld: Kop Tekst. Doe. a 28 Figuur 1. Kop"
    );
}
