//! Dutch-aware slugs for heading ids and page addresses.

/// Lower case, accents folded (`ë` → `e`, `ĳ` → `ij`), every run of other
/// characters one `-`. Stable: the same text always gives the same slug, so
/// links written against it keep working.
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("sectie");
    }
    out
}

/// Whether `text` is a slug as `slugify` makes them: lower-case ASCII
/// letters and digits in runs joined by single dashes. Such a value can
/// stand in an address, an anchor and a file name as it is: it has no
/// `/`, `.`, `?`, `#`, `%`, space or control character.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

/// An id (`{#id}` on a block or heading, `id:` in front matter) that is not
/// a slug: ids become addresses (an assignment's sheet is
/// `opdrachten/<id>/`), anchors (`#id`) and links (`@id`), so one rule for
/// all keeps every id safe in each. The caller puts it at the id.
pub fn not_an_id(id: &str, written: impl Fn(&str) -> String) -> Option<crate::diagnostic::Diagnostic> {
    if is_slug(id) {
        return None;
    }
    let good = slugify(id);
    Some(
        crate::diagnostic::Diagnostic::new(format!(
            "the id \"{}\" is not a slug: an id may hold only lower-case letters, digits and dashes",
            id.escape_debug()
        ))
        .label("becomes part of addresses, anchors and @id links")
        .hint(format!("write it as {}", written(&good))),
    )
}

#[cfg(test)]
mod tests {
    use super::{is_slug, slugify};

    #[test]
    fn slugs_have_no_character_that_means_something_in_a_path_or_url() {
        for good in ["a", "opdracht-1", "3-1-1-herstel"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "../x", "a/b", "a..b", "a?b", "a#b", "a%20b", "a b", "A", "a\u{1b}b", "-a", "a-", "a--b", "ë"]
        {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn dutch_headings() {
        assert_eq!(slugify("3.1.1 Herstel en herstelondersteuning"), "3-1-1-herstel-en-herstelondersteuning");
        assert_eq!(slugify("Vrijplaats creëren"), "vrijplaats-creeren");
        assert_eq!(slugify("4. Cliëntenperspectief"), "4-clientenperspectief");
        assert_eq!(slugify("IJsselmeer en ĳs"), "ijsselmeer-en-ijs");
        assert_eq!(slugify("—"), "sectie");
    }
}
