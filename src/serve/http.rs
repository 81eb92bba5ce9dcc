//! Answers one request from the output folder, or the status endpoint.

use super::{reload, State};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use tiny_http::{Header, Method, Request, Response, ResponseBox};

pub(crate) const STATUS_PATH: &str = "/__modulepers/status";

/// What a path segment must escape to survive a round trip in a Location.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The folder names of a request, checked to stay inside the output.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SitePath {
    pub segments: Vec<String>,
    pub trailing_slash: bool,
}

/// Percent-decodes once, then refuses anything that could name a file
/// outside the output folder. The status code says why.
pub(crate) fn parse_path(url: &str) -> Result<SitePath, u16> {
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| 400u16)?;
    // Backslashes separate folders on Windows; NUL cuts paths short in C.
    if decoded.contains(['\\', '\0']) {
        return Err(400);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(403),
            // A drive letter or an alternate data stream on Windows.
            s if s.contains(':') => return Err(400),
            s => segments.push(s.to_string()),
        }
    }
    Ok(SitePath { segments, trailing_slash: decoded.ends_with('/') })
}

/// Listens on 127.0.0.1:`port` (0 for any free port). Each accepted
/// connection inherits the listener's send timeout (as sockets do on
/// Linux, the BSDs and Windows), so a write to a client that stopped
/// reading fails after `send_timeout` instead of blocking its thread for
/// good: tiny_http offers no hook to set it per connection.
pub(crate) fn listen(
    port: u16,
    send_timeout: std::time::Duration,
) -> Result<tiny_http::Server, Box<dyn std::error::Error + Send + Sync>> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let timeout = libc::timeval {
            tv_sec: send_timeout.as_secs() as libc::time_t,
            tv_usec: send_timeout.subsec_micros() as libc::suseconds_t,
        };
        // SAFETY: a valid socket and a timeval that outlives the call.
        let set = unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_SNDTIMEO,
                (&timeout as *const libc::timeval).cast(),
                std::mem::size_of::<libc::timeval>() as libc::socklen_t,
            )
        };
        if set != 0 {
            return Err(std::io::Error::last_os_error().into());
        }
    }
    #[cfg(not(unix))]
    let _ = send_timeout;
    tiny_http::Server::from_listener(listener, None)
}

pub(crate) fn handle(request: Request, state: &State) {
    let response = answer(&request, state);
    // The browser may have gone away; there is nobody to tell.
    let _ = request.respond(response);
}

fn answer(request: &Request, state: &State) -> ResponseBox {
    if !local_host(request) {
        return text(403, "This server only answers to 127.0.0.1 and localhost.");
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(405, "Only GET and HEAD are supported.").with_header(header("Allow", "GET, HEAD"));
    }
    let path = match parse_path(request.url()) {
        Ok(p) => p,
        Err(403) => return text(403, "That path leads outside the site."),
        Err(code) => return text(code, "Malformed request path."),
    };
    if path.segments.join("/") == STATUS_PATH[1..] {
        let json = serde_json::to_string(&state.status()).unwrap_or_default();
        return Response::from_string(json)
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"))
            .boxed();
    }
    // Print editions are made when first asked for (see BuildOptions::
    // defer_print), so a rebuild never waits for them.
    let file = path.segments.join("/");
    if file.ends_with(".pdf") {
        if let Some(made) = state.on_request().and_then(|printer| printer.get(&file)) {
            return match made {
                Ok(bytes) => with_common_headers(Response::from_data(bytes.to_vec()).boxed(), "application/pdf"),
                Err(e) => text(500, &format!("The print edition could not be made:\n{e}")),
            };
        }
    }
    // Read before the file: a page from a newer build than its script
    // claims only reloads once more, while the reverse would miss a change.
    let version = state.status().version;
    reply(find(&state.output, &path), state, version)
}

enum Found {
    File(File, PathBuf),
    Redirect(String),
    Missing,
    Forbidden,
    NoSite,
}

fn find(output: &Path, path: &SitePath) -> Found {
    let Ok(output) = std::fs::canonicalize(output) else {
        return Found::NoSite;
    };
    let mut candidate = output.clone();
    candidate.extend(&path.segments);
    if candidate.is_dir() {
        // Pages link relatively, so `/doc` must become `/doc/` in the
        // address bar or its links would resolve one folder too high.
        if !path.trailing_slash && !path.segments.is_empty() {
            let encoded: Vec<String> =
                path.segments.iter().map(|s| utf8_percent_encode(s, SEGMENT).to_string()).collect();
            return Found::Redirect(format!("/{}/", encoded.join("/")));
        }
        candidate.push("index.html");
    }
    // A second guard after parse_path: a symlink in the output must not
    // lead out of it either.
    let Ok(real) = std::fs::canonicalize(&candidate) else {
        return Found::Missing;
    };
    if !real.starts_with(&output) {
        return Found::Forbidden;
    }
    match File::open(&real) {
        Ok(f) if f.metadata().map(|m| m.is_file()).unwrap_or(false) => Found::File(f, real),
        _ => Found::Missing,
    }
}

fn reply(found: Found, state: &State, version: u64) -> ResponseBox {
    match found {
        Found::File(file, path) => file_response(file, &path, version, 200),
        Found::Redirect(to) => Response::empty(302).with_header(header("Location", &to)).boxed(),
        Found::Forbidden => text(403, "That path leads outside the site."),
        Found::Missing => {
            match find(&state.output, &SitePath { segments: vec!["404.html".into()], trailing_slash: false }) {
                Found::File(file, path) => file_response(file, &path, version, 404),
                _ => text(404, "Not found."),
            }
        }
        Found::NoSite => {
            let page = reload::no_site_page(&state.status());
            html(page.into_bytes(), 503)
        }
    }
}

fn file_response(mut file: File, path: &Path, version: u64, status: u16) -> ResponseBox {
    let kind = content_type(path);
    if !kind.starts_with("text/html") {
        return with_common_headers(Response::from_file(file).with_status_code(status).boxed(), kind);
    }
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return text(500, "Cannot read the file.");
    }
    html(reload::inject(bytes, version), status)
}

fn html(bytes: Vec<u8>, status: u16) -> ResponseBox {
    with_common_headers(Response::from_data(bytes).with_status_code(status).boxed(), "text/html; charset=utf-8")
}

fn text(status: u16, message: &str) -> ResponseBox {
    with_common_headers(Response::from_string(message).with_status_code(status).boxed(), "text/plain; charset=utf-8")
}

/// Every rebuild may change any file, so nothing is cached.
fn with_common_headers(response: ResponseBox, content_type: &str) -> ResponseBox {
    response
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn header(name: &str, value: &str) -> Header {
    // Only fails for non-ASCII, and every value here is ASCII.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes("X-Invalid", "1").unwrap())
}

/// A page on another host name that points at 127.0.0.1 (DNS rebinding)
/// could otherwise read this server from a browser.
fn local_host(request: &Request) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true;
    };
    let host = host.value.as_str();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    matches!(name.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "::1")
}

pub(crate) fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(url: &str) -> Vec<String> {
        parse_path(url).unwrap().segments
    }

    #[test]
    fn paths_inside_the_site_are_split_and_decoded() {
        assert!(ok("/").is_empty());
        assert_eq!(ok("/doc/a/?x=1#top"), ["doc", "a"]);
        assert_eq!(ok("/caf%C3%A9/./x.css"), ["café", "x.css"]);
        assert!(parse_path("/doc/").unwrap().trailing_slash);
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for url in ["/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/doc/%2E%2E/%2e%2e/x", "/a/.."] {
            assert_eq!(parse_path(url), Err(403), "{url}");
        }
        for url in ["/..\\site.yaml", "/%5c..%5csite.yaml", "/a%00.html", "/C:/x", "x", "http://evil/", "/%ff"] {
            assert_eq!(parse_path(url), Err(400), "{url}");
        }
        // Decoded once only: a doubly encoded dot is a literal file name.
        assert_eq!(ok("/%252e%252e/x"), ["%2e%2e", "x"]);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("s.SVG")), "image/svg+xml");
        assert_eq!(content_type(Path::new("sitemap.xml")), "application/xml");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
