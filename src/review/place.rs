//! Answers written on another template placed on the current one, through a field map: what
//! moved, what fits, and what has no place (kept and shown, never dropped).

use serde::Serialize;
use serde_json::Value;

use super::{check_value, Values};
use crate::template::{FieldMap, Template};

/// An answer that has no place in the current template, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unplaced {
    /// Its path on the template it was written on.
    pub path: String,
    /// The answer.
    pub value: Value,
    /// Why it could not be placed.
    pub reason: String,
}

/// A move the map made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Moved {
    /// Where the answer was.
    pub from: String,
    /// Where it is now.
    pub to: String,
}

/// Answers placed on the current template.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placed {
    /// The answers, by their path on the current template.
    #[serde(skip)]
    pub values: Values,
    /// The answers that moved.
    pub moved: Vec<Moved>,
    /// The answers that could not be placed.
    pub unplaced: Vec<Unplaced>,
}

/// Places `values` (written on the template `map.from`, or on `template` itself when `map` is
/// `None`) on `template`: moves what the map moves, keeps every answer that fits a field, and
/// reports the rest.
pub fn place(template: &Template, map: Option<&FieldMap>, values: &Values) -> Placed {
    let mut placed = Placed::default();
    for (path, value) in values {
        let target = map.and_then(|m| m.target(path));
        let to = target.clone().unwrap_or_else(|| path.clone());
        let outcome = if template.field(&to).is_none() {
            Err(if target.is_some() {
                format!("the map moves it to {to}, which this template does not have")
            } else {
                "this template has no such question".to_string()
            })
        } else {
            check_value(template, &to, value).map_err(|e| e.to_string())
        };
        let outcome = outcome.and_then(|value| {
            if placed.values.contains_key(&to) {
                Err(format!("another answer was already placed at {to}"))
            } else {
                Ok(value)
            }
        });
        match outcome {
            Ok(value) => {
                if to != *path {
                    placed.moved.push(Moved {
                        from: path.clone(),
                        to: to.clone(),
                    });
                }
                placed.values.insert(to, value);
            }
            Err(reason) => placed.unplaced.push(Unplaced {
                path: path.clone(),
                value: value.clone(),
                reason,
            }),
        }
    }
    placed
}
