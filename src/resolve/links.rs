//! What a link destination written by an author means.

use super::model::PageId;
use crate::diagnostic::{Diagnostic, Position};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Where a resolved link leads. Internal targets are pages, not URLs:
/// the URL depends on the page the link is rendered on (a recommendation is
/// shown on its chapter and again on audience pages), so it is only made
/// relative at render time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Target {
    Page { page: PageId, anchor: Option<String> },
    External(String),
}

/// Everything link resolution needs to know about the site.
pub struct LinkTable<'a> {
    pub by_path: &'a BTreeMap<String, PageId>,
    /// Global ids: page ids and block ids, with the page they are on and
    /// the anchor (None for a page id).
    pub ids: &'a super::model::Ids,
    /// Anchors present on each page (heading and block ids).
    pub anchors: &'a super::index::IdVec<PageId, BTreeSet<String>>,
    pub unreadable: &'a BTreeSet<String>,
}

impl LinkTable<'_> {
    /// Resolves `dest` written on page `from`; `None` for a link written
    /// outside any page (site.yaml), where `#anchor` alone names nothing.
    pub fn resolve(&self, dest: &str, from: Option<PageId>, file: &Path, at: Position) -> Result<Target, Diagnostic> {
        let fail = |msg: String, hint: &str| Diagnostic::new(msg).at(file, at).hint(hint.to_string());
        let dest = dest.trim();
        if dest.is_empty() || dest == "#" {
            return Err(fail(
                format!("link to \"{dest}\" leads nowhere"),
                "write the real target (@/path.md#anchor, @id or https://…), or make it plain text",
            ));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            let Some(from) = from else {
                return Err(fail(
                    format!("link to \"{dest}\" names no page"),
                    &format!("write the page too: @/path.md{dest} (relative to content/) or @id{dest}"),
                ));
            };
            return self.anchored(from, Some(anchor), file, at, "this page");
        }
        if let Some(path) = dest.strip_prefix("@/") {
            let (path, anchor) = split_anchor(path);
            let Some(&page) = self.by_path.get(path) else {
                if self.unreadable.contains(path) {
                    // Reported by load; the build fails anyway, so any
                    // stand-in target will do.
                    return Ok(Target::External(String::new()));
                }
                return Err(fail(
                    format!("link to a page that does not exist: @/{path}"),
                    &format!("the path is relative to content/; {}", self.closest_path(path)),
                ));
            };
            return self.anchored(page, anchor, file, at, &format!("@/{path}"));
        }
        if let Some(id) = dest.strip_prefix('@') {
            let (id, anchor) = split_anchor(id);
            let Some(super::model::IdTarget { page, anchor: own }) = self.ids.get(id) else {
                if !self.unreadable.is_empty() {
                    // The id may be defined on a page that failed to load;
                    // its error is already reported, and this one would
                    // only be noise. It is checked again once that is fixed.
                    return Ok(Target::External(String::new()));
                }
                return Err(fail(
                    format!("link to an unknown id: @{id}"),
                    "ids are given as {#id} on blocks or id: in front matter",
                ));
            };
            if anchor.is_some() && own.is_some() {
                return Err(fail(format!("@{id} is a block; it cannot take another #anchor"), "link to @id alone"));
            }
            return self.anchored(*page, anchor.or(own.as_deref()), file, at, &format!("@{id}"));
        }
        if let Some(scheme) = crate::html::forbidden_scheme(dest) {
            return Err(fail(
                format!("{scheme}: links are not allowed"),
                "link to a page (@/path.md, @id) or to an https:// address",
            ));
        }
        if crate::html::is_external(dest) {
            if dest.starts_with("//") {
                return Ok(Target::External(format!("https:{dest}")));
            }
            // `https://` or `mailto:` alone: a link that leads nowhere.
            let rest = dest.split_once(':').map_or("", |(_, r)| r).trim_start_matches('/');
            if rest.is_empty() {
                return Err(fail(
                    format!("link to \"{dest}\" leads nowhere"),
                    "write the whole address after the scheme (https://example.org/…, mailto:name@example.org)",
                ));
            }
            return Ok(Target::External(dest.to_string()));
        }
        Err(fail(
            format!("relative link \"{dest}\" is not checked and would break under another path"),
            "link to content as @/path/to/page.md (relative to content/) or @id",
        ))
    }

    fn anchored(
        &self,
        page: PageId,
        anchor: Option<&str>,
        file: &Path,
        at: Position,
        what: &str,
    ) -> Result<Target, Diagnostic> {
        match anchor {
            None | Some("") => Ok(Target::Page { page, anchor: None }),
            Some(a) if self.anchors[page].contains(a) => Ok(Target::Page { page, anchor: Some(a.to_string()) }),
            Some(a) => {
                let near = closest(a, self.anchors[page].iter().map(String::as_str));
                Err(Diagnostic::new(format!("link to a missing anchor #{a} on {what}")).at(file, at).hint(match near {
                    Some(n) => format!("did you mean #{n}?"),
                    None => "headings get ids from their text; see content/README.md".into(),
                }))
            }
        }
    }

    fn closest_path(&self, path: &str) -> String {
        // A folder, or a page without its `.md`: the page meant is certain.
        let folder_index = format!("{}/_index.md", path.trim_end_matches('/'));
        let with_md = format!("{path}.md");
        if let Some(p) = [folder_index, with_md].into_iter().find(|p| self.by_path.contains_key(p)) {
            return format!("did you mean @/{p}?");
        }
        match closest(path, self.by_path.keys().map(String::as_str)) {
            Some(p) => format!("did you mean @/{p}?"),
            None => "no page has a similar path".into(),
        }
    }
}

fn split_anchor(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (s, None),
    }
}

/// A close match only: a suggestion that shares a prefix but is otherwise
/// unrelated sends the author the wrong way.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    crate::diagnostic::closest(wanted, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two pages: `doc/a.md` (anchors `intro`, `rec-1`) and `doc/b.md`
    /// (anchor `slot`); ids `page-b` (page b) and `rec-1` (a block on a).
    struct Fixture {
        by_path: BTreeMap<String, PageId>,
        ids: crate::resolve::model::Ids,
        anchors: crate::resolve::index::IdVec<PageId, BTreeSet<String>>,
        unreadable: BTreeSet<String>,
    }

    impl Fixture {
        fn new() -> Self {
            let set = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
            Fixture {
                by_path: [("doc/a.md".to_string(), id(0)), ("doc/b.md".to_string(), id(1))].into(),
                ids: [
                    ("page-b".to_string(), crate::resolve::model::IdTarget { page: id(1), anchor: None }),
                    (
                        "rec-1".to_string(),
                        crate::resolve::model::IdTarget { page: id(0), anchor: Some("rec-1".to_string()) },
                    ),
                ]
                .into(),
                anchors: vec![set(&["intro", "rec-1"]), set(&["slot"])].into(),
                unreadable: BTreeSet::new(),
            }
        }

        fn resolve(&self, dest: &str) -> Result<Target, String> {
            let table = LinkTable {
                by_path: &self.by_path,
                ids: &self.ids,
                anchors: &self.anchors,
                unreadable: &self.unreadable,
            };
            table.resolve(dest, Some(id(0)), Path::new("content/doc/a.md"), Position { line: 3, column: 7 }).map_err(
                |d| {
                    assert_eq!(d.position, Some(Position { line: 3, column: 7 }), "errors point at the link");
                    format!("{} | {}", d.message, d.hint.unwrap_or_default())
                },
            )
        }
    }

    fn id(i: usize) -> PageId {
        crate::resolve::Id::from_index(i)
    }

    fn page(page: usize, anchor: Option<&str>) -> Result<Target, String> {
        Ok(Target::Page { page: id(page), anchor: anchor.map(String::from) })
    }

    #[test]
    fn content_paths_with_and_without_anchor() {
        let f = Fixture::new();
        assert_eq!(f.resolve("@/doc/b.md"), page(1, None));
        assert_eq!(f.resolve("@/doc/b.md#slot"), page(1, Some("slot")));
        assert_eq!(f.resolve(" @/doc/b.md# "), page(1, None), "an empty anchor is the page");
        let e = f.resolve("@/doc/b.md#slto").unwrap_err();
        assert!(e.starts_with("link to a missing anchor #slto on @/doc/b.md | did you mean #slot?"), "{e}");
        let e = f.resolve("@/doc/b").unwrap_err();
        assert!(e.ends_with("did you mean @/doc/b.md?"), "{e}");
        let e = f.resolve("@/doc/c.md").unwrap_err();
        assert!(e.starts_with("link to a page that does not exist: @/doc/c.md"), "{e}");
        assert!(e.contains("did you mean @/doc/"), "{e}");
    }

    #[test]
    fn anchors_on_the_same_page() {
        let f = Fixture::new();
        assert_eq!(f.resolve("#intro"), page(0, Some("intro")));
        assert!(f.resolve("#slot").unwrap_err().starts_with("link to a missing anchor #slot on this page"));
    }

    #[test]
    fn an_anchor_alone_outside_a_page_names_nothing() {
        let f = Fixture::new();
        let table = LinkTable { by_path: &f.by_path, ids: &f.ids, anchors: &f.anchors, unreadable: &f.unreadable };
        let e = table.resolve("#intro", None, Path::new("site.yaml"), Position::default()).unwrap_err();
        assert!(e.message.contains("names no page"), "{}", e.message);
        assert_eq!(
            table.resolve("@/doc/a.md#intro", None, Path::new("site.yaml"), Position::default()).ok(),
            page(0, Some("intro")).ok()
        );
    }

    #[test]
    fn global_ids_of_pages_and_blocks() {
        let f = Fixture::new();
        assert_eq!(f.resolve("@page-b"), page(1, None));
        assert_eq!(f.resolve("@page-b#slot"), page(1, Some("slot")));
        assert_eq!(f.resolve("@rec-1"), page(0, Some("rec-1")), "a block id links to its anchor");
        assert!(f.resolve("@rec-1#intro").unwrap_err().contains("is a block; it cannot take another #anchor"));
        assert!(f.resolve("@nope").unwrap_err().starts_with("link to an unknown id: @nope"));
    }

    #[test]
    fn external_and_internal_follow_one_rule() {
        let f = Fixture::new();
        for url in ["https://e.nl/x", "HTTP://E.NL", "mailto:a@b.nl", "tel:+31201234567"] {
            assert_eq!(f.resolve(url), Ok(Target::External(url.into())), "{url}");
        }
        assert_eq!(f.resolve("//e.nl/x"), Ok(Target::External("https://e.nl/x".into())));
        for nowhere in ["https://", "mailto:", "HTTP:/"] {
            assert!(f.resolve(nowhere).unwrap_err().contains("leads nowhere"), "{nowhere}");
        }
        assert!(f.resolve("javascript:alert(1)").unwrap_err().contains("javascript: links are not allowed"));
        // Relative paths and paths with a colon after a slash stay inside
        // the site, where only @/… and @id are checked.
        for url in ["b.md", "../b/index.html", "doc/b:c.html", "/doc/b/"] {
            assert!(f.resolve(url).unwrap_err().starts_with(&format!("relative link \"{url}\"")), "{url}");
        }
        for empty in ["", "#", "  "] {
            assert!(f.resolve(empty).unwrap_err().contains("leads nowhere"), "{empty:?}");
        }
    }
}
