//! Diagnostics as people and tools read them: rustc-style text with the
//! source line and a caret under the span (coloured only for a terminal),
//! or one JSON object per line for editors and CI.
//!
//! Sources are read from the site folder when a run is reported, not kept
//! from loading: a diagnostic stays a small value that any stage can make,
//! and a build that succeeds never pays for this.

use super::{Diagnostic, Position};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How the command line prints diagnostics (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Text with source lines, on stderr.
    #[default]
    Human,
    /// One JSON object per diagnostic and line, on stdout.
    Json,
}

/// A source as its lines are shown: a control character other than a
/// line break or tab (an escape sequence that would retitle or recolour
/// the author's terminal) becomes `�`, one character for one, so columns
/// stay where they were.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && !matches!(c, '\n' | '\r' | '\t') { '\u{fffd}' } else { c }).collect()
}

/// Renders diagnostics of the site at `root`, reading each named file once.
pub struct Reporter {
    root: PathBuf,
    files: SimpleFiles<String, String>,
    /// File → its id in `files`, or None when it cannot be read.
    ids: BTreeMap<PathBuf, Option<usize>>,
    config: term::Config,
}

impl Reporter {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let config = term::Config { chars: term::Chars::ascii(), ..term::Config::default() };
        Reporter { root: root.into(), files: SimpleFiles::new(), ids: BTreeMap::new(), config }
    }

    /// The diagnostic as plain text, ending in a newline (for the `serve`
    /// overlay and for logs).
    pub fn text(&mut self, d: &Diagnostic) -> String {
        String::from_utf8_lossy(&self.render(d, false)).into_owned()
    }

    /// The diagnostic as text, with ANSI colours when `color` is set.
    pub fn render(&mut self, d: &Diagnostic, color: bool) -> Vec<u8> {
        let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
        let (diagnostic, location) = self.convert(d);
        if term::emit_to_write_style(&mut buffer, &self.config, &self.files, &diagnostic).is_err() {
            // The file changed under us: say what we know without the source.
            return d.to_string().into_bytes();
        }
        let mut out = buffer.into_inner();
        if let Some(location) = location {
            // Without a position there is no snippet to carry the file
            // name; it goes on its own line, where the snippet's would be.
            let at = out.iter().position(|&b| b == b'\n').map_or(out.len(), |i| i + 1);
            out.splice(at..at, format!(" --> {location}\n").into_bytes());
        }
        out
    }

    /// One line of JSON (without the newline).
    pub fn json(&mut self, d: &Diagnostic) -> String {
        let span = |this: &mut Self, file: &Path, at: Position, len: usize| {
            let end = match this.source(file) {
                Some(id) => {
                    let text = this.files.get(id).map(|f| f.source().as_str()).unwrap_or("");
                    let r = byte_range(text, at, len);
                    end_position(text, r.end, at)
                }
                None => Position { line: at.line, column: at.column + len },
            };
            serde_json::json!({
                "line": at.line, "column": at.column, "end_line": end.line, "end_column": end.column,
            })
        };
        let mut value = serde_json::json!({
            "level": "error",
            "message": d.message,
            "file": d.file.as_ref().map(|f| slashed(f)),
            "label": d.label_text(),
            "hint": d.hint,
        });
        if let (Some(file), Some(at)) = (&d.file, d.position) {
            value["span"] = span(self, file, at, d.len);
        }
        let secondary: Vec<serde_json::Value> = d
            .secondary()
            .iter()
            .map(|l| {
                let mut v = span(self, &l.file, l.position, l.len);
                v["file"] = slashed(&l.file).into();
                v["message"] = l.message.clone().into();
                v
            })
            .collect();
        value["secondary"] = secondary.into();
        value["rendered"] = self.text(d).into();
        value.to_string()
    }

    fn source(&mut self, file: &Path) -> Option<usize> {
        if let Some(id) = self.ids.get(file) {
            return *id;
        }
        let id = std::fs::read(self.root.join(file))
            .ok()
            .map(|bytes| self.files.add(slashed(file), printable(&String::from_utf8_lossy(&bytes))));
        self.ids.insert(file.to_path_buf(), id);
        id
    }

    /// The codespan diagnostic, and the location to print by hand when
    /// there is no source line to show.
    fn convert(&mut self, d: &Diagnostic) -> (cs::Diagnostic<usize>, Option<String>) {
        // A message is one line; anything after it (tera's explanations)
        // becomes notes, so the header stays readable.
        let mut lines = d.message.lines();
        let mut out = cs::Diagnostic::error().with_message(lines.next().unwrap_or(""));
        let mut notes: Vec<String> = lines.map(str::to_string).filter(|l| !l.trim().is_empty()).collect();
        let mut location = None;
        match (&d.file, d.position) {
            (Some(file), Some(at)) => match self.label(file, at, d.len, cs::LabelStyle::Primary) {
                Some(label) => out.labels.push(label.with_message(d.label_text().unwrap_or_default())),
                None => location = Some(format!("{}:{}:{}", slashed(file), at.line, at.column)),
            },
            (Some(file), None) => location = Some(slashed(file)),
            _ => {}
        }
        if location.is_some() {
            if let Some(label) = d.label_text() {
                notes.insert(0, label.to_string());
            }
        }
        for l in d.secondary() {
            match self.label(&l.file, l.position, l.len, cs::LabelStyle::Secondary) {
                Some(label) => out.labels.push(label.with_message(l.message.clone())),
                None => {
                    notes.push(format!("{}: {}:{}:{}", l.message, slashed(&l.file), l.position.line, l.position.column))
                }
            }
        }
        if let Some(hint) = &d.hint {
            notes.push(format!("hint: {hint}"));
        }
        (out.with_notes(notes), location)
    }

    fn label(&mut self, file: &Path, at: Position, len: usize, style: cs::LabelStyle) -> Option<cs::Label<usize>> {
        let id = self.source(file)?;
        let text = self.files.get(id).ok()?.source();
        // A position past the end means the file changed since the run.
        if at.line == 0 || at.line > text.lines().count().max(1) {
            return None;
        }
        Some(cs::Label::new(style, id, byte_range(text, at, len)))
    }
}

/// Prints every diagnostic of a run: as text on stderr, or as JSON lines
/// on stdout (where cargo puts its own).
pub fn print(diagnostics: &[Diagnostic], root: &Path, format: Format) {
    use std::io::Write;
    let mut reporter = Reporter::new(root);
    match format {
        Format::Human => {
            let color = stderr_wants_color();
            let mut err = std::io::stderr().lock();
            for d in diagnostics {
                let _ = err.write_all(&reporter.render(d, color));
            }
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", reporter.json(d));
            }
        }
    }
}

/// Colour only for a person at a terminal, and never when NO_COLOR is set
/// (no-color.org) or the terminal says it cannot show it.
pub fn stderr_wants_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Paths print with `/` on every system, as the tests and editors expect.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The bytes of `len` characters from a 1-based line and column.
fn byte_range(text: &str, at: Position, len: usize) -> Range<usize> {
    let line_start: usize =
        text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum::<usize>().min(text.len());
    let advance =
        |from: usize, chars: usize| text[from..].char_indices().nth(chars).map_or(text.len(), |(i, _)| from + i);
    let start = advance(line_start, at.column.saturating_sub(1));
    // Never past the line a column points into when the column is beyond it.
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let start = start.min(line_end);
    start..advance(start, len)
}

fn end_position(text: &str, end: usize, start: Position) -> Position {
    let before = &text[..end.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    if line < start.line {
        return start;
    }
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_count_characters_from_the_column() {
        let text = "ab\ncë dé\n";
        assert_eq!(&text[byte_range(text, Position { line: 2, column: 4 }, 2)], "dé");
        // A column past the end of its line stays on that line.
        assert_eq!(byte_range(text, Position { line: 2, column: 40 }, 1), 10..11);
        assert_eq!(end_position(text, 10, Position { line: 2, column: 4 }), Position { line: 2, column: 6 });
    }
}
