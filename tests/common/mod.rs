//! Shared fixture sites for the integration tests: a temporary site folder
//! with site.yaml, a copy of the real theme and the content files a test
//! gives, plus helpers to run the real binary and compare output folders.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const BASE_URL: &str = "https://example.org/test/";

pub const SITE_YAML: &str = "\
title: Testsite
language: nl
base_url: https://example.org/test/
theme: modulepers
audiences:
  - slug: ervaringsdeskundigen
    name: Ervaringsdeskundigen
    description: Wie de eigen herstelervaring inzet.
  - slug: managers
    name: Managers
    description: Wie teams aanstuurt.
summary_card:
  document: doc
  items:
    - title: Achtergrond
      from: \"@/doc/01-een.md#1-1-achtergrond\"
      take: first-paragraph
";

/// SITE_YAML with print editions on. Without base_url: a placeholder
/// address is refused for print, and the PDFs then carry no web address.
pub fn printed_site_yaml() -> String {
    format!("{}print_editions: true\n", SITE_YAML.replace("base_url: https://example.org/test/\n", ""))
}

pub const HOME: &str = "\
---
title: Start
---

Welkom. Lees [het document](@/doc/_index.md) of begin bij
[de achtergrond](@/doc/01-een.md#1-1-achtergrond).
";

pub const DOC_INDEX: &str = "\
---
title: Het document
document: {short_title: Doc}
---

Over dit document. Begin bij [Een](@/doc/01-een.md).
";

pub const EEN: &str = "\
---
title: Een
number: \"1\"
id: een
description: De eerste pagina.
---

## 1.1 Achtergrond

Tekst met een [externe link](https://example.com/bron) en een link naar
[de opdrachten](@/doc/02-twee.md#2-1-opdrachten).

::: aanbeveling {#aanbeveling-1 doelgroepen=\"ervaringsdeskundigen, managers\"}
Zet ervaringskennis bewust in.
:::

### 1.1.1 Verdieping

Zie [boven](#1-1-achtergrond) en [de opdracht](@opdracht-1).
";

pub const TWEE: &str = "\
---
title: Twee
number: \"2\"
---

## 2.1 Opdrachten

::: opdracht {#opdracht-1 titel=\"Bespreek\" werkvorm=\"subgroepen\" schrijfregels=3}
Bespreek de [aanbeveling](@aanbeveling-1) in groepjes.

::: docent
Let op de tijd.
:::
:::

## 2.2 Bronnen

::: bron {#bron-1}
Auteur (2020). *Titel*. Uitgever.
:::

Terug naar [Een](@een).
";

/// The content files of the minimal valid site.
pub fn good_files() -> Vec<(&'static str, String)> {
    vec![
        ("content/_index.md", HOME.to_string()),
        ("content/doc/_index.md", DOC_INDEX.to_string()),
        ("content/doc/01-een.md", EEN.to_string()),
        ("content/doc/02-twee.md", TWEE.to_string()),
    ]
}

/// A temporary site folder; removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// site.yaml, the real theme and the given files (paths relative to the
    /// site root, e.g. `content/doc/01-een.md`).
    pub fn with_files<P: AsRef<str>, T: AsRef<[u8]>>(files: &[(P, T)]) -> Site {
        Site::with_files_in(&std::env::temp_dir(), files)
    }

    /// `with_files`, with the site folder made inside `parent` (a test that
    /// checks nothing is written beside the site gives it a folder of its
    /// own).
    pub fn with_files_in<P: AsRef<str>, T: AsRef<[u8]>>(parent: &Path, files: &[(P, T)]) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("modulepers-test-")
            .tempdir_in(parent)
            .expect("create a temporary site folder");
        let site = Site { dir };
        site.write("site.yaml", SITE_YAML);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site.root().join("themes"));
        for (path, text) in files {
            site.write(path.as_ref(), text);
        }
        site
    }

    /// The minimal valid site.
    pub fn good() -> Site {
        Site::with_files(&good_files())
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn output(&self) -> PathBuf {
        self.path("output")
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }

    /// Runs the binary with `args` followed by `--root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--root"));
        all.push(self.root().as_os_str());
        run(&all)
    }

    /// `build --quiet --root <site>` (into `<site>/output`).
    pub fn build(&self) -> Run {
        self.run(&["build", "--quiet"])
    }

    /// `check --quiet --root <site>`.
    pub fn check(&self) -> Run {
        self.run(&["check", "--quiet"])
    }

    /// Builds and panics with the diagnostics unless the build succeeded.
    pub fn build_ok(&self) -> Run {
        let r = self.build();
        r.assert_ok();
        r
    }
}

/// A site three folders deep inside a temporary folder of its own, so that
/// a path climbing out of the output (`../../../../x` from
/// `output/opdrachten/`) lands in that folder, where a test sees it, and
/// not somewhere else on the machine.
pub struct Fenced {
    pub around: tempfile::TempDir,
    pub site: Site,
}

impl Fenced {
    pub fn new<P: AsRef<str>, T: AsRef<[u8]>>(files: &[(P, T)]) -> Fenced {
        let around = tempfile::Builder::new().prefix("modulepers-fence-").tempdir().unwrap();
        let deep = around.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        let site = Site::with_files_in(&deep, files);
        Fenced { around, site }
    }

    /// Every path under the fence but the output folder's contents and its
    /// marker: what a build may not change.
    pub fn beside_output(&self) -> Vec<PathBuf> {
        let (output, marker) = (self.site.output(), self.site.path(".output.modulepers"));
        walkdir::WalkDir::new(self.around.path())
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| !p.starts_with(&output) && *p != marker)
            .map(|p| p.strip_prefix(self.around.path()).unwrap().to_path_buf())
            .collect()
    }
}

/// Snapshots the whole of a run's stderr, with the temporary site folder
/// written as [ROOT].
#[macro_export]
macro_rules! snap_stderr {
    ($run:expr) => {
        insta::with_settings!({ filters => vec![(r"\S*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_ok(&self) {
        assert_eq!(self.code, Some(0), "expected success; stderr:\n{}", self.stderr);
    }

    /// Exit status 1 (content errors), with at least one error printed.
    pub fn assert_content_error(&self) {
        assert_eq!(self.code, Some(1), "expected exit status 1; stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        assert!(self.stderr.contains("error: "), "no error printed:\n{}", self.stderr);
    }

    /// The `error:` lines of stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.starts_with("error: ")).collect()
    }
}

/// Longest a single run may take before the test fails as a hang.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the binary with exactly these arguments.
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Run {
    run_timeout(args, TIMEOUT)
}

/// Runs the binary, killing it and failing the test if it takes longer
/// than `timeout` (a hang is a bug too).
pub fn run_timeout<S: AsRef<OsStr>>(args: &[S], timeout: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_modulepers"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run modulepers");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for modulepers") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("modulepers did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// The 1-based line and column (in characters, as editors count) of the
/// first occurrence of `needle` in `text`.
pub fn locate(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, text[line_start..at].chars().count() + 1)
}

/// Every file under `dir` (relative paths) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Every file under `dir`, relative, with `/` separators.
pub fn file_list(dir: &Path) -> Vec<String> {
    snapshot(dir).keys().map(|p| p.to_string_lossy().replace('\\', "/")).collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One diagnostic as printed on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub message: String,
    /// What follows ` --> `: `file`, or `file:line:column`.
    pub location: Option<String>,
    pub hint: Option<String>,
}

/// Splits stderr into its diagnostics.
pub fn printed(stderr: &str) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            out.push(Printed { message: m.to_string(), location: None, hint: None });
        } else if let (Some(l), Some(last)) = (line.trim_start().strip_prefix("--> "), out.last_mut()) {
            // The first location is the error's; later ones are of
            // secondary labels in other files.
            last.location.get_or_insert_with(|| l.to_string());
        } else if let (Some(h), Some(last)) = (line.trim_start().strip_prefix("= hint: "), out.last_mut()) {
            last.hint = Some(h.to_string());
        }
    }
    out
}

/// Six blocks holding four quotes holding two lists: as deep as content
/// may nest.
pub fn twelve_deep() -> String {
    let q = "> ".repeat(4);
    format!("{}{q}Diep.\n{q}\n{q}- a\n{q}  - b\n\n{}", "::: redactie\n".repeat(6), ":::\n".repeat(6))
}
