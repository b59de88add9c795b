//! The answers' Markdown subset written as Word blocks for the form: paragraphs, bulleted and
//! numbered lists (nested), bold, italic, links as their text, simple tables.

use docx_rs::{BreakType, IndentLevel, NumberingId, Paragraph, Run, Table, TableCell, TableRow};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::form_write::{Child, Form, BULLETS};

/// A table of text cells; the first row bold when `header`.
pub(super) fn table(form: &Form<'_>, rows: &[Vec<String>], header: bool) -> Table {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            TableRow::new(
                row.iter()
                    .map(|cell| {
                        let run = Run::new().add_text(cell.as_str());
                        let run = if header && i == 0 { run.bold() } else { run };
                        TableCell::new().add_paragraph(form.paragraph().add_run(run))
                    })
                    .collect(),
            )
        })
        .collect();
    Table::new(rows)
}

/// Markdown (the answers' subset) as Word blocks: paragraphs, bulleted and numbered lists
/// (nested), bold, italic, links as their text, simple tables. Long because it is one pass
/// over the Markdown events, an arm for each construct of the subset.
pub(super) fn markdown_blocks(form: &mut Form<'_>, markdown: &str) -> Vec<Child> {
    let mut out = Vec::new();
    let mut para: Option<Paragraph> = None;
    let (mut bold, mut italic) = (0u32, 0u32);
    // Open lists: the numbering id of each level.
    let mut lists: Vec<usize> = Vec::new();
    let mut table_rows: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Paragraph) if cell.is_none() => {
                let mut p = form.paragraph();
                if let Some(id) = lists.last() {
                    p = p.numbering(NumberingId::new(*id), IndentLevel::new(lists.len() - 1));
                }
                if para.is_none() {
                    para = Some(p);
                }
            }
            Event::End(TagEnd::Paragraph) if cell.is_none() => {
                if let Some(p) = para.take() {
                    out.push(Child::para(p));
                }
            }
            Event::Start(Tag::List(start)) => {
                if let Some(p) = para.take() {
                    out.push(Child::para(p));
                }
                lists.push(form.numbering(start.is_some()));
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(p) = para.take() {
                    out.push(Child::para(p));
                }
                let level = lists.len().saturating_sub(1);
                let id = lists.last().copied().unwrap_or(BULLETS);
                para = Some(
                    form.paragraph()
                        .numbering(NumberingId::new(id), IndentLevel::new(level)),
                );
            }
            Event::End(TagEnd::Item) => {
                if let Some(p) = para.take() {
                    out.push(Child::para(p));
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                if let Some(p) = para.take() {
                    out.push(Child::para(p));
                }
                table_rows = Some(Vec::new());
            }
            Event::End(TagEnd::Table) => {
                if let Some(rows) = table_rows.take() {
                    out.push(Child::table(table(form, &rows, false)));
                    out.push(Child::para(form.paragraph()));
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(rows) = table_rows.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(rows), Some(text)) = (table_rows.as_mut(), cell.take()) {
                    if let Some(row) = rows.last_mut() {
                        row.push(text);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&text);
                    continue;
                }
                let mut run = Run::new().add_text(text.as_ref());
                if bold > 0 {
                    run = run.bold();
                }
                if italic > 0 {
                    run = run.italic();
                }
                let p = para.take().unwrap_or_else(|| form.paragraph());
                para = Some(p.add_run(run));
            }
            Event::SoftBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if let Some(p) = para.take() {
                    para = Some(p.add_run(Run::new().add_text(" ")));
                }
            }
            Event::HardBreak => {
                if let Some(p) = para.take() {
                    para = Some(p.add_run(Run::new().add_break(BreakType::TextWrapping)));
                }
            }
            _ => {}
        }
    }
    if let Some(p) = para.take() {
        out.push(Child::para(p));
    }
    out
}
