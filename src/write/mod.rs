//! Stage 5, write: the site is rendered into a temporary sibling of the
//! output folder and swapped into place in one step only when everything
//! succeeded, so a failed, interrupted or killed build never leaves a
//! half-written, empty or blocked output folder behind.

pub mod interrupt;
mod lock;
pub mod sink;
mod swap;

use crate::diagnostic::Diagnostic;
pub use lock::OutputLock;
pub use sink::{Discard, Folder, Sink};
use std::path::Path;

/// Marks a staging folder as ours while it is being written, so that the
/// leftover of a killed build can be recognised and removed. Removed
/// before the swap: the published site does not carry it.
pub const MARKER: &str = ".modulepers-building";

/// The prefix after `.<name>.` of every staging folder.
const BUILDING: &str = "building-";

pub struct Staging<'a> {
    dir: Option<tempfile::TempDir>,
    lock: &'a mut OutputLock,
}

impl<'a> Staging<'a> {
    /// Removes what killed builds left beside the output folder, then
    /// creates this build's staging folder.
    pub fn new(lock: &'a mut OutputLock) -> Result<Staging<'a>, Diagnostic> {
        let output = lock.output();
        remove_leftovers(output, lock.owned())?;
        let parent = lock::parent(output);
        let prefix = lock::sibling(output, BUILDING);
        let prefix = prefix.file_name().unwrap_or_default().to_string_lossy();
        // Created while the handler is held off: a Ctrl-C meanwhile waits,
        // then finds the folder registered.
        let mut pending = interrupt::pending();
        let dir = tempfile::Builder::new()
            .prefix(prefix.as_ref())
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::new(format!("cannot create a temporary folder in {}: {e}", parent.display())))?;
        pending.push(dir.path().to_path_buf());
        drop(pending);
        let marker = "An unfinished build of modulepers; removed by the next build.\n";
        std::fs::write(dir.path().join(MARKER), marker)
            .map_err(|e| Diagnostic::new(format!("cannot write to {}: {e}", dir.path().display())))?;
        Ok(Staging { dir: Some(dir), lock })
    }

    /// What the renderer writes through.
    pub fn sink(&self) -> Folder {
        Folder::new(self.path())
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().expect("a staging folder until committed").path()
    }

    /// Swaps the finished site into place and removes the previous one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.lock.refuse_foreign()?;
        let output = self.lock.output().to_path_buf();
        let staged = self.path().to_path_buf();
        std::fs::remove_file(staged.join(MARKER))
            .map_err(|e| Diagnostic::new(format!("cannot write to {}: {e}", staged.display())))?;
        // Recorded first: the folder is missing, empty or ours already, so
        // the record is true either way, and a build that succeeds cannot
        // fail after its site is in place.
        self.lock.record_owned()?;
        let previous = {
            let _pending = interrupt::pending();
            let result = swap::replace(&staged, &output);
            // From here the staging folder is no longer ours to delete on
            // drop: it is the site, or it holds the previous site.
            let _ = self.dir.take().map(tempfile::TempDir::keep);
            result
        };
        let previous = match previous {
            Ok(p) => p,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staged);
                interrupt::unregister(&staged);
                return Err(Diagnostic::new(format!("cannot move the new site into {}: {e}", output.display())));
            }
        };
        if let Some(previous) = previous {
            // Removed before the lock is released, so the next build finds
            // nothing to clean. A failure only leaves a leftover that the
            // next build removes.
            let _ = std::fs::remove_dir_all(&previous);
        }
        interrupt::unregister(&staged);
        Ok(())
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_path_buf();
            drop(dir);
            interrupt::unregister(&path);
        }
    }
}

/// Staging folders of builds that were killed (`.<name>.building-*`), and
/// the `.<name>.old` of older versions. Only folders marked as ours, empty
/// ones, or any beside an output folder we wrote are removed; one that
/// cannot be removed is named with the command that does it.
fn remove_leftovers(output: &Path, owned: bool) -> Result<(), Diagnostic> {
    let parent = lock::parent(output);
    let Ok(entries) = std::fs::read_dir(&parent) else { return Ok(()) };
    let building = lock::sibling(output, BUILDING);
    let building = building.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let legacy = lock::sibling(output, "old");
    let legacy = legacy.file_name().unwrap_or_default().to_string_lossy().into_owned();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(&building) || name == legacy) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let marked = path.join(MARKER).is_file() || path.join(lock::LEGACY_MARKER).is_file();
        let empty = std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        if !(marked || empty || owned) {
            continue;
        }
        std::fs::remove_dir_all(&path).map_err(|e| {
            Diagnostic::new(format!("cannot remove {}, left behind by an interrupted build: {e}", path.display()))
                .hint(format!("remove it yourself: rm -rf '{}'", path.display()))
        })?;
    }
    Ok(())
}
