//! The editable sheets: each sheet, both versions, also as a Word file
//! (`.docx`), from the same data the PDF is laid out from (`view::Sheet`),
//! in the same order and with the same words, so a teacher can adapt a
//! handout to a class. Headings use Word's own heading styles (Heading1,
//! Heading2, so the navigation pane and a screen reader find them), the
//! language is Dutch, and answer space is a ruled table.
//!
//! What the PDF's theme adds to the text is added here alike (the ✎ of
//! editorial text, box labels in capitals, a teacher note's first letter
//! as a capital): a test compares the two word for word.

use super::view::{El, Sheet, N};
use docx_rs::{
    BorderType, BreakType, Docx, Hyperlink, HyperlinkType, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Style,
    StyleType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellBorder,
    TableCellBorderPosition, TableCellBorders, TableCellMargins, TableRow, WidthType,
};

/// Text width of an A4 page with 18 mm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9866;
const GREY: &str = "767676";

/// The sheet as a Word file.
pub fn sheet(s: &Sheet, site_title: &str) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(850).bottom(794).left(1020).right(1020))
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri"))
        .default_size(21)
        .default_line_spacing(LineSpacing::new().after(60).line(252))
        .add_style(heading(1, 32, 0))
        .add_style(heading(2, 24, 200))
        .add_style(heading(3, 21, 120))
        .add_style(Style::new("Label", StyleType::Paragraph).name("Vaklabel").based_on("Normal").size(17).bold())
        .add_style(Style::new("Small", StyleType::Paragraph).name("Klein").based_on("Normal").size(17).color(GREY));

    let kind = if s.teacher { "DOCENTVERSIE" } else { "OPDRACHTBLAD" };
    let mut top = Paragraph::new().style("Small");
    if let Some(d) = &s.document {
        top = top.add_run(Run::new().add_text(d)).add_run(Run::new().add_tab());
    }
    doc = doc.add_paragraph(top.add_run(Run::new().add_text(kind).bold()));

    let mut title = Paragraph::new().style("Heading1").add_run(Run::new().add_text(format!("Opdracht {}: ", s.number)));
    title = editorial(title, &s.title, Some("titel van de redactie"));
    if s.teacher {
        title = title.add_run(Run::new().add_text(" (docentversie)"));
    }
    doc = doc.add_paragraph(title);

    if !s.teacher {
        doc = doc
            .add_table(fields(&[("Naam", 2), ("Klas", 1), ("Datum", 1)], |name| {
                vec![Paragraph::new().style("Small").add_run(Run::new().add_text(name)), Paragraph::new()]
            }))
            .add_paragraph(gap());
    }
    let plan = |name: &str, value: &Option<String>| {
        let mut p = Paragraph::new().add_run(Run::new().add_text(format!("{name}:")).bold());
        if let Some(v) = value {
            p = p
                .add_run(Run::new().add_text(format!(" {v} ")))
                .add_run(Run::new().add_text("(van de docent)").italic().color(GREY).size(16));
        }
        p
    };
    let (time, hand_in) = (plan("Tijd", &s.time), plan("Inleveren", &s.hand_in));
    doc = doc
        .add_table(Table::without_borders(vec![TableRow::new(vec![
            underlined(s.time.is_none()).add_paragraph(time).width(TEXT_WIDTH / 3, WidthType::Dxa),
            underlined(s.hand_in.is_none()).add_paragraph(hand_in).width(TEXT_WIDTH * 2 / 3, WidthType::Dxa),
        ])]))
        .add_paragraph(gap());

    if let Some(note) = &s.note {
        let mut body = vec![label("Aanwijzing voor de docent")];
        if note.is_empty() {
            body.push(editorial(
                Paragraph::new(),
                "De module geeft bij deze opdracht geen aanwijzing voor de docent.",
                Some("noot van de redactie"),
            ));
        } else {
            body.extend(blocks(&capitalised(note), 0));
        }
        if let Some(a) = &s.arrangement {
            body.push(
                Paragraph::new()
                    .add_run(Run::new().add_text("Indeling ").bold())
                    .add_run(Run::new().add_text("(uit de opdracht)").italic().color(GREY))
                    .add_run(Run::new().add_text(format!(": {a}"))),
            );
        }
        doc = doc.add_table(framed(body)).add_paragraph(gap());
    }

    let mut place = Paragraph::new()
        .add_run(Run::new().add_text("Hoort bij:").italic())
        .add_run(Run::new().add_text(format!(" {}", s.place)));
    if let Some(w) = &s.work_form {
        place = editorial(
            place.add_run(Run::new().add_break(BreakType::TextWrapping)),
            &format!("Werkvorm: {w}"),
            Some("lezing van de redactie"),
        );
    }
    doc = doc.add_paragraph(place);

    if !s.goals.is_empty() {
        let mut body = vec![label("Leerdoelen van de module")];
        body.extend(blocks(&s.goals, 0));
        doc = doc.add_table(framed(body));
    }

    doc = doc.add_paragraph(Paragraph::new().style("Heading2").add_run(Run::new().add_text("Opdracht")));
    for p in blocks(&s.task, 0) {
        doc = doc.add_paragraph(p);
    }
    if !s.steps.is_empty() {
        let heading = if s.steps.len() > 1 { "Jouw antwoorden" } else { "Jouw antwoord" };
        doc = doc.add_paragraph(Paragraph::new().style("Heading2").add_run(Run::new().add_text(heading)));
        for step in &s.steps {
            doc = doc.add_table(answer(step.number, step.lines)).add_paragraph(gap());
        }
    }

    // As in the PDF: a link to the sheet's page only where the site has a
    // public address (base_url).
    let mut footer =
        Paragraph::new().style("Small").add_run(Run::new().add_text(format!("{site_title} · {}", s.place)));
    if let Some(url) = &s.url {
        footer = footer.add_run(Run::new().add_tab()).add_hyperlink(
            Hyperlink::new(url, HyperlinkType::External)
                .add_run(Run::new().add_text("Dit blad op de website").underline("single")),
        );
    }
    doc = doc.add_paragraph(footer);

    let mut xml = doc.build();
    xml.styles = dutch(&xml.styles)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| format!("cannot write the Word file: {e}"))?;
    Ok(out.into_inner())
}

/// Dutch as the language of every run: docx-rs has no setting for it, so
/// it goes into the default run properties of the styles part.
fn dutch(styles: &[u8]) -> Result<Vec<u8>, String> {
    let xml = std::str::from_utf8(styles).map_err(|e| e.to_string())?;
    let lang = r#"<w:lang w:val="nl-NL" w:eastAsia="nl-NL" w:bidi="ar-SA" />"#;
    let at = xml.find("<w:rPrDefault><w:rPr>").map(|i| i + "<w:rPrDefault><w:rPr>".len());
    match at {
        Some(i) => Ok(format!("{}{lang}{}", &xml[..i], &xml[i..]).into_bytes()),
        None => Err("the Word styles have no default run properties to set the language in".into()),
    }
}

/// Word's built-in heading style of `level` ("heading 1" is Heading1),
/// `size` in half points, `before` in twentieths of a point.
fn heading(level: usize, size: usize, before: u32) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .line_spacing(LineSpacing::new().before(before).after(80))
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .outline_lvl(level - 1)
        .size(size)
        .bold()
}

/// A little room between two tables, which Word would otherwise join.
fn gap() -> Paragraph {
    Paragraph::new().size(8).line_spacing(LineSpacing::new().after(0).line(160))
}

/// A paragraph without room after it, for a ruled line.
fn tight() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().after(0))
}

/// A box's label, in capitals as the PDF sets it.
fn label(text: &str) -> Paragraph {
    Paragraph::new().style("Label").add_run(Run::new().add_text(text.to_uppercase()))
}

/// Editorial text as the PDF marks it: after a ✎, in italics, then whose it is.
fn editorial(p: Paragraph, text: &str, note: Option<&str>) -> Paragraph {
    let p = p.add_run(Run::new().add_text("✎ ")).add_run(Run::new().add_text(text).italic());
    match note {
        Some(n) => p.add_run(Run::new().add_text(format!(" ({n})")).italic().size(17)),
        None => p,
    }
}

fn bottom_rule() -> TableCellBorder {
    TableCellBorder::new(TableCellBorderPosition::Bottom).border_type(BorderType::Single).size(4).color("000000")
}

fn no_borders() -> TableCellBorders {
    let mut b = TableCellBorders::with_empty();
    for pos in [TableCellBorderPosition::Top, TableCellBorderPosition::Left, TableCellBorderPosition::Right] {
        b = b.set(TableCellBorder::new(pos).border_type(BorderType::Nil));
    }
    b
}

/// A cell with a line to write on when `rule`.
fn underlined(rule: bool) -> TableCell {
    let borders = if rule { no_borders().set(bottom_rule()) } else { no_borders() };
    TableCell::new().set_borders(borders)
}

/// Fields to fill in, side by side, each with a line under it: (name, share of the width).
fn fields(names: &[(&str, usize)], content: impl Fn(&str) -> Vec<Paragraph>) -> Table {
    let total: usize = names.iter().map(|(_, w)| w).sum();
    let cells = names
        .iter()
        .map(|(name, w)| {
            content(name)
                .into_iter()
                .fold(underlined(true), |c, p| c.add_paragraph(p))
                .width(TEXT_WIDTH * w / total, WidthType::Dxa)
        })
        .collect();
    Table::without_borders(vec![TableRow::new(cells)])
}

/// A framed box of one cell.
fn framed(body: Vec<Paragraph>) -> Table {
    let cell = body.into_iter().fold(TableCell::new(), |c, p| c.add_paragraph(p)).width(TEXT_WIDTH, WidthType::Dxa);
    let mut borders = TableBorders::new();
    for pos in
        [TableBorderPosition::Top, TableBorderPosition::Left, TableBorderPosition::Bottom, TableBorderPosition::Right]
    {
        borders = borders.set(TableBorder::new(pos).border_type(BorderType::Single).size(4).color(GREY));
    }
    Table::new(vec![TableRow::new(vec![cell])])
        .set_borders(borders)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(100, 140, 60, 140))
}

/// One step's answer space: a row per line, ruled, its number in the
/// first row.
fn answer(number: usize, lines: u32) -> Table {
    let rows = (0..lines)
        .map(|i| {
            let n = if i == 0 && number > 0 { number.to_string() } else { String::new() };
            TableRow::new(vec![
                TableCell::new()
                    .set_borders(no_borders())
                    .add_paragraph(tight().add_run(Run::new().add_text(n).bold().color(GREY)))
                    .width(400, WidthType::Dxa),
                underlined(true).add_paragraph(tight()).width(TEXT_WIDTH - 400, WidthType::Dxa),
            ])
            // 6 mm a line, the least the printed sheet gives one.
            .row_height(340.0)
        })
        .collect();
    Table::without_borders(rows).width(TEXT_WIDTH, WidthType::Dxa)
}

/// The first letter of the first text made a capital, as the PDF's theme
/// sets a teacher note.
fn capitalised(nodes: &[N]) -> Vec<N> {
    let mut out = nodes.to_vec();
    fn first(n: &mut N) -> bool {
        match n {
            N::Text(t) => {
                let Some(c) = t.chars().next() else { return false };
                *t = c.to_uppercase().chain(t[c.len_utf8()..].chars()).collect();
                true
            }
            N::El(El::P { c } | El::Em { c } | El::Strong { c } | El::Ins { c } | El::Link { c, .. }) => {
                c.iter_mut().any(first)
            }
            _ => false,
        }
    }
    out.iter_mut().any(first);
    out
}

/// Block nodes as paragraphs; `depth` is the list nesting.
fn blocks(nodes: &[N], depth: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut inline: Vec<&N> = Vec::new();
    let flush = |inline: &mut Vec<&N>, out: &mut Vec<Paragraph>| {
        if !inline.is_empty() {
            out.push(runs(Paragraph::new(), inline.drain(..), Fmt::default()));
        }
    };
    for n in nodes {
        match n {
            N::El(El::P { c }) => {
                flush(&mut inline, &mut out);
                out.push(runs(Paragraph::new(), c.iter(), Fmt::default()));
            }
            N::El(El::H { c, .. }) => {
                flush(&mut inline, &mut out);
                out.push(runs(Paragraph::new().style("Heading3"), c.iter(), Fmt::default()));
            }
            N::El(El::List { start, items }) => {
                flush(&mut inline, &mut out);
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(s) => format!("{}.", *s as usize + i),
                        None if depth == 0 => "•".into(),
                        None => "–".into(),
                    };
                    let mut paras = blocks(item, depth + 1).into_iter();
                    let indent = 360 * (depth as i32 + 1);
                    let first = paras.next().unwrap_or_else(Paragraph::new);
                    // The marker goes before the item's first paragraph.
                    let mut marked = Paragraph::new()
                        .indent(Some(indent), Some(docx_rs::SpecialIndentType::Hanging(360)), None, None)
                        .add_run(Run::new().add_text(marker).add_tab());
                    marked.children.extend(first.children);
                    out.push(marked);
                    out.extend(paras.map(|p| p.indent(Some(indent), None, None, None)));
                }
            }
            N::El(El::Quote { c }) => {
                flush(&mut inline, &mut out);
                out.extend(blocks(c, depth).into_iter().map(|p| p.indent(Some(567), None, None, None)));
            }
            N::El(El::CodeBlock { v }) => {
                flush(&mut inline, &mut out);
                out.push(Paragraph::new().add_run(Run::new().add_text(v).fonts(RunFonts::new().ascii("Courier New"))));
            }
            N::El(El::Table { head, rows, .. }) => {
                // Cells as paragraphs, in reading order: a sheet's task
                // has no tables, and a table would not fit its column.
                flush(&mut inline, &mut out);
                for cell in head.iter().chain(rows.iter().flatten()) {
                    out.extend(blocks(cell, depth));
                }
            }
            N::El(El::Hr) => flush(&mut inline, &mut out),
            _ => inline.push(n),
        }
    }
    flush(&mut inline, &mut out);
    out
}

#[derive(Clone, Copy, Default)]
struct Fmt {
    italic: bool,
    bold: bool,
    strike: bool,
    dotted: bool,
    code: bool,
}

fn run(text: &str, f: Fmt) -> Run {
    let mut r = Run::new().add_text(text);
    if f.italic {
        r = r.italic();
    }
    if f.bold {
        r = r.bold();
    }
    if f.strike {
        r = r.strike();
    }
    if f.dotted {
        r = r.underline("dotted");
    }
    if f.code {
        r = r.fonts(RunFonts::new().ascii("Courier New"));
    }
    r
}

/// Inline nodes as runs of `p`.
fn runs<'n>(mut p: Paragraph, nodes: impl IntoIterator<Item = &'n N>, f: Fmt) -> Paragraph {
    for n in nodes {
        p = match n {
            N::Text(t) => p.add_run(run(t, f)),
            N::El(El::Em { c }) => runs(p, c, Fmt { italic: !f.italic, ..f }),
            N::El(El::Strong { c }) => runs(p, c, Fmt { bold: true, ..f }),
            N::El(El::Del { c }) => runs(p, c, Fmt { strike: true, ..f }),
            N::El(El::Ins { c }) => runs(p, c, Fmt { dotted: true, ..f }),
            N::El(El::Code { v }) => p.add_run(run(v, Fmt { code: true, ..f })),
            N::El(El::Br) => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            N::El(El::Link { dest, internal: false, c }) => {
                let mut inner = Paragraph::new();
                inner = runs(inner, c, f);
                let mut link = Hyperlink::new(dest, HyperlinkType::External);
                for child in inner.children {
                    if let docx_rs::ParagraphChild::Run(r) = child {
                        link = link.add_run(r.underline("single"));
                    }
                }
                p.add_hyperlink(link)
            }
            N::El(El::Link { c, .. }) => runs(p, c, f),
            N::El(El::Image { alt, url }) => p.add_run(run(&format!("Afbeelding: {alt} ({url})"), f)),
            N::El(El::P { c }) => runs(p, c, f),
            // Footnotes and boxes do not occur in a sheet's task; their
            // text is kept.
            N::El(el) => runs(p, &[N::Text(super::view::plain(&[N::El(el.clone())]))], f),
        };
    }
    p
}
