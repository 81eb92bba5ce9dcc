//! Answers kept for a day, so that a rerun (after fixing one link, say)
//! asks only what it has not asked today.
//!
//! Kept in the user's cache folder (`$XDG_CACHE_HOME/modulepers/`, or
//! `~/.cache/modulepers/`), not beside the output: an answer belongs to an
//! address, not to a site, so two sites that link one address share it;
//! the site folder and what is published stay free of it; and the folder
//! is where a person expects data that can be thrown away at any time.
//! Only a server's own answers are kept: a timeout or a refused
//! connection may pass within the hour.

use super::Answer;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an answer is believed.
const FRESH: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Cache {
    answers: BTreeMap<String, Entry>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    /// Seconds since 1970.
    asked: u64,
    answer: Answer,
}

pub fn default_path() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let dir = std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| std::env::var_os("HOME").and_then(absolute).map(|h| h.join(".cache")))?;
    Some(dir.join("modulepers").join("external-links.json"))
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl Cache {
    /// A cache that is missing or unreadable is an empty one.
    pub fn load(path: &Path) -> Cache {
        let mut cache: Cache =
            std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        let now = now();
        cache.answers.retain(|_, e| now.saturating_sub(e.asked) < FRESH.as_secs() && e.asked <= now);
        cache
    }

    pub fn get(&self, url: &str) -> Option<&Answer> {
        self.answers.get(url).map(|e| &e.answer)
    }

    pub fn put(&mut self, url: &str, answer: &Answer) {
        if matches!(answer, Answer::Dead { status: None, .. }) {
            return;
        }
        self.answers.insert(url.to_string(), Entry { asked: now(), answer: answer.clone() });
    }

    /// Written to a new file that replaces the old in one step: two runs
    /// at once, or a kill, leave one whole cache, and a link at its name is
    /// replaced, not written through.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().ok_or(std::io::ErrorKind::InvalidInput)?;
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer(&mut file, self)?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}
