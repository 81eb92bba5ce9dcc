//! `serve`: build, serve the output on 127.0.0.1, rebuild on change and
//! tell open pages to reload.
//!
//! Requests are answered from the output folder on disk. A build swaps that
//! folder in, in one step, only when it succeeded, so a request sees either
//! the previous complete site or the new one, never a half-written mix or
//! no folder at all, and a failed build leaves the last good site in place.
//! `serve` holds the output folder's lock until it stops: a `build` of the
//! same folder meanwhile is refused instead of racing the rebuilds.

mod http;
mod reload;
mod watch;

use crate::diagnostic::report::{self, Format};
use crate::diagnostic::Diagnostic;
use crate::BuildOptions;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Enough for a browser's parallel requests for page, css and images while
/// the status poll of another tab is pending.
const WORKERS: usize = 4;

/// What the reload script polls: `version` counts rebuild attempts, so a
/// page can tell that something happened since it was served.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub(crate) struct Status {
    pub version: u64,
    pub error: Option<String>,
}

pub(crate) struct State {
    pub output: PathBuf,
    status: Mutex<Status>,
    /// Makes the last good build's print editions when they are asked for.
    on_request: Mutex<Option<Arc<crate::render::print::OnRequest>>>,
}

impl State {
    pub fn status(&self) -> Status {
        // A poisoned lock only means a panic elsewhere; the data is plain.
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn on_request(&self) -> Option<Arc<crate::render::print::OnRequest>> {
        self.on_request.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn finish_build(&self, error: Option<String>) {
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.version += 1;
        status.error = error;
    }
}

/// How `serve` is run: the command line's options.
pub struct ServeOptions<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Where the site is written; `<root>/output` when None.
    pub output: Option<&'a Path>,
    /// The port on 127.0.0.1.
    pub port: u16,
    /// Print nothing but errors.
    pub quiet: bool,
    /// How a rebuild's errors are printed, as `build` prints them.
    pub format: Format,
}

/// Serves the site of `options.root` on 127.0.0.1.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostic> {
    let ServeOptions { root, output, port, quiet, format } = *options;
    let root = std::fs::canonicalize(root).map_err(|e| {
        Diagnostic::new(format!("cannot open the site folder {}: {e}", root.display()))
            .hint("run modulepers in the site folder, or pass --root DIR")
    })?;
    let mut options = BuildOptions::new(&root);
    // Print editions are made when they are asked for, so that a rebuild
    // reloads the browser without waiting for them.
    options.defer_print = true;
    if let Some(output) = output {
        options.output = output.to_path_buf();
    }
    crate::write::refuse_inside_sources(&root, &options.output)?;
    let mut lock = crate::write::OutputLock::acquire(&options.output)?;
    // Bound before the first build so a taken port is reported at once;
    // requests arriving during that build wait in the queue.
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        Diagnostic::new(format!("cannot listen on 127.0.0.1:{port}: {e}"))
            .hint("another program may be using this port; choose another with --port N")
    })?;
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(port);
    let state = Arc::new(State {
        output: options.output.clone(),
        status: Mutex::new(Status::default()),
        on_request: Mutex::new(None),
    });

    // Started before the first build so an edit made during it is not lost.
    let watcher = watch::Watcher::start(&root);
    let printing = Printing { quiet, format };
    rebuild(&options, &mut lock, &state, printing, None);

    let server = Arc::new(server);
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let (server, state) = (Arc::clone(&server), Arc::clone(&state));
            std::thread::Builder::new()
                .name(format!("serve-{i}"))
                .spawn(move || worker(&server, &state))
                .map_err(|e| Diagnostic::new(format!("cannot start a server thread: {e}")))
        })
        .collect::<Result<_, _>>()?;
    if !quiet {
        eprintln!("Serving http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    }

    if let Some(mut watcher) = watcher {
        while let Some(changed) = watcher.next_change() {
            rebuild(&options, &mut lock, &state, printing, Some(&changed));
        }
    }
    // Without a watcher the site is still served; only rebuilds stop.
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}

fn worker(server: &tiny_http::Server, state: &State) {
    loop {
        let request = match server.recv() {
            Ok(r) => r,
            // Only a broken listener; nothing more will arrive.
            Err(_) => return,
        };
        // A bug in one request must not take the server down with it; the
        // dropped request is answered with a 500 by tiny_http.
        let _ = catch_unwind(AssertUnwindSafe(|| http::handle(request, state)));
    }
}

/// What a rebuild prints, and how.
#[derive(Clone, Copy)]
struct Printing {
    quiet: bool,
    format: Format,
}

fn rebuild(
    options: &BuildOptions,
    lock: &mut crate::write::OutputLock,
    state: &State,
    printing: Printing,
    changed: Option<&[PathBuf]>,
) {
    let start = Instant::now();
    // A panic in the pipeline is reported like any failed build, so the
    // next save gets another chance instead of a dead server.
    let result = catch_unwind(AssertUnwindSafe(|| crate::build::build_locked(options, lock))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        Err(vec![Diagnostic::new(format!("the build crashed: {what}"))
            .hint("this is a bug in modulepers; please report it with the file you changed")])
    });
    let elapsed = start.elapsed().as_millis();
    match result {
        Ok(report) => {
            *state.on_request.lock().unwrap_or_else(|e| e.into_inner()) = report.on_request.clone();
            state.finish_build(None);
            if printing.quiet {
                return;
            }
            match changed {
                None => eprintln!("built {} pages ({} files) in {elapsed} ms", report.pages, report.files),
                Some(paths) => eprintln!("{}: rebuilt in {elapsed} ms", describe(paths)),
            }
        }
        Err(diags) => {
            // The terminal gets colour where it can show it (or JSON lines
            // on stdout, as `build` prints them); the browser's overlay gets
            // the text without colour.
            report::print(&diags, &options.root, printing.format);
            let mut reporter = report::Reporter::new(&options.root);
            let text: String = diags.iter().map(|d| reporter.text(d)).collect();
            if printing.format == Format::Human {
                let n = diags.len();
                let keeping =
                    if state.output.is_dir() { "serving the last good build" } else { "nothing to serve yet" };
                eprintln!("{n} error{}; {keeping}", if n == 1 { "" } else { "s" });
            }
            state.finish_build(Some(text));
        }
    }
}

fn describe(paths: &[PathBuf]) -> String {
    match paths {
        [] => "changed".into(),
        [one] => format!("{} changed", one.display()),
        [one, rest @ ..] => format!("{} and {} more changed", one.display(), rest.len()),
    }
}
