//! Where values are written in YAML text. The parser gives positions only
//! for its own errors; a value that parses but is wrong (a link to nowhere,
//! a second audience with the same slug) is found here, so its error can
//! show the line with a caret under the value.

use crate::diagnostic::Position;
use std::collections::BTreeMap;

/// A scalar as written: its text (without quotes) and where that text
/// starts, with its width in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub value: String,
    pub at: Position,
    pub len: usize,
}

/// Every scalar written as a value of `key`, in file order: `key: value`,
/// the items of `key: [a, b]`, the `- item` lines under a bare `key:`, and
/// `key: value` inside a flow mapping (`{key: value, …}`). Lines count from
/// 1 + `line_offset` (the lines above the YAML in its file).
pub fn values_of(text: &str, key: &str, line_offset: usize) -> Vec<Written> {
    let lines: Vec<&str> = text.lines().collect();
    let needle = format!("{key}:");
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = strip_comment(lines[i]);
        let at_line = i + 1 + line_offset;
        i += 1;
        for (start, _) in line.match_indices(&needle) {
            let before = line[..start].trim_end();
            if !(before.is_empty() || before.ends_with(['{', ',', '-'])) {
                continue;
            }
            let value_start = start + needle.len();
            let rest = &line[value_start..];
            let in_flow = before.ends_with(['{', ',']);
            if rest.trim().is_empty() {
                // A block list below: `- item` lines indented deeper.
                let indent = line.len() - line.trim_start().len();
                while i < lines.len() {
                    let item = strip_comment(lines[i]);
                    let trimmed = item.trim_start();
                    if trimmed.is_empty() {
                        i += 1;
                        continue;
                    }
                    let item_indent = item.len() - trimmed.len();
                    let Some(value) = trimmed.strip_prefix("- ") else { break };
                    if item_indent < indent {
                        break;
                    }
                    let offset = item.len() - value.len();
                    out.extend(scalar(item, offset, value.len(), i + 1 + line_offset));
                    i += 1;
                }
            } else if rest.trim_start().starts_with('[') {
                let open = value_start + rest.find('[').unwrap_or(0) + 1;
                let close = line[open..].find(']').map_or(line.len(), |c| open + c);
                out.extend(items(line, open, close).filter_map(|(s, e)| scalar(line, s, e - s, at_line)));
            } else {
                let end = if in_flow { flow_end(line, value_start) } else { line.len() };
                out.extend(scalar(line, value_start, end - value_start, at_line));
            }
        }
    }
    out
}

/// Pairs the values of `key` as written with the values parsed, in order:
/// the position of each parsed value, or None for all when they disagree
/// (a form this reader does not know; the error is then shown without a
/// caret rather than at the wrong value).
pub fn align(text: &str, key: &str, line_offset: usize, parsed: &[&str]) -> Vec<Option<(Position, usize)>> {
    let written = values_of(text, key, line_offset);
    if written.len() == parsed.len() && written.iter().zip(parsed).all(|(w, p)| w.value == *p) {
        written.into_iter().map(|w| Some((w.at, w.len))).collect()
    } else {
        vec![None; parsed.len()]
    }
}

/// The lines (0-based, end exclusive) of the mapping entry that line
/// `line` (1-based) belongs to: the nearest `key:` line at or above it that
/// is indented less than the lines between, and every deeper line below.
/// Blanking them removes one entry and keeps every other line in place.
pub fn entry_lines(text: &str, line: usize) -> std::ops::Range<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let is_key = |l: &str| {
        let t = strip_comment(l).trim_start();
        !t.starts_with('-')
            && t.split_once(':').is_some_and(|(k, rest)| !k.is_empty() && (rest.is_empty() || rest.starts_with(' ')))
    };
    let mut start = line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let mut depth = lines.get(start).map_or(0, |l| indent(l));
    while start > 0 && !(is_key(lines[start]) && indent(lines[start]) <= depth) {
        start -= 1;
        if !lines[start].trim().is_empty() {
            depth = depth.min(indent(lines[start]));
        }
    }
    let own = lines.get(start).map_or(0, |l| indent(l));
    let mut end = start + 1;
    while end < lines.len() && (lines[end].trim().is_empty() || indent(lines[end]) > own) {
        end += 1;
    }
    start..end.min(lines.len()).max(start + 1)
}

/// Where a top-level `key:` is written: the key itself.
pub fn key_position(text: &str, key: &str, line_offset: usize) -> Option<(Position, usize)> {
    let needle = format!("{key}:");
    let line = text.lines().position(|l| l.starts_with(&needle))?;
    Some((Position { line: line + 1 + line_offset, column: 1 }, key.chars().count()))
}

/// The width in characters of the value that starts at `column` (1-based,
/// in bytes as the YAML parser counts) of line `line`: the rest of the line
/// without a comment, at least 1.
pub fn value_width(text: &str, line: usize, column: usize) -> usize {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else { return 1 };
    let l = strip_comment(l);
    let start = l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(i, _)| i);
    l[start..].trim_end().chars().count().max(1)
}

/// The line without a trailing comment. `#` starts a comment only after a
/// space (or at the start), so `@/page.md#anchor` stays whole.
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if prev == ' ' || prev == '\t' => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// Where a flow-mapping value that starts at `from` ends: at the next `,`
/// or `}` outside quotes.
fn flow_end(line: &str, from: usize) -> usize {
    let mut quote = None;
    for (i, c) in line[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, ',' | '}') => return from + i,
            _ => {}
        }
    }
    line.len()
}

/// The comma-separated items between `open` and `close`, as byte ranges.
fn items(line: &str, open: usize, close: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = open;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = flow_end(&line[..close], start).min(close);
        let item = (start, end);
        done = end >= close;
        start = end + 1;
        Some(item)
    })
}

/// The scalar in `line[start..start + len]`: trimmed, quotes removed.
fn scalar(line: &str, start: usize, len: usize, line_no: usize) -> Option<Written> {
    let raw = &line[start..start + len];
    let lead = raw.len() - raw.trim_start().len();
    let mut text = raw.trim();
    let mut start = start + lead;
    if text.len() >= 2
        && (text.starts_with('"') && text.ends_with('"') || text.starts_with('\'') && text.ends_with('\''))
    {
        text = &text[1..text.len() - 1];
        start += 1;
    }
    if text.is_empty() {
        return None;
    }
    Some(Written {
        value: text.to_string(),
        at: Position { line: line_no, column: line[..start].chars().count() + 1 },
        len: text.chars().count(),
    })
}

/// Positions of the values of lines starting with `prefix` followed by a
/// key (`prefix` "" gives the top-level keys): key → (position, length).
pub fn value_positions(text: &str, prefix: &str) -> BTreeMap<String, (Position, usize)> {
    let mut out = BTreeMap::new();
    for (line_no, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix(prefix) else { continue };
        let Some((key, value)) = rest.split_once(':') else { continue };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value_start = line.len() - value.trim_start().len();
        let value = value.split(" #").next().unwrap_or("").trim();
        let column = line[..value_start].chars().count() + 1;
        out.entry(key.to_string()).or_insert((Position { line: line_no + 1, column }, value.chars().count()));
    }
    out
}

/// The values of one top-level mapping (`contact:` → its `email`, …), with
/// their positions in the whole file.
pub fn section_value_positions(text: &str, section: &str) -> BTreeMap<String, (Position, usize)> {
    let header = format!("{section}:");
    let Some(start) = text.lines().position(|l| l.split(" #").next().unwrap_or("").trim_end() == header) else {
        return BTreeMap::new();
    };
    let body: Vec<&str> = text
        .lines()
        .skip(start + 1)
        .take_while(|l| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('#'))
        .collect();
    let mut out = value_positions(&body.join("\n"), "  ");
    for (at, _) in out.values_mut() {
        at.line += start + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, key: &str) -> Vec<(String, usize, usize, usize)> {
        values_of(text, key, 0).into_iter().map(|w| (w.value, w.at.line, w.at.column, w.len)).collect()
    }

    #[test]
    fn values_in_block_and_flow_style_with_their_columns() {
        let text = "\
a:
  - slug: één # comment
    related:
      - \"@/x.md#y\"
      - '@/z.md'
  - slug: b
    related: [\"@/p.md\", @/q.md#r]
card: {from: \"@/c.md\", take: list}
";
        assert_eq!(found(text, "slug"), [("één".into(), 2, 11, 3), ("b".into(), 6, 11, 1)]);
        assert_eq!(
            found(text, "related"),
            [
                ("@/x.md#y".into(), 4, 10, 8),
                ("@/z.md".into(), 5, 10, 6),
                ("@/p.md".into(), 7, 16, 6),
                ("@/q.md#r".into(), 7, 25, 8),
            ]
        );
        assert_eq!(found(text, "from"), [("@/c.md".into(), 8, 15, 6)]);
        assert!(found(text, "lug").is_empty(), "a key is matched whole");
    }

    #[test]
    fn an_entry_is_its_key_line_and_the_deeper_lines_below() {
        let text = "title: x\nid:\n  - a\n  - b\ndocument:\n  kind: y\n  foo: z\nweight: 1\n";
        assert_eq!(entry_lines(text, 1), 0..1);
        assert_eq!(entry_lines(text, 3), 1..4, "a list item belongs to its key");
        assert_eq!(entry_lines(text, 7), 6..7, "a nested key is an entry of its own");
        assert_eq!(entry_lines(text, 5), 4..7);
    }

    #[test]
    fn values_that_disagree_with_the_parsed_ones_get_no_position() {
        let text = "related:\n  - a\n  - b\n";
        assert_eq!(
            align(text, "related", 2, &["a", "b"]),
            [Some((Position { line: 4, column: 5 }, 1)), Some((Position { line: 5, column: 5 }, 1))]
        );
        assert_eq!(align(text, "related", 0, &["a", "c"]), [None, None]);
    }
}
