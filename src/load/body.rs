//! A page body as a tree: Markdown runs between block fences, and blocks
//! whose bodies are again such trees. Markdown is parsed here, once; later
//! stages walk the events and never see the source text again.

use super::blocks::{parse_header, BlockKind};
use crate::diagnostic::{Diagnostic, LineIndex, Position};
use crate::html::Piece;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

#[derive(Debug, Clone)]
pub enum Node {
    Markdown(Vec<Located>),
    Block(Block),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub id: Option<(String, Position)>,
    pub position: Position,
    /// The header line's length in characters, so an error about the
    /// block as a whole underlines its `::: kind {…}` line.
    pub header_len: usize,
    pub children: Vec<Node>,
}

/// A Markdown event with the position of its source, kept only for the
/// events that can be wrong (links, images, headings and raw HTML, which
/// may hold links), to keep pages small.
#[derive(Debug, Clone)]
pub struct Located {
    pub event: Event<'static>,
    pub position: Option<Position>,
    /// The characters of source the event spans (a whole link, image or
    /// heading), for the caret line under it; 0 for raw HTML.
    pub len: u32,
}

/// How deep blocks, quotes and lists may nest, counted together. The
/// documents nest four deep at most (a list in a teacher note in an
/// assignment). Every later stage walks the tree recursively, so without a
/// bound a deep enough pile of `:::` lines would overflow the stack and
/// abort the process (and a running `serve` with it); and typst, which lays
/// out the print editions, gives up on a few levels more than this (at 16
/// quotes, or 12 blocks holding 12 quotes).
pub const MAX_DEPTH: usize = 12;

/// How deep inline elements (emphasis, strong, strike-through, links,
/// images and `<ins>`) may nest inside one another. Content nests three
/// deep at most (a link in strong text in an editorial addition). Like
/// blocks, inline elements are walked recursively by later stages, and
/// typst, which lays out the print editions, gives up on about 30 levels
/// (less inside deep blocks): past this bound is an error at the content
/// line, so nothing downstream ever sees such a pile.
pub const MAX_INLINE_DEPTH: usize = 8;

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct Open {
    header_kind: BlockKind,
    id: Option<(String, Position)>,
    position: Position,
    children: Vec<Node>,
    /// A stand-in for a header that was reported as wrong; blocks inside
    /// it are not checked against its kind, so one error does not cascade.
    broken: bool,
    /// The header line's length in characters, for the caret line.
    header_len: usize,
}

/// Splits `text[start..]` into Markdown runs and blocks.
pub fn parse(text: &str, start: usize, file: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Node> {
    let index = LineIndex::new(text);
    let pos = |offset: usize| index.position(text, offset);
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut run_start = start;
    let mut fence: Option<(char, usize)> = None;
    let mut offset = start;
    // Blocks opened beyond MAX_DEPTH: counted, not kept, so that their
    // closing lines still balance and the tree never grows deeper.
    let mut too_deep = 0usize;

    let flush = |from: usize, to: usize, stack: &mut Vec<Open>, root: &mut Vec<Node>, diags: &mut Vec<Diagnostic>| {
        if text[from..to].trim().is_empty() {
            return;
        }
        let (events, too_deep, inline_too_deep) = parse_markdown(text, from, to, &index, stack.len());
        if let Some(at) = inline_too_deep {
            diags.push(
                Diagnostic::new(format!("emphasis, links and other inline markup nest more than {MAX_INLINE_DEPTH} deep here"))
                    .at(file, index.position(text, at))
                    .len(1)
                    .label(format!("this opens inside {MAX_INLINE_DEPTH} open inline elements"))
                    .hint("remove the extra *, _, ~~, [ or <ins> marks here; inline markup rarely needs to nest more than two or three deep"),
            );
        }
        if let Some((at, what)) = too_deep {
            diags.push(
                Diagnostic::new(format!("blocks, quotes and lists nest more than {MAX_DEPTH} deep here"))
                    .at(file, index.position(text, at))
                    .len(1)
                    .label(format!("this {what} opens inside {MAX_DEPTH} open blocks, quotes and lists"))
                    .hint("flatten the quotes and lists here (or the blocks around them); they rarely need to nest more than two or three deep"),
            );
        }
        let node = Node::Markdown(events);
        match stack.last_mut() {
            Some(open) => open.children.push(node),
            None => root.push(node),
        }
    };

    for line in text[start..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        if let Some((ch, len)) = fence {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent > 3 {
            continue;
        }
        if let Some(ch) = ['`', '~'].into_iter().find(|&c| trimmed.starts_with(c)) {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if run >= 3 {
                fence = Some((ch, run));
                continue;
            }
        }
        let Some(rest) = trimmed.strip_prefix(":::") else { continue };
        // A run of more colons (":::::") is allowed, as in Pandoc, to make
        // nesting easier to see.
        let rest = rest.trim_start_matches(':');
        flush(run_start, line_start, &mut stack, &mut root, diags);
        run_start = offset;
        let rest_offset = line_start + (line.len() - rest.len());
        let rest = rest.trim_end_matches(['\n', '\r']);
        let header_len = line[indent..].trim_end().chars().count();
        if rest.trim().is_empty() {
            if too_deep > 0 {
                too_deep -= 1;
                continue;
            }
            match stack.pop() {
                Some(open) => close(open, &mut stack, &mut root),
                None => diags.push(
                    Diagnostic::new("a closing ::: without an open block")
                        .at(file, pos(line_start + indent))
                        .len(header_len)
                        .hint("remove this line, or open a block above it with ::: kind"),
                ),
            }
            continue;
        }
        if stack.len() >= MAX_DEPTH {
            if too_deep == 0 {
                diags.push(
                    Diagnostic::new(format!("blocks, quotes and lists nest more than {MAX_DEPTH} deep here"))
                        .at(file, pos(line_start + indent))
                        .len(header_len)
                        .label(format!("block {} opens inside {MAX_DEPTH} open blocks", MAX_DEPTH + 1))
                        .also_at(file, stack[0].position, stack[0].header_len, "the outermost of them opens here")
                        .hint("close the blocks above with a line ::: before opening another; blocks rarely need to nest more than two or three deep"),
                );
            }
            too_deep += 1;
            continue;
        }
        match parse_header(rest, file, &|o| pos(rest_offset + o)) {
            Ok(header) => {
                if let (BlockKind::Docent, false) = (
                    &header.kind,
                    matches!(
                        stack.last(),
                        Some(Open { header_kind: BlockKind::Opdracht { .. }, .. } | Open { broken: true, .. })
                    ),
                ) {
                    diags.push(
                        Diagnostic::new("a docent block stands only directly inside an opdracht block")
                            .at(file, pos(line_start + indent))
                            .len(header_len)
                            .hint("move the teacher note into the assignment it belongs to"),
                    );
                }
                stack.push(Open {
                    header_kind: header.kind,
                    id: header.id,
                    position: pos(line_start + indent),
                    children: Vec::new(),
                    broken: false,
                    header_len,
                })
            }
            Err(errors) => {
                diags.extend(errors);
                // Keep the structure balanced so one bad header does not
                // cascade into "closing ::: without an open block" errors.
                stack.push(Open {
                    header_kind: BlockKind::Redactie,
                    id: None,
                    position: pos(line_start + indent),
                    children: Vec::new(),
                    broken: true,
                    header_len,
                });
            }
        }
    }
    flush(run_start, text.len(), &mut stack, &mut root, diags);
    if too_deep > 0 {
        // Already reported as too deep; "never closed" would only repeat it.
        stack.clear();
    }
    while let Some(open) = stack.pop() {
        diags.push(
            Diagnostic::new(match open.broken {
                // A wrong header stands in as a redactie; do not name that.
                true => "the block opened here is never closed".to_string(),
                false => format!("the {} block opened here is never closed", open.header_kind.name()),
            })
            .at(file, open.position)
            .len(open.header_len)
            .label("opened here")
            .hint("add a line ::: after the block's last line"),
        );
        close(open, &mut stack, &mut root);
    }
    root
}

/// Ends an open block and adds it to its parent, or to the page.
fn close(open: Open, stack: &mut [Open], root: &mut Vec<Node>) {
    let block = Node::Block(Block {
        kind: open.header_kind,
        id: open.id,
        position: open.position,
        header_len: open.header_len,
        children: open.children,
    });
    match stack.last_mut() {
        Some(parent) => parent.children.push(block),
        None => root.push(block),
    }
}

/// An element open while a run's events are read, for counting how deep
/// inline markup nests.
#[derive(PartialEq)]
enum Opened {
    Block,
    Inline,
    /// `<ins>` in raw HTML, which its enclosing element's end also closes.
    Ins,
}

/// The elements open at an event, as the print editions' reader keeps
/// them (src/render/pdf/view.rs).
#[derive(Default)]
struct Nesting {
    opened: Vec<Opened>,
    /// How many of them are inline.
    inline: usize,
    /// Where inline markup first opened too deep.
    too_deep: Option<usize>,
}

impl Nesting {
    fn open(&mut self, what: Opened, at: usize) {
        if what != Opened::Block {
            self.inline += 1;
            if self.inline > MAX_INLINE_DEPTH && self.too_deep.is_none() {
                self.too_deep = Some(at);
            }
        }
        self.opened.push(what);
    }

    fn end_ins(&mut self) {
        if self.opened.last() == Some(&Opened::Ins) {
            self.opened.pop();
            self.inline -= 1;
        }
    }

    /// The end of a Markdown element, which closes an `<ins>` left open in
    /// it too.
    fn end(&mut self) {
        while self.opened.last() == Some(&Opened::Ins) {
            self.end_ins();
        }
        if self.opened.pop() == Some(Opened::Inline) {
            self.inline -= 1;
        }
    }
}

/// The events of one Markdown run, where a quote or list first opens more
/// than `MAX_DEPTH` deep, counting the `depth` blocks around the run, and
/// where inline markup first opens more than `MAX_INLINE_DEPTH` deep.
/// Deeper quotes and lists are kept: the error stops the build.
fn parse_markdown(
    text: &str,
    from: usize,
    to: usize,
    index: &LineIndex,
    depth: usize,
) -> (Vec<Located>, Option<(usize, &'static str)>, Option<usize>) {
    let mut out = Vec::new();
    let mut depth = depth;
    let mut too_deep = None;
    let mut inline = Nesting::default();
    // Runs of text and soft line breaks become one text event: a page holds
    // several times fewer events that way, and a soft break renders as the
    // same "\n" either way.
    let mut pending: Option<String> = None;
    let flush = |pending: &mut Option<String>, out: &mut Vec<Located>| {
        if let Some(t) = pending.take() {
            out.push(Located { event: Event::Text(t.into()), position: None, len: 0 });
        }
    };
    for (event, range) in Parser::new_ext(&text[from..to], markdown_options()).into_offset_iter() {
        match event {
            Event::Text(t) => pending.get_or_insert_with(String::new).push_str(&t),
            Event::SoftBreak => pending.get_or_insert_with(String::new).push('\n'),
            event => {
                flush(&mut pending, &mut out);
                match event {
                    Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                        depth += 1;
                        if depth > MAX_DEPTH && too_deep.is_none() {
                            let what = if matches!(event, Event::Start(Tag::List(_))) { "list" } else { "quote" };
                            too_deep = Some((from + range.start, what));
                        }
                    }
                    Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => depth -= 1,
                    _ => {}
                }
                match &event {
                    Event::Start(
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. },
                    ) => inline.open(Opened::Inline, from + range.start),
                    Event::Start(_) => inline.open(Opened::Block, from + range.start),
                    Event::End(_) => inline.end(),
                    Event::Html(h) | Event::InlineHtml(h) if mentions_ins(h) => {
                        for piece in crate::html::pieces(h) {
                            match piece {
                                Piece::Start(name, _) if &*name == "ins" => {
                                    inline.open(Opened::Ins, from + range.start)
                                }
                                Piece::End(name) if &*name == "ins" => inline.end_ins(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                let needs_position = matches!(
                    event,
                    Event::Start(Tag::Link { .. })
                        | Event::Start(Tag::Heading { .. })
                        | Event::Start(Tag::Image { .. })
                        | Event::Html(_)
                        | Event::InlineHtml(_)
                );
                let spanned = matches!(event, Event::Start(Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. }));
                let len =
                    if spanned { text[from + range.start..from + range.end].trim_end().chars().count() } else { 0 };
                out.push(Located {
                    position: needs_position.then(|| index.position(text, from + range.start)),
                    len: u32::try_from(len).unwrap_or(u32::MAX),
                    event: event.into_static(),
                });
            }
        }
    }
    flush(&mut pending, &mut out);
    out.shrink_to_fit();
    (out, too_deep, inline.too_deep)
}

/// Whether raw HTML may hold an `<ins>` tag, so that only such HTML is
/// tokenized here.
fn mentions_ins(html: &str) -> bool {
    html.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"ins"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (Vec<Node>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let n = parse(s, 0, Path::new("t.md"), &mut d);
        (n, d)
    }

    #[test]
    fn nested_blocks_and_code_fences() {
        let (nodes, d) = parse_str(
            "Intro\n\n::: opdracht {#o1 titel=\"T\"}\nDoe dit.\n\n::: docent\nNoot\n:::\n:::\n\n```\n::: not a block\n```\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(nodes.len(), 3);
        let Node::Block(b) = &nodes[1] else { panic!() };
        assert_eq!(b.children.len(), 2);
        assert!(matches!(&b.children[1], Node::Block(Block { kind: BlockKind::Docent, .. })));
    }

    #[test]
    fn unclosed_and_stray_fences_are_reported() {
        let (_, d) = parse_str(":::\n::: redactie\ntext\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].position.unwrap().line, 1);
        assert!(d[1].message.contains("never closed"));
    }

    #[test]
    fn nesting_is_bounded_and_reported_once() {
        let n = 5000;
        let text = "::: redactie\n".repeat(n) + &":::\n".repeat(n);
        let (nodes, d) = parse_str(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains(&format!("nest more than {MAX_DEPTH}")), "{d:?}");
        assert_eq!(d[0].position.unwrap().line, MAX_DEPTH + 1);
        let mut depth = 0;
        let mut level = &nodes;
        while let Some(Node::Block(b)) = level.first() {
            depth += 1;
            level = &b.children;
        }
        assert_eq!(depth, MAX_DEPTH);
        // Exactly MAX_DEPTH levels are fine.
        let text = "::: redactie\n".repeat(MAX_DEPTH) + "x\n" + &":::\n".repeat(MAX_DEPTH);
        assert!(parse_str(&text).1.is_empty());
    }

    #[test]
    fn quotes_and_lists_count_with_the_blocks_around_them() {
        // Two blocks, then quotes and lists up to the limit: fine.
        let inner = MAX_DEPTH - 2 - 2;
        let nest = |quotes: usize| {
            let q = "> ".repeat(quotes);
            format!("::: opdracht {{#o titel=\"T\"}}\n::: docent\n{q}- a\n{q}  - b\n:::\n:::\n")
        };
        let ok = nest(inner);
        assert!(parse_str(&ok).1.is_empty(), "{:?}", parse_str(&ok).1);
        // One quote more is an error, once, at that quote.
        let d = parse_str(&nest(inner + 1)).1;
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("blocks, quotes and lists nest more than"), "{d:?}");
        assert_eq!(d[0].position.unwrap(), Position { line: 4, column: 2 * (inner + 1) + 3 }, "the inner list");
        // Five thousand nested quotes: one error, no overflow.
        let d = parse_str(&("> ".repeat(5000) + "x\n")).1;
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn inline_nesting_is_bounded_and_an_open_ins_ends_with_its_paragraph() {
        let nest = |n: usize| format!("{}x{}\n", "<ins>*a ".repeat(n), " a*</ins>".repeat(n));
        // Four times two levels: the limit.
        assert!(parse_str(&nest(MAX_INLINE_DEPTH / 2)).1.is_empty());
        let d = parse_str(&nest(MAX_INLINE_DEPTH / 2 + 1)).1;
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].position.unwrap(), Position { line: 1, column: "<ins>*a ".len() * MAX_INLINE_DEPTH / 2 + 1 });
        // An <ins> never closed does not carry over into the next
        // paragraph, however many there are.
        assert!(parse_str(&"a <ins>b\n\n".repeat(10_000)).1.is_empty());
        // Nor do unmatched closing tags lower the count.
        let d = parse_str(&format!("{}{}\n", "</ins>".repeat(50), nest(MAX_INLINE_DEPTH))).1;
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn link_positions_are_file_positions() {
        let (nodes, _) = parse_str("::: redactie\nZie [x](@/a.md).\n:::\n");
        let Node::Block(b) = &nodes[0] else { panic!() };
        let Node::Markdown(events) = &b.children[0] else { panic!() };
        let link = events.iter().find(|l| l.position.is_some()).unwrap();
        assert_eq!(link.position.unwrap(), Position { line: 2, column: 5 });
    }
}
