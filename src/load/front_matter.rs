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
}

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
            .hint("end the front matter with a line holding only `---`")
    })?;
    let yaml = &text[yaml_start..yaml_end];
    let mut front: FrontMatter = if yaml.trim().is_empty() {
        return Err(Diagnostic::new("the front matter is empty")
            .at(file, Position { line: 2, column: 1 })
            .hint("every page needs at least `title: …`"));
    } else {
        // The opening `---` is line 1, so YAML line n is file line n + 1.
        serde_yaml::from_str(yaml).map_err(|e| yaml_error(&e, file, 1))?
    };
    if front.title.trim().is_empty() {
        return Err(Diagnostic::new("the page title is empty")
            .at(file, Position { line: 2, column: 1 })
            .hint("give the page a `title:`"));
    }
    if front.template.is_some() {
        front.template_position = yaml.lines().enumerate().find_map(|(i, line)| {
            let value = line.strip_prefix("template:")?;
            let skipped = value.len() - value.trim_start().len();
            // The opening `---` is line 1.
            Some(Position { line: i + 2, column: "template:".len() + skipped + 1 })
        });
    }
    Ok((front, body_start))
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
    fn unknown_keys_are_rejected() {
        let text = "---\ntitle: x\ntitel: y\n---\n";
        let e = split(text, Path::new("p.md")).unwrap_err();
        assert!(e.message.contains("titel"), "{e}");
        assert_eq!(e.position.unwrap().line, 3);
    }
}
