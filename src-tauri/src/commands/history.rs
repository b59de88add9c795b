//! History: revisions, viewing and restoring one, milestones.

use gcm_review::desk::{ReviewState, RevisionInfo, Values};
use serde::Serialize;
use tauri::State;

use crate::{DeskState, IpcError};

/// A review as it was at one revision.
#[derive(Serialize)]
pub struct RevisionValues {
    revision: u64,
    values: Values,
}

/// Every revision of a review, newest first.
#[tauri::command]
pub fn history_list(desk: State<'_, DeskState>, id: String) -> Result<Vec<RevisionInfo>, IpcError> {
    desk.with(|d| d.history(&id))
}

/// The answers at one revision, to show read-only.
#[tauri::command]
pub fn history_show(
    desk: State<'_, DeskState>,
    id: String,
    revision: u64,
) -> Result<RevisionValues, IpcError> {
    let values = desk.with(|d| d.revision(&id, revision))?;
    Ok(RevisionValues { revision, values })
}

/// Restores a revision as a new one.
#[tauri::command]
pub fn history_restore(
    desk: State<'_, DeskState>,
    id: String,
    revision: u64,
) -> Result<ReviewState, IpcError> {
    desk.with(|d| d.restore(&id, revision))
}

/// Marks the newest revision with a label.
#[tauri::command]
pub fn milestone_add(
    desk: State<'_, DeskState>,
    id: String,
    label: String,
) -> Result<RevisionInfo, IpcError> {
    desk.with(|d| d.add_milestone(&id, &label))
}
