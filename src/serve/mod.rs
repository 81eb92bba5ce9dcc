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

/// Requests answered at once, each on its own thread, so that clients
/// that stop reading (a browser tab frozen in the middle of a large file)
/// hold only their own thread. At the bound the next request waits for one
/// to finish, which `SEND_TIMEOUT` makes sure happens: with 70 clients
/// that never read, the 71st waited 15 s for its answer.
const MAX_IN_FLIGHT: usize = 64;

/// How long a write to a client may make no progress before the
/// connection is given up (a stuck response takes up to three times this:
/// tiny_http writes once more on flush and on close).
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

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
    let server = http::listen(port, SEND_TIMEOUT).map_err(|e| {
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
    let watcher = watch::Watcher::start(&root, &options.output);
    let printing = Printing { quiet, format };
    rebuild(&options, &mut lock, &state, printing, None);

    let dispatcher = {
        let state = Arc::clone(&state);
        std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || dispatch(&server, &state))
            .map_err(|e| Diagnostic::new(format!("cannot start a server thread: {e}")))?
    };
    if !quiet {
        crate::say!("Serving http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    }

    if let Some(mut watcher) = watcher {
        while let Some(changed) = watcher.next_change() {
            rebuild(&options, &mut lock, &state, printing, Some(&changed));
        }
    }
    // Without a watcher the site is still served; only rebuilds stop.
    let _ = dispatcher.join();
    Ok(())
}

/// Hands each request to a thread of its own, at most `MAX_IN_FLIGHT` at
/// a time.
fn dispatch(server: &tiny_http::Server, state: &Arc<State>) {
    let in_flight = Arc::new((Mutex::new(0usize), std::sync::Condvar::new()));
    loop {
        let request = match server.recv() {
            Ok(r) => r,
            // Only a broken listener; nothing more will arrive.
            Err(_) => return,
        };
        {
            let (count, freed) = &*in_flight;
            let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
            while *n >= MAX_IN_FLIGHT {
                n = freed.wait(n).unwrap_or_else(|e| e.into_inner());
            }
            *n += 1;
        }
        let (state, done) = (Arc::clone(state), Arc::clone(&in_flight));
        let answer = move || {
            // A bug in one request must not take the server down with it;
            // the dropped request is answered with a 500 by tiny_http.
            let _ = catch_unwind(AssertUnwindSafe(|| http::handle(request, &state)));
            let (count, freed) = &*done;
            *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
            freed.notify_one();
        };
        if let Err(e) = std::thread::Builder::new().name("serve-request".into()).spawn(answer) {
            // The request went with the closure: its client sees the
            // connection close and may try again.
            crate::say!("warning: cannot start a thread for a request: {e}");
            let (count, freed) = &*in_flight;
            *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
            freed.notify_one();
        }
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
                None => crate::say!("built {} pages ({} files) in {elapsed} ms", report.pages, report.files),
                Some(paths) => crate::say!("{}: rebuilt in {elapsed} ms", describe(paths)),
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
                crate::say!("{n} error{}; {keeping}", if n == 1 { "" } else { "s" });
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
