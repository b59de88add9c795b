//! The PDF for interministerial sign-off.

use gcm_review::desk::write_file;
use gcm_review::desk::PdfOptions;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{save_path, show_file};
use crate::{DeskState, IpcError};

const PDF: (&str, &[&str]) = ("PDF", &["pdf"]);

/// Renders the PDF, saves it where the user chooses and opens it in the system viewer; `null`
/// when the save dialog was cancelled.
#[tauri::command]
pub async fn export_pdf<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    id: String,
    options: PdfOptions,
) -> Result<Option<String>, IpcError> {
    let (name, bytes) = desk.with(|d| Ok((d.pdf_file_name(&id)?, d.export_pdf(&id, &options)?)))?;
    let Some(path) = save_path(&app, &name, PDF) else {
        return Ok(None);
    };
    write_file(&path, &bytes)?;
    show_file(&app, &path);
    Ok(Some(path.display().to_string()))
}
