//! The view of a content page (`page.html`, `index.html` or the template
//! its front matter names).

use super::{DocumentLink, Link};
use crate::load::BlockKind;
use crate::render::html::BodyRenderer;
use crate::render::labels::{self, page_title};
use crate::render::urls;
use crate::resolve::PageId;
use serde::Serialize;

#[derive(Serialize)]
pub struct ContentView<'a> {
    pub page: PageData<'a>,
    /// The document the page belongs to.
    pub document: Option<DocumentLink<'a>>,
    /// The pages before and after it in its document (the front page
    /// first).
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The links above the page: home, and its document unless it is the
    /// document's front page. The page itself is not in the list.
    pub breadcrumbs: Vec<Link>,
    /// On a document's sources page (its `bronnen.md`): every `bron` block
    /// of the document, in reading order.
    pub sources: Option<Vec<SourceEntry>>,
    /// On the page that defines glossary terms: their A–Z list, grouped by
    /// first letter (accents folded).
    pub glossary: Option<Vec<GlossaryLetter<'a>>>,
}

#[derive(Serialize)]
pub struct GlossaryLetter<'a> {
    pub letter: String,
    pub terms: Vec<GlossaryEntry<'a>>,
}

#[derive(Serialize)]
pub struct GlossaryEntry<'a> {
    pub term: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct PageData<'a> {
    pub title: &'a str,
    pub number: Option<&'a str>,
    pub description: Option<&'a str>,
    /// The body as HTML.
    pub content: String,
    /// The `##` and `###` headings (level, id, text), for "Op deze pagina".
    pub toc: Vec<TocEntry<'a>>,
    /// The "Zie ook" list of the page as a whole, rendered.
    pub backlinks: String,
    /// The front page of a folder (`_index.md`).
    pub is_index: bool,
}

#[derive(Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct SourceEntry {
    /// The `bron` block's label (`Bron`, `Literatuur`, …).
    pub label: String,
    pub html: String,
    /// The section it stands in, by heading or page title.
    #[serde(rename = "where")]
    pub location: String,
    pub href: String,
}

/// The template, the title and the view of content page `i`.
pub fn view<'a>(r: &mut BodyRenderer<'a>, i: PageId) -> (String, String, ContentView<'a>) {
    let site = r.site;
    let p = site.page(i);
    r.page = Some(i);
    let content = r.nodes(&p.body);
    let backlinks = r.backlinks(i, None);
    let toc = p
        .headings
        .iter()
        .filter(|h| h.level <= 3)
        .map(|h| TocEntry { level: h.level, id: &h.id, text: &h.text })
        .collect();
    let siblings: Vec<PageId> = p
        .document
        .as_ref()
        .and_then(|d| site.documents.get(d))
        .map(|d| std::iter::once(d.index).chain(d.pages.iter().copied()).collect())
        .unwrap_or_default();
    let pos = siblings.iter().position(|&j| j == i);
    let link =
        |j: PageId| Link { title: page_title(site.page(j)), href: urls::relative(&p.url, &site.page(j).url, None) };
    let prev = pos.and_then(|k| k.checked_sub(1)).map(|k| link(siblings[k]));
    let next = pos.and_then(|k| siblings.get(k + 1)).map(|&j| link(j));
    let doc_index = p.document.as_deref().and_then(|d| labels::document_index(site, d));
    let document = doc_index.map(|d| DocumentLink::new(site, d, &p.url));
    let mut breadcrumbs = vec![Link { title: "Home".into(), href: urls::relative(&p.url, "", None) }];
    if let Some(d) = document.as_ref().filter(|_| doc_index != Some(i)) {
        // Breadcrumbs name a document by its short title.
        breadcrumbs.push(Link { title: d.short_title.clone(), href: d.href.clone() });
    }
    let is_sources_page = p.document.as_ref().is_some_and(|d| r.derived.source_pages.get(d) == Some(&i));
    let sources = is_sources_page.then(|| sources(r, p.document.as_deref().unwrap_or_default()));
    let template =
        p.front.template.clone().unwrap_or_else(|| crate::render::kinds::default_content_template(&p.url).to_string());
    // A theme without index.html renders the home page with page.html.
    let template = if template == "index.html" && !r.theme.has("index.html") { "page.html".into() } else { template };
    let view = ContentView {
        page: PageData {
            title: &p.front.title,
            number: p.front.number.as_deref(),
            description: p.front.description.as_deref(),
            content,
            toc,
            backlinks,
            is_index: p.is_index,
        },
        document,
        prev,
        next,
        breadcrumbs,
        sources,
        glossary: glossary_index(r, i),
    };
    (template, page_title(p), view)
}

/// The A–Z list of the glossary terms defined on page `page`, or nothing
/// on any other page.
fn glossary_index<'a>(r: &BodyRenderer<'a>, page: PageId) -> Option<Vec<GlossaryLetter<'a>>> {
    let derived = r.derived;
    let mut terms: Vec<(String, &crate::derive::Term)> = derived
        .glossary
        .iter()
        .filter(|t| t.page == page)
        .map(|t| (deunicode::deunicode(&t.term).to_lowercase(), t))
        .collect();
    if terms.is_empty() {
        return None;
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<GlossaryLetter> = vec![];
    for (key, t) in terms {
        let letter = key.chars().next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
        let entry = GlossaryEntry { term: &t.term, href: format!("#{}", t.id) };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.terms.push(entry),
            _ => groups.push(GlossaryLetter { letter, terms: vec![entry] }),
        }
    }
    Some(groups)
}

fn sources(r: &mut BodyRenderer, doc: &str) -> Vec<SourceEntry> {
    let derived = r.derived;
    let Some(list) = derived.sources.get(doc) else { return Vec::new() };
    list.iter()
        .map(|s| {
            let p = r.site.page(s.page);
            let heading = s.section.and_then(|h| p.headings.get(h));
            SourceEntry {
                html: r.nodes(&s.block.children),
                label: match &s.block.kind {
                    BlockKind::Bron { label } => label.clone(),
                    _ => String::new(),
                },
                location: heading.map(|h| h.text.clone()).unwrap_or_else(|| page_title(p)),
                href: urls::relative(r.from, &p.url, heading.map(|h| h.id.as_str())),
            }
        })
        .collect()
}
