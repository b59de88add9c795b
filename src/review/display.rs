//! One way to show an answer to people: the text of a stored answer in a given language, for
//! the PDF, the comparison of revisions, the command line and the email body. A choice by its
//! label, several options one a line in template order, yes/no as words, a table one row a
//! line.

use serde_json::Value;

use crate::template::{member_state_name, Choice, Column, Field, FieldKind, OptionsFrom, Template};

/// Shows answers on one template in one language.
#[derive(Debug, Clone, Copy)]
pub struct Display<'a> {
    template: &'a Template,
    language: &'a str,
}

impl<'a> Display<'a> {
    /// Answers on `template`, shown in `language` (English where the template has no text in
    /// that language).
    pub fn new(template: &'a Template, language: &'a str) -> Display<'a> {
        Display { template, language }
    }

    /// The text of an answer. Text, Markdown and dates as typed; a choice by its label;
    /// several options one a line, in template order (so another order is no difference);
    /// yes/no as words; a table one row a line, cells between ` | `, empty rows and trailing
    /// empty cells left out. Lists and tables end every line with a line break, so that a row
    /// added at the end is a whole line. An answer that does not fit its field (or a field the
    /// template lacks) is shown as typed, or as compact JSON.
    pub fn answer(&self, path: &str, value: &Value) -> String {
        let Some(field) = self.template.field(path) else {
            return raw(value);
        };
        let field = field.field;
        match (field.kind, value) {
            (FieldKind::Bool, Value::Bool(yes)) => self.yes_no(*yes),
            (FieldKind::Choice, Value::String(chosen)) => self.option(field, chosen),
            (FieldKind::Multi, Value::Array(items)) => self
                .options_in_order(field, items)
                .into_iter()
                .map(|label| label + "\n")
                .collect(),
            (FieldKind::Table, Value::Array(rows)) => rows
                .iter()
                .filter_map(|row| self.row(field, row))
                .map(|row| row + "\n")
                .collect(),
            _ => raw(value),
        }
    }

    /// Yes or No, in words.
    pub fn yes_no(&self, yes: bool) -> String {
        let (en, fr, es, ru, zh, ar) = if yes {
            ("Yes", "Oui", "Sí", "Да", "是", "نعم")
        } else {
            ("No", "Non", "No", "Нет", "否", "لا")
        };
        match self.language {
            "fr" => fr,
            "es" => es,
            "ru" => ru,
            "zh" => zh,
            "ar" => ar,
            _ => en,
        }
        .to_string()
    }

    /// The labels of the chosen options, in the template's order, each once.
    pub fn options_in_order(&self, field: &Field, items: &[Value]) -> Vec<String> {
        let order = self.template.option_values(field);
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
            .map(|(_, value)| self.option(field, &value))
            .collect()
    }

    /// A table row's cells between ` | `, trailing empty cells left out; none for an empty row.
    pub fn row(&self, field: &Field, row: &Value) -> Option<String> {
        let mut cells: Vec<String> = field
            .columns
            .iter()
            .map(|column| {
                self.cell(column, row)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        (!cells.is_empty()).then(|| cells.join(" | "))
    }

    /// An option's label: a guiding principle as `(a) People-centred`, a Member State by its
    /// UN short name, any other choice by its label; a value the template lacks as itself.
    pub fn option(&self, field: &Field, value: &str) -> String {
        match field.options_from {
            Some(OptionsFrom::Principles) => self
                .template
                .principles
                .iter()
                .find(|p| p.id == value)
                .map(|p| format!("({}) {}", p.letter, p.label.get(self.language)))
                .unwrap_or_else(|| value.to_string()),
            Some(OptionsFrom::MemberStates) => member_state_name(value, self.language),
            Some(OptionsFrom::Languages) | None => self.choice(&field.options, value),
        }
    }

    /// A table cell as text: a choice column's value by its label.
    pub fn cell(&self, column: &Column, row: &Value) -> String {
        let cell = row.get(&column.id).map(raw).unwrap_or_default();
        match column.kind {
            FieldKind::Choice => self.choice(&column.options, &cell),
            _ => cell,
        }
    }

    fn choice(&self, options: &[Choice], value: &str) -> String {
        options
            .iter()
            .find(|o| o.value == value)
            .map(|o| o.label.get(self.language).to_string())
            .unwrap_or_else(|| value.to_string())
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
