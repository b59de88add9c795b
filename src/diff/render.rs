//! Answers as text to compare: what a reader sees, in English, one item or table row a line.

use serde_json::Value;

use crate::template::{member_state, Choice, Field, FieldKind, OptionsFrom, Template};

/// The text an answer is compared as. Text, Markdown and dates as typed; a choice by its label;
/// several options one a line, in template order (so another order is no difference); yes/no
/// as `Yes` or `No`; a table one row a line, cells between ` | `, empty rows and trailing empty
/// cells left out. Lists and tables end every line with a line break, so that a row added at
/// the end is a whole line. An answer that does not fit its field (or a field the template
/// lacks) is shown as typed, or as compact JSON.
pub fn render(template: &Template, path: &str, value: &Value) -> String {
    let Some(field) = template.field(path) else {
        return raw(value);
    };
    let field = field.field;
    match (field.kind, value) {
        (FieldKind::Bool, Value::Bool(yes)) => if *yes { "Yes" } else { "No" }.to_string(),
        (FieldKind::Choice, Value::String(chosen)) => option_label(template, field, chosen),
        (FieldKind::Multi, Value::Array(items)) => {
            let order = template.option_values(field);
            let mut chosen: Vec<(usize, String)> = items
                .iter()
                .map(raw)
                .filter(|s| !s.trim().is_empty())
                .map(|s| (order.iter().position(|o| *o == s).unwrap_or(order.len()), s))
                .collect();
            // Stable: options the template lacks keep their order, after the known ones.
            chosen.sort_by_key(|(position, _)| *position);
            chosen.dedup_by(|a, b| a.1 == b.1);
            chosen
                .into_iter()
                .map(|(_, value)| option_label(template, field, &value) + "\n")
                .collect()
        }
        (FieldKind::Table, Value::Array(rows)) => rows
            .iter()
            .filter_map(|row| {
                let mut cells: Vec<String> = field
                    .columns
                    .iter()
                    .map(|column| {
                        let cell = row.get(&column.id).map(raw).unwrap_or_default();
                        let cell = match column.kind {
                            FieldKind::Choice => choice_label(&column.options, &cell),
                            _ => cell,
                        };
                        cell.split_whitespace().collect::<Vec<_>>().join(" ")
                    })
                    .collect();
                while cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                (!cells.is_empty()).then(|| cells.join(" | ") + "\n")
            })
            .collect(),
        _ => raw(value),
    }
}

/// A string as it is, nothing for null, anything else as compact JSON.
fn raw(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn option_label(template: &Template, field: &Field, value: &str) -> String {
    match field.options_from {
        Some(OptionsFrom::Principles) => template
            .principles
            .iter()
            .find(|p| p.id == value)
            .map(|p| format!("{}. {}", p.letter, p.label.get("en")))
            .unwrap_or_else(|| value.to_string()),
        Some(OptionsFrom::MemberStates) => member_state(value)
            .map(|m| format!("{} ({value})", m.name.get("en")))
            .unwrap_or_else(|| value.to_string()),
        Some(OptionsFrom::Languages) | None => choice_label(&field.options, value),
    }
}

fn choice_label(options: &[Choice], value: &str) -> String {
    options
        .iter()
        .find(|o| o.value == value)
        .map(|o| o.label.get("en").to_string())
        .unwrap_or_else(|| value.to_string())
}
