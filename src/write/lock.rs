//! One writer per output folder, and the record that the folder is ours.
//!
//! Both live in one small file beside the output folder,
//! `.<name>.modulepers`: inside the folder it would be published with the
//! site, and it would be swapped away with every build. The file stays
//! once a build succeeded; a failed first build removes it again, so it
//! leaves nothing behind.

use crate::diagnostic::Diagnostic;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// What the record says once modulepers has written the folder beside it.
const OWNED: &str = "modulepers wrote the folder next to this file and replaces it on every build.\n\
     While a build runs, it holds a lock on this file so that no other build writes there.\n";

/// What the record is, for an error about it.
const RECORD: &str = "the lock and record of the output folder";

/// A marker file that output folders of older versions held; such a
/// folder is ours too.
pub(super) const LEGACY_MARKER: &str = ".modulepers-output";

/// Held for as long as a build (or `serve`) writes to the output folder.
pub struct OutputLock {
    output: PathBuf,
    file: File,
    owned: bool,
}

impl OutputLock {
    /// Takes the lock, or says that another build holds it. Refuses,
    /// before it creates anything, a folder that holds files modulepers did
    /// not write.
    pub fn acquire(output: &Path) -> Result<OutputLock, Diagnostic> {
        super::place::refuse_output_link(output)?;
        let record = record_path(output);
        // Before the folder is looked at: a link there is the first thing to fix.
        super::place::refuse_link(&record, RECORD)?;
        refuse_foreign(output, read_owned(&record))?;
        if let Some(parent) = record.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        let mut file = lock_file(&record, output)?;
        let mut text = String::new();
        let owned = file.read_to_string(&mut text).is_ok() && text == OWNED;
        if !owned {
            // Ctrl-C before the first build succeeded leaves nothing either.
            super::interrupt::pending().push(record);
        }
        Ok(OutputLock { output: output.to_path_buf(), file, owned })
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Checked again before the swap: the lock keeps other builds out,
    /// not a person who copies files into the folder meanwhile.
    pub fn refuse_foreign(&self) -> Result<(), Diagnostic> {
        refuse_foreign(&self.output, self.owned)
    }

    /// Records that the output folder is now ours.
    pub fn record_owned(&mut self) -> Result<(), Diagnostic> {
        if self.owned {
            return Ok(());
        }
        let path = record_path(&self.output);
        let fail = |e: std::io::Error| Diagnostic::new(format!("cannot write {}: {e}", path.display()));
        self.file.set_len(0).map_err(fail)?;
        self.file.rewind().map_err(fail)?;
        self.file.write_all(OWNED.as_bytes()).map_err(fail)?;
        self.owned = true;
        super::interrupt::unregister(&path);
        Ok(())
    }
}

/// Opens and locks the record. A build that removes its record (a failed
/// first build) may do so between another's open and lock: that other
/// then holds a lock on a file no longer there, and opens the new one.
fn lock_file(record: &Path, output: &Path) -> Result<File, Diagnostic> {
    loop {
        let file = super::place::open_own(
            File::options().read(true).write(true).create(true).truncate(false),
            record,
            RECORD,
        )?;
        match file.try_lock() {
            Ok(()) if is_at(&file, record) => return Ok(file),
            Ok(()) => continue,
            Err(TryLockError::WouldBlock) => {
                return Err(Diagnostic::new(format!("another build is writing to {}", output.display())).hint(
                    "wait until it has finished, then run this again \
                     (a `modulepers serve` writes there until it is stopped)",
                ))
            }
            Err(TryLockError::Error(e)) => {
                return Err(Diagnostic::new(format!("cannot lock {}: {e}", record.display())))
            }
        }
    }
}

#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so it is still there.
#[cfg(not(unix))]
fn is_at(_: &File, _: &Path) -> bool {
    true
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked; see `lock_file` for the other side.
        if !self.owned {
            let record = record_path(&self.output);
            let _ = std::fs::remove_file(&record);
            super::interrupt::unregister(&record);
        }
    }
}

/// `.output.modulepers` beside `output`.
pub fn record_path(output: &Path) -> PathBuf {
    sibling(output, "modulepers")
}

/// `.<name>.<suffix>` in the folder that holds `output`.
pub fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    parent(output).join(format!(".{name}.{suffix}"))
}

pub fn parent(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn read_owned(record: &Path) -> bool {
    super::place::is_own_file(record) && std::fs::read_to_string(record).is_ok_and(|t| t == OWNED)
}

fn refuse_foreign(output: &Path, owned: bool) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::metadata(output) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(Diagnostic::new(format!("{} exists and is not a folder", output.display()))
            .hint("choose another --output, or move that file away"));
    }
    let empty = std::fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
    if owned || empty || output.join(LEGACY_MARKER).is_file() {
        Ok(())
    } else {
        Err(Diagnostic::new(format!("{} holds files modulepers did not write", output.display()))
            .hint("modulepers only replaces a folder it created; choose another --output or empty this one"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let first = OutputLock::acquire(&output).unwrap();
        let second = OutputLock::acquire(&output).err().expect("a second lock");
        assert!(second.message.starts_with("another build is writing to"), "{}", second.message);
        drop(first);
        // Never owned: the record went with the lock.
        assert!(!record_path(&output).exists());
        let mut third = OutputLock::acquire(&output).unwrap();
        third.record_owned().unwrap();
        drop(third);
        assert!(read_owned(&record_path(&output)));
    }

    #[test]
    fn a_folder_of_someone_else_is_refused_before_anything_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        std::fs::create_dir(&output).unwrap();
        std::fs::write(output.join("mine.txt"), "mine").unwrap();
        let refused = OutputLock::acquire(&output).err().expect("refused");
        assert!(refused.message.contains("did not write"), "{}", refused.message);
        assert!(!record_path(&output).exists());
    }
}
