//! Views of the templates the body renderer includes: one per block kind
//! (`blocks/<kind>.html`) and the "Zie ook" list (`partials/backlinks.html`).

use crate::load::BlockKind;
use crate::render::html::BodyRenderer;
use crate::render::{labels, urls};
use crate::resolve::{Block, HeadingId, PageId};
use serde::Serialize;

pub const BACKLINKS_TEMPLATE: &str = "partials/backlinks.html";

/// The template of a block kind.
pub fn template_of(kind: &str) -> String {
    format!("blocks/{kind}.html")
}

/// What every block template gets.
#[derive(Serialize)]
pub struct BlockView<'a> {
    /// The block kind, as content writes it (`aanbeveling`, …).
    pub kind: &'static str,
    /// The block's `#id`, if it has one.
    pub id: Option<&'a str>,
    /// The way back to the site root.
    pub root: String,
    /// Whether the block is shown on its own page (it then carries its id)
    /// rather than as an excerpt on a derived page.
    pub on_page: bool,
    /// The block's content as HTML (for `opdracht`: empty, see `task`).
    pub body: String,
}

/// `blocks/aanbeveling.html`: a recommendation.
#[derive(Serialize)]
pub struct RecommendationBlock<'a> {
    /// A key recommendation (`kern`).
    pub is_key: bool,
    /// "Kernaanbeveling 2", "Aanbeveling 5.6.2-1".
    pub label: Option<String>,
    pub audiences: Vec<AudienceLink<'a>>,
    /// The recommendations this one summarises (`samenvat`).
    pub summarises: Vec<RecommendationLink>,
    /// The key recommendations that summarise this one.
    pub summarised_by: Vec<RecommendationLink>,
}

#[derive(Serialize)]
pub struct AudienceLink<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub href: String,
    /// Whether this is the audience whose page is being rendered.
    pub is_current: bool,
}

impl<'a> AudienceLink<'a> {
    /// The link to an audience's page from the page at `from`.
    pub fn new(audience: &'a crate::config::Audience, from: &str) -> Self {
        let url = crate::render::kinds::audience_url(&audience.slug);
        AudienceLink {
            slug: &audience.slug,
            name: &audience.name,
            href: urls::relative(from, &url, None),
            is_current: from == url,
        }
    }
}

#[derive(Serialize)]
pub struct RecommendationLink {
    pub id: String,
    pub href: String,
    pub label: String,
}

/// `blocks/opdracht.html`: an assignment.
#[derive(Serialize)]
pub struct AssignmentBlock {
    pub number: Option<usize>,
    pub title: String,
    pub work_form: Option<String>,
    pub answer_lines: u32,
    /// The task as HTML, without the teacher notes.
    pub task: String,
    /// The teacher notes (`docent` blocks inside) as HTML.
    pub teacher: String,
    pub sheet_href: Option<String>,
    pub teacher_href: Option<String>,
}

/// `blocks/voorbeeld.html`.
#[derive(Serialize)]
pub struct ExampleBlock<'a> {
    pub title: &'a str,
}

/// `blocks/bron.html`.
#[derive(Serialize)]
pub struct SourceBlock<'a> {
    pub label: &'a str,
}

/// `blocks/figuur.html`.
#[derive(Serialize)]
pub struct FigureBlock<'a> {
    pub title: &'a str,
    /// The caption was written by the editors (`redactioneel`).
    pub editorial: bool,
}

/// `blocks/begrip.html`: a glossary entry.
#[derive(Serialize)]
pub struct TermBlock<'a> {
    pub term: &'a str,
    /// Where the document defines the term.
    pub definition_href: Option<String>,
    pub definition_label: Option<String>,
}

/// `partials/backlinks.html`.
#[derive(Serialize)]
pub struct BacklinksView {
    pub links: Vec<Backlink>,
}

#[derive(Serialize)]
pub struct Backlink {
    pub href: String,
    /// The title of the page linking here.
    pub page: String,
    /// The heading of the section linking here, if not the page's top.
    pub section: Option<String>,
    /// The short title of that page's document.
    pub document: Option<String>,
}

/// Renders a block through its template.
pub fn render(r: &mut BodyRenderer, b: &Block) -> String {
    // Text for one edition stands on the page as if written there, or not
    // at all.
    if let BlockKind::Editie { web } = b.kind {
        return if web { r.block_body(b) } else { String::new() };
    }
    let site = r.site;
    let derived = r.derived;
    let body = if matches!(b.kind, BlockKind::Opdracht { .. }) { String::new() } else { r.block_body(b) };
    let common = BlockView {
        kind: b.kind.name(),
        id: b.id.as_deref(),
        root: urls::root(r.from),
        on_page: r.page.is_some(),
        body,
    };
    let template = template_of(b.kind.name());
    match &b.kind {
        BlockKind::Aanbeveling { doelgroepen, kern, samenvat } => {
            let audiences = doelgroepen
                .iter()
                .filter_map(|(slug, _)| site.config.audience(slug))
                .map(|a| AudienceLink::new(a, r.from))
                .collect();
            let summarises = samenvat
                .iter()
                .filter_map(|(id, _)| site.ids.get(id).map(|t| (id, t)))
                .map(|(id, t)| RecommendationLink {
                    id: id.clone(),
                    href: urls::relative(r.from, &site.page(t.page).url, t.anchor.as_deref()),
                    label: labels::recommendation_label(site, derived, id),
                })
                .collect();
            let summarised_by = derived
                .recommendations
                .iter()
                .filter(|rec| rec.summarises.iter().any(|s| Some(s) == b.id.as_ref()))
                .map(|rec| RecommendationLink {
                    id: rec.id.clone(),
                    href: urls::relative(r.from, &site.page(rec.page).url, Some(&rec.id)),
                    label: labels::recommendation_label(site, derived, &rec.id),
                })
                .collect();
            let view = RecommendationBlock {
                is_key: *kern,
                label: b.id.as_deref().map(|id| labels::recommendation_label(site, derived, id)),
                audiences,
                summarises,
                summarised_by,
            };
            r.partial(&template, &common, &view)
        }
        BlockKind::Opdracht { titel, werkvorm, schrijfregels } => {
            let a = derived.assignments.iter().find(|a| Some(&a.id) == b.id.as_ref());
            let (task, teacher) = match a {
                Some(a) => (r.nodes(&a.task), r.nodes(&a.teacher)),
                None => (String::new(), String::new()),
            };
            let view = AssignmentBlock {
                number: a.map(|a| a.number),
                title: titel.clone(),
                work_form: werkvorm.clone(),
                answer_lines: *schrijfregels,
                task,
                teacher,
                sheet_href: b
                    .id
                    .as_ref()
                    .map(|id| urls::relative(r.from, &crate::render::kinds::sheet::url(id, false), None)),
                teacher_href: b
                    .id
                    .as_ref()
                    .map(|id| urls::relative(r.from, &crate::render::kinds::sheet::url(id, true), None)),
            };
            r.partial(&template, &common, &view)
        }
        BlockKind::Voorbeeld { titel } => r.partial(&template, &common, &ExampleBlock { title: titel }),
        BlockKind::Bron { label } => r.partial(&template, &common, &SourceBlock { label }),
        BlockKind::Figuur { titel, redactioneel } => {
            r.partial(&template, &common, &FigureBlock { title: titel, editorial: *redactioneel })
        }
        BlockKind::Begrip { term, .. } => {
            let view = TermBlock {
                term,
                definition_href: b.definition.as_ref().map(|t| r.href(t)),
                definition_label: b.definition.as_ref().map(|t| labels::target_label(site, t)),
            };
            r.partial(&template, &common, &view)
        }
        BlockKind::Docent | BlockKind::Redactie | BlockKind::Leerdoelen => r.partial(&template, &common, &()),
        BlockKind::Editie { .. } => unreachable!("set above"),
    }
}

/// The "Zie ook" list for a section, or nothing.
pub fn backlinks(r: &mut BodyRenderer, page: PageId, heading: Option<HeadingId>) -> String {
    let Some(list) = r.derived.backlinks.get(&(page, heading)) else { return String::new() };
    let links = list
        .iter()
        .map(|b| {
            let p = r.site.page(b.from_page);
            let h = b.from_section.and_then(|h| p.headings.get(h));
            Backlink {
                href: urls::relative(r.from, &p.url, h.map(|h| h.id.as_str())),
                page: labels::page_title(p),
                section: h.map(|h| h.text.clone()),
                document: p.document.as_ref().and_then(|d| labels::document_short_title(r.site, d)),
            }
        })
        .collect();
    r.partial(BACKLINKS_TEMPLATE, &(), &BacklinksView { links })
}
