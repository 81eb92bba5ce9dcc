//! Stage 5, write: the site is rendered into a temporary sibling of the
//! output folder and swapped into place in one step only when everything
//! succeeded, so a failed, interrupted or killed build never leaves a
//! half-written, empty or blocked output folder behind.

pub mod interrupt;
mod lock;
mod place;
pub mod sink;
mod swap;

use crate::diagnostic::Diagnostic;
pub use lock::OutputLock;
pub use place::refuse_inside_sources;
pub use sink::{Discard, Folder, Sink};
use std::path::Path;

/// Marks a staging folder as ours while it is being written, so that the
/// leftover of a killed build can be recognised and removed. Removed
/// before the swap: the published site does not carry it.
pub const MARKER: &str = ".modulepers-building";

/// What the marker says, to a person who finds it.
const MARKER_TEXT: &str = "An unfinished build of modulepers; removed by the next build.\n";

/// The prefix after `.<name>.` of every staging folder.
const BUILDING: &str = "building-";

/// How many random letters and digits follow it: a staging folder's name
/// is known exactly, so no folder of a person's is taken for one.
const RANDOM: usize = 6;

/// What the two-rename swap appends to a staging folder's name for the
/// previous site (see `swap`).
const PREVIOUS: &str = "-previous";

pub struct Staging<'a> {
    dir: Option<tempfile::TempDir>,
    lock: &'a mut OutputLock,
}

impl<'a> Staging<'a> {
    /// Removes what killed builds left beside the output folder, then
    /// creates this build's staging folder.
    pub fn new(lock: &'a mut OutputLock) -> Result<Staging<'a>, Diagnostic> {
        let output = lock.output();
        remove_leftovers(output)?;
        let parent = lock::parent(output);
        let prefix = staging_prefix(output);
        // Created while the handler is held off: a Ctrl-C meanwhile waits,
        // then finds the folder registered.
        let mut pending = interrupt::pending();
        let dir =
            tempfile::Builder::new().prefix(&prefix).rand_bytes(RANDOM).tempdir_in(&parent).map_err(|e| {
                Diagnostic::new(format!("cannot create a temporary folder in {}: {e}", parent.display()))
            })?;
        pending.push(dir.path().to_path_buf());
        drop(pending);
        place::create_own(&dir.path().join(MARKER), "the marker of a staging folder", MARKER_TEXT.as_bytes())?;
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
            // Marked, so that a build killed while removing it leaves a
            // folder the next build knows as its own (only a kill between
            // the swap and this leaves one it does not, at a name no person
            // chose). Removed before the lock is released, so the next build
            // finds nothing to clean.
            let _ =
                place::create_own(&previous.join(MARKER), "the marker of the previous site", MARKER_TEXT.as_bytes());
            let _ = remove_marked(&previous);
        }
        interrupt::unregister(&staged);
        Ok(())
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            // Marker last, as for any leftover; the folder is ours either way.
            let path = dir.keep();
            if remove_marked(&path).is_err() {
                let _ = std::fs::remove_dir_all(&path);
            }
            interrupt::unregister(&path);
        }
    }
}

/// `.<name>.building-`: the start of every staging folder's name.
fn staging_prefix(output: &Path) -> String {
    let prefix = lock::sibling(output, BUILDING);
    prefix.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

/// Whether `name` is one `Staging` gives: the prefix, exactly `RANDOM`
/// letters and digits, and `-previous` after a two-rename swap.
fn is_staging_name(name: &str, prefix: &str) -> bool {
    let Some(random) = name.strip_prefix(prefix) else { return false };
    let random = random.strip_suffix(PREVIOUS).unwrap_or(random);
    random.len() == RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Removes what killed builds left beside the output folder: a folder with
/// a staging folder's exact name that holds its marker, or is empty (a
/// build killed before it marked its folder). Nothing else, whatever its
/// name, even beside an output folder modulepers wrote: a `.output.old` may
/// be a person's backup. A leftover that cannot be removed is named with
/// the command that does it.
fn remove_leftovers(output: &Path) -> Result<(), Diagnostic> {
    let parent = lock::parent(output);
    let Ok(entries) = std::fs::read_dir(&parent) else { return Ok(()) };
    let prefix = staging_prefix(output);
    for entry in entries.filter_map(Result::ok) {
        // A link is no folder here (file_type does not follow it).
        if !is_staging_name(&entry.file_name().to_string_lossy(), &prefix)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let path = entry.path();
        if !is_marked(&path) {
            // Removes only an empty folder.
            let _ = std::fs::remove_dir(&path);
            continue;
        }
        remove_marked(&path).map_err(|e| {
            Diagnostic::new(format!("cannot remove {}, left behind by an interrupted build: {e}", path.display()))
                .hint(format!("remove it yourself: rm -rf '{}'", path.display()))
        })?;
    }
    Ok(())
}

fn is_marked(folder: &Path) -> bool {
    let marker = folder.join(MARKER);
    place::is_own_file(&marker) && std::fs::read_to_string(&marker).is_ok_and(|t| t == MARKER_TEXT)
}

/// Removes a marked folder with its marker last, so that a build killed
/// meanwhile leaves a folder that is still known as its own.
fn remove_marked(folder: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        match entry.file_type()?.is_dir() {
            true => std::fs::remove_dir_all(entry.path())?,
            false => std::fs::remove_file(entry.path())?,
        }
    }
    match std::fs::remove_file(folder.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_a_build_gives_are_staging_names() {
        let prefix = ".output.building-";
        for ours in [".output.building-Ab12Cd", ".output.building-000000-previous"] {
            assert!(is_staging_name(ours, prefix), "{ours}");
        }
        for theirs in [".output.old", ".output.building-mijn", ".output.building-Ab12Cd.bak", ".output.building-Ab-2Cd"]
        {
            assert!(!is_staging_name(theirs, prefix), "{theirs}");
        }
    }
}
