//! Reviews: list, create, duplicate, trash, open, save.

use gcm_review::desk::{word_count, NewReview, ReviewState, ReviewSummary, SaveOutcome, Values};
use tauri::State;

use crate::{DeskState, IpcError};

/// The reviews on this machine, last saved first.
#[tauri::command]
pub fn reviews_list(desk: State<'_, DeskState>) -> Result<Vec<ReviewSummary>, IpcError> {
    desk.with(|d| d.list(false))
}

/// The reviews in the trash.
#[tauri::command]
pub fn reviews_trash(desk: State<'_, DeskState>) -> Result<Vec<ReviewSummary>, IpcError> {
    desk.with(|d| d.list(true))
}

/// Starts a review.
#[tauri::command]
pub fn review_create(
    desk: State<'_, DeskState>,
    member_state: String,
    cycle: String,
    language: String,
) -> Result<ReviewSummary, IpcError> {
    desk.with(|d| {
        d.create(NewReview {
            member_state,
            cycle,
            language,
        })
    })
}

/// Starts a review as a copy of another.
#[tauri::command]
pub fn review_duplicate(desk: State<'_, DeskState>, id: String) -> Result<ReviewSummary, IpcError> {
    desk.with(|d| d.duplicate(&id))
}

/// Moves a review to the trash.
#[tauri::command]
pub fn review_delete(desk: State<'_, DeskState>, id: String) -> Result<(), IpcError> {
    desk.with(|d| d.delete(&id))
}

/// Takes a review out of the trash.
#[tauri::command]
pub fn review_undelete(desk: State<'_, DeskState>, id: String) -> Result<(), IpcError> {
    desk.with(|d| d.undelete(&id))
}

/// A review's answers and completeness.
#[tauri::command]
pub fn review_open(desk: State<'_, DeskState>, id: String) -> Result<ReviewState, IpcError> {
    desk.with(|d| d.open_review(&id))
}

/// Saves edited answers as one revision, based on the version the window loaded.
#[tauri::command]
pub fn review_save(
    desk: State<'_, DeskState>,
    id: String,
    base_version: u64,
    changes: Values,
) -> Result<SaveOutcome, IpcError> {
    desk.with(|d| d.save(&id, base_version, changes))
}

/// The word count of an answer, as the template's limits count words.
#[tauri::command]
pub fn review_words(text: String) -> usize {
    word_count(&text)
}
