//! `site.yaml`: the site's settings and the vocabularies content may use.

use crate::diagnostic::{Diagnostic, Position};
use crate::yaml::{read_error, section_value_positions, value_positions};
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
    /// unavoidable (sitemap.xml, the links in the PDFs, which are read apart
    /// from the site); pages link relatively so the site also works from disk.
    /// Without it there is no sitemap and the PDFs name no web address.
    #[serde(default)]
    pub base_url: Option<String>,
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
    /// `opdrachtbladen:` the school's own settings per assignment (by its
    /// id): how long it takes and what is handed in. The source gives
    /// neither, so they are the teacher's, shown as such on the sheets.
    #[serde(default, rename = "opdrachtbladen")]
    pub sheets: BTreeMap<String, SheetSettings>,
    /// Where each assignment id under `opdrachtbladen:` is written.
    #[serde(skip)]
    pub sheet_positions: BTreeMap<String, (Position, usize)>,
}

/// One assignment's entry under `opdrachtbladen:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSettings {
    /// The time the school gives it ("2 lesuren").
    pub tijd: Option<String>,
    /// What is handed in, when and where ("verslag, week 12, via de ELO").
    pub inleveren: Option<String>,
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
    /// Where `document:` is written in site.yaml.
    #[serde(skip)]
    pub document_position: Option<(Position, usize)>,
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
    /// Where `from:` is written (its file is the one the card is
    /// configured in), so a broken link is shown at its value.
    #[serde(skip)]
    pub from_position: Option<(Position, usize)>,
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
    /// Where each `related` entry is written in site.yaml.
    #[serde(skip)]
    pub related_positions: Vec<Option<(Position, usize)>>,
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
        let text = crate::read::text(&path).map_err(|e| {
            Diagnostic::new(format!("cannot read {CONFIG_FILE}: {e}")).in_file(CONFIG_FILE).hint(
                match crate::read::is_special(&e) {
                    true => crate::read::HINT,
                    false => "run modulepers in the site folder, or pass --root DIR",
                },
            )
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| read_error(&e, text, CONFIG_FILE, 0))?;
        config.positions = value_positions(text, "");
        config.locate_links(text);
        config.sheet_positions = section_keys(text, "opdrachtbladen");
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
                .hint(
                    "write within how many working days an accessibility report is answered \
                     (the accessibility statement says so), e.g. response_working_days: 10",
                ));
            }
        }
        // Slugs as written, to point at the second one.
        let slugs: Vec<(String, (Position, usize))> =
            crate::yaml::values_of(text, "slug", 0).into_iter().map(|w| (w.value, (w.at, w.len))).collect();
        // A slug is an address (doelgroepen/<slug>/) and what content writes
        // in doelgroepen="…", where a space separates nothing.
        if let Some(a) = config.audiences.iter().find(|a| crate::slug::slugify(&a.slug) != a.slug) {
            let mut d = Diagnostic::new(format!("audience slug \"{}\" is not a slug", a.slug))
                .in_file(CONFIG_FILE)
                .hint(format!(
                    "use lower-case letters, digits and dashes only, e.g. slug: {}",
                    crate::slug::slugify(&a.slug)
                ));
            if let Some((_, (at, len))) = slugs.iter().find(|(v, _)| *v == a.slug) {
                d = d.at(CONFIG_FILE, *at).len(*len).label("used in addresses and in doelgroepen=\"…\"");
            }
            return Err(d);
        }
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
        if !is_language_tag(&config.language) {
            return Err(config
                .blame("language", Diagnostic::new(format!("language \"{}\" is not a language code", config.language)))
                .hint("write a code such as nl or nl-BE: it becomes the lang attribute of every page"));
        }
        if let Some(Err(problem)) = config.base_url.as_deref().map(check_base_url) {
            return Err(config.blame("base_url", Diagnostic::new(format!("invalid base_url: {problem}"))).hint(
                "write the address the site is published at, with its scheme: base_url: https://example.org/path/",
            ));
        }
        if let Some(c) = &config.contact {
            if let Some(host) = placeholder_host(c.email.rsplit('@').next().unwrap_or_default()) {
                let at = section_value_positions(text, "contact").get("email").copied();
                let d = Diagnostic::new(format!(
                    "contact.email \"{}\" is a placeholder ({host} is reserved for examples and tests)",
                    c.email
                ))
                .hint(
                    "write the address where the publisher answers accessibility reports, or leave contact: out \
                     (the accessibility statement then says that none is set)",
                );
                return Err(match at {
                    Some((at, len)) => d.at(CONFIG_FILE, at).len(len),
                    None => d.in_file(CONFIG_FILE),
                });
            }
        }
        Ok(config)
    }

    /// The site's public address for the print editions, which are read
    /// apart from the site and so must not carry an address that leads
    /// nowhere: None without `base_url`, an error for a placeholder (set in
    /// site.yaml, or by `--base-url` when `from_flag`).
    pub fn print_base_url(&self, from_flag: bool) -> Result<Option<&str>, Diagnostic> {
        let Some(url) = self.base_url.as_deref() else { return Ok(None) };
        let host = url.split("://").nth(1).unwrap_or(url).split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        let host = host
            .strip_prefix('[')
            .map_or_else(|| host.split(':').next().unwrap_or_default(), |h| h.split(']').next().unwrap_or_default());
        let Some(reserved) = placeholder_host(host) else { return Ok(Some(url)) };
        let setting = if from_flag { "--base-url" } else { "base_url" };
        let d = Diagnostic::new(format!(
            "{setting} \"{url}\" is a placeholder ({reserved} is reserved for examples and tests); the print editions would print it"
        ))
        .hint(format!(
            "write the address the site is published at, or leave {setting} out: the PDFs then carry no web addresses \
             (or set print_editions: false)"
        ));
        Err(if from_flag { d } else { self.blame("base_url", d) })
    }

    /// Records where the link values (`related`, a card's `from`) are
    /// written, for errors found when they are resolved.
    fn locate_links(&mut self, text: &str) {
        let related: Vec<&str> = self.audiences.iter().flat_map(|a| a.related.iter().map(String::as_str)).collect();
        let mut positions = crate::yaml::align(text, "related", 0, &related).into_iter();
        for a in &mut self.audiences {
            a.related_positions = positions.by_ref().take(a.related.len()).collect();
        }
        if let Some(card) = &mut self.summary_card {
            locate_card_items(&mut card.items, text, 0);
            card.document_position = crate::yaml::align(text, "document", 0, &[&card.document])[0];
        }
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

/// The keys of one top-level mapping (`opdrachtbladen:` → `opdracht-2`, …)
/// as written: key → (position, length).
fn section_keys(text: &str, section: &str) -> BTreeMap<String, (Position, usize)> {
    let header = format!("{section}:");
    let mut out = BTreeMap::new();
    let Some(start) = text.lines().position(|l| l.split(" #").next().unwrap_or("").trim_end() == header) else {
        return out;
    };
    let mut indent = None;
    for (n, line) in text.lines().enumerate().skip(start + 1) {
        let own = line.len() - line.trim_start().len();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if own == 0 {
            break;
        }
        if *indent.get_or_insert(own) != own {
            continue;
        }
        if let Some((key, _)) = line.trim_start().split_once(':') {
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
            let at = Position { line: n + 1, column: own + 1 };
            out.entry(key.to_string()).or_insert((at, key.chars().count()));
        }
    }
    out
}

/// A language tag as HTML's `lang` takes it: two or three letters, then
/// optional subtags (`nl`, `nl-BE`, `fy-NL`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// base_url ends up in sitemap.xml and in the PDFs' links, where a search
/// engine or a PDF reader needs an absolute address.
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

/// Why `host` is no address to publish: the names reserved for examples,
/// documentation and tests (RFC 2606, RFC 6761), this machine, and the
/// private and link-local networks. None for any other host.
pub fn placeholder_host(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let last = labels.last().copied().unwrap_or_default();
    let second_level = labels.len().checked_sub(2).map(|i| labels[i..].join("."));
    let reserved_domain = ["example.org", "example.com", "example.net", "example.edu"];
    if let Some(domain) = second_level.as_deref().filter(|d| reserved_domain.contains(d)) {
        return Some(domain.to_string());
    }
    if ["example", "test", "invalid", "localhost", "local", "internal", "localdomain"].contains(&last) {
        return Some(format!(".{last}"));
    }
    if host.is_empty() {
        return Some("an empty host".into());
    }
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        if ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified() || ip.is_documentation() {
            return Some(format!("{ip}"));
        }
    }
    if let Ok(ip) = host.parse::<std::net::Ipv6Addr>() {
        if ip.is_loopback()
            || ip.is_unspecified()
            || (ip.segments()[0] & 0xfe00) == 0xfc00
            || (ip.segments()[0] & 0xffc0) == 0xfe80
        {
            return Some(format!("{ip}"));
        }
    }
    None
}

/// Records where each card item's `from:` is written in `yaml` (site.yaml,
/// or a front matter whose YAML starts `line_offset` lines into its file).
pub fn locate_card_items(items: &mut [CardItem], yaml: &str, line_offset: usize) {
    let from: Vec<&str> = items.iter().map(|i| i.from.as_str()).collect();
    let positions = crate::yaml::align(yaml, "from", line_offset, &from);
    for (item, at) in items.iter_mut().zip(positions) {
        item.from_position = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_hosts() {
        for placeholder in [
            "example.org",
            "www.example.com",
            "EXAMPLE.NET.",
            "site.test",
            "x.invalid",
            "localhost",
            "a.localhost",
            "127.0.0.1",
            "127.4.5.6",
            "10.0.0.1",
            "192.168.1.1",
            "::1",
            "other.example",
        ] {
            assert!(placeholder_host(placeholder).is_some(), "{placeholder}");
        }
        for real in ["www.ggzstandaarden.nl", "examples.org", "example.org.nl", "8.8.8.8", "testing.nl"] {
            assert_eq!(placeholder_host(real), None, "{real}");
        }
    }

    #[test]
    fn print_base_url_finds_the_host() {
        let mut config = Config::parse("title: T\n").unwrap();
        assert_eq!(config.print_base_url(false).unwrap(), None);
        for (url, placeholder) in [
            ("https://example.org/sub/", true),
            ("http://user@localhost:8080/", true),
            ("http://[::1]:3000/", true),
            ("https://www.ggzstandaarden.nl/x/", false),
            ("https://example.org.nl/", false),
        ] {
            config.base_url = Some(url.into());
            assert_eq!(config.print_base_url(true).is_err(), placeholder, "{url}");
        }
    }

    #[test]
    fn language_codes() {
        for good in ["nl", "nl-BE", "fy-NL", "nds"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "Nederlands", "12", "nl_NL", "nl-", "n"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
