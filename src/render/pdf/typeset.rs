//! Typesetting with typst: a `World` that holds the theme's typst files,
//! the bundled fonts and one edition's data, and the compile → PDF step.
//!
//! Content never becomes typst markup: the edition's data is a JSON file
//! (`/data.json`) that the theme's template reads with `json()`, so every
//! text reaches typst as a string value and is set as text, whatever
//! characters it holds.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

/// Where the edition's data appears inside the typst project.
pub const DATA_FILE: &str = "/data.json";

/// Fonts are parsed once per process and shared by every compilation.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The theme's typst files (`themes/<name>/pdf/*.typ`), read once per build.
pub struct Templates {
    sources: HashMap<FileId, Source>,
    /// The folder they were read from, relative to the site root, for
    /// messages.
    pub dir: String,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("template paths are plain names");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Templates {
    /// Reads every `.typ` file in `dir`. A theme without the folder has no
    /// print editions; the caller decides whether that is an error.
    pub fn load(root: &Path, dir: &Path) -> std::io::Result<Templates> {
        let mut sources = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|x| x == "typ") {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                let id = file_id(&format!("/{name}"));
                sources.insert(id, Source::new(id, crate::read::text(&path)?));
            }
        }
        let dir = dir.strip_prefix(root).unwrap_or(dir).to_string_lossy().replace('\\', "/");
        Ok(Templates { sources, dir })
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(&file_id(&format!("/{name}")))
    }
}

/// One compilation: the theme's files plus one edition's data.
struct Job<'a> {
    templates: &'a Templates,
    main: FileId,
    data: Bytes,
    data_id: FileId,
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.templates.sources.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        self.source(id).map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// No clock: two builds give the same bytes (the creation date is
    /// SOURCE_DATE_EPOCH's, see `source_date`).
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// A laid-out edition.
pub struct Typeset {
    pub document: typst_layout::PagedDocument,
}

/// What typst reported, with where in the theme's typst files.
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: String,
    /// The typst file (relative to the site root) and the 1-based line and
    /// column, when typst gives a place.
    pub at: Option<(String, usize, usize)>,
    /// For text no font can show: that text.
    pub undisplayable: Option<String>,
}

pub type Problems = Vec<Problem>;

/// Lays out `template` (a file name in the theme's pdf folder) with `data`.
pub fn typeset(templates: &Templates, template: &str, data: Vec<u8>) -> Result<Typeset, Problems> {
    let job =
        Job { templates, main: file_id(&format!("/{template}")), data: Bytes::new(data), data_id: file_id(DATA_FILE) };
    let warned = typst::compile::<typst_layout::PagedDocument>(&job);
    let mut problems: Problems = warned
        .warnings
        .iter()
        // typst warns about fonts it cannot find for a script or feature
        // the text uses; those show up in the output (tofu) and in the
        // layout check, so only the others are passed on.
        .filter(|w| !w.message.contains("unknown font family"))
        .map(|w| describe(&job, w))
        .collect();
    match warned.output {
        Ok(document) if problems.is_empty() => Ok(Typeset { document }),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(errors.iter().map(|e| describe(&job, e)));
            Err(problems)
        }
    }
}

/// When the editions are made, for the PDFs' creation date: the
/// reproducible-builds convention `SOURCE_DATE_EPOCH` (seconds since 1970,
/// UTC), which packagers and CI set to the time of the last commit. Without
/// it, no date: the build does not read the clock (two builds give the same
/// bytes), and the content's own dates say when the text was published, not
/// when this edition was made, so they would claim what is not so.
pub fn source_date(value: Option<&str>) -> Result<Option<typst_pdf::Timestamp>, String> {
    let Some(value) = value else { return Ok(None) };
    let secs: i64 = value
        .trim()
        .parse()
        .ok()
        .filter(|s| (0..=253_402_300_799).contains(s))
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH is \"{value}\", not a number of seconds since 1970-01-01"))?;
    let (year, month, day, h, m, sec) = civil(secs);
    let datetime = Datetime::from_ymd_hms(year, month, day, h, m, sec).ok_or("SOURCE_DATE_EPOCH is out of range")?;
    Ok(Some(typst_pdf::Timestamp::new_utc(datetime)))
}

/// Seconds since 1970-01-01 UTC as (year, month, day, hour, minute,
/// second), by Howard Hinnant's days-to-civil algorithm.
fn civil(secs: i64) -> (i32, u8, u8, u8, u8, u8) {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day, (rest / 3600) as u8, (rest % 3600 / 60) as u8, (rest % 60) as u8)
}

/// Writes a laid-out edition as tagged PDF/UA-1. `ident` identifies the
/// edition across builds (its path), so the document id is stable;
/// `made` is its creation date (see `source_date`).
pub fn export(
    typeset: &Typeset,
    ident: &str,
    templates: &Templates,
    made: Option<typst_pdf::Timestamp>,
) -> Result<Vec<u8>, Problems> {
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| vec![Problem { message: format!("PDF/UA-1: {}", e.message()), at: None, undisplayable: None }])?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_string()),
        creator: typst::foundations::Smart::Custom(Some("modulepers".into())),
        timestamp: made,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(&typeset.document, &options).map_err(|errors| {
        let job =
            Job { templates, main: file_id("/none.typ"), data: Bytes::new(Vec::new()), data_id: file_id(DATA_FILE) };
        errors.iter().map(|e| describe(&job, e)).collect()
    })
}

/// One typst diagnostic as a `Problem`: its message with typst's hints,
/// and its place in the theme's files.
fn describe(job: &Job, d: &SourceDiagnostic) -> Problem {
    let mut message = match d.severity {
        Severity::Error => d.message.to_string(),
        Severity::Warning => format!("warning: {}", d.message),
    };
    for hint in &d.hints {
        message.push_str(&format!("; hint: {}", hint.v));
    }
    let at = d.span.id().and_then(|id| {
        let source = job.source(id).ok()?;
        let range = job.range(d.span)?;
        let line = source.lines().byte_to_line(range.start)?;
        let column = source.lines().byte_to_column(range.start).unwrap_or(0);
        Some((format!("{}{}", job.templates.dir, id.vpath().get_with_slash()), line + 1, column + 1))
    });
    // typst-pdf: "the text `"😀"` could not be displayed with font …"
    let undisplayable = d
        .message
        .contains("could not be displayed")
        .then(|| d.message.split('`').nth(1).map(|t| t.trim_matches('"').to_string()))
        .flatten();
    Problem { message, at, undisplayable }
}

#[cfg(test)]
mod tests {
    use super::{civil, source_date};

    #[test]
    fn source_date_epoch_is_a_utc_date() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0));
        assert_eq!(civil(1_765_195_445), (2025, 12, 8, 12, 4, 5));
        assert_eq!(civil(4_107_542_399), (2100, 2, 28, 23, 59, 59));
        assert!(source_date(None).unwrap().is_none());
        assert!(source_date(Some("1765195445")).unwrap().is_some());
        for bad in ["", "yesterday", "-1", "1e9"] {
            assert!(source_date(Some(bad)).is_err(), "{bad}");
        }
    }
}
