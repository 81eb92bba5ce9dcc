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
    output: Output,
}

/// The output folder, whose changes are never sources, even where it lies
/// inside them (`serve --output content/uit`): every build would otherwise
/// set off the next.
struct Output {
    /// The folder it is in, made absolute as the watched paths are.
    parent: PathBuf,
    name: std::ffi::OsString,
}

impl Output {
    fn new(output: &Path) -> Output {
        let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        let parent = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        // The watched paths are the canonical root's: so is the parent.
        let parent = std::fs::canonicalize(&parent).unwrap_or(parent);
        Output { parent, name: absolute.file_name().unwrap_or_default().to_os_string() }
    }

    /// The output folder, or what a build writes beside it (its staging
    /// folder `.<name>.building-…`, its record `.<name>.modulepers`).
    fn holds(&self, path: &Path) -> bool {
        let Some(first) = path.strip_prefix(&self.parent).ok().and_then(|r| r.components().next()) else {
            return false;
        };
        let first = first.as_os_str();
        let beside = format!(".{}.", self.name.to_string_lossy());
        first == self.name || first.to_string_lossy().starts_with(&beside)
    }
}

impl Watcher {
    /// None when nothing can be watched; the site is then still served,
    /// it just does not rebuild.
    pub fn start(root: &Path, output: &Path) -> Option<Watcher> {
        let (tx, events) = channel();
        let debouncer = match new_debouncer(DEBOUNCE, None, tx) {
            Ok(d) => d,
            Err(e) => {
                crate::say!("warning: cannot watch for changes ({e}); restart serve to see edits");
                return None;
            }
        };
        let mut watcher = Watcher { debouncer, events, root: root.to_path_buf(), output: Output::new(output) };
        // The root itself, not site.yaml: editors that save by renaming a
        // new file over the old one would end a watch on the file.
        if let Err(e) = watcher.debouncer.watch(root, RecursiveMode::NonRecursive) {
            crate::say!("warning: cannot watch {} ({e}); edits to {CONFIG} need a restart", root.display());
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
                    crate::say!("warning: watching for changes: {e}");
                }
                return;
            }
        };
        for event in events {
            if !matters(&event.kind) {
                continue;
            }
            let sources: Vec<&PathBuf> = event.paths.iter().filter(|p| !self.output.holds(p)).collect();
            for path in sources {
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
                crate::say!("warning: cannot watch {} ({e}); edits there need a restart", path.display());
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
