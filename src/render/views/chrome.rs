//! The chrome view: what the header, footer and sidebar tools see (the
//! site, the way to the root, the navigation with the current page marked
//! and the audiences), and the key that tells which pages share it.
//!
//! Every page's chrome view is computed from its `Place`, and `ChromeKey`
//! holds exactly what that computation reads, so the view (and the chrome
//! templates rendered from it) is made once per key instead of once per
//! page: on the 10,000-page benchmark corpus (10,009 pages with the
//! derived ones), 10 keys, so the header, footer and sidebar tools are
//! rendered 10 times, not 10,009 times (`MODULEPERS_TIMINGS=1` prints the
//! count: "10 renderings for 10009 pages"). Debug builds (the tests) check on every cache hit that the key
//! was enough.

use super::DocumentLink;
use crate::derive::Derived;
use crate::render::kinds::{self, Kind};
use crate::render::labels;
use crate::render::urls;
use crate::resolve::{Document, PageId, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The site's navigation, computed once per build: which documents there
/// are and which pages each holds.
pub struct Nav {
    pub(crate) documents: Vec<(String, Document)>,
    glossary: Option<PageId>,
    sources: Vec<PageId>,
    /// Pages with an `id:` in their front matter, so templates can link to
    /// them by id (`nav.pages.toegankelijkheid`) without hard-coding paths.
    ids: Vec<(String, PageId)>,
    /// Every URL the chrome marks as current or not, in a fixed order.
    marked: Vec<String>,
    /// Each summary card: its document and URL.
    cards: Vec<(String, String)>,
}

impl Nav {
    pub fn new(site: &Site, derived: &Derived) -> Nav {
        // Only documents whose front page has document data are shown as
        // documents in the navigation.
        let documents: Vec<(String, Document)> = site
            .documents
            .iter()
            .filter(|(_, d)| site.page(d.index).front.document.is_some())
            .map(|(id, d)| (id.clone(), d.clone()))
            .collect();
        let glossary = derived.glossary.first().map(|t| t.page);
        let mut marked: Vec<String> = vec![String::new()];
        marked.extend(glossary.map(|i| site.page(i).url.clone()));
        marked.extend(documents.iter().map(|(_, d)| site.page(d.index).url.clone()));
        marked.extend(kinds::marked(site, derived));
        let cards: Vec<(String, String)> = (0..derived.cards.len())
            .map(|c| (derived.cards[c].document.clone(), kinds::card::Card.url(site, derived, c)))
            .collect();
        Nav {
            documents,
            glossary,
            sources: derived.source_pages.values().copied().collect(),
            ids: site.pages.with_ids().filter_map(|(i, p)| p.front.id.clone().map(|id| (id, i))).collect(),
            marked,
            cards,
        }
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
    pub current: Option<PageId>,
    /// The document a derived page belongs to (the one whose
    /// recommendations or assignments it shows), so its chapters are listed.
    pub document: Option<&'a str>,
    /// The chapter a derived page comes from (an exercise sheet's chapter).
    pub chapter: Option<PageId>,
}

impl Place<'_> {
    pub fn document<'s>(&'s self, site: &'s Site) -> Option<&'s str> {
        self.current.and_then(|i| site.page(i).document.as_deref()).or(self.document)
    }
}

/// What the chrome view of a page depends on, and nothing else: the folder
/// depth (every link goes through the root), the current document and, for
/// every URL the chrome links to, whether it is this page or a section
/// above it. Pages with equal keys have equal chrome.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChromeKey {
    depth: usize,
    document: Option<String>,
    marks: Vec<Option<&'static str>>,
}

impl ChromeKey {
    pub fn of(site: &Site, nav: &Nav, place: &Place) -> ChromeKey {
        ChromeKey {
            depth: place.from.matches('/').count(),
            document: place.document(site).map(str::to_string),
            marks: nav.marked.iter().map(|u| mark(place.here, u)).collect(),
        }
    }
}

/// The context of the templates in `chrome/`, and the start of every
/// page's context.
#[derive(Serialize)]
pub struct ChromeView<'a> {
    pub site: SiteView<'a>,
    /// The way back to the site root, e.g. `../../`.
    pub root: String,
    pub nav: NavView<'a>,
    pub audiences: Vec<AudienceNav<'a>>,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// `contact:` in site.yaml, for the accessibility statement.
    pub contact: Option<&'a crate::config::Contact>,
}

#[derive(Serialize)]
pub struct NavView<'a> {
    pub home: String,
    pub documents: Vec<DocumentNav<'a>>,
    pub glossary: Option<String>,
    pub sources: Vec<SourcesNav>,
    /// Pages with an `id:` in their front matter, by that id.
    pub pages: BTreeMap<&'a str, String>,
    /// The link to each section page, by its key in the registry
    /// (`audiences`, `sheets`, `sheets_print`, `search`, `colophon`).
    #[serde(flatten)]
    pub sections: BTreeMap<&'static str, String>,
    /// The `aria-current` value for the link to each section page, and to
    /// `home`, `glossary` and `card` (any card): "page" on the page
    /// itself, "true" below it.
    pub current: BTreeMap<&'static str, Option<&'static str>>,
    /// The first summary card, if there is one (the only one, mostly).
    pub card: Option<String>,
    /// Every summary card, in document order.
    pub cards: Vec<CardNav>,
}

#[derive(Serialize)]
pub struct CardNav {
    /// The short title of the card's document.
    pub document: String,
    pub href: String,
    pub mark: Option<&'static str>,
}

#[derive(Serialize)]
pub struct DocumentNav<'a> {
    /// The document's folder under `content/`.
    pub id: &'a str,
    pub title: &'a str,
    pub short_title: String,
    pub href: String,
    /// `aria-current` of the link: "true" anywhere in the document.
    pub mark: Option<&'static str>,
    pub page_count: usize,
}

#[derive(Serialize)]
pub struct SourcesNav {
    pub href: String,
    /// The short title of the document the sources page lists.
    pub document: Option<String>,
}

#[derive(Serialize)]
pub struct AudienceNav<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub href: String,
    /// How many recommendations address the audience.
    pub count: usize,
    pub mark: Option<&'static str>,
}

/// The chrome view of a page. Keep to what `ChromeKey` holds: the depth of
/// `from`, the current document, and `mark` of `place.here` on the URLs of
/// `Nav::marked`.
pub fn chrome<'a>(site: &'a Site, derived: &'a Derived, nav: &'a Nav, place: &Place) -> ChromeView<'a> {
    let from = place.from;
    let rel = |to: &str| urls::relative(from, to, None);
    let documents = nav
        .documents
        .iter()
        .map(|(id, d)| {
            let index = site.page(d.index);
            DocumentNav {
                id,
                title: &index.front.title,
                short_title: labels::document_short_title(site, id).unwrap_or_default(),
                href: rel(&index.url),
                // Marked only when the page lies in the document: a derived
                // page that belongs to it (a sheet, an audience page) is
                // marked under its own menu item, and a menu marks one place.
                mark: mark(place.here, &index.url),
                page_count: d.pages.len(),
            }
        })
        .collect();
    let audiences = derived
        .audiences
        .iter()
        .map(|a| {
            let url = kinds::audience_url(&a.slug);
            AudienceNav {
                slug: &a.slug,
                name: &a.name,
                href: rel(&url),
                count: a.recommendations.len(),
                mark: mark(place.here, &url),
            }
        })
        .collect();
    let glossary = nav.glossary.map(|i| &site.page(i).url);
    let sources = nav
        .sources
        .iter()
        .map(|&i| {
            let p = site.page(i);
            SourcesNav {
                href: rel(&p.url),
                document: p.document.as_ref().and_then(|d| labels::document_short_title(site, d)),
            }
        })
        .collect();
    let mut sections = BTreeMap::new();
    let mut current = BTreeMap::new();
    for (key, url) in kinds::sections() {
        sections.insert(key, rel(url));
        current.insert(key, mark(place.here, url));
    }
    current.insert("home", mark(place.here, ""));
    current.insert("glossary", glossary.and_then(|u| mark(place.here, u)));
    current.insert("card", mark(place.here, kinds::card::FOLDER));
    let cards: Vec<CardNav> = nav
        .cards
        .iter()
        .map(|(doc, url)| CardNav {
            document: labels::document_short_title(site, doc).unwrap_or_default(),
            href: rel(url),
            mark: mark(place.here, url),
        })
        .collect();
    ChromeView {
        site: SiteView {
            title: &site.config.title,
            language: &site.config.language,
            contact: site.config.contact.as_ref(),
        },
        root: urls::root(from),
        nav: NavView {
            home: rel(""),
            documents,
            glossary: glossary.map(|u| rel(u)),
            sources,
            pages: nav.ids.iter().map(|(id, i)| (id.as_str(), rel(&site.page(*i).url))).collect(),
            sections,
            current,
            card: cards.first().map(|c| c.href.clone()),
            cards,
        },
        audiences,
    }
}

/// Where a page is, as `aria-current` says it: `page` on a link to the page
/// itself, `true` on a link to the section it lies in.
pub fn mark(here: Option<&str>, to: &str) -> Option<&'static str> {
    let here = here?;
    if here == to {
        Some("page")
    } else if !to.is_empty() && here.starts_with(to) {
        Some("true")
    } else {
        None
    }
}

/// One document in the site's contents as a page lists them (`contents`):
/// every document, and the chapters of the current one.
#[derive(Serialize)]
pub struct ContentsDocument<'a> {
    #[serde(flatten)]
    pub link: DocumentLink<'a>,
    pub mark: Option<&'static str>,
    pub page_count: usize,
    /// The chapters listed: all of them on the home page and the
    /// document's front page, a window around the current page elsewhere
    /// in the document, none in other documents.
    pub pages: Vec<ChapterNav<'a>>,
    /// Whether `pages` leaves chapters out.
    pub pages_truncated: bool,
}

#[derive(Serialize)]
pub struct ChapterNav<'a> {
    pub title: &'a str,
    pub number: Option<&'a str>,
    pub href: String,
    pub mark: Option<&'static str>,
}

/// How many chapters the sidebar lists at most. A long document lists the
/// ones around the current page and links to its front page for the rest:
/// listing all of them would make every page, and the build, grow with the
/// square of the document's length.
const NAV_WINDOW: usize = 20;

fn nav_window(pages: &[PageId], current: Option<PageId>) -> std::ops::Range<usize> {
    if pages.len() <= NAV_WINDOW {
        return 0..pages.len();
    }
    let at = current.and_then(|c| pages.iter().position(|&p| p == c)).unwrap_or(0);
    let start = at.saturating_sub(NAV_WINDOW / 2).min(pages.len() - NAV_WINDOW);
    start..start + NAV_WINDOW
}

/// The documents with the chapters this page lists (only the current
/// document's, so a page's size does not grow with the whole site).
pub fn contents<'a>(site: &'a Site, nav: &'a Nav, place: &Place) -> Vec<ContentsDocument<'a>> {
    let from = place.from;
    let current = place.current;
    let current_doc = place.document(site);
    nav.documents
        .iter()
        .map(|(id, d)| {
            let index = site.page(d.index);
            let is_current = current_doc == Some(id.as_str());
            // The home page and the document's front page list every page.
            let full = from.is_empty() || current == Some(d.index);
            let window = if full { 0..d.pages.len() } else { nav_window(&d.pages, current) };
            let truncated = window.len() < d.pages.len();
            let pages = if is_current || from.is_empty() {
                d.pages[window]
                    .iter()
                    .map(|&j| {
                        let p = site.page(j);
                        let m = if Some(j) == current || place.here == Some(p.url.as_str()) {
                            Some("page")
                        } else if Some(j) == place.chapter {
                            Some("true")
                        } else {
                            None
                        };
                        ChapterNav {
                            title: &p.front.title,
                            number: p.front.number.as_deref(),
                            href: urls::relative(from, &p.url, None),
                            mark: m,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            ContentsDocument {
                link: DocumentLink::new(site, d.index, from),
                mark: mark(place.here, &index.url),
                page_count: d.pages.len(),
                pages,
                pages_truncated: truncated,
            }
        })
        .collect()
}
