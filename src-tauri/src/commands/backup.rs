//! Backups: list, make one now, restore one (also when the store did not open).

use gcm_review::desk::Backup;
use gcm_review::Desk;
use tauri::State;

use crate::{DeskState, IpcError};

/// The backups of the data folder, newest first.
#[tauri::command]
pub fn backups_list(desk: State<'_, DeskState>) -> Result<Vec<Backup>, IpcError> {
    desk.with_dir(Desk::backups_in)
}

/// Makes a backup now.
#[tauri::command]
pub fn backup_now(desk: State<'_, DeskState>) -> Result<Backup, IpcError> {
    desk.with(|d| d.backup_now())
}

/// Replaces the store by a backup; the current file is set aside, not deleted.
#[tauri::command]
pub fn backup_restore(desk: State<'_, DeskState>, name: String) -> Result<(), IpcError> {
    desk.reopen(|dir| Desk::restore_backup(dir, &name))
}
