//! Faithfulness of the published text to its two sources.
//!
//! The test builds the shipped site (this repository's site.yaml, content/
//! and theme) into a temporary folder, takes the visible text of every page
//! of each document in reading order, and checks that every sentence of the
//! source text appears in it, in the source's order, starting and ending on
//! word boundaries. The sources are the test's own copies in
//! tests/fixtures/sources/ (of shared/seeds/, which a clean clone need not
//! have next to it).
//!
//! Before the comparison the sources' known extraction damage is repaired
//! in code (see `prepare_generic` and `prepare_praktijk`), and both sides
//! are normalised the same way: whitespace, quotes (‘’“” → ' and "), dashes
//! (– — → -) and soft hyphens. The source's wording itself is never
//! changed: there is no list of accepted differences.
//!
//! Left out of the site text: the theme's furniture (navigation, tables of
//! contents, labels naming a block, note numbers; `THEME_CLASSES`) and every
//! element marked as the editors' (class `redactie`; `EDITORIAL`). Whatever
//! else is on a chapter page must be a source sentence: any other text, a
//! single word or full stop included, is reported as an unmarked addition.
//!
//! Pages outside the documents that quote the source (glossary, summary
//! card, exercise sheets, recommendations per audience) are checked too:
//! every sentence they quote must be in the source, word for word.
//!
//! A failure names the content file and line to fix first, then the source
//! line and what the site says instead.

#[path = "support/html.rs"]
mod html;
#[path = "support/locate.rs"]
mod locate;
#[path = "support/shipped.rs"]
mod shipped;

use html::{Element, Node};
use shipped::document_pages;
use std::sync::OnceLock;

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

/// The one class that marks an element as the editors' text (a `::: redactie`
/// note, an `<ins>` completion, an assignment's title, a werkvorm line, a
/// caption, a "Zie ook" note): its text is left out, and it is the only
/// way text that is not the source's may stand in the source's place.
const EDITORIAL: &str = "redactie";

/// Classes of the theme's furniture around the text: navigation, labels
/// that name a block ("Aanbeveling", "Opdracht 3"), note numbers, text for
/// screen readers only. None of it can carry a sentence of its own.
const THEME_CLASSES: &[&str] = &[
    "block-label",
    "crossref",
    "source-link",
    "sheet-links",
    "toc",
    "pager",
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
                    || (e.is("h1") && c.has_class("number"))
                    || c.has_class("block-kind")
                    || c.has_class(EDITORIAL)
                    || (THEME_CLASSES.iter().any(|k| c.has_class(k)) && !(keep_label && c.has_class("block-label")));
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
    pages: Vec<SitePage>,
}

/// One page of a document within `SiteDoc::text`.
struct SitePage {
    /// Offset of the page's text in `SiteDoc::text`.
    start: usize,
    /// Output path, e.g. `ervaringsdeskundigheid/inleiding/index.html`.
    out: String,
    /// The content file it is made from, e.g. `content/…/03-inleiding.md`.
    src: String,
    /// A numbered chapter (not the front page or the list of sources).
    chapter: bool,
}

impl SiteDoc {
    fn page_index(&self, pos: usize) -> usize {
        self.pages.partition_point(|p| p.start <= pos).saturating_sub(1)
    }

    fn page_at(&self, pos: usize) -> &str {
        &self.pages[self.page_index(pos)].out
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
        pages.push(SitePage { start: text.len(), out: page, src, chapter });
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
        let occ: Vec<usize> = text
            .match_indices(s.text.as_str())
            .map(|(p, _)| p)
            .filter(|&p| on_word_boundaries(text, p, &s.text))
            .take(500)
            .collect();
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

/// Whether `needle`, found at `at` in `text`, starts and ends on word
/// boundaries: a sentence found inside a longer word ("desymptomen" holding
/// "symptomen") is not found.
fn on_word_boundaries(text: &str, at: usize, needle: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = text[..at].chars().next_back();
    let after = text[at + needle.len()..].chars().next();
    let glued_before = alnum(needle.chars().next()) && alnum(before);
    let glued_after = alnum(needle.chars().next_back()) && alnum(after);
    !glued_before && !glued_after
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

/// What comparing one source with one document found.
struct Comparison {
    /// Source sentences missing from the site, or changed.
    missing: Vec<String>,
    /// Text on chapter pages that no source sentence accounts for and that
    /// is not marked as editorial.
    added: Vec<String>,
}

/// Compares one source with one document.
fn compare(label: &str, units: &[Unit], site: &SiteDoc) -> Comparison {
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
            None => {
                // The content line to fix: where the site says something
                // like the sentence, on the page the sentence belongs to.
                let page = &site.pages[site.page_index(last_end)];
                let place = locate::locate(content(), Some(&page.src), &s.text)
                    .unwrap_or_else(|| format!("{} (near the text of the previous sentence)", page.src));
                missing.push(format!(
                    "{place}: source sentence {label}:{} missing or changed: «{}»\n      {}",
                    s.line,
                    s.text,
                    hint(&s.text, site, last_end)
                ))
            }
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
            let page_end = site.pages.get(page + 1).map_or(site.text.len(), |p| p.start).min(a);
            gaps.push((page, g, page_end));
            g = page_end;
        }
        at = at.max(b);
    }
    // Any text at all, however short (a word, a full stop), that no source
    // sentence accounts for and that is not inside an element marked
    // editorial (which `page_text` left out) is an unmarked addition.
    let added = gaps
        .into_iter()
        .filter(|&(page, a, b)| site.pages[page].chapter && !site.text[a..b].trim().is_empty())
        .map(|(page, a, b)| {
            let p = &site.pages[page];
            let gap = site.text[a..b].trim();
            let before = words_before(&site.text[p.start..a], 6);
            let after = words_after(&site.text[b..], 4);
            // A gap long enough to be found by itself is looked for alone:
            // its neighbours are source text, found in any case.
            let place = if gap.chars().count() >= 8 {
                locate::locate(content(), Some(&p.src), gap)
            } else {
                locate::locate(content(), Some(&p.src), &format!("{before} {gap}"))
                    .or_else(|| locate::locate(content(), Some(&p.src), &format!("{gap} {after}")))
            }
            .unwrap_or_else(|| format!("{NOT_IN_CONTENT}; the page is made from {}", p.src));
            format!(
                "{place}: text not in the source and not marked as editorial (on {}): «{gap}»\n      \
                 in «…{before} [{gap}] {after}…»; remove it, or mark it as the editors' (::: redactie, <ins>)",
                p.out
            )
        })
        .collect();
    Comparison { missing, added }
}

/// The last `n` words of `text`.
fn words_before(text: &str, n: usize) -> String {
    let w: Vec<&str> = text.split_whitespace().collect();
    w[w.len().saturating_sub(n)..].join(" ")
}

/// The first `n` words of `text`.
fn words_after(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Where text that no content file holds comes from.
const NOT_IN_CONTENT: &str = "themes/modulepers/templates/ or site.yaml (no content file has it)";

/// The content files, read once, for naming the line to fix.
fn content() -> &'static [locate::ContentFile] {
    static C: OnceLock<Vec<locate::ContentFile>> = OnceLock::new();
    C.get_or_init(|| locate::content_files(shipped::root(), norm))
}

struct Results {
    comparisons: Vec<Comparison>,
    /// Both sources, repaired, as one text: what quotations are checked
    /// against.
    corpus: Corpus,
}

/// The repaired source texts, each unit followed by a space, with where
/// each unit starts, so a quotation can be found across a former page
/// break and its nearest source line named.
struct Corpus {
    text: String,
    /// (offset in `text`, source file, line).
    units: Vec<(usize, &'static str, usize)>,
}

impl Corpus {
    fn new(sources: &[(&'static str, &[Unit])]) -> Corpus {
        let mut c = Corpus { text: String::new(), units: vec![] };
        for (label, units) in sources {
            for u in *units {
                c.units.push((c.text.len(), label, u.line));
                c.text.push_str(&u.text);
                c.text.push(' ');
            }
            // Never let a quotation run from one source into the other.
            c.text.push_str("\u{1} ");
        }
        c
    }

    /// Whether `sentence` is in the sources, on word boundaries.
    fn contains(&self, sentence: &str) -> bool {
        self.text.match_indices(sentence).any(|(p, _)| on_word_boundaries(&self.text, p, sentence))
    }

    /// The source line of the longest start of `sentence` found, and that
    /// start.
    fn nearest(&self, sentence: &str) -> Option<(String, String)> {
        let cuts: Vec<usize> = sentence.char_indices().map(|(i, _)| i).chain([sentence.len()]).collect();
        let (mut lo, mut hi) = (0usize, cuts.len() - 1);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.text.contains(&sentence[..cuts[mid]]) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo < 12 {
            return None;
        }
        let p = self.text.find(&sentence[..cuts[lo]])?;
        let (start, label, line) = self.units[self.units.partition_point(|u| u.0 <= p) - 1];
        let _ = start;
        Some((format!("{label}:{line}"), context(&self.text, p, sentence.len() + 30)))
    }
}

fn results() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        // Normalising the units again keeps the offsets of text normalised
        // already (the Praktijkmodule's joined lines).
        let normed =
            |units: Vec<Unit>| -> Vec<Unit> { units.into_iter().map(|u| Unit { text: norm(&u.text), ..u }).collect() };
        let (g, p) = ("000_a653e87766171c9b.txt", "004_6ea1c5480e660ab8.txt");
        let generic_units = normed(prepare_generic(&fixture(g)));
        let praktijk_units = normed(prepare_praktijk(&fixture(p)));
        let c1 = compare(g, &generic_units, &site_document("ervaringsdeskundigheid"));
        let c2 = compare(p, &praktijk_units, &site_document("praktijkmodule-4"));
        let corpus = Corpus::new(&[(g, &generic_units), (p, &praktijk_units)]);
        Results { comparisons: vec![c1, c2], corpus }
    })
}

#[test]
fn every_source_sentence_is_published_in_order() {
    let r = results();
    let problems: Vec<String> = r.comparisons.iter().flat_map(|c| c.missing.iter().cloned()).collect();
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// The print edition of a document as a `SiteDoc`: the text of its tagged
/// structure (`pdfinfo -struct-text`), in the order a screen reader reads
/// it. That is the reading order the PDF declares, footnotes standing where
/// they are referenced; running heads and page numbers are artifacts,
/// outside the structure. (Added text is not looked for: the PDF is made
/// from the same model as the pages, which `chapters_add_nothing_unmarked…`
/// checks.)
#[cfg(feature = "pdf")]
fn pdf_document(file: &str) -> SiteDoc {
    let path = shipped::output().join(file);
    let out = std::process::Command::new("pdfinfo")
        .args(["-struct-text", "-enc", "UTF-8"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo is needed (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "pdfinfo -struct-text {file}: {}", String::from_utf8_lossy(&out.stderr));
    // Text is UTF-8 (`-enc`); an element's title is printed as its raw
    // bytes, which only element lines hold.
    let tree = String::from_utf8_lossy(&out.stdout);
    // Quoted lines are text, one per laid-out line; every other line opens
    // an element, gives an attribute or names an annotation. Text of two
    // block elements is separated, the lines and inline parts of one are
    // not. Labels (a list item's bullet, a footnote's number) are left
    // out, as the web edition's text leaves out its list markers.
    let mut text = String::new();
    let mut label_depth: Option<usize> = None;
    for raw in tree.lines() {
        let depth = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if label_depth.is_some_and(|d| depth <= d) {
            label_depth = None;
        }
        if let Some(quoted) = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            if label_depth.is_none() {
                text.push_str(quoted);
            }
        } else if line.starts_with("Lbl ") {
            label_depth = label_depth.or(Some(depth));
        } else if !line.starts_with('/') && !line.starts_with("Object ") && !line.contains("(inline)") {
            text.push(' ');
        }
    }
    assert!(text.len() > 10_000, "{file}: only {} bytes of tagged text:\n{tree}", text.len());
    let page = SitePage { start: 0, out: file.to_string(), src: file.to_string(), chapter: false };
    SiteDoc { text: norm(&text), pages: vec![page] }
}

/// The print edition of each document holds every sentence of its source,
/// in its reading order, like the web edition.
#[cfg(feature = "pdf")]
#[test]
fn every_source_sentence_is_in_the_print_edition_in_order() {
    let normed =
        |units: Vec<Unit>| -> Vec<Unit> { units.into_iter().map(|u| Unit { text: norm(&u.text), ..u }).collect() };
    let (g, p) = ("000_a653e87766171c9b.txt", "004_6ea1c5480e660ab8.txt");
    let generic = pdf_document("ervaringsdeskundigheid/generieke-module-ervaringsdeskundigheid.pdf");
    let c1 = compare(g, &normed(prepare_generic(&fixture(g))), &generic);
    let praktijk = pdf_document("praktijkmodule-4/praktijkmodule-4-inrichten-herstelondersteunende-zorg.pdf");
    let c2 = compare(p, &normed(prepare_praktijk(&fixture(p))), &praktijk);
    let problems: Vec<String> = c1.missing.into_iter().chain(c2.missing).collect();
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

/// The parts of a page outside the documents that quote the source, and
/// what to call each in a failure.
fn quotation_kind(e: &Element) -> Option<&'static str> {
    let block = e.has_class("block");
    Some(if block && e.has_class("begrip") {
        "glossary definition"
    } else if e.has_class("card-section") {
        "card section"
    } else if e.has_class("kern-text") {
        "key recommendation on the card"
    } else if e.has_class("sheet-about") {
        "first sentence of a task in the sheets overview"
    } else if e.has_class("sheet-task") {
        "task on a sheet"
    } else if e.has_class("sheet-goals") {
        "learning goals on a sheet"
    } else if block && e.has_class("docent") {
        "teacher note"
    } else if block && e.has_class("aanbeveling") {
        "recommendation"
    } else {
        return None;
    })
}

/// The quotations of a page: (kind, visible text less what the theme and
/// the editors add, and less headings, which name the quotation).
fn quotations(html_text: &str) -> Vec<(&'static str, String)> {
    fn drop_headings(e: &mut Element) {
        e.children.retain(|c| !matches!(c, Node::Element(c) if matches!(c.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt")));
        for c in &mut e.children {
            if let Node::Element(c) = c {
                drop_headings(c);
            }
        }
    }
    fn walk(e: &Element, out: &mut Vec<(&'static str, String)>) {
        for c in e.elements() {
            match quotation_kind(c) {
                Some(kind) => {
                    let mut c = c.clone();
                    strip_added(&mut c);
                    drop_headings(&mut c);
                    out.push((kind, norm(&c.text())));
                }
                None => walk(c, out),
            }
        }
    }
    let doc = html::parse(html_text);
    let mut out = vec![];
    if let Some(main) = doc.find(|e| e.is("main")) {
        walk(main, &mut out);
    }
    out
}

/// Every page that quotes the source outside the documents' own pages (the
/// glossary's definitions, the summary card, the exercise sheets, the
/// recommendations per audience) quotes it word for word: each sentence
/// of a quotation is in the source, on word boundaries. What the editors
/// add there is marked (and left out), like everywhere else.
#[test]
fn quotations_elsewhere_are_word_for_word() {
    let r = results();
    let mut problems = vec![];
    let mut checked = 0;
    for page in shipped::html_files() {
        if page.starts_with("ervaringsdeskundigheid/") || page.starts_with("praktijkmodule-4/") {
            continue; // compared in order, above
        }
        let preferred = page.starts_with("begrippen/").then_some("content/begrippen.md");
        for (kind, text) in quotations(&shipped::read(&page)) {
            for s in sentences(&Unit::new(0, text)) {
                if !s.text.chars().any(char::is_alphanumeric) {
                    continue;
                }
                checked += 1;
                if r.corpus.contains(&s.text) {
                    continue;
                }
                let place = locate::locate(content(), preferred, &s.text).unwrap_or_else(|| NOT_IN_CONTENT.into());
                let nearest = match r.corpus.nearest(&s.text) {
                    Some((line, text)) => format!("the source has at {line}: «{text}»"),
                    None => "nothing like it is in the source".into(),
                };
                problems.push(format!(
                    "{place}: a {kind} on {page} is not the source's text: «{}»\n      {nearest}",
                    s.text
                ));
            }
        }
    }
    assert!(checked > 300, "only {checked} quoted sentences found: has the theme renamed its classes?");
    problems.dedup();
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// The fixtures are copies of shared/seeds/ (beside the repository, or
/// where `MODULEPERS_SEEDS` points): they must not have drifted. In CI the
/// folder must be there, so this cannot pass by having nothing to compare;
/// elsewhere its absence is reported as a skip.
#[test]
fn fixtures_are_the_shared_source_texts() {
    let seeds = std::env::var_os("MODULEPERS_SEEDS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| shipped::root().join("../shared/seeds"));
    if !seeds.is_dir() {
        let msg = format!(
            "{} is missing: cannot check tests/fixtures/sources against the shared source texts \
             (set MODULEPERS_SEEDS to the folder holding them)",
            seeds.display()
        );
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("skipped: {msg}");
        return;
    }
    for name in ["000_a653e87766171c9b.txt", "004_6ea1c5480e660ab8.txt"] {
        let shared = std::fs::read(seeds.join(name)).unwrap_or_else(|e| panic!("{}: {e}", seeds.join(name).display()));
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
<aside class="backlinks redactie"><span class="label">Zie ook</span></aside>
<p>Een &amp; twee<sup class="footnote-reference"><a href="#n">1</a></sup> drie&#x2F;vier.</p>
<div class="footnote-definition" id="n"><sup class="footnote-definition-label">1</sup><p>Noot.</p></div>
<div class="block bron"><span class="block-label">Bron:</span> <p>X (2015), Issues in <ins class="redactie">Y</ins></p></div>
<aside class="block voorbeeld"><p class="block-label"><span class="block-kind">Voorbeeld:</span> <strong>Kop</strong></p><p>Tekst.</p></aside>
<div class="block opdracht"><p class="block-label">Opdracht 1<span class="editorial-title redactie"> · T</span></p><p class="werkvorm redactie">W</p><p>Doe.</p>
<p class="sheet-links">Opdrachtblad</p></div>
<figure class="block figuur"><figcaption>Figuur 1. Kop</figcaption><table><tr><td>a</td><td>28</td></tr></table></figure>
<aside class="block redactie"><p>Noot van de redactie</p></aside>
</article></main><footer>Voet</footer></body></html>"##;
    assert_eq!(
        page_text(page),
        "Titel Een & twee drie/vier. Noot. X (2015), Issues in Kop Tekst. Doe. a 28 Figuur 1. Kop"
    );
}
