//! The entities that contribute to a review and what is assigned to them: listed, added,
//! given sections, objectives, round tables or single fields; the editor's "assigned to" marks;
//! and the list of contributors offered for the methodology section.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::trust::groups;
use super::{Desk, DeskError};
use crate::contrib::{Entity, Selector};
use crate::package::valid_address;
use crate::store::{now, ContributorRecord};

/// A contributing entity of a review, with what is assigned to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributor {
    /// Its id within the review (a slug of its name), what commands and requests name it by.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The ministry or office it belongs to (may be empty).
    pub ministry: String,
    /// Its contact email.
    pub email: String,
    /// When it was added.
    pub created_at: String,
    /// What is assigned to it, as given (`section:means`, `objectives.6`, `round-table:2`,
    /// field paths), in canonical spelling.
    pub assignment: Vec<String>,
    /// The field paths that assignment covers, in template order.
    pub fields: Vec<String>,
    /// The fingerprint of the key its responses are signed with, once one was merged.
    pub key: Option<String>,
}

/// A contributing entity to add.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewContributor {
    /// Its name, e.g. "Directorate of Labour Migration".
    pub name: String,
    /// The ministry or office it belongs to (may be empty).
    #[serde(default)]
    pub ministry: String,
    /// Its contact email.
    pub email: String,
}

/// An entity a field is assigned to, for the editor's mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedTo {
    /// The entity's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A name as an id: lower-case letters and digits, hyphens between words, at most 40
/// characters.
fn slug(name: &str) -> String {
    let text: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let mut slug = text
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if let Some((cut, _)) = slug.char_indices().nth(40) {
        slug.truncate(cut);
    }
    match slug.trim_end_matches('-') {
        "" => "entity".to_string(),
        s => s.to_string(),
    }
}

impl Contributor {
    /// The entity as requests and responses carry it.
    pub fn entity(&self) -> Entity {
        Entity {
            id: self.id.clone(),
            name: self.name.clone(),
            ministry: self.ministry.clone(),
            email: self.email.clone(),
        }
    }
}

impl Desk {
    /// The contributing entities of a review, in the order they were added, each with what is
    /// assigned to it.
    pub fn contributors(&self, review: &str) -> Result<Vec<Contributor>, DeskError> {
        self.store.record(review)?;
        let mut assignments: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (entity, selector) in self.store.assignments(review)? {
            assignments.entry(entity).or_default().push(selector);
        }
        Ok(self
            .store
            .contributors(review)?
            .into_iter()
            .map(|c| {
                let assignment = assignments.remove(&c.id).unwrap_or_default();
                self.contributor_of(c, assignment)
            })
            .collect())
    }

    fn contributor_of(&self, c: ContributorRecord, assignment: Vec<String>) -> Contributor {
        let covered: BTreeSet<String> = crate::contrib::assigned_paths(self.template, &assignment);
        let fields = self
            .template
            .fields()
            .into_iter()
            .map(|f| f.path())
            .filter(|p| covered.contains(p))
            .collect();
        Contributor {
            id: c.id,
            name: c.name,
            ministry: c.ministry,
            email: c.email,
            created_at: c.created_at,
            assignment,
            fields,
            key: c.kid.as_deref().map(groups),
        }
    }

    /// The contributing entity of a review that `query` names: its id, its name (any case), or
    /// a unique beginning of its id.
    pub fn contributor(&self, review: &str, query: &str) -> Result<Contributor, DeskError> {
        let wanted = query.trim();
        let all = self.contributors(review)?;
        let lower = wanted.to_lowercase();
        let exact = all
            .iter()
            .position(|c| c.id == wanted || c.name.to_lowercase() == lower);
        let found = match exact {
            Some(i) => Some(i),
            None => {
                let mut starts = all
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !wanted.is_empty() && c.id.starts_with(&lower));
                match (starts.next(), starts.next()) {
                    (Some((i, _)), None) => Some(i),
                    (Some(_), Some(_)) => {
                        return Err(DeskError::AmbiguousContributor(wanted.to_string()))
                    }
                    _ => None,
                }
            }
        };
        found
            .map(|i| all[i].clone())
            .ok_or_else(|| DeskError::UnknownContributor(wanted.to_string()))
    }

    /// Adds a contributing entity to a review; its id is a slug of its name.
    pub fn add_contributor(
        &mut self,
        review: &str,
        new: &NewContributor,
    ) -> Result<Contributor, DeskError> {
        let name = new.name.trim();
        if name.is_empty() {
            return Err(DeskError::Invalid(
                "give the contributing entity's name".into(),
            ));
        }
        let email = new.email.trim();
        if !valid_address(email) {
            return Err(DeskError::BadAddress(email.to_string()));
        }
        let existing = self.contributors(review)?;
        if existing
            .iter()
            .any(|c| c.name.to_lowercase() == name.to_lowercase())
        {
            return Err(DeskError::Invalid(format!(
                "\"{name}\" is a contributing entity of this review already"
            )));
        }
        let base = slug(name);
        let id = (1..)
            .map(|n| match n {
                1 => base.clone(),
                n => format!("{base}-{n}"),
            })
            .find(|id| !existing.iter().any(|c| &c.id == id))
            .unwrap_or(base);
        let record = ContributorRecord {
            id,
            name: name.to_string(),
            ministry: new.ministry.trim().to_string(),
            email: email.to_string(),
            created_at: now(),
            kid: None,
        };
        self.store.add_contributor(review, &record)?;
        Ok(self.contributor_of(record, Vec::new()))
    }

    /// Assigns parts of the template to an entity: whole sections (`section:means`),
    /// objectives (`objectives.6`, `objective:6`, or `round-table:2` for a round table's), or
    /// single fields (`objectives.6.measures`). A field may be assigned to several entities.
    pub fn assign(
        &mut self,
        review: &str,
        entity: &str,
        selectors: &[String],
    ) -> Result<Contributor, DeskError> {
        self.set_assignment(review, entity, selectors, true)
    }

    /// Takes assignments back from an entity (as [`Desk::assign`] spells them).
    pub fn unassign(
        &mut self,
        review: &str,
        entity: &str,
        selectors: &[String],
    ) -> Result<Contributor, DeskError> {
        self.set_assignment(review, entity, selectors, false)
    }

    fn set_assignment(
        &mut self,
        review: &str,
        entity: &str,
        selectors: &[String],
        add: bool,
    ) -> Result<Contributor, DeskError> {
        let entity = self.contributor(review, entity)?;
        if selectors.is_empty() {
            return Err(DeskError::Invalid(
                "name the fields: a field path, objectives.6, round-table:2 or section:means"
                    .into(),
            ));
        }
        let canonical = selectors
            .iter()
            .map(|s| Ok(Selector::parse(self.template, s)?.to_string()))
            .collect::<Result<Vec<_>, DeskError>>()?;
        let (plus, minus) = if add {
            (canonical, Vec::new())
        } else {
            (Vec::new(), canonical)
        };
        self.store
            .set_assignments(review, &entity.id, &plus, &minus)?;
        self.contributor(review, &entity.id)
    }

    /// For the editor: each assigned field, with the entities it is assigned to.
    pub fn field_assignments(
        &self,
        review: &str,
    ) -> Result<BTreeMap<String, Vec<AssignedTo>>, DeskError> {
        let mut out: BTreeMap<String, Vec<AssignedTo>> = BTreeMap::new();
        for c in self.contributors(review)? {
            for path in &c.fields {
                out.entry(path.clone()).or_default().push(AssignedTo {
                    id: c.id.clone(),
                    name: c.name.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The contributing entities as a list for `methodology.government_contributors`, one per
    /// line ("- Directorate of Labour Migration, Ministry of Labour"): what the editor offers
    /// to fill that field with. Provenance itself never leaves the store; only this list, and
    /// only if the coordinator puts it in the field.
    pub fn government_contributors_text(&self, review: &str) -> Result<String, DeskError> {
        Ok(self
            .contributors(review)?
            .iter()
            .map(|c| match c.ministry.as_str() {
                "" => format!("- {}\n", c.name),
                m if m.eq_ignore_ascii_case(&c.name) => format!("- {}\n", c.name),
                m => format!("- {}, {m}\n", c.name),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn ids_are_slugs_of_names_in_any_script() {
        assert_eq!(slug("Ministry of Labour"), "ministry-of-labour");
        assert_eq!(
            slug("  Office (Statistics) / Data  "),
            "office-statistics-data"
        );
        assert_eq!(slug("وزارة العمل"), "وزارة-العمل");
        assert_eq!(slug("../"), "entity");
        assert!(slug(&"a".repeat(100)).chars().count() <= 40);
    }
}
