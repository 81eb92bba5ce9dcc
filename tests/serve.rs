//! `modulepers serve` end to end: a real process on a free port, a small
//! site built with the real theme, and raw HTTP so nothing normalises the
//! request paths on the way.

mod common;

use common::copy_dir;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Only ever in site.yaml's comment, so it can appear in no page.
const SECRET: &str = "config-secret-5e1f";
const STATUS: &str = "/__modulepers/status";
const PAGE: &str = "/doc/a/";

struct Served {
    child: Child,
    port: u16,
    site: tempfile::TempDir,
    /// What serve printed on stdout so far, line by line (with `piped`).
    stdout: Arc<Mutex<Vec<String>>>,
}

/// Killed on drop, so a failed assertion does not leave a server behind.
impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start() -> Served {
        Served::start_with(&[])
    }

    /// Serve with more arguments (`{site}` in one stands for the site's
    /// folder); what it prints on stdout is collected in `stdout`.
    fn start_with(args: &[&str]) -> Served {
        let mut site = fixture();
        // Another test may take the free port between our probe and the
        // server's bind; serve then exits at once and a new port is tried.
        for _ in 0..3 {
            let port = free_port();
            let mut child = Command::new(env!("CARGO_BIN_EXE_modulepers"))
                .args(["serve", "--quiet", "--port", &port.to_string()])
                .args(args.iter().map(|a| a.replace("{site}", &site.path().to_string_lossy())))
                .arg("--root")
                .arg(site.path())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .spawn()
                .expect("start modulepers serve");
            let lines = Arc::new(Mutex::new(Vec::new()));
            if let Some(pipe) = child.stdout.take() {
                let lines = Arc::clone(&lines);
                std::thread::spawn(move || {
                    for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                        lines.lock().unwrap().push(line);
                    }
                });
            }
            let mut served = Served { child, port, site, stdout: lines };
            if served.wait_until_up() {
                return served;
            }
            // Keep the site for the next attempt; the child is reaped here.
            let status = served.child.wait();
            eprintln!("serve on port {} exited at once ({status:?}); trying another port", served.port);
            site = std::mem::replace(&mut served.site, tempfile::tempdir().unwrap());
        }
        panic!("serve exited at once three times");
    }

    /// False when the server exited before answering.
    fn wait_until_up(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let answer = get(self.port, "/");
            if let Some((200, _)) = answer {
                return true;
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not answer GET / with 200 within 20 s; last answer: {answer:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(self.port, path).unwrap_or_else(|| panic!("no answer to GET {path}"))
    }

    fn status(&self) -> (u64, Option<String>) {
        let (code, body) = self.get(STATUS);
        assert_eq!(code, 200, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("status is JSON");
        (json["version"].as_u64().expect("a version"), json["error"].as_str().map(str::to_string))
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.site.path().join(rel), text).unwrap();
    }

    /// Polls until `done` holds; a rebuild takes well under a second, the
    /// margin is for slow CI machines.
    fn wait_for(&self, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !done() {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        (
            "site.yaml",
            format!(
                "# {SECRET}\ntitle: Testsite\nlanguage: nl\nbase_url: https://example.org/test/\ntheme: modulepers\n\
                 audiences:\n  - slug: iedereen\n    name: Iedereen\n    description: Alle lezers.\n\
                 summary_card:\n  document: doc\n  items: []\n"
            ),
        ),
        ("content/_index.md", "---\ntitle: Start\n---\n\nWelkom op de testsite.\n".into()),
        (
            "content/doc/_index.md",
            "---\ntitle: Document\ndocument: {short_title: Doc}\n---\n\nOver dit document.\n".into(),
        ),
        ("content/doc/01-a.md", page_a("Eerste versie.")),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &root.join("themes"));
    dir
}

fn page_a(body: &str) -> String {
    format!("---\ntitle: Pagina A\n---\n\n{body}\n")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.0 GET with the path sent exactly as given. None when the
/// server does not answer (yet).
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    // Long enough to cover the first build, which the first request waits for.
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let code = head.split(' ').nth(1)?.parse().ok()?;
    Some((code, body.to_string()))
}

#[test]
fn pages_carry_the_reload_script_and_follow_edits_and_errors() {
    let served = Served::start();

    let (code, home) = served.get("/");
    assert_eq!(code, 200);
    assert!(home.contains("Welkom op de testsite"), "{home}");
    assert!(home.contains(STATUS) && home.find("<script>") < home.rfind("</body>"), "no reload script before </body>");

    // An edit shows up as a new version and in the page.
    let (before, error) = served.status();
    assert_eq!(error, None);
    served.write("content/doc/01-a.md", &page_a("Eerste versie. Kwikstaartje."));
    served.wait_for("the edit is served", || served.status().0 > before && served.get(PAGE).1.contains("Kwikstaartje"));

    // Broken front matter: the error names the file, the last good page stays.
    let (before, _) = served.status();
    served.write("content/doc/01-a.md", "---\ntitle: [niet gesloten\n---\n\nKapot.\n");
    served.wait_for("the error is reported", || served.status().1.is_some());
    let (after, error) = served.status();
    assert!(after > before);
    assert!(error.as_deref().unwrap().contains("01-a.md"), "{error:?}");
    let (code, page) = served.get(PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Kwikstaartje") && !page.contains("Kapot"), "{page}");

    // Fixing the file clears the error and serves the fix.
    served.write("content/doc/01-a.md", &page_a("Hersteld: Roodborstje."));
    served.wait_for("the error is cleared", || served.status().1.is_none());
    served.wait_for("the fix is served", || served.get(PAGE).1.contains("Roodborstje"));
}

#[test]
fn paths_outside_the_output_folder_are_refused() {
    let served = Served::start();
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/doc/../../site.yaml",
        "/doc/%2e%2e/%2e%2e/site.yaml",
        "/..\\site.yaml",
        "/..%5csite.yaml",
        "/site.yaml%00.html",
    ] {
        let (code, body) = served.get(path);
        assert!(matches!(code, 400 | 403 | 404), "{path}: status {code}");
        assert!(!body.contains(SECRET), "{path} leaked site.yaml");
    }
}

#[test]
fn a_pile_of_nested_blocks_is_an_error_and_serve_keeps_running() {
    // 5,000 nested blocks used to overflow the stack and abort serve.
    let mut served = Served::start();
    let n = 5000;
    served
        .write("content/doc/01-a.md", &page_a(&format!("{}Diep.\n{}", "::: redactie\n".repeat(n), ":::\n".repeat(n))));
    served.wait_for("the error is reported", || served.status().1.is_some());
    let (_, error) = served.status();
    assert!(error.as_deref().unwrap().contains("nest more than 12"), "{error:?}");
    assert!(served.child.try_wait().unwrap().is_none(), "serve exited");
    let (code, page) = served.get(PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Eerste versie."), "the last good page is still served: {page}");
}

/// The output folder is swapped in one step, so a request during a
/// rebuild gets the previous site or the new one, never a gap (before, a
/// sleep-and-retry loop in the server hid the moment with no folder).
#[test]
fn requests_during_rebuilds_are_always_answered_from_a_whole_site() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let served = Served::start();
    let stop = Arc::new(AtomicBool::new(false));
    let port = served.port;
    let poller = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                for path in ["/", PAGE, "/static/style.css"] {
                    answers.push((path, get(port, path).map(|(code, _)| code)));
                }
            }
            answers
        })
    };
    for i in 0..8 {
        let (before, _) = served.status();
        served.write("content/doc/01-a.md", &page_a(&format!("Versie {i}.")));
        served.wait_for("the rebuild", || served.status().0 > before);
    }
    stop.store(true, Ordering::Relaxed);
    let answers = poller.join().unwrap();
    let bad: Vec<_> = answers.iter().filter(|(_, code)| *code != Some(200)).collect();
    assert!(answers.len() > 20, "too few requests to tell: {}", answers.len());
    let first: Vec<_> = bad.iter().take(6).collect();
    assert!(bad.is_empty(), "{} of {} requests were not answered with 200, e.g. {first:?}", bad.len(), answers.len());
}

/// serve does not wait for the print editions: the pages offer them, the
/// output folder has none, and one is made when it is asked for.
#[cfg(feature = "pdf")]
#[test]
fn print_editions_are_made_on_request() {
    let served = Served::start();
    let yaml = std::fs::read_to_string(served.site.path().join("site.yaml")).unwrap();
    let (before, _) = served.status();
    served.write(
        "site.yaml",
        &format!("{}print_editions: true\n", yaml.replace("base_url: https://example.org/test/\n", "")),
    );
    served.wait_for("the rebuild with print editions", || served.status().0 > before);
    let (code, front) = served.get("/doc/");
    assert_eq!(code, 200);
    let pdf = "document.pdf";
    assert!(front.contains(&format!("href=\"../doc/{pdf}\"")), "the front page offers its PDF:\n{front}");
    assert!(!served.site.path().join("output/doc").join(pdf).exists(), "serve wrote the PDF before it was asked for");
    let (code, body) = served.get(&format!("/doc/{pdf}"));
    assert_eq!(code, 200, "{body}");
    assert!(body.starts_with("%PDF-"), "not a PDF: {}", &body[..body.len().min(200)]);
}

#[test]
fn message_format_json_prints_rebuild_errors_as_json_lines() {
    // Like `build --message-format json`: one JSON object per line on
    // stdout, for an editor that runs serve and shows its errors.
    let served = Served::start_with(&["--message-format", "json"]);
    served.write("content/doc/01-a.md", "---\ntitle: [niet gesloten\n---\n\nKapot.\n");
    served.wait_for("the error is printed", || !served.stdout.lock().unwrap().is_empty());
    served.wait_for("the error is reported", || served.status().1.is_some());
    let lines = served.stdout.lock().unwrap().clone();
    for line in &lines {
        let json: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}\n{lines:#?}"));
        assert_eq!(json["level"], "error", "{line}");
    }
    let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["file"], "content/doc/01-a.md", "{lines:#?}");
    assert_eq!(first["span"]["line"], 2, "{lines:#?}");
}

/// The output folder may lie in the site folder beside the sources (an
/// output inside content/ or themes/ is refused): what a build writes
/// there is never a change to rebuild for, or every build would set off
/// the next (55 rebuilds in 8 s, pages reloading all the while).
#[test]
fn an_output_folder_beside_the_sources_does_not_rebuild_itself() {
    let served = Served::start_with(&["--output", "{site}/uit"]);
    let (first, _) = served.status();
    std::thread::sleep(Duration::from_secs(2));
    let (later, _) = served.status();
    assert_eq!(later, first, "serve rebuilt {} times with nothing edited", later - first);
    // An edit is still seen.
    served.write("content/doc/01-a.md", &page_a("Tweede versie."));
    served.wait_for("the rebuild", || served.status().0 > later);
}

/// Clients that ask for a large file and never read it used to hold every
/// worker (six of them left serve unable to answer for 8 s and more).
#[test]
fn clients_that_stop_reading_do_not_starve_the_server() {
    let served = Served::start();
    let big = served.site.path().join("themes/modulepers/static/groot.bin");
    std::fs::write(&big, vec![0u8; 64 << 20]).unwrap();
    let (before, _) = served.status();
    served.wait_for("the rebuild with the large file", || served.status().0 > before);
    let stuck: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
            write!(s, "GET /static/groot.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            s
        })
        .collect();
    // Let the server start on each and fill the sockets' buffers.
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let answered = std::thread::spawn({
        let port = served.port;
        move || get(port, PAGE)
    });
    while !answered.is_finished() {
        assert!(start.elapsed() < Duration::from_secs(3), "no answer within 3 s while six clients stall");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(answered.join().unwrap().map(|(code, _)| code), Some(200));
    drop(stuck);
}
