//! `site.yaml`: the site's settings and the vocabularies content may use.

use crate::diagnostic::{Diagnostic, Position};
use serde::Deserialize;
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
    /// Where readers report a problem with the site, shown by the
    /// accessibility statement. The publisher's own data, so it lives here
    /// as configuration and never in content text.
    #[serde(default)]
    pub contact: Option<Contact>,
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
        let config: Config = serde_yaml::from_str(text).map_err(|e| yaml_error(&e, CONFIG_FILE, 0))?;
        if let Some(c) = &config.contact {
            let email = c.email.trim();
            if email.contains(char::is_whitespace)
                || !email.contains('@')
                || email.starts_with('@')
                || email.ends_with('@')
            {
                return Err(Diagnostic::new(format!("contact.email \"{}\" is not an e-mail address", c.email))
                    .in_file(CONFIG_FILE)
                    .hint("write an address such as toegankelijkheid@example.org"));
            }
            if !(1..=60).contains(&c.response_working_days) {
                return Err(Diagnostic::new(format!(
                    "contact.response_working_days is {}; expected 1 to 60",
                    c.response_working_days
                ))
                .in_file(CONFIG_FILE)
                .hint("the number of working days within which a report is answered"));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for a in &config.audiences {
            if !seen.insert(a.slug.as_str()) {
                return Err(Diagnostic::new(format!("duplicate audience slug \"{}\"", a.slug))
                    .in_file(CONFIG_FILE)
                    .hint("every audience needs its own slug"));
            }
        }
        Ok(config)
    }

    pub fn audience(&self, slug: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.slug == slug)
    }

    pub fn audience_slugs(&self) -> String {
        let slugs: Vec<&str> = self.audiences.iter().map(|a| a.slug.as_str()).collect();
        slugs.join(", ")
    }
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
    let d = Diagnostic::new(format!("invalid YAML: {message}"))
        .hint("check indentation, quoting and the key names listed in content/README.md");
    match e.location() {
        Some(loc) => d.at(file, Position { line: loc.line() + line_offset, column: loc.column() }),
        None => d.in_file(file),
    }
}
