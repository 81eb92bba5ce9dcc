//! The structured blocks (`::: kind {attrs}` … `:::`) and their typed
//! attributes. Each kind says which attributes it takes, so a typo in an
//! attribute is an error rather than a silently missing recommendation.

use crate::diagnostic::{Diagnostic, Position};
use std::path::Path;

/// A block's kind with the attributes that kind carries.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Aanbeveling {
        /// Audience slugs with their positions, checked in resolve against
        /// site.yaml.
        doelgroepen: Vec<(String, Position)>,
        kern: bool,
        samenvat: Vec<(String, Position)>,
    },
    Opdracht {
        titel: String,
        werkvorm: Option<String>,
        schrijfregels: u32,
    },
    Docent,
    Voorbeeld {
        titel: String,
    },
    Bron {
        label: String,
    },
    Figuur {
        titel: String,
        redactioneel: bool,
    },
    Redactie,
    Leerdoelen,
    /// Text for one edition only: the web edition (`web`) or the print
    /// editions (`pdf`), such as a web page's own table of contents.
    Editie {
        web: bool,
    },
    Begrip {
        term: String,
        bron: (String, Position),
        varianten: Vec<String>,
    },
}

impl BlockKind {
    /// Every block kind's name, as content writes it after `:::`, in the
    /// order of the table of kinds.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SCHEMAS.iter().map(|s| s.kind)
    }

    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Aanbeveling { .. } => "aanbeveling",
            BlockKind::Opdracht { .. } => "opdracht",
            BlockKind::Docent => "docent",
            BlockKind::Voorbeeld { .. } => "voorbeeld",
            BlockKind::Bron { .. } => "bron",
            BlockKind::Figuur { .. } => "figuur",
            BlockKind::Redactie => "redactie",
            BlockKind::Leerdoelen => "leerdoelen",
            BlockKind::Editie { .. } => "editie",
            BlockKind::Begrip { .. } => "begrip",
        }
    }
}

/// The most writing lines an assignment may ask for: about one A4 page.
/// Every line is rendered on the assignment, its sheet and the print-all
/// page, so an unbounded number makes an unbounded site.
pub const MAX_WRITING_LINES: u32 = 40;

/// One block kind: its name, the attributes it takes, and how the kind is
/// made from them once they are checked. `SCHEMAS` is the table of kinds:
/// every other list of them (the templates a theme must have, the known
/// kinds an error names) is read from it.
struct Schema {
    kind: &'static str,
    id: Need,
    values: &'static [(&'static str, Need)],
    flags: &'static [&'static str],
    make: fn(&Given) -> Result<BlockKind, Vec<Diagnostic>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Need {
    Required,
    Optional,
    Never,
}

const SCHEMAS: &[Schema] = &[
    Schema {
        kind: "aanbeveling",
        id: Need::Required,
        values: &[("doelgroepen", Need::Required), ("samenvat", Need::Optional)],
        flags: &["kern"],
        make: aanbeveling,
    },
    Schema {
        kind: "opdracht",
        id: Need::Required,
        values: &[("titel", Need::Required), ("werkvorm", Need::Optional), ("schrijfregels", Need::Optional)],
        flags: &[],
        make: opdracht,
    },
    Schema { kind: "docent", id: Need::Never, values: &[], flags: &[], make: |_| Ok(BlockKind::Docent) },
    Schema {
        kind: "voorbeeld",
        id: Need::Optional,
        values: &[("titel", Need::Required)],
        flags: &[],
        make: |g| Ok(BlockKind::Voorbeeld { titel: g.text("titel") }),
    },
    Schema {
        kind: "bron",
        id: Need::Optional,
        values: &[("label", Need::Optional)],
        flags: &[],
        make: |g| Ok(BlockKind::Bron { label: g.get("label").map(|(v, _)| v).unwrap_or_else(|| "Bron".into()) }),
    },
    Schema {
        kind: "figuur",
        id: Need::Required,
        values: &[("titel", Need::Required)],
        flags: &["redactioneel"],
        make: |g| Ok(BlockKind::Figuur { titel: g.text("titel"), redactioneel: g.flag("redactioneel") }),
    },
    Schema { kind: "redactie", id: Need::Optional, values: &[], flags: &[], make: |_| Ok(BlockKind::Redactie) },
    Schema { kind: "leerdoelen", id: Need::Optional, values: &[], flags: &[], make: |_| Ok(BlockKind::Leerdoelen) },
    Schema { kind: "editie", id: Need::Never, values: &[], flags: &["web", "pdf"], make: editie },
    Schema {
        kind: "begrip",
        id: Need::Required,
        values: &[("term", Need::Required), ("bron", Need::Required), ("varianten", Need::Optional)],
        flags: &[],
        make: |g| {
            Ok(BlockKind::Begrip {
                term: g.text("term"),
                bron: g.get("bron").unwrap_or_default(),
                varianten: split_list(&g.text("varianten")),
            })
        },
    },
];

/// "an aanbeveling", "a bron": the kind with its English article.
fn article(kind: &str) -> String {
    let an = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {kind}", if an { "an" } else { "a" })
}

fn known_kinds() -> String {
    SCHEMAS.iter().map(|s| s.kind).collect::<Vec<_>>().join(", ")
}

/// The header of a block as written: `::: kind {#id key="value" flag}`.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: BlockKind,
    pub id: Option<(String, Position)>,
}

struct Attr {
    key: String,
    value: Option<String>,
    position: Position,
    /// Where the value itself starts (after an opening quote), so errors
    /// about a value point at it rather than at its key.
    value_position: Position,
}

/// Parses the text after `:::`. `at` gives the position of a byte offset
/// within `rest`, so every error points at the attribute itself.
pub fn parse_header(rest: &str, file: &Path, at: &dyn Fn(usize) -> Position) -> Result<Header, Vec<Diagnostic>> {
    let err = |msg: String, offset: usize, hint: &str| {
        // The caret covers the word at the offset.
        let word = rest[offset.min(rest.len())..].split(|c: char| c.is_whitespace() || c == '{').next().unwrap_or("");
        vec![Diagnostic::new(msg).at(file, at(offset)).span_of(word).hint(hint.to_string())]
    };
    let kind_start = rest.len() - rest.trim_start().len();
    let kind_end =
        rest[kind_start..].find(|c: char| c.is_whitespace() || c == '{').map(|i| kind_start + i).unwrap_or(rest.len());
    let kind = &rest[kind_start..kind_end];
    let Some(schema) = SCHEMAS.iter().find(|s| s.kind == kind) else {
        return Err(err(
            format!("unknown block kind \"{kind}\""),
            kind_start,
            &format!("known kinds: {}", known_kinds()),
        ));
    };
    let after = rest[kind_end..].trim_end();
    let attrs_text = after.trim_start();
    let attrs_offset = kind_end + (after.len() - attrs_text.len());
    let attrs = if attrs_text.is_empty() {
        Vec::new()
    } else if attrs_text.starts_with('{') && attrs_text.ends_with('}') && attrs_text.len() >= 2 {
        tokenize(&attrs_text[1..attrs_text.len() - 1], attrs_offset + 1)
            .map_err(|(msg, off)| err(msg, off, "write attributes as {#id key=\"value\" flag}"))?
            .into_iter()
            .map(|(key, value, off, value_off)| Attr { key, value, position: at(off), value_position: at(value_off) })
            .collect()
    } else {
        return Err(err(
            format!("unexpected text after block kind \"{kind}\": {attrs_text}"),
            attrs_offset,
            "put the attributes in braces: ::: kind {#id key=\"value\"}",
        ));
    };
    build(schema, attrs, file, at(kind_start))
}

/// Splits `#id key="v" key=v flag` into (key, value, offset) triples; the id
/// is returned with key "#".
/// An attribute as written: key ("#" for the id), value, byte offsets of
/// the attribute and of its value.
type RawAttr = (String, Option<String>, usize, usize);

fn tokenize(s: &str, base: usize) -> Result<Vec<RawAttr>, (String, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let word_end = |mut j: usize| {
            while j < chars.len() && !chars[j].1.is_whitespace() && chars[j].1 != '=' {
                j += 1;
            }
            j
        };
        if c == '#' {
            let j = word_end(i + 1);
            let id: String = chars[i + 1..j].iter().map(|(_, c)| c).collect();
            if id.is_empty() {
                return Err(("empty id after #".into(), base + start));
            }
            out.push(("#".into(), Some(id), base + start, base + start + 1));
            i = j;
            continue;
        }
        let j = word_end(i);
        let key: String = chars[i..j].iter().map(|(_, c)| c).collect();
        if j < chars.len() && chars[j].1 == '=' {
            let mut k = j + 1;
            let value: String;
            let mut value_start = base + chars.get(k).map_or(s.len(), |c| c.0);
            if k < chars.len() && chars[k].1 == '"' {
                value_start += 1;
                let open = k;
                k += 1;
                let vstart = k;
                while k < chars.len() && chars[k].1 != '"' {
                    k += 1;
                }
                if k >= chars.len() {
                    return Err((format!("attribute {key} has an unclosed quote"), base + chars[open].0));
                }
                value = chars[vstart..k].iter().map(|(_, c)| c).collect();
                k += 1;
            } else {
                let vstart = k;
                while k < chars.len() && !chars[k].1.is_whitespace() {
                    k += 1;
                }
                value = chars[vstart..k].iter().map(|(_, c)| c).collect();
            }
            out.push((key, Some(value), base + start, value_start));
            i = k;
        } else {
            out.push((key, None, base + start, base + start));
            i = j;
        }
    }
    Ok(out)
}

fn build(schema: &Schema, attrs: Vec<Attr>, file: &Path, kind_pos: Position) -> Result<Header, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut id: Option<(String, Position)> = None;
    let mut values: Vec<(&str, String, Position)> = Vec::new();
    // Where each key was written, to show the first of a key given twice.
    let mut keys: Vec<(&str, Position)> = Vec::new();
    let mut flags: Vec<&str> = Vec::new();
    for a in attrs {
        if a.key == "#" {
            if schema.id == Need::Never {
                errors.push(
                    Diagnostic::new(format!("{} block takes no id", article(schema.kind)))
                        .at(file, a.position)
                        .len(a.value.as_deref().unwrap_or("").chars().count() + 1)
                        .hint("remove the #id"),
                );
            } else if let Some((first, at)) = &id {
                errors.push(
                    Diagnostic::new(format!("{} block takes one id, not two", article(schema.kind)))
                        .at(file, a.position)
                        .len(a.value.as_deref().unwrap_or("").chars().count() + 1)
                        .label("a second id")
                        .also_at(file, *at, first.chars().count() + 1, "the first id")
                        .hint("keep one #id; link to the block with that one"),
                );
            } else {
                let value = a.value.unwrap_or_default();
                let width = value.chars().count() + 1;
                if let Some(d) = crate::slug::not_an_id(&value, |good| format!("{{#{good} …}}")) {
                    errors.push(d.at(file, a.position).len(width));
                } else if let Some(d) = reserved_sheet(schema.kind, &value) {
                    errors.push(d.at(file, a.position).len(width));
                }
                id = Some((value, a.position));
            }
            continue;
        }
        match (&a.value, schema.values.iter().find(|(k, _)| *k == a.key), schema.flags.contains(&a.key.as_str())) {
            (Some(v), Some((k, _)), _) => {
                if let Some((_, key_at)) = keys.iter().find(|(seen, _)| seen == k) {
                    errors.push(
                        Diagnostic::new(format!("attribute {k} is given twice"))
                            .at(file, a.position)
                            .span_of(k)
                            .label("given again here")
                            .also_at(file, *key_at, k.chars().count(), "first given here")
                            .hint(format!("keep one {k}=\"…\" and remove the other")),
                    );
                }
                keys.push((k, a.position));
                values.push((k, v.clone(), a.value_position))
            }
            (None, _, true) => flags.push(schema.flags.iter().find(|f| **f == a.key).copied().unwrap_or("")),
            _ => {
                let mut allowed: Vec<String> = schema.values.iter().map(|(k, _)| format!("{k}=\"…\"")).collect();
                allowed.extend(schema.flags.iter().map(|f| f.to_string()));
                if schema.id != Need::Never {
                    allowed.insert(0, "#id".into());
                }
                let allowed = if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") };
                errors.push(
                    Diagnostic::new(format!("unknown attribute \"{}\" on {} block", a.key, article(schema.kind)))
                        .at(file, a.position)
                        .span_of(&a.key)
                        .hint(format!("{} blocks take: {allowed}", schema.kind)),
                );
            }
        }
    }
    if schema.id == Need::Required && id.is_none() {
        errors.push(
            Diagnostic::new(format!("{} block needs an id", article(schema.kind)))
                .at(file, kind_pos)
                .span_of(schema.kind)
                .hint(format!("write ::: {} {{#some-id …}}", schema.kind)),
        );
    }
    for (key, need) in schema.values {
        if *need == Need::Required && !values.iter().any(|(k, _, _)| k == key) {
            errors.push(
                Diagnostic::new(format!("{} block needs the attribute {key}", article(schema.kind)))
                    .at(file, kind_pos)
                    .span_of(schema.kind)
                    .hint(format!("add {key}=\"…\" inside the braces")),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind = (schema.make)(&Given { values, flags, file, kind_pos })?;
    Ok(Header { kind, id })
}

/// A block's attributes once checked against its schema.
struct Given<'a> {
    values: Vec<(&'a str, String, Position)>,
    flags: Vec<&'a str>,
    file: &'a Path,
    /// Where the block's kind is written, for a mistake of the whole header.
    kind_pos: Position,
}

impl Given<'_> {
    fn get(&self, key: &str) -> Option<(String, Position)> {
        self.values.iter().find(|(k, _, _)| *k == key).map(|(_, v, p)| (v.clone(), *p))
    }

    fn text(&self, key: &str) -> String {
        self.get(key).map(|(v, _)| v).unwrap_or_default()
    }

    fn list(&self, key: &str) -> Vec<(String, Position)> {
        self.get(key).map(|(v, p)| split_located(&v, p)).unwrap_or_default()
    }

    fn flag(&self, f: &str) -> bool {
        self.flags.contains(&f)
    }
}

fn aanbeveling(g: &Given) -> Result<BlockKind, Vec<Diagnostic>> {
    let doelgroepen = g.list("doelgroepen");
    if let (true, Some((v, p))) = (doelgroepen.is_empty(), g.get("doelgroepen")) {
        return Err(vec![Diagnostic::new("a recommendation without audiences")
            .at(g.file, p)
            .len(v.chars().count())
            .label("no audience named here")
            .hint("name at least one audience of site.yaml, e.g. doelgroepen=\"managers\"")]);
    }
    Ok(BlockKind::Aanbeveling { doelgroepen, kern: g.flag("kern"), samenvat: g.list("samenvat") })
}

fn editie(g: &Given) -> Result<BlockKind, Vec<Diagnostic>> {
    if g.flag("web") == g.flag("pdf") {
        return Err(vec![Diagnostic::new("an editie block names one edition: web or pdf")
            .at(g.file, g.kind_pos)
            .hint(
            "write ::: editie {web} for text only the web pages show, ::: editie {pdf} for text only the PDFs print",
        )]);
    }
    Ok(BlockKind::Editie { web: g.flag("web") })
}

fn opdracht(g: &Given) -> Result<BlockKind, Vec<Diagnostic>> {
    let file = g.file;
    let schrijfregels = match g.get("schrijfregels") {
        None => 0,
        Some((v, p)) => {
            let v = v.trim();
            let too_many = |_| {
                vec![Diagnostic::new(format!(
                    "schrijfregels={v} is more than the {MAX_WRITING_LINES} lines a sheet holds"
                ))
                .at(file, p)
                .len(v.chars().count())
                .hint(format!("write a number from 0 to {MAX_WRITING_LINES}, e.g. schrijfregels=8"))]
            };
            match v.parse::<u32>() {
                Ok(n) if n <= MAX_WRITING_LINES => n,
                Ok(n) => return Err(too_many(n)),
                Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => return Err(too_many(0)),
                Err(_) => {
                    return Err(vec![Diagnostic::new(format!("schrijfregels must be a whole number, not \"{v}\""))
                        .at(file, p)
                        .len(v.chars().count())
                        .hint(format!("write a number from 0 to {MAX_WRITING_LINES}, e.g. schrijfregels=8"))])
                }
            }
        }
    };
    Ok(BlockKind::Opdracht { titel: g.text("titel"), werkvorm: g.get("werkvorm").map(|(v, _)| v), schrijfregels })
}

/// An assignment's id names its sheet's folder (`opdrachten/<id>/`); one
/// that names a page the build writes there itself (`afdrukken`, the page
/// printing every sheet) would silently replace that page.
fn reserved_sheet(kind: &str, id: &str) -> Option<Diagnostic> {
    use crate::render::kinds;
    if kind != "opdracht" {
        return None;
    }
    let taken = |url: &str| kinds::reserved_urls().find(|(_, u)| *u == url);
    let (kind, url) = [false, true].into_iter().find_map(|teacher| taken(&kinds::sheet::url(id, teacher)))?;
    let others: Vec<&str> =
        kinds::reserved_urls().filter_map(|(_, u)| u.strip_prefix(kinds::sheets::URL)?.strip_suffix('/')).collect();
    Some(
        Diagnostic::new(format!(
            "the id \"{id}\" is taken: its sheet would be published at {url}, where the build writes its own page ({})",
            kind.template().unwrap_or("a page of its own")
        ))
        .label("names the sheet's folder")
        .hint(format!(
            "give the opdracht another id; the build reserves these names below {}: {}",
            kinds::sheets::URL,
            others.join(", ")
        )),
    )
}

/// The items of a list value with the position of each: a header is one
/// line, so an item's column is the value's plus the characters before it.
fn split_located(v: &str, at: Position) -> Vec<(String, Position)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in v.split(',') {
        let item = part.trim();
        if !item.is_empty() {
            let before = offset + (part.len() - part.trim_start().len());
            out.push((item.to_string(), Position { line: at.line, column: at.column + v[..before].chars().count() }));
        }
        offset += part.len() + 1;
    }
    out
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Header, Vec<Diagnostic>> {
        parse_header(s, Path::new("t.md"), &|o| Position { line: 1, column: o + 4 })
    }

    #[test]
    fn recommendation_with_audiences_and_flag() {
        let h = parse(" aanbeveling {#a-1 doelgroepen=\"managers, bestuurders\" kern}").unwrap();
        assert_eq!(h.id.unwrap().0, "a-1");
        match h.kind {
            BlockKind::Aanbeveling { doelgroepen, kern, .. } => {
                assert!(kern);
                let names: Vec<_> = doelgroepen.into_iter().map(|(s, _)| s).collect();
                assert_eq!(names, ["managers", "bestuurders"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn editie_names_exactly_one_edition() {
        assert_eq!(parse(" editie {web}").unwrap().kind, BlockKind::Editie { web: true });
        assert_eq!(parse(" editie {pdf}").unwrap().kind, BlockKind::Editie { web: false });
        for bad in [" editie", " editie {web pdf}"] {
            let e = parse(bad).unwrap_err();
            assert!(e[0].message.contains("names one edition"), "{bad}: {}", e[0].message);
        }
    }

    #[test]
    fn unknown_kind_and_attribute_are_errors_with_positions() {
        let e = parse(" aanbevling {#x}").unwrap_err();
        assert!(e[0].message.contains("unknown block kind"));
        let e = parse(" voorbeeld {titel=\"x\" kleur=rood}").unwrap_err();
        assert!(e[0].message.contains("unknown attribute \"kleur\""));
        assert_eq!(e[0].position.unwrap().column, 22 + 4);
    }

    #[test]
    fn writing_lines_are_bounded() {
        let lines = |n: &str| parse(&format!(" opdracht {{#o titel=\"T\" schrijfregels={n}}}"));
        assert!(lines("40").is_ok());
        for too_many in ["41", "10000000", "99999999999999999999"] {
            let e = lines(too_many).unwrap_err();
            assert!(e[0].message.contains("more than the 40 lines"), "{too_many}: {e:?}");
        }
        assert!(lines("-1").unwrap_err()[0].message.contains("whole number"));
    }

    /// The table of kinds and `BlockKind::name` agree: each kind, written
    /// with every attribute it takes, parses to a kind of its own name.
    #[test]
    fn every_kind_in_the_table_parses_to_itself() {
        for schema in SCHEMAS {
            let id = if schema.id == Need::Never { "" } else { "#x " };
            let values: String = schema.values.iter().map(|(k, _)| format!("{k}=\"1\" ")).collect();
            // With every flag, or (for a choice such as editie's web or
            // pdf) with each flag alone.
            let all = schema.flags.join(" ");
            for flags in std::iter::once(all.as_str()).chain(schema.flags.iter().copied()) {
                let header = format!(" {} {{{id}{values}{flags}}}", schema.kind);
                match parse(&header) {
                    Ok(h) => assert_eq!(h.kind.name(), schema.kind, "{header}"),
                    Err(e) if flags == all && schema.flags.len() > 1 => drop(e),
                    Err(e) => panic!("{header}: {e:?}"),
                }
            }
        }
        let mut names: Vec<_> = BlockKind::names().collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SCHEMAS.len());
    }

    #[test]
    fn missing_required_attributes_are_reported() {
        let e = parse(" aanbeveling").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
    }
}
