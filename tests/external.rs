//! `check --external` against a server this test starts on 127.0.0.1: a
//! live address, a 404, redirects, one that never answers, one that
//! refuses HEAD. The fixture site links nowhere else, and the test checks
//! that only those addresses were asked: no test sends traffic elsewhere.

#![cfg(feature = "external")]

mod common;

use common::{good_files, Run, Site};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Requests seen, as "METHOD /path".
type Log = Arc<Mutex<Vec<String>>>;

struct Server {
    port: u16,
    log: Log,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Log = Arc::default();
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, port, &seen));
            }
        });
        Server { port, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests since the last call.
    fn take(&self) -> Vec<String> {
        let mut log = std::mem::take(&mut *self.log.lock().unwrap());
        log.sort();
        log
    }
}

fn answer(stream: TcpStream, port: u16, log: &Log) {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_or(true, |n| n == 0) || line == "\r\n" {
            break;
        }
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    log.lock().unwrap().push(format!("{method} {path}"));
    let head = match (method.as_str(), path.as_str()) {
        (_, "/leeft") => "200 OK".to_string(),
        (_, "/weg") => "404 Not Found".to_string(),
        (_, "/oud") => "301 Moved Permanently\r\nLocation: /leeft".to_string(),
        (_, "/tijdelijk") => format!("302 Found\r\nLocation: http://127.0.0.1:{port}/nieuw"),
        (_, "/nieuw") => "200 OK".to_string(),
        ("HEAD", "/geen-head") => "405 Method Not Allowed".to_string(),
        ("GET", "/geen-head") => "200 OK".to_string(),
        (_, "/traag") => {
            // Longer than the check's timeout; then the connection closes.
            std::thread::sleep(Duration::from_secs(4));
            return;
        }
        _ => "500 Internal Server Error".to_string(),
    };
    let mut stream = reader.into_inner();
    let _ = write!(stream, "HTTP/1.1 {head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

/// The minimal site with every external link pointing at `server`.
fn site_linking(server: &Server) -> Site {
    let mut files: Vec<(String, String)> = good_files().into_iter().map(|(p, t)| (p.to_string(), t)).collect();
    for (_, text) in &mut files {
        *text = text.replace("https://example.com/bron", &server.url("/leeft#deel"));
    }
    files.push((
        "content/doc/03-drie.md".into(),
        format!(
            "---\ntitle: Drie\nnumber: \"3\"\n---\n\n## 3.1 Bronnen\n\nZie [de bron]({}) en [de oude bron]({}).\n\n\
             Ook [weg]({}), [traag]({}) en [zonder HEAD]({}).\n\n[Weer weg]({}), [mail](mailto:info@example.org).\n",
            server.url("/leeft"),
            server.url("/oud"),
            server.url("/weg"),
            server.url("/traag"),
            server.url("/geen-head"),
            server.url("/weg"),
        ),
    ));
    files.push((
        "content/doc/04-vier.md".into(),
        format!(
            "---\ntitle: Vier\nnumber: \"4\"\n---\n\n## 4.1 Elders\n\nNog eens [weg]({}) en [tijdelijk]({}).\n",
            server.url("/weg"),
            server.url("/tijdelijk")
        ),
    ));
    let site = Site::with_files(&files);
    assert!(
        !site.path("content/doc/01-een.md").exists() || !site.read("content/doc/01-een.md").contains("example.com")
    );
    site
}

/// Runs modulepers on `site` with its cache, home and temporary folder
/// inside the site folder and no proxy: nothing leaves 127.0.0.1.
fn run(site: &Site, args: &[&str]) -> Run {
    for d in ["cache", "home", "tmp"] {
        std::fs::create_dir_all(site.path(d)).unwrap();
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_modulepers"));
    command.args(args).arg("--root").arg(site.root());
    for var in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
        command.env_remove(var);
    }
    let out = command
        .env("XDG_CACHE_HOME", site.path("cache"))
        .env("HOME", site.path("home"))
        .env("TMPDIR", site.path("tmp"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(std::fs::read_dir(site.path("tmp")).unwrap().count(), 0, "files left in TMPDIR");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn check_external(site: &Site) -> Run {
    run(site, &["check", "--external", "--timeout", "1"])
}

#[test]
fn every_dead_address_is_reported_at_every_line_that_links_it() {
    let server = Server::start();
    let site = site_linking(&server);
    let run = check_external(&site);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::with_settings!({ filters => vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r"in \d+ ms", "in [TIME] ms"),
    ] }, {
        insta::assert_snapshot!(run.stderr)
    });
    // Each address once however often it is linked, its fragment not
    // sent; GET only where HEAD was refused; each redirect followed.
    let asked = server.take();
    let expected = [
        "GET /geen-head",
        "HEAD /geen-head",
        "HEAD /leeft",
        "HEAD /leeft",
        "HEAD /nieuw",
        "HEAD /oud",
        "HEAD /tijdelijk",
        "HEAD /traag",
        "HEAD /weg",
    ];
    assert_eq!(asked, expected);
}

#[test]
fn a_rerun_within_a_day_asks_only_what_had_no_answer() {
    let server = Server::start();
    let site = site_linking(&server);
    let first = check_external(&site);
    assert_eq!(first.code, Some(1), "{}", first.stderr);
    server.take();
    let again = check_external(&site);
    assert_eq!(again.code, Some(1), "{}", again.stderr);
    // The timeout may pass: asked again. Every real answer, the 404 too, is kept.
    assert_eq!(server.take(), ["HEAD /traag"]);
    assert!(again.stderr.contains("(5 answered from the cache of the last day)"), "{}", again.stderr);
    assert_eq!(first.errors(), again.errors());
    // The cache is where the user's cache folder is, and nowhere in the site.
    assert!(site.path("cache/modulepers/external-links.json").is_file());
}

#[test]
fn a_site_whose_addresses_answer_passes_and_names_the_moved_ones() {
    let server = Server::start();
    let mut files: Vec<(String, String)> = good_files().into_iter().map(|(p, t)| (p.to_string(), t)).collect();
    for (_, text) in &mut files {
        *text = text.replace("https://example.com/bron", &server.url("/oud"));
    }
    let site = Site::with_files(&files);
    let run = check_external(&site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let url = server.url("/oud");
    let moved =
        format!("moved permanently (301): {url} -> {}\n   linked from content/doc/01-een.md:", server.url("/leeft"));
    assert!(run.stderr.contains(&moved), "{}", run.stderr);
    assert!(run.stderr.contains("checked 1 external address: 0 live, 1 moved, 0 dead"), "{}", run.stderr);
}

#[test]
fn check_and_build_ask_nothing_unless_asked() {
    let server = Server::start();
    let site = site_linking(&server);
    run(&site, &["check", "--quiet"]).assert_ok();
    run(&site, &["build", "--quiet"]).assert_ok();
    assert_eq!(server.take(), Vec::<String>::new());
    assert_eq!(std::fs::read_dir(site.path("cache")).unwrap().count(), 0, "a cache without --external");
}
