//! Where rendered files go. The renderer only ever names a file relative to
//! the site and hands over its bytes; `build` writes them into a staging
//! folder, `check` renders every page the same way and keeps nothing.

use super::interrupt;
use crate::diagnostic::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A destination for the files of one build. `rel` is a `/`-separated
/// path inside the site, e.g. `doc/een/index.html`.
pub trait Sink: Sync {
    /// Opens `rel` for a file written in pieces (the search index is too
    /// large for a large site to be held in memory as a whole).
    fn create(&self, rel: &str) -> Result<Box<dyn Write + Send>, Diagnostic>;

    /// Writes a whole file at once.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let mut file = self.create(rel)?;
        file.write_all(bytes).and_then(|()| file.flush()).map_err(|e| cannot_write(rel, e))
    }
}

pub fn cannot_write(rel: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot write {rel}: {e}"))
}

/// Writes into a folder on disk, creating subfolders as needed.
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    pub fn new(root: impl Into<PathBuf>) -> Folder {
        Folder { root: root.into() }
    }

    fn prepare(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        // After Ctrl-C the staging folder is being removed; a file written
        // now would only get in the way of that.
        if interrupt::requested() {
            return Err(Diagnostic::new("the build was interrupted"));
        }
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        Ok(path)
    }

    pub fn path(&self) -> &Path {
        &self.root
    }
}

impl Sink for Folder {
    fn create(&self, rel: &str) -> Result<Box<dyn Write + Send>, Diagnostic> {
        let path = self.prepare(rel)?;
        let file = std::fs::File::create(path).map_err(|e| cannot_write(rel, e))?;
        Ok(Box::new(std::io::BufWriter::new(file)))
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        std::fs::write(self.prepare(rel)?, bytes).map_err(|e| cannot_write(rel, e))
    }
}

/// Keeps nothing: what `check` renders into.
pub struct Discard;

impl Sink for Discard {
    fn create(&self, _rel: &str) -> Result<Box<dyn Write + Send>, Diagnostic> {
        Ok(Box::new(std::io::sink()))
    }

    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
}
