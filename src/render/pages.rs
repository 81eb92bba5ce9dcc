//! Rendering one output page: its kind's view, its chrome and its template.

use super::chrome::{Chrome, Rendered};
use super::html::BodyRenderer;
use super::kinds::Output;
use super::print::Downloads;
use super::template_error::TemplateError;
use super::views::chrome::{self as chrome_view, Nav, Place};
use super::views::PageView;
use super::{urls, ErasedView, Theme};
use crate::derive::Derived;
use crate::resolve::Site;
use std::sync::Arc;

/// Renders one page: (file path in the output, HTML, the chrome in it).
pub fn render(
    site: &Site,
    derived: &Derived,
    theme: &Theme,
    nav: &Nav,
    chrome: &Chrome,
    downloads: &Downloads,
    out: &Output,
) -> Result<(String, String, Arc<Rendered>), TemplateError> {
    let url = out.url(site, derived);
    let anywhere = out.kind.anywhere();
    let from = if anywhere { "" } else { url.as_str() };
    let mut r = BodyRenderer::new(site, derived, theme, from, None);
    let page = out.kind.page(&mut r, downloads, out.index);
    let template = match page.template {
        Some(t) => t,
        None => out.kind.template().expect("a derived kind names its template").to_string(),
    };
    let place = Place {
        from,
        here: (!anywhere).then_some(url.as_str()),
        current: page.current,
        document: page.document,
        chapter: page.chapter,
    };
    let mut errors = std::mem::take(&mut r.errors);
    let file = urls::file_of(&url);
    let mut chrome_used = None;
    let rendered = chrome.get(site, derived, nav, &place).and_then(|c| {
        let view = PageView {
            url: from,
            title: page.title,
            self_href: if anywhere { file.clone() } else { urls::relative(from, from, None) },
            is_home: page.current.is_some() && from.is_empty(),
            description: page.description,
            chrome: &c.fragments,
            contents: chrome_view::contents(site, nav, &place),
            pdf: downloads.of_page(out, from),
        };
        let html = theme.render_views(&template, c.context.clone(), &[&view as &dyn ErasedView, &*page.view]);
        chrome_used = Some(Arc::clone(&c));
        html
    });
    let html = rendered.unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    if let Some(first) = errors.into_iter().next() {
        let content_file = page.current.map(|i| site.page(i).file.clone());
        return Err(TemplateError { output: file, content_file, error: first });
    }
    let chrome_used = chrome_used.expect("the chrome rendered, or there was an error");
    Ok((file, html, chrome_used))
}
