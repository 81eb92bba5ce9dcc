//! `site.yaml`: the site's settings and the vocabularies content may use.

use crate::diagnostic::closest;
use crate::diagnostic::{Diagnostic, Position};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The site's public address. Only used where an absolute address is
    /// unavoidable (sitemap.xml, the 404 page's `<base href>`); pages link
    /// relatively so the site also works from disk.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub audiences: Vec<Audience>,
    /// What the summary card shows besides the key recommendations.
    #[serde(default)]
    pub summary_card: Option<CardConfig>,
    /// Where each top-level setting's value is written in site.yaml, so
    /// later stages can point at the setting they reject.
    #[serde(skip)]
    pub positions: BTreeMap<String, (Position, usize)>,
    /// Where readers report a problem with the site, shown by the
    /// accessibility statement. The publisher's own data, so it lives here
    /// as configuration and never in content text.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Whether the build writes the print editions (PDF): each document,
    /// the summary cards and the exercise sheets. Off unless asked for:
    /// they take most of a small site's build time. A build without the
    /// `pdf` feature never writes them.
    #[serde(default)]
    pub print_editions: bool,
}

/// `contact:` in site.yaml.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The e-mail address reports go to.
    pub email: String,
    /// Within how many working days the publisher answers a report.
    pub response_working_days: u32,
}

/// A summary card in site.yaml: for one document, named here. A document
/// can also configure its own card in its `_index.md` (`SummaryCard`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// The document folder whose key recommendations the card lists.
    pub document: String,
    pub items: Vec<CardItem>,
}

/// A document's summary card, in the front matter of its `_index.md`: the
/// card is made from the content, this says which parts besides the
/// document's key recommendations.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryCard {
    pub items: Vec<CardItem>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CardItem {
    pub title: String,
    /// A link target (`@/path.md#heading`) of the section to take from.
    pub from: String,
    /// How much of the section: all of it, its first paragraph, or its
    /// first list.
    #[serde(default)]
    pub take: Take,
}

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, Default, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum Take {
    #[default]
    Section,
    FirstParagraph,
    List,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Link targets (`@/…`) of text written for an audience that has no
    /// recommendations of its own, so its page still leads somewhere.
    #[serde(default)]
    pub related: Vec<String>,
}

fn default_language() -> String {
    "nl".into()
}

fn default_theme() -> String {
    "modulepers".into()
}

pub const CONFIG_FILE: &str = "site.yaml";

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(format!("cannot read {CONFIG_FILE}: {e}"))
                .in_file(CONFIG_FILE)
                .hint("run modulepers in the site folder, or pass --root DIR")
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config =
            serde_yaml::from_str(text).map_err(|e| at_misindented_line(yaml_error(&e, CONFIG_FILE, 0), text, 0))?;
        config.positions = value_positions(text, "");
        if let Some(c) = &config.contact {
            let written = section_value_positions(text, "contact");
            let blame = |key: &str, d: Diagnostic| match written.get(key) {
                Some((at, len)) => d.at(CONFIG_FILE, *at).len(*len),
                None => d.in_file(CONFIG_FILE),
            };
            let email = c.email.trim();
            if email.contains(char::is_whitespace)
                || !email.contains('@')
                || email.starts_with('@')
                || email.ends_with('@')
            {
                return Err(blame(
                    "email",
                    Diagnostic::new(format!("contact.email \"{}\" is not an e-mail address", c.email)),
                )
                .hint("write an address such as toegankelijkheid@example.org"));
            }
            if !(1..=60).contains(&c.response_working_days) {
                return Err(blame(
                    "response_working_days",
                    Diagnostic::new(format!(
                        "contact.response_working_days is {}; expected 1 to 60",
                        c.response_working_days
                    )),
                )
                .hint("the number of working days within which a report is answered"));
            }
        }
        // Slugs as written, to point at the second one: `- slug:` lines.
        let slugs = value_positions_all(text, "  - slug:");
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for a in &config.audiences {
            let count = seen.entry(&a.slug).or_default();
            *count += 1;
            if *count == 2 {
                let mut written = slugs.iter().filter(|(v, _)| *v == a.slug).map(|(_, at)| *at);
                let mut d = Diagnostic::new(format!("duplicate audience slug \"{}\"", a.slug))
                    .in_file(CONFIG_FILE)
                    .hint("every audience needs its own slug");
                if let (Some(first), Some((at, len))) = (written.next(), written.next()) {
                    d = d.at(CONFIG_FILE, at).len(len).also_at(CONFIG_FILE, first.0, first.1, "first used here");
                }
                return Err(d);
            }
        }
        if let Err(problem) = check_base_url(&config.base_url) {
            return Err(config.blame("base_url", Diagnostic::new(format!("invalid base_url: {problem}"))).hint(
                "write the address the site is published at, with its scheme: base_url: https://example.org/path/",
            ));
        }
        Ok(config)
    }

    /// Puts `d` at the value of a top-level setting of site.yaml.
    pub fn blame(&self, key: &str, d: Diagnostic) -> Diagnostic {
        match self.positions.get(key) {
            Some((at, len)) => d.at(CONFIG_FILE, *at).len(*len),
            None => d.in_file(CONFIG_FILE),
        }
    }

    pub fn audience(&self, slug: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.slug == slug)
    }

    pub fn audience_slugs(&self) -> String {
        let slugs: Vec<&str> = self.audiences.iter().map(|a| a.slug.as_str()).collect();
        slugs.join(", ")
    }
}

/// base_url ends up in sitemap.xml and the 404 page, where a browser or a
/// search engine needs an absolute address.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(format!("\"{url}\" does not start with https:// or http://"));
    };
    if rest.split('/').next().is_none_or(str::is_empty) {
        return Err(format!("\"{url}\" names no host"));
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("\"{url}\" contains {c:?}"));
    }
    Ok(())
}

/// Positions of the values of lines starting with `prefix` followed by a
/// key (`prefix` "" gives the top-level keys): key → (position, length).
fn value_positions(text: &str, prefix: &str) -> BTreeMap<String, (Position, usize)> {
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
fn section_value_positions(text: &str, section: &str) -> BTreeMap<String, (Position, usize)> {
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

/// Every value written after `prefix` (e.g. each audience's `slug:`), in
/// file order, with its position and length.
fn value_positions_all(text: &str, prefix: &str) -> Vec<(String, (Position, usize))> {
    text.lines()
        .enumerate()
        .filter_map(|(line_no, line)| {
            let value = line.strip_prefix(prefix)?;
            let value_start = line.len() - value.trim_start().len();
            let value = value.split(" #").next().unwrap_or("").trim().trim_matches('"');
            let column = line[..value_start].chars().count() + 1 + usize::from(line[value_start..].starts_with('"'));
            Some((value.to_string(), (Position { line: line_no + 1, column }, value.chars().count())))
        })
        .collect()
}

/// serde reports a mis-indented line where the mapping it broke starts,
/// or at the line after it: when a line near the reported one is indented
/// to no level the lines above it open, the error is moved there.
/// `line_offset` is the lines before the YAML in its file.
pub fn at_misindented_line(d: Diagnostic, yaml: &str, line_offset: usize) -> Diagnostic {
    let (Some(at), Some(file)) = (d.position, d.file.clone()) else { return d };
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
pub fn yaml_error(e: &serde_yaml::Error, file: impl AsRef<Path>, line_offset: usize) -> Diagnostic {
    let message = e.to_string();
    // serde_yaml appends " at line N column M" to its messages; the position
    // goes in our own field, so drop it from the text.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let mut d = Diagnostic::new(format!("invalid YAML: {message}"))
        .hint("check indentation, quoting and the key names listed in content/README.md");
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
    if message.contains("more than one document") {
        d = d.hint("a line `---` or `...` inside the YAML ends it: remove it, or quote the text it belongs to");
    }
    // Some errors (several YAML documents in one) come without a place:
    // the start of the YAML, so the author still gets a file and line.
    let at = match e.location() {
        Some(loc) => Position { line: loc.line() + line_offset, column: loc.column() },
        None => Position { line: line_offset + 1, column: 1 },
    };
    d.at(file, at)
}

#[cfg(test)]
mod tests {
    use super::*;

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
