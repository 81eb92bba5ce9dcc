//! Ctrl-C and SIGTERM during a build: the unfinished staging folder is
//! removed before the process exits, so an interrupted build leaves the
//! output folder and its surroundings as they were.
//!
//! The handler runs on its own thread (the `ctrlc` crate turns the signal
//! into a wake-up), so it may take locks and remove folders. A SIGKILL
//! cannot be caught; what it leaves behind the next build removes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Folders (and the lock record of a folder never built) to remove on
/// interrupt. Held during the swap, so the handler
/// never sees a half-done one: it waits and then removes whatever the
/// staging name holds (the new site, or after the swap the old one).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs the handler; called once by the command line (a library
/// should not take over a program's signals).
pub fn install() {
    // Fails only when another handler is installed; then that one decides.
    let _ = ctrlc::set_handler(on_interrupt);
}

/// True once Ctrl-C or SIGTERM arrived: writers stop early.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::Acquire)
}

pub(super) fn unregister(path: &Path) {
    pending().retain(|p| p != path);
}

/// Holds off the handler while folders are renamed.
pub(super) fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn on_interrupt() {
    INTERRUPTED.store(true, Ordering::Release);
    let paths = pending();
    if !paths.is_empty() {
        // A render thread past the check in `Folder` finishes its file in
        // moments; removing before that could leave that file behind.
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut removed_folder = false;
    for path in paths.iter() {
        if path.is_file() {
            let _ = std::fs::remove_file(path);
            continue;
        }
        removed_folder |= path.exists();
        for _ in 0..50 {
            let _ = std::fs::remove_dir_all(path);
            if !path.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    if removed_folder {
        crate::say!("\ninterrupted: removed the build's temporary folder");
    }
    // 128 + SIGINT, as shells report a process stopped by Ctrl-C.
    std::process::exit(130);
}
