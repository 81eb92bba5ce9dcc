//! What every template gets: the site, the way to the root, navigation,
//! breadcrumbs, and the links to the derived pages.

use super::urls;
use crate::derive::Derived;
use crate::resolve::{Page, Site, Target};
use serde_json::{json, Value};

pub fn page_title(p: &Page) -> String {
    match &p.front.number {
        Some(n) => format!("{n}. {}", p.front.title),
        None => p.front.title.clone(),
    }
}

pub fn document_index(site: &Site, doc: &str) -> Option<usize> {
    site.documents.get(doc).map(|d| d.index)
}

pub fn document_short_title(site: &Site, doc: &str) -> Option<String> {
    let i = document_index(site, doc)?;
    let p = &site.pages[i];
    Some(p.front.document.as_ref().map(|d| d.short_title.clone()).unwrap_or_else(|| p.front.title.clone()))
}

/// "Aanbeveling 5.6.2-1" style label from an id by the content's
/// convention; falls back to the id.
pub fn recommendation_label(site: &Site, derived: &Derived, id: &str) -> String {
    let Some(r) = derived.recommendations.iter().find(|r| r.id == id) else { return id.to_string() };
    if r.kern {
        let n = derived.recommendations.iter().filter(|o| o.kern).position(|o| o.id == id).unwrap_or(0) + 1;
        return format!("Kernaanbeveling {n}");
    }
    let page = &site.pages[r.page];
    let number = r.numbered.and_then(|h| page.headings.get(h)).and_then(|h| h.text.split_whitespace().next());
    let ordinal = derived
        .recommendations
        .iter()
        .filter(|o| o.page == r.page && o.numbered == r.numbered)
        .position(|o| o.id == id)
        .unwrap_or(0)
        + 1;
    match number {
        Some(n) => format!("Aanbeveling {n}-{ordinal}"),
        None => format!("Aanbeveling {ordinal}"),
    }
}

/// The headings a section sits under, outermost first, joined: "De
/// ervaringsdeskundige draagt bij aan … – Activiteiten" tells apart three
/// sections that are all called "Activiteiten".
pub fn section_path(p: &Page, h: usize) -> String {
    let mut path = vec![&p.headings[h]];
    let mut level = p.headings[h].level;
    for heading in p.headings[..h].iter().rev() {
        if heading.level < level {
            path.push(heading);
            level = heading.level;
        }
    }
    path.iter().rev().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" – ")
}

/// A readable name for a link target: "3.1.1 Herstel … (Inleiding)".
pub fn target_label(site: &Site, t: &Target) -> String {
    match t {
        Target::External(u) => u.clone(),
        Target::Page { page, anchor } => {
            let p = &site.pages[*page];
            match anchor.as_ref().and_then(|a| p.headings.iter().find(|h| &h.id == a)) {
                Some(h) => format!("{} ({})", h.text, page_title(p)),
                None => page_title(p),
            }
        }
    }
}

/// The site's navigation, computed once per build: which documents there
/// are and which pages each holds. Per page only the current document's
/// pages are listed, so a page's size does not grow with the whole site.
pub struct Nav {
    documents: Vec<(String, crate::resolve::Document)>,
    glossary: Option<usize>,
    sources: Vec<usize>,
    /// Pages with an `id:` in their front matter, so templates can link to
    /// them by id (`nav.pages.toegankelijkheid`) without hard-coding paths.
    ids: Vec<(String, usize)>,
}

impl Nav {
    pub fn new(site: &Site, derived: &Derived) -> Nav {
        // Only documents whose front page has document data are shown as
        // documents in the navigation.
        let documents = site
            .documents
            .iter()
            .filter(|(_, d)| site.pages[d.index].front.document.is_some())
            .map(|(id, d)| (id.clone(), d.clone()))
            .collect();
        Nav {
            documents,
            glossary: derived.glossary.first().map(|t| t.page),
            sources: site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.content_path.ends_with("/bronnen.md"))
                .map(|(i, _)| i)
                .collect(),
            ids: site.pages.iter().enumerate().filter_map(|(i, p)| p.front.id.clone().map(|id| (id, i))).collect(),
        }
    }

    /// Every URL the chrome marks as current or not, in a fixed order.
    fn marked_urls(&self, site: &Site, derived: &Derived) -> Vec<String> {
        let mut urls: Vec<String> =
            ["", urls::AUDIENCES, urls::CARD, urls::SHEETS, urls::SHEETS_PRINT, urls::SEARCH, urls::COLOFON]
                .iter()
                .map(|u| u.to_string())
                .collect();
        urls.extend(self.glossary.map(|i| site.pages[i].url.clone()));
        urls.extend(self.documents.iter().map(|(_, d)| site.pages[d.index].url.clone()));
        urls.extend(derived.audiences.iter().map(|a| urls::audience(&a.slug)));
        urls
    }
}

/// What the chrome context of a page depends on, and nothing else: the
/// folder depth (every link goes through the root), the current document
/// and, for every URL the chrome links to, whether it is this page or a
/// section above it. Pages with equal keys have equal chrome.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChromeKey {
    depth: usize,
    document: Option<String>,
    marks: Vec<Option<&'static str>>,
}

/// Computes `ChromeKey`s; built once per build.
pub struct ChromeKeys {
    urls: Vec<String>,
}

impl ChromeKeys {
    pub fn new(site: &Site, derived: &Derived, nav: &Nav) -> Self {
        ChromeKeys { urls: nav.marked_urls(site, derived) }
    }

    pub fn key(&self, site: &Site, place: &Place) -> ChromeKey {
        ChromeKey {
            depth: place.from.matches('/').count(),
            document: current_document(site, place).map(str::to_string),
            marks: self.urls.iter().map(|u| mark(place.here, u)).collect(),
        }
    }
}

fn current_document<'a>(site: &'a Site, place: &Place<'a>) -> Option<&'a str> {
    place.current.and_then(|i| site.pages[i].document.as_deref()).or(place.document)
}

/// How many chapters the sidebar lists at most. A long document lists the
/// ones around the current page and links to its front page for the rest:
/// listing all of them would make every page, and the build, grow with the
/// square of the document's length.
const NAV_WINDOW: usize = 20;

fn nav_window(pages: &[usize], current: Option<usize>) -> std::ops::Range<usize> {
    if pages.len() <= NAV_WINDOW {
        return 0..pages.len();
    }
    let at = current.and_then(|c| pages.iter().position(|&p| p == c)).unwrap_or(0);
    let start = at.saturating_sub(NAV_WINDOW / 2).min(pages.len() - NAV_WINDOW);
    start..start + NAV_WINDOW
}

/// Where a page is, as `aria-current` says it: `page` on a link to the page
/// itself, `true` on a link to the section it lies in.
fn mark(here: Option<&str>, to: &str) -> Option<&'static str> {
    let here = here?;
    if here == to {
        Some("page")
    } else if !to.is_empty() && here.starts_with(to) {
        Some("true")
    } else {
        None
    }
}

/// Where a page is rendered from and what it is part of.
pub struct Place<'a> {
    /// The page's URL, which relative links start from ("" for the home
    /// page and the 404 page).
    pub from: &'a str,
    /// The URL navigation marks as the current page; `None` for a page the
    /// navigation does not know (the 404 page).
    pub here: Option<&'a str>,
    /// The content page being rendered, if any.
    pub current: Option<usize>,
    /// The document a derived page belongs to (the module whose
    /// recommendations or assignments it shows), so its chapters are listed.
    pub document: Option<&'a str>,
    /// The chapter a derived page comes from (an exercise sheet's chapter).
    pub chapter: Option<usize>,
}

/// The context of the chrome templates (header, footer): the site, the way
/// to the root and the navigation with the current page marked. It holds
/// nothing else of the page, so pages with equal chrome share one
/// rendering. The page's own context adds to it, see `page_context`.
pub fn chrome(site: &Site, derived: &Derived, nav: &Nav, place: &Place) -> Value {
    let from = place.from;
    let rel = |to: &str| urls::relative(from, to, None);
    // Keep to what ChromeKey holds: the depth of `from`, the current
    // document, and `mark` of `place.here` on the URLs of `marked_urls`.
    let current_doc = current_document(site, place);
    let documents: Vec<Value> = nav
        .documents
        .iter()
        .map(|(id, d)| {
            let index = &site.pages[d.index];
            let is_current = current_doc == Some(id.as_str());
            // Marked only when the page lies in the document: a derived
            // page that belongs to it (a sheet, an audience page) is marked
            // under its own menu item, and a menu marks one place.
            let m = mark(place.here, &index.url);
            json!({
                "id": id,
                "title": index.front.title,
                "short_title": index.front.document.as_ref().map(|x| x.short_title.clone()),
                "href": rel(&index.url),
                "current": is_current,
                "mark": m,
                "page_count": d.pages.len(),
            })
        })
        .collect();
    let audiences: Vec<Value> = derived
        .audiences
        .iter()
        .map(|a| {
            let url = urls::audience(&a.slug);
            json!({ "slug": a.slug, "name": a.name, "href": rel(&url), "count": a.recommendations.len(), "mark": mark(place.here, &url) })
        })
        .collect();
    let glossary = nav.glossary.map(|i| &site.pages[i].url);
    let sources: Vec<Value> = nav
        .sources
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            json!({ "href": rel(&p.url), "document": p.document.as_ref().and_then(|d| document_short_title(site, d)) })
        })
        .collect();
    let here = place.here;
    json!({
        // `contact` (site.yaml) is for the accessibility statement.
        "site": { "title": site.config.title, "language": site.config.language, "contact": site.config.contact },
        "root": urls::root(from),
        "nav": {
            "home": rel(""),
            "documents": documents,
            "audiences": rel(urls::AUDIENCES),
            "card": rel(urls::CARD),
            "sheets": rel(urls::SHEETS),
            "sheets_print": rel(urls::SHEETS_PRINT),
            "search": rel(urls::SEARCH),
            "colofon": rel(urls::COLOFON),
            "glossary": glossary.map(|u| rel(u)),
            "sources": sources,
            "pages": nav.ids.iter().map(|(id, i)| (id.clone(), Value::String(rel(&site.pages[*i].url)))).collect::<serde_json::Map<String, Value>>(),
            "current": {
                "home": mark(here, ""),
                "audiences": mark(here, urls::AUDIENCES),
                "card": mark(here, urls::CARD),
                "sheets": mark(here, urls::SHEETS),
                "sheets_print": mark(here, urls::SHEETS_PRINT),
                "search": mark(here, urls::SEARCH),
                "colofon": mark(here, urls::COLOFON),
                "glossary": glossary.and_then(|u| mark(here, u)),
            },
        },
        "audiences": audiences,
    })
}

/// Adds to the chrome context what only this page has: its URL and title,
/// and the chapters of its document for the sidebar (only the current
/// document's, so a page's size does not grow with the whole site).
pub fn page_context(site: &Site, nav: &Nav, place: &Place, title: &str, mut cx: Value) -> Value {
    let from = place.from;
    let current = place.current;
    let documents = cx["nav"]["documents"].as_array_mut().map(std::mem::take).unwrap_or_default();
    let documents: Vec<Value> = documents
        .into_iter()
        .zip(&nav.documents)
        .map(|(mut doc, (_, d))| {
            let is_current = doc["current"].as_bool().unwrap_or(false);
            // The home page and the document's front page list every page.
            let full = from.is_empty() || current == Some(d.index);
            let window = if full { 0..d.pages.len() } else { nav_window(&d.pages, current) };
            let truncated = window.len() < d.pages.len();
            let pages: Vec<Value> = if is_current || from.is_empty() {
                d.pages[window]
                    .iter()
                    .map(|&j| {
                        let p = &site.pages[j];
                        let m = if Some(j) == current || place.here == Some(p.url.as_str()) {
                            Some("page")
                        } else if Some(j) == place.chapter {
                            Some("true")
                        } else {
                            None
                        };
                        json!({ "title": p.front.title, "number": p.front.number, "href": urls::relative(from, &p.url, None), "mark": m })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            doc["pages_truncated"] = json!(truncated);
            doc["pages"] = json!(pages);
            doc
        })
        .collect();
    cx["nav"]["documents"] = json!(documents);
    cx["url"] = json!(from);
    cx["title"] = json!(title);
    cx
}
