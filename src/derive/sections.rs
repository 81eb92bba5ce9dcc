//! Cutting a page into the part under one heading, for the summary card.

use crate::resolve::{HeadingId, Item, Node, Page};
use pulldown_cmark::{Event, Tag};

/// The nodes after heading `h` up to the next heading of the same or a
/// higher level.
pub fn section(page: &Page, h: HeadingId) -> Vec<Node> {
    let level = page.heading(h).level;
    let mut out = Vec::new();
    let mut inside = false;
    collect(&page.body, h, level, page, &mut inside, &mut out);
    out
}

fn collect(nodes: &[Node], h: HeadingId, level: u8, page: &Page, inside: &mut bool, out: &mut Vec<Node>) -> bool {
    for n in nodes {
        match n {
            Node::Block(b) => {
                if *inside {
                    out.push(n.clone());
                } else if collect(&b.children, h, level, page, inside, out) {
                    return true;
                }
            }
            Node::Markdown(items) => {
                let mut run = Vec::new();
                let mut in_heading = false;
                for item in items {
                    match item {
                        Item::HeadingStart { heading, .. } => {
                            if *inside && page.heading(*heading).level <= level {
                                if !run.is_empty() {
                                    out.push(Node::Markdown(run));
                                }
                                return true;
                            }
                            if *heading == h {
                                *inside = true;
                                in_heading = true;
                                continue;
                            }
                        }
                        Item::HeadingEnd if in_heading => {
                            in_heading = false;
                            continue;
                        }
                        _ => {}
                    }
                    if *inside && !in_heading {
                        run.push(item.clone());
                    }
                }
                if !run.is_empty() {
                    out.push(Node::Markdown(run));
                }
            }
        }
    }
    false
}

/// The first paragraph (or list) of a section, as a Markdown node.
pub fn first(nodes: &[Node], list: bool) -> Vec<Node> {
    for n in nodes {
        let Node::Markdown(items) = n else { continue };
        let mut depth = 0usize;
        let mut run = Vec::new();
        for item in items {
            let starts = matches!(item, Item::Event(Event::Start(Tag::Paragraph))) && !list
                || matches!(item, Item::Event(Event::Start(Tag::List(_)))) && list;
            if depth == 0 && !starts {
                continue;
            }
            match item {
                Item::Event(Event::Start(_)) => depth += 1,
                Item::Event(Event::End(_)) => depth -= 1,
                _ => {}
            }
            run.push(item.clone());
            if depth == 0 {
                return vec![Node::Markdown(run)];
            }
        }
    }
    Vec::new()
}
