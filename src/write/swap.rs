//! Putting a finished site in place of the previous one in one step.
//!
//! Two renames (old aside, new in) leave a moment without an output folder
//! and, when killed between them, a folder at the side name that blocked
//! every later build. Linux swaps two paths atomically with
//! `renameat2(RENAME_EXCHANGE)`; elsewhere, or on a file system without it,
//! the two renames remain, with a side name unique to this build.

use std::io;
use std::path::{Path, PathBuf};

/// Moves the folder `new` to `target`. Returns where the previous target
/// now is (to be removed by the caller), or None when there was none.
pub fn replace(new: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if !target.exists() {
        std::fs::rename(new, target)?;
        return Ok(None);
    }
    match exchange(new, target) {
        // After the exchange the staging name holds the previous site.
        Ok(()) => Ok(Some(new.to_path_buf())),
        Err(e) if unsupported(&e) => two_renames(new, target).map(Some),
        Err(e) => Err(e),
    }
}

fn two_renames(new: &Path, target: &Path) -> io::Result<PathBuf> {
    let mut aside = new.as_os_str().to_owned();
    aside.push("-previous");
    let aside = PathBuf::from(aside);
    std::fs::rename(target, &aside)?;
    if let Err(e) = std::fs::rename(new, target) {
        // Put the previous site back rather than leave none.
        let _ = std::fs::rename(&aside, target);
        return Err(e);
    }
    Ok(aside)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both pointers are NUL-terminated strings that outlive the
    // call; renameat2 reads them and touches no other memory of ours.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// A kernel or file system without the exchange (EINVAL, ENOSYS).
fn unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_swaps_in_the_new_folder_and_hands_back_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let (new, target) = (dir.path().join(".out.building-x"), dir.path().join("out"));
        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("a"), "new").unwrap();
        assert_eq!(replace(&new, &target).unwrap(), None);
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "new");

        std::fs::create_dir(&new).unwrap();
        std::fs::write(new.join("a"), "newer").unwrap();
        let old = replace(&new, &target).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), "newer");
        assert_eq!(std::fs::read_to_string(old.join("a")).unwrap(), "new");
    }

    /// The atomic path itself, not its fallback: both names stay taken.
    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for d in [&a, &b] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("name"), d.file_name().unwrap().as_encoded_bytes()).unwrap();
        }
        exchange(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(a.join("name")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(b.join("name")).unwrap(), "a");
    }

    #[test]
    fn the_fallback_gives_the_same_result() {
        let dir = tempfile::tempdir().unwrap();
        let (new, target) = (dir.path().join(".out.building-y"), dir.path().join("out"));
        for d in [&new, &target] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("a"), d.to_string_lossy().as_bytes()).unwrap();
        }
        let old = two_renames(&new, &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("a")).unwrap(), new.to_string_lossy());
        assert_eq!(std::fs::read_to_string(old.join("a")).unwrap(), target.to_string_lossy());
    }
}
