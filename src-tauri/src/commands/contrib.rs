//! Whole-of-government drafting: contributing entities and what is assigned to them, requests
//! sent (with their email drafts), the contributor's workspace and its return, merging a
//! response back (a preview first, by handle), open conflicts and who wrote each field.

use std::collections::BTreeMap;
use std::path::Path;

use gcm_review::desk::{
    display_name, read_import, write_file, AssignedTo, ContributionStatus, Contributor,
    DraftExport, FieldProvenance, MergeDecision, MergeOutcome, NewContributor, OpenConflict,
    OpenedWorkspace, Passphrase, RequestExport, RequestOptions, Resolution, ResolveOutcome,
    ResponsePreview, WorkspaceInfo, WrittenKind,
};
use gcm_review::{Desk, DeskError};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{open_path, save_path, show_file};
use crate::{DeskState, FilesState, IpcError};

const ZIP: (&str, &[&str]) = ("Contribution (zip)", &["zip"]);
const DOCX: (&str, &[&str]) = ("Word form (docx)", &["docx"]);
const RESPONSE: (&str, &[&str]) = ("Contribution (zip, docx)", &["zip", "docx"]);

/// A request or response written, with the email draft beside it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContributionWritten {
    /// Where the file was written, for display.
    path: String,
    /// What "Show in folder" refers to it by.
    handle: String,
    /// Where the email draft was written, for display.
    eml: String,
    /// The draft's recipient.
    to: String,
    /// The fields it carries.
    fields: Vec<String>,
    /// The fingerprint of the key that signed it, for the other side to confirm.
    fingerprint: String,
    /// A request's due date.
    due: Option<String>,
    /// For a response: whether the contributor's key was made for it (its first use).
    key_created: bool,
}

/// A request opened on the contributor's side, and the file it came from.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOpened {
    name: String,
    opened: OpenedWorkspace,
}

/// A response (the app's signed file or a Word form returned) chosen for merging, and what
/// merging it would do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseChosen {
    /// The file's name, for display.
    name: String,
    /// What `merge_confirm` refers to the previewed bytes by.
    handle: String,
    preview: ResponsePreview,
}

/// Writes the email draft `bytes` beside `file` (same name, `.eml`) and opens it.
fn write_draft<R: Runtime>(
    app: &AppHandle<R>,
    file: &Path,
    bytes: &[u8],
) -> Result<String, IpcError> {
    let eml = file.with_extension("eml");
    write_file(&eml, bytes)?;
    show_file(app, &eml);
    Ok(eml.display().to_string())
}

/// The contributing entities of a review, with what is assigned to each.
#[tauri::command]
pub fn contributors_list(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<Vec<Contributor>, IpcError> {
    desk.with(|d| d.contributors(&id))
}

/// Adds a contributing entity to a review.
#[tauri::command]
pub fn contributor_add(
    desk: State<'_, DeskState>,
    id: String,
    contributor: NewContributor,
) -> Result<Contributor, IpcError> {
    desk.with(|d| d.add_contributor(&id, &contributor))
}

/// Assigns (or, with `remove`, takes back) sections, objectives, round tables or fields.
#[tauri::command]
pub fn contributor_assign(
    desk: State<'_, DeskState>,
    id: String,
    entity: String,
    selectors: Vec<String>,
    remove: bool,
) -> Result<Contributor, IpcError> {
    desk.with(|d| match remove {
        true => d.unassign(&id, &entity, &selectors),
        false => d.assign(&id, &entity, &selectors),
    })
}

/// Where each entity's contribution stands.
#[tauri::command]
pub fn contributions_status(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<ContributionStatus, IpcError> {
    desk.with(|d| d.contribution_status(&id))
}

/// Each assigned field with the entities it is assigned to, for the editor's marks.
#[tauri::command]
pub fn field_assignments(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<BTreeMap<String, Vec<AssignedTo>>, IpcError> {
    desk.with(|d| d.field_assignments(&id))
}

/// Who wrote each answered field's current text.
#[tauri::command]
pub fn field_provenance(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<BTreeMap<String, FieldProvenance>, IpcError> {
    desk.with(|d| d.provenance(&id))
}

/// The contributing entities as a list, for `methodology.government_contributors`.
#[tauri::command]
pub fn government_contributors_text(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<String, IpcError> {
    desk.with(|d| d.government_contributors_text(&id))
}

/// Signs the request for an entity, saves it where the user chooses, records it, then writes
/// the email draft to the entity beside it; `null` when the save dialog was cancelled (nothing
/// is recorded).
#[tauri::command]
pub async fn contribution_request<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    entity: String,
    options: RequestOptions,
    passphrase: Passphrase,
) -> Result<Option<ContributionWritten>, IpcError> {
    let request = desk.with(|d| d.request_contribution(&id, &entity, &options, &passphrase))?;
    send_request(&app, &desk, &files, request, ZIP, |d, name, bytes| {
        d.email_request(name, bytes)
    })
}

/// Makes the request for an entity as a Word form, saves it where the user chooses, records
/// it, then writes the email draft to the entity beside it; `null` when the save dialog was
/// cancelled (nothing is recorded).
#[tauri::command]
pub async fn contribution_request_form<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    entity: String,
    options: RequestOptions,
) -> Result<Option<ContributionWritten>, IpcError> {
    let request = desk.with(|d| d.request_form(&id, &entity, &options))?;
    send_request(&app, &desk, &files, request, DOCX, |d, name, bytes| {
        d.email_form(&id, name, bytes)
    })
}

/// Saves a request (signed zip or Word form) where the user chooses, records it once it is on
/// disk, then writes the email draft `email` makes beside it.
fn send_request<R: Runtime>(
    app: &AppHandle<R>,
    desk: &DeskState,
    files: &FilesState,
    request: RequestExport,
    filter: (&str, &[&str]),
    email: impl FnOnce(&mut Desk, &str, &[u8]) -> Result<DraftExport, DeskError>,
) -> Result<Option<ContributionWritten>, IpcError> {
    let Some(path) = save_path(app, &request.file_name, filter) else {
        return Ok(None);
    };
    write_file(&path, &request.bytes)?;
    desk.with(|d| d.record_request(&request))?;
    let draft = desk.with(|d| email(d, &display_name(&path), &request.bytes))?;
    let eml = write_draft(app, &path, &draft.bytes)?;
    Ok(Some(ContributionWritten {
        path: path.display().to_string(),
        handle: files.with(|f| f.written(path, WrittenKind::Contribution))?,
        eml,
        to: draft.to,
        fields: request.fields,
        fingerprint: request.fingerprint,
        due: request.due,
        key_created: false,
    }))
}

/// The contributor's side: asks for a request file and opens it as a workspace (the same
/// workspace if it was opened before); `null` when cancelled.
#[tauri::command]
pub async fn contribution_open<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
) -> Result<Option<RequestOpened>, IpcError> {
    let Some(path) = open_path(&app, ZIP) else {
        return Ok(None);
    };
    let bytes = read_import(&path)?;
    let opened = desk.with(|d| d.open_request(&bytes))?;
    Ok(Some(RequestOpened {
        name: display_name(&path),
        opened,
    }))
}

/// A contribution workspace as the restricted editor shows it; `null` for any other review.
#[tauri::command]
pub fn workspace_get(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<Option<WorkspaceInfo>, IpcError> {
    desk.with(|d| d.workspace(&id))
}

/// Sets (or, empty, removes) the contributor's comment on an assigned field of a workspace.
#[tauri::command]
pub fn contribution_comment(
    desk: State<'_, DeskState>,
    id: String,
    path: String,
    text: String,
) -> Result<(), IpcError> {
    desk.with(|d| d.set_contribution_comment(&id, &path, &text))
}

/// Signs the workspace's response (making the contributor's key on first use), saves it where
/// the user chooses, records it, then writes the email draft back to the coordinator beside it;
/// `null` when the save dialog was cancelled.
#[tauri::command]
pub async fn contribution_return<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    passphrase: Passphrase,
) -> Result<Option<ContributionWritten>, IpcError> {
    let response = desk.with(|d| d.return_contribution(&id, &passphrase, None))?;
    let Some(path) = save_path(&app, &response.file_name, ZIP) else {
        return Ok(None);
    };
    write_file(&path, &response.bytes)?;
    desk.with(|d| d.record_return(&response))?;
    let draft = desk.with(|d| d.email_response(&id, &display_name(&path), &response.bytes))?;
    let eml = write_draft(&app, &path, &draft.bytes)?;
    Ok(Some(ContributionWritten {
        path: path.display().to_string(),
        handle: files.with(|f| f.written(path, WrittenKind::Contribution))?,
        eml,
        to: draft.to,
        fields: response.fields,
        fingerprint: response.fingerprint,
        due: None,
        key_created: response.key_created,
    }))
}

/// Asks for a response file (the app's signed response, or a Word form returned filled in)
/// and shows what merging it into the review would do; `null` when cancelled. Nothing is
/// changed; the bytes previewed are kept for `merge_confirm`.
#[tauri::command]
pub async fn merge_choose<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
) -> Result<Option<ResponseChosen>, IpcError> {
    let Some(path) = open_path(&app, RESPONSE) else {
        return Ok(None);
    };
    let name = display_name(&path);
    let (handle, preview) = files.preview(path, |bytes| {
        desk.with(|d| d.preview_response(&id, &name, bytes))
    })?;
    Ok(Some(ResponseChosen {
        name,
        handle,
        preview,
    }))
}

/// Merges the response previewed (by its handle: exactly those bytes) as the coordinator
/// decided: one revision; the conflicts not resolved stay open on the review.
#[tauri::command]
pub async fn merge_confirm(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    handle: String,
    decision: MergeDecision,
) -> Result<MergeOutcome, IpcError> {
    let outcome = files.with(|f| {
        let (path, bytes) = f.chosen_bytes(&handle)?;
        let name = display_name(Path::new(&path));
        Ok(desk.with(|d| d.merge_response(&id, &name, bytes, &decision)))
    })??;
    files.with(|f| {
        f.forget(&handle);
        Ok(())
    })?;
    Ok(outcome)
}

/// The conflicts merges left open on a review, each side by side, word by word.
#[tauri::command]
pub fn conflicts_open(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<Vec<OpenConflict>, IpcError> {
    desk.with(|d| d.open_conflicts(&id))
}

/// Resolves open conflicts, by id: take theirs, keep mine, or the text made of both.
#[tauri::command]
pub fn conflicts_resolve(
    desk: State<'_, DeskState>,
    id: String,
    resolutions: BTreeMap<i64, Resolution>,
) -> Result<ResolveOutcome, IpcError> {
    desk.with(|d| d.resolve_conflicts(&id, &resolutions))
}
