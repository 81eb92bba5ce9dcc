//! The table of page kinds: every kind of page the build writes is
//! declared once, in a file of its own here, implementing `Kind`: its
//! instances, URL, template, title and view, its navigation key, whether it
//! is searched, and the print editions it offers. `KINDS` lists them in
//! output order, and every list of pages is derived from it: the pages of
//! the site (`Output::all`), the sitemap, the page count, the templates a
//! theme must have, the paths the build reserves, the URLs navigation
//! marks, the search entries and the print editions. README.md ("Adding a
//! kind of page") is the recipe for a new one.

pub mod audience;
pub mod audiences;
pub mod card;
mod colophon;
mod content;
mod not_found;
mod search;
pub mod sheet;
pub mod sheets;
mod sheets_print;

pub use audience::url as audience_url;
pub use content::default_template as default_content_template;

use super::html::BodyRenderer;
use super::print::{Downloads, Edition};
use super::ErasedView;
use crate::derive::Derived;
use crate::resolve::{PageId, Site};

/// Every kind of page, in the order the build writes (and the sitemap and
/// the search index list) them.
pub static KINDS: [&dyn Kind; 10] = [
    &content::Content,
    &audiences::Audiences,
    &audience::Audience,
    &card::Card,
    &sheets::Sheets,
    &sheet::Sheet,
    &sheets_print::SheetsPrint,
    &search::Search,
    &colophon::Colophon,
    &not_found::NotFound,
];

/// A kind of page. Instances are numbered from 0 to `count`.
pub trait Kind: Sync {
    /// A name for messages and tests, unique in `KINDS`.
    fn name(&self) -> &'static str;
    /// The URL of a kind there is one of, whatever the content.
    fn fixed_url(&self) -> Option<&'static str> {
        None
    }
    /// How many pages of the kind the site has.
    fn count(&self, _site: &Site, _derived: &Derived) -> usize {
        1
    }
    /// The URL of instance `index`, relative to the site root ("" is the
    /// home page).
    fn url(&self, _site: &Site, _derived: &Derived, _index: usize) -> String {
        self.fixed_url().expect("a kind without a fixed URL says where its pages go").to_string()
    }
    /// The template; `None` for content pages, whose front matter chooses
    /// (`content::default_template` when it names none).
    fn template(&self) -> Option<&'static str>;
    /// The templates the kind's pages may be rendered with, which every
    /// theme must have.
    fn required_templates(&self) -> Vec<&'static str> {
        self.template().into_iter().collect()
    }
    /// The title and view of instance `index`, rendered from `r` (whose
    /// `from` is the page's URL).
    fn page<'a>(&self, r: &mut BodyRenderer<'a>, downloads: &Downloads, index: usize) -> Page<'a>;
    /// For a kind with a fixed URL: the key under which templates find its
    /// link (`nav.<key>`) and whether the reader is on it
    /// (`nav.current.<key>`).
    fn nav_key(&self) -> Option<&'static str> {
        None
    }
    /// URLs the chrome marks as current (`aria-current`) besides the
    /// pages with a navigation key. Every URL a chrome template can link
    /// to must be here or there, or two pages would share a chrome they
    /// should not (see `views::chrome::ChromeKey`).
    fn marked(&self, _site: &Site, _derived: &Derived) -> Vec<String> {
        Vec::new()
    }
    /// Whether the search index reads the kind's pages.
    fn searched(&self) -> bool {
        true
    }
    /// The document a search result on instance `index` names.
    fn search_document<'a>(&self, _site: &'a Site, _derived: &'a Derived, _index: usize) -> Option<&'a str> {
        None
    }
    /// Whether the page is served at any address (the 404 page): it links
    /// as if it were at the root, marks nothing as current and is left out
    /// of the sitemap.
    fn anywhere(&self) -> bool {
        false
    }
    /// The print editions the kind's pages offer, in print order.
    fn editions(&self, _site: &Site, _derived: &Derived) -> Vec<Offer> {
        Vec::new()
    }
    /// The theme's typst files its editions are laid out with, which every
    /// theme with print editions must have.
    fn print_templates(&self) -> &'static [&'static str] {
        &[]
    }
}

/// What a kind's `page` gives the renderer.
pub struct Page<'a> {
    pub title: String,
    pub view: Box<dyn ErasedView + 'a>,
    /// The template, when the page chooses its own (content pages).
    pub template: Option<String>,
    /// The content page being rendered, if any.
    pub current: Option<PageId>,
    /// The document a derived page belongs to (see `views::chrome::Place`).
    pub document: Option<&'a str>,
    /// The chapter a derived page comes from (an exercise sheet's).
    pub chapter: Option<PageId>,
    /// The page's `description:`, for `<meta>`.
    pub description: Option<&'a str>,
}

impl<'a> Page<'a> {
    pub fn new(title: impl Into<String>, view: impl ErasedView + 'a) -> Page<'a> {
        Page {
            title: title.into(),
            view: Box::new(view),
            template: None,
            current: None,
            document: None,
            chapter: None,
            description: None,
        }
    }

    pub fn in_document(self, document: Option<&'a str>) -> Page<'a> {
        Page { document, ..self }
    }
}

/// A print edition as a page offers it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub edition: Edition,
    /// The page that offers it; the file is written beside it.
    pub page: Output,
    /// The file's name without `.pdf`, so that a downloaded file says what
    /// it is.
    pub name: String,
    /// The theme's typst file that lays it out.
    pub template: &'static str,
    /// Whether the page offers it as its own print edition (`pdf` in its
    /// view) rather than inside its view (the class sets on the sheets
    /// overview).
    pub own: bool,
    /// Whether a Word file of it is written beside the PDF (the `docx`
    /// feature), for a teacher to adapt: the sheets.
    pub editable: bool,
}

impl Offer {
    /// Where the edition is written, relative to the site root.
    pub fn file(&self, site: &Site, derived: &Derived) -> String {
        format!("{}{}.pdf", self.page.url(site, derived), self.name)
    }

    /// Where its Word file is written, if it has one.
    pub fn docx_file(&self, site: &Site, derived: &Derived) -> Option<String> {
        (cfg!(feature = "docx") && self.editable).then(|| format!("{}{}.docx", self.page.url(site, derived), self.name))
    }
}

/// Every print edition the kinds declare, in print order.
pub fn editions(site: &Site, derived: &Derived) -> Vec<Offer> {
    KINDS.iter().flat_map(|k| k.editions(site, derived)).collect()
}

/// One page of the output: a kind and the number of its instance.
#[derive(Clone, Copy)]
pub struct Output {
    pub kind: &'static dyn Kind,
    pub index: usize,
}

impl PartialEq for Output {
    fn eq(&self, other: &Output) -> bool {
        self.index == other.index && self.kind.name() == other.kind.name()
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.kind.name(), self.index)
    }
}

impl Output {
    /// Every page of the site, in a fixed order. Templates named in front
    /// matter were checked in the build, before resolve, so they exist.
    pub fn all(site: &Site, derived: &Derived) -> Vec<Output> {
        KINDS.iter().flat_map(|&kind| (0..kind.count(site, derived)).map(move |index| Output { kind, index })).collect()
    }

    /// The page's URL, relative to the site root ("" is the home page).
    pub fn url(&self, site: &Site, derived: &Derived) -> String {
        self.kind.url(site, derived, self.index)
    }

    /// The content page, when this is one.
    pub fn content(&self) -> Option<PageId> {
        self.kind.template().is_none().then(|| crate::resolve::Id::from_index(self.index))
    }
}

/// The pages with a navigation key: the key and the URL.
pub fn sections() -> impl Iterator<Item = (&'static str, &'static str)> {
    KINDS.iter().filter_map(|k| Some((k.nav_key()?, k.fixed_url()?)))
}

/// Every URL the chrome marks, in a fixed order.
pub fn marked(site: &Site, derived: &Derived) -> Vec<String> {
    let mut urls: Vec<String> = sections().map(|(_, url)| url.to_string()).collect();
    urls.extend(KINDS.iter().flat_map(|k| k.marked(site, derived)));
    urls
}

/// The URL of every page whose address does not depend on the content,
/// with its kind: a value of the content that makes one of these
/// addresses (an assignment's id, a content page's path) would replace
/// that page.
pub fn reserved_urls() -> impl Iterator<Item = (&'static dyn Kind, &'static str)> {
    KINDS.iter().filter_map(|&k| Some((k, k.fixed_url()?)))
}

/// Templates every theme must have, checked up front so a missing one is
/// one clear error, not one per page: every kind's, and those the renderer
/// includes itself (the backlinks list and one per block kind).
/// `index.html` is optional: the home page falls back to `page.html`.
pub fn required_templates() -> Vec<String> {
    let mut names: Vec<String> = KINDS.iter().flat_map(|k| k.required_templates()).map(str::to_string).collect();
    names.push(super::views::blocks::BACKLINKS_TEMPLATE.to_string());
    // An editie block has no template: its text stands as if written there.
    names.extend(crate::load::BlockKind::names().filter(|k| *k != "editie").map(super::views::blocks::template_of));
    names
}

/// Every path a page of a derived kind (not a content page) is written
/// to, with the kind's template: the paths the build reserves for its own
/// pages, which no content page may take.
pub fn reserved_paths(site: &Site, derived: &Derived) -> Vec<(String, &'static str)> {
    KINDS
        .iter()
        .filter_map(|&k| Some((k, k.template()?)))
        .flat_map(|(k, t)| {
            (0..k.count(site, derived)).map(move |i| (super::urls::file_of(&k.url(site, derived, i)), t))
        })
        .collect()
}

/// Files written besides the pages and the theme's static files: the
/// sitemap. (The search index's files are not listed: `render` writes and
/// counts them as `search::IndexBuilder` hands them over.)
pub const EXTRA_FILES: [&str; 1] = [super::sitemap::FILE];

/// The recipe in README.md ("Adding a kind of page"), checked: a kind
/// whose template the theme lacks, or whose pages share a path or take
/// one the build does not reserve, fails here.
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn shipped() -> (Site, Derived) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::Config::load(root).expect("site.yaml");
        let loaded = crate::load::load(root).expect("content/");
        assert!(loaded.diagnostics.is_empty(), "the shipped content loads");
        let site = crate::resolve::resolve(config, loaded.pages, &loaded.unreadable).expect("resolves");
        let derived = crate::derive::derive(&site);
        (site, derived)
    }

    #[test]
    fn every_kind_has_a_name_of_its_own_and_sections_a_fixed_url() {
        let names: BTreeSet<&str> = KINDS.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), KINDS.len());
        for k in KINDS.iter().filter(|k| k.nav_key().is_some()) {
            assert!(k.fixed_url().is_some(), "{} has a navigation key but no fixed URL", k.name());
        }
        let keys: BTreeSet<&str> = sections().map(|(key, _)| key).collect();
        assert_eq!(keys.len(), KINDS.iter().filter(|k| k.nav_key().is_some()).count());
    }

    #[test]
    fn every_template_a_kind_names_is_in_the_shipped_theme() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/modulepers");
        for t in required_templates() {
            assert!(theme.join("templates").join(&t).is_file(), "templates/{t} is missing");
        }
        for k in KINDS {
            for t in k.print_templates() {
                assert!(theme.join("pdf").join(t).is_file(), "pdf/{t} of {} is missing", k.name());
            }
        }
    }

    #[test]
    fn every_page_of_the_shipped_site_has_its_own_path_and_the_derived_ones_are_reserved() {
        let (site, derived) = shipped();
        let outputs = Output::all(&site, &derived);
        for k in KINDS {
            assert!(outputs.iter().any(|o| o.kind.name() == k.name()), "the shipped site has no {} page", k.name());
        }
        let files: Vec<String> = outputs.iter().map(|o| super::super::urls::file_of(&o.url(&site, &derived))).collect();
        let distinct: BTreeSet<&String> = files.iter().collect();
        assert_eq!(distinct.len(), files.len(), "two pages share a path");
        let derived_files: BTreeSet<String> =
            outputs.iter().zip(&files).filter(|(o, _)| o.content().is_none()).map(|(_, f)| f.clone()).collect();
        let reserved: BTreeSet<String> = reserved_paths(&site, &derived).into_iter().map(|(f, _)| f).collect();
        assert_eq!(reserved, derived_files);
        for (kind, url) in reserved_urls() {
            assert!(reserved.contains(&super::super::urls::file_of(url)), "{} at {url}", kind.name());
        }
    }

    #[test]
    fn every_edition_has_a_file_of_its_own_beside_a_page_that_offers_it() {
        let (site, derived) = shipped();
        let outputs = Output::all(&site, &derived);
        let offers = editions(&site, &derived);
        assert!(!offers.is_empty());
        let files: BTreeSet<String> = offers.iter().map(|o| o.file(&site, &derived)).collect();
        assert_eq!(files.len(), offers.len(), "two editions share a file");
        let templates: Vec<&str> = KINDS.iter().flat_map(|k| k.print_templates()).copied().collect();
        for o in &offers {
            assert!(outputs.contains(&o.page), "{:?} is offered on {:?}, which is not written", o.edition, o.page);
            assert!(templates.contains(&o.template), "{} is in no kind's print_templates", o.template);
        }
    }
}
