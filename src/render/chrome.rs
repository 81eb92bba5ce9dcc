//! The chrome of every page (header, footer): the templates in the theme's
//! `templates/chrome/` folder. They see only the chrome context (site,
//! root, navigation with the current page marked), so every page with the
//! same chrome context shares one rendering: on a large site they are
//! rendered a few dozen times instead of once per page.

use super::Theme;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Chrome<'t> {
    theme: &'t Theme,
    /// (template name, name in the page context: the file stem).
    templates: Vec<(String, String)>,
    rendered: Mutex<HashMap<String, Arc<Value>>>,
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

    /// The rendered chrome templates for this context, as an object from
    /// name to HTML (`chrome.header`, `chrome.footer`).
    pub fn fragments(&self, cx: &Value) -> Result<Arc<Value>, String> {
        let key = cx.to_string();
        if let Some(found) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(Arc::clone(found));
        }
        let mut out = serde_json::Map::new();
        for (template, name) in &self.templates {
            out.insert(name.clone(), Value::String(self.theme.render_value(template, cx.clone())?));
        }
        let out = Arc::new(Value::Object(out));
        // Two threads may render the same chrome at once; both results are
        // equal, so either may win.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&out));
        Ok(out)
    }
}
