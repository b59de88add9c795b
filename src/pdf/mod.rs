//! The PDF for interministerial sign-off: cover, contents, the sections in template order, the
//! sign-off sheet; running header, page x of y and the document fingerprint on every page.
//!
//! Text is shaped with rustybuzz, ordered with unicode-bidi, broken into lines with
//! unicode-linebreak, and written with pdf-writer in fonts subset with subsetter (see
//! `README.md` here for why not printpdf). The output depends only on the document, the
//! template and the options: the same input gives the same bytes.
#![deny(clippy::disallowed_methods)]

mod circulation;
mod fonts;
mod labels;
mod layout;
mod markdown;
mod notes;
mod signoff;
mod text;
mod writer;

use std::cell::Cell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::review::{is_answered, ReviewDocument, Values};
use crate::sign::{canonicalize, fingerprint_groups};
use crate::template::{member_state, Field, FieldKind, OptionsFrom, Repeat, Template};

use fonts::Fonts;
use labels::{labels, Labels};
use layout::{Anchor, Block, Element, Flow, Geometry, Item, Page, Para, PathOp, Tag};
use markdown::BODY;
use text::{lines, ltr, Span};
use writer::{Bookmark, Meta};

pub use circulation::{Circulation, Note, NoteThread, SheetApproval, SheetEntry};

/// How to make the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdfOptions {
    /// Objectives grouped by IMRF round table instead of by number.
    pub by_round_table: bool,
    /// US Letter instead of A4.
    pub letter: bool,
    /// Leave out objectives with no answer at all.
    pub omit_unanswered: bool,
    /// Add the sign-off sheet.
    pub signoff_sheet: bool,
    /// The key id (RFC 7638 thumbprint) of the key the JSON is signed with, printed on the
    /// sign-off sheet.
    pub signer_kid: Option<String>,
    /// The creation date recorded in the PDF (RFC 3339); the caller passes it in.
    pub created: String,
    /// An internal-review copy: the comments on each answer printed after it, as numbered
    /// notes, and a notice on the cover that the copy is not the submission.
    pub internal_review: bool,
    /// The final decision, the sign-off list and the comments, as the application layer
    /// gives them (never taken from the UI).
    #[serde(skip)]
    pub circulation: Circulation,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            by_round_table: false,
            letter: false,
            omit_unanswered: false,
            signoff_sheet: true,
            signer_kid: None,
            created: String::new(),
            internal_review: false,
            circulation: Circulation::default(),
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, Error)]
pub enum PdfError {
    /// A bundled font could not be read or subset: the installation is damaged.
    #[error("the bundled font {0} could not be used; reinstall the application")]
    Font(String),
    /// The review document could not be canonicalised for its fingerprint.
    #[error("the review document cannot be fingerprinted: {0}")]
    Document(String),
}

/// The key of the document information entry that records the review's fingerprint.
pub const FINGERPRINT_KEY: &[u8] = b"GCMReviewFingerprint";

/// The fingerprint a PDF made by [`render`] records, if it records one.
pub fn recorded_fingerprint(pdf: &[u8]) -> Option<String> {
    let mut key = b"/".to_vec();
    key.extend_from_slice(FINGERPRINT_KEY);
    key.extend_from_slice(b" (");
    let at = pdf.windows(key.len()).position(|w| w == key.as_slice())? + key.len();
    let hex = pdf.get(at..at + 64)?;
    (hex.iter().all(|b| b.is_ascii_hexdigit()) && pdf.get(at + 64) == Some(&b')'))
        .then(|| String::from_utf8_lossy(hex).into_owned())
}

/// The SHA-256 of the RFC 8785 canonical JSON of the review document, in hex: the fingerprint
/// printed in the footer (first 16 digits) and on the sign-off sheet (all 64).
pub fn fingerprint(document: &ReviewDocument) -> Result<String, PdfError> {
    let value = serde_json::to_value(document).map_err(|e| PdfError::Document(e.to_string()))?;
    let bytes = canonicalize(&value).map_err(|e| PdfError::Document(e.to_string()))?;
    Ok(Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Renders a review as PDF.
pub fn render(
    template: &Template,
    document: &ReviewDocument,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let values = document.values();
    let text = |path: &str| {
        values
            .get(path)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let language = {
        let l = text("cover.language");
        if l.is_empty() {
            "en".to_string()
        } else {
            l
        }
    };
    let lang = language.as_str();
    let words = labels(lang);
    let fingerprint = fingerprint(document)?;
    let is_final = options.circulation.is_final;
    let state = {
        let iso3 = text("cover.member_state");
        member_state(&iso3)
            .map(|m| m.name.get(lang).to_string())
            .unwrap_or(iso3)
    };
    let cycle = text("cover.cycle");
    let title = template.title.get(lang).to_string();
    let geo = if options.letter {
        Geometry {
            width: 612.0,
            height: 792.0,
            side: 64.0,
            top: 72.0,
            bottom: 64.0,
        }
    } else {
        Geometry {
            width: 595.28,
            height: 841.89,
            side: 64.0,
            top: 76.0,
            bottom: 68.0,
        }
    };

    let ctx = Context {
        template,
        values: &values,
        lang,
        words,
        notes: options
            .internal_review
            .then_some(&options.circulation.notes),
        numbered: Cell::new(0),
    };

    // Cover.
    let mut cover = Flow::new(&fonts, geo);
    let mut cover_blocks = ctx.cover(document, &state, &cycle, &title, is_final);
    if options.internal_review {
        cover_blocks.push(ctx.internal_notice());
    }
    cover.run(&cover_blocks);

    // Body and sign-off sheet.
    let mut body_blocks = ctx.body(options);
    if options.signoff_sheet {
        body_blocks.extend(ctx.signoff(document, &fingerprint, options));
    }
    let mut body = Flow::new(&fonts, geo);
    body.run(&body_blocks);

    // Contents: laid out once to count its pages, then with the real page numbers.
    let toc_blocks = |offset: usize, anchors: &[Anchor]| -> Vec<Block> {
        let mut blocks = vec![heading(words.contents, 0, None)];
        blocks.extend(anchors.iter().map(|a| Block::Toc {
            spans: vec![Span::plain(a.title.clone())],
            indent: 14.0 * a.level as f32,
            page: (a.page + offset + 1).to_string(),
        }));
        blocks
    };
    let mut probe = Flow::new(&fonts, geo);
    probe.run(&toc_blocks(1000, &body.anchors));
    let offset = cover.pages.len() + probe.pages.len();
    let mut toc = Flow::new(&fonts, geo);
    toc.run(&toc_blocks(offset, &body.anchors));

    let contents_page = cover.pages.len();
    let anchors = std::mem::take(&mut body.anchors);
    let mut pages: Vec<Page> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    for flow in [cover, toc, body] {
        let (p, e) = flow.finish(elements.len());
        pages.extend(p);
        elements.extend(e);
    }
    let total = pages.len();

    // Running header, footer, DRAFT mark.
    let header = format!("{state} · {title} · {cycle}");
    let mark = (!is_final).then(|| draft_mark(&fonts, words.draft, geo));
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = format!(
            "{} · {}",
            words
                .page_of
                .replace("{x}", &(i + 1).to_string())
                .replace("{y}", &total.to_string()),
            &fingerprint[..16]
        );
        let mut furniture = Vec::new();
        if let Some(mark) = &mark {
            furniture.push(mark.clone());
        }
        for (t, y) in [(&header, geo.height - 40.0), (&footer, 34.0)] {
            if let Some(line) = lines(
                &fonts,
                &[Span::plain(t.clone())],
                8.0,
                geo.width - 2.0 * geo.side,
            )
            .into_iter()
            .next()
            {
                furniture.push(Item::Text {
                    x: (geo.width - line.width) / 2.0,
                    y,
                    gray: 0.35,
                    line,
                    tag: Tag::Artifact,
                });
            }
        }
        furniture.push(Item::Rule {
            x1: geo.side,
            y1: geo.height - 48.0,
            x2: geo.width - geo.side,
            y2: geo.height - 48.0,
            width: 0.4,
        });
        furniture.append(&mut page.items);
        page.items = furniture;
    }

    // Bookmarks: the contents, then every heading of the body.
    let mut bookmarks = vec![Bookmark {
        level: 0,
        title: words.contents.to_string(),
        page: contents_page,
        y: geo.height - geo.top,
    }];
    bookmarks.extend(anchors.iter().map(|a| Bookmark {
        level: a.level,
        title: a.title.clone(),
        page: a.page + offset,
        y: a.y,
    }));

    let meta = Meta {
        title: format!("{title} — {state} — {cycle}"),
        author: text("cover.lead_entity"),
        subject: format!("{title}: {state}, {cycle}"),
        lang: lang.to_string(),
        created: if options.created.is_empty() {
            document.updated.clone()
        } else {
            options.created.clone()
        },
        id: fingerprint.as_bytes().to_vec(),
        fingerprint: fingerprint.clone(),
    };
    writer::write(
        &fonts,
        &pages,
        &elements,
        (geo.width, geo.height),
        &bookmarks,
        &meta,
    )
}

/// A heading block.
fn heading(title: &str, level: usize, anchor: Option<String>) -> Block {
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

fn para(spans: Vec<Span>, size: f32) -> Block {
    Block::Para(Para {
        spans,
        size,
        before: 2.0,
        after: 3.0,
        ..Para::default()
    })
}

/// What the text of the document is drawn from.
struct Context<'a> {
    template: &'a Template,
    values: &'a Values,
    lang: &'a str,
    words: &'static Labels,
    /// The comments to print after the answers (an internal-review copy), by field path.
    notes: Option<&'a BTreeMap<String, Vec<NoteThread>>>,
    /// How many comment threads were numbered so far.
    numbered: Cell<usize>,
}

impl Context<'_> {
    fn cover(
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

    fn body(&self, options: &PdfOptions) -> Vec<Block> {
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
                            Span::plain(if yes { self.words.yes } else { self.words.no }),
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
                                    .map(|c| {
                                        let cell =
                                            row.get(&c.id).and_then(Value::as_str).unwrap_or("");
                                        let shown = c
                                            .options
                                            .iter()
                                            .find(|o| o.value == cell)
                                            .map(|o| o.label.get(self.lang).to_string())
                                            .unwrap_or_else(|| cell.to_string());
                                        vec![Span::plain(shown)]
                                    })
                                    .collect()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                blocks.push(Block::Table { header, rows });
            }
            FieldKind::Multi => {
                let items: Vec<String> = value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(|v| self.option(field, v))
                            .collect()
                    })
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
                let shown = match value {
                    Value::String(s) => self.option(field, s),
                    Value::Bool(b) => (if *b { self.words.yes } else { self.words.no }).to_string(),
                    other => other.to_string(),
                };
                blocks.push(para(
                    vec![Span::bold(format!("{label}: ")), Span::plain(shown)],
                    BODY,
                ));
            }
        }
    }

    /// The label of an option value.
    fn option(&self, field: &Field, value: &str) -> String {
        match field.options_from {
            Some(OptionsFrom::Principles) => self
                .template
                .principles
                .iter()
                .find(|p| p.id == value)
                .map(|p| format!("({}) {}", p.letter, p.label.get(self.lang)))
                .unwrap_or_else(|| value.to_string()),
            Some(OptionsFrom::MemberStates) => member_state(value)
                .map(|m| m.name.get(self.lang).to_string())
                .unwrap_or_else(|| value.to_string()),
            _ => field
                .options
                .iter()
                .find(|o| o.value == value)
                .map(|o| o.label.get(self.lang).to_string())
                .unwrap_or_else(|| value.to_string()),
        }
    }

    fn signoff(
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
            blocks.extend(signoff::sheet(w, self.lang, list, fingerprint));
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

/// The DRAFT mark: the word's glyph outlines, large, light grey, across the page.
fn draft_mark(fonts: &Fonts, word: &str, geo: Geometry) -> Item {
    let size = 110.0;
    let mut ops = Vec::new();
    let Some(line) = lines(fonts, &[Span::bold(word)], size, f32::INFINITY)
        .into_iter()
        .next()
    else {
        return Item::Path { ops, gray: 0.88 };
    };
    let (cos, sin) = (
        std::f32::consts::FRAC_PI_4.cos(),
        std::f32::consts::FRAC_PI_4.sin(),
    );
    let (cx, cy) = (geo.width / 2.0, geo.height / 2.0);
    let origin = (-line.width / 2.0, -size * 0.35);
    let mut pen = 0.0;
    for run in &line.runs {
        let face = &fonts.faces[run.font];
        let scale = run.size / face.upem;
        for g in &run.glyphs {
            let mut outline = Outline {
                ops: Vec::new(),
                at: (0.0, 0.0),
                place: |x: f32, y: f32| {
                    let px = origin.0 + pen + g.dx + x * scale;
                    let py = origin.1 + g.dy + y * scale;
                    (cx + px * cos - py * sin, cy + px * sin + py * cos)
                },
            };
            face.face
                .outline_glyph(ttf_parser::GlyphId(g.id), &mut outline);
            ops.extend(outline.ops);
            pen += g.advance;
        }
    }
    Item::Path { ops, gray: 0.88 }
}

/// Collects a glyph outline as path steps.
struct Outline<F: Fn(f32, f32) -> (f32, f32)> {
    ops: Vec<PathOp>,
    at: (f32, f32),
    place: F,
}

impl<F: Fn(f32, f32) -> (f32, f32)> ttf_parser::OutlineBuilder for Outline<F> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x, y);
        self.ops.push(PathOp::Move(a, b));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x, y);
        self.ops.push(PathOp::Line(a, b));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.curve_to(c1.0, c1.1, c2.0, c2.1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x1, y1);
        let (c, d) = (self.place)(x2, y2);
        let (e, f) = (self.place)(x, y);
        self.ops.push(PathOp::Cubic(a, b, c, d, e, f));
    }
    fn close(&mut self) {
        self.ops.push(PathOp::Close);
    }
}
