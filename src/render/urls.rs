//! Relative links between output pages (where each kind of page lives is
//! its kind's, in `kinds`).
//!
//! Every link points at a file (`…/index.html`), never a folder: a folder
//! link opens a directory listing from `file://`, while a file link works
//! from disk and under any sub-path of a web server alike.

/// The file an output URL is written to.
pub fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// The way from page `from` back to the site root: "../../" for "a/b/".
pub fn root(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A link from page `from` to page `to` (both site-relative URLs).
pub fn relative(from: &str, to: &str, anchor: Option<&str>) -> String {
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    if from == to && !anchor.is_empty() {
        return anchor;
    }
    format!("{}{}{anchor}", root(from), file_of(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_files() {
        assert_eq!(relative("a/b/", "c/", None), "../../c/index.html");
        assert_eq!(relative("", "c/", Some("x")), "c/index.html#x");
        assert_eq!(relative("a/", "a/", Some("x")), "#x");
        assert_eq!(relative("a/", "", None), "../index.html");
    }
}
