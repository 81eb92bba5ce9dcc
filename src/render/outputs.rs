//! The registry of output pages: every page the build writes is listed here
//! once, with its URL and template. The page count, the sitemap, the files
//! the link check knows, the URLs navigation marks and the templates a
//! theme must have are all derived from it, so they cannot disagree.

use super::urls;
use crate::derive::Derived;
use crate::resolve::{PageId, Site};

/// One page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A page written in `content/`.
    Content(PageId),
    /// Every audience, with a link to its page.
    Audiences,
    /// The recommendations for one audience (index into
    /// `Derived::audiences`).
    Audience(usize),
    /// A document's summary card (index into `Derived::cards`).
    Card(usize),
    /// The overview of the exercise sheets.
    Sheets,
    /// One exercise sheet (index into `Derived::assignments`), in the
    /// student or the teacher version.
    Sheet { index: usize, teacher: bool },
    /// Every sheet on one page, to print them all at once.
    SheetsPrint,
    /// The search page.
    Search,
    /// About the site and its documents.
    Colophon,
    /// Served by web servers for a missing path.
    NotFound,
}

/// The derived pages there is one of, in the order of the registry. Each
/// has a key under which templates find its link (`nav.<key>`) and whether
/// the reader is on it (`nav.current.<key>`).
pub const SECTIONS: [Output; 5] =
    [Output::Audiences, Output::Sheets, Output::SheetsPrint, Output::Search, Output::Colophon];

/// Where the summary cards live: the card itself when there is one, each
/// card in a folder named after its document when there are more.
pub const CARDS: &str = "samenvattingskaart/";

/// The audiences overview, with each audience's page below it
/// (`urls::audience`).
pub const AUDIENCES: &str = "doelgroepen/";

/// The sheets overview, with each sheet's page below it (`urls::sheet`).
pub const SHEETS: &str = "opdrachten/";

impl Output {
    /// Every page of the site, in a fixed order. Templates named in front
    /// matter were checked in the build, before resolve, so they exist.
    pub fn all(site: &Site, derived: &Derived) -> Vec<Output> {
        let mut out: Vec<Output> = site.pages.ids().map(Output::Content).collect();
        out.push(Output::Audiences);
        out.extend((0..derived.audiences.len()).map(Output::Audience));
        out.extend((0..derived.cards.len()).map(Output::Card));
        out.push(Output::Sheets);
        for index in 0..derived.assignments.len() {
            out.push(Output::Sheet { index, teacher: false });
            out.push(Output::Sheet { index, teacher: true });
        }
        out.extend([Output::SheetsPrint, Output::Search, Output::Colophon, Output::NotFound]);
        out
    }

    /// The page's URL, relative to the site root ("" is the home page).
    pub fn url(&self, site: &Site, derived: &Derived) -> String {
        match self {
            Output::Content(i) => site.page(*i).url.clone(),
            Output::Audience(a) => urls::audience(&derived.audiences[*a].slug),
            Output::Sheet { index, teacher } => urls::sheet(&derived.assignments[*index].id, *teacher),
            Output::Card(_) if derived.cards.len() == 1 => CARDS.to_string(),
            Output::Card(c) => format!("{CARDS}{}/", crate::slug::slugify(&derived.cards[*c].document)),
            _ => self.fixed_url().expect("every other output has a fixed URL").to_string(),
        }
    }

    /// The URL of a page there is one of.
    pub fn fixed_url(&self) -> Option<&'static str> {
        Some(match self {
            Output::Audiences => AUDIENCES,
            Output::Sheets => SHEETS,
            Output::SheetsPrint => "opdrachten/afdrukken/",
            Output::Search => "zoeken/",
            Output::Colophon => "colofon/",
            // Served for any missing path, so it lives at the root and
            // links as if it were there; the template sets <base>.
            Output::NotFound => "404.html",
            Output::Content(_) | Output::Audience(_) | Output::Card(_) | Output::Sheet { .. } => return None,
        })
    }

    /// The template of a derived page; content pages choose their own (see
    /// `views::content`).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            Output::Content(_) => return None,
            Output::Audiences => "audiences.html",
            Output::Audience(_) => "audience.html",
            Output::Card(_) => "card.html",
            Output::Sheets => "sheets.html",
            Output::Sheet { .. } => "sheet.html",
            Output::SheetsPrint => "sheets-print.html",
            Output::Search => "search.html",
            Output::Colophon => "colophon.html",
            Output::NotFound => "404.html",
        })
    }

    /// The key of a section page in `nav` and `nav.current`.
    pub fn nav_key(&self) -> Option<&'static str> {
        Some(match self {
            Output::Audiences => "audiences",
            Output::Sheets => "sheets",
            Output::SheetsPrint => "sheets_print",
            Output::Search => "search",
            Output::Colophon => "colophon",
            _ => return None,
        })
    }

    /// Whether the page belongs in `sitemap.xml`: every page but the one
    /// served for missing paths.
    pub fn in_sitemap(&self) -> bool {
        !matches!(self, Output::NotFound)
    }

    /// The template rendering a page when its front matter names none.
    pub fn default_content_template(url: &str) -> &'static str {
        if url.is_empty() {
            "index.html"
        } else {
            "page.html"
        }
    }
}

/// The URL of every page there is one of, with the page: a value of the
/// content that makes one of these addresses (an assignment's id, a
/// content page's path) would replace that page, so it is refused where it
/// is read.
pub fn reserved_urls() -> impl Iterator<Item = (Output, &'static str)> {
    SECTIONS.into_iter().chain([Output::NotFound]).filter_map(|o| Some((o, o.fixed_url()?)))
}

/// Templates every theme must have, checked up front so a missing one is
/// one clear error, not one per page: the derived pages' templates, the
/// content page template, and those the renderer includes itself (the
/// backlinks list and one per block kind). `index.html` is optional: the
/// home page falls back to `page.html`.
pub fn required_templates() -> Vec<String> {
    let derived = [
        Output::Audiences,
        Output::Audience(0),
        Output::Card(0),
        Output::Sheets,
        Output::Sheet { index: 0, teacher: false },
        Output::SheetsPrint,
        Output::Search,
        Output::Colophon,
        Output::NotFound,
    ];
    let mut names = vec!["page.html".to_string()];
    names.extend(derived.iter().filter_map(|o| o.template()).map(str::to_string));
    names.push(super::views::blocks::BACKLINKS_TEMPLATE.to_string());
    // An editie block has no template: its text stands as if written there.
    names.extend(
        crate::load::BlockKind::NAMES.iter().filter(|k| **k != "editie").map(|k| super::views::blocks::template_of(k)),
    );
    names
}

/// Files written besides the pages and the theme's static files: the
/// sitemap. (The search index's files are not listed: `render` writes and
/// counts them as `search::IndexBuilder` hands them over.)
pub const EXTRA_FILES: [&str; 1] = [super::sitemap::FILE];
