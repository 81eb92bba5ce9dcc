//! `check --external`: asks every address outside the site that content
//! links to (taken from the resolved model, where each link still knows
//! its file and line) whether it still answers.
//!
//! Never part of `build` and never on by default: it sends requests to
//! other people's servers, takes as long as the slowest of them, and its
//! result changes with the network, not with the site.

mod cache;
#[cfg(feature = "external")]
mod http;

use crate::diagnostic::Diagnostic;
use crate::resolve::ExternalLink;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

pub use cache::default_path as default_cache;

pub struct Options {
    /// How long one request may take, from connecting to the status line.
    pub timeout: Duration,
    /// How many requests are under way at once.
    pub concurrency: usize,
    /// Where answers are kept for a day; None keeps none.
    pub cache: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: Duration::from_secs(10), concurrency: 8, cache: default_cache() }
    }
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Answer {
    Live,
    /// Answered at another address after redirects: the last one, and the
    /// status of the first redirect (301 and 308 are permanent).
    Moved {
        to: String,
        status: u16,
    },
    /// No page: the status the server gave, or None when it gave none
    /// (no connection, no answer in time).
    Dead {
        status: Option<u16>,
        reason: String,
    },
}

/// One address and every place that links to it.
pub struct Checked<'a> {
    pub url: String,
    pub answer: Answer,
    /// Taken from the cache, not asked this time.
    pub cached: bool,
    pub uses: Vec<&'a ExternalLink>,
}

pub struct Report<'a> {
    pub addresses: Vec<Checked<'a>>,
}

/// The address a link asks for: http and https only (a `mailto:` has no
/// server to ask), without the `#fragment`, which the server never sees.
pub fn address(url: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or(url);
    if url.starts_with("//") {
        return Some(format!("https:{url}"));
    }
    let scheme = crate::html::scheme(url)?;
    (scheme == "http" || scheme == "https").then(|| url.to_string())
}

/// Asks every address once (or takes a fresh answer from the cache).
pub fn check<'a>(links: &'a [ExternalLink], options: &Options) -> Result<Report<'a>, Diagnostic> {
    let mut uses: BTreeMap<String, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        if let Some(a) = address(&link.url) {
            uses.entry(a).or_default().push(link);
        }
    }
    let mut cache = options.cache.as_deref().map(cache::Cache::load).unwrap_or_default();
    let unknown: Vec<&str> = uses.keys().map(String::as_str).filter(|a| cache.get(a).is_none()).collect();
    let asked = ask_all(&unknown, options)?;
    for (url, answer) in unknown.iter().zip(&asked) {
        cache.put(url, answer);
    }
    if let Some(path) = &options.cache {
        // A cache that cannot be written only costs the next run time.
        let _ = cache.save(path);
    }
    let fresh: BTreeMap<String, Answer> = unknown.iter().map(|u| u.to_string()).zip(asked).collect();
    let addresses = uses
        .into_iter()
        .map(|(url, uses)| {
            let (answer, cached) = match fresh.get(&url) {
                Some(a) => (a.clone(), false),
                None => (cache.get(&url).cloned().expect("a cached answer"), true),
            };
            Checked { url, answer, cached, uses }
        })
        .collect();
    Ok(Report { addresses })
}

#[cfg(feature = "external")]
fn ask_all(urls: &[&str], options: &Options) -> Result<Vec<Answer>, Diagnostic> {
    Ok(http::ask_all(urls, options))
}

#[cfg(not(feature = "external"))]
fn ask_all(urls: &[&str], _: &Options) -> Result<Vec<Answer>, Diagnostic> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    Err(Diagnostic::new("this modulepers was built without checking external links (the `external` feature)")
        .hint("build it with the default features: cargo build --release"))
}

impl Report<'_> {
    pub fn dead(&self) -> usize {
        self.addresses.iter().filter(|a| matches!(a.answer, Answer::Dead { .. })).count()
    }

    /// An error per dead address, at the first place that links it, with
    /// every other place beside it.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.addresses
            .iter()
            .filter_map(|a| {
                let Answer::Dead { status, reason } = &a.answer else { return None };
                let (first, rest) = a.uses.split_first()?;
                let mut d = Diagnostic::new(format!("dead link: {} ({reason})", a.url))
                    .at(&first.file, first.position)
                    .len(first.len)
                    .label("links to it");
                for u in rest {
                    d = d.also_at(&u.file, u.position, u.len, "links to it too");
                }
                let hint = match status {
                    Some(_) => "find where the page went and link there, or remove the link",
                    None => "the server gave no answer: check the address, or run this again later",
                };
                Some(d.hint(hint))
            })
            .collect()
    }

    /// The addresses that answered elsewhere, each with every place that
    /// links it: not errors, but links worth updating.
    pub fn moved(&self) -> String {
        let mut out = String::new();
        for a in &self.addresses {
            let Answer::Moved { to, status } = &a.answer else { continue };
            let kind = if matches!(status, 301 | 308) { "moved permanently" } else { "redirects" };
            out.push_str(&format!("{kind} ({status}): {} -> {to}\n", a.url));
            for u in &a.uses {
                out.push_str(&format!(
                    "   linked from {}:{}:{}\n",
                    u.file.display(),
                    u.position.line,
                    u.position.column
                ));
            }
        }
        out
    }

    pub fn summary(&self) -> String {
        let count = |f: fn(&Answer) -> bool| self.addresses.iter().filter(|a| f(&a.answer)).count();
        let cached = self.addresses.iter().filter(|a| a.cached).count();
        let n = self.addresses.len();
        format!(
            "checked {n} external address{}: {} live, {} moved, {} dead ({cached} answered from the cache of the last day)",
            if n == 1 { "" } else { "es" },
            count(|a| *a == Answer::Live),
            count(|a| matches!(a, Answer::Moved { .. })),
            count(|a| matches!(a, Answer::Dead { .. })),
        )
    }
}
