//! History: every revision of a review, the answers as they were, restoring one (itself a new
//! revision: nothing is destroyed), and milestones.

use super::{Desk, DeskError, ReviewState};
use crate::review::Values;
use crate::store::{RevisionInfo, RevisionKind};

impl Desk {
    /// Every revision of a review, newest first.
    pub fn history(&self, id: &str) -> Result<Vec<RevisionInfo>, DeskError> {
        Ok(self.store.revisions(id)?)
    }

    /// The answers of a review as they were at a revision.
    pub fn revision(&self, id: &str, revision: u64) -> Result<Values, DeskError> {
        Ok(self.store.values_at(id, revision)?)
    }

    /// Restores a revision's answers as a new revision; nothing is destroyed.
    pub fn restore(&mut self, id: &str, revision: u64) -> Result<ReviewState, DeskError> {
        let changes = self.store.restore_changes(id, revision)?;
        let head = self.store.record(id)?.revision;
        self.store
            .commit(id, head, &changes, RevisionKind::Restore { from: revision })?;
        self.open_review(id)
    }

    /// Marks the newest revision with a label ("sent to ministries").
    pub fn add_milestone(&mut self, id: &str, label: &str) -> Result<RevisionInfo, DeskError> {
        Ok(self.store.add_milestone(id, label)?)
    }
}
