//! Comparing two revisions of a review.

use gcm_review::desk::{AuthoredDiff, FieldDiff};
use tauri::State;

use crate::{DeskState, IpcError};

/// What changed from revision `a` to revision `b`, field by field and word by word.
#[tauri::command]
pub fn compare_revisions(
    desk: State<'_, DeskState>,
    id: String,
    a: u64,
    b: u64,
) -> Result<Vec<FieldDiff>, IpcError> {
    desk.with(|d| d.compare(&id, a, b))
}

/// Like `compare_revisions`, each field with who wrote its text at `b` (a contributing entity
/// whose response was merged, or the coordinator) and in which revision.
#[tauri::command]
pub fn compare_authors(
    desk: State<'_, DeskState>,
    id: String,
    a: u64,
    b: u64,
) -> Result<Vec<AuthoredDiff>, IpcError> {
    desk.with(|d| d.compare_authors(&id, a, b))
}
