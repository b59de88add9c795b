//! Find and replace across a review.

use gcm_review::desk::{FindQuery, FindResult, ReplaceOutcome, ReplaceTarget};
use tauri::State;

use crate::{DeskState, IpcError};

/// Every match of `text` in the review, counted per section and objective.
#[tauri::command]
pub fn review_find(
    desk: State<'_, DeskState>,
    id: String,
    text: String,
    loose: bool,
) -> Result<FindResult, IpcError> {
    desk.with(|d| d.find(&id, &FindQuery { text, loose }))
}

/// Replaces all matches, or one, by `with`: one revision.
#[tauri::command]
pub fn review_replace(
    desk: State<'_, DeskState>,
    id: String,
    base_version: u64,
    text: String,
    loose: bool,
    with: String,
    target: ReplaceTarget,
) -> Result<ReplaceOutcome, IpcError> {
    desk.with(|d| {
        d.replace(
            &id,
            base_version,
            &FindQuery { text, loose },
            &with,
            &target,
        )
    })
}
