//! Sign-off: the coordinator's decision that a review is final.

use gcm_review::desk::FinalDecision;
use tauri::State;

use crate::{DeskState, IpcError};

/// The decision that the review's current revision is final, if there is one.
#[tauri::command]
pub fn final_get(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<Option<FinalDecision>, IpcError> {
    desk.with(|d| d.final_decision(&id))
}

/// Marks the review's current revision final; with approvals outstanding or stale, refused
/// (`approvals_pending`) unless `confirmed` after the user saw the warning.
#[tauri::command]
pub fn review_finalize(
    desk: State<'_, DeskState>,
    id: String,
    confirmed: bool,
) -> Result<FinalDecision, IpcError> {
    desk.with(|d| d.finalize(&id, confirmed))
}
