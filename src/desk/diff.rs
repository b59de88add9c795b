//! Comparing two revisions of a review.

use super::{Desk, DeskError};
use crate::diff::{diff, FieldDiff};

impl Desk {
    /// What changed in a review from revision `a` to revision `b`, field by field and word by
    /// word, in template order (see [`crate::diff::diff`]). `a` may be the later one: the diff
    /// then reads backwards. A revision the review does not have is refused with the range it
    /// does have.
    pub fn compare(&self, id: &str, a: u64, b: u64) -> Result<Vec<FieldDiff>, DeskError> {
        let before = self.revision(id, a)?;
        let after = self.revision(id, b)?;
        Ok(diff(self.template, &before, &after))
    }
}
