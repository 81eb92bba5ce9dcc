//! Reading the site's sources: regular files only. A named pipe (FIFO) in
//! their place would block the read until some other program writes to it,
//! that is forever, and a device such as `/dev/zero` never ends; either
//! would hang a build (and `serve` with it). Both are refused by name.

use std::fs::{File, FileType};
use std::io::{self, Read};
use std::path::Path;

/// The bytes of the regular file at `path` (a symlink is followed).
pub fn bytes(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text of the regular file at `path`; not UTF-8 is an error.
pub fn text(path: &Path) -> io::Result<String> {
    String::from_utf8(bytes(path)?).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8"))
}

/// Opens without waiting (opening a FIFO for reading otherwise blocks until
/// a writer comes), then looks at what was opened, so that nothing can be
/// swapped in between the look and the read.
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    match special(kind) {
        Some(what) => Err(io::Error::other(Special(what))),
        None if kind.is_dir() => Err(io::Error::other("it is a folder, not a file")),
        None => Ok(file),
    }
}

/// The error for a file that is not a regular one.
#[derive(Debug)]
struct Special(&'static str);

impl std::fmt::Display for Special {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "it is {}, not a regular file", self.0)
    }
}

impl std::error::Error for Special {}

/// Whether `e` says that the file read was not a regular one.
pub fn is_special(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|e| e.is::<Special>())
}

/// What a file that is neither a regular file nor a folder is, in words;
/// None for those two.
pub fn special(kind: FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("neither a file nor a folder")
}

/// The error for a special file met while walking the sources.
pub fn refuse(file: &Path, what: &str) -> crate::Diagnostic {
    crate::Diagnostic::new(format!("{} is {what}, not a regular file", file.display())).in_file(file).hint(HINT)
}

/// What to do about a special file.
pub const HINT: &str =
    "replace it with a regular file, or move it out of the site folder: modulepers reads only regular files";

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_or_a_device_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("site.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = bytes(&fifo).unwrap_err();
        assert_eq!(e.to_string(), "it is a named pipe (FIFO), not a regular file");
        let e = bytes(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(e.to_string(), "it is a device, not a regular file");
        std::fs::write(dir.path().join("a"), "x").unwrap();
        assert_eq!(text(&dir.path().join("a")).unwrap(), "x");
    }
}
