//! The YAML between the `---` lines at the top of a page.

use crate::config::yaml_error;
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
/// Markdown body starts.
pub fn split(text: &str, file: &Path) -> Result<(FrontMatter, usize), Diagnostic> {
    let missing = || {
        Diagnostic::new("the page has no front matter")
            .at(file, Position { line: 1, column: 1 })
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
    let mut front: FrontMatter = if yaml.trim().is_empty() {
        return Err(Diagnostic::new("the front matter is empty")
            .at(file, Position { line: 2, column: 1 })
            .hint("every page needs at least `title: …`"));
    } else {
        // The opening `---` is line 1, so YAML line n is file line n + 1.
        serde_yaml::from_str(yaml).map_err(|e| crate::config::at_misindented_line(yaml_error(&e, file, 1), yaml, 1))?
    };
    if front.title.trim().is_empty() {
        return Err(Diagnostic::new("the page title is empty")
            .at(file, Position { line: 2, column: 1 })
            .hint("give the page a `title:`"));
    }
    if front.template.is_some() {
        front.template_position = value_position(yaml, "template");
    }
    if let Some(weight) = front.weight.filter(|w| !(-MAX_WEIGHT..=MAX_WEIGHT).contains(w)) {
        return Err(Diagnostic::new(format!("weight {weight} is out of range"))
            .at(file, value_position(yaml, "weight").unwrap_or(Position { line: 2, column: 1 }))
            .hint(format!("a weight orders pages within a folder; use a number from -{MAX_WEIGHT} to {MAX_WEIGHT}")));
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
                return Err(Diagnostic::new(format!("{key} \"{value}\" is not a date written as YYYY-MM-DD"))
                    .at(file, value_position(yaml, key).unwrap_or(Position { line: 2, column: 1 }))
                    .hint(format!("write year-month-day with a real month and day, e.g. {key}: 2022-06-16")));
            }
        }
    }
    Ok((front, body_start))
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

    #[test]
    fn yaml_errors_count_lines_from_the_top_of_the_file() {
        let text = "---\ntitle: x\nweight: [\n---\nbody";
        let e = split(text, Path::new("p.md")).unwrap_err();
        assert!(e.position.unwrap().line >= 3, "{e}");
    }

    #[test]
    fn dates_must_be_real_and_written_year_first() {
        assert_eq!(parse_date("2022-06-16"), Some((2022, 6, 16)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        for bad in ["16-06-2022", "2022-6-16", "2022-13-01", "2023-02-29", "2022-06-31", "2022-06-1x", "22-06-16"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let text = "---\ntitle: x\ndocument:\n  short_title: X\n  review_date: 16-06-2022\n---\n";
        let e = split(text, Path::new("p.md")).unwrap_err();
        assert!(e.message.contains("review_date \"16-06-2022\" is not a date"), "{e}");
        assert_eq!(e.position.unwrap(), Position { line: 5, column: 16 });
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = "---\ntitle: x\ntitel: y\n---\n";
        let e = split(text, Path::new("p.md")).unwrap_err();
        assert!(e.message.contains("titel"), "{e}");
        assert_eq!(e.position.unwrap().line, 3);
    }
}
