//! The names pages, documents, recommendations and sections are shown by:
//! computed here once, so no template works them out.

use crate::derive::Derived;
use crate::resolve::{HeadingId, Page, PageId, Site, Target};

pub fn page_title(p: &Page) -> String {
    match &p.front.number {
        Some(n) => format!("{n}. {}", p.front.title),
        None => p.front.title.clone(),
    }
}

pub fn document_index(site: &Site, doc: &str) -> Option<PageId> {
    site.documents.get(doc).map(|d| d.index)
}

pub fn document_short_title(site: &Site, doc: &str) -> Option<String> {
    let i = document_index(site, doc)?;
    let p = site.page(i);
    Some(p.front.document.as_ref().map(|d| d.short_title.clone()).unwrap_or_else(|| p.front.title.clone()))
}

/// "Aanbeveling 5.6.2-1" style label from an id by the content's
/// convention; falls back to the id.
pub fn recommendation_label(site: &Site, derived: &Derived, id: &str) -> String {
    let Some(r) = derived.recommendations.iter().find(|r| r.id == id) else { return id.to_string() };
    if r.is_key {
        let n = derived.recommendations.iter().filter(|o| o.is_key).position(|o| o.id == id).unwrap_or(0) + 1;
        return format!("Kernaanbeveling {n}");
    }
    let page = site.page(r.page);
    let number = r.numbered.map(|h| page.heading(h)).and_then(|h| h.text.split_whitespace().next());
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
pub fn section_path(p: &Page, h: HeadingId) -> String {
    let mut path = vec![p.heading(h)];
    let mut level = p.heading(h).level;
    for (_, heading) in p.headings.back_from(h).skip(1) {
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
            let p = site.page(*page);
            match anchor.as_ref().and_then(|a| p.headings.iter().find(|h| &h.id == a)) {
                Some(h) => format!("{} ({})", h.text, page_title(p)),
                None => page_title(p),
            }
        }
    }
}

/// `2022-06-16` → `16 juni 2022`: dates as Dutch readers write them; None
/// for anything but a date written as YYYY-MM-DD.
pub fn date_in_words(date: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let (y, m, d) = crate::load::front_matter::parse_date(date)?;
    Some(format!("{d} {} {y}", MONTHS[m as usize - 1]))
}
