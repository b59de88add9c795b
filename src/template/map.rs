//! Field maps: how the answers of a review made on another template (an earlier version, or a
//! regional-review template) are placed on the current one. A map is data
//! (`assets/templates/maps.json`, or a file given to `gcm-review import --map`); applying it
//! reports every answer it moved and every answer it could not place, so nothing is dropped
//! without the user seeing it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Template;
use crate::review::{check_value, Values};

/// The maps bundled with the app.
const BUNDLED: &str = include_str!("../../assets/templates/maps.json");

/// A template, by id and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateVersion {
    /// The template id.
    pub id: String,
    /// Its version.
    pub version: String,
}

/// How the fields of one template version map onto another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMap {
    /// The template the answers were written on.
    pub from: TemplateVersion,
    /// The template they are placed on.
    pub to: TemplateVersion,
    /// Old path → new path; `*` stands for one path segment (an objective number) and is
    /// carried over: `"objectives.*.actions": "objectives.*.measures"`.
    #[serde(default)]
    pub moves: BTreeMap<String, String>,
}

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

/// The bundled field maps.
pub fn bundled_maps() -> Vec<FieldMap> {
    // The bundled list is checked by the tests below; an unreadable one means no maps.
    serde_json::from_str(BUNDLED).unwrap_or_default()
}

impl FieldMap {
    /// Parses a map file.
    pub fn parse(text: &str) -> Result<FieldMap, String> {
        let map: FieldMap = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for (from, to) in &map.moves {
            if from.matches('*').count() != to.matches('*').count() {
                return Err(format!(
                    "the move \"{from}\" → \"{to}\" has a different number of '*' on each side"
                ));
            }
        }
        Ok(map)
    }

    /// Where the answer at `path` goes, if a move names it.
    fn target(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('.').collect();
        self.moves.iter().find_map(|(from, to)| {
            let pattern: Vec<&str> = from.split('.').collect();
            if pattern.len() != segments.len() {
                return None;
            }
            let mut stars = Vec::new();
            for (p, s) in pattern.iter().zip(&segments) {
                match *p {
                    "*" => stars.push(*s),
                    p if p == *s => {}
                    _ => return None,
                }
            }
            let mut stars = stars.into_iter();
            Some(
                to.split('.')
                    .map(|seg| {
                        if seg == "*" {
                            stars.next().unwrap_or("*")
                        } else {
                            seg
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("."),
            )
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_maps_read_and_lead_to_the_bundled_template() {
        let maps: Vec<FieldMap> = serde_json::from_str(BUNDLED).unwrap_or_else(|e| panic!("{e}"));
        let template = Template::builtin();
        for map in &maps {
            assert_eq!(
                (&map.to.id, &map.to.version),
                (&template.id, &template.version)
            );
            for to in map.moves.values() {
                let sample = to.replace('*', "1");
                assert!(template.field(&sample).is_some(), "{to}");
            }
        }
    }

    #[test]
    fn a_wildcard_carries_the_objective_number() {
        let map = FieldMap::parse(
            r#"{ "from": {"id":"a","version":"1"}, "to": {"id":"b","version":"2"},
                 "moves": { "objectives.*.actions": "objectives.*.measures" } }"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            map.target("objectives.12.actions").as_deref(),
            Some("objectives.12.measures")
        );
        assert_eq!(map.target("objectives.12.other"), None);
    }
}
