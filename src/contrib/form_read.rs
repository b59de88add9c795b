//! A returned Word form read into answers: the document reader's content controls (by tag)
//! or, when the tags are gone (a form saved again by LibreOffice), its marked regions (by
//! bookmark), each turned into the answer of its field: Markdown for rich text, text, a
//! date, yes/no, options by their labels in any of the six languages, a table's rows by its
//! columns. What does not fit is listed as not taken, never dropped silently.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::form_write::{FORM_FORMAT, FORM_PROPERTIES};
use super::ContribError;
use crate::document::{plain_of, BlockKind, FormAnswer, FormDocument};
use crate::review::{check_value, Display, Values};
use crate::template::{Choice, Field, FieldKind, Template, UN_LANGUAGES};

/// Something a returned form held that is not taken into the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotTaken {
    /// The field it was in; `None` outside any assigned field.
    pub path: Option<String>,
    /// What it was, and why it is not taken, in one line.
    pub what: String,
}

/// The answers a returned form gives, with the request it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAnswers {
    /// The review the form was made for.
    pub review: String,
    /// The request it answers.
    pub request: String,
    /// The revision that request was cut from.
    pub base_revision: u64,
    /// The answer of each assigned field whose content control is there.
    pub values: Values,
    /// Assigned fields whose content control was deleted: no answer given (not cleared).
    pub missing: Vec<String>,
    /// What is not taken.
    pub not_taken: Vec<NotTaken>,
    /// How the answers were found: `tags` (content controls) or `bookmarks` (a form whose
    /// tags an office suite dropped).
    pub read_by: &'static str,
}

/// The request a form names (its custom properties), or why it is no form of this app.
pub fn form_identity(form: &FormDocument) -> Result<(String, String, u64), ContribError> {
    let get = |name: &str| form.properties.get(name).map(|s| s.trim().to_string());
    if get(FORM_PROPERTIES[0]).as_deref() != Some(FORM_FORMAT) {
        return Err(ContribError::NotAContribution(
            "form: this Word document was not made as a contribution request by GCM Review Desk (its properties do not name one)".into(),
        ));
    }
    let base = get(FORM_PROPERTIES[3])
        .and_then(|b| b.parse::<u64>().ok())
        .ok_or_else(|| {
            ContribError::NotAContribution("form: its base revision is not a number".into())
        })?;
    match (get(FORM_PROPERTIES[1]), get(FORM_PROPERTIES[2])) {
        (Some(review), Some(request)) if !review.is_empty() && !request.is_empty() => {
            Ok((review, request, base))
        }
        _ => Err(ContribError::NotAContribution(
            "form: it does not name its review and request".into(),
        )),
    }
}

/// Reads the answers of a form made for the `assigned` fields, in `language`. Refused when no
/// content control (or mark) names an assigned field, or when some name fields that were not
/// assigned (listed).
pub fn read_answers(
    form: &FormDocument,
    template: &Template,
    assigned: &[String],
) -> Result<FormAnswers, ContribError> {
    let (review, request, base_revision) = form_identity(form)?;
    let mut order: Vec<String> = assigned.to_vec();
    order.sort();
    let mut not_taken = Vec::new();
    let mut unassigned = Vec::new();
    let (found, by_tags) = find(form, template, &order, &mut not_taken, &mut unassigned);
    if !unassigned.is_empty() {
        return Err(ContribError::UnassignedFields(unassigned));
    }
    if found.is_empty() {
        return Err(ContribError::NotAContribution(
            "form: none of its content controls names a field this request assigned (were they all deleted?)".into(),
        ));
    }
    let mut values = Values::new();
    for (path, answer) in &found {
        for what in &answer.not_taken {
            not_taken.push(NotTaken {
                path: Some(path.clone()),
                what: what.clone(),
            });
        }
        match answer_value(template, path, answer) {
            Ok((value, left)) => {
                for what in left {
                    not_taken.push(NotTaken {
                        path: Some(path.clone()),
                        what,
                    });
                }
                values.insert(path.clone(), value);
            }
            Err(what) => not_taken.push(NotTaken {
                path: Some(path.clone()),
                what,
            }),
        }
    }
    let missing = order
        .iter()
        .filter(|p| !found.iter().any(|(f, _)| f == *p))
        .cloned()
        .collect();
    Ok(FormAnswers {
        review,
        request,
        base_revision,
        values,
        missing,
        not_taken,
        read_by: if by_tags { "tags" } else { "bookmarks" },
    })
}

/// The answer of each assigned field, by content control tag when any tag names a field of
/// the template, else by bookmark; and whether tags were used. Tags or marks for fields not
/// assigned go to `unassigned`, what else is found and not taken to `not_taken`.
fn find<'f>(
    form: &'f FormDocument,
    template: &Template,
    order: &[String],
    not_taken: &mut Vec<NotTaken>,
    unassigned: &mut Vec<String>,
) -> (Vec<(String, &'f FormAnswer)>, bool) {
    let set: BTreeSet<&String> = order.iter().collect();
    let mut found: Vec<(String, &FormAnswer)> = Vec::new();
    let by_tags = form
        .controls
        .iter()
        .any(|c| template.field(&c.key).is_some());
    if by_tags {
        for c in &form.controls {
            match (set.contains(&c.key), template.field(&c.key).is_some()) {
                (true, _) if found.iter().any(|(p, _)| *p == c.key) => not_taken.push(NotTaken {
                    path: Some(c.key.clone()),
                    what: "a second copy of this field's content control".into(),
                }),
                (true, _) => found.push((c.key.clone(), c)),
                (false, true) => unassigned.push(c.key.clone()),
                (false, false) => not_taken.push(NotTaken {
                    path: None,
                    what: format!(
                        "a content control tagged \"{}\", which names no field",
                        short(&c.key)
                    ),
                }),
            }
        }
    } else {
        for m in &form.marked {
            let Some(n) = m.key.strip_prefix('f') else {
                continue;
            };
            match n.parse::<usize>().ok().and_then(|n| order.get(n)) {
                Some(path) if !found.iter().any(|(p, _)| p == path) => {
                    found.push((path.clone(), m))
                }
                Some(path) => not_taken.push(NotTaken {
                    path: Some(path.clone()),
                    what: "a second copy of this field's answer".into(),
                }),
                None => unassigned.push(format!("answer mark {}", short(&m.key))),
            }
        }
    }
    (found, by_tags)
}

/// At most 60 characters of something the document named, for a message.
fn short(text: &str) -> String {
    text.chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// One field's answer from its blocks, and what of them is not taken; or why none is.
fn answer_value(
    template: &Template,
    path: &str,
    answer: &FormAnswer,
) -> Result<(Value, Vec<String>), String> {
    let field = template
        .field(path)
        .ok_or_else(|| format!("{path} is no field of the template"))?
        .field;
    let text = || -> Vec<String> {
        answer
            .blocks
            .iter()
            .flat_map(|b| b.text.lines().map(str::trim).map(str::to_string))
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut left = Vec::new();
    let value = match field.kind {
        FieldKind::Richtext => {
            let md: Vec<String> = answer
                .blocks
                .iter()
                .map(|b| match b.kind {
                    BlockKind::Heading => format!("**{}**", b.markdown),
                    _ => b.markdown.clone(),
                })
                .collect();
            Value::String(md.join("\n\n"))
        }
        FieldKind::Text | FieldKind::Date => Value::String(text().join(" ")),
        FieldKind::Bool => match text().join(" ").to_lowercase().as_str() {
            "" => Value::Null,
            t if yes_no(template, true).contains(&t.to_string()) => Value::Bool(true),
            t if yes_no(template, false).contains(&t.to_string()) => Value::Bool(false),
            t => return Err(format!("\"{}\" is neither yes nor no", short(t))),
        },
        FieldKind::Choice => match text().join(" ").as_str() {
            "" => Value::Null,
            t => Value::String(
                option_of(template, field, t)
                    .ok_or_else(|| format!("\"{}\" is not one of the options", short(t)))?,
            ),
        },
        FieldKind::Multi => {
            let mut chosen = Vec::new();
            for line in text() {
                match option_of(template, field, &line) {
                    Some(v) => chosen.push(Value::String(v)),
                    None => left.push(format!(
                        "\"{}\", which is not one of the options",
                        short(&line)
                    )),
                }
            }
            Value::Array(chosen)
        }
        FieldKind::Table => table_value(field, answer, &mut left),
    };
    let empty = match &value {
        Value::String(s) => s.trim().is_empty(),
        Value::Null => true,
        _ => false,
    };
    let value = if empty { Value::Null } else { value };
    match value {
        Value::Null => Ok((Value::Null, left)),
        v => check_value(template, path, &v)
            .map(|v| (v, left))
            .map_err(|e| e.to_string()),
    }
}

/// The words for yes (or no) in the six languages, lower case.
fn yes_no(template: &Template, yes: bool) -> Vec<String> {
    UN_LANGUAGES
        .iter()
        .map(|l| Display::new(template, l).yes_no(yes).to_lowercase())
        .collect()
}

/// The option whose value or label (in any language) is `text`.
fn option_of(template: &Template, field: &Field, text: &str) -> Option<String> {
    let wanted = text.trim().to_lowercase();
    template.option_values(field).into_iter().find(|v| {
        v.to_lowercase() == wanted
            || UN_LANGUAGES
                .iter()
                .any(|l| Display::new(template, l).option(field, v).to_lowercase() == wanted)
    })
}

/// The value of a choice cell from its text.
fn cell_choice(options: &[Choice], text: &str) -> String {
    let wanted = text.trim().to_lowercase();
    options
        .iter()
        .find(|o| {
            o.value.to_lowercase() == wanted
                || o.label.0.values().any(|l| l.to_lowercase() == wanted)
        })
        .map(|o| o.value.clone())
        .unwrap_or_else(|| text.trim().to_string())
}

/// A table field's rows from the tables of its answer (their first row is the header), cell by
/// column in order; text outside the tables is not taken.
fn table_value(field: &Field, answer: &FormAnswer, left: &mut Vec<String>) -> Value {
    let mut rows = Vec::new();
    for block in &answer.blocks {
        if block.kind != BlockKind::Table {
            left.push(format!(
                "\"{}\", text outside the table",
                short(&block.text)
            ));
            continue;
        }
        for row in block.rows.iter().skip(1) {
            let mut cells = Map::new();
            for (column, cell) in field.columns.iter().zip(row) {
                let text = plain_of(cell);
                let text = match column.kind {
                    FieldKind::Choice => cell_choice(&column.options, &text),
                    _ => text.trim().to_string(),
                };
                if !text.is_empty() {
                    cells.insert(column.id.clone(), Value::String(text));
                }
            }
            if row.len() > field.columns.len() {
                left.push("cells beyond the table's columns".into());
            }
            if !cells.is_empty() {
                rows.push(Value::Object(cells));
            }
        }
    }
    if rows.is_empty() {
        Value::Null
    } else {
        Value::Array(rows)
    }
}
