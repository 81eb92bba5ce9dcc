//! Stage 5, write: the site is rendered into a temporary sibling of the
//! output folder and swapped into place only when everything succeeded, so
//! a failed build never leaves a half-written or empty site behind.

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// Marks an output folder as ours. A folder without it that is not empty
/// is never replaced: it may be something the user cares about.
pub const MARKER: &str = ".modulepers-output";

pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        refuse_foreign(output)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::new(format!("cannot create {}: {e}", parent.display())))?;
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::new(format!("cannot create a temporary folder in {}: {e}", parent.display())))?;
        Ok(Staging { dir, output: output.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Moves the finished site into place. The old site is moved aside
    /// first and removed only after the new one is in place.
    pub fn commit(self) -> Result<(), Diagnostic> {
        std::fs::write(
            self.dir.path().join(MARKER),
            "Written by modulepers; this folder is replaced on every build.\n",
        )
        .map_err(|e| Diagnostic::new(format!("cannot write to the temporary folder: {e}")))?;
        refuse_foreign(&self.output)?;
        let staged = self.dir.keep();
        let old = if self.output.exists() {
            let aside = staged.with_extension("old");
            std::fs::rename(&self.output, &aside).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                Diagnostic::new(format!("cannot move the previous {} aside: {e}", self.output.display()))
            })?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, &self.output) {
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.output);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::new(format!("cannot move the new site into {}: {e}", self.output.display())));
        }
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

fn refuse_foreign(output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(Diagnostic::new(format!("{} exists and is not a folder", output.display()))
            .hint("choose another --output, or move that file away"));
    }
    let ours = output.join(MARKER).exists();
    let empty = std::fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
    if ours || empty {
        Ok(())
    } else {
        Err(Diagnostic::new(format!("{} holds files modulepers did not write", output.display()))
            .hint("modulepers only replaces a folder it created; choose another --output or empty this one"))
    }
}

/// Writes one file of the site, creating its folders.
pub fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::new(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Diagnostic::new(format!("cannot write {rel}: {e}")))
}
