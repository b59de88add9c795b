//! Help → About and the first-run guide: the version, the data folder, the licences.

use gcm_review::desk::{licences, Licence, VERSION};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::show_file;
use crate::{DeskState, IpcError};

/// What About shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    version: &'static str,
    data_dir: Option<String>,
    licences: Vec<Licence>,
}

/// The version (the same as `gcm-review --version`), the data folder and the licences.
#[tauri::command]
pub fn about_info(desk: State<'_, DeskState>) -> AboutInfo {
    let (data_dir, _) = desk.status();
    AboutInfo {
        version: VERSION,
        data_dir: data_dir.map(|d| d.display().to_string()),
        licences: licences(),
    }
}

/// Opens the data folder in the system's file manager (the folder is the app's own, never one
/// the webview names).
#[tauri::command]
pub fn data_dir_open<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
) -> Result<(), IpcError> {
    let (data_dir, _) = desk.status();
    let dir = data_dir.ok_or_else(|| IpcError::internal("the data folder is not known"))?;
    show_file(&app, &dir);
    Ok(())
}

/// Remembers that the first-run guide was seen or skipped (`false`: show it on the next start).
#[tauri::command]
pub fn guide_seen_set(desk: State<'_, DeskState>, seen: bool) -> Result<(), IpcError> {
    desk.with(|d| d.set_first_run_guide_seen(seen))
}
