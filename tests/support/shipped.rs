//! The shipped site (this repository's site.yaml, content/ and theme),
//! built once per test binary with the real binary, into cargo's folder for
//! test files under target/: a static is never dropped, so a temporary
//! folder in /tmp would be left behind by every run.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The output folder of the shipped site, built on first use.
pub fn output() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        // One folder per test binary, replaced by each run's build.
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(concat!("shipped-", env!("CARGO_CRATE_NAME")));
        let run = Command::new(env!("CARGO_BIN_EXE_modulepers"))
            .args(["build", "--root"])
            .arg(root())
            .arg("--output")
            .arg(&out)
            .arg("--quiet")
            .output()
            .expect("run modulepers build");
        assert!(
            run.status.success(),
            "modulepers build of the shipped site failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        out
    })
}

/// A built file, as text; panics naming it when it is missing.
pub fn read(rel: &str) -> String {
    let p = output().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel} should exist in the built site: {e}"))
}

pub fn exists(rel: &str) -> bool {
    output().join(rel).is_file()
}

/// Every .html file of the built site, output-relative with `/`, sorted.
pub fn html_files() -> Vec<String> {
    files_with_extension(output(), "html")
}

/// Every file below `dir` with extension `ext`, relative to `dir` with `/`,
/// sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<String> {
    let mut out = vec![];
    fn walk(dir: &Path, base: &Path, ext: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, ext, out);
            } else if p.extension().is_some_and(|x| x == ext) {
                let rel = p.strip_prefix(base).unwrap();
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    walk(dir, dir, ext, &mut out);
    out.sort();
    out
}

/// The content files of a document in reading order: _index.md, the
/// numbered chapters by number, then the rest (bronnen.md) by name — with
/// the output page each is published as.
pub fn document_pages(doc: &str) -> Vec<(String, String)> {
    let dir = root().join("content").join(doc);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md" && (!n.starts_with(['_', '.']) || n == "_index.md"))
        .collect();
    let key = |n: &String| -> (u8, u32, String) {
        if n == "_index.md" {
            return (0, 0, n.clone());
        }
        let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
        match digits.parse::<u32>() {
            Ok(k) if n[digits.len()..].starts_with('-') => (1, k, n.clone()),
            _ => (2, 0, n.clone()),
        }
    };
    files.sort_by_key(key);
    files
        .into_iter()
        .map(|n| {
            let stem = n.trim_end_matches(".md");
            let out = if stem == "_index" {
                format!("{doc}/index.html")
            } else {
                let digits = stem.chars().take_while(|c| c.is_ascii_digit()).count();
                let slug = if digits > 0 && stem[digits..].starts_with('-') { &stem[digits + 1..] } else { stem };
                format!("{doc}/{slug}/index.html")
            };
            (format!("content/{doc}/{n}"), out)
        })
        .collect()
}
