//! Where an output folder may be, and how the files beside it are opened.
//!
//! The output folder is replaced as a whole on every build, and the files
//! beside it (the lock record, a staging folder's marker) are written on
//! every build. None of them may be a symbolic link: a build would replace
//! the link or write through it into a file it never created. And the
//! output may not lie inside what the build reads, or every build would
//! copy the last one into the sources.

use crate::diagnostic::Diagnostic;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};

/// The folders under the site root that a build reads.
const SOURCES: [&str; 2] = [crate::load::CONTENT_DIR, "themes"];

/// Refuses an output folder inside `content/` or `themes/`, however it is
/// spelt (relative, with `..`, through a link).
pub fn refuse_inside_sources(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let Some(output_at) = resolved(output) else { return Ok(()) };
    for source in SOURCES {
        let Ok(source_at) = std::fs::canonicalize(root.join(source)) else { continue };
        if output_at.starts_with(&source_at) {
            return Err(Diagnostic::new(format!(
                "the output folder {} is inside the site's {source}/ folder",
                output.display()
            ))
            .hint(format!(
                "a build reads {source}/ and would copy the site into it on every build; \
                 choose an --output outside content/ and themes/, such as {}",
                root.join("output").display()
            )));
        }
    }
    Ok(())
}

/// Where `path` is, with every link and `..` in the part that exists
/// resolved; the part that does not exist yet is taken as written.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let parts: Vec<Component> = absolute.components().collect();
    // The longest start that exists; at least the root does.
    let (mut at, exists) = (0..=parts.len())
        .rev()
        .find_map(|n| std::fs::canonicalize(parts[..n].iter().collect::<PathBuf>()).ok().map(|at| (at, n)))?;
    // A folder that does not exist yet is no link: what follows it is
    // read as written (create_dir_all makes it so).
    for part in &parts[exists..] {
        match part {
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => at.push(name),
            _ => {}
        }
    }
    Some(at)
}

/// The output folder is replaced by a rename, which would replace a link
/// to a folder by a folder and leave the link's target as it was.
pub fn refuse_output_link(output: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::symlink_metadata(output) else { return Ok(()) };
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let hint = match std::fs::canonicalize(output) {
        Ok(target) if target.is_dir() => format!(
            "modulepers replaces the output folder as a whole and would replace the link; \
             to build into the folder it points to, pass --output {}",
            target.display()
        ),
        _ => "modulepers replaces the output folder as a whole and would replace the link; \
              pass a folder as --output, not a link"
            .to_string(),
    };
    Err(Diagnostic::new(format!("the output folder {} is a symbolic link", output.display())).hint(hint))
}

/// Opens a file beside the output (or in a staging folder) without
/// following a link at its name: a link there is refused, never written
/// through. `describe` says what the file is, for the error.
pub fn open_own(options: &mut OpenOptions, path: &Path, describe: &str) -> Result<File, Diagnostic> {
    refuse_link(path, describe)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Closes the moment between the check above and the open.
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path).map_err(|e| {
        if is_link_error(&e) {
            link_refused(path, describe)
        } else {
            Diagnostic::new(format!("cannot open {}: {e}", path.display()))
        }
    })
}

/// Writes a new file that must not exist yet (a staging folder's marker).
pub fn create_own(path: &Path, describe: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::Write;
    let mut file = open_own(File::options().write(true).create_new(true), path, describe)?;
    file.write_all(bytes).map_err(|e| Diagnostic::new(format!("cannot write {}: {e}", path.display())))
}

/// Says whether `path` is a regular file, not following a link.
pub fn is_own_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

pub fn refuse_link(path: &Path, describe: &str) -> Result<(), Diagnostic> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(link_refused(path, describe)),
        _ => Ok(()),
    }
}

fn link_refused(path: &Path, describe: &str) -> Diagnostic {
    let to = std::fs::read_link(path).map(|t| format!(" to {}", t.display())).unwrap_or_default();
    Diagnostic::new(format!("{} ({describe}) is a symbolic link{to}", path.display())).hint(format!(
        "modulepers writes that file on every build and never through a link; \
         remove the link (rm '{}') and run again",
        path.display()
    ))
}

/// ELOOP is how the kernel refuses O_NOFOLLOW at a link.
fn is_link_error(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = e;
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_refused_and_its_target_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "mine").unwrap();
        let link = dir.path().join("marker");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let refused = create_own(&link, "a marker", b"ours").unwrap_err();
        assert!(refused.message.contains("(a marker) is a symbolic link to"), "{}", refused.message);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");
        // A link to nothing: the open would create its target.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(create_own(&dangling, "a marker", b"ours").is_err());
        assert!(!dir.path().join("nowhere").exists());
    }

    /// The second line of defence alone: the link appears after the check.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_open_itself_does_not_follow_a_link() {
        use std::os::unix::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("record");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        let e = File::options().write(true).create(true).custom_flags(libc::O_NOFOLLOW).open(&link).unwrap_err();
        assert!(is_link_error(&e), "{e}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn a_path_is_resolved_through_links_and_dots() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("content")).unwrap();
        std::os::unix::fs::symlink(real.join("content"), real.join("link")).unwrap();
        assert_eq!(resolved(&real.join("link/uit/deeper")), Some(real.join("content/uit/deeper")));
        assert_eq!(resolved(&real.join("nieuw/../content/uit")), Some(real.join("content/uit")));
        assert_eq!(resolved(&real.join("content/../output")), Some(real.join("output")));
    }
}
