//! Packages: made for the secretariat, emailed, imported, updated and resubmitted.

use gcm_review::desk::{
    display_name, write_file, ImportOutcome, ImportPreview, ReviewState, SinceSubmission,
    WrittenKind,
};
use gcm_review::desk::{Passphrase, PdfOptions};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{open_path, reveal_file, save_path, show_file};
use crate::{DeskState, FilesState, IpcError};

const ZIP: (&str, &[&str]) = ("Package (zip)", &["zip"]);
const IMPORTABLE: (&str, &[&str]) = ("Package or review (zip, json)", &["zip", "json"]);

/// A package written by an export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageWritten {
    /// Where it was written, for display.
    path: String,
    /// What the email step and "Show in folder" refer to it by.
    handle: String,
    status: &'static str,
    digest: String,
    fingerprint: String,
    supersedes: Option<String>,
}

/// An email draft written beside its package.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailWritten {
    path: String,
    handle: String,
    to: String,
}

/// A file chosen for import, and what importing it would do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportChosen {
    /// The file's name, for display.
    name: String,
    /// What `import_file` refers to the previewed bytes by.
    handle: String,
    preview: ImportPreview,
}

/// Signs and packages the review, saves the package where the user chooses, then records it in
/// History; `null` when the save dialog was cancelled (nothing is recorded).
#[tauri::command]
pub async fn export_package<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    passphrase: Passphrase,
    options: PdfOptions,
) -> Result<Option<PackageWritten>, IpcError> {
    let package = desk.with(|d| d.package(&id, &passphrase, &options))?;
    let Some(path) = save_path(&app, &package.file_name, ZIP) else {
        return Ok(None);
    };
    write_file(&path, &package.bytes)?;
    desk.with(|d| d.record_package(&package))?;
    let handle = files.with(|f| f.written(path.clone(), WrittenKind::Package))?;
    Ok(Some(PackageWritten {
        path: path.display().to_string(),
        handle,
        status: package.status.as_str(),
        digest: package.digest,
        fingerprint: package.fingerprint,
        supersedes: package.supersedes,
    }))
}

/// Writes the email draft that carries the package the app wrote (by its handle) beside it,
/// records the submission once the draft exists, and opens it in the system's mail program.
#[tauri::command]
pub async fn email_package<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    id: String,
    package: String,
) -> Result<EmailWritten, IpcError> {
    let path = files.with(|f| {
        Ok(f.written_path(&package, WrittenKind::Package)?
            .to_path_buf())
    })?;
    let bytes = gcm_review::desk::read_import(&path)?;
    let draft = desk.with(|d| d.email_package(&id, &display_name(&path), &bytes))?;
    let eml = path.with_extension("eml");
    write_file(&eml, &draft.bytes)?;
    desk.with(|d| d.record_email(&draft))?;
    show_file(&app, &eml);
    let handle = files.with(|f| f.written(eml.clone(), WrittenKind::Email))?;
    Ok(EmailWritten {
        path: eml.display().to_string(),
        handle,
        to: draft.to,
    })
}

/// Shows a file of this session (by its handle) in the system's file manager.
#[tauri::command]
pub fn show_in_folder<R: Runtime>(
    app: AppHandle<R>,
    files: State<'_, FilesState>,
    handle: String,
) -> Result<(), IpcError> {
    let path = files.with(|f| Ok(f.path(&handle)?.to_path_buf()))?;
    reveal_file(&app, &path);
    Ok(())
}

/// Asks for a package or review file and says what importing it would do; `null` when
/// cancelled. Nothing is changed yet; the bytes previewed are kept for `import_file`.
#[tauri::command]
pub async fn import_choose<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
) -> Result<Option<ImportChosen>, IpcError> {
    let Some(path) = open_path(&app, IMPORTABLE) else {
        return Ok(None);
    };
    let name = display_name(&path);
    let (handle, preview) =
        files.preview(path, |bytes| desk.with(|d| d.preview_import(&name, bytes)))?;
    Ok(Some(ImportChosen {
        name,
        handle,
        preview,
    }))
}

/// Imports the file the user previewed and confirmed, by its handle: exactly the bytes that
/// were previewed (a file changed on disk since is refused). `consent` is the token of the
/// warning the user accepted, when the preview asked for one.
#[tauri::command]
pub async fn import_file(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    handle: String,
    consent: Option<String>,
) -> Result<ImportOutcome, IpcError> {
    let outcome = files.with(|f| {
        let (_, bytes) = f.chosen_bytes(&handle)?;
        Ok(desk.with(|d| d.import(bytes, consent.as_deref())))
    })??;
    files.with(|f| {
        f.forget(&handle);
        Ok(())
    })?;
    Ok(outcome)
}

/// Starts the update of the submission at `revision`, optionally for a new cycle.
#[tauri::command]
pub fn update_start(
    desk: State<'_, DeskState>,
    id: String,
    revision: u64,
    cycle: Option<String>,
) -> Result<ReviewState, IpcError> {
    desk.with(|d| d.start_update(&id, revision, cycle.as_deref()))
}

/// The last submission of a review and the fields changed since.
#[tauri::command]
pub fn since_submission(
    desk: State<'_, DeskState>,
    id: String,
) -> Result<SinceSubmission, IpcError> {
    desk.with(|d| d.since_submission(&id))
}

/// The address packages are emailed to.
#[tauri::command]
pub fn secretariat_get(desk: State<'_, DeskState>) -> Result<String, IpcError> {
    desk.with(|d| d.secretariat())
}

/// Sets the address packages are emailed to (empty: the secretariat's).
#[tauri::command]
pub fn secretariat_set(desk: State<'_, DeskState>, address: String) -> Result<String, IpcError> {
    desk.with(|d| d.set_secretariat(&address))
}
