//! Words as the search index and the search page see them: folded to
//! lower case without accents, split on everything that is not a letter or
//! digit, and reduced to a stem so that a plural finds its singular.
//!
//! `static/search.js` carries a line-by-line port of `fold`, `words` and
//! `stem`: the browser stems the query, the build stems the text, and the
//! two must agree. The browser test compares the two on every word of the
//! shipped site (the vocabulary file lists each word with its stem).

/// Dutch function words, left out of the index and of queries: they are in
/// nearly every section and would only slow a search down. Snowball's Dutch
/// list (as in lunr-languages), without "andere": "Andere professionals"
/// is an audience readers search for. The search page gets this list from
/// the manifest, so it cannot drift.
pub const STOP_WORDS: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "ben", "bij", "daar", "dan", "dat", "de", "der", "deze", "die", "dit",
    "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge", "geen", "geweest", "haar", "had", "heb", "hebben",
    "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon",
    "kunnen", "maar", "me", "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu",
    "of", "om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen", "tot", "u",
    "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen", "wie", "wil", "worden",
    "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou",
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Lower case without diacritics: "Cliënten" → "clienten". The browser
/// does the same with NFD and dropping combining marks; this table covers
/// the Latin letters Dutch text uses.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            c => c,
        };
        out.push(plain);
    }
    out
}

/// The words of a text as (byte offset, word as written): maximal runs of
/// letters and digits. Punctuation never belongs to a word, so "zorg." and
/// "‘vrijplaats’" are the words "zorg" and "vrijplaats".
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start: Option<usize> = None;
        while at < bytes.len() {
            // ASCII, most of the text, is told apart byte by byte.
            let (word_char, len) = match bytes[at] {
                b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
                _ => {
                    let c = text[at..].chars().next().expect("at a char boundary");
                    (c.is_alphanumeric(), c.len_utf8())
                }
            };
            match (start, word_char) {
                (None, true) => start = Some(at),
                (Some(s), false) => {
                    let word = (s, &text[s..at]);
                    at += len;
                    return Some(word);
                }
                _ => {}
            }
            at += len;
        }
        start.map(|s| (s, &text[s..]))
    })
}

/// Whether a folded word goes into the index: two characters or more (a
/// lone "s" of "auto's" is no word), any number, and no stop word.
pub fn indexable(folded: &str) -> bool {
    (folded.len() >= 2 || folded.bytes().any(|b| b.is_ascii_digit())) && !is_stop_word(folded)
}

fn vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The stem of a folded word. A light Dutch stemmer, built so that the
/// inflected forms of one word meet: plural -en and -s ("vrijplaatsen",
/// "organisaties" → "vrijplaats", "organisatie"), -e of adjectives,
/// -heden → -heid, with the spelling changes that come with them
/// ("processen" → "proces", "brieven" → "brief", "vragen" and "vraag" →
/// "vrag"). Snowball's Dutch stemmer, used before, takes the -s off
/// "vrijplaats" but not the -en's s off "vrijplaatsen", so a plural missed
/// most of what its singular finds.
pub fn stem(word: &str) -> String {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut s = word.as_bytes().to_vec();
    for _ in 0..3 {
        match strip(&s) {
            Some(t) => s = t,
            None => break,
        }
    }
    // A long vowel before the last consonant is written single in the
    // plural ("vraag", "vragen"), single in some singulars too ("blad",
    // "bladen"): both meet on the single vowel.
    let n = s.len();
    if n >= 4
        && !vowel(s[n - 1])
        && s[n - 2] == s[n - 3]
        && matches!(s[n - 2], b'a' | b'e' | b'o' | b'u')
        && !vowel(s[n - 4])
    {
        s.remove(n - 2);
    }
    String::from_utf8(s).expect("ASCII in, ASCII out")
}

/// Takes one inflection off, or None.
fn strip(s: &[u8]) -> Option<Vec<u8>> {
    let n = s.len();
    if s.ends_with(b"heden") && n - 5 >= 3 {
        let mut t = s[..n - 5].to_vec();
        t.extend_from_slice(b"heid");
        return Some(t);
    }
    if s.ends_with(b"en") && n - 2 >= 3 {
        let before = s[n - 3];
        // "categorieën", "ideeën": folded to "-ieen", "-eeen".
        if !vowel(before) || (before == b'e' && matches!(s[n - 4], b'i' | b'e')) {
            return Some(respell(&s[..n - 2]));
        }
    }
    if s.ends_with(b"s") && n > 3 && matches!(s[n - 2], b'e' | b'l' | b'r' | b'n' | b'm') && s[n - 3] != s[n - 2] {
        return Some(s[..n - 1].to_vec());
    }
    if s.ends_with(b"e") && n > 3 && !vowel(s[n - 2]) {
        return Some(respell(&s[..n - 1]));
    }
    None
}

/// The spelling of a stem once its ending is gone: "cursuss" → "cursus",
/// "briev" → "brief", "huiz" → "huis".
fn respell(t: &[u8]) -> Vec<u8> {
    let mut t = t.to_vec();
    let n = t.len();
    if n >= 2 && t[n - 1] == t[n - 2] && !vowel(t[n - 1]) {
        t.pop();
    }
    match t.last_mut() {
        Some(c @ b'v') => *c = b'f',
        Some(c @ b'z') => *c = b's',
        _ => {}
    }
    t
}

/// The index term of a word as written: folded, then stemmed.
pub fn term(word: &str) -> String {
    stem(&fold(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: &[&str] = &[
        "",
        " ",
        "zorg.",
        "‘vrijplaats’ en cliënten, 12 jaar\u{a0}oud",
        "a\u{2003}b\u{3000}c\td\r\ne\u{b}f\u{c}g",
        "café’s — naïef; ÉÉN",
        "x1y2 😀 z",
        "eind",
    ];

    #[test]
    fn words_are_runs_of_letters_and_digits_whatever_the_script() {
        for text in TRICKY {
            // The definition, char by char.
            let mut want = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                match (start, c.is_alphanumeric()) {
                    (None, true) => start = Some(i),
                    (Some(s), false) => {
                        want.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            assert_eq!(words(text).collect::<Vec<_>>(), want, "{text:?}");
        }
        assert_eq!(words("De cliënt’s zorg").map(|w| w.1).collect::<Vec<_>>(), ["De", "cliënt", "s", "zorg"]);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("het") && is_stop_word("zou") && !is_stop_word("andere"));
    }

    #[test]
    fn plurals_meet_their_singulars() {
        for (a, b) in [
            ("vrijplaats", "vrijplaatsen"),
            ("organisatie", "organisaties"),
            ("opleiding", "opleidingen"),
            ("cliënt", "cliënten"),
            ("ervaringsdeskundige", "ervaringsdeskundigen"),
            ("proces", "processen"),
            ("brief", "brieven"),
            ("huis", "huizen"),
            ("vraag", "vragen"),
            ("blad", "bladen"),
            ("probleem", "problemen"),
            ("mogelijkheid", "mogelijkheden"),
            ("categorie", "categorieën"),
            ("module", "modules"),
            ("tafel", "tafels"),
            ("kaars", "kaarsen"),
            ("ervaringskennis", "ervaringskennissen"),
            ("docent", "docenten"),
            ("leerdoel", "leerdoelen"),
            ("opdrachtblad", "opdrachtbladen"),
        ] {
            assert_eq!(term(a), term(b), "{a} and {b} should share a stem");
        }
    }

    #[test]
    fn different_words_keep_apart() {
        for (a, b) in [("ervaringsdeskundige", "ervaringsdeskundigheid"), ("kern", "kerntaak"), ("regel", "regie")] {
            assert_ne!(term(a), term(b));
        }
        assert_eq!(term("herstel"), "herstel");
        assert_eq!(term("2022"), "2022");
        assert_eq!(term("ggz"), "ggz");
    }

    #[test]
    fn words_leave_punctuation_out() {
        let text = "zorg. ‘vrijplaats’ (POH-ggz), auto's; 3.1.3";
        let ws: Vec<&str> = words(text).map(|(_, w)| w).collect();
        assert_eq!(ws, ["zorg", "vrijplaats", "POH", "ggz", "auto", "s", "3", "1", "3"]);
        let (at, w) = words(text).nth(1).unwrap();
        assert_eq!(&text[at..at + w.len()], "vrijplaats");
        assert_eq!(fold("Cliënten Coöperatie"), "clienten cooperatie");
        assert!(!indexable("s") && indexable("3") && !indexable("de"));
    }
}
