//! Answers in the Markdown subset (paragraphs, lists, bold, italic, simple tables) to blocks.
//! Anything else is shown as its text; nothing is interpreted as HTML.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::page::{Block, Para};
use super::text::Span;

/// The cells of a table row.
type Row = Vec<Vec<Span>>;

/// Body text size.
pub(crate) const BODY: f32 = 10.5;

/// The blocks of an answer. Long because it is one pass over the Markdown events, an arm for
/// each construct of the answer subset (paragraphs, lists, emphasis, links, tables).
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut bold = 0usize;
    let mut italic = 0usize;
    // Per open list: the next number, if numbered.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut marker: Option<String> = None;
    let mut table: Option<(Row, Vec<Row>)> = None;
    let mut row: Vec<Vec<Span>> = Vec::new();

    let flush =
        |out: &mut Vec<Block>, spans: &mut Vec<Span>, marker: &mut Option<String>, depth: usize| {
            if spans.iter().all(|s| s.text.trim().is_empty()) {
                spans.clear();
                return;
            }
            out.push(Block::Para(Para {
                spans: std::mem::take(spans),
                size: BODY,
                indent: 16.0 * depth as f32,
                marker: marker.take(),
                before: if depth > 0 { 1.0 } else { 4.0 },
                after: if depth > 0 { 1.0 } else { 3.0 },
                ..Para::default()
            }));
        };

    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        if let Event::End(TagEnd::Heading(_)) = event {
            bold = bold.saturating_sub(1);
        }
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::List(first)) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
                marker = Some(match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "•".to_string(),
                });
            }
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::BlockQuote(_))
            | Event::End(TagEnd::CodeBlock) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
                bold += 1;
            }
            Event::Start(Tag::Table(_)) => {
                flush(&mut out, &mut spans, &mut marker, lists.len());
                table = Some((Vec::new(), Vec::new()));
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    if t.0.is_empty() {
                        t.0 = std::mem::take(&mut row);
                    }
                }
                row.clear();
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.1.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut spans)),
            Event::End(TagEnd::Table) => {
                if let Some((header, rows)) = table.take() {
                    out.push(Block::Table { header, rows });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                spans.push(Span {
                    text: t.to_string(),
                    bold: bold > 0,
                    italic: italic > 0,
                });
            }
            Event::SoftBreak => spans.push(Span::plain(" ")),
            Event::HardBreak => spans.push(Span::plain("\n")),
            _ => {}
        }
    }
    flush(&mut out, &mut spans, &mut marker, lists.len());
    out
}
