//! What a sheet asks: the steps of an assignment's task and the room each
//! gets for its answer. Worked out once, here, so the web sheet, the PDF
//! and the Word file number the same steps and give them the same room.

use crate::resolve::{Item, Node};
use pulldown_cmark::{Event, Tag, TagEnd};

/// One step of a task: an item of one of its top-level lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based, across the task's lists, as the sheet numbers it.
    pub number: usize,
    /// Lines of answer space on the student sheet.
    pub lines: u32,
}

/// Every step gets at least this many lines: one line is no room to
/// answer a question in.
const MIN_LINES: u32 = 2;

/// The task with its top-level lists numbered (continuing from list to
/// list), and its steps. `total` (the `schrijfregels`) is shared by the
/// steps in proportion to the questions each asks (its question marks, at
/// least one), every step getting a line more than it asks questions. A task
/// without a list has one answer space of `total` lines, numbered 0
/// (shown without a number).
pub fn number(task: &[Node], total: u32) -> (Vec<Node>, Vec<Step>) {
    let mut weights: Vec<u32> = Vec::new();
    let mut next = 1u64;
    let numbered = task
        .iter()
        .map(|n| match n {
            Node::Markdown(items) => Node::Markdown(number_lists(items, &mut next, &mut weights)),
            Node::Block(b) => Node::Block(b.clone()),
        })
        .collect();
    if total == 0 {
        return (numbered, Vec::new());
    }
    if weights.is_empty() {
        return (numbered, vec![Step { number: 0, lines: total }]);
    }
    let lines = share(total, &weights);
    let steps = lines.into_iter().enumerate().map(|(i, lines)| Step { number: i + 1, lines }).collect();
    (numbered, steps)
}

/// The sentence of the task that says how the class is arranged: the one
/// that begins "Verdeel de klas" or "Verdeel de groep", as the source
/// writes it.
pub fn arrangement(task: &[Node]) -> Option<String> {
    let mut text = String::new();
    for n in task {
        if let Node::Markdown(items) = n {
            for item in items {
                match item {
                    Item::Event(Event::Text(t)) => text.push_str(t),
                    Item::Event(Event::SoftBreak | Event::HardBreak | Event::End(_)) => text.push(' '),
                    _ => {}
                }
            }
        }
    }
    let start = ["Verdeel de klas", "Verdeel de groep"].iter().filter_map(|w| text.find(w)).min()?;
    let rest = &text[start..];
    let end = rest.find(". ").map_or(rest.trim_end().len(), |i| i + 1);
    Some(rest[..end].to_string())
}

/// Rewrites the top-level lists of one run of Markdown as numbered lists
/// and records each top-level item's weight (its questions).
fn number_lists(items: &[Item], next: &mut u64, weights: &mut Vec<u32>) -> Vec<Item> {
    let mut depth = 0usize;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut item = item.clone();
        if let Item::Event(e) = &mut item {
            match e {
                Event::Start(Tag::List(start)) => {
                    if depth == 0 {
                        *start = Some(*next);
                    }
                    depth += 1;
                }
                Event::End(TagEnd::List(ordered)) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        *ordered = true;
                    }
                }
                Event::Start(Tag::Item) if depth == 1 => {
                    weights.push(0);
                    *next += 1;
                }
                Event::Text(t) if depth >= 1 => {
                    if let Some(w) = weights.last_mut() {
                        *w += t.matches('?').count() as u32;
                    }
                }
                _ => {}
            }
        }
        out.push(item);
    }
    out
}

/// Splits `total` lines over steps of `weights` (the questions each asks,
/// counted as at least one): every step first gets one line more than it
/// asks questions (so at least `MIN_LINES`), then the rest goes by weight,
/// largest remainder first, earlier steps first on a tie. More lines than
/// `total` when the steps need them.
fn share(total: u32, weights: &[u32]) -> Vec<u32> {
    let weights: Vec<u32> = weights.iter().map(|w| (*w).max(1)).collect();
    let mut lines: Vec<u32> = weights.iter().map(|w| (w + 1).max(MIN_LINES)).collect();
    let sum: u32 = weights.iter().sum();
    let rest = total.saturating_sub(lines.iter().sum());
    for (l, w) in lines.iter_mut().zip(&weights) {
        *l += rest * w / sum;
    }
    let mut left = rest - weights.iter().map(|w| rest * w / sum).sum::<u32>();
    let mut by_remainder: Vec<usize> = (0..weights.len()).collect();
    by_remainder.sort_by_key(|&i| std::cmp::Reverse(rest * weights[i] % sum));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        lines[i] += 1;
        left -= 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn lines_follow_the_questions_and_add_up() {
        // Opdracht 6: three one-question steps, eight lines.
        assert_eq!(share(8, &[1, 1, 1]), vec![3, 3, 2]);
        // Opdracht 1: six statements, four lines: two lines each.
        assert_eq!(share(4, &[0; 6]), vec![2; 6]);
        // Opdracht 7: a step asking three questions gets more room than
        // the steps asking none, however few lines the author asked for.
        assert_eq!(share(5, &[3, 0, 0, 0]), vec![4, 2, 2, 2]);
        let l = share(20, &[3, 0, 1, 1]);
        assert_eq!(l.iter().sum::<u32>(), 20);
        assert!(l[0] > l[1] && l.iter().all(|&n| n >= 2), "{l:?}");
    }
}
