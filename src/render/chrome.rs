//! The chrome of every page (header, footer, sidebar tools): the templates
//! in the theme's `templates/chrome/` folder. They see only the chrome view
//! (`views::chrome`), so every page with the same `ChromeKey` shares one
//! view and one rendering of them; see `views::chrome` for the key and
//! what the cache saves.

use super::views::chrome::{self as view, ChromeKey, Nav, Place};
use super::Theme;
use crate::derive::Derived;
use crate::resolve::Site;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A page's chrome: its view as the start of the page's context, and the
/// rendered chrome templates.
pub struct Rendered {
    pub context: Map<String, Value>,
    pub fragments: Value,
}

pub struct Chrome<'t> {
    theme: &'t Theme,
    /// (template name, name in the page context: the file stem).
    templates: Vec<(String, String)>,
    rendered: Mutex<HashMap<ChromeKey, Arc<Rendered>>>,
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
        Chrome { theme, templates, rendered: Mutex::new(HashMap::new()) }
    }

    /// The chrome of a page: computed and rendered once per `ChromeKey`.
    pub fn get(&self, site: &Site, derived: &Derived, nav: &Nav, place: &Place) -> Result<Arc<Rendered>, String> {
        let key = ChromeKey::of(site, nav, place);
        let view = || match serde_json::to_value(view::chrome(site, derived, nav, place)) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err("the chrome view is not a struct".to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Some(found) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            // The key must hold everything the chrome view depends on;
            // debug builds (the tests) check that it does.
            debug_assert_eq!(
                Ok(&found.context),
                view().as_ref(),
                "ChromeKey misses something the chrome view depends on"
            );
            return Ok(Arc::clone(found));
        }
        let cx = view()?;
        let mut fragments = Map::new();
        for (template, name) in &self.templates {
            fragments.insert(name.clone(), Value::String(self.theme.render_views(template, cx.clone(), &[])?));
        }
        let out = Arc::new(Rendered { context: cx, fragments: Value::Object(fragments) });
        // Two threads may render the same chrome at once; both results are
        // equal, so either may win.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&out));
        Ok(out)
    }
}
