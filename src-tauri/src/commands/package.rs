//! Packages: made for the secretariat, emailed, imported, updated and resubmitted.

use std::path::PathBuf;

use gcm_review::desk::{write_file, ImportOutcome, ImportPreview, ReviewState, SinceSubmission};
use gcm_review::pdf::PdfOptions;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{open_path, reveal_file, save_path, show_file};
use crate::{DeskState, IpcError};

const ZIP: (&str, &[&str]) = ("Package (zip)", &["zip"]);
const IMPORTABLE: (&str, &[&str]) = ("Package or review (zip, json)", &["zip", "json"]);

/// A package written by an export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageWritten {
    path: String,
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
    to: String,
}

/// A file chosen for import, and what importing it would do.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportChosen {
    path: String,
    preview: ImportPreview,
}

/// Signs and packages the review, then saves the package where the user chooses; `null` when
/// the save dialog was cancelled.
#[tauri::command]
pub async fn export_package<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    id: String,
    passphrase: String,
    options: PdfOptions,
) -> Result<Option<PackageWritten>, IpcError> {
    let package = desk.with(|d| d.package(&id, &passphrase, &options))?;
    let Some(path) = save_path(&app, &package.file_name, ZIP) else {
        return Ok(None);
    };
    write_file(&path, &package.bytes)?;
    Ok(Some(PackageWritten {
        path: path.display().to_string(),
        status: package.status.as_str(),
        digest: package.digest,
        fingerprint: package.fingerprint,
        supersedes: package.supersedes,
    }))
}

/// Writes the email draft that carries the package at `path` beside it, records the
/// submission, and opens the draft in the system's mail program.
#[tauri::command]
pub async fn email_package<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    id: String,
    path: PathBuf,
) -> Result<EmailWritten, IpcError> {
    let bytes = std::fs::read(&path).map_err(|e| IpcError::read(&path, &e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string());
    let draft =
        desk.with(|d| d.email_package(&id, name.as_deref().unwrap_or("package.zip"), &bytes))?;
    let eml = path.with_extension("eml");
    write_file(&eml, &draft.bytes)?;
    show_file(&app, &eml);
    Ok(EmailWritten {
        path: eml.display().to_string(),
        to: draft.to,
    })
}

/// Shows a written file in the system's file manager.
#[tauri::command]
pub fn show_in_folder<R: Runtime>(app: AppHandle<R>, path: PathBuf) {
    reveal_file(&app, &path);
}

/// Asks for a package or review file and says what importing it would do; `null` when
/// cancelled. Nothing is changed yet.
#[tauri::command]
pub async fn import_choose<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
) -> Result<Option<ImportChosen>, IpcError> {
    let Some(path) = open_path(&app, IMPORTABLE) else {
        return Ok(None);
    };
    let bytes = gcm_review::desk::read_import(&path)?;
    let preview = desk.with(|d| d.preview_import(&path.display().to_string(), &bytes))?;
    Ok(Some(ImportChosen {
        path: path.display().to_string(),
        preview,
    }))
}

/// Imports the file the user chose and confirmed.
#[tauri::command]
pub async fn import_file(
    desk: State<'_, DeskState>,
    path: PathBuf,
) -> Result<ImportOutcome, IpcError> {
    let bytes = gcm_review::desk::read_import(&path)?;
    desk.with(|d| d.import(&bytes))
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
