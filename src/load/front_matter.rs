//! The YAML between the `---` lines at the top of a page.

use crate::diagnostic::{Diagnostic, Position};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Chapter number as printed ("3"); kept as text because the source's
    /// numbering is text ("Bijlage 1" is chapter "8").
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub document: Option<DocumentData>,
    /// On a document's `_index.md`: what its summary card shows.
    #[serde(default)]
    pub summary_card: Option<crate::config::SummaryCard>,
    /// Where the `template:` value is written, so a missing template can be
    /// reported at its line.
    #[serde(skip)]
    pub template_position: Option<Position>,
    /// Where the `id:` value is written.
    #[serde(skip)]
    pub id_position: Option<(Position, usize)>,
    /// Where the `summary_card:` key is written.
    #[serde(skip)]
    pub summary_card_position: Option<(Position, usize)>,
}

/// Bibliographic data of a document, given once in its `_index.md`.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DocumentData {
    pub short_title: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub authorization_date: Option<String>,
    #[serde(default)]
    pub review_date: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub maintainers: Vec<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub source_note: Option<String>,
    /// `false` leaves this document out of the print editions when the
    /// site has them (`print_editions: true` in site.yaml).
    #[serde(default)]
    pub print_edition: Option<bool>,
}

/// Weights only order the pages of a folder; a bound keeps them far from
/// the sentinel that pages without one sort by.
pub const MAX_WEIGHT: i64 = 100_000;

/// Splits a page into its front matter and the byte offset where the
/// Markdown body starts. Every problem of the front matter that stands on
/// its own is reported, not only the first.
pub fn split(text: &str, file: &Path) -> Result<(FrontMatter, usize), Vec<Diagnostic>> {
    let (yaml, body_start) = find(text, file).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut front = parse(yaml, file, &mut errors);
    if let Some(front) = &mut front {
        if front.template.is_some() {
            front.template_position = value_position(yaml, "template");
        }
        if let Some(id) = &front.id {
            front.id_position = crate::yaml::align(yaml, "id", 1, &[id])[0];
        }
        if let Some(card) = &mut front.summary_card {
            crate::config::locate_card_items(&mut card.items, yaml, 1);
            front.summary_card_position = crate::yaml::key_position(yaml, "summary_card", 1);
        }
        check(front, yaml, file, &mut errors);
    }
    match front {
        Some(front) if errors.is_empty() => Ok((front, body_start)),
        _ => Err(errors),
    }
}

/// The YAML between the `---` lines, and where the body starts.
fn find<'t>(text: &'t str, file: &Path) -> Result<(&'t str, usize), Diagnostic> {
    let missing = || {
        let first_line = text.lines().next().unwrap_or("").trim_end();
        Diagnostic::new("the page has no front matter")
            .at(file, Position { line: 1, column: 1 })
            .span_of(first_line)
            .label(if text.trim().is_empty() { "the file is empty" } else { "a page starts with a line `---`" })
            .hint("start the file with a line `---`, then at least `title: …`, then a line `---`")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    let mut yaml_end = None;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            yaml_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let (yaml_end, body_start) = yaml_end.ok_or_else(|| {
        Diagnostic::new("the front matter is not closed")
            .at(file, Position { line: 1, column: 1 })
            .len(3)
            .label("opened here")
            .hint("end the front matter with a line holding only `---`")
    })?;
    let yaml = &text[yaml_start..yaml_end];
    if yaml.trim().is_empty() {
        return Err(Diagnostic::new("the front matter is empty")
            .at(file, Position { line: 1, column: 1 })
            .len(3)
            .label("no `key: value` line follows before the closing `---`")
            .hint("every page needs at least a title: write `title: …` between the two `---` lines"));
    }
    Ok((yaml, body_start))
}

/// Reads the YAML, reporting each entry the parser rejects. The parser
/// stops at its first error; when that error is about one entry (an
/// unknown key, a value of the wrong type), the entry is set aside and the
/// rest read again, so the next such error is found too: a misspelt key
/// is read as the key it is close to (so a misspelt `title:` is not also a
/// missing one), any other entry is blanked out. A syntax error ends the
/// search (what follows it cannot be read), and so does a missing key once
/// an entry was blanked (the blanked entry may have been meant as that
/// key: saying so again would repeat the first error).
fn parse(yaml: &str, file: &Path, errors: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let mut text = yaml.to_string();
    let mut blanked = false;
    // Keys respelt, with their lines: a later error there (the value of
    // the wrong type, the key now given twice) is not the author's to read.
    let mut respelt: Vec<(usize, String)> = Vec::new();
    // Each round blanks or respells a line, so this ends.
    for _ in 0..=2 * yaml.lines().count() {
        let e = match serde_yaml::from_str::<FrontMatter>(&text) {
            Ok(front) => return Some(front),
            Err(e) => e,
        };
        let message = e.to_string();
        // After an entry was set aside, an error the parser cannot place
        // (the YAML read as two documents) may be of our making.
        let unplaced = e.location().is_none() && (blanked || !respelt.is_empty());
        if unplaced || message.contains("missing field `") && blanked {
            return None;
        }
        // serde names the key a type error is about before the message;
        // without one, the whole front matter is of the wrong kind.
        let one_entry = ["unknown field `", "duplicate field `"].iter().any(|kind| message.contains(kind))
            || ["invalid type: ", "invalid value: ", "unknown variant `"]
                .iter()
                .any(|kind| message.contains(kind) && !message.starts_with(kind));
        let mut at = e.location().map(|at| (at.line(), at.column())).filter(|_| one_entry);
        let twice = message.split("duplicate field `").nth(1).and_then(|r| r.split('`').next());
        let ours = respelt.iter().find(|(line, key)| at.is_some_and(|at| at.0 == *line) || twice == Some(key));
        if let Some((line, _)) = ours {
            // Set the respelt entry aside, wherever serde saw the problem.
            at = Some((*line, 1));
        } else {
            // The opening `---` is line 1, so YAML line n is file line n + 1.
            let d = crate::yaml::read_error(&e, &text, file, 1);
            if twice.is_some() {
                // Placed at the second of the two keys: that one goes.
                at = at.and(d.position.map(|p| (p.line - 1, p.column)));
            }
            errors.push(d);
        }
        let (line, column) = at?;
        if let Some((fixed, key)) = respell(&text, &message, line, column).filter(|_| ours.is_none()) {
            respelt.push((line, key));
            text = fixed;
            continue;
        }
        let lines = crate::yaml::entry_lines(&text, line);
        blanked = true;
        text = text
            .lines()
            .enumerate()
            .map(|(i, l)| if lines.contains(&i) { "" } else { l })
            .collect::<Vec<_>>()
            .join("\n");
    }
    None
}

/// `text` with the unknown key serde names at `line`:`column` replaced by
/// the known key it is a typo of, if there is one, and that key.
fn respell(text: &str, message: &str, line: usize, column: usize) -> Option<(String, String)> {
    let key = message.split("unknown field `").nth(1)?.split('`').next()?;
    let expected: Vec<&str> = message.split("expected ").nth(1)?.split('`').skip(1).step_by(2).collect();
    let near = crate::diagnostic::closest(key, expected)?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let l = lines.get_mut(line.checked_sub(1)?)?;
    let start = l.char_indices().nth(column.checked_sub(1)?)?.0;
    l[start..].starts_with(key).then(|| l.replace_range(start..start + key.len(), near))?;
    Some((lines.join("\n"), near.to_string()))
}

/// What the parser cannot check: a title that is there, weights in range,
/// real dates. Each is reported; none depends on another.
fn check(front: &FrontMatter, yaml: &str, file: &Path, errors: &mut Vec<Diagnostic>) {
    if front.title.trim().is_empty() {
        let at = value_position(yaml, "title").unwrap_or(Position { line: 2, column: 1 });
        // What stands for the title (`""`, `''`), to underline it.
        let written = yaml.lines().nth(at.line - 2).and_then(|l| l.get(l.char_indices().nth(at.column - 1)?.0..));
        let written = written.filter(|w| !w.starts_with('#')).unwrap_or("").split(" #").next().unwrap_or("").trim_end();
        errors.push(
            Diagnostic::new("the page title is empty")
                .at(file, at)
                .span_of(written)
                .hint("write the title after `title:`, as it should stand above the page, e.g. `title: Herstel`"),
        );
    }
    if let Some(d) = front.id.as_deref().and_then(|id| crate::slug::not_an_id(id, |good| format!("id: {good}"))) {
        errors.push(match front.id_position {
            Some((at, len)) => d.at(file, at).len(len),
            None => d.in_file(file),
        });
    }
    if let Some(weight) = front.weight.filter(|w| !(-MAX_WEIGHT..=MAX_WEIGHT).contains(w)) {
        errors.push(
            Diagnostic::new(format!("weight {weight} is out of range"))
                .at(file, value_position(yaml, "weight").unwrap_or(Position { line: 2, column: 1 }))
                .span_of(&weight.to_string())
                .hint(format!(
                    "a weight orders pages within a folder; use a number from -{MAX_WEIGHT} to {MAX_WEIGHT}"
                )),
        );
    }
    if let Some(url) = front.document.as_ref().and_then(|d| d.source_url.as_deref()) {
        // Templates link to it as it is: without a scheme it would be a
        // link into the site, reported at the template, not here.
        if let Err(problem) = crate::config::check_base_url(url) {
            errors.push(
                Diagnostic::new(format!("source_url is not a web address: {problem}"))
                    .at(file, value_position(yaml, "source_url").unwrap_or(Position { line: 2, column: 1 }))
                    .span_of(url)
                    .hint("write the whole address of the source, with its scheme: source_url: https://example.org/…"),
            );
        }
    }
    if let Some(data) = &front.document {
        let dates = [
            ("authorization_date", &data.authorization_date),
            ("review_date", &data.review_date),
            ("published", &data.published),
        ];
        for (key, value) in dates {
            let Some(value) = value else { continue };
            if parse_date(value).is_none() {
                // 2022-02-30 is written right but is no day: say that, not
                // that it is written wrong.
                let shaped = value.len() == 10
                    && value
                        .bytes()
                        .enumerate()
                        .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
                let wrong = if shaped { "is not a day in the calendar" } else { "is not a date written as YYYY-MM-DD" };
                errors.push(
                    Diagnostic::new(format!("{key} \"{value}\" {wrong}"))
                        .at(file, value_position(yaml, key).unwrap_or(Position { line: 2, column: 1 }))
                        .span_of(value)
                        .hint(format!("write year-month-day with a real month and day, e.g. {key}: 2022-06-16")),
                );
            }
        }
    }
}

/// Where the value of `key:` starts in the front matter, counted in the
/// file (the opening `---` is line 1). Keys nested under `document:`, in
/// block or flow style (`{short_title: X, review_date: …}`), are found too;
/// the first place naming the key wins.
fn value_position(yaml: &str, key: &str) -> Option<Position> {
    let needle = format!("{key}:");
    yaml.lines().enumerate().find_map(|(i, line)| {
        let at = line
            .match_indices(&needle)
            .map(|(at, _)| at)
            .find(|&at| line[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '{' || c == ','))?;
        let value = &line[at + needle.len()..];
        let skipped = value.len() - value.trim_start().len();
        let column = line[..at + needle.len() + skipped].chars().count() + 1;
        Some(Position { line: i + 2, column })
    })
}

/// `2022-06-16` → (2022, 6, 16), if it is a real calendar date written as
/// YYYY-MM-DD; anything else (`16-06-2022`, `2022-02-30`) is None.
pub fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // Bytes 4 and 7 are ASCII, so these slices fall on char boundaries.
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = &s[from..to];
        digits.bytes().all(|c| c.is_ascii_digit()).then(|| digits.parse().ok()).flatten()
    };
    let (y, m, d) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        split(text, Path::new("p.md")).map(|_| ()).unwrap_err()
    }

    fn only_error(text: &str) -> Diagnostic {
        let mut all = errors(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn yaml_errors_count_lines_from_the_top_of_the_file() {
        let e = only_error("---\ntitle: x\nweight: [\n---\nbody");
        assert!(e.position.unwrap().line >= 3, "{e}");
    }

    #[test]
    fn dates_must_be_real_and_written_year_first() {
        assert_eq!(parse_date("2022-06-16"), Some((2022, 6, 16)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        for bad in ["16-06-2022", "2022-6-16", "2022-13-01", "2023-02-29", "2022-06-31", "2022-06-1x", "22-06-16"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let e = only_error("---\ntitle: x\ndocument:\n  short_title: X\n  review_date: 16-06-2022\n---\n");
        assert!(e.message.contains("review_date \"16-06-2022\" is not a date"), "{e}");
        assert_eq!(e.position.unwrap(), Position { line: 5, column: 16 });
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let e = only_error("---\ntitle: x\ntitel: y\n---\n");
        assert!(e.message.contains("titel"), "{e}");
        assert_eq!(e.position.unwrap().line, 3);
    }

    #[test]
    fn every_independent_error_is_reported() {
        let text = "---\ntitel: y\ntitle: x\nweight: zwaar\nid: [a, b]\ndocument:\n  short_title: X\n  \
                    shorttitle: Y\n  published: 14-07-2022\n---\n";
        let lines: Vec<(usize, String)> =
            errors(text).into_iter().map(|d| (d.position.unwrap().line, d.message)).collect();
        let at = |line: usize, part: &str| lines.iter().any(|(l, m)| *l == line && m.contains(part));
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(at(2, "unknown field `titel`"), "{lines:#?}");
        assert!(at(4, "weight must be a whole number"), "{lines:#?}");
        assert!(at(5, "id must be text, not a list"), "{lines:#?}");
        assert!(at(8, "unknown field `shorttitle`"), "{lines:#?}");
        assert!(at(9, "published \"14-07-2022\""), "{lines:#?}");
    }

    #[test]
    fn a_misspelt_key_is_read_as_the_key_it_is_close_to() {
        // `fromm` is read as `from`, so the item is complete and the next
        // item's problem is found too.
        let text = "---\ntitle: x\nsummary_card:\n  items:\n    - title: A\n      fromm: \"@/a.md\"\n    \
                    - title: B\n      from: \"@/b.md\"\n      take: lijst\n---\n";
        let all = errors(text);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(all[0].message.contains("unknown field `fromm`"), "{all:#?}");
        assert_eq!(
            all[1].message,
            "summary_card.items[1].take must be one of section, first-paragraph, list, not \"lijst\""
        );
        assert_eq!(all[1].hint.as_deref(), Some("did you mean `list`?"));
        // Read as `title`, the key is there twice: not the author's problem.
        let e = only_error("---\ntitle: x\ntitel: y\nweight: 2\n---\n");
        assert!(e.message.contains("unknown field `titel`"), "{e}");
    }

    #[test]
    fn errors_that_follow_from_another_are_not_reported() {
        // A misspelt title is not also a missing title.
        let e = only_error("---\ntitel: x\nweight: 1\n---\n");
        assert!(e.message.contains("unknown field `titel`"), "{e}");
        let e = only_error("---\ntitle: x\ndocument:\n  shorttitle: X\n---\n");
        assert!(e.message.contains("unknown field `shorttitle`"), "{e}");
        // Nothing after a syntax error can be read.
        let e = only_error("---\ntitle: x\nid: een: twee\nfoo: 1\n---\n");
        assert!(e.message.contains("a value holding \": \" must be in quotes"), "{e}");
        // A title that is missing, with nothing else wrong, is said once.
        let e = only_error("---\nid: x\n---\n");
        assert!(e.message.contains("missing field `title`"), "{e}");
    }
}
