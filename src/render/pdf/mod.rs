//! The print editions: a second renderer beside the HTML one, over the same
//! resolved and derived model. Each edition's data (see `view`) is laid out
//! by a typst template of the theme (`themes/<name>/pdf/*.typ`) and written
//! as tagged PDF/UA-1 through the same sink as the pages.
//!
//! Which editions there are, and where they go, the page kinds declare
//! (`kinds`, gathered by `print`).
//! site.yaml's `print_editions` (or a document's `print_edition: false`)
//! says whether they are made.

mod audience;
mod check;
#[cfg(feature = "docx")]
mod docx;
mod typeset;
mod view;

use super::kinds::{self, Kind, Offer};
use super::labels;
use super::print::{self as editions, Edition, OnRequest, Printed, Written};
use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::{PageId, Site};
use crate::write::Sink;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use typeset::Templates;
use view::{Convert, N};

/// Lays out and writes every edition into `dest`, in parallel; with
/// `defer`, only lists them (see `on_request`).
pub fn render(
    site: &Site,
    derived: &Derived,
    root: &Path,
    dest: &dyn Sink,
    defer: bool,
) -> Result<Vec<Printed>, Vec<Diagnostic>> {
    let offers = editions::offers(site, derived);
    if offers.is_empty() {
        return Ok(Vec::new());
    }
    let templates = load_templates(site, root)?;
    let made = made().map_err(|d| vec![d])?;
    if defer {
        return Ok(offers
            .into_iter()
            .map(|offer| Printed {
                file: offer.file(site, derived),
                docx: offer.docx_file(site, derived).map(|f| (f, None)),
                offer,
                written: None,
            })
            .collect());
    }
    let results: Vec<Result<Printed, Vec<Diagnostic>>> = offers
        .into_par_iter()
        .map(|offer| {
            let file = offer.file(site, derived);
            let (bytes, pages) = print(site, derived, root, &templates, made, &offer, &file)?;
            dest.write(&file, &bytes).map_err(|d| vec![d])?;
            let docx = match offer.docx_file(site, derived) {
                Some(path) => {
                    let bytes = word(site, derived, offer.edition, &path).map_err(|d| vec![d])?;
                    dest.write(&path, &bytes).map_err(|d| vec![d])?;
                    Some((path, Some(bytes.len())))
                }
                None => None,
            };
            Ok(Printed { offer, file, written: Some(Written { bytes: bytes.len(), pages }), docx })
        })
        .collect();
    let mut printed = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => printed.push(p),
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok(printed)
    } else {
        Err(errors)
    }
}

/// Keeps the model of a build to print its editions when they are asked
/// for: `serve` reloads the browser as soon as the pages are written and
/// makes a PDF only when someone opens it.
pub fn on_request(site: Site, derived: Derived, root: PathBuf) -> OnRequest {
    // Read once per build, as `build` does, not once per request.
    let templates = load_templates(&site, &root);
    let made = made().unwrap_or_default();
    OnRequest::new(move |file| {
        let all = editions::offers(&site, &derived);
        if let Some(o) = all.iter().find(|o| o.docx_file(&site, &derived).as_deref() == Some(file)) {
            return Some(word(&site, &derived, o.edition, file).map_err(|d| d.message));
        }
        let offer = all.into_iter().find(|o| o.file(&site, &derived) == file)?;
        let made = templates
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|t| print(&site, &derived, &root, t, made, &offer, file))
            .map(|(bytes, _)| bytes)
            .map_err(|ds| ds.iter().map(|d| format!("{}\n", d.message)).collect::<String>());
        Some(made)
    })
}

fn load_templates(site: &Site, root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let theme = &site.config.theme;
    let dir = root.join("themes").join(theme).join("pdf");
    let switch_off = "or set print_editions: false in site.yaml";
    let templates = Templates::load(root, &dir).map_err(|e| {
        vec![site
            .config
            .blame("print_editions", Diagnostic::new(format!("the theme \"{theme}\" has no print templates: {e}")))
            .hint(format!("add themes/{theme}/pdf/ with {}, {switch_off}", editions::templates().join(", ")))]
    })?;
    let missing: Vec<Diagnostic> = editions::templates()
        .iter()
        .filter(|t| !templates.has(t))
        .map(|t| {
            site.config
                .blame("print_editions", Diagnostic::new(format!("missing print template {}/{t}", templates.dir)))
                .hint(format!("every theme with print editions must provide it, {switch_off}"))
        })
        .collect();
    if missing.is_empty() {
        Ok(templates)
    } else {
        Err(missing)
    }
}

/// The editions' creation date, from `SOURCE_DATE_EPOCH`.
fn made() -> Result<Option<typst_pdf::Timestamp>, Diagnostic> {
    typeset::source_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).map_err(|e| {
        Diagnostic::new(e).hint(
            "set it to the time the sources were last changed, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it (the PDFs then carry no date)",
        )
    })
}

/// The Word file of a sheet edition (`path` is where it goes), from the
/// data its PDF is laid out from.
fn word(site: &Site, derived: &Derived, edition: Edition, path: &str) -> Result<Vec<u8>, Diagnostic> {
    #[cfg(feature = "docx")]
    if let Edition::Sheet { index, teacher } = edition {
        let cx = Convert::new(site, derived, None, 3);
        return docx::sheet(&view::sheet(&cx, index, teacher), &site.config.title)
            .map_err(|e| Diagnostic::new(format!("{path}: {e}")));
    }
    let _ = (site, derived, edition);
    Err(Diagnostic::new(format!("{path}: only a sheet has a Word file")))
}

/// Lays out one edition: the PDF's bytes and its number of pages.
#[allow(clippy::too_many_arguments)]
fn print(
    site: &Site,
    derived: &Derived,
    root: &Path,
    templates: &Templates,
    made: Option<typst_pdf::Timestamp>,
    offer: &Offer,
    file: &str,
) -> Result<(Vec<u8>, usize), Vec<Diagnostic>> {
    let edition = offer.edition;
    let data = match edition {
        Edition::Document(index) => serde_json::to_vec(&document(site, derived, index)),
        Edition::Card(c) => serde_json::to_vec(&card(site, derived, c)),
        Edition::Sheet { index, teacher } => {
            let cx = Convert::new(site, derived, None, 3);
            let sheet = view::sheet(&cx, index, teacher);
            let authors = authors(site, derived, [index]);
            serde_json::to_vec(&SheetSet { site: site_info(site), title: None, teacher, authors, sheets: vec![sheet] })
        }
        Edition::ClassSet { teacher } => {
            let cx = Convert::new(site, derived, None, 3);
            let sheets = (0..derived.assignments.len()).map(|i| view::sheet(&cx, i, teacher)).collect();
            let title = if teacher { "Opdrachtbladen, docentversie" } else { "Opdrachtbladen voor studenten" };
            let authors = authors(site, derived, 0..derived.assignments.len());
            serde_json::to_vec(&SheetSet { site: site_info(site), title: Some(title.into()), teacher, authors, sheets })
        }
        Edition::Audience(a) => serde_json::to_vec(&audience::card(site, derived, a)),
    }
    .expect("serialising to memory does not fail");
    let fail = |problems: typeset::Problems| -> Vec<Diagnostic> {
        problems.into_iter().map(|p| diagnose(site, derived, root, offer, file, templates, p)).collect()
    };
    let typeset = typeset::typeset(templates, offer.template, data).map_err(fail)?;
    check::layout(site, derived, root, edition, file, &typeset.document)?;
    let bytes = typeset::export(&typeset, file, templates, made).map_err(fail)?;
    Ok((bytes, typeset.document.pages().len()))
}

/// A typst problem as a diagnostic: text no font can show is the
/// content's (pointed at where it is written); anything else is the
/// theme's, at its place in the typst files.
fn diagnose(
    site: &Site,
    derived: &Derived,
    root: &Path,
    offer: &Offer,
    file: &str,
    templates: &Templates,
    p: typeset::Problem,
) -> Diagnostic {
    let edition = offer.edition;
    if let Some(text) = &p.undisplayable {
        let d = Diagnostic::new(format!(
            "the print edition {file} cannot show «{text}»: its fonts have no glyph for it"
        ))
        .hint(
            "write it another way (the print editions' fonts have no emoji), or set print_editions: false in site.yaml",
        );
        return check::at_text(site, root, &check::scope(site, derived, edition), text, d);
    }
    let d = Diagnostic::new(format!("print edition {file}: {}", p.message))
        .hint("the theme's typst files have an error at the place shown");
    match p.at {
        Some((typ, line, column)) => d.at(typ, crate::diagnostic::Position { line, column }),
        None => d.in_file(format!("{}/{}", templates.dir, offer.template)),
    }
}

#[derive(Serialize)]
struct SiteInfo {
    title: String,
    /// The site's address; None without `base_url`.
    url: Option<String>,
}

fn site_info(site: &Site) -> SiteInfo {
    SiteInfo { title: site.config.title.clone(), url: site.config.base_url.clone() }
}

/// Bibliographic data of a document, dates written out in Dutch.
#[derive(Serialize, Default)]
struct About {
    title: String,
    short_title: String,
    kind: Option<String>,
    publisher: Option<String>,
    authorization_date: Option<String>,
    review_date: Option<String>,
    published: Option<String>,
    maintainers: Vec<String>,
    source_url: Option<String>,
    /// The web edition's address, if the site has one.
    url: Option<String>,
}

fn about(site: &Site, index: PageId) -> About {
    let p = &site.pages[index];
    let data = p.front.document.clone().unwrap_or_default();
    About {
        title: p.front.title.clone(),
        short_title: labels::document_short_title(site, p.document.as_deref().unwrap_or_default())
            .unwrap_or_else(|| p.front.title.clone()),
        kind: data.kind.clone(),
        publisher: data.publisher.clone(),
        authorization_date: data.authorization_date.as_deref().and_then(labels::date_in_words),
        review_date: data.review_date.as_deref().and_then(labels::date_in_words),
        published: data.published.as_deref().and_then(labels::date_in_words),
        maintainers: data.maintainers.clone(),
        source_url: data.source_url.clone(),
        url: site.config.base_url.as_deref().map(|base| format!("{}/{}", base.trim_end_matches('/'), p.url)),
    }
}

#[derive(Serialize)]
struct DocumentView {
    site: SiteInfo,
    about: About,
    /// The label of the document's front page, where the cover stands.
    label: String,
    intro: Vec<N>,
    chapters: Vec<Chapter>,
}

#[derive(Serialize)]
struct Chapter {
    label: String,
    number: Option<String>,
    title: String,
    c: Vec<N>,
    /// On the sources page: every `bron` of the document, with where it
    /// stands.
    sources: Vec<SourceRef>,
}

#[derive(Serialize)]
struct SourceRef {
    name: String,
    c: Vec<N>,
    place: String,
    label: String,
}

fn document(site: &Site, derived: &Derived, index: PageId) -> DocumentView {
    let front = &site.pages[index];
    let doc = front.document.as_deref().unwrap_or_default();
    let cx = Convert::new(site, derived, Some(doc), 2);
    let pages = site.documents.get(doc).map(|d| d.pages.as_slice()).unwrap_or_default();
    let chapters = pages
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            let sources = if derived.source_pages.get(doc) == Some(&i) {
                derived.sources.get(doc).into_iter().flatten().map(|s| source(&cx, s)).collect()
            } else {
                Vec::new()
            };
            Chapter {
                label: view::label(p, None),
                number: p.front.number.clone(),
                title: p.front.title.clone(),
                c: cx.nodes(i, &p.body),
                sources,
            }
        })
        .collect();
    DocumentView {
        site: site_info(site),
        about: about(site, index),
        label: view::label(front, None),
        intro: cx.nodes(index, &front.body),
        chapters,
    }
}

fn source(cx: &Convert, s: &crate::derive::Source) -> SourceRef {
    let p = &cx.site.pages[s.page];
    let heading = s.section.and_then(|h| p.headings.get(h));
    let name = match &s.block.kind {
        crate::load::BlockKind::Bron { label } => label.clone(),
        _ => String::new(),
    };
    SourceRef {
        name,
        c: cx.nodes(s.page, &s.block.children),
        place: heading.map(|h| h.text.clone()).unwrap_or_else(|| labels::page_title(p)),
        label: view::label(p, heading.map(|h| h.id.as_str())),
    }
}

#[derive(Serialize)]
struct CardView {
    site: SiteInfo,
    about: About,
    url: Option<String>,
    sections: Vec<CardSection>,
    groups: Vec<CardGroup>,
}

#[derive(Serialize)]
struct CardSection {
    title: String,
    /// The heading (or page) it is taken from, named where there is no
    /// address to link to.
    place: String,
    c: Vec<N>,
    url: Option<String>,
}

#[derive(Serialize)]
struct CardGroup {
    audiences: Vec<String>,
    recommendations: Vec<CardRecommendation>,
}

#[derive(Serialize)]
struct CardRecommendation {
    number: usize,
    name: String,
    c: Vec<N>,
    url: Option<String>,
}

fn card(site: &Site, derived: &Derived, c: usize) -> CardView {
    let cx = Convert::new(site, derived, None, 3);
    let doc = derived.cards[c].document.as_str();
    let sections = derived.cards[c]
        .sections
        .iter()
        .map(|s| {
            let p = &site.pages[s.page];
            let heading = s.heading.and_then(|h| p.headings.get(h));
            CardSection {
                title: s.title.clone(),
                place: heading.map(|h| h.text.clone()).unwrap_or_else(|| labels::page_title(p)),
                c: cx.nodes(s.page, &s.nodes),
                url: cx.address(&p.url, heading.map(|h| h.id.as_str())),
            }
        })
        .collect();
    // Key recommendations grouped by the exact set of audiences they name,
    // as on the card's page.
    let mut groups: Vec<CardGroup> = Vec::new();
    for r in derived.recommendations.iter().filter(|r| r.is_key && site.pages[r.page].document.as_deref() == Some(doc))
    {
        let audiences: Vec<String> =
            r.audiences.iter().filter_map(|s| site.config.audience(s)).map(|a| a.name.clone()).collect();
        let rec = CardRecommendation {
            number: 0,
            name: labels::recommendation_label(site, derived, &r.id),
            c: cx.nodes(r.page, &r.block.children),
            url: cx.address(&site.pages[r.page].url, Some(&r.id)),
        };
        match groups.iter_mut().find(|g| g.audiences == audiences) {
            Some(g) => g.recommendations.push(rec),
            None => groups.push(CardGroup { audiences, recommendations: vec![rec] }),
        }
    }
    // Numbered in the order they are printed.
    for (n, rec) in groups.iter_mut().flat_map(|g| g.recommendations.iter_mut()).enumerate() {
        rec.number = n + 1;
    }
    let about = labels::document_index(site, doc).map(|i| about(site, i)).unwrap_or_default();
    CardView {
        site: site_info(site),
        about,
        url: cx.address(&kinds::card::Card.url(site, derived, c), None),
        sections,
        groups,
    }
}

#[derive(Serialize)]
struct SheetSet {
    site: SiteInfo,
    /// The class set's title; None for a single sheet.
    title: Option<String>,
    teacher: bool,
    /// The maintainers of the documents the sheets come from.
    authors: Vec<String>,
    sheets: Vec<view::Sheet>,
}

/// The PDF's authors for sheets of `assignments`: the maintainers of their
/// documents, each once, in order.
fn authors(site: &Site, derived: &Derived, assignments: impl IntoIterator<Item = usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in assignments {
        let doc = derived.assignments[i].document.as_deref().and_then(|d| labels::document_index(site, d));
        let data = doc.and_then(|d| site.pages[d].front.document.as_ref());
        for m in data.map(|d| d.maintainers.as_slice()).unwrap_or_default() {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    out
}
