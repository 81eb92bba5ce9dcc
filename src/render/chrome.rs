//! The chrome of every page (header, footer, sidebar tools): the templates
//! in the theme's `templates/chrome/` folder. They see only the chrome view
//! (`views::chrome`), so every page with the same `ChromeKey` shares one
//! view and one rendering of them; see `views::chrome` for the key and
//! what the cache saves.

use super::theme::RenderError;
use super::views::chrome::{self as view, ChromeKey, Nav, Place};
use super::Theme;
use crate::derive::Derived;
use crate::resolve::Site;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A page's chrome: its view as the start of the page's context, and the
/// rendered chrome templates.
pub struct Rendered {
    pub context: Map<String, Value>,
    pub fragments: Value,
}

impl Rendered {
    /// The rendered chrome templates: pieces of HTML that many pages
    /// share, which the link check scans once (`LinkChecker::scan`).
    pub fn pieces(&self) -> Vec<&str> {
        self.fragments.as_object().map(|m| m.values().filter_map(Value::as_str).collect()).unwrap_or_default()
    }
}

pub struct Chrome<'t> {
    theme: &'t Theme,
    /// (template name, name in the page context: the file stem).
    templates: Vec<(String, String)>,
    rendered: Mutex<HashMap<ChromeKey, Arc<Rendered>>>,
    /// False with MODULEPERS_CHROME_CACHE=off: every page renders its own
    /// chrome, to measure what the cache saves (README, "Speed").
    cache: bool,
    /// Chrome renderings so far, and the CPU time `get` took (summed over
    /// threads, in nanoseconds; measured only for MODULEPERS_TIMINGS).
    renderings: AtomicU64,
    nanos: AtomicU64,
    timed: bool,
}

impl<'t> Chrome<'t> {
    pub fn new(theme: &'t Theme) -> Self {
        let templates = theme
            .template_names()
            .filter_map(|t| {
                let stem = t.strip_prefix("chrome/")?.strip_suffix(".html")?;
                Some((t.to_string(), stem.to_string()))
            })
            .collect();
        let cache = std::env::var("MODULEPERS_CHROME_CACHE").map_or(true, |v| v != "off");
        Chrome {
            theme,
            templates,
            rendered: Mutex::new(HashMap::new()),
            cache,
            renderings: AtomicU64::new(0),
            nanos: AtomicU64::new(0),
            timed: super::spent::timings(),
        }
    }

    /// Whether renderings are shared between pages with the same key.
    pub fn cached(&self) -> bool {
        self.cache
    }

    /// (chrome renderings, nanoseconds they took summed over threads).
    pub fn spent(&self) -> (u64, u64) {
        (self.renderings.load(Ordering::Relaxed), self.nanos.load(Ordering::Relaxed))
    }

    /// The chrome of a page: computed and rendered once per `ChromeKey`.
    pub fn get(&self, site: &Site, derived: &Derived, nav: &Nav, place: &Place) -> Result<Arc<Rendered>, RenderError> {
        if !self.timed {
            return self.lookup_or_render(site, derived, nav, place);
        }
        let start = super::spent::thread_cpu_nanos();
        let got = self.lookup_or_render(site, derived, nav, place);
        self.nanos.fetch_add(super::spent::thread_cpu_nanos().saturating_sub(start), Ordering::Relaxed);
        got
    }

    fn lookup_or_render(
        &self,
        site: &Site,
        derived: &Derived,
        nav: &Nav,
        place: &Place,
    ) -> Result<Arc<Rendered>, RenderError> {
        let view = || match serde_json::to_value(view::chrome(site, derived, nav, place)) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(RenderError::View("the chrome view is not a struct".to_string())),
            Err(e) => Err(RenderError::View(e.to_string())),
        };
        let key = self.cache.then(|| ChromeKey::of(site, nav, place));
        let found = key.as_ref().and_then(|k| self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(k).cloned());
        if let Some(found) = found {
            // The key must hold everything the chrome view depends on;
            // debug builds (the tests) check that it does.
            debug_assert_eq!(
                Ok(&found.context),
                view().as_ref(),
                "ChromeKey misses something the chrome view depends on"
            );
            return Ok(found);
        }
        let cx = view()?;
        let mut fragments = Map::new();
        for (template, name) in &self.templates {
            fragments.insert(name.clone(), Value::String(self.theme.render_views(template, cx.clone(), &[])?));
        }
        self.renderings.fetch_add(1, Ordering::Relaxed);
        let out = Arc::new(Rendered { context: cx, fragments: Value::Object(fragments) });
        // Two threads may render the same chrome at once; both results are
        // equal, so either may win.
        if let Some(key) = key {
            self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&out));
        }
        Ok(out)
    }
}
