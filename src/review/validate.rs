//! Validation: every problem of a review at once, as diagnostics the UI, CLI and PDF all read.

use serde::Serialize;

use super::{check_value, completeness, word_count, Values};
use crate::template::{FieldKind, Template};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The review cannot be final with it.
    Error,
    /// Worth fixing; a draft may carry it.
    Warning,
}

/// One problem found in a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The field it concerns.
    pub path: String,
    /// Stable code, for translation and tests (`missing`, `over_word_limit`, `invalid`).
    pub code: &'static str,
    /// What is wrong, in English.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// Whether it keeps the review from being exported as final (it goes out as a draft).
    #[serde(rename = "blocksFinal")]
    pub blocks_final: bool,
}

/// Every problem in the answers: invalid values, required answers missing, word limits passed.
pub fn validate(template: &Template, values: &Values) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, value) in values {
        if let Err(e) = check_value(template, path, value) {
            out.push(Diagnostic {
                severity: Severity::Error,
                path: path.clone(),
                code: "invalid",
                blocks_final: true,
                message: e.to_string(),
                hint: Some("Correct or clear the answer.".into()),
            });
        }
    }
    for field in template.fields() {
        let Some(limit) = field.field.word_limit else {
            continue;
        };
        if !matches!(field.field.kind, FieldKind::Text | FieldKind::Richtext) {
            continue;
        }
        let path = field.path();
        let words = values
            .get(&path)
            .and_then(|v| v.as_str())
            .map_or(0, word_count);
        if words > limit as usize {
            out.push(Diagnostic {
                severity: Severity::Warning,
                path,
                code: "over_word_limit",
                blocks_final: false,
                message: format!("{words} words, over the template's limit of {limit}"),
                hint: Some(format!("Shorten it by {} words.", words - limit as usize)),
            });
        }
    }
    for missing in completeness(template, values).missing {
        out.push(Diagnostic {
            severity: Severity::Warning,
            path: missing.path,
            code: "missing",
            blocks_final: true,
            message: "a required answer is missing".into(),
            hint: Some("Answer it, or leave it for a later draft.".into()),
        });
    }
    out
}
