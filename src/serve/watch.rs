//! Watches the site's sources and reports each burst of changes once.

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// Short enough that a save shows up well under a second, long enough that
/// an editor's write-temp-then-rename save is one change, not two.
const DEBOUNCE: Duration = Duration::from_millis(50);

const SOURCES: [&str; 2] = ["content", "themes"];
const CONFIG: &str = crate::config::CONFIG_FILE;

pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
}

impl Watcher {
    /// None when nothing can be watched; the site is then still served,
    /// it just does not rebuild.
    pub fn start(root: &Path) -> Option<Watcher> {
        let (tx, events) = channel();
        let debouncer = match new_debouncer(DEBOUNCE, None, tx) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("warning: cannot watch for changes ({e}); restart serve to see edits");
                return None;
            }
        };
        let mut watcher = Watcher { debouncer, events, root: root.to_path_buf() };
        // The root itself, not site.yaml: editors that save by renaming a
        // new file over the old one would end a watch on the file.
        if let Err(e) = watcher.debouncer.watch(root, RecursiveMode::NonRecursive) {
            eprintln!("warning: cannot watch {} ({e}); edits to {CONFIG} need a restart", root.display());
        }
        for dir in SOURCES {
            watcher.rewatch(dir);
        }
        Some(watcher)
    }

    /// Blocks until a source changed and returns the changed paths,
    /// relative to the root. Changes that arrive while the caller rebuilds
    /// are queued and come back as one batch.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut changed = Vec::new();
            self.collect(self.events.recv().ok()?, &mut changed);
            while let Ok(more) = self.events.try_recv() {
                self.collect(more, &mut changed);
            }
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                return Some(changed);
            }
        }
    }

    fn collect(&mut self, result: DebounceEventResult, changed: &mut Vec<PathBuf>) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching for changes: {e}");
                }
                return;
            }
        };
        for event in events {
            if !matters(&event.kind) {
                continue;
            }
            for path in &event.paths {
                let Ok(rel) = path.strip_prefix(&self.root) else {
                    continue;
                };
                let Some(first) = rel.components().next() else {
                    continue;
                };
                let first = first.as_os_str().to_string_lossy().into_owned();
                if rel.components().count() == 1 && SOURCES.contains(&first.as_str()) {
                    // content/ or themes/ itself was created, removed or
                    // renamed: its watch went with the old folder.
                    self.rewatch(&first);
                    changed.push(rel.to_path_buf());
                } else if rel == Path::new(CONFIG) || (SOURCES.contains(&first.as_str()) && !scratch(rel)) {
                    changed.push(rel.to_path_buf());
                }
            }
        }
    }

    fn rewatch(&mut self, dir: &str) {
        let path = self.root.join(dir);
        let _ = self.debouncer.unwatch(&path);
        if path.is_dir() {
            if let Err(e) = self.debouncer.watch(&path, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {} ({e}); edits there need a restart", path.display());
            }
        }
    }
}

/// The build reads every source, and reading is reported too; only real
/// changes may trigger a build, or each build would trigger the next.
fn matters(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)))
}

/// Editors' swap and backup files; the build ignores hidden files, so a
/// rebuild for them would only reload the page for nothing.
fn scratch(rel: &Path) -> bool {
    rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) || rel.to_string_lossy().ends_with('~')
}
