//! Answers: checking a value against its field, reading one from the command line.

use chrono::NaiveDate;
use serde_json::{Map, Value};
use thiserror::Error;

use crate::template::{Column, FieldKind, FieldRef, Template};

/// The largest single answer accepted, in bytes of JSON (a long chapter is about 100 KB).
pub const MAX_VALUE_BYTES: usize = 2 * 1024 * 1024;

/// The most rows a table answer may have.
pub const MAX_TABLE_ROWS: usize = 5_000;

/// Why an answer was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// The template has no field at this path.
    #[error("the template has no field '{0}'")]
    UnknownField(String),
    /// The answer does not have the shape the field takes.
    #[error("'{path}' takes {expected}")]
    WrongShape {
        /// The field path.
        path: String,
        /// What it takes, in words.
        expected: String,
    },
    /// A choice that the field does not offer.
    #[error("'{path}' does not offer '{value}'")]
    NotAnOption {
        /// The field path.
        path: String,
        /// The refused value.
        value: String,
    },
    /// A date that is not a calendar date.
    #[error("'{path}' takes a date as YYYY-MM-DD, not '{value}'")]
    BadDate {
        /// The field path.
        path: String,
        /// The refused value.
        value: String,
    },
    /// An answer larger than any real one.
    #[error("the answer to '{path}' is {size} bytes, more than the {max} allowed")]
    TooLarge {
        /// The field path.
        path: String,
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
}

/// Checks `value` against the field at `path`; returns it normalised (table rows with only
/// declared columns, multi options without repeats).
pub fn check_value(template: &Template, path: &str, value: &Value) -> Result<Value, ValueError> {
    let field = template
        .field(path)
        .ok_or_else(|| ValueError::UnknownField(path.to_string()))?;
    let size = serde_json::to_vec(value)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_VALUE_BYTES {
        return Err(ValueError::TooLarge {
            path: path.to_string(),
            size,
            max: MAX_VALUE_BYTES,
        });
    }
    let shape = |expected: &str| ValueError::WrongShape {
        path: path.to_string(),
        expected: expected.to_string(),
    };
    match field.field.kind {
        FieldKind::Text | FieldKind::Richtext => value
            .as_str()
            .map(|_| value.clone())
            .ok_or_else(|| shape("text")),
        FieldKind::Date => {
            let text = value
                .as_str()
                .ok_or_else(|| shape("a date as YYYY-MM-DD"))?;
            check_date(path, text)?;
            Ok(value.clone())
        }
        FieldKind::Bool => value
            .as_bool()
            .map(|_| value.clone())
            .ok_or_else(|| shape("true or false")),
        FieldKind::Choice => {
            let text = value.as_str().ok_or_else(|| shape("one option"))?;
            check_option(template, field, path, text)?;
            Ok(value.clone())
        }
        FieldKind::Multi => {
            let items = value.as_array().ok_or_else(|| shape("a list of options"))?;
            let mut chosen: Vec<Value> = Vec::new();
            for item in items {
                let text = item.as_str().ok_or_else(|| shape("a list of options"))?;
                check_option(template, field, path, text)?;
                if !chosen.contains(item) {
                    chosen.push(item.clone());
                }
            }
            Ok(Value::Array(chosen))
        }
        FieldKind::Table => check_table(&field.field.columns, path, value),
    }
}

fn check_option(
    template: &Template,
    field: FieldRef<'_>,
    path: &str,
    value: &str,
) -> Result<(), ValueError> {
    if value.is_empty()
        || template
            .option_values(field.field)
            .iter()
            .any(|v| v == value)
    {
        Ok(())
    } else {
        Err(ValueError::NotAnOption {
            path: path.to_string(),
            value: value.to_string(),
        })
    }
}

fn check_date(path: &str, text: &str) -> Result<(), ValueError> {
    if text.is_empty() || NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err(ValueError::BadDate {
            path: path.to_string(),
            value: text.chars().take(40).collect(),
        })
    }
}

fn check_table(columns: &[Column], path: &str, value: &Value) -> Result<Value, ValueError> {
    let shape = || ValueError::WrongShape {
        path: path.to_string(),
        expected: format!(
            "a list of at most {MAX_TABLE_ROWS} rows, each with text cells for {}",
            columns
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let rows = value.as_array().ok_or_else(shape)?;
    if rows.len() > MAX_TABLE_ROWS {
        return Err(shape());
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let cells = row.as_object().ok_or_else(shape)?;
        if cells.keys().any(|k| !columns.iter().any(|c| &c.id == k)) {
            return Err(shape());
        }
        let mut clean = Map::new();
        for column in columns {
            let cell = match cells.get(&column.id) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(_) => return Err(shape()),
            };
            match column.kind {
                FieldKind::Date => check_date(path, &cell)?,
                FieldKind::Choice
                    if !cell.is_empty() && !column.options.iter().any(|o| o.value == cell) =>
                {
                    return Err(ValueError::NotAnOption {
                        path: path.to_string(),
                        value: cell,
                    })
                }
                _ => {}
            }
            clean.insert(column.id.clone(), Value::String(cell));
        }
        out.push(Value::Object(clean));
    }
    Ok(Value::Array(out))
}

/// Whether a value counts as an answer: not empty, not only spaces, not `false`.
pub fn is_answered(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(is_answered),
        Value::Object(cells) => cells.values().any(is_answered),
        Value::Number(_) => true,
    }
}

/// Reads an answer typed on the command line for the field at `path`: text as it is; `true`
/// or `false` for a yes/no field; a comma-separated list or a JSON array for several options;
/// a JSON array of row objects for a table.
pub fn parse_value(template: &Template, path: &str, text: &str) -> Result<Value, ValueError> {
    let field = template
        .field(path)
        .ok_or_else(|| ValueError::UnknownField(path.to_string()))?;
    let value = match field.field.kind {
        FieldKind::Bool => match text.trim() {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        },
        FieldKind::Multi if text.trim_start().starts_with('[') => json_or_text(text),
        FieldKind::Multi => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        FieldKind::Table => json_or_text(text),
        _ => Value::String(text.to_string()),
    };
    check_value(template, path, &value)
}

fn json_or_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}
