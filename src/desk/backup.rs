//! Rolling backups as the user meets them: made on their own while they work, listed, and
//! restored from, even when the store itself no longer opens.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::{Desk, DeskError};
use crate::store::{backups, restore_backup, Backup};

/// How old the newest backup may be before another is made.
const BACKUP_AFTER: Duration = Duration::hours(1);

/// How long a desk works between two looks at the age of the newest backup (one on opening,
/// then at the first save after each interval).
pub(super) const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

impl Desk {
    /// Makes a backup when the newest is older than an hour and there is something to keep;
    /// `background`: on the store's background thread, so that a save does not wait for it.
    /// A failure here must not stop the user's work: the next look tries again.
    pub(super) fn backup_if_due(&mut self, background: bool) {
        let due = match backups(&self.data_dir) {
            Ok(list) => list.first().is_none_or(|newest| {
                DateTime::parse_from_rfc3339(&newest.created_at).map_or(true, |at| {
                    Utc::now() - at.with_timezone(&Utc) > BACKUP_AFTER
                })
            }),
            Err(_) => false,
        };
        let anything = self.store.list(false).is_ok_and(|l| !l.is_empty())
            || self.store.list(true).is_ok_and(|l| !l.is_empty());
        if due && anything {
            if background {
                self.store.backup_in_background(&self.data_dir);
            } else {
                let _ = self.store.backup(&self.data_dir);
            }
        }
    }

    /// The backups of this data folder, newest first.
    pub fn backups(&self) -> Result<Vec<Backup>, DeskError> {
        Ok(backups(&self.data_dir)?)
    }

    /// Makes a backup now.
    pub fn backup_now(&self) -> Result<Backup, DeskError> {
        Ok(self.store.backup(&self.data_dir)?)
    }

    /// Replaces the store in `data_dir` by a backup and opens it. The current file is set aside,
    /// not deleted. Works when the store is damaged and no desk could be opened.
    pub fn restore_backup(data_dir: &Path, name: &str) -> Result<Desk, DeskError> {
        restore_backup(data_dir, name)?;
        Desk::open(data_dir)
    }

    /// The backups of a data folder whose store may not open.
    pub fn backups_in(data_dir: &Path) -> Result<Vec<Backup>, DeskError> {
        Ok(backups(data_dir)?)
    }
}
