//! Every output page: which template renders it, at which URL, with what.

use super::context::{self, page_title};
use super::html::{merge, BodyRenderer};
use super::{urls, Theme};
use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::resolve::Site;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub enum Out {
    Content(usize),
    AudienceIndex,
    Audience(usize),
    Card,
    SheetIndex,
    Sheet { index: usize, teacher: bool },
    SheetsPrint,
    Search,
    Colofon,
    NotFound,
}

/// Every page of the site. Templates named in front matter were checked in
/// the build, before resolve, so they exist here.
pub fn all(site: &Site, derived: &Derived) -> Vec<Out> {
    let mut out: Vec<Out> = (0..site.pages.len()).map(Out::Content).collect();
    out.push(Out::AudienceIndex);
    out.extend((0..derived.audiences.len()).map(Out::Audience));
    out.push(Out::Card);
    out.push(Out::SheetIndex);
    for index in 0..derived.assignments.len() {
        out.push(Out::Sheet { index, teacher: false });
        out.push(Out::Sheet { index, teacher: true });
    }
    out.extend([Out::SheetsPrint, Out::Search, Out::Colofon, Out::NotFound]);
    out
}

pub fn url_of(site: &Site, derived: &Derived, out: &Out) -> String {
    match out {
        Out::Content(i) => site.pages[*i].url.clone(),
        Out::AudienceIndex => urls::AUDIENCES.into(),
        Out::Audience(a) => urls::audience(&derived.audiences[*a].slug),
        Out::Card => urls::CARD.into(),
        Out::SheetIndex => urls::SHEETS.into(),
        Out::Sheet { index, teacher } => urls::sheet(&derived.assignments[*index].id, *teacher),
        Out::SheetsPrint => urls::SHEETS_PRINT.into(),
        Out::Search => urls::SEARCH.into(),
        Out::Colofon => urls::COLOFON.into(),
        // Served for any missing path, so it lives at the root and links as
        // if it were there; the template sets <base> from base_url.
        Out::NotFound => "404.html".into(),
    }
}

/// Renders one page: (file path in the output, HTML).
pub fn render(
    site: &Site,
    derived: &Derived,
    theme: &Theme,
    nav: &context::Nav,
    chrome: &super::chrome::Chrome,
    out: &Out,
) -> Result<(String, String), Diagnostic> {
    let url = url_of(site, derived, out);
    let from = if matches!(out, Out::NotFound) { "" } else { url.as_str() };
    let mut r = BodyRenderer::new(site, derived, theme, from, None);
    let (template, title, extra) = match out {
        Out::Content(i) => content(&mut r, *i),
        Out::AudienceIndex => ("audiences.html".to_string(), "Doelgroepen".to_string(), json!({})),
        Out::Audience(a) => audience(&mut r, *a),
        Out::Card => card(&mut r),
        Out::SheetIndex => sheet_index(&mut r),
        Out::Sheet { index, teacher } => {
            let s = sheet(&mut r, *index, *teacher);
            let title = s["sheet"]["title"].as_str().unwrap_or_default().to_string();
            ("sheet.html".into(), title, s)
        }
        Out::SheetsPrint => {
            let sheets: Vec<Value> = (0..derived.assignments.len())
                .flat_map(|i| [sheet(&mut r, i, false), sheet(&mut r, i, true)])
                .map(|s| s["sheet"].clone())
                .collect();
            ("sheets-print.html".into(), "Alle opdrachtbladen afdrukken".into(), json!({ "sheets": sheets }))
        }
        Out::Search => ("search.html".into(), "Zoeken".into(), json!({})),
        Out::Colofon => colofon(&mut r),
        Out::NotFound => {
            ("404.html".into(), "Pagina niet gevonden".into(), json!({ "base_url": site.config.base_url }))
        }
    };
    let current = match out {
        Out::Content(i) => Some(*i),
        _ => None,
    };
    let card_document = site.config.summary_card.as_ref().map(|c| c.document.as_str());
    let document = match out {
        Out::Audience(_) | Out::AudienceIndex | Out::Card => card_document,
        Out::Sheet { index, .. } => derived.assignments[*index].document.as_deref(),
        Out::SheetIndex | Out::SheetsPrint => derived.assignments.first().and_then(|a| a.document.as_deref()),
        _ => None,
    };
    let chapter = match out {
        Out::Sheet { index, .. } => Some(derived.assignments[*index].page),
        _ => None,
    };
    let place = context::Place {
        from,
        here: (!matches!(out, Out::NotFound)).then_some(url.as_str()),
        current,
        document,
        chapter,
    };
    let mut errors = std::mem::take(&mut r.errors);
    let file = urls::file_of(&url);
    let rendered = chrome.get(site, derived, nav, &place).and_then(|c| {
        let mut cx = context::page_context(site, nav, &place, &title, c.context.clone());
        cx["chrome"] = c.fragments.clone();
        merge(&mut cx, extra);
        theme.render_value(&template, cx)
    });
    let html = rendered.unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    if let Some(first) = errors.first() {
        let mut d = Diagnostic::new(format!("rendering {file}: {first}")).hint("fix the template named in the message");
        if let Out::Content(i) = out {
            d = d.in_file(&site.pages[*i].file);
        }
        return Err(d);
    }
    Ok((file, html))
}

type Rendered = (String, String, Value);

fn content(r: &mut BodyRenderer, i: usize) -> Rendered {
    let site = r.site;
    let p = &site.pages[i];
    r.page = Some(i);
    let body = r.nodes(&p.body);
    let page_backlinks = r.backlinks(i, None);
    let toc: Vec<Value> = p
        .headings
        .iter()
        .filter(|h| h.level <= 3)
        .map(|h| json!({ "level": h.level, "id": h.id, "text": h.text }))
        .collect();
    let siblings: Vec<usize> = p
        .document
        .as_ref()
        .and_then(|d| site.documents.get(d))
        .map(|d| std::iter::once(d.index).chain(d.pages.iter().copied()).collect())
        .unwrap_or_default();
    let pos = siblings.iter().position(|&j| j == i);
    let link = |j: usize| json!({ "title": page_title(&site.pages[j]), "href": urls::relative(&p.url, &site.pages[j].url, None) });
    let prev = pos.and_then(|k| k.checked_sub(1)).map(|k| link(siblings[k]));
    let next = pos.and_then(|k| siblings.get(k + 1)).map(|&j| link(j));
    let doc_index = p.document.as_deref().and_then(|d| context::document_index(site, d));
    let document = doc_index.map(|d| {
        let dp = &site.pages[d];
        json!({ "title": dp.front.title, "href": urls::relative(&p.url, &dp.url, None), "data": dp.front.document })
    });
    let mut crumbs = vec![json!({ "title": "Home", "href": urls::relative(&p.url, "", None) })];
    if let Some(d) = doc_index.filter(|&d| d != i) {
        let mut crumb = link(d);
        // Breadcrumbs name a document by its short title.
        crumb["short_title"] = json!(site.pages[d].front.document.as_ref().map(|x| x.short_title.clone()));
        crumbs.push(crumb);
    }
    let sources =
        p.document.as_ref().filter(|_| p.front.template.as_deref() == Some("bronnen.html")).map(|doc| sources(r, doc));
    let template = p.front.template.clone().unwrap_or_else(|| {
        if p.url.is_empty() {
            "index.html".into()
        } else {
            "page.html".into()
        }
    });
    let template = if template == "index.html" && !r.theme.has("index.html") { "page.html".into() } else { template };
    let title = page_title(p);
    (
        template,
        title.clone(),
        json!({
            "page": { "title": p.front.title, "number": p.front.number, "description": p.front.description, "content": body,
                      "toc": toc, "backlinks": page_backlinks, "is_index": p.is_index, "file": p.content_path },
            "document": document, "prev": prev, "next": next, "breadcrumbs": crumbs, "sources": sources,
            "assignments": sheet_summaries(r),
            "glossary": glossary_index(r, i),
        }),
    )
}

/// The A–Z list of the glossary terms defined on page `page`, grouped by
/// first letter (accents folded), or nothing on any other page.
fn glossary_index(r: &BodyRenderer, page: usize) -> Option<Vec<Value>> {
    let mut terms: Vec<(String, &crate::derive::Term)> = r
        .derived
        .glossary
        .iter()
        .filter(|t| t.page == page)
        .map(|t| (deunicode::deunicode(&t.term).to_lowercase(), t))
        .collect();
    if terms.is_empty() {
        return None;
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(String, Vec<Value>)> = vec![];
    for (key, t) in terms {
        let letter = key.chars().next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
        let entry = json!({ "term": t.term, "href": format!("#{}", t.id) });
        match groups.last_mut() {
            Some((l, list)) if *l == letter => list.push(entry),
            _ => groups.push((letter, vec![entry])),
        }
    }
    Some(groups.into_iter().map(|(letter, terms)| json!({ "letter": letter, "terms": terms })).collect())
}

fn sources(r: &mut BodyRenderer, doc: &str) -> Vec<Value> {
    let list = r.derived.sources.get(doc).cloned().unwrap_or_default();
    list.iter()
        .map(|s| {
            let p = &r.site.pages[s.page];
            let heading = s.section.and_then(|h| p.headings.get(h));
            json!({
                "html": r.nodes(&s.block.children),
                "label": match &s.block.kind { crate::load::BlockKind::Bron { label } => label.clone(), _ => String::new() },
                "where": heading.map(|h| h.text.clone()).unwrap_or_else(|| page_title(p)),
                "href": urls::relative(r.from, &p.url, heading.map(|h| h.id.as_str())),
            })
        })
        .collect()
}

fn recommendation(r: &mut BodyRenderer, index: usize) -> Value {
    let rec = &r.derived.recommendations[index];
    let p = &r.site.pages[rec.page];
    json!({
        "id": rec.id,
        "label": context::recommendation_label(r.site, r.derived, &rec.id),
        "kern": rec.kern,
        "html": r.nodes(&rec.block.children),
        "href": urls::relative(r.from, &p.url, Some(&rec.id)),
        "audiences": rec.audiences.iter().filter_map(|s| r.site.config.audience(s)).map(|a| json!({"name": a.name, "href": urls::relative(r.from, &urls::audience(&a.slug), None)})).collect::<Vec<_>>(),
    })
}

fn audience(r: &mut BodyRenderer, a: usize) -> Rendered {
    let summary = &r.derived.audiences[a];
    // Grouped by chapter, then by the phase (level-2 section) within it.
    let mut chapters: Vec<Value> = Vec::new();
    let mut last: Option<(usize, Option<usize>)> = None;
    for &ri in &summary.recommendations {
        let rec = &r.derived.recommendations[ri];
        let p = &r.site.pages[rec.page];
        if last.map(|(pg, _)| pg) != Some(rec.page) {
            chapters
                .push(json!({ "title": page_title(p), "href": urls::relative(r.from, &p.url, None), "phases": [] }));
            last = Some((rec.page, None));
        }
        if last.and_then(|(_, ph)| ph) != rec.phase
            || chapters.last().and_then(|c| c["phases"].as_array()).is_some_and(|v| v.is_empty())
        {
            let phase = rec.phase.and_then(|h| p.headings.get(h));
            let value = json!({ "title": phase.map(|h| h.text.clone()), "href": phase.map(|h| urls::relative(r.from, &p.url, Some(&h.id))), "recommendations": [] });
            if let Some(Value::Array(phases)) = chapters.last_mut().map(|c| &mut c["phases"]) {
                phases.push(value);
            }
            last = Some((rec.page, rec.phase));
        }
        let v = recommendation(r, ri);
        if let Some(Value::Array(recs)) = chapters
            .last_mut()
            .and_then(|c| c["phases"].as_array_mut())
            .and_then(|ph| ph.last_mut())
            .map(|ph| &mut ph["recommendations"])
        {
            recs.push(v);
        }
    }
    let related: Vec<Value> = summary
        .related
        .iter()
        .map(|t| json!({ "href": r.href(t), "label": context::target_label(r.site, t) }))
        .collect();
    (
        "audience.html".into(),
        summary.name.clone(),
        json!({ "audience": { "slug": summary.slug, "name": summary.name, "description": summary.description,
                "count": summary.recommendations.len(),
                "kern_count": summary.recommendations.iter().filter(|&&i| r.derived.recommendations[i].kern).count(),
                "chapters": chapters, "related": related } }),
    )
}

fn card(r: &mut BodyRenderer) -> Rendered {
    let site = r.site;
    let doc = site.config.summary_card.as_ref().map(|c| c.document.clone()).unwrap_or_default();
    let doc_page = context::document_index(site, &doc).map(|i| &site.pages[i]);
    let sections: Vec<Value> = r
        .derived
        .card
        .clone()
        .iter()
        .map(|s| {
            let p = &site.pages[s.page];
            json!({ "title": s.title, "html": r.nodes(&s.nodes), "href": urls::relative(r.from, &p.url, s.heading.and_then(|h| p.headings.get(h)).map(|h| h.id.as_str())) })
        })
        .collect();
    // Key recommendations grouped by the exact set of audiences they name.
    let mut groups: Vec<(Vec<String>, Vec<Value>)> = Vec::new();
    for i in 0..r.derived.recommendations.len() {
        let rec = &r.derived.recommendations[i];
        if !rec.kern || site.pages[rec.page].document.as_deref() != Some(doc.as_str()) {
            continue;
        }
        let names: Vec<String> =
            rec.audiences.iter().filter_map(|s| site.config.audience(s)).map(|a| a.name.clone()).collect();
        let v = recommendation(r, i);
        match groups.iter_mut().find(|(n, _)| *n == names) {
            Some((_, list)) => list.push(v),
            None => groups.push((names, vec![v])),
        }
    }
    let groups: Vec<Value> =
        groups.into_iter().map(|(names, recs)| json!({ "audiences": names, "recommendations": recs })).collect();
    let title = doc_page.map(|p| p.front.title.clone()).unwrap_or_default();
    (
        "card.html".into(),
        format!("Samenvattingskaart {title}"),
        json!({ "card": { "document": doc_page.map(|p| json!({ "title": p.front.title, "href": urls::relative(r.from, &p.url, None), "data": p.front.document })),
                "sections": sections, "groups": groups } }),
    )
}

fn sheet_summaries(r: &BodyRenderer) -> Vec<Value> {
    r.derived
        .assignments
        .iter()
        .map(|a| {
            json!({ "number": a.number, "titel": a.titel, "werkvorm": a.werkvorm, "id": a.id,
                         "has_teacher_notes": !a.teacher.is_empty(),
                         "href": urls::relative(r.from, &urls::sheet(&a.id, false), None),
                         "teacher_href": urls::relative(r.from, &urls::sheet(&a.id, true), None) })
        })
        .collect()
}

fn sheet_index(r: &mut BodyRenderer) -> Rendered {
    let mut list = sheet_summaries(r);
    for (v, a) in list.iter_mut().zip(r.derived.assignments.clone()) {
        let p = &r.site.pages[a.page];
        v["about"] = json!(first_sentence(&plain_text(&r.nodes(&a.task))));
        v["module"] = json!({ "title": page_title(p), "href": urls::relative(r.from, &p.url, Some(&a.id)) });
        v["section"] = json!(a.section.map(|h| context::section_path(p, h)));
    }
    ("sheets.html".into(), "Opdrachtbladen".into(), json!({ "sheets": list }))
}

fn sheet(r: &mut BodyRenderer, index: usize, teacher: bool) -> Value {
    let a = r.derived.assignments[index].clone();
    let p = &r.site.pages[a.page];
    let section = a.section.and_then(|h| p.headings.get(h));
    let doc = a.document.as_deref().and_then(|d| context::document_index(r.site, d)).map(|d| &r.site.pages[d]);
    let goals = a.document.as_ref().and_then(|d| r.derived.learning_goals.get(d)).cloned();
    json!({ "sheet": {
        "number": a.number, "titel": a.titel, "werkvorm": a.werkvorm,
        "title": format!("Opdracht {}: {}{}", a.number, a.titel, if teacher { " (docentversie)" } else { "" }),
        "lines": (0..a.schrijfregels).collect::<Vec<_>>(),
        "task": r.nodes(&a.task),
        "teacher": if teacher { Some(r.nodes(&a.teacher)) } else { None },
        "has_teacher_notes": !a.teacher.is_empty(),
        "is_teacher": teacher,
        "module": doc.map(|d| json!({ "title": d.front.title, "href": urls::relative(r.from, &d.url, None) })),
        "chapter": { "title": page_title(p), "href": urls::relative(r.from, &p.url, None) },
        "section": section.map(|h| json!({ "title": a.section.map(|s| context::section_path(p, s)), "href": urls::relative(r.from, &p.url, Some(&h.id)) })),
        "back_href": urls::relative(r.from, &p.url, Some(&a.id)),
        "goals": goals.map(|g| r.nodes(&g.children)),
        "other_href": urls::relative(r.from, &urls::sheet(&a.id, !teacher), None),
        "anchor": format!("{}{}", a.id, if teacher { "-docent" } else { "" }),
    } })
}

fn colofon(r: &mut BodyRenderer) -> Rendered {
    let docs: Vec<Value> = r
        .site
        .pages
        .iter()
        .filter(|p| p.is_index && p.front.document.is_some())
        .map(|p| json!({ "title": p.front.title, "href": urls::relative(r.from, &p.url, None), "data": p.front.document }))
        .collect();
    ("colofon.html".into(), "Colofon".into(), json!({ "documents": docs }))
}

fn plain_text(html: &str) -> String {
    // An editorial insertion is not the source's text: an excerpt quoted
    // as the source's (a sheet's first sentence) leaves it out.
    let mut html = html.to_string();
    while let Some(a) = html.find("<ins") {
        let b = html[a..].find("</ins>").map_or(html.len(), |e| a + e + "</ins>".len());
        html.replace_range(a..b, "");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// Files that are not pages, written by `write_extra_files` (the search
/// index is written by `search`).
pub const EXTRA_FILES: [&str; 1] = ["sitemap.xml"];

/// The sitemap.
pub fn write_extra_files(site: &Site, derived: &Derived, dest: &dyn crate::write::Sink) -> Result<(), Diagnostic> {
    let [sitemap_file] = EXTRA_FILES;
    let base = if site.config.base_url.ends_with('/') {
        site.config.base_url.clone()
    } else {
        format!("{}/", site.config.base_url)
    };
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut all_urls: Vec<String> = site.pages.iter().map(|p| p.url.clone()).collect();
    all_urls.push(urls::AUDIENCES.into());
    all_urls.extend(derived.audiences.iter().map(|a| urls::audience(&a.slug)));
    all_urls.extend([
        urls::CARD.to_string(),
        urls::SHEETS.to_string(),
        urls::SHEETS_PRINT.to_string(),
        urls::SEARCH.to_string(),
        urls::COLOFON.to_string(),
    ]);
    for a in &derived.assignments {
        all_urls.push(urls::sheet(&a.id, false));
        all_urls.push(urls::sheet(&a.id, true));
    }
    for u in all_urls {
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", super::html::escape(&format!("{base}{u}"))));
    }
    sitemap.push_str("</urlset>\n");
    dest.write(sitemap_file, sitemap.as_bytes())
}
