//! An audience's card: every recommendation addressed to it, in document
//! order, grouped by the chapter it stands in, each with its number and
//! its place in the web edition.

use super::view::{Convert, N};
use super::{about, site_info, About, SiteInfo};
use crate::derive::Derived;
use crate::render::{kinds, labels};
use crate::resolve::Site;
use serde::Serialize;

#[derive(Serialize)]
pub struct AudienceCard {
    site: SiteInfo,
    /// The document the recommendations come from, when they all come
    /// from one.
    about: About,
    name: String,
    /// The audience page's address; None without a base_url.
    url: Option<String>,
    count: usize,
    chapters: Vec<Chapter>,
}

#[derive(Serialize)]
struct Chapter {
    title: String,
    url: Option<String>,
    recommendations: Vec<Recommendation>,
}

#[derive(Serialize)]
struct Recommendation {
    /// "Aanbeveling 5.6.2-1", "Kernaanbeveling 3": as the web edition
    /// numbers it.
    label: String,
    key: bool,
    c: Vec<N>,
    /// None without a base_url: the card then names the place alone.
    url: Option<String>,
    /// The numbered heading it stands under ("5.6.2 Aanbevelingen"), so
    /// that paper without a web address still says where to find it.
    place: Option<String>,
}

pub fn card(site: &Site, derived: &Derived, a: usize) -> AudienceCard {
    let cx = Convert::new(site, derived, None, 3);
    let summary = &derived.audiences[a];
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut last = None;
    for &ri in &summary.recommendations {
        let r = &derived.recommendations[ri];
        let p = &site.pages[r.page];
        if last != Some(r.page) {
            last = Some(r.page);
            chapters.push(Chapter {
                title: labels::page_title(p),
                url: cx.address(&p.url, None),
                recommendations: Vec::new(),
            });
        }
        let rec = Recommendation {
            label: labels::recommendation_label(site, derived, &r.id),
            key: r.is_key,
            c: cx.nodes(r.page, &r.block.children),
            url: cx.address(&p.url, Some(&r.id)),
            place: r.numbered.or(r.section).and_then(|h| p.headings.get(h)).map(|h| h.text.clone()),
        };
        chapters.last_mut().expect("pushed above").recommendations.push(rec);
    }
    let mut documents = summary
        .recommendations
        .iter()
        .filter_map(|&ri| site.pages[derived.recommendations[ri].page].document.as_deref());
    let first = documents.next();
    let one = first.filter(|d| documents.all(|o| o == *d));
    let about = one.and_then(|d| labels::document_index(site, d)).map(|i| about(site, i)).unwrap_or_default();
    AudienceCard {
        site: site_info(site),
        about,
        name: summary.name.clone(),
        url: cx.address(&kinds::audience_url(&summary.slug), None),
        count: summary.recommendations.len(),
        chapters,
    }
}
