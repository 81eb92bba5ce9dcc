//! YAML parse errors as diagnostics an author can act on: at the faulty
//! line (a mis-indented key, a tab), with the value underlined, and in the
//! author's words ("weight must be a whole number, not the text …").

use crate::diagnostic::{closest, Diagnostic, Position};
use std::path::Path;

/// A parse error of `yaml` (which starts `line_offset` lines into `file`)
/// as a diagnostic at the faulty line, with the value it rejects underlined.
pub fn read_error(e: &serde_yaml::Error, yaml: &str, file: impl AsRef<Path>, line_offset: usize) -> Diagnostic {
    let mut d = at_misindented_line(yaml_error(e, file, line_offset), yaml, line_offset);
    let message = e.to_string();
    if let (Some(at), true) = (d.position, message.contains("invalid type: ") || message.contains("unknown variant `"))
    {
        d.len = super::value_width(yaml, at.line - line_offset, at.column);
    }
    if let Some(key) = message.split("duplicate field `").nth(1).and_then(|r| r.split('`').next()) {
        // serde points at the mapping; the author needs the second key.
        let start = d.position.map_or(1, |p| p.line - line_offset);
        if let Some((first, second, column)) = duplicate_key(yaml, key, start) {
            let at = |line: usize| Position { line: line + line_offset, column };
            let mut twice = Diagnostic::new(format!("invalid YAML: `{key}` is given twice"))
                .len(key.chars().count())
                .label("given again here")
                .hint("a key is given once in its mapping; remove one of the two");
            twice.file = d.file.clone();
            twice.position = Some(at(second));
            if let Some(file) = &d.file {
                twice = twice.also_at(file, at(first), key.chars().count(), "first given here");
            }
            return twice;
        }
    }
    if d.position.is_none() && message.contains("more than one document") {
        // serde_yaml gives no place for it: the line that ends the first.
        if let Some(i) = yaml.lines().position(|l| matches!(l.trim_end(), "..." | "---")) {
            let mut at = Diagnostic::new("invalid YAML: a second document follows this line")
                .len(3)
                .label("ends the YAML here")
                .hint("remove this line: everything of this file's YAML belongs to one document");
            at.file = d.file;
            at.position = Some(Position { line: i + 1 + line_offset, column: 1 });
            return at;
        }
    }
    unquoted(d, &message, yaml, line_offset)
}

/// The lines (1-based) of the first and second `key:` of the mapping whose
/// first line is `start`, and the keys' column.
fn duplicate_key(yaml: &str, key: &str, start: usize) -> Option<(usize, usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let first_line = lines.get(start.checked_sub(1)?)?;
    let depth = indent(first_line);
    let needle = format!("{key}:");
    let mut found = lines
        .iter()
        .enumerate()
        .skip(start - 1)
        .take_while(|(i, l)| *i + 1 == start || l.trim().is_empty() || indent(l) >= depth)
        .filter(|(_, l)| indent(l) == depth && l.trim_start().starts_with(&needle))
        .map(|(i, _)| i + 1);
    let (first, second) = (found.next()?, found.next()?);
    Some((first, second, depth + 1))
}

/// Two things an author writes unquoted that YAML reads otherwise: a link
/// (`@/…`, `@id`: `@` is reserved) and a value holding `: `. The parser's
/// words for them ("cannot start any token", "mapping values are not
/// allowed") do not say that quotes are the cure.
fn unquoted(d: Diagnostic, message: &str, yaml: &str, line_offset: usize) -> Diagnostic {
    let Some(at) = d.position.filter(|_| d.label_text().is_none()) else { return d };
    let line = yaml.lines().nth((at.line - line_offset).saturating_sub(1)).unwrap_or("");
    let here = line.chars().nth(at.column.saturating_sub(1));
    let quoted = |what: &str, hint: String| {
        let mut q = Diagnostic::new(format!("invalid YAML: {what}")).label("put this value in quotes").hint(hint);
        q.file = d.file.clone();
        q.position = d.position;
        q.len = super::value_width(yaml, at.line - line_offset, at.column);
        q
    };
    if message.contains("cannot start any token") && matches!(here, Some('@' | '`')) {
        let c = here.unwrap_or('@');
        return quoted(
            &format!("a value cannot start with {c} unless it is in quotes"),
            format!("write it as \"{c}…\", e.g. \"@/document/page.md#anchor\""),
        );
    }
    if message.contains("mapping values are not allowed") {
        // The value starts after the first `: ` of the line.
        let Some(start) = line.find(": ").map(|i| i + 2) else { return d };
        let column = line[..start].chars().count() + 1;
        let mut q = quoted("a value holding \": \" must be in quotes", "write key: \"text: more text\"".to_string());
        q.position = Some(Position { line: at.line, column });
        q.len = super::value_width(yaml, at.line - line_offset, column);
        return q;
    }
    d
}

/// serde reports a mis-indented line where the mapping it broke starts,
/// or at the line after it: when a line near the reported one is indented
/// to no level the lines above it open, the error is moved there.
/// `line_offset` is the lines before the YAML in its file.
fn at_misindented_line(d: Diagnostic, yaml: &str, line_offset: usize) -> Diagnostic {
    let (Some(at), Some(file)) = (d.position, d.file.clone()) else { return d };
    // A tab is invisible in most editors, and the parser complains about
    // it in its own words ("cannot start any token"), often a line later.
    if let Some((line, column)) = tab_indented_line(yaml) {
        let line = line + line_offset;
        if line <= at.line + 1 && line + 10 >= at.line {
            return Diagnostic::new("invalid YAML: a tab in the indentation")
                .at(file, Position { line, column })
                .len(1)
                .label("tab")
                .hint(
                    "YAML indents with spaces only: replace the tab with spaces, as many as the lines around it use",
                );
        }
    }
    let Some((line, indent)) = misindented_line(yaml) else { return d };
    let line = line + line_offset;
    if line + 1 < at.line || line > at.line + 10 {
        return d;
    }
    let parser_said = d.message.trim_start_matches("invalid YAML: ").to_string();
    let mut d = Diagnostic::new("invalid YAML: bad indentation")
        .at(file, Position { line, column: 1 })
        .len(indent)
        .label(format!("indented {indent} spaces, like no key above it"));
    d.hint = Some(format!(
        "indent the line like the other keys of its mapping, with spaces (the YAML parser said: {parser_said})"
    ));
    d
}

/// The first line (1-based) indented with a tab, and the tab's column.
fn tab_indented_line(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, l)| {
        let lead = &l[..l.len() - l.trim_start().len()];
        lead.find('\t').map(|c| (i + 1, lead[..c].chars().count() + 1))
    })
}

/// The first line (1-based) whose indentation is deeper than the line
/// before allows, or shallower than any level still open, with its indent.
fn misindented_line(yaml: &str) -> Option<(usize, usize)> {
    // Indentation levels open at this point, innermost last.
    let mut levels = vec![0usize];
    // How deep the next line may go: a key ending in `:` opens any deeper
    // level; a `- ` item opens the column of its content.
    let mut opens_any = false;
    let mut item_column = None;
    // Lines deeper than this belong to a block scalar (`|`, `>`).
    let mut scalar_above: Option<usize> = None;
    for (i, raw) in yaml.lines().enumerate() {
        let content = raw.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        if scalar_above.is_some_and(|s| indent > s) {
            continue;
        }
        scalar_above = None;
        let top = *levels.last().unwrap_or(&0);
        if indent > top {
            if !(opens_any || item_column == Some(indent)) {
                // A deeper line may continue a plain value over lines; a
                // deeper line that reads as a key is a mis-indented one.
                if looks_like_key(content) {
                    return Some((i + 1, indent));
                }
                continue;
            }
            levels.push(indent);
        } else if indent < top {
            while levels.last().is_some_and(|&l| l > indent) {
                levels.pop();
            }
            if levels.last() != Some(&indent) {
                return Some((i + 1, indent));
            }
        }
        let key_part = content.split(" #").next().unwrap_or("").trim_end();
        opens_any = key_part.ends_with(':');
        if ["|", ">", "|-", ">-", "|+", ">+"].iter().any(|m| key_part.ends_with(&format!(": {m}"))) {
            scalar_above = Some(indent);
        }
        item_column = content.starts_with("- ").then(|| {
            let after = &content[2..];
            indent + 2 + (after.len() - after.trim_start().len())
        });
        if item_column.is_some() && levels.last() != item_column.as_ref() {
            // The item's keys continue at its content column.
            levels.push(item_column.unwrap_or(indent));
        }
    }
    None
}

fn looks_like_key(content: &str) -> bool {
    let content = content.strip_prefix("- ").unwrap_or(content);
    content.split_once(':').is_some_and(|(key, rest)| {
        !key.is_empty()
            && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && (rest.is_empty() || rest.starts_with(' '))
    })
}

/// A YAML error as a diagnostic whose line counts from the top of the file,
/// not from the start of the YAML (`line_offset` is the lines before it).
fn yaml_error(e: &serde_yaml::Error, file: impl AsRef<Path>, line_offset: usize) -> Diagnostic {
    let message = e.to_string();
    // serde_yaml appends " at line N column M" to its messages; the position
    // goes in our own field, so drop it from the text.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let mut d = match wrong_type(&message) {
        Some((message, hint)) => Diagnostic::new(message).hint(hint),
        None => Diagnostic::new(format!("invalid YAML: {message}"))
            .hint("check indentation, quoting and the key names listed in content/README.md"),
    };
    // serde names the unknown key and the expected ones in backquotes: the
    // caret goes under the key, and a close match is offered.
    if let Some(key) = message.split("unknown field `").nth(1).and_then(|r| r.split('`').next()) {
        let expected: Vec<&str> =
            message.split("expected ").nth(1).unwrap_or("").split('`').skip(1).step_by(2).collect();
        d = d.len(key.chars().count()).label("unknown key");
        if let Some(near) = closest(key, expected) {
            d = d.hint(format!("did you mean `{near}`? The key names are listed in content/README.md"));
        }
    }
    // serde points a missing key at the start of the mapping that lacks it.
    if let Some(key) = message.split("missing field `").nth(1).and_then(|r| r.split('`').next()) {
        d = d
            .label(format!("the mapping that starts here has no `{key}:`"))
            .hint(format!("add `{key}: …`; the key names are listed in content/README.md"));
    }
    match e.location() {
        Some(loc) => d.at(file, Position { line: loc.line() + line_offset, column: loc.column() }),
        None => d.in_file(file),
    }
}

/// serde's "weight: invalid type: string \"zwaar\", expected i64" in an
/// author's words, with what to write instead: (message, hint).
fn wrong_type(message: &str) -> Option<(String, String)> {
    if let Some((path, rest)) = message.split_once("unknown variant `") {
        let (value, rest) = rest.split_once('`')?;
        let allowed: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let path = path.trim_end_matches([':', ' ']);
        let hint = match closest(value, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("write one of {}", allowed.join(", ")),
        };
        return Some((format!("{path} must be one of {}, not \"{value}\"", allowed.join(", ")), hint));
    }
    let (path, rest) = message.split_once("invalid type: ")?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let path = path.trim_end_matches([':', ' ']);
    let key = path.rsplit([':', '.', ' ']).next().unwrap_or(path);
    let found = match found {
        "sequence" => "a list".to_string(),
        "map" => "a mapping".to_string(),
        "unit value" => "empty".to_string(),
        f => match f.split_once(' ') {
            Some(("string", s)) => format!("the text {s}"),
            Some(("integer" | "floating", _)) => format!("the number {}", f.rsplit('`').nth(1).unwrap_or(f)),
            Some(("boolean", b)) => b.trim_matches('`').to_string(),
            _ => f.to_string(),
        },
    };
    if path.is_empty() {
        // The whole file (or front matter) is not a mapping.
        return Some((
            format!("expected `key: value` lines, not {found}"),
            "write one `key: value` per line (a page starts with `title: …`); see content/README.md".into(),
        ));
    }
    let (expected, hint) = match expected {
        "a string" if found == "a list" || found == "a mapping" => (
            "text",
            format!(
                "a value that starts with [ or {{ is read as a list or a mapping: put the text in quotes, {key}: \"…\""
            ),
        ),
        "a string" => {
            ("text", format!("write the text after `{key}:`, in quotes if it holds `: ` or starts with a sign"))
        }
        "i64" | "i32" | "u32" | "u64" | "an integer" => {
            ("a whole number", format!("write a number without quotes, e.g. {key}: 3"))
        }
        "a sequence" => ("a list", format!("write a list, {key}: [a, b], or one `- item` per line under `{key}:`")),
        e if e.starts_with("struct ") || e == "a map" => {
            ("a mapping", format!("write its keys on the lines under `{key}:`, indented; see content/README.md"))
        }
        e => (e, format!("see content/README.md for what `{key}` takes")),
    };
    Some((format!("{path} must be {expected}, not {found}"), hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_in_the_indentation_is_found() {
        assert_eq!(tab_indented_line("a:\n  b: 1\n \tc: 2\n"), Some((3, 2)));
        assert_eq!(tab_indented_line("a: \tb\n"), None, "a tab after the key is no indentation");
    }
    #[test]
    fn a_line_indented_to_no_open_level_is_found() {
        let good = "a: 1\nb:\n  - slug: x\n    name: y\n    text: |\n      free\n        text\n  - slug: z\n    name: a long\n      value\n";
        assert_eq!(misindented_line(good), None);
        let bad = good.replace("    name: y", "   name: y");
        assert_eq!(misindented_line(&bad), Some((4, 3)));
        let shallow = good.replace("    name: a long", " name: a long");
        assert_eq!(misindented_line(&shallow), Some((9, 1)));
    }
}
