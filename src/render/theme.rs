//! The theme: its tera templates, loaded and checked once per build, and
//! its static files.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A view as a template context: any `Serialize` struct.
pub trait ErasedView {
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
}

impl<T: serde::Serialize> ErasedView for T {
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

pub struct Theme {
    tera: tera::Tera,
    pub(super) static_dir: PathBuf,
    /// For reporting a template mistake at its line.
    pub(super) templates: super::template_error::TemplateDir,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let dir = root.join("themes").join(name);
        let templates_dir = dir.join("templates");
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        if !templates_dir.is_dir() {
            return Err(ThemeError::NotFound(
                Diagnostic::new(format!("theme \"{name}\" not found: no folder {}", rel(&templates_dir).display()))
                    .in_file(crate::config::CONFIG_FILE)
                    .hint("set theme: in site.yaml to a folder under themes/"),
            ));
        }
        // Every file of the theme is read by some stage (tera reads its
        // templates itself): a pipe or device anywhere in it is refused
        // here, before anything would wait on it.
        let special: Vec<Diagnostic> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| crate::read::special(e.file_type()).map(|what| crate::read::refuse(&rel(e.path()), what)))
            .collect();
        if !special.is_empty() {
            return Err(ThemeError::Unreadable(special));
        }
        let mut tera = tera::Tera::default();
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&templates_dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let name = entry
                    .path()
                    .strip_prefix(&templates_dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((entry.into_path(), Some(name)));
            }
        }
        let templates =
            super::template_error::TemplateDir { absolute: templates_dir.clone(), relative: rel(&templates_dir) };
        tera.add_template_files(files).map_err(|e| {
            ThemeError::Templates(vec![super::template_error::parse_error(&error_chain(&e), &templates)])
        })?;
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("dutch_date", dutch_date);
        // Tera's default escaper also rewrites `/` as `&#x2F;`: needless in
        // quoted attributes and text, and it bloats every link. The same
        // The engine's one escaper escapes `& < > " '`.
        tera.set_escape_fn(crate::html::escape);
        let names: BTreeSet<&str> = tera.get_template_names().collect();
        let missing: Vec<Diagnostic> = super::kinds::required_templates()
            .iter()
            .filter(|t| !names.contains(t.as_str()))
            .map(|t| {
                Diagnostic::new(format!("missing template {t}"))
                    .in_file(rel(&templates_dir.join(t)))
                    .hint(format!("the theme \"{name}\" must provide it"))
            })
            .collect();
        if !missing.is_empty() {
            return Err(ThemeError::Templates(missing));
        }
        Ok(Theme { tera, static_dir: dir.join("static"), templates })
    }

    pub fn has(&self, template: &str) -> bool {
        self.tera.get_template_names().any(|n| n == template)
    }

    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = self.tera.get_template_names().collect();
        names.sort_unstable();
        names.into_iter()
    }

    /// Renders a template with views merged at the top level, after the
    /// keys already in `base` (the chrome view, shared between pages).
    pub fn render_views(
        &self,
        template: &str,
        mut base: serde_json::Map<String, serde_json::Value>,
        views: &[&dyn ErasedView],
    ) -> Result<String, RenderError> {
        let failed = |chain: String| RenderError::Template { template: template.to_string(), chain };
        for view in views {
            match view.to_json().map_err(|e| failed(e.to_string()))? {
                serde_json::Value::Object(map) => base.extend(map),
                serde_json::Value::Null => {}
                _ => return Err(failed("a view must be a struct".into())),
            }
        }
        let cx = tera::Context::from_value(serde_json::Value::Object(base))
            .map_err(|e| RenderError::View(error_chain(&e)))?;
        self.tera.render(template, &cx).map_err(|e| failed(error_chain(&e)))
    }
}

/// Why a theme cannot be used.
#[derive(Debug)]
pub enum ThemeError {
    /// There is no theme of that name: a mistake in site.yaml's `theme:`.
    NotFound(Diagnostic),
    /// Its templates are incomplete or do not parse: mistakes in the theme.
    Templates(Vec<Diagnostic>),
    /// It holds a pipe or a device, which a build would wait on forever.
    Unreadable(Vec<Diagnostic>),
}

/// Why a template did not render a page.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderError {
    /// Tera failed in `template` (or in a template it includes or
    /// extends, which `chain` names): its error and causes, outermost
    /// first, joined by ": ".
    Template { template: String, chain: String },
    /// The engine's view could not be given to the templates.
    View(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template { template, chain } => write!(f, "template {template}: {chain}"),
            RenderError::View(e) => f.write_str(e),
        }
    }
}

/// `2022-06-16` → `16 juni 2022` (see `labels::date_in_words`).
fn dutch_date(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = value.as_str().ok_or_else(|| tera::Error::msg("dutch_date expects a date written as YYYY-MM-DD"))?;
    // Front matter dates were checked in load; this catches a template
    // applying the filter to something else.
    match super::labels::date_in_words(s) {
        Some(words) => Ok(tera::Value::String(words)),
        None => Err(tera::Error::msg(format!("dutch_date: not a date written as YYYY-MM-DD: {s}"))),
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}
