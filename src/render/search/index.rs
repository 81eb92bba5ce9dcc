//! The search index, written as small script files the search page loads
//! one at a time, as a query needs them:
//!
//! - `static/search/manifest.js`: the number of entries, the first stem of
//!   every term shard, the first entry of every text chunk, the stop words;
//! - `static/search/t<n>.js`: term shards, a few tens of KB each, terms in
//!   sorted order: `stem: [word as most often written, entry, score, entry,
//!   score, …]` (entry numbers delta-coded, scores ranked at build time);
//! - `static/search/d<n>.js`: text chunks: the url, title, page title,
//!   document and text of consecutive entries, for the results shown;
//! - `static/search/words.js`: every word with its stem and how many entries
//!   have it, loaded only to suggest a word when a query finds nothing.
//!
//! Each file is a script calling `__modulepersIndex(name, data)`: a page
//! opened from file:// may load scripts, where fetch() of JSON is refused.
//! A query on the 10,000-page benchmark corpus loads the manifest, one
//! shard per word and the chunks of the first results: well under 2 MB of
//! an index of tens of MB (bench/run.sh measures it).

use super::{stem, vocabulary};
use crate::render::fast_hash::{FastMap, FastSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// Target size of a term shard and of a text chunk, in bytes. Smaller
/// files mean less loaded per query and more files written.
const SHARD_BYTES: usize = 48 * 1024;
const CHUNK_BYTES: usize = 32 * 1024;
/// BM25's parameters, the usual ones.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word in the title of a section, a page or a glossary term counts this
/// many times the best a word in the text can score, divided by the
/// title's length: a short title that is the query comes first.
const TITLE: f64 = 2.0;

/// What the search page shows of an entry besides its text.
pub struct EntryMeta<'a> {
    /// From the site root, with #anchor.
    pub url: String,
    pub title: &'a str,
    pub page_title: &'a str,
    pub document: Option<&'a str>,
}

/// The words of one entry, stemmed and counted: the costly part of
/// indexing, done page by page in parallel while the pages are rendered.
pub struct Words {
    /// (stem, times in the text, weight in the title).
    terms: Vec<(Arc<str>, u16, u8)>,
    /// (stem, word as written and folded, times).
    forms: Vec<(Arc<str>, Arc<str>, u32)>,
    /// Indexed words in the text.
    length: u32,
    /// The title's stems, numbers left out.
    title: Vec<Arc<str>>,
    /// Whether the entry is a whole page (its top), not a section.
    page: bool,
}

impl Words {
    /// `page`: the entry is the top of a page. A page whose title names
    /// what the reader asks for is where they want to land, before a
    /// section with the same title elsewhere.
    pub fn of(title: &str, text: &str, page: bool) -> Words {
        let counted = vocabulary::count(title, text);
        let terms = counted
            .stems
            .into_iter()
            .map(|(s, n, in_title)| {
                let w = match (in_title, page) {
                    (false, _) => 0,
                    (true, false) => 4,
                    (true, true) => 5,
                };
                (s, n.min(u16::MAX as u32) as u16, w)
            })
            .collect();
        Words { terms, forms: counted.forms, length: counted.length, title: counted.title, page }
    }
}

/// (entry, times in its text, weight in its title).
type Posting = (u32, u16, u8);

/// An entry as a text chunk holds it: `[url, title, page title, document,
/// text]`.
pub fn row(meta: &EntryMeta, text: &str) -> String {
    // A tuple serialises as the same JSON array as `json!` builds, without
    // building a `Value` first.
    serde_json::to_string(&(&meta.url, meta.title, meta.page_title, meta.document, text)).expect("strings serialise")
}

/// The index's strings (stems and folded words), each numbered once. The
/// vocabulary of each thread hands out one `Arc` per string, so nearly
/// every lookup hashes an address instead of the text; the `Arc`s are kept
/// so that no address is reused while the numbers are in use.
#[derive(Default)]
struct Strings {
    by_address: FastMap<usize, u32>,
    kept: Vec<Arc<str>>,
    by_text: FastMap<Arc<str>, u32>,
    texts: Vec<Arc<str>>,
}

impl Strings {
    fn id(&mut self, s: &Arc<str>) -> u32 {
        let address = Arc::as_ptr(s) as *const u8 as usize;
        if let Some(&id) = self.by_address.get(&address) {
            return id;
        }
        let id = self.id_of_text(s);
        self.by_address.insert(address, id);
        self.kept.push(Arc::clone(s));
        id
    }

    fn id_of_text(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.by_text.get(s) {
            return id;
        }
        let id = self.texts.len() as u32;
        let s: Arc<str> = s.into();
        self.texts.push(Arc::clone(&s));
        self.by_text.insert(s, id);
        id
    }

    fn text(&self, id: u32) -> &str {
        &self.texts[id as usize]
    }
}

/// `list[i]`, made to exist.
fn at<T: Default>(list: &mut Vec<T>, i: u32) -> &mut T {
    let i = i as usize;
    if list.len() <= i {
        list.resize_with(i + 1, T::default);
    }
    &mut list[i]
}

#[derive(Default)]
pub struct IndexBuilder {
    strings: Strings,
    /// stem → (entry, term frequency in the text, weight in the title:
    /// 4 as a word, 3 as part of a compound, 5 either way in a page's
    /// title, 0 not); empty for a string that is no stem
    postings: Vec<Vec<Posting>>,
    /// stem → (word as written (folded), count)
    written: Vec<Vec<(u32, u32)>>,
    /// Per entry: words in its text, and its title's indexable words.
    lengths: Vec<u32>,
    titles: Vec<Vec<u32>>,
    pages: Vec<bool>,
    /// The first entry of every text chunk filled so far, the filled
    /// chunks not yet taken (`ready`), and the one being filled.
    chunk_starts: Vec<u32>,
    chunks: Vec<(usize, String)>,
    chunk: String,
    chunk_start: u32,
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one entry; entries are numbered in the order they are added.
    /// `row`: the entry as the search page shows it, from `row`.
    pub fn add(&mut self, row: &str, words: Words) {
        let id = self.lengths.len() as u32;
        for (s, folded, n) in &words.forms {
            let (s, folded) = (self.strings.id(s), self.strings.id(folded));
            let forms = at(&mut self.written, s);
            match forms.iter_mut().find(|(f, _)| *f == folded) {
                Some((_, count)) => *count += n,
                None => forms.push((folded, *n)),
            }
        }
        for (s, n, in_title) in &words.terms {
            let s = self.strings.id(s);
            at(&mut self.postings, s).push((id, *n, *in_title));
        }
        self.lengths.push(words.length);
        let title = words.title.iter().map(|s| self.strings.id(s)).collect();
        self.titles.push(title);
        self.pages.push(words.page);

        if !self.chunk.is_empty() {
            self.chunk.push(',');
        }
        self.chunk.push_str(row);
        if self.chunk.len() >= CHUNK_BYTES {
            self.flush_chunk();
        }
    }

    /// The text chunks filled since the last call, as files: they are
    /// final once full, so the text need not wait for the end in memory.
    pub fn ready(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.chunks)
            .into_iter()
            .map(|(i, body)| script(&format!("d{i}"), &format!("[{body}]")))
            .collect()
    }

    fn flush_chunk(&mut self) {
        let next = self.lengths.len() as u32;
        if next > self.chunk_start {
            let body = std::mem::take(&mut self.chunk);
            self.chunks.push((self.chunk_starts.len(), body));
            self.chunk_starts.push(self.chunk_start);
            self.chunk_start = next;
        }
    }

    /// The index files, each handed to `emit` as soon as it is made, so
    /// that no more than one waits in memory: (path from the site root,
    /// content).
    pub fn finish(mut self, emit: &mut dyn FnMut(String, String)) {
        let mut emit = |(path, body): (String, String)| emit(path, body);
        self.flush_chunk();
        let n = self.lengths.len().max(1) as f64;
        let avg = (self.lengths.iter().map(|&l| l as f64).sum::<f64>() / n).max(1.0);
        self.add_title_compounds();

        let strings = &self.strings;
        let mut terms: Vec<(u32, Vec<Posting>)> = std::mem::take(&mut self.postings)
            .into_iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(s, list)| (s as u32, list))
            .collect();
        terms.sort_unstable_by(|a, b| strings.text(a.0).cmp(strings.text(b.0)));
        let no_forms = Vec::new();
        // Each term's row (its postings ranked) and its part of the word
        // list, made in parallel: the one step of the index that does not
        // overlap the rendering of pages.
        let this = &self;
        let rows: Vec<(u32, String, String)> = terms
            .into_par_iter()
            .map(|(id_of_s, mut list)| {
                let s = strings.text(id_of_s);
                let forms = this.written.get(id_of_s as usize).unwrap_or(&no_forms);
                list.sort_unstable_by_key(|p| p.0);
                let df = list.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                let written = most_written(forms, strings).unwrap_or(s);
                let mut row = format!("{}:[{}", json_str(s), json_str(written));
                let mut last = 0u32;
                for (id, tf, in_title) in list.iter().copied() {
                    let len = this.lengths[id as usize] as f64;
                    let tf = tf as f64;
                    let mut score =
                        if tf > 0.0 { idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg)) } else { 0.0 };
                    if in_title > 0 {
                        let words = this.titles[id as usize].len().max(1) as f64;
                        score += idf * TITLE * (K1 + 1.0) / words * in_title as f64 / 4.0;
                    }
                    let score = ((score * 100.0).round() as u64).max(1);
                    let _ = write!(row, ",{},{}", id - last, score);
                    last = id;
                }
                row.push(']');
                let mut words = String::new();
                if !s.bytes().any(|b| b.is_ascii_digit()) {
                    let mut forms: Vec<&str> = forms.iter().map(|&(f, _)| strings.text(f)).collect();
                    forms.sort_unstable();
                    for f in forms {
                        let _ = write!(
                            words,
                            "{}{},{},{}",
                            if words.is_empty() { "" } else { "," },
                            json_str(f),
                            json_str(s),
                            list.len()
                        );
                    }
                }
                (id_of_s, row, words)
            })
            .collect();
        let mut shard_firsts: Vec<String> = Vec::new();
        let mut shard = String::new();
        let mut words = String::new();
        for (id_of_s, row, term_words) in rows {
            let s = strings.text(id_of_s);
            if !shard.is_empty() && shard.len() + row.len() > SHARD_BYTES {
                emit(script(&format!("t{}", shard_firsts.len() - 1), &format!("{{{shard}}}")));
                shard.clear();
            }
            if shard.is_empty() {
                shard_firsts.push(s.to_string());
            } else {
                shard.push(',');
            }
            shard.push_str(&row);
            if !term_words.is_empty() {
                if !words.is_empty() {
                    words.push(',');
                }
                words.push_str(&term_words);
            }
        }
        if !shard.is_empty() {
            emit(script(&format!("t{}", shard_firsts.len() - 1), &format!("{{{shard}}}")));
        }
        self.ready().into_iter().for_each(&mut emit);
        emit(script("words", &format!("[{words}]")));
        let manifest = serde_json::json!({
            "entries": self.lengths.len(),
            "shards": shard_firsts,
            "chunks": self.chunk_starts,
            "stop": stem::STOP_WORDS,
        });
        emit(script("manifest", &manifest.to_string()));
    }

    /// A title word that is a compound of words found elsewhere counts for
    /// its parts too, at three quarters of the weight: "Toegankelijkheidsverklaring" is the
    /// page a reader wants for "toegankelijkheid".
    fn add_title_compounds(&mut self) {
        let strings = &self.strings;
        let known: FastSet<&str> =
            self.written.iter().flatten().map(|&(f, _)| strings.text(f)).filter(|w| w.len() >= 5).collect();
        let mut extra: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
        for (id, title) in self.titles.iter().enumerate() {
            for &word in title {
                let Some(forms) = self.written.get(word as usize) else { continue };
                let forms = forms.iter().map(|&(f, _)| strings.text(f));
                for form in forms.filter(|f| f.len() >= 10 && f.is_ascii()) {
                    for cut in 5..=form.len() - 5 {
                        for part in [&form[..cut], &form[cut..], form[cut..].strip_prefix('s').unwrap_or("")] {
                            if known.contains(part) {
                                let s = stem::stem(part);
                                if !title.iter().any(|&t| strings.text(t) == s) {
                                    let w = if self.pages[id] { 5 } else { 3 };
                                    extra.entry(s).or_default().push((id as u32, w));
                                }
                            }
                        }
                    }
                }
            }
        }
        for (s, ids) in extra {
            let s = self.strings.id_of_text(&s);
            let list = at(&mut self.postings, s);
            for (id, w) in ids {
                match list.iter_mut().find(|p| p.0 == id) {
                    Some(p) => p.2 = p.2.max(w),
                    None => list.push((id, 0, w)),
                }
            }
        }
    }
}

/// The form of a stem written most often (the first in sorting order of
/// those written equally often).
fn most_written<'s>(forms: &[(u32, u32)], strings: &'s Strings) -> Option<&'s str> {
    forms
        .iter()
        .map(|&(f, n)| (strings.text(f), n))
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(w, _)| w)
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn script(name: &str, data: &str) -> (String, String) {
    (format!("static/search/{name}.js"), format!("__modulepersIndex({},{data});\n", json_str(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(entries: &[(&str, &str)]) -> std::collections::HashMap<String, String> {
        let mut b = IndexBuilder::new();
        for (i, (title, text)) in entries.iter().enumerate() {
            let meta = EntryMeta { url: format!("p{i}/index.html"), title, page_title: "P", document: None };
            b.add(&row(&meta, text), Words::of(title, text, false));
        }
        let mut files = std::collections::HashMap::new();
        b.finish(&mut |path, body| {
            files.insert(path, body);
        });
        files
    }

    /// stem → [(entry, score)] from the shards.
    fn postings(files: &std::collections::HashMap<String, String>) -> BTreeMap<String, Vec<(u64, u64)>> {
        let mut out = BTreeMap::new();
        for (path, body) in files.iter().filter(|(p, _)| p.starts_with("static/search/t")) {
            let json = body.split_once(',').unwrap().1.trim_end().trim_end_matches(");");
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).expect(path);
            for (stem, v) in map {
                let a = v.as_array().unwrap();
                let mut id = 0;
                let list = a[1..].chunks(2).map(|p| {
                    id += p[0].as_u64().unwrap();
                    (id, p[1].as_u64().unwrap())
                });
                out.insert(stem, list.collect());
            }
        }
        out
    }

    #[test]
    fn plurals_and_singulars_share_postings() {
        let files =
            build(&[("A", "Een vrijplaats."), ("B", "Twee vrijplaatsen en organisaties."), ("C", "De organisatie.")]);
        let p = postings(&files);
        assert_eq!(p["vrijplaats"].iter().map(|x| x.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(p["organisatie"].iter().map(|x| x.0).collect::<Vec<_>>(), [1, 2]);
        assert!(!p.contains_key("de") && !p.contains_key("een"), "stop words are not indexed");
    }

    #[test]
    fn a_title_match_outranks_text_and_compounds_count_for_their_parts() {
        let files = build(&[
            ("Iets anders", "toegankelijkheid toegankelijkheid toegankelijkheid van de site"),
            ("Toegankelijkheidsverklaring", "Over deze site."),
            ("Toegankelijkheid", "Kort."),
        ]);
        let p = postings(&files);
        let score = |id| p["toegankelijkheid"].iter().find(|x| x.0 == id).map(|x| x.1).unwrap_or(0);
        assert!(score(2) > score(1) && score(1) > score(0), "{:?}", p["toegankelijkheid"]);
    }

    #[test]
    fn shards_and_chunks_are_found_through_the_manifest() {
        let text: String = (0..3000).map(|i| format!("woord{} ", i % 700)).collect();
        let files = build(&vec![("Titel", text.as_str()); 40]);
        let manifest = &files["static/search/manifest.js"];
        let json: serde_json::Value =
            serde_json::from_str(manifest.split_once(',').unwrap().1.trim_end().trim_end_matches(");")).unwrap();
        let shards = json["shards"].as_array().unwrap();
        let chunks = json["chunks"].as_array().unwrap();
        assert!(shards.len() > 1 && chunks.len() > 1, "{} shards, {} chunks", shards.len(), chunks.len());
        for (i, first) in shards.iter().enumerate() {
            let body = &files[&format!("static/search/t{i}.js")];
            assert!(body.len() < SHARD_BYTES + 1024, "shard {i} is {} bytes", body.len());
            assert!(body.contains(&format!("{first}:")), "shard {i} starts with {first}");
        }
        assert_eq!(chunks[0], 0);
        assert_eq!(json["entries"], 40);
        assert!(files["static/search/words.js"].contains("\"titel\",\"titel\",40"));
    }
}
