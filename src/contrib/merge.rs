//! The three-way merge of a contribution, field by field, against the base the request
//! carried: a field only the contributor changed is taken, a field only the coordinator changed
//! is kept, a field both changed alike is the same, a field both changed differently is a
//! conflict. A field the response carries that was not assigned is never applied.
//!
//! Each answer is one value: text as typed, a table or a list of options as a whole. Two
//! answers are alike when they say the same: both unanswered (empty, blank or `false`), the
//! same options in any order, the same rows once blank rows are left out, or equal values.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::review::{is_answered, Values};
use crate::template::{FieldKind, Template};

/// What the merge does with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Only the contributor changed it: their answer is taken.
    Taken,
    /// Only the coordinator changed it: theirs is kept.
    Kept,
    /// Both changed it to the same answer: nothing to do.
    Same,
    /// Both changed it, differently: the coordinator decides.
    Conflict,
}

/// One field of the merge, with the three answers (`None`: unanswered).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldMerge {
    /// The field path.
    pub path: String,
    /// What the merge does with it.
    pub outcome: Outcome,
    /// The answer the request carried (the merge base).
    pub base: Option<Value>,
    /// The coordinator's answer now.
    pub mine: Option<Value>,
    /// The contributor's answer.
    pub theirs: Option<Value>,
}

/// The merge of one response.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Merge {
    /// Each field someone changed, in template order (fields nobody changed are left out).
    pub fields: Vec<FieldMerge>,
    /// Paths the response carries that were not assigned to its entity: never applied.
    pub unassigned: Vec<String>,
}

impl Merge {
    /// The fields with `outcome`.
    pub fn with(&self, outcome: Outcome) -> impl Iterator<Item = &FieldMerge> {
        self.fields.iter().filter(move |f| f.outcome == outcome)
    }
}

/// Merges `theirs` (the fields a response changed; a field it does not carry is as the base)
/// into `mine` (the review now), against `base` (the review at the revision the request was
/// cut from), for the `assigned` fields only. Paths in `theirs` outside `assigned` are listed
/// as unassigned.
pub fn three_way<'a>(
    template: &Template,
    assigned: &BTreeSet<String>,
    base: &'a Values,
    mine: &'a Values,
    theirs: &'a Values,
) -> Merge {
    let mut merge = Merge::default();
    let mut rest: BTreeSet<&String> = assigned.iter().collect();
    let mut order: Vec<&String> = Vec::with_capacity(assigned.len());
    for field in template.fields() {
        if let Some(path) = assigned.get(&field.path()) {
            rest.remove(path);
            order.push(path);
        }
    }
    order.extend(rest);
    for path in order {
        let kind = template.field(path).map(|f| f.field.kind);
        let answer = |values: &'a Values| values.get(path).filter(|v| is_answered(v));
        let b = answer(base);
        let m = answer(mine);
        let t = if theirs.contains_key(path) {
            answer(theirs)
        } else {
            b
        };
        let outcome = match (alike(kind, b, t), alike(kind, b, m)) {
            (true, true) => continue,
            (true, false) => Outcome::Kept,
            (false, true) => Outcome::Taken,
            (false, false) if alike(kind, m, t) => Outcome::Same,
            (false, false) => Outcome::Conflict,
        };
        merge.fields.push(FieldMerge {
            path: path.clone(),
            outcome,
            base: b.cloned(),
            mine: m.cloned(),
            theirs: t.cloned(),
        });
    }
    merge.unassigned = theirs
        .keys()
        .filter(|p| !assigned.contains(*p))
        .cloned()
        .collect();
    merge
}

/// Whether two answers (`None`: unanswered) say the same for a field of `kind`.
fn alike(kind: Option<FieldKind>, a: Option<&Value>, b: Option<&Value>) -> bool {
    let (a, b) = match (a, b) {
        (None, None) => return true,
        (Some(a), Some(b)) => (a, b),
        _ => return false,
    };
    match kind {
        Some(FieldKind::Multi) => options(a) == options(b),
        Some(FieldKind::Table) => rows(a) == rows(b),
        _ => a == b,
    }
}

fn options(value: &Value) -> BTreeSet<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn rows(value: &Value) -> Vec<&Value> {
    value
        .as_array()
        .map(|rows| rows.iter().filter(|r| is_answered(r)).collect())
        .unwrap_or_default()
}
