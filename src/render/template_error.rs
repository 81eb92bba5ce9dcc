//! Template mistakes reported once, at the template line, instead of once
//! per page rendered with it (a typo in `page.html` failed every content
//! page, and each error pointed at a content file that was fine).
//!
//! The render stage hands its errors on as values (`TemplateError`, the
//! link check's `LinkError`) and they become diagnostics here, once.
//! Tera's own errors are text: its parse errors carry a line and column in
//! it; its render errors carry none, only the name in backquotes of what
//! was not found, so that name is looked up in the template's source.

use super::link_check::{self, LinkError};
use super::theme::RenderError;
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

/// A page that did not render, and why; it becomes a diagnostic in
/// `report`, with every page that failed at the same place.
#[derive(Debug, Clone)]
pub struct TemplateError {
    /// The page's file in the output.
    pub output: String,
    /// The content file the page is made from, if it is a content page.
    pub content_file: Option<PathBuf>,
    pub error: RenderError,
}

/// An output page that failed, and the content file it was made from.
type FailedPage = (String, Option<PathBuf>);

/// The render stage's errors as diagnostics: `other` (a file that could not
/// be written, …) as they are, sorted, then the pages that failed in a
/// template, one diagnostic per template line and cause.
pub fn report(failed: Vec<TemplateError>, mut other: Vec<Diagnostic>, dir: &TemplateDir) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, String), Vec<FailedPage>> = BTreeMap::new();
    for f in failed {
        match &f.error {
            RenderError::Template { template, chain } => {
                // The innermost cause is the last link of the chain.
                let cause = chain.rsplit(": ").next().unwrap_or(chain);
                // Tera names an included or parent template that failed
                // only in the text of its error.
                let inner = cause.split("while rendering '").nth(1).and_then(|r| r.split('\'').next());
                let template = inner.unwrap_or(template).to_string();
                let cause = cause.split(" while rendering '").next().unwrap_or(cause).to_string();
                groups.entry((template, cause)).or_default().push((f.output, f.content_file));
            }
            RenderError::View(e) => {
                let d = Diagnostic::new(format!("rendering {}: {e}", f.output))
                    .hint("fix the template named in the message");
                other.push(match &f.content_file {
                    Some(file) => d.in_file(file),
                    None => d,
                });
            }
        }
    }
    other.sort_by(|a, b| a.message.cmp(&b.message));
    let mut out = other;
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

/// The link check's errors, one per problem and target: a link a template
/// makes on many pages (relative to each page) is reported once, naming how
/// many pages have it.
pub fn group_links(errors: Vec<LinkError>) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for e in &errors {
        // The same link is written `../../x` on one page and `x` on another.
        let mut target = e.url.as_str();
        while let Some(t) = target.strip_prefix("../").or_else(|| target.strip_prefix("./")) {
            target = t;
        }
        groups.entry((e.problem, target)).or_default().push(&e.page);
    }
    groups
        .into_iter()
        .map(|((problem, target), mut pages)| {
            pages.sort();
            let on = match pages.len() {
                1 => format!("on {}", pages[0]),
                n => format!("on {n} pages, the first {}", pages[0]),
            };
            Diagnostic::new(format!("{problem}: {target} ({on})")).hint(link_check::HINT)
        })
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
    fn a_link_on_many_pages_is_one_error_naming_them() {
        let e =
            |page: &str, url: &str| LinkError { page: page.into(), problem: "link to a missing file", url: url.into() };
        // A colon in the link is the link's, not a separator.
        let errors =
            vec![e("b/c/index.html", "../../x:y.html"), e("a/index.html", "../x:y.html"), e("z.html", "q.html")];
        let messages: Vec<String> = group_links(errors).into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            [
                "link to a missing file: q.html (on z.html)",
                "link to a missing file: x:y.html (on 2 pages, the first a/index.html)"
            ]
        );
    }

    #[test]
    fn names_are_found_whole() {
        assert_eq!(find_word("{{ page.titels }} {{ page.titel }}", "page.titel"), Some(21));
        assert_eq!(find_word("{{ xpage.titel }}", "page.titel"), None);
    }
}
