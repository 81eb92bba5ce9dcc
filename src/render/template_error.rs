//! Template mistakes reported once, at the template line, instead of once
//! per page rendered with it (a typo in `page.html` failed every content
//! page, and each error pointed at a content file that was fine).
//!
//! Tera's parse errors carry a line and column in their text; its render
//! errors carry none, only the name in backquotes of what was not found,
//! so that name is looked up in the template's source.

use crate::diagnostic::{Diagnostic, Position};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a theme's templates are, to read them and to name them.
#[derive(Debug, Clone)]
pub struct TemplateDir {
    /// To read the sources.
    pub absolute: PathBuf,
    /// Relative to the site root, to name them.
    pub relative: PathBuf,
}

impl TemplateDir {
    fn source(&self, name: &str) -> Option<String> {
        crate::read::text(&self.absolute.join(name)).ok()
    }

    fn names(&self) -> Vec<String> {
        walkdir::WalkDir::new(&self.absolute)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.absolute).ok()?;
                Some(rel.to_string_lossy().replace('\\', "/"))
            })
            .collect()
    }
}

/// A tera parse error (`Failed to parse "…/page.html": --> 13:97 …`) at
/// its template line, with pest's explanation as the message.
pub fn parse_error(chain: &str, dir: &TemplateDir) -> Diagnostic {
    let hint = "fix the template syntax; see the tera documentation (keats.github.io/tera)";
    let file = chain
        .split("Failed to parse \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(|p| Path::new(p).strip_prefix(&dir.absolute).map(Path::to_path_buf).unwrap_or_else(|_| p.into()))
        .map(|name| dir.relative.join(name));
    let position = chain.split("--> ").nth(1).and_then(|r| {
        let (line, rest) = r.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Position { line: line.trim().parse().ok()?, column: column.parse().ok()? })
    });
    // pest's explanation is the line after "= ".
    let explanation = chain.lines().find_map(|l| l.trim_start().strip_prefix("= ")).unwrap_or(chain.trim());
    let d = Diagnostic::new(format!("template syntax error: {explanation}")).hint(hint);
    match (file, position) {
        (Some(f), Some(at)) => d.at(f, at).len(1),
        (Some(f), None) => d.in_file(f),
        _ => d.in_file(&dir.relative),
    }
}

/// One render error of one output page, as `pages::render` reports it:
/// `rendering <file>: template <name>: <tera's chain>`.
struct Failure<'a> {
    output: &'a str,
    template: &'a str,
    cause: &'a str,
    content_file: Option<&'a PathBuf>,
}

fn parse_failure(d: &Diagnostic) -> Option<Failure<'_>> {
    let rest = d.message.strip_prefix("rendering ")?;
    let (output, rest) = rest.split_once(": template ")?;
    let (template, chain) = rest.split_once(": ")?;
    // The innermost cause is the last link of the chain.
    let cause = chain.rsplit(": ").next().unwrap_or(chain);
    Some(Failure { output, template, cause, content_file: d.file.as_ref() })
}

/// An output page that failed, and the content file it was made from.
type FailedPage = (String, Option<PathBuf>);

/// Replaces the render errors that share a template and a cause by one
/// diagnostic at the template line; other diagnostics pass unchanged.
pub fn group(errors: Vec<Diagnostic>, dir: &TemplateDir) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, String), Vec<FailedPage>> = BTreeMap::new();
    let mut out = Vec::new();
    for d in &errors {
        match parse_failure(d) {
            Some(f) => {
                let cause = f.cause.split(" while rendering '").next().unwrap_or(f.cause).to_string();
                let template = f.cause.split("while rendering '").nth(1).and_then(|r| r.split('\'').next());
                let template = template.unwrap_or(f.template).to_string();
                groups.entry((template, cause)).or_default().push((f.output.to_string(), f.content_file.cloned()));
            }
            None => out.push(d.clone()),
        }
    }
    // Pages rendered with different templates can fail at the same line
    // of a shared parent: one diagnostic per place and cause.
    let mut places: BTreeMap<(Option<PathBuf>, Option<Position>, String), Vec<FailedPage>> = BTreeMap::new();
    for ((template, cause), pages) in groups {
        let d = locate(Diagnostic::new(""), &template, &cause, dir);
        places.entry((d.file, d.position, cause)).or_default().extend(pages);
    }
    for ((file, position, cause), mut pages) in places {
        pages.sort();
        let (example, content) = &pages[0];
        let example = match content {
            Some(file) => format!("{example} (from {})", file.display()),
            None => example.clone(),
        };
        let pages_text = match pages.len() {
            1 => format!("rendering {example} failed here"),
            n => format!("rendering {n} pages failed here, the first {example}"),
        };
        let name = quoted_name(&cause).unwrap_or_default();
        let d = Diagnostic::new(format!("template error: {cause}")).hint(pages_text);
        out.push(match (file, position) {
            (Some(f), Some(at)) => d.at(f, at).len(name.chars().count()),
            (Some(f), None) => d.in_file(f),
            _ => d,
        });
    }
    out
}

/// The first name in backquotes or single quotes: tera writes
/// "Variable `x` not found" but "Filter 'x' not found".
fn quoted_name(cause: &str) -> Option<&str> {
    let start = cause.find(['`', '\''])?;
    let quote = &cause[start..start + 1];
    cause[start + 1..].split(quote).next().filter(|n| !n.is_empty())
}

/// Replaces the link check's errors about one link a template makes on
/// many pages (`page: problem: url`, the url relative to each page) by one
/// error per problem and target, naming how many pages have it.
pub fn group_links(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, String), (Vec<String>, Option<String>)> = BTreeMap::new();
    let mut other = Vec::new();
    for d in errors {
        let Some((page, rest)) = d.message.split_once(": ") else {
            other.push(d);
            continue;
        };
        let (problem, url) = rest.rsplit_once(": ").unwrap_or((rest, ""));
        // The same link is written `../../x` on one page and `x` on another.
        let mut target = url;
        while let Some(t) = target.strip_prefix("../").or_else(|| target.strip_prefix("./")) {
            target = t;
        }
        let entry = groups.entry((problem.to_string(), target.to_string())).or_default();
        entry.0.push(page.to_string());
        entry.1 = d.hint.clone();
    }
    groups
        .into_iter()
        .map(|((problem, target), (mut pages, hint))| {
            pages.sort();
            let on = match pages.len() {
                1 => format!("on {}", pages[0]),
                n => format!("on {n} pages, the first {}", pages[0]),
            };
            let d = Diagnostic::new(format!("{problem}: {target} ({on})"));
            match hint {
                Some(h) => d.hint(h),
                None => d,
            }
        })
        .chain(other)
        .collect()
}

/// Puts `d` at the first place the name in backquotes in `cause` appears:
/// in `template`, else in any template (a parent or an include).
fn locate(d: Diagnostic, template: &str, cause: &str, dir: &TemplateDir) -> Diagnostic {
    let Some(name) = quoted_name(cause) else {
        return d.in_file(dir.relative.join(template));
    };
    let mut names = dir.names();
    names.sort_by_key(|n| n != template);
    for n in names {
        let Some(text) = dir.source(&n) else { continue };
        if let Some(offset) = find_word(&text, name) {
            let line = text[..offset].matches('\n').count() + 1;
            let column = text[..offset].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return d.at(dir.relative.join(&n), Position { line, column }).len(name.chars().count());
        }
    }
    d.in_file(dir.relative.join(template))
}

/// `name` where it is not part of a longer name (`page.titel` is not found
/// in `page.titels`).
fn find_word(text: &str, name: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(is_name) && !after.is_some_and(is_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_whole() {
        assert_eq!(find_word("{{ page.titels }} {{ page.titel }}", "page.titel"), Some(21));
        assert_eq!(find_word("{{ xpage.titel }}", "page.titel"), None);
    }
}
