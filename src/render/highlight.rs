//! Code highlighting with syntect, into CSS classes the theme styles.
//! The syntax set is loaded on first use only: most pages have no code,
//! and loading it costs more than rendering a page.

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub fn code_block(lang: &str, code: &str) -> String {
    let escaped_lang = crate::html::escape(lang);
    if lang.is_empty() {
        return format!("<pre><code>{}</code></pre>\n", crate::html::escape(code));
    }
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        // Unknown language: plain text, still marked with what was asked.
        return format!("<pre><code class=\"language-{escaped_lang}\">{}</code></pre>\n", crate::html::escape(code));
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
    for line in LinesWithEndings::from(code) {
        if gen.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!(
                "<pre><code class=\"language-{escaped_lang}\">{}</code></pre>\n",
                crate::html::escape(code)
            );
        }
    }
    format!("<pre class=\"code\"><code class=\"language-{escaped_lang}\">{}</code></pre>\n", gen.finalize())
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_and_unknown_languages() {
        let html = super::code_block("rust", "fn main() {}\n");
        assert!(html.contains("hl-"), "{html}");
        let plain = super::code_block("klingon", "<x>\n");
        assert!(plain.contains("&lt;x&gt;") && !plain.contains("hl-"));
    }
}
