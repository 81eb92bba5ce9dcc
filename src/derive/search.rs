//! Search data: the plain text of every section, for the client-side index.

use crate::resolve::{Item, Node, Site};
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Clone)]
pub struct SearchEntry {
    pub page: usize,
    pub heading: Option<usize>,
    pub text: String,
}

pub fn collect(site: &Site) -> Vec<SearchEntry> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        let mut entries = vec![SearchEntry { page: i, heading: None, text: String::new() }];
        let mut in_heading = false;
        walk(&page.body, &mut |item| match item {
            Item::HeadingStart { heading, .. } => {
                in_heading = true;
                entries.push(SearchEntry { page: i, heading: Some(*heading), text: String::new() });
            }
            Item::HeadingEnd => in_heading = false,
            Item::Event(e) if !in_heading => {
                let text = &mut entries.last_mut().expect("starts with one").text;
                match e {
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) | Event::Start(Tag::Item)
                        if !text.ends_with(' ') =>
                    {
                        text.push(' ')
                    }
                    _ => {}
                }
            }
            _ => {}
        });
        out.extend(entries.into_iter().filter(|e| e.heading.is_some() || !e.text.trim().is_empty()));
    }
    out
}

fn walk(nodes: &[Node], f: &mut dyn FnMut(&Item)) {
    for n in nodes {
        match n {
            Node::Markdown(items) => items.iter().for_each(&mut *f),
            Node::Block(b) => {
                // Block boundaries separate words too.
                f(&Item::Event(Event::End(TagEnd::Paragraph)));
                walk(&b.children, f);
            }
        }
    }
}
