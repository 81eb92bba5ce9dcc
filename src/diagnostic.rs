//! One error type for every stage: a message, where it is, and what to do.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an
//! author sees every problem of a run at once; the build fails at the end.
//! `report` turns them into rustc-style text (the source line with a caret
//! under the span) or one JSON object per line.

pub mod report;

use std::fmt;
use std::path::{Path, PathBuf};

/// A line and column, both 1-based, as editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets in a file to line and column.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Columns count characters, not bytes, so they match an editor's.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = offset.min(text.len());
        let column = text.get(start..end).map(|s| s.chars().count()).unwrap_or(0);
        Position { line, column: column + 1 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    /// Relative to the site root, so messages read the same on any machine.
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// How many characters from `position` the problem covers (the caret
    /// line's width); 0 marks the position alone.
    pub len: usize,
    /// The caret's text and other places; boxed because most diagnostics
    /// have neither, and stages pass diagnostics around in `Result`s.
    pub labels: Option<Box<Labels>>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Labels {
    /// Text beside the caret, saying what is wrong at that exact spot.
    pub primary: Option<String>,
    /// Other places that explain this one, such as where a duplicate id
    /// was first defined.
    pub secondary: Vec<Label>,
}

/// A secondary place shown with its own source line and a `-` underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: PathBuf,
    pub position: Position,
    pub len: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic { message: message.into(), file: None, position: None, len: 0, labels: None, hint: None }
    }

    /// The span's width in characters, starting at the position.
    pub fn len(mut self, chars: usize) -> Self {
        self.len = chars;
        self
    }

    /// The text beside the caret, if any.
    pub fn label_text(&self) -> Option<&str> {
        self.labels.as_ref()?.primary.as_deref()
    }

    /// Other places shown with this diagnostic.
    pub fn secondary(&self) -> &[Label] {
        self.labels.as_ref().map_or(&[], |l| &l.secondary)
    }

    /// Marks `text` (as written in the source, at the position) as the span.
    pub fn span_of(self, text: &str) -> Self {
        self.len(text.chars().count())
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.labels.get_or_insert_default().primary = Some(label.into());
        self
    }

    /// Adds a second place to show, e.g. "first defined here".
    pub fn also_at(
        mut self,
        file: impl AsRef<Path>,
        position: Position,
        len: usize,
        message: impl Into<String>,
    ) -> Self {
        let file = file.as_ref().to_path_buf();
        self.labels.get_or_insert_default().secondary.push(Label { file, position, len, message: message.into() });
        self
    }

    pub fn at(mut self, file: impl AsRef<Path>, position: Position) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.position = Some(position);
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The header and location lines only; `report` adds the source lines.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match (&self.file, self.position) {
            (Some(file), Some(p)) => writeln!(f, "  --> {}:{}:{}", file.display(), p.line, p.column)?,
            (Some(file), None) => writeln!(f, "  --> {}", file.display())?,
            _ => {}
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, in a stable order so output is reproducible.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Keeps the diagnostics `keep` accepts; for dropping those that only
    /// echo another error of the run.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
        self.0.dedup();
        self.0
    }

    /// Ok when nothing was reported; the stage's value is only trusted then.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.into_sorted())
        }
    }
}

/// The number of single-character edits (insert, delete, replace, or swap
/// two neighbours) between two strings, for "did you mean" suggestions
/// that only offer what is plausibly a typo.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a typo:
/// at most a third of the characters differ.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates.into_iter().map(|c| (edit_distance(wanted, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\ncë d\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        // 'd' is after a two-byte character: column 4, not 5.
        let d = text.find('d').unwrap();
        assert_eq!(idx.position(text, d), Position { line: 2, column: 4 });
    }

    #[test]
    fn suggestions_are_close_matches_only() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
        let known = ["ervaringsdeskundigen", "managers", "opleiders"];
        assert_eq!(closest("managerz", known), Some("managers"));
        assert_eq!(closest("oplieders", known), Some("opleiders"));
        assert_eq!(closest("zzz", known), None);
        assert_eq!(closest("bestuur", known), None);
    }
}
