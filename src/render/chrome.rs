//! The chrome of every page (header, footer): the templates in the theme's
//! `templates/chrome/` folder. They see only the chrome context (site,
//! root, navigation with the current page marked), so every page with the
//! same chrome context shares one rendering: on a large site they are
//! rendered a few dozen times instead of once per page. The chrome context
//! itself is computed once per `ChromeKey` too.

use super::context::{self, ChromeKey, ChromeKeys, Nav, Place};
use super::Theme;
use crate::derive::Derived;
use crate::resolve::Site;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A page's chrome: its context (which the page's own context extends) and
/// the rendered chrome templates.
pub struct Rendered {
    pub context: Value,
    pub fragments: Value,
}

pub struct Chrome<'t> {
    theme: &'t Theme,
    keys: ChromeKeys,
    /// (template name, name in the page context: the file stem).
    templates: Vec<(String, String)>,
    rendered: Mutex<HashMap<ChromeKey, Arc<Rendered>>>,
}

impl<'t> Chrome<'t> {
    pub fn new(theme: &'t Theme, site: &Site, derived: &Derived, nav: &Nav) -> Self {
        let templates = theme
            .template_names()
            .filter_map(|t| {
                let stem = t.strip_prefix("chrome/")?.strip_suffix(".html")?;
                Some((t.to_string(), stem.to_string()))
            })
            .collect();
        Chrome { theme, keys: ChromeKeys::new(site, derived, nav), templates, rendered: Mutex::new(HashMap::new()) }
    }

    /// The chrome of a page: computed and rendered once per `ChromeKey`.
    pub fn get(&self, site: &Site, derived: &Derived, nav: &Nav, place: &Place) -> Result<Arc<Rendered>, String> {
        let key = self.keys.key(site, place);
        if let Some(found) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            // The key must hold everything the chrome context depends on;
            // debug builds (the tests) check that it does.
            debug_assert_eq!(
                found.context,
                context::chrome(site, derived, nav, place),
                "ChromeKey misses something the chrome context depends on"
            );
            return Ok(Arc::clone(found));
        }
        let cx = context::chrome(site, derived, nav, place);
        let mut fragments = serde_json::Map::new();
        for (template, name) in &self.templates {
            fragments.insert(name.clone(), Value::String(self.theme.render_value(template, cx.clone())?));
        }
        let out = Arc::new(Rendered { context: cx, fragments: Value::Object(fragments) });
        // Two threads may render the same chrome at once; both results are
        // equal, so either may win.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&out));
        Ok(out)
    }
}
