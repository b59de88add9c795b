//! A contribution request written as a Word form (`.docx`), for an entity that works in Word
//! or LibreOffice: a cover in the review's language, then for each assigned field its section
//! and objective heading, the question and guidance as protected text, and one rich-text
//! content control whose tag is the field path and whose title is the question, filled with
//! the answer the request carries; then the rest of the review as read-only context.
//!
//! The document is built with `docx-rs`. What that crate does not write is added to its XML
//! afterwards, and only that: a content control's tag, id and lock (`docx-rs` writes only its
//! title, `w:alias`), and right-to-left runs (`w:rtl`) in an Arabic review.
//!
//! LibreOffice 7.4 keeps neither a content control's tag nor its extent when it saves a
//! `.docx` again (it keeps the title and makes the first paragraph an inline control, losing
//! that paragraph's bold and italic), so each answer starts with an empty paragraph holding a
//! hidden bookmark (`_gcm_f<n>`, `n` the field's place among the request's fields in path
//! order), and each question, the context and the end carry one too: an answer is then what
//! lies between its bookmark and the next.
//! The request's identity (review, request, base revision) is in the document's custom
//! properties, which Word and LibreOffice both keep.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText,
    LineSpacing, NumberFormat, Numbering, NumberingId, Paragraph, Run, RunFonts, Shading, ShdType,
    Start, StructuredDataTag, Style, StyleType, Table,
};
use serde_json::Value;

use super::form_markdown::{markdown_blocks, table};
use super::form_text::{form_text, FormText};
use super::{ContribError, Request};
use crate::document::FORM_MARK_PREFIX;
use crate::review::Display;
use crate::template::{FieldKind, FieldRef, Template};

/// Name and version of the Word form (its `gcm-form` custom property).
pub const FORM_FORMAT: &str = "gcm-contribution-form/1";
/// The custom properties that name the request a form answers.
pub const FORM_PROPERTIES: [&str; 4] =
    ["gcm-form", "gcm-review", "gcm-request", "gcm-base-revision"];

/// The fonts named for every run, as the PDF uses them: Latin and Cyrillic, Chinese, Arabic.
const LATIN_FONT: &str = "Noto Sans";
const CJK_FONT: &str = "Noto Sans CJK SC";
const ARABIC_FONT: &str = "Noto Naskh Arabic";

/// The numbering of bulleted lists, and of numbered ones (each list restarts at 1), past
/// those `docx-rs` defines itself; each list's own numbering counts on from `FIRST_LIST`.
pub(super) const BULLETS: usize = 10;
const NUMBERS: usize = 11;
const FIRST_LIST: usize = 20;

/// The style of an answer's paragraphs: lightly shaded, so that the box shows in any office
/// suite; a new paragraph typed in it keeps it.
const ANSWER_STYLE: &str = "Answer";

/// The bookmark that starts the answer to the `n`th field (in path order).
pub fn answer_mark(n: usize) -> String {
    format!("{FORM_MARK_PREFIX}f{n}")
}

/// What is written for one content control, before its tag is put in.
struct Control {
    tag: String,
    title: String,
    locked: bool,
}

/// The document being built, with the content controls to finish afterwards.
pub(super) struct Form<'a> {
    docx: Docx,
    rtl: bool,
    controls: Vec<Control>,
    bookmarks: usize,
    next_numbering: usize,
    text: &'a FormText,
    language: &'a str,
    /// Whether an answer is being written: its paragraphs take the shaded answer style.
    answering: bool,
}

impl Form<'_> {
    pub(super) fn paragraph(&self) -> Paragraph {
        let mut p = Paragraph::new();
        if self.answering {
            p = p.style(ANSWER_STYLE);
        }
        if self.rtl {
            p.property = p.property.bidi(true);
            p = p.align(AlignmentType::Right);
        }
        p
    }

    fn line(&self, text: &str) -> Paragraph {
        self.paragraph().add_run(Run::new().add_text(text))
    }

    fn styled(&self, style: &str, text: &str) -> Paragraph {
        self.line(text).style(style)
    }

    fn mark(&mut self, p: Paragraph, name: &str) -> Paragraph {
        self.bookmarks += 1;
        p.add_bookmark_start(self.bookmarks, name)
            .add_bookmark_end(self.bookmarks)
    }

    /// A content control holding `paragraphs`; `tag` `None` for protected text.
    fn control(
        &mut self,
        tag: Option<&str>,
        title: &str,
        children: Vec<Child>,
    ) -> StructuredDataTag {
        let n = self.controls.len();
        self.controls.push(Control {
            tag: tag.unwrap_or_default().to_string(),
            title: title.to_string(),
            locked: tag.is_none(),
        });
        let mut sdt = StructuredDataTag::new().alias(format!("gcm-control-{n}"));
        for child in children {
            sdt = match child {
                Child::Paragraph(p) => sdt.add_paragraph(*p),
                Child::Table(t) => sdt.add_table(*t),
            };
        }
        sdt
    }

    pub(super) fn numbering(&mut self, numbered: bool) -> usize {
        self.next_numbering += 1;
        let id = self.next_numbering;
        let abstract_id = if numbered { NUMBERS } else { BULLETS };
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_numbering(
            Numbering::new(id, abstract_id).add_override(LevelOverride::new(0).start(1)),
        );
        id
    }
}

/// A block of an answer.
pub(super) enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl Child {
    pub(super) fn para(p: Paragraph) -> Child {
        Child::Paragraph(Box::new(p))
    }

    pub(super) fn table(t: Table) -> Child {
        Child::Table(Box::new(t))
    }
}

/// Writes `request` as a Word form on `template`; `member_state` is the Member State's name in
/// the review's language.
pub fn build_form(
    request: &Request,
    template: &Template,
    member_state: &str,
) -> Result<Vec<u8>, ContribError> {
    let language = request.review.language.as_str();
    let mut form = Form {
        docx: document(),
        rtl: language == "ar",
        controls: Vec::new(),
        bookmarks: 0,
        next_numbering: FIRST_LIST,
        text: form_text(language),
        language,
        answering: false,
    };
    cover(&mut form, request, template, member_state);
    questions(&mut form, request, template);
    context(&mut form, request, template);
    let Form {
        docx,
        rtl,
        controls,
        ..
    } = form;
    let docx = docx
        .custom_property(FORM_PROPERTIES[0], FORM_FORMAT)
        .custom_property(FORM_PROPERTIES[1], request.review.id.as_str())
        .custom_property(FORM_PROPERTIES[2], request.id.as_str())
        .custom_property(FORM_PROPERTIES[3], request.review.revision.to_string());
    let mut packed = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut packed)
        .map_err(|e| ContribError::Write(e.to_string()))?;
    finish(&packed.into_inner(), &controls, rtl)
}

/// An empty document with the styles, fonts and list numberings the form uses.
fn document() -> Docx {
    let fonts = RunFonts::new()
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .east_asia(CJK_FONT)
        .cs(ARABIC_FONT);
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .size(size)
            .bold()
            .fonts(fonts.clone())
    };
    let mut bullets = AbstractNumbering::new(BULLETS);
    let mut numbers = AbstractNumbering::new(NUMBERS);
    for level in 0..3usize {
        let indent = 720 * (level as i32 + 1);
        bullets = bullets.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(["•", "◦", "▪"][level]),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(docx_rs::SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
        numbers = numbers.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new(format!("%{}.", level + 1)),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(docx_rs::SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    Docx::new()
        .default_fonts(fonts.clone())
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(heading("Title", "Title", 40))
        .add_style(heading("Heading1", "heading 1", 32))
        .add_style(heading("Heading2", "heading 2", 26))
        .add_style(
            Style::new("Question", StyleType::Paragraph)
                .name("GCM question")
                .based_on("Normal")
                .bold(),
        )
        .add_style(answer_style())
        .add_style(
            Style::new("Guidance", StyleType::Paragraph)
                .name("GCM guidance")
                .based_on("Normal")
                .italic()
                .color("555555"),
        )
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(numbers)
}

/// The answers' paragraph style: a light grey fill and border.
fn answer_style() -> Style {
    let mut style = Style::new(ANSWER_STYLE, StyleType::Paragraph)
        .name("GCM answer")
        .based_on("Normal")
        .next(ANSWER_STYLE);
    style.paragraph_property = style.paragraph_property.shading(
        Shading::new()
            .shd_type(ShdType::Clear)
            .color("auto")
            .fill("F2F4F7"),
    );
    style
}

/// The cover: what is asked of whom, by whom, by when, and how to fill the form in.
fn cover(form: &mut Form<'_>, request: &Request, template: &Template, member_state: &str) {
    let t = form.text;
    let language = request.review.language.as_str();
    let c = &request.coordinator;
    let coordinator = [&c.name, &c.title, &c.ministry, &c.email]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let entity = match request.entity.ministry.trim() {
        "" => request.entity.name.clone(),
        ministry => format!("{}, {ministry}", request.entity.name),
    };
    let rows = [
        (
            t.review,
            format!("{}, {}", template.title.get(language), request.review.cycle),
        ),
        (t.member_state, member_state.to_string()),
        (t.coordinator, coordinator),
        (t.requested_of, entity),
        (
            t.due,
            request.due.clone().unwrap_or_else(|| t.no_due.into()),
        ),
    ];
    // LibreOffice 7.4 loses the formatting of a control's first paragraph and repeats its
    // right-to-left text: that paragraph is left empty.
    let mut blocks = vec![form.paragraph(), form.styled("Title", t.title)];
    for (label, value) in rows {
        blocks.push(
            form.paragraph()
                .add_run(Run::new().add_text(format!("{label}: ")).bold())
                .add_run(Run::new().add_text(value)),
        );
    }
    if !request.instructions.trim().is_empty() {
        blocks.push(form.styled("Heading2", t.instructions));
        blocks.extend(request.instructions.lines().map(|l| form.line(l)));
    }
    blocks.push(form.styled("Heading2", t.how_heading));
    blocks.extend(t.how.iter().map(|l| form.line(l)));
    let protected = blocks.into_iter().map(Child::para).collect();
    let sdt = form.control(None, t.title, protected);
    form.docx = std::mem::take(&mut form.docx).add_structured_data_tag(sdt);
}

/// The assigned fields in template order, with their index among the request's fields in path
/// order (the bookmark's number).
fn assigned<'t>(request: &Request, template: &'t Template) -> Vec<(usize, FieldRef<'t>)> {
    let order: BTreeMap<&String, usize> = request
        .fields
        .keys()
        .enumerate()
        .map(|(i, p)| (p, i))
        .collect();
    template
        .fields()
        .into_iter()
        .filter_map(|f| order.get(&f.path()).map(|n| (*n, f)))
        .collect()
}

/// Each assigned field: its headings, the question and guidance, the answer's control.
fn questions(form: &mut Form<'_>, request: &Request, template: &Template) {
    let language = request.review.language.as_str();
    let t = form.text;
    let display = Display::new(template, language);
    let mut section = String::new();
    let mut objective = None;
    let first = form.styled("Heading1", t.answers).page_break_before(true);
    form.docx = std::mem::take(&mut form.docx).add_paragraph(first);
    for (n, field) in assigned(request, template) {
        let path = field.path();
        let mut protected = Vec::new();
        if field.section.id != section {
            section = field.section.id.clone();
            objective = None;
            let title = field.section.title.get(language);
            let heading = match &field.section.number {
                Some(number) => format!("{number}. {title}"),
                None => title.to_string(),
            };
            protected.push(form.styled("Heading1", &heading));
        }
        if field.objective != objective {
            objective = field.objective;
            if let Some(o) = field.objective.and_then(|o| template.objective(o)) {
                let heading = format!("{} {}: {}", t.objective, o.number, o.title.get(language));
                protected.push(form.styled("Heading2", &heading));
            }
        }
        let question = field.field.label.get(language).to_string();
        protected.push(form.styled("Question", &question));
        for g in guidance(field, template, language, t) {
            protected.push(form.styled("Guidance", &g));
        }
        // The question's mark is in an empty first paragraph, before its headings, so that
        // an answer ends before them (and LibreOffice's loss in a control's first paragraph
        // touches no text).
        let anchor = form.paragraph();
        protected.insert(0, form.mark(anchor, &format!("{FORM_MARK_PREFIX}q{n}")));
        let protected = protected.into_iter().map(Child::para).collect();
        let sdt = form.control(None, &question, protected);
        form.docx = std::mem::take(&mut form.docx).add_structured_data_tag(sdt);
        let value = request.fields.get(&path).cloned().unwrap_or(Value::Null);
        // The answer's mark is in an empty first paragraph of its own: LibreOffice 7.4 makes
        // a control's first paragraph an inline control and loses that paragraph's bold and
        // italic, so no text of the answer is put there.
        form.answering = true;
        let mut answer = answer_blocks(form, field, &value, &display);
        let anchor = form.paragraph();
        form.answering = false;
        answer.insert(0, Child::para(form.mark(anchor, &answer_mark(n))));
        let sdt = form.control(Some(&path), &question, answer);
        form.docx = std::mem::take(&mut form.docx).add_structured_data_tag(sdt);
    }
}

/// The guidance under a question: the template's help, the options, the word limit.
fn guidance(field: FieldRef<'_>, template: &Template, language: &str, t: &FormText) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(help) = &field.field.help {
        out.push(help.get(language).to_string());
    }
    let display = Display::new(template, language);
    let options = || -> String {
        template
            .option_values(field.field)
            .iter()
            .map(|v| display.option(field.field, v))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match field.field.kind {
        FieldKind::Choice => out.push(format!("{} {}", t.choose_one, options())),
        FieldKind::Multi => out.push(format!("{} {}", t.choose_any, options())),
        FieldKind::Bool => out.push(t.yes_no.to_string()),
        FieldKind::Date => out.push(t.date.to_string()),
        _ => {}
    }
    if let Some(limit) = field.field.word_limit {
        out.push(format!("{} {limit} {}", t.at_most, t.words));
    }
    out
}

/// The answer as Word blocks: Markdown as paragraphs, lists and tables; a table field as a
/// table under its columns; the other kinds as the text a person reads.
fn answer_blocks(
    form: &mut Form<'_>,
    field: FieldRef<'_>,
    value: &Value,
    display: &Display<'_>,
) -> Vec<Child> {
    match (field.field.kind, value) {
        (_, Value::Null) if field.field.kind != FieldKind::Table => Vec::new(),
        (FieldKind::Richtext, Value::String(md)) => markdown_blocks(form, md),
        (FieldKind::Table, _) => {
            let language_rows: Vec<Vec<String>> = match value {
                Value::Array(rows) => rows
                    .iter()
                    .map(|row| {
                        field
                            .field
                            .columns
                            .iter()
                            .map(|c| display.cell(c, row))
                            .collect()
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let header: Vec<String> = field
                .field
                .columns
                .iter()
                .map(|c| c.label.get(form.language).to_string())
                .collect();
            let mut rows = vec![header];
            rows.extend(language_rows);
            if rows.len() == 1 {
                rows.push(vec![String::new(); field.field.columns.len()]);
            }
            vec![
                Child::table(table(form, &rows, true)),
                Child::para(form.paragraph()),
            ]
        }
        (FieldKind::Multi, Value::Array(_)) => {
            let id = form.numbering(false);
            display
                .answer(&field.path(), value)
                .lines()
                .map(|l| {
                    Child::para(
                        form.line(l)
                            .numbering(NumberingId::new(id), IndentLevel::new(0)),
                    )
                })
                .collect()
        }
        _ => display
            .answer(&field.path(), value)
            .lines()
            .map(|l| Child::para(form.line(l)))
            .collect(),
    }
}

/// The rest of the review, marked read-only, as protected text.
fn context(form: &mut Form<'_>, request: &Request, template: &Template) {
    let language = request.review.language.as_str();
    let t = form.text;
    let display = Display::new(template, language);
    let heading = form.styled("Heading1", t.context_heading);
    let anchor = form.paragraph().page_break_before(true);
    let anchor = form.mark(anchor, &format!("{FORM_MARK_PREFIX}context"));
    let mut blocks = vec![anchor, heading, form.styled("Guidance", t.context_note)];
    let mut any = false;
    for field in template.fields() {
        let path = field.path();
        let Some(value) = request.context.get(&path) else {
            continue;
        };
        if !crate::review::is_answered(value) || path.starts_with("cover.") {
            continue;
        }
        any = true;
        let mut label = field.field.label.get(language).to_string();
        if let Some(o) = field.objective {
            label = format!("{} {o}: {label}", t.objective);
        }
        blocks.push(form.styled("Question", &label));
        let text = match (field.field.kind, value) {
            (FieldKind::Richtext, Value::String(md)) => crate::document::plain_of(md),
            _ => display.answer(&path, value),
        };
        blocks.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| form.line(l)),
        );
    }
    if !any {
        blocks.push(form.line(t.no_context));
    }
    let end = form.paragraph();
    blocks.push(form.mark(end, &format!("{FORM_MARK_PREFIX}end")));
    let protected = blocks.into_iter().map(Child::para).collect();
    let sdt = form.control(None, t.context_heading, protected);
    form.docx = std::mem::take(&mut form.docx).add_structured_data_tag(sdt);
}

/// Escapes text for an XML attribute.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Puts into the packed document what `docx-rs` does not write: each content control's title,
/// tag, id and lock, and `w:rtl` on every run (`w:bidiVisual` on every table) of a
/// right-to-left review.
fn finish(packed: &[u8], controls: &[Control], rtl: bool) -> Result<Vec<u8>, ContribError> {
    let write = |e: &dyn std::fmt::Display| ContribError::Write(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(packed)).map_err(|e| write(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| write(&e))?;
        let name = part.name().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).map_err(|e| write(&e))?;
        if name == "word/document.xml" {
            let mut xml = String::from_utf8(bytes).map_err(|e| write(&e))?;
            for (n, c) in controls.iter().enumerate().rev() {
                let marker = format!("<w:alias w:val=\"gcm-control-{n}\" />");
                let mut props = format!("<w:alias w:val=\"{}\" />", attr(&c.title));
                if !c.tag.is_empty() {
                    props.push_str(&format!("<w:tag w:val=\"{}\" />", attr(&c.tag)));
                }
                props.push_str(&format!("<w:id w:val=\"{}\" />", 1000 + n));
                if c.locked {
                    props.push_str("<w:lock w:val=\"sdtContentLocked\" />");
                }
                if !xml.contains(&marker) {
                    return Err(write(&format!("content control {n} was not written")));
                }
                xml = xml.replacen(&marker, &props, 1);
            }
            if rtl {
                // Last in its run's properties, where the schema's order puts it.
                xml = xml
                    .replace("<w:rPr />", "<w:rPr><w:rtl /></w:rPr>")
                    .replace("</w:rPr>", "<w:rtl /></w:rPr>")
                    // Tables read right to left too; first in their properties, as the
                    // schema's order has it when there is no table style.
                    .replace("<w:tblPr>", "<w:tblPr><w:bidiVisual />");
            }
            bytes = xml.into_bytes();
        }
        out.start_file(name, options).map_err(|e| write(&e))?;
        out.write_all(&bytes).map_err(|e| write(&e))?;
    }
    Ok(out.finish().map_err(|e| write(&e))?.into_inner())
}
