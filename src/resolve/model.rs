//! The resolved site: pages with their headings, bodies whose links are
//! targets rather than text, and the maps later stages look things up in.

use super::index::IdVec;
pub use super::index::{HeadingId, Id, PageId};
use super::Target;
use crate::config::Config;
use crate::diagnostic::Position;
use crate::load::{self, BlockKind};
use pulldown_cmark::{CowStr, Event, HeadingLevel};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a global id (a page's `id:` or a block's `#id`) points: a page,
/// and the anchor on it (`None` for a page id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTarget {
    pub page: PageId,
    pub anchor: Option<String>,
}

/// Global ids → where they point. Ids are unique across the site.
pub type Ids = BTreeMap<String, IdTarget>;

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub pages: Pages,
    /// Global ids (page ids and block ids) → page and anchor.
    pub ids: Ids,
    /// Every internal link, for backlinks.
    pub links: Vec<LinkRecord>,
    /// Every address outside the site that content links to (or shows an
    /// image from), where it is written: what `check --external` asks.
    pub external: Vec<ExternalLink>,
    /// Documents by folder: their front page and pages in reading order.
    /// Kept here so later stages look a document up instead of scanning
    /// every page for every page.
    pub documents: BTreeMap<String, Document>,
    /// Resolved `related` targets of audiences without recommendations.
    pub audience_related: BTreeMap<String, Vec<Target>>,
    /// The summary cards, one per document that configures one, in
    /// document order.
    pub cards: Vec<CardSpec>,
}

/// The site's pages in reading order, indexed by `PageId`.
pub type Pages = IdVec<PageId, Page>;

/// A page's headings in document order, indexed by `HeadingId`.
pub type Headings = IdVec<HeadingId, Heading>;

impl Site {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id]
    }
}

/// A document's summary card: its items with the section each takes from.
#[derive(Debug, Clone)]
pub struct CardSpec {
    pub document: String,
    pub items: Vec<(crate::config::CardItem, Target)>,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The document's `_index.md`.
    pub index: PageId,
    /// Its other pages, in reading order.
    pub pages: Vec<PageId>,
}

#[derive(Debug)]
pub struct Page {
    pub file: PathBuf,
    pub content_path: String,
    pub url: String,
    pub document: Option<String>,
    pub is_index: bool,
    pub front: load::FrontMatter,
    pub headings: Headings,
    pub body: Vec<Node>,
}

impl Page {
    pub fn heading(&self, id: HeadingId) -> &Heading {
        &self.headings[id]
    }

    /// The heading whose id is `anchor`, if the anchor is a heading's.
    pub fn heading_by_anchor(&self, anchor: &str) -> Option<HeadingId> {
        self.headings.with_ids().find(|(_, h)| h.id == anchor).map(|(id, _)| id)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub enum Node {
    Markdown(Vec<Item>),
    Block(Block),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub id: Option<String>,
    /// Index into the page's headings of the section this block stands in.
    pub section: Option<HeadingId>,
    /// For a begrip: where the document defines the term.
    pub definition: Option<Target>,
    pub children: Vec<Node>,
}

/// A Markdown event, or one of the two the renderer must treat specially:
/// links (their URL depends on the page they are rendered on) and headings
/// (their id was chosen here).
#[derive(Debug, Clone)]
pub enum Item {
    Event(Event<'static>),
    LinkStart { target: Target, title: CowStr<'static> },
    LinkEnd,
    HeadingStart { level: HeadingLevel, heading: HeadingId },
    HeadingEnd,
}

#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub file: PathBuf,
    pub position: Position,
    /// Characters from `position` the link covers (0: unknown).
    pub len: usize,
}

#[derive(Debug, Clone)]
pub struct LinkRecord {
    pub from_page: PageId,
    pub from_section: Option<HeadingId>,
    pub target: Target,
}
