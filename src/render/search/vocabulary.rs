//! Each spelling's folded form and stem, worked out once per thread rather
//! than once per word: the site's text uses a few thousand spellings
//! millions of times. The strings are shared (`Arc<str>`) with the index,
//! so an entry's words cost no allocation once their spelling is known.

use super::stem;
use crate::render::fast_hash::FastMap;
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// A rayon worker keeps its vocabulary from page to page (and, in
    /// `serve`, from build to build): it is a pure function of the
    /// spellings, and bounded by them.
    static VOCABULARY: RefCell<Vocabulary> = RefCell::new(Vocabulary::default());
}

/// The words of an entry by string: each stem with how often the text uses
/// it, each folded form with its stem and how often, the title's stems.
pub struct Counted {
    /// (stem, times in the text, whether the title has it)
    pub stems: Vec<(Arc<str>, u32, bool)>,
    /// (stem, folded form, times in the text)
    pub forms: Vec<(Arc<str>, Arc<str>, u32)>,
    /// Indexed words in the text.
    pub length: u32,
    /// The title's stems in title order, once each, numbers left out.
    pub title: Vec<Arc<str>>,
}

/// Counts the indexable words of `text` and `title` (see `stem::indexable`).
pub fn count(title: &str, text: &str) -> Counted {
    VOCABULARY.with_borrow_mut(|v| v.count(title, text))
}

#[derive(Default)]
struct Vocabulary {
    /// Spelling as written → its index in `spellings`.
    ids: FastMap<Box<str>, u32>,
    /// Per spelling: (folded form, stem) as indexes into `strings`; None
    /// for a spelling the index leaves out.
    spellings: Vec<Option<(u32, u32)>>,
    /// Folded forms and stems, each string once.
    strings: Vec<Arc<str>>,
    string_ids: FastMap<Arc<str>, u32>,
    /// Per string, while one entry is counted: times as a folded form,
    /// times as a stem, and whether it was seen as either.
    as_form: Vec<u32>,
    as_stem: Vec<u32>,
    seen_form: Vec<bool>,
    seen_stem: Vec<bool>,
}

impl Vocabulary {
    fn spelling(&mut self, word: &str) -> Option<(u32, u32)> {
        if let Some(&id) = self.ids.get(word) {
            return self.spellings[id as usize];
        }
        let folded = stem::fold(word);
        let known = stem::indexable(&folded).then(|| {
            let s = stem::stem(&folded);
            (self.string(folded), self.string(s))
        });
        self.ids.insert(word.into(), self.spellings.len() as u32);
        self.spellings.push(known);
        known
    }

    fn string(&mut self, s: String) -> u32 {
        if let Some(&id) = self.string_ids.get(s.as_str()) {
            return id;
        }
        let id = self.strings.len() as u32;
        let s: Arc<str> = s.into();
        self.strings.push(Arc::clone(&s));
        self.string_ids.insert(s, id);
        self.as_form.push(0);
        self.as_stem.push(0);
        self.seen_form.push(false);
        self.seen_stem.push(false);
        id
    }

    fn count(&mut self, title: &str, text: &str) -> Counted {
        // (folded form, its stem) in the order first seen; stems likewise.
        let mut forms: Vec<(u32, u32)> = Vec::new();
        let mut stems: Vec<u32> = Vec::new();
        let mut length = 0u32;
        for (_, w) in stem::words(text) {
            let Some((f, s)) = self.spelling(w) else { continue };
            length += 1;
            self.see(f, s, 1, &mut forms, &mut stems);
        }
        let mut title_stems: Vec<u32> = Vec::new();
        for (_, w) in stem::words(title) {
            let Some((f, s)) = self.spelling(w) else { continue };
            if !self.strings[f as usize].bytes().all(|b| b.is_ascii_digit()) && !title_stems.contains(&s) {
                title_stems.push(s);
            }
            self.see(f, s, 0, &mut forms, &mut stems);
        }
        let counted = Counted {
            stems: stems
                .iter()
                .map(|&s| (Arc::clone(&self.strings[s as usize]), self.as_stem[s as usize], title_stems.contains(&s)))
                .collect(),
            forms: forms
                .iter()
                .map(|&(f, s)| {
                    (
                        Arc::clone(&self.strings[s as usize]),
                        Arc::clone(&self.strings[f as usize]),
                        self.as_form[f as usize],
                    )
                })
                .collect(),
            length,
            title: title_stems.iter().map(|&s| Arc::clone(&self.strings[s as usize])).collect(),
        };
        for &(f, _) in &forms {
            self.as_form[f as usize] = 0;
            self.seen_form[f as usize] = false;
        }
        for &s in &stems {
            self.as_stem[s as usize] = 0;
            self.seen_stem[s as usize] = false;
        }
        counted
    }

    fn see(&mut self, f: u32, s: u32, times: u32, forms: &mut Vec<(u32, u32)>, stems: &mut Vec<u32>) {
        let (fi, si) = (f as usize, s as usize);
        if !self.seen_form[fi] {
            self.seen_form[fi] = true;
            forms.push((f, s));
        }
        self.as_form[fi] += times;
        if !self.seen_stem[si] {
            self.seen_stem[si] = true;
            stems.push(s);
        }
        self.as_stem[si] += times;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_by_stem_and_by_form_and_the_title_joins_uncounted() {
        let c = count("Vragen 12", "De vraag, twee vragen en Vragen. Het ging om vragen");
        let stems: Vec<(&str, u32, bool)> = c.stems.iter().map(|(s, n, t)| (&**s, *n, *t)).collect();
        assert_eq!(stems, [("vrag", 4, true), ("twee", 1, false), ("ging", 1, false), ("12", 0, false)]);
        let forms: Vec<(&str, &str, u32)> = c.forms.iter().map(|(s, f, n)| (&**s, &**f, *n)).collect();
        assert_eq!(
            forms,
            [("vrag", "vraag", 1), ("twee", "twee", 1), ("vrag", "vragen", 3), ("ging", "ging", 1), ("12", "12", 0)]
        );
        assert_eq!(c.length, 6, "stop words (de, en, het, om) are not counted");
        assert_eq!(c.title.iter().map(|s| &**s).collect::<Vec<_>>(), ["vrag"], "numbers are no title words");
        // The counts start from zero for the next entry.
        assert_eq!(count("", "vraag").stems[0].1, 1);
    }
}
