//! The views of the derived pages: the audience pages, the summary card,
//! the exercise sheets and their overview, the colophon.

use super::blocks::AudienceLink;
use super::{DocumentLink, Link};
use crate::render::html::BodyRenderer;
use crate::render::kinds::sheet::url as sheet_url;
use crate::render::labels::{self, page_title};
use crate::render::print::WordDownload;
use crate::render::urls;
use crate::resolve::{HeadingId, PageId};
use serde::Serialize;

/// A recommendation as the audience pages and the card show it.
#[derive(Serialize)]
pub struct RecommendationView<'a> {
    pub id: &'a str,
    pub label: String,
    pub is_key: bool,
    pub html: String,
    /// Its place in the document.
    pub href: String,
    pub audiences: Vec<AudienceLink<'a>>,
}

fn recommendation<'a>(r: &mut BodyRenderer<'a>, index: usize) -> RecommendationView<'a> {
    let (site, derived) = (r.site, r.derived);
    let rec = &derived.recommendations[index];
    let p = site.page(rec.page);
    RecommendationView {
        id: &rec.id,
        label: labels::recommendation_label(site, derived, &rec.id),
        is_key: rec.is_key,
        html: r.nodes(&rec.block.children),
        href: urls::relative(r.from, &p.url, Some(&rec.id)),
        audiences: rec
            .audiences
            .iter()
            .filter_map(|s| site.config.audience(s))
            .map(|a| AudienceLink::new(a, r.from))
            .collect(),
    }
}

/// `audience.html`: the recommendations for one audience.
#[derive(Serialize)]
pub struct AudienceView<'a> {
    pub audience: AudiencePage<'a>,
}

#[derive(Serialize)]
pub struct AudiencePage<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    /// How many recommendations, and how many of them are key ones.
    pub count: usize,
    pub key_count: usize,
    /// The document its recommendations (or related text) come from.
    pub document: Option<DocumentLink<'a>>,
    /// The recommendations by chapter, then by phase within it.
    pub chapters: Vec<AudienceChapter<'a>>,
    /// For an audience without recommendations: text written for it.
    pub related: Vec<RelatedLink>,
}

#[derive(Serialize)]
pub struct AudienceChapter<'a> {
    pub title: String,
    pub href: String,
    pub phases: Vec<Phase<'a>>,
}

/// The level-2 section of a chapter the recommendations stand in.
#[derive(Serialize)]
pub struct Phase<'a> {
    pub title: Option<String>,
    pub href: Option<String>,
    pub recommendations: Vec<RecommendationView<'a>>,
}

#[derive(Serialize)]
pub struct RelatedLink {
    pub href: String,
    pub label: String,
}

pub fn audience<'a>(r: &mut BodyRenderer<'a>, a: usize) -> (String, AudienceView<'a>) {
    let (site, derived) = (r.site, r.derived);
    let summary = &derived.audiences[a];
    // Grouped by chapter, then by the phase (level-2 section) within it.
    let mut chapters: Vec<AudienceChapter> = Vec::new();
    let mut last: Option<(PageId, Option<HeadingId>)> = None;
    for &ri in &summary.recommendations {
        let rec = &derived.recommendations[ri];
        let p = site.page(rec.page);
        if last.map(|(pg, _)| pg) != Some(rec.page) {
            chapters.push(AudienceChapter {
                title: page_title(p),
                href: urls::relative(r.from, &p.url, None),
                phases: Vec::new(),
            });
            last = Some((rec.page, None));
        }
        let chapter = chapters.last_mut().expect("pushed above");
        if last.and_then(|(_, ph)| ph) != rec.phase || chapter.phases.is_empty() {
            let phase = rec.phase.and_then(|h| p.headings.get(h));
            chapter.phases.push(Phase {
                title: phase.map(|h| h.text.clone()),
                href: phase.map(|h| urls::relative(r.from, &p.url, Some(&h.id))),
                recommendations: Vec::new(),
            });
            last = Some((rec.page, rec.phase));
        }
        let v = recommendation(r, ri);
        if let Some(phase) = chapters.last_mut().and_then(|c| c.phases.last_mut()) {
            phase.recommendations.push(v);
        }
    }
    let related: Vec<RelatedLink> =
        summary.related.iter().map(|t| RelatedLink { href: r.href(t), label: labels::target_label(site, t) }).collect();
    let document = audience_document(r, a).and_then(|d| DocumentLink::of(site, d, r.from));
    let view = AudienceView {
        audience: AudiencePage {
            slug: &summary.slug,
            name: &summary.name,
            description: &summary.description,
            count: summary.recommendations.len(),
            key_count: summary.recommendations.iter().filter(|&&i| derived.recommendations[i].is_key).count(),
            document,
            chapters,
            related,
        },
    };
    (summary.name.clone(), view)
}

/// The document all of `pages` belong to, if they belong to one.
pub fn single_document<'a>(r: &BodyRenderer<'a>, mut pages: impl Iterator<Item = PageId>) -> Option<&'a str> {
    let site = r.site;
    let first = site.page(pages.next()?).document.as_deref()?;
    pages.all(|p| site.page(p).document.as_deref() == Some(first)).then_some(first)
}

/// The document an audience page belongs to: the one its recommendations
/// (or, without them, the texts related to it) come from, if that is one.
pub fn audience_document<'a>(r: &BodyRenderer<'a>, a: usize) -> Option<&'a str> {
    let derived = r.derived;
    let summary = &derived.audiences[a];
    if summary.recommendations.is_empty() {
        let related = summary.related.iter().filter_map(|t| match t {
            crate::resolve::Target::Page { page, .. } => Some(*page),
            crate::resolve::Target::External(_) => None,
        });
        single_document(r, related)
    } else {
        single_document(r, summary.recommendations.iter().map(|&i| derived.recommendations[i].page))
    }
}

/// `card.html`: the summary card.
#[derive(Serialize)]
pub struct CardView<'a> {
    pub card: Card<'a>,
}

#[derive(Serialize)]
pub struct Card<'a> {
    pub document: Option<DocumentLink<'a>>,
    /// The sections site.yaml names, cut from the text.
    pub sections: Vec<CardSection>,
    /// The key recommendations, grouped by the exact set of audiences they
    /// name.
    pub groups: Vec<KeyGroup<'a>>,
}

#[derive(Serialize)]
pub struct CardSection {
    pub title: String,
    pub html: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct KeyGroup<'a> {
    /// The audiences' names.
    pub audiences: Vec<&'a str>,
    /// The number of the group's first recommendation: they are numbered
    /// across the card.
    pub start: usize,
    pub recommendations: Vec<NumberedRecommendation<'a>>,
}

#[derive(Serialize)]
pub struct NumberedRecommendation<'a> {
    pub number: usize,
    #[serde(flatten)]
    pub recommendation: RecommendationView<'a>,
}

pub fn card<'a>(r: &mut BodyRenderer<'a>, c: usize) -> (String, CardView<'a>) {
    let (site, derived) = (r.site, r.derived);
    let doc = derived.cards[c].document.as_str();
    let document = DocumentLink::of(site, doc, r.from);
    let sections = derived.cards[c]
        .sections
        .iter()
        .map(|s| {
            let p = site.page(s.page);
            CardSection {
                title: s.title.clone(),
                html: r.nodes(&s.nodes),
                href: urls::relative(r.from, &p.url, s.heading.and_then(|h| p.headings.get(h)).map(|h| h.id.as_str())),
            }
        })
        .collect();
    let mut groups: Vec<KeyGroup> = Vec::new();
    let mut number = 0;
    for i in 0..derived.recommendations.len() {
        let rec = &derived.recommendations[i];
        if !rec.is_key || site.page(rec.page).document.as_deref() != Some(doc) {
            continue;
        }
        let names: Vec<&str> =
            rec.audiences.iter().filter_map(|s| site.config.audience(s)).map(|a| a.name.as_str()).collect();
        let recommendation = recommendation(r, i);
        let group = match groups.iter().position(|g| g.audiences == names) {
            Some(g) => g,
            None => {
                groups.push(KeyGroup { audiences: names, start: 0, recommendations: Vec::new() });
                groups.len() - 1
            }
        };
        groups[group].recommendations.push(NumberedRecommendation { number: 0, recommendation });
    }
    // Numbered in the order the card shows them: group by group.
    for g in &mut groups {
        g.start = number + 1;
        for rec in &mut g.recommendations {
            number += 1;
            rec.number = number;
        }
    }
    let title = document.as_ref().map(|d| d.title).unwrap_or_default();
    (format!("Samenvattingskaart {title}"), CardView { card: Card { document, sections, groups } })
}

/// One assignment in the overview of sheets.
#[derive(Serialize)]
pub struct SheetSummary<'a> {
    pub id: &'a str,
    pub number: usize,
    pub title: &'a str,
    pub work_form: Option<&'a str>,
    /// The student sheet and the teacher version.
    pub href: String,
    pub teacher_href: String,
    pub has_teacher_notes: bool,
    /// The first sentence of the task.
    pub about: String,
    /// The assignment in its chapter.
    pub chapter: Link,
    /// The headings it stands under, joined.
    pub section: Option<String>,
    /// The editable Word files of the student sheet and the teacher
    /// version, when the build wrote them.
    pub word: Option<WordDownload>,
    pub teacher_word: Option<WordDownload>,
}

/// `sheets.html`: the overview of the sheets.
#[derive(Serialize)]
pub struct SheetsView<'a> {
    /// The document the assignments come from, if they all come from one.
    pub document: Option<DocumentLink<'a>>,
    /// Every document with assignments, in site order: the overview names
    /// where its assignments come from.
    pub documents: Vec<DocumentLink<'a>>,
    pub sheets: Vec<SheetSummary<'a>>,
    /// Numbers of the assignments the source gives a teacher note: the
    /// overview promises teacher guidance for these only.
    pub with_teacher_notes: Vec<usize>,
    /// The class sets in print (every student sheet, every teacher sheet),
    /// when the build wrote them.
    pub class_sets: ClassSets,
}

/// The two class sets: one PDF of every sheet for students, one of every
/// teacher version.
#[derive(Serialize, Default)]
pub struct ClassSets {
    pub students: Option<crate::render::print::Download>,
    pub teachers: Option<crate::render::print::Download>,
    /// Per assignment, the Word files of its two sheets (student, teacher).
    #[serde(skip)]
    pub word: Vec<[Option<WordDownload>; 2]>,
}

/// The document the sheets come from, if they come from one.
pub fn sheets_document<'a>(r: &BodyRenderer<'a>) -> Option<&'a str> {
    single_document(r, r.derived.assignments.iter().map(|a| a.page))
}

pub fn sheets<'a>(r: &mut BodyRenderer<'a>, mut class_sets: ClassSets) -> SheetsView<'a> {
    let (site, derived) = (r.site, r.derived);
    let mut word = std::mem::take(&mut class_sets.word).into_iter();
    let sheets = derived
        .assignments
        .iter()
        .map(|a| {
            let p = site.page(a.page);
            let [word, teacher_word] = word.next().unwrap_or_default();
            SheetSummary {
                id: &a.id,
                number: a.number,
                title: &a.title,
                work_form: a.work_form.as_deref(),
                href: urls::relative(r.from, &sheet_url(&a.id, false), None),
                teacher_href: urls::relative(r.from, &sheet_url(&a.id, true), None),
                has_teacher_notes: !a.teacher.is_empty(),
                about: first_sentence(&plain_text(&r.nodes(&a.task))),
                chapter: Link { title: page_title(p), href: urls::relative(r.from, &p.url, Some(&a.id)) },
                section: a.section.map(|h| labels::section_path(p, h)),
                word,
                teacher_word,
            }
        })
        .collect::<Vec<SheetSummary>>();
    let with_teacher_notes = sheets.iter().filter(|s| s.has_teacher_notes).map(|s| s.number).collect();
    let mut documents: Vec<&str> = Vec::new();
    for d in derived.assignments.iter().filter_map(|a| site.page(a.page).document.as_deref()) {
        if !documents.contains(&d) {
            documents.push(d);
        }
    }
    SheetsView {
        document: sheets_document(r).and_then(|d| DocumentLink::of(site, d, r.from)),
        documents: documents.into_iter().filter_map(|d| DocumentLink::of(site, d, r.from)).collect(),
        sheets,
        with_teacher_notes,
        class_sets,
    }
}

/// The answer space of one step of a sheet.
#[derive(Serialize)]
pub struct StepView {
    /// As the task numbers it; 0 for a task without steps.
    pub number: usize,
    pub lines: u32,
}

/// `sheet.html`: one sheet.
#[derive(Serialize)]
pub struct SheetView<'a> {
    pub sheet: Sheet<'a>,
}

/// A sheet, as `partials/sheet.html` lays it out.
#[derive(Serialize)]
pub struct Sheet<'a> {
    pub number: usize,
    pub title: &'a str,
    pub work_form: Option<&'a str>,
    /// How many lines to leave for the answers, in all.
    pub answer_lines: u32,
    /// Each step's answer space (the student sheet only).
    pub steps: Vec<StepView>,
    /// The task, its steps numbered.
    pub task: String,
    /// The source's sentence arranging the class (teacher version).
    pub arrangement: Option<&'a str>,
    /// The school's settings from site.yaml (`opdrachtbladen:`).
    pub time: Option<&'a str>,
    pub hand_in: Option<&'a str>,
    /// The teacher notes, on the teacher version only.
    pub teacher: Option<String>,
    pub has_teacher_notes: bool,
    pub is_teacher: bool,
    pub document: Option<DocumentLink<'a>>,
    pub chapter: Link,
    /// The section it stands in (its title is the path of headings).
    pub section: Option<Link>,
    /// The assignment in the document.
    pub back_href: String,
    /// The learning goals of its document.
    pub goals: Option<String>,
    /// The other version of the sheet.
    pub other_href: String,
    /// The sheet's id on the page (unique on the print-all page too).
    pub anchor: String,
}

pub fn sheet<'a>(r: &mut BodyRenderer<'a>, index: usize, teacher: bool) -> Sheet<'a> {
    let (site, derived) = (r.site, r.derived);
    let a = &derived.assignments[index];
    let p = site.page(a.page);
    let goals = a.document.as_ref().and_then(|d| derived.learning_goals.get(d));
    let school = site.config.sheets.get(&a.id);
    Sheet {
        number: a.number,
        title: &a.title,
        work_form: a.work_form.as_deref(),
        answer_lines: a.steps.iter().map(|s| s.lines).sum(),
        steps: if teacher {
            Vec::new()
        } else {
            a.steps.iter().map(|s| StepView { number: s.number, lines: s.lines }).collect()
        },
        task: r.nodes(&a.sheet_task),
        arrangement: a.arrangement.as_deref(),
        time: school.and_then(|s| s.tijd.as_deref()),
        hand_in: school.and_then(|s| s.inleveren.as_deref()),
        teacher: teacher.then(|| r.nodes(&a.teacher)),
        has_teacher_notes: !a.teacher.is_empty(),
        is_teacher: teacher,
        document: a.document.as_deref().and_then(|d| DocumentLink::of(site, d, r.from)),
        chapter: Link { title: page_title(p), href: urls::relative(r.from, &p.url, None) },
        section: a.section.and_then(|h| {
            let heading = p.headings.get(h)?;
            Some(Link { title: labels::section_path(p, h), href: urls::relative(r.from, &p.url, Some(&heading.id)) })
        }),
        back_href: urls::relative(r.from, &p.url, Some(&a.id)),
        goals: goals.map(|g| r.nodes(&g.children)),
        other_href: urls::relative(r.from, &sheet_url(&a.id, !teacher), None),
        anchor: format!("{}{}", a.id, if teacher { "-docent" } else { "" }),
    }
}

/// The title of a sheet's page.
pub fn sheet_title(r: &BodyRenderer, index: usize, teacher: bool) -> String {
    let a = &r.derived.assignments[index];
    format!("Opdracht {}: {}{}", a.number, a.title, if teacher { " (docentversie)" } else { "" })
}

/// `sheets-print.html`: every sheet, student and teacher version.
#[derive(Serialize)]
pub struct SheetsPrintView<'a> {
    pub document: Option<DocumentLink<'a>>,
    pub sheets: Vec<Sheet<'a>>,
}

pub fn sheets_print<'a>(r: &mut BodyRenderer<'a>) -> SheetsPrintView<'a> {
    let sheets =
        (0..r.derived.assignments.len()).flat_map(|i| [(i, false), (i, true)]).map(|(i, t)| sheet(r, i, t)).collect();
    SheetsPrintView { document: sheets_document(r).and_then(|d| DocumentLink::of(r.site, d, r.from)), sheets }
}

/// `colophon.html`: the documents with their data.
#[derive(Serialize)]
pub struct ColophonView<'a> {
    pub documents: Vec<DocumentLink<'a>>,
}

pub fn colophon<'a>(r: &BodyRenderer<'a>) -> ColophonView<'a> {
    let site = r.site;
    let documents = site
        .pages
        .with_ids()
        .filter(|(_, p)| p.is_index && p.front.document.is_some())
        .map(|(i, _)| DocumentLink::new(site, i, r.from))
        .collect();
    ColophonView { documents }
}

fn plain_text(html: &str) -> String {
    // An editorial insertion is not the source's text: an excerpt quoted
    // as the source's (a sheet's first sentence) leaves it out.
    let mut html = html.to_string();
    while let Some(a) = html.find("<ins") {
        let b = html[a..].find("</ins>").map_or(html.len(), |e| a + e + "</ins>".len());
        html.replace_range(a..b, "");
    }
    crate::html::text(&html)
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}
