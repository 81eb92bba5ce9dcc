//! The pipeline as one call: `check` runs it up to rendering, `build` also
//! writes. Both return every diagnostic of the run.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{derive, load, render, resolve, write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder: holds site.yaml, content/ and themes/.
    pub root: PathBuf,
    /// Where the site is written; `<root>/output` by default.
    pub output: PathBuf,
    /// Overrides site.yaml's base_url (sitemap.xml, the links in the PDFs).
    pub base_url: Option<String>,
    /// Print progress to stderr while rendering (only on a terminal).
    pub progress: bool,
    /// Leave the print editions (PDF) unwritten and keep what is needed to
    /// make them on request (`BuildReport::on_request`): `serve` does not
    /// wait for them.
    pub defer_print: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions { output: root.join("output"), root, base_url: None, progress: false, defer_print: false }
    }
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// Print editions written (PDF files).
    pub print_editions: usize,
    pub elapsed: Duration,
    /// What the build left out, one line each, for the person who runs it.
    pub notes: Vec<String>,
    /// With `defer_print`: makes the print editions when asked for.
    pub on_request: Option<Arc<render::print::OnRequest>>,
    /// Every link to an address outside the site, for `check --external`.
    pub external: Vec<resolve::ExternalLink>,
}

/// Runs every check `build` runs, including rendering every page, and
/// writes nothing: not the output, not a temporary folder.
pub fn check(root: impl Into<PathBuf>) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let options = BuildOptions::new(root);
    let ran = run(&options, &write::Discard)?;
    Ok(ran.report(start))
}

/// Builds the site into `options.output`. The output folder is replaced
/// only when the whole build succeeded; a second build of the same folder
/// meanwhile is refused.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    if !options.root.is_dir() {
        return Err(vec![missing_root(&options.root)]);
    }
    write::refuse_inside_sources(&options.root, &options.output).map_err(|d| vec![d])?;
    let mut lock = write::OutputLock::acquire(&options.output).map_err(|d| vec![d])?;
    build_locked(options, &mut lock)
}

/// `build` for a caller that holds the output folder's lock for longer
/// than one build (`serve`).
pub fn build_locked(options: &BuildOptions, lock: &mut write::OutputLock) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let staging = write::Staging::new(lock).map_err(|d| vec![d])?;
    let ran = run(options, &staging.sink())?;
    staging.commit().map_err(|d| vec![d])?;
    Ok(ran.report(start))
}

/// A site folder that does not exist is a mistake in the command, and
/// nothing is created for it.
pub fn missing_root(root: &std::path::Path) -> Diagnostic {
    Diagnostic::new(format!("the site folder {} does not exist", root.display()))
        .hint("run modulepers in the site folder (with site.yaml, content/ and themes/), or pass --root DIR")
}

/// What one run of the pipeline made.
struct Ran {
    rendered: render::Rendered,
    print_editions: usize,
    notes: Vec<String>,
    on_request: Option<Arc<render::print::OnRequest>>,
    external: Vec<resolve::ExternalLink>,
}

impl Ran {
    fn report(self, start: Instant) -> BuildReport {
        BuildReport {
            pages: self.rendered.pages,
            files: self.rendered.files + self.print_editions,
            print_editions: self.print_editions,
            elapsed: start.elapsed(),
            notes: self.notes,
            on_request: self.on_request,
            external: self.external,
        }
    }
}

fn run(options: &BuildOptions, dest: &dyn write::Sink) -> Result<Ran, Vec<Diagnostic>> {
    let mut config = Config::load(&options.root).map_err(|d| vec![d])?;
    if let Some(url) = &options.base_url {
        config.base_url = Some(url.clone());
    }
    if config.print_editions && cfg!(feature = "pdf") {
        config.print_base_url(options.base_url.is_some()).map_err(|d| vec![d])?;
    }
    // Every stage that can run does, so one run reports every problem:
    // a broken theme or an unreadable page does not hide link errors.
    let mut diags = Diagnostics::default();
    let theme = match render::Theme::load(&options.root, &config.theme) {
        Ok(theme) => Some(theme),
        // A theme that is not there is a mistake in site.yaml's `theme:`.
        Err(render::ThemeError::NotFound(d)) => {
            diags.push(config.blame("theme", d));
            None
        }
        Err(render::ThemeError::Templates(ds) | render::ThemeError::Unreadable(ds)) => {
            ds.into_iter().for_each(|d| diags.push(d));
            None
        }
    };
    let t = Instant::now();
    let loaded = load::load(&options.root)?;
    timing("load", t);
    diags.extend(loaded.diagnostics);
    if let Some(theme) = &theme {
        diags.extend(missing_templates(theme, &config.theme, &loaded.pages));
    }
    let t = Instant::now();
    let resolved = resolve::resolve(config, loaded.pages, &loaded.unreadable);
    timing("resolve", t);
    let (mut site, theme) = match (resolved, theme) {
        (Ok(site), Some(theme)) if diags.is_empty() => (site, theme),
        (resolved, _) => {
            if let Err(errors) = resolved {
                errors.into_iter().for_each(|d| diags.push(d));
            }
            return Err(diags.into_sorted());
        }
    };
    let external = std::mem::take(&mut site.external);
    let t = Instant::now();
    let derived = derive::derive(&site);
    timing("derive", t);
    // The print editions first: the pages that offer them give their size.
    let t = Instant::now();
    let downloads = render::print::Downloads { printed: print(options, &site, &derived, dest)? };
    timing("print", t);
    let t = Instant::now();
    let rendered = render::render(&site, &derived, &theme, &downloads, dest, options.progress)?;
    timing("render", t);
    let print_editions = downloads.written();
    let notes = match &site.config.base_url {
        None if !downloads.printed.is_empty() => vec![format!(
            "note: {} sets no base_url, so no sitemap.xml is written and the print editions carry no web addresses",
            crate::config::CONFIG_FILE
        )],
        None => vec![format!("note: {} sets no base_url, so no sitemap.xml is written", crate::config::CONFIG_FILE)],
        Some(_) => Vec::new(),
    };
    if options.defer_print && !downloads.printed.is_empty() {
        let on_request = on_request(options, site, derived);
        return Ok(Ran { rendered, print_editions, notes, on_request, external });
    }
    // Freeing the model of a large site (a million small allocations for
    // 10,000 pages) takes tens of milliseconds that nobody waits for.
    std::thread::spawn(move || drop((site, derived)));
    Ok(Ran { rendered, print_editions, notes, on_request: None, external })
}

#[cfg(feature = "pdf")]
fn print(
    options: &BuildOptions,
    site: &resolve::Site,
    derived: &derive::Derived,
    dest: &dyn write::Sink,
) -> Result<Vec<render::print::Printed>, Vec<Diagnostic>> {
    render::pdf::render(site, derived, &options.root, dest, options.defer_print)
}

/// Built without the `pdf` feature: no print editions, and no page offers
/// one.
#[cfg(not(feature = "pdf"))]
fn print(
    _: &BuildOptions,
    _: &resolve::Site,
    _: &derive::Derived,
    _: &dyn write::Sink,
) -> Result<Vec<render::print::Printed>, Vec<Diagnostic>> {
    Ok(Vec::new())
}

#[cfg(feature = "pdf")]
fn on_request(
    options: &BuildOptions,
    site: resolve::Site,
    derived: derive::Derived,
) -> Option<Arc<render::print::OnRequest>> {
    Some(Arc::new(render::pdf::on_request(site, derived, options.root.clone())))
}

#[cfg(not(feature = "pdf"))]
fn on_request(_: &BuildOptions, _: resolve::Site, _: derive::Derived) -> Option<Arc<render::print::OnRequest>> {
    None
}

fn missing_templates(theme: &render::Theme, theme_name: &str, pages: &[load::Page]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for p in pages {
        let Some(t) = p.front.template.as_deref().filter(|t| !theme.has(t)) else { continue };
        let hint = format!("the page asks for it in template:, but the theme \"{theme_name}\" has no templates/{t}");
        // Names compared without `.html`, which every one shares.
        let stem = t.trim_end_matches(".html");
        let near = crate::diagnostic::closest(
            stem,
            theme.template_names().filter(|n| !n.contains('/')).map(|n| n.trim_end_matches(".html")),
        );
        let d = Diagnostic::new(format!("missing template {t}")).hint(match near {
            Some(near) => format!(
                "did you mean {near}.html? The page asks for it in template:, but the theme has no templates/{t}"
            ),
            None => hint,
        });
        diags.push(match p.front.template_position {
            Some(at) => d.at(&p.file, at).span_of(t),
            None => d.in_file(&p.file),
        });
    }
    diags
}

/// Stage times on stderr when MODULEPERS_TIMINGS is set, for the benchmark
/// and for finding where a slow build spends its time.
fn timing(stage: &str, since: Instant) {
    if std::env::var_os("MODULEPERS_TIMINGS").is_some() {
        // Resident memory after the stage, from /proc where there is one.
        let rss = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
            .map(|pages| format!(", {} MB resident", pages * 4096 / 1_000_000))
            .unwrap_or_default();
        crate::say!("{stage:>10}: {} ms{rss}", since.elapsed().as_millis());
    }
}
