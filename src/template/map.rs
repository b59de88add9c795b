//! Field maps: how the answers of a review made on another template (an earlier version, or a
//! regional-review template) are placed on the current one. A map is data
//! (`assets/templates/maps.json`, or a file given to `gcm-review import --map`); the review
//! stage applies it (`review::place`), reporting every answer it moved and every answer it
//! could not place, so nothing is dropped without the user seeing it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use thiserror::Error;

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

/// The bundled field maps.
pub fn bundled_maps() -> Vec<FieldMap> {
    // The bundled list is checked by the tests below; an unreadable one means no maps.
    serde_json::from_str(BUNDLED).unwrap_or_default()
}

/// Why a field map file was refused.
#[derive(Debug, Error)]
pub enum MapError {
    /// Not a field map: not JSON, or not the shape a map has.
    #[error("it is not a field map ({0}); see assets/templates/FORMAT.md")]
    NotAMap(String),
    /// A move whose two sides carry a different number of `*`.
    #[error("the move \"{from}\" → \"{to}\" has a different number of '*' on each side")]
    StarCount {
        /// The old path.
        from: String,
        /// The new path.
        to: String,
    },
}

impl FieldMap {
    /// Parses a map file.
    pub fn parse(text: &str) -> Result<FieldMap, MapError> {
        let map: FieldMap =
            serde_json::from_str(text).map_err(|e| MapError::NotAMap(e.to_string()))?;
        for (from, to) in &map.moves {
            if from.matches('*').count() != to.matches('*').count() {
                return Err(MapError::StarCount {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        Ok(map)
    }

    /// Where the answer at `path` goes, if a move names it.
    pub fn target(&self, path: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::Template;

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
