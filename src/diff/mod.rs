//! Comparing two sets of answers (two revisions of a review), field by field and word by word.
//!
//! Pure: no store, no clock. Fields come in template order, objectives expanded; answers to
//! fields the template does not have come last, sorted by path. A field whose answer reads the
//! same in both (including "no answer" in both) is not listed. Every answer is compared as text:
//! text and Markdown as typed, other kinds as a readable English rendering (see [`crate::review::Display`]), so
//! that the command line, the app and a test all see the same chunks. A choice, a date or a
//! yes/no answer is one value: it is replaced whole, not word by word.
#![deny(clippy::disallowed_methods)]

mod words;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::review::{is_answered, Display, Values};
use crate::template::{FieldKind, Template};

pub use words::{marked, word_diff};

/// How a field's answer changed between the two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// Unanswered before, answered after.
    Added,
    /// Answered before, unanswered after.
    Removed,
    /// Answered in both, differently.
    Changed,
}

/// What a piece of text is in a word diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the later text.
    Insert,
    /// Only in the earlier text.
    Delete,
}

/// A run of text with what happened to it. Concatenating the `Equal` and `Delete` chunks gives
/// the earlier text; the `Equal` and `Insert` chunks, the later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chunk {
    /// Kept, inserted or deleted.
    pub op: Op,
    /// The text, never empty.
    pub text: String,
}

/// One field whose answer differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldDiff {
    /// The field path, e.g. `objectives.7.measures`.
    pub path: String,
    /// Added, removed or changed.
    pub change: Change,
    /// The answer before, as stored; `None` when the field had no answer.
    pub before: Option<Value>,
    /// The answer after, as stored; `None` when the field has no answer.
    pub after: Option<Value>,
    /// The word diff of the two answers' text.
    pub words: Vec<Chunk>,
}

/// The fields whose answers differ from `before` to `after`, in template order, then fields the
/// template does not know, by path. Equal answers are not listed.
pub fn diff(template: &Template, before: &Values, after: &Values) -> Vec<FieldDiff> {
    let mut rest: BTreeSet<&str> = before
        .keys()
        .chain(after.keys())
        .map(String::as_str)
        .collect();
    let mut paths: Vec<String> = Vec::with_capacity(rest.len());
    for field in template.fields() {
        let path = field.path();
        if rest.remove(path.as_str()) {
            paths.push(path);
        }
    }
    paths.extend(rest.into_iter().map(str::to_string));
    paths
        .into_iter()
        .filter_map(|path| field_diff(template, path, before, after))
        .collect()
}

fn field_diff(
    template: &Template,
    path: String,
    before: &Values,
    after: &Values,
) -> Option<FieldDiff> {
    let answer = |values: &Values| values.get(&path).filter(|v| is_answered(v)).cloned();
    let (old, new) = (answer(before), answer(after));
    let text = |value: &Option<Value>| {
        value
            .as_ref()
            .map(|v| Display::new(template, "en").answer(&path, v))
            .unwrap_or_default()
    };
    let (old_text, new_text) = (text(&old), text(&new));
    if old_text == new_text {
        return None;
    }
    let change = match (&old, &new) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::Changed,
    };
    let atomic = template.field(&path).is_some_and(|f| {
        matches!(
            f.field.kind,
            FieldKind::Choice | FieldKind::Bool | FieldKind::Date
        )
    });
    let words = if atomic {
        words::whole(&old_text, &new_text)
    } else {
        word_diff(&old_text, &new_text)
    };
    Some(FieldDiff {
        words,
        path,
        change,
        before: old,
        after: new,
    })
}
