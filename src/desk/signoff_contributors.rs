//! The sign-off list taken from the contributors list: which contributing entities of a review
//! are not on its sign-off list yet, and adding them to it.

use serde::Serialize;

use super::signoff::NewSignoffEntity;
use super::{Desk, DeskError};
use crate::store::{EntitySource, SignoffEntity};

/// A contributing entity that is not on the sign-off list yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignoffCandidate {
    /// The contributor's id within the review.
    pub id: String,
    /// Its name: the entity's name on the sign-off list once added.
    pub name: String,
    /// The ministry or office it belongs to (may be empty).
    pub ministry: String,
}

/// Whether two entity names are the same entity (as the sign-off list compares them).
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Desk {
    /// The contributing entities of a review that are not on its sign-off list yet (by name,
    /// in any case), in the order they were added.
    pub fn signoff_candidates(&self, id: &str) -> Result<Vec<SignoffCandidate>, DeskError> {
        let listed = self.store.signoff_entities(id)?;
        Ok(self
            .contributors(id)?
            .into_iter()
            .filter(|c| !listed.iter().any(|e| same_name(&e.entity, &c.name)))
            .map(|c| SignoffCandidate {
                id: c.id,
                name: c.name,
                ministry: c.ministry,
            })
            .collect())
    }

    /// Adds contributing entities of a review to its sign-off list: those `wanted` names (by
    /// id or name, as [`Desk::contributor`] finds them), or with none named, every one not on
    /// the list yet. All are checked before any is added: an unknown contributor, or one
    /// already on the list, changes nothing. Returns the entities added, in order.
    pub fn add_signoff_from_contributors(
        &mut self,
        id: &str,
        wanted: &[String],
    ) -> Result<Vec<SignoffEntity>, DeskError> {
        let candidates = self.signoff_candidates(id)?;
        let mut chosen: Vec<SignoffCandidate> = Vec::new();
        if wanted.is_empty() {
            chosen = candidates;
        } else {
            for query in wanted {
                let contributor = self.contributor(id, query)?;
                let candidate = candidates
                    .iter()
                    .find(|c| c.id == contributor.id)
                    .ok_or_else(|| DeskError::EntityExists(contributor.name.clone()))?;
                if !chosen.iter().any(|c| c.id == candidate.id) {
                    chosen.push(candidate.clone());
                }
            }
        }
        if chosen.is_empty() {
            return Err(DeskError::Invalid(
                "every contributing entity is on the sign-off list already (add contributors \
                 first, or add an entity by hand)"
                    .into(),
            ));
        }
        if let Some(long) = chosen.iter().find(|c| c.name.trim().chars().count() > 200) {
            return Err(DeskError::Invalid(format!(
                "the name of \"{}\" is longer than the sign-off list takes (200 characters)",
                long.id
            )));
        }
        chosen
            .into_iter()
            .map(|c| {
                let new = NewSignoffEntity {
                    entity: c.name,
                    ..NewSignoffEntity::default()
                };
                self.add_entity(id, &new, EntitySource::Contributor)
            })
            .collect()
    }
}
