//! Sign-off: the entities that must approve a review, the approvals recorded against an exact
//! text (on paper or by email with an optional scanned page, or from a signed approval file),
//! what changed since an approval, and the coordinator's decision that a review is final.

use gcm_review::desk::{
    display_name, write_file, ApprovalCheck, ApprovalInfo, Attachment, FieldDiff, FinalDecision,
    NewApproval, NewSignoffEntity, SignoffEntity, SignoffStatus,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{open_path, save_path};
use crate::{DeskState, FilesState, IpcError};

const SCANS: (&str, &[&str]) = (
    "Scanned page (pdf, png, jpg)",
    &["pdf", "png", "jpg", "jpeg"],
);
const APPROVALS: (&str, &[&str]) = ("Approval file (approval.json)", &["json"]);

/// A file chosen in an open dialog, kept by handle.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chosen<T: Serialize> {
    /// The file's name, for display.
    name: String,
    /// What later commands refer to the bytes read by.
    handle: String,
    /// What the core found in it.
    check: T,
}

/// The sign-off state: each entity with its latest approval, and the header's counts.
#[tauri::command]
pub fn signoff_status(desk: State<'_, DeskState>, id: String) -> Result<SignoffStatus, IpcError> {
    desk.with(|d| d.signoff_status(&id))
}

/// Adds an entity (with its approver and their title) to the sign-off list.
#[tauri::command]
pub fn signoff_add(
    desk: State<'_, DeskState>,
    id: String,
    entity: NewSignoffEntity,
) -> Result<SignoffEntity, IpcError> {
    desk.with(|d| d.add_signoff_entity(&id, &entity))
}

/// Adds contributing entities of the review to the sign-off list: those named (id or name), or
/// with none, every one not on the list yet.
#[tauri::command]
pub fn signoff_add_from_contributors(
    desk: State<'_, DeskState>,
    id: String,
    contributors: Vec<String>,
) -> Result<Vec<SignoffEntity>, IpcError> {
    desk.with(|d| d.add_signoff_from_contributors(&id, &contributors))
}

/// Forgets a scanned page or approval file chosen and not recorded (its dialog cancelled).
#[tauri::command]
pub fn approval_chosen_release(
    files: State<'_, FilesState>,
    handle: String,
) -> Result<(), IpcError> {
    files.with(|f| {
        f.release_chosen(&handle);
        Ok(())
    })
}

/// Asks for a scanned page to keep with an approval; `null` when cancelled. The bytes are read
/// now and checked when the approval is recorded.
#[tauri::command]
pub async fn approval_scan_choose<R: Runtime>(
    app: AppHandle<R>,
    files: State<'_, FilesState>,
) -> Result<Option<Chosen<()>>, IpcError> {
    let Some(path) = open_path(&app, SCANS) else {
        return Ok(None);
    };
    let name = display_name(&path);
    let (handle, check) = files.preview(path, |_| Ok(()))?;
    Ok(Some(Chosen {
        name,
        handle,
        check,
    }))
}

/// Records an approval signed on paper or given by email, with the scanned page chosen as
/// `scan` (a handle from `approval_scan_choose`), if any.
#[tauri::command]
pub async fn approval_record(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    mut approval: NewApproval,
    scan: Option<String>,
) -> Result<ApprovalInfo, IpcError> {
    if let Some(handle) = &scan {
        approval.attachment = Some(files.with(|f| {
            let name = display_name(f.path(handle)?);
            Ok(Attachment {
                name,
                bytes: f.chosen_bytes(handle)?.1.to_vec(),
            })
        })?);
    }
    let recorded = desk.with(|d| d.record_approval(&id, &approval))?;
    if let Some(handle) = &scan {
        files.with(|f| {
            f.forget(handle);
            Ok(())
        })?;
    }
    Ok(recorded)
}

/// Asks for an approval file and checks it against the review (signature, text approved,
/// entity, trust in its key); `null` when cancelled. Nothing is changed.
#[tauri::command]
pub async fn approval_file_choose<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
) -> Result<Option<Chosen<ApprovalCheck>>, IpcError> {
    let Some(path) = open_path(&app, APPROVALS) else {
        return Ok(None);
    };
    let name = display_name(&path);
    let (handle, check) = files.preview(path, |bytes| {
        desk.with(|d| d.check_approval_file(&id, bytes))
    })?;
    Ok(Some(Chosen {
        name,
        handle,
        check,
    }))
}

/// Records the approval file chosen as `handle`; one that needs confirmation is refused
/// (`needs_consent`) unless `consent` is the token its check gave.
#[tauri::command]
pub async fn approval_file_record(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    handle: String,
    consent: Option<String>,
) -> Result<ApprovalInfo, IpcError> {
    let recorded = files.with(|f| {
        let name = display_name(f.path(&handle)?);
        let (_, bytes) = f.chosen_bytes(&handle)?;
        Ok(desk.with(|d| d.record_approval_file(&id, &name, bytes, consent.as_deref())))
    })??;
    files.with(|f| {
        f.forget(&handle);
        Ok(())
    })?;
    Ok(recorded)
}

/// What changed since approval `approval`: its revision compared with now.
#[tauri::command]
pub fn approval_changes(
    desk: State<'_, DeskState>,
    id: String,
    approval: String,
) -> Result<Vec<FieldDiff>, IpcError> {
    desk.with(|d| d.changes_since_approval(&id, &approval))
}

/// Saves a copy of the file kept with approval `approval` (the scanned page, or the approval
/// file) where the user chooses; `null` when the save dialog was cancelled.
#[tauri::command]
pub async fn approval_attachment_save<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    id: String,
    approval: String,
) -> Result<Option<String>, IpcError> {
    let file = desk.with(|d| d.approval_attachment(&id, &approval))?;
    let ext = file
        .name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_string();
    let Some(path) = save_path(&app, &file.name, ("Approval", &[ext.as_str()])) else {
        return Ok(None);
    };
    write_file(&path, &file.bytes)?;
    Ok(Some(path.display().to_string()))
}

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
