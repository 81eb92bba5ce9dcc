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

    /// No clock: the date of an edition comes from the content, so two
    /// builds give the same bytes.
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

/// Writes a laid-out edition as tagged PDF/UA-1. `ident` identifies the
/// edition across builds (its path), so the document id is stable.
pub fn export(typeset: &Typeset, ident: &str, templates: &Templates) -> Result<Vec<u8>, Problems> {
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| vec![Problem { message: format!("PDF/UA-1: {}", e.message()), at: None, undisplayable: None }])?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_string()),
        creator: typst::foundations::Smart::Custom(Some("modulepers".into())),
        timestamp: None,
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
