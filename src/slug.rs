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

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn dutch_headings() {
        assert_eq!(slugify("3.1.1 Herstel en herstelondersteuning"), "3-1-1-herstel-en-herstelondersteuning");
        assert_eq!(slugify("Vrijplaats creëren"), "vrijplaats-creeren");
        assert_eq!(slugify("4. Cliëntenperspectief"), "4-clientenperspectief");
        assert_eq!(slugify("IJsselmeer en ĳs"), "ijsselmeer-en-ijs");
        assert_eq!(slugify("—"), "sectie");
    }
}
