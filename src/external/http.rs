//! The requests themselves: a bounded number at once, each with its own
//! timeout, HEAD first and GET where a server refuses HEAD, redirects
//! followed one by one so that each is seen.

use super::{Answer, Options};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Longer chains are a loop or a trap.
const MAX_REDIRECTS: usize = 10;

pub fn ask_all(urls: &[&str], options: &Options) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        // Followed here, so that every redirect is known and reported.
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("modulepers/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let answers: Mutex<Vec<Option<Answer>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|s| {
        for _ in 0..options.concurrency.clamp(1, urls.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let answer = follow(&agent, url, options);
                answers.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(answer);
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|a| a.expect("every address asked"))
        .collect()
}

fn follow(agent: &ureq::Agent, url: &str, options: &Options) -> Answer {
    let mut at = url.to_string();
    let mut first_redirect = None;
    for _ in 0..=MAX_REDIRECTS {
        let (status, location) = match ask(agent, &at) {
            Ok(answer) => answer,
            Err(e) => return Answer::Dead { status: None, reason: describe(&e, options) },
        };
        match (status.as_u16(), location) {
            (200..=299, _) => {
                return match first_redirect {
                    None => Answer::Live,
                    Some(status) => Answer::Moved { to: at, status },
                }
            }
            (code @ 300..=399, Some(location)) => {
                first_redirect.get_or_insert(code);
                at = join(&at, &location);
            }
            (code, _) => {
                let reason = status.canonical_reason().map(|r| format!("{code} {r}")).unwrap_or(code.to_string());
                return Answer::Dead { status: Some(code), reason };
            }
        }
    }
    Answer::Dead { status: None, reason: format!("more than {MAX_REDIRECTS} redirects") }
}

/// HEAD, which asks for no page; GET where the server does not know HEAD.
fn ask(agent: &ureq::Agent, url: &str) -> Result<(ureq::http::StatusCode, Option<String>), ureq::Error> {
    let mut response = agent.head(url).call()?;
    if matches!(response.status().as_u16(), 405 | 501) {
        // The page itself is not read: the status line says enough.
        response = agent.get(url).call()?;
    }
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    Ok((response.status(), location))
}

fn describe(e: &ureq::Error, options: &Options) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within {} s", options.timeout.as_secs_f32()),
        ureq::Error::HostNotFound => "the host was not found".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        e => e.to_string(),
    }
}

/// A `Location` read against the address that gave it.
fn join(base: &str, location: &str) -> String {
    if crate::html::scheme(location).is_some() {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = &rest[authority.len()..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{scheme}://{authority}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn a_location_is_read_against_the_address_that_gave_it() {
        let base = "https://e.nl/a/b?q=1";
        assert_eq!(join(base, "https://f.nl/x"), "https://f.nl/x");
        assert_eq!(join(base, "//f.nl/x"), "https://f.nl/x");
        assert_eq!(join(base, "/x"), "https://e.nl/x");
        assert_eq!(join(base, "c"), "https://e.nl/a/c");
        assert_eq!(join("http://e.nl", "c"), "http://e.nl/c");
    }
}
