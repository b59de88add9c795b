//! Comments on a review's fields, for interministerial review: threads listed, counted,
//! started, replied to, resolved and reopened. Internal: the core keeps them beside the review.

use gcm_review::desk::{CommentCounts, CommentThread};
use tauri::State;

use crate::{DeskState, IpcError};

/// The review's comment threads in template order (only the open ones with `open_only`).
#[tauri::command]
pub fn comments_list(
    desk: State<'_, DeskState>,
    id: String,
    open_only: bool,
) -> Result<Vec<CommentThread>, IpcError> {
    desk.with(|d| d.comments(&id, open_only))
}

/// How many threads are open, per field, section and objective.
#[tauri::command]
pub fn comment_counts(desk: State<'_, DeskState>, id: String) -> Result<CommentCounts, IpcError> {
    desk.with(|d| d.comment_counts(&id))
}

/// Starts a thread on field `path`, written by this machine's signer.
#[tauri::command]
pub fn comment_add(
    desk: State<'_, DeskState>,
    id: String,
    path: String,
    text: String,
) -> Result<CommentThread, IpcError> {
    desk.with(|d| d.add_comment(&id, &path, &text))
}

/// Replies to comment `comment`; the reply joins its thread.
#[tauri::command]
pub fn comment_reply(
    desk: State<'_, DeskState>,
    id: String,
    comment: String,
    text: String,
) -> Result<CommentThread, IpcError> {
    desk.with(|d| d.reply_comment(&id, &comment, &text))
}

/// Resolves the thread comment `comment` is in.
#[tauri::command]
pub fn comment_resolve(
    desk: State<'_, DeskState>,
    id: String,
    comment: String,
) -> Result<CommentThread, IpcError> {
    desk.with(|d| d.resolve_comment(&id, &comment))
}

/// Reopens the thread comment `comment` is in.
#[tauri::command]
pub fn comment_reopen(
    desk: State<'_, DeskState>,
    id: String,
    comment: String,
) -> Result<CommentThread, IpcError> {
    desk.with(|d| d.reopen_comment(&id, &comment))
}
