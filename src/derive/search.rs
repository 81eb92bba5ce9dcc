//! Search data: the plain text of every section, for the client-side index.

use crate::resolve::{Item, Node, Site};
use pulldown_cmark::{Event, Tag, TagEnd};

#[derive(Debug, Clone)]
pub struct SearchEntry {
    pub page: usize,
    pub heading: Option<usize>,
    pub text: String,
}

/// The sections of one page. Called page by page while the index is
/// written, so the text of the whole site is never held at once.
pub fn page_entries(site: &Site, i: usize) -> Vec<SearchEntry> {
    let mut out = Vec::new();
    let page = &site.pages[i];
    {
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
                    Event::Text(t) | Event::Code(t) => push_words(text, t),
                    Event::SoftBreak | Event::HardBreak if !text.ends_with(' ') => text.push(' '),
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
        for e in &mut entries {
            e.text.truncate(e.text.trim_end().len());
            if e.text.starts_with(' ') {
                e.text.remove(0);
            }
        }
        out.extend(entries.into_iter().filter(|e| e.heading.is_some() || !e.text.is_empty()));
    }
    out
}

/// Appends text with its runs of white space folded to one space, so the
/// index carries no layout.
fn push_words(text: &mut String, t: &str) {
    // One pass: each word is copied as a slice, a run of white space
    // before it becomes one space (none at the very start).
    let mut space = false;
    let mut word: Option<usize> = None;
    let push = |text: &mut String, w: &str, space: bool| {
        if space && !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
        text.push_str(w);
    };
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is decided byte by byte; other characters are decoded to
        // ask Unicode (a no-break space is white space too).
        let (white, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_whitespace() || b == 0x0b, 1),
            _ => {
                let c = t[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if white {
            if let Some(start) = word.take() {
                push(text, &t[start..i], space);
            }
            space = true;
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    match word {
        Some(start) => push(text, &t[start..], space),
        None if space && !text.is_empty() && !text.ends_with(' ') => text.push(' '),
        None => {}
    }
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

#[cfg(test)]
mod tests {
    use super::push_words;

    #[test]
    fn white_space_folds_to_single_spaces_between_runs() {
        let mut text = String::new();
        for run in ["  Herstel", " is\n\teen\u{b}", "proces", "\u{a0}van ", "", "  ", "iedereen\u{2003}–\r\nook", "."]
        {
            push_words(&mut text, run);
        }
        assert_eq!(text, "Herstel is een proces van iedereen – ook.");
        let mut text = String::from("a");
        push_words(&mut text, "b");
        assert_eq!(text, "ab", "text runs that touch stay one word");
    }
}
