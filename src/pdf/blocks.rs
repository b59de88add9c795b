//! The review as blocks to lay out: the cover, the sections in template order with each
//! field's label and answer, and the sign-off sheet.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::circulation::NoteThread;
use serde_json::Value;

use crate::review::{is_answered, Display, ReviewDocument, Values};
use crate::sign::fingerprint_groups;
use crate::template::{Field, FieldKind, OptionsFrom, Repeat, Template};

use super::labels::Labels;
use super::markdown::{self, BODY};
use super::page::{Block, Para};
use super::text::{ltr, Span};
use super::PdfOptions;

/// A heading block.
pub(super) fn heading(title: &str, level: usize, anchor: Option<String>) -> Block {
    let size = match level {
        0 => 15.0,
        1 => 12.5,
        _ => 11.5,
    };
    Block::Para(Para {
        spans: vec![Span::bold(title)],
        size,
        before: if level == 0 { 18.0 } else { 12.0 },
        after: if level == 0 { 8.0 } else { 4.0 },
        keep: true,
        anchor: anchor.map(|a| (level, a)),
        heading: Some(level),
        ..Para::default()
    })
}

pub(super) fn para(spans: Vec<Span>, size: f32) -> Block {
    Block::Para(Para {
        spans,
        size,
        before: 2.0,
        after: 3.0,
        ..Para::default()
    })
}

/// What the text of the document is drawn from.
pub(super) struct Context<'a> {
    /// The template.
    pub template: &'a Template,
    /// The answers, by field path.
    pub values: &'a Values,
    /// The review's language.
    pub lang: &'a str,
    /// The PDF's own words in that language.
    pub words: &'static Labels,
    /// The comments to print after the answers (an internal-review copy), by field path.
    pub notes: Option<&'a BTreeMap<String, Vec<NoteThread>>>,
    /// How many comment threads were numbered so far.
    pub numbered: Cell<usize>,
}

impl Context<'_> {
    /// The cover page.
    pub(super) fn cover(
        &self,
        document: &ReviewDocument,
        state: &str,
        cycle: &str,
        title: &str,
        is_final: bool,
    ) -> Vec<Block> {
        let w = self.words;
        let get = |p: &str| {
            self.values
                .get(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let date = {
            let d = get("cover.date");
            if d.is_empty() {
                document.updated.chars().take(10).collect()
            } else {
                d
            }
        };
        let mut blocks = vec![
            Block::Para(Para {
                spans: vec![Span::bold(title)],
                size: 26.0,
                before: 150.0,
                after: 14.0,
                heading: Some(0),
                ..Para::default()
            }),
            Block::Para(Para {
                spans: vec![Span::plain(state)],
                size: 18.0,
                after: 4.0,
                ..Para::default()
            }),
            Block::Para(Para {
                spans: vec![Span::plain(cycle)],
                size: 14.0,
                after: 40.0,
                gray: 0.25,
                ..Para::default()
            }),
        ];
        let status = if is_final { w.final_ } else { w.draft };
        for (label, value) in [
            (w.member_state, state.to_string()),
            (w.cycle, cycle.to_string()),
            (w.date, ltr(&date)),
            (w.revision, ltr(&document.revision.to_string())),
            (w.status, status.to_string()),
            (w.lead_entity, get("cover.lead_entity")),
            (w.focal_point, get("cover.focal_point")),
        ] {
            blocks.push(para(
                vec![Span::bold(format!("{label}: ")), Span::plain(value)],
                11.0,
            ));
        }
        blocks
    }

    /// The sections after the cover, from a new page.
    pub(super) fn body(&self, options: &PdfOptions) -> Vec<Block> {
        let mut blocks = vec![Block::PageBreak];
        for section in &self.template.sections {
            if section.id == "cover" {
                for field in &section.fields {
                    self.notes(&format!("cover.{}", field.id), &mut blocks);
                }
                continue;
            }
            let title = match &section.number {
                Some(n) => format!("{n}. {}", section.title.get(self.lang)),
                None => section.title.get(self.lang).to_string(),
            };
            blocks.push(heading(&title, 0, Some(title.clone())));
            match section.repeat {
                Some(Repeat::Objectives) => {
                    let objective = |n: u8, level: usize, blocks: &mut Vec<Block>| {
                        self.objective(section, n, level, options.omit_unanswered, blocks)
                    };
                    if options.by_round_table {
                        let mut seen = Vec::new();
                        for table in &self.template.round_tables {
                            let t = table.title.get(self.lang).to_string();
                            blocks.push(heading(&t, 1, Some(t.clone())));
                            for n in &table.objectives {
                                seen.push(*n);
                                objective(*n, 2, &mut blocks);
                            }
                        }
                        let rest: Vec<u8> = self
                            .template
                            .objectives
                            .iter()
                            .map(|o| o.number)
                            .filter(|n| !seen.contains(n))
                            .collect();
                        if !rest.is_empty() {
                            let t = self.words.other_objectives;
                            blocks.push(heading(t, 1, Some(t.to_string())));
                            for n in rest {
                                objective(n, 2, &mut blocks);
                            }
                        }
                    } else {
                        for o in &self.template.objectives {
                            objective(o.number, 1, &mut blocks);
                        }
                    }
                }
                None => {
                    for field in &section.fields {
                        let path = format!("{}.{}", section.id, field.id);
                        self.field(field, &path, !options.omit_unanswered, &mut blocks);
                    }
                }
            }
        }
        blocks
    }

    fn objective(
        &self,
        section: &crate::template::Section,
        number: u8,
        level: usize,
        omit_unanswered: bool,
        blocks: &mut Vec<Block>,
    ) {
        let Some(objective) = self.template.objective(number) else {
            return;
        };
        let path = |f: &Field| format!("{}.{}.{}", section.id, number, f.id);
        let answered = section
            .fields
            .iter()
            .any(|f| self.values.get(&path(f)).is_some_and(is_answered));
        if omit_unanswered && !answered {
            return;
        }
        let title = format!(
            "{} {number}: {}",
            self.words.objective,
            objective.title.get(self.lang)
        );
        blocks.push(heading(&title, level, Some(title.clone())));
        if !answered {
            blocks.push(para(vec![Span::italic(self.words.not_answered)], BODY));
            for field in &section.fields {
                self.notes(&path(field), blocks);
            }
            return;
        }
        for field in &section.fields {
            let p = path(field);
            match field.kind {
                FieldKind::Bool => {
                    let yes = self
                        .values
                        .get(&p)
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    blocks.push(para(
                        vec![
                            Span::bold(format!("{}: ", field.label.get(self.lang))),
                            Span::plain(self.display().yes_no(yes)),
                        ],
                        BODY,
                    ));
                    self.notes(&p, blocks);
                }
                _ => self.field(field, &p, false, blocks),
            }
        }
    }

    /// A field's label and answer, then its comments in an internal-review copy;
    /// `show_empty` prints "no answer" for an unanswered field (as does a comment on it).
    fn field(&self, field: &Field, path: &str, show_empty: bool, blocks: &mut Vec<Block>) {
        self.answer(field, path, show_empty || self.has_notes(path), blocks);
        self.notes(path, blocks);
    }

    /// A field's label and answer; `show_empty` prints "no answer" for an unanswered field.
    fn answer(&self, field: &Field, path: &str, show_empty: bool, blocks: &mut Vec<Block>) {
        let value = self.values.get(path).filter(|v| is_answered(v));
        let label = field.label.get(self.lang).to_string();
        let Some(value) = value else {
            if show_empty {
                blocks.push(label_block(&label));
                blocks.push(para(vec![Span::italic(self.words.not_answered)], BODY));
            }
            return;
        };
        match field.kind {
            FieldKind::Richtext => {
                blocks.push(label_block(&label));
                blocks.extend(markdown::blocks(value.as_str().unwrap_or("")));
            }
            FieldKind::Table => {
                blocks.push(label_block(&label));
                blocks.push(self.table(field, value));
            }
            FieldKind::Multi => {
                let items = value
                    .as_array()
                    .map(|a| self.display().options_in_order(field, a))
                    .unwrap_or_default();
                let label = if field.options_from == Some(OptionsFrom::Principles) {
                    self.words.principles.to_string()
                } else {
                    label
                };
                blocks.push(para(
                    vec![
                        Span::bold(format!("{label}: ")),
                        Span::plain(items.join("; ")),
                    ],
                    BODY,
                ));
            }
            _ => {
                let shown = self.display().answer(path, value);
                blocks.push(para(
                    vec![Span::bold(format!("{label}: ")), Span::plain(shown)],
                    BODY,
                ));
            }
        }
    }

    /// How answers read in the review's language.
    fn display(&self) -> Display<'_> {
        Display::new(self.template, self.lang)
    }

    /// A table answer: the column labels, then a row of cells for each row.
    fn table(&self, field: &Field, value: &Value) -> Block {
        let header = field
            .columns
            .iter()
            .map(|c| vec![Span::plain(c.label.get(self.lang))])
            .collect();
        let rows = value
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        field
                            .columns
                            .iter()
                            .map(|c| vec![Span::plain(self.display().cell(c, row))])
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Block::Table { header, rows }
    }

    /// The sign-off sheet, from a new page.
    pub(super) fn signoff(
        &self,
        document: &ReviewDocument,
        fingerprint: &str,
        options: &PdfOptions,
    ) -> Vec<Block> {
        let signer_kid = options.signer_kid.as_deref();
        let w = self.words;
        let mut blocks = vec![
            Block::PageBreak,
            heading(w.signoff, 0, Some(w.signoff.to_string())),
            para(vec![Span::plain(w.signoff_intro)], BODY),
            para(
                vec![
                    Span::bold(format!("{}: ", w.fingerprint)),
                    Span::plain(fingerprint),
                ],
                9.5,
            ),
        ];
        if let Some(kid) = signer_kid {
            let shown = match fingerprint_groups(kid) {
                Some(groups) => format!("{groups} ({kid})"),
                None => kid.to_string(),
            };
            blocks.push(para(
                vec![
                    Span::bold(format!("{}: ", w.signer_key)),
                    Span::plain(shown),
                ],
                9.5,
            ));
        }
        let form = |ministry: &str, name: &str, title: &str, date: &str| Block::Form {
            fields: vec![
                (w.ministry.to_string(), ministry.to_string()),
                (w.name.to_string(), name.to_string()),
                (w.title.to_string(), title.to_string()),
                (w.date.to_string(), date.to_string()),
                (w.signature.to_string(), String::new()),
            ],
        };
        let list = &options.circulation.signoff;
        if !list.is_empty() {
            blocks.extend(super::signoff::sheet(w, self.lang, list, fingerprint));
        } else if document.signoff.is_empty() {
            blocks.extend((0..4).map(|_| form("", "", "", "")));
        } else {
            blocks.extend(document.signoff.iter().map(|s| {
                form(
                    &s.ministry,
                    &s.name,
                    &s.title,
                    s.date.as_deref().unwrap_or(""),
                )
            }));
        }
        blocks
    }
}

fn label_block(label: &str) -> Block {
    Block::Para(Para {
        spans: vec![Span::bold(label)],
        size: BODY,
        before: 6.0,
        after: 1.0,
        keep: true,
        gray: 0.2,
        ..Para::default()
    })
}
