//! The output folder as a user meets it: Ctrl-C, a killed build, two
//! builds at once, a `serve` beside a `build`, leftovers and a person's own
//! folders beside the output, links where the output or its lock should be,
//! an output inside the sources, and `check`, which must write nothing
//! anywhere.
//!
//! The kills land in the middle of a build of a site large enough to take
//! seconds: the test waits until the build's staging folder fills up.

#![cfg(unix)]

mod common;

use common::{file_list, good_files, run, Site};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The minimal site plus this many long pages.
const LARGE: usize = 800;

fn large_site() -> Site {
    let mut files: Vec<(String, String)> = good_files().into_iter().map(|(p, t)| (p.to_string(), t)).collect();
    let paragraph = "Ervaringsdeskundigen ondersteunen het herstel van cliënten en naasten in de ggz, \
                     omdat herstel een persoonlijk proces is. "
        .repeat(12);
    for i in 0..LARGE {
        let body: String = (1..=6).map(|h| format!("## Kop {h}\n\n{paragraph}\n\n{paragraph}\n\n")).collect();
        files.push((
            format!("content/doc/{:04}-pagina-{i}.md", i + 10),
            format!("---\ntitle: Pagina {i}\n---\n\n{body}"),
        ));
    }
    Site::with_files(&files)
}

fn spawn(site: &Site, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_modulepers"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start modulepers")
}

/// Folders beside the output whose name says they belong to a build.
fn leftovers(site: &Site) -> Vec<PathBuf> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".output.") && p.is_dir())
        .collect()
}

/// Waits until a build's staging folder holds many pages: the build is
/// well under way and far from done.
fn wait_until_mid_build(site: &Site, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it could be interrupted");
        assert!(Instant::now() < deadline, "no staging folder filled up");
        let pages: usize =
            leftovers(site).iter().map(|d| std::fs::read_dir(d.join("doc")).map(|r| r.count()).unwrap_or(0)).sum();
        if pages > 100 {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("wait for modulepers")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().unwrap();
    assert!(ok.success());
}

/// A changed home page, so the next build's output differs from the last.
fn edit_home(site: &Site) {
    site.write("content/_index.md", common::HOME.replace("Welkom.", "Welkom terug."));
}

fn home(site: &Site) -> String {
    site.read("output/index.html")
}

/// Builds, then interrupts a second build of an edited site with `how`
/// in the middle; returns the old file list and the killed run.
fn interrupted(how: &str) -> (Site, Vec<String>, Output) {
    let site = large_site();
    site.build_ok();
    let before = file_list(&site.output());
    assert!(home(&site).contains("Welkom."));
    edit_home(&site);
    let mut child = spawn(&site, &["build", "--quiet"]);
    wait_until_mid_build(&site, &mut child);
    if how == "KILL" {
        child.kill().unwrap();
    } else {
        signal(&child, how);
    }
    let out = finish(child);
    // The previous site, whole and unchanged.
    assert_eq!(file_list(&site.output()), before);
    assert!(home(&site).contains("Welkom."), "the output changed");
    (site, before, out)
}

fn assert_builds_after(site: &Site, files: &[String]) {
    site.build_ok();
    assert!(home(site).contains("Welkom terug."), "the new site is not in place");
    assert_eq!(file_list(&site.output()), files);
    assert_eq!(leftovers(site), Vec::<PathBuf>::new());
}

#[test]
fn ctrl_c_in_the_middle_of_a_build_removes_its_folder() {
    let (site, before, out) = interrupted("INT");
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "Ctrl-C left a folder behind");
    assert_builds_after(&site, &before);
}

#[test]
fn ctrl_c_in_a_first_build_leaves_the_site_folder_as_it_was() {
    let site = large_site();
    let before = common::snapshot(site.root());
    let mut child = spawn(&site, &["build", "--quiet"]);
    wait_until_mid_build(&site, &mut child);
    signal(&child, "INT");
    let out = finish(child);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let entries: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries.len(), 3, "only site.yaml, content/ and themes/: {entries:?}");
    assert_eq!(common::snapshot(site.root()), before);
}

#[test]
fn sigterm_in_the_middle_of_a_build_removes_its_folder() {
    let (site, before, out) = interrupted("TERM");
    assert!(!out.status.success());
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "SIGTERM left a folder behind");
    assert_builds_after(&site, &before);
}

#[test]
fn a_killed_build_does_not_block_the_next() {
    let (site, before, _) = interrupted("KILL");
    // SIGKILL cannot be caught: the staging folder stays, until the next build.
    assert_eq!(leftovers(&site).len(), 1, "the kill did not land mid-build");
    assert_builds_after(&site, &before);
}

#[test]
fn what_killed_builds_left_is_removed_by_its_exact_name() {
    let site = Site::good();
    site.build_ok();
    let marker = "An unfinished build of modulepers; removed by the next build.\n";
    // A staging folder, the previous site of a two-rename swap, and a
    // folder a build was killed in before it marked it.
    site.write(".output.building-Ab12Cd/index.html", "<p>half</p>");
    site.write(".output.building-Ab12Cd/.modulepers-building", marker);
    site.write(".output.building-Xy34Zw-previous/index.html", "<p>oud</p>");
    site.write(".output.building-Xy34Zw-previous/.modulepers-building", marker);
    std::fs::create_dir(site.path(".output.building-Qr56St")).unwrap();
    edit_home(&site);
    assert_builds_after(&site, &file_list(&site.output()));
}

#[test]
fn a_backup_beside_the_output_is_kept() {
    // `mv output .output.old` beside an output modulepers wrote was
    // removed with the leftovers of killed builds; so was any folder
    // whose name began like a staging folder's.
    let site = Site::good();
    site.build_ok();
    std::fs::rename(site.output(), site.path(".output.old")).unwrap();
    site.write(".output.building-mijn/notities.md", "van mij");
    site.write(".output.building-Ab12Cd/index.html", "<p>mijn kopie</p>");
    // The marker of older versions' output folders: a copy of one is a
    // person's too.
    site.write(".output.old/.modulepers-output", "");
    let kept: Vec<_> = [".output.old", ".output.building-mijn", ".output.building-Ab12Cd"]
        .into_iter()
        .map(|d| (d, common::snapshot(&site.path(d))))
        .collect();
    site.build_ok();
    edit_home(&site);
    site.build_ok();
    assert!(home(&site).contains("Welkom terug."));
    for (folder, before) in kept {
        assert!(!before.is_empty());
        assert_eq!(common::snapshot(&site.path(folder)), before, "{folder} changed");
    }
}

#[test]
fn a_folder_that_only_looks_like_a_leftover_is_left_alone() {
    // Not marked, not empty, and beside no output modulepers wrote.
    let site = Site::good();
    site.write(".output.building-mijn/notities.md", "van mij");
    site.build_ok();
    assert_eq!(site.read(".output.building-mijn/notities.md"), "van mij");
}

#[test]
fn a_second_build_of_the_same_folder_is_refused_clearly() {
    let site = large_site();
    let mut first = spawn(&site, &["build", "--quiet"]);
    wait_until_mid_build(&site, &mut first);
    let second = site.build();
    assert_eq!(second.code, Some(1), "{}", second.stderr);
    let expected = format!("error: another build is writing to {}", site.output().display());
    assert!(second.stderr.contains(&expected), "{}", second.stderr);
    assert!(second.stderr.contains("hint:"), "{}", second.stderr);
    let first = finish(first);
    assert!(first.status.success(), "{}", stderr(&first));
    // One whole build: every page, nothing left beside it.
    assert!(site.path(&format!("output/doc/pagina-{}/index.html", LARGE - 1)).is_file());
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new());
    assert!(!site.path("output/.modulepers-output").exists());
}

#[test]
fn serve_holds_its_output_folder_and_takes_output() {
    let site = Site::good();
    let elsewhere = site.path("elders");
    let mut serve = spawn(&site, &["serve", "--quiet", "--port", "0", "--output", elsewhere.to_str().unwrap()]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !elsewhere.join("index.html").is_file() {
        assert!(serve.try_wait().unwrap().is_none(), "serve exited");
        assert!(Instant::now() < deadline, "serve wrote no site to --output");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!site.output().exists(), "serve wrote to <root>/output despite --output");
    let build = site.run(&["build", "--quiet", "--output", elsewhere.to_str().unwrap()]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(build.stderr.contains("another build is writing to"), "{}", build.stderr);
    signal(&serve, "INT");
    let out = finish(serve);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    site.run(&["build", "--quiet", "--output", elsewhere.to_str().unwrap()]).assert_ok();
}

#[test]
fn the_published_site_carries_no_marker() {
    let site = Site::good();
    site.build_ok();
    let hidden: Vec<String> = file_list(&site.output()).into_iter().filter(|f| f.starts_with('.')).collect();
    assert_eq!(hidden, Vec::<String>::new());
    // A rebuild still knows the folder is its own.
    site.write("output/stale.txt", "old");
    site.build_ok();
    assert!(!site.path("output/stale.txt").exists());
}

#[test]
fn build_with_a_missing_root_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let r = run(&[Path::new("build"), Path::new("--root"), &missing]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "something was created");
}

#[test]
fn check_writes_nothing_anywhere() {
    let site = large_site();
    let tmp = tempfile::tempdir().unwrap();
    let before = common::snapshot(site.root());
    let mut child = Command::new(env!("CARGO_BIN_EXE_modulepers"))
        .args(["check", "--quiet", "--root"])
        .arg(site.root())
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Watched while it runs: a temporary folder removed at the end is
    // still a write, and one that a kill would leave behind.
    let mut polls = 0;
    while child.try_wait().unwrap().is_none() {
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "check wrote to the temporary folder");
        assert_eq!(std::fs::read_dir(site.root()).unwrap().count(), 3, "check wrote to the site folder");
        polls += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = finish(child);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(polls > 10, "check ended before it could be watched");
    assert_eq!(common::snapshot(site.root()), before);
}

#[test]
fn a_serve_started_during_a_build_is_refused_clearly() {
    // The reverse of `serve_holds_its_output_folder_and_takes_output`: the
    // build holds the folder, and serve stops at once instead of racing it
    // (a serve that ran would never exit: the timeout would fail the test).
    let site = large_site();
    let mut build = spawn(&site, &["build", "--quiet"]);
    wait_until_mid_build(&site, &mut build);
    let root = site.root().to_str().unwrap().to_string();
    let serve = common::run_timeout(&["serve", "--port", "0", "--root", &root], Duration::from_secs(30));
    assert_eq!(serve.code, Some(1), "{}", serve.stderr);
    let expected = format!("error: another build is writing to {}", site.output().display());
    assert!(serve.stderr.contains(&expected), "{}", serve.stderr);
    assert!(serve.stderr.contains("hint:"), "{}", serve.stderr);
    assert!(!serve.stderr.contains("Serving"), "serve started anyway: {}", serve.stderr);
    let build = finish(build);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(site.path(&format!("output/doc/pagina-{}/index.html", LARGE - 1)).is_file());
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new());
}

/// Pins the whole of stderr; the site's temporary folder differs on every run.
macro_rules! snap_stderr {
    ($run:expr) => {
        insta::with_settings!({ filters => vec![(r"[^\s']*modulepers-test-\w+", "[ROOT]")] }, {
            insta::assert_snapshot!($run.stderr)
        })
    };
}

/// Runs modulepers on `site` with its temporary folder inside the site
/// folder, and checks that it wrote nothing outside the site folder: not
/// in that temporary folder, not beside the site folder.
fn probe(site: &Site, args: &[&str]) -> common::Run {
    let tmp = site.path("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let beside = |site: &Site| -> Vec<String> {
        let name = format!(".{}.", site.root().file_name().unwrap().to_string_lossy());
        std::fs::read_dir(site.root().parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.starts_with(&name))
            .collect()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_modulepers"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("TMPDIR", &tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start modulepers");
    let out = finish_within(child, common::TIMEOUT);
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "modulepers left files in TMPDIR");
    std::fs::remove_dir(&tmp).unwrap();
    assert_eq!(beside(site), Vec::<String>::new(), "modulepers wrote beside the site folder");
    common::Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Waits for `child`, killing it and failing the test after `timeout`.
fn finish_within(mut child: Child, timeout: Duration) -> Output {
    let deadline = Instant::now() + timeout;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("modulepers did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    finish(child)
}

fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn a_lock_record_that_is_a_link_is_refused_and_not_written_through() {
    let site = Site::good();
    site.write("elders/van-mij.txt", "van mij");
    let record = site.path(".output.modulepers");
    symlink(&site.path("elders/van-mij.txt"), &record);
    let before = common::snapshot(site.root());
    let run = probe(&site, &["build", "--quiet"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    snap_stderr!(run);
    assert_eq!(common::snapshot(site.root()), before, "the refused build changed the site folder");
    assert!(is_link(&record));

    // A link to nothing: opening it for the lock would create its target.
    std::fs::remove_file(&record).unwrap();
    symlink(&site.path("elders/nieuw.txt"), &record);
    let run = probe(&site, &["build", "--quiet"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!site.path("elders/nieuw.txt").exists(), "the build created the link's target");
    let serve = probe(&site, &["serve", "--port", "0"]);
    assert_eq!(serve.code, Some(1), "{}", serve.stderr);
    assert!(serve.stderr.contains(".output.modulepers (the lock and record of the output folder) is a symbolic link"));

    // A link put there after a good build.
    std::fs::remove_file(&record).unwrap();
    site.build_ok();
    std::fs::remove_file(&record).unwrap();
    symlink(&site.path("elders/van-mij.txt"), &record);
    edit_home(&site);
    let before = common::snapshot(site.root());
    let run = probe(&site, &["build", "--quiet"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(common::snapshot(site.root()), before, "the refused build changed the site folder");
    assert!(home(&site).contains("Welkom."));
}

#[test]
fn an_output_folder_that_is_a_link_is_refused_and_the_link_kept() {
    // A publisher's link to the web root, built once into the folder
    // itself: the build replaced the link by a folder, and the web root
    // was never updated again.
    let site = Site::good();
    let webroot = site.path("webroot");
    std::fs::create_dir(&webroot).unwrap();
    let public = site.path("public");
    symlink(&webroot, &public);
    let before = common::snapshot(site.root());
    let run = probe(&site, &["build", "--quiet", "--output", public.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    snap_stderr!(run);
    assert!(is_link(&public), "the link was replaced");
    assert_eq!(common::snapshot(site.root()), before, "the refused build changed the site folder");

    // The same for the default output, once the web root holds a site.
    probe(&site, &["build", "--quiet", "--output", webroot.to_str().unwrap()]).assert_ok();
    symlink(&webroot, &site.output());
    let before = common::snapshot(site.root());
    let run = probe(&site, &["build", "--quiet"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    let serve = probe(&site, &["serve", "--port", "0"]);
    assert_eq!(serve.code, Some(1), "{}", serve.stderr);
    assert!(serve.stderr.contains("is a symbolic link"), "{}", serve.stderr);
    assert!(is_link(&site.output()));
    assert_eq!(common::snapshot(site.root()), before);
}

#[test]
fn an_output_folder_inside_the_sources_is_refused() {
    let site = Site::good();
    symlink(&site.path("content"), &site.path("bron"));
    let before = common::snapshot(site.root());
    let run = probe(&site, &["build", "--quiet", "--output", site.path("content/uit").to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    snap_stderr!(run);
    // However the folder is spelt, for build and serve alike.
    for (output, source) in [
        ("themes/modulepers/static/uit", "themes/"),
        ("content", "content/"),
        ("bron/uit", "content/"),
        ("nieuw/../content/uit", "content/"),
    ] {
        let output = site.path(output);
        for command in ["build", "serve"] {
            let mut args = vec![command, "--quiet", "--output", output.to_str().unwrap()];
            if command == "serve" {
                args.extend(["--port", "0"]);
            }
            let run = probe(&site, &args);
            assert_eq!(run.code, Some(1), "{command} --output {}: {}", output.display(), run.stderr);
            let expected = format!("is inside the site's {source} folder");
            assert!(run.stderr.contains(&expected), "{command} --output {}: {}", output.display(), run.stderr);
        }
    }
    assert_eq!(common::snapshot(site.root()), before, "a refused build changed the site folder");
    assert!(!site.path("nieuw").exists());
}
