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
    /// Only used where an absolute address is unavoidable (sitemap.xml);
    /// pages link relatively so the site also works from disk.
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
}

/// The summary card is made from the content; this says which parts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// The document folder whose key recommendations the card lists.
    pub document: String,
    pub items: Vec<CardItem>,
}

#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq)]
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
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| yaml_error(&e, CONFIG_FILE, 0))?;
        config.positions = value_positions(text, "");
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
    match e.location() {
        Some(loc) => d.at(file, Position { line: loc.line() + line_offset, column: loc.column() }),
        None => d.in_file(file),
    }
}
