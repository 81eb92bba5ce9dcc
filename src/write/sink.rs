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

/// Refuses a path that would leave the site's folder: absolute, with a
/// `..`, `.` or empty part, a backslash (a separator on Windows) or a
/// control character. Every value that becomes a path is checked where the
/// content gives it; this is the second line of defence, so a path it
/// refuses is a bug of modulepers, and nothing is written.
pub fn inside(rel: &str) -> Result<(), Diagnostic> {
    let leaves = rel.is_empty()
        || Path::new(rel).is_absolute()
        || rel.contains('\\')
        || rel.chars().any(char::is_control)
        || rel.split('/').any(|part| matches!(part, "" | "." | ".."));
    if !leaves {
        return Ok(());
    }
    Err(Diagnostic::new(format!(
        "bug: the build tried to write {:?}, which is outside the output folder; nothing was written there",
        rel
    ))
    .hint("this is a bug in modulepers, not in your content; please report it with the content that caused it"))
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
        inside(rel)?;
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

/// (It refuses what `Folder` refuses, so `check` finds what `build` would.)
impl Sink for Discard {
    fn create(&self, rel: &str) -> Result<Box<dyn Write + Send>, Diagnostic> {
        inside(rel)?;
        Ok(Box::new(std::io::sink()))
    }

    fn write(&self, rel: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        inside(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_would_leave_the_folder_is_refused_and_not_written() {
        let around = tempfile::tempdir().unwrap();
        let site = around.path().join("site");
        let sink = Folder::new(&site);
        let absolute = around.path().join("uit.html").to_string_lossy().into_owned();
        for rel in ["../uit.html", "a/../../uit.html", &absolute, "a//b.html", "./a.html", "a\\..\\b", "a\u{0}b", ""] {
            let e = sink.write(rel, b"x").unwrap_err();
            assert!(e.message.starts_with("bug: "), "{rel:?}: {e:?}");
            assert!(Discard.write(rel, b"x").is_err(), "check refuses {rel:?} too");
            assert!(sink.create(rel).is_err(), "{rel:?}");
        }
        assert_eq!(std::fs::read_dir(around.path()).unwrap().count(), 0, "nothing was written anywhere");
        sink.write("a/b.html", b"x").unwrap();
        assert_eq!(std::fs::read(site.join("a/b.html")).unwrap(), b"x");
    }
}
