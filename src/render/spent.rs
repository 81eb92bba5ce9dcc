//! Where rendering spends its time, printed with MODULEPERS_TIMINGS: each
//! step's CPU time summed over the threads that render pages in parallel.
//! CPU time rather than wall time, because a thread's wall time also counts
//! the moments other work on the machine had its core.

use super::chrome::Chrome;
use std::sync::atomic::{AtomicU64, Ordering};

/// Nanoseconds of CPU time per step, while MODULEPERS_TIMINGS is set.
pub struct Spent {
    on: bool,
    /// The page and chrome templates.
    pub templates: AtomicU64,
    /// Tokenizing every page for the link check, and reading its
    /// searchable text on the way.
    pub scan: AtomicU64,
    /// Counting the words of each page's searchable text.
    pub search: AtomicU64,
    /// Handing the page to the output folder (or to nothing, for `check`).
    pub write: AtomicU64,
    /// Adding the pages' words to the search index and writing it out
    /// (its own thread, beside the pages rendering; the final ranking of
    /// terms runs in parallel and is not counted).
    pub index: AtomicU64,
    /// Checking links to anchors on other pages, once every page is done.
    pub finish: AtomicU64,
}

/// Whether MODULEPERS_TIMINGS asks for the time of each step.
pub fn timings() -> bool {
    std::env::var_os("MODULEPERS_TIMINGS").is_some()
}

impl Spent {
    pub fn new() -> Spent {
        let zero = || AtomicU64::new(0);
        Spent {
            on: timings(),
            templates: zero(),
            scan: zero(),
            search: zero(),
            write: zero(),
            index: zero(),
            finish: zero(),
        }
    }

    /// The calling thread's CPU time so far (0 when timings are off).
    pub fn now(&self) -> u64 {
        if self.on {
            thread_cpu_nanos()
        } else {
            0
        }
    }

    /// Adds the time since `since` (from `now`) to `step`; returns now.
    pub fn add(&self, step: &AtomicU64, since: u64) -> u64 {
        let now = self.now();
        step.fetch_add(now.saturating_sub(since), Ordering::Relaxed);
        now
    }

    pub fn print(&self, chrome: &Chrome, pages: usize) {
        if !self.on {
            return;
        }
        let ms = |step: &AtomicU64| step.load(Ordering::Relaxed) / 1_000_000;
        let line = |name: &str, what: String| crate::say!("{name:>16}: {what}");
        line("page templates", format!("{} ms CPU", ms(&self.templates)));
        let (renderings, chrome_ns) = chrome.spent();
        line(
            "chrome",
            format!(
                "{} ms CPU of the above, {renderings} renderings for {pages} pages (cache {})",
                chrome_ns / 1_000_000,
                if chrome.cached() { "on" } else { "off: MODULEPERS_CHROME_CACHE=off" },
            ),
        );
        line("scan (links, search text)", format!("{} ms CPU", ms(&self.scan)));
        line("search words", format!("{} ms CPU", ms(&self.search)));
        line("write", format!("{} ms CPU", ms(&self.write)));
        line(
            "search index",
            format!(
                "{} ms CPU (its own thread; the final ranking of terms in parallel is not counted)",
                ms(&self.index)
            ),
        );
        line("link-check end", format!("{} ms CPU (one thread)", ms(&self.finish)));
    }
}

/// The calling thread's CPU time in nanoseconds.
#[cfg(target_os = "linux")]
pub fn thread_cpu_nanos() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec, which `ts` is.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Elsewhere wall time since the first call stands in for it.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_nanos() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
}
