//! Native file dialogs. In a build with the `automation` feature (made for the end-to-end
//! tests, which cannot click in a native dialog; `make run` and release builds leave it off),
//! `GCM_REVIEW_AUTOMATION_DIR` replaces the dialogs: files are saved into that folder under the
//! suggested name, and opened from its matching files.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The environment variable that replaces the dialogs by a folder.
#[cfg(feature = "automation")]
pub const AUTOMATION_DIR_ENV: &str = "GCM_REVIEW_AUTOMATION_DIR";

#[cfg(feature = "automation")]
fn automation_dir() -> Option<PathBuf> {
    std::env::var_os(AUTOMATION_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// Without the `automation` feature the variable is never read: every file goes through a
/// native dialog.
#[cfg(not(feature = "automation"))]
fn automation_dir() -> Option<PathBuf> {
    None
}

/// Asks where to save a file; `None` when the user cancels.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(dir) = automation_dir() {
        return Some(dir.join(suggested));
    }
    app.dialog()
        .file()
        .set_file_name(suggested)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks which files to open; empty when the user cancels.
pub fn open_paths<R: Runtime>(app: &AppHandle<R>, filter: (&str, &[&str])) -> Vec<PathBuf> {
    if let Some(dir) = automation_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.extension()
                            .is_some_and(|x| filter.1.iter().any(|f| x == *f))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        return files;
    }
    app.dialog()
        .file()
        .add_filter(filter.0, filter.1)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}

/// Asks which one file to open; `None` when the user cancels. Under automation, the first of the
/// folder's matching files.
pub fn open_path<R: Runtime>(app: &AppHandle<R>, filter: (&str, &[&str])) -> Option<PathBuf> {
    if automation_dir().is_some() {
        return open_paths(app, filter).into_iter().next();
    }
    app.dialog()
        .file()
        .add_filter(filter.0, filter.1)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Shows a written file in the system's file manager; not under automation.
pub fn reveal_file<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    use tauri_plugin_opener::OpenerExt;
    if automation_dir().is_none() {
        let _ = app.opener().reveal_item_in_dir(path);
    }
}

/// Opens a written file with the system's program for it (the PDF viewer); not under automation.
pub fn show_file<R: Runtime>(app: &AppHandle<R>, path: &Path) {
    use tauri_plugin_opener::OpenerExt;
    if automation_dir().is_none() {
        let _ = app.opener().open_path(path.to_string_lossy(), None::<&str>);
    }
}

#[cfg(test)]
mod tests {
    /// A build made for users (no `automation` feature) never lets the environment replace the
    /// native dialogs by a folder, whatever it says.
    #[cfg(not(feature = "automation"))]
    #[test]
    fn without_the_automation_feature_the_folder_is_never_used() {
        std::env::set_var("GCM_REVIEW_AUTOMATION_DIR", "/tmp");
        assert_eq!(super::automation_dir(), None);
    }
}
