//! What can go wrong with the store, each with what the user can do about it.

use std::path::PathBuf;

use rusqlite::ErrorCode as SqliteCode;

use crate::ErrorCode;
use serde_json::Value;
use thiserror::Error;

use crate::review::Values;

/// Why a store operation failed. Nothing already saved is lost by any of these.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The data folder cannot be created or written.
    #[error("cannot write to the data folder {path}: {reason}. Choose a writable folder (--data-dir or GCM_REVIEW_DATA_DIR) or fix its permissions")]
    ReadOnly {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The database file is damaged or is not a review store.
    #[error("the review file {path} is damaged ({detail}); it was left untouched. Restore a backup (Settings, Backups; or 'gcm-review backup list' and 'gcm-review backup restore NAME'), or move the file aside to start a new store")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite found.
        detail: String,
    },
    /// The store was written by a newer version of the app.
    #[error("the review file was written by a newer GCM Review Desk (store version {found}, this one knows up to {known}); install the newer version")]
    TooNew {
        /// The store's schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// No review has this id, or this id prefix.
    #[error("no review matches '{0}'; 'gcm-review list' shows the reviews")]
    NotFound(String),
    /// Several reviews start with this id prefix.
    #[error("'{0}' matches several reviews; give more characters of the id")]
    Ambiguous(String),
    /// No revision has this number.
    #[error("review {review} has no revision {revision}; its revisions are 1 to {newest}")]
    NoRevision {
        /// The review id.
        review: String,
        /// The revision asked for.
        revision: u64,
        /// The review's newest revision.
        newest: u64,
    },
    /// The review is in the trash.
    #[error("the review is in the trash; restore it from the trash first")]
    InTrash,
    /// Another window or process saved newer text in the same fields first.
    #[error("another window saved newer text in {} since this one loaded it; the newer text is shown, and yours is kept beside it", .values.keys().cloned().collect::<Vec<_>>().join(", "))]
    Conflict {
        /// The review's version now.
        version: u64,
        /// The newer values of the contested fields (null: cleared).
        values: Values,
    },
    /// A milestone label that is empty or too long.
    #[error("a milestone needs a label of 1 to 200 characters")]
    BadLabel,
    /// A document imported before, identified by its hash.
    #[error("this document was imported before (its fingerprint {}…); nothing was changed", &.0[..16.min(.0.len())])]
    AlreadyImported(String),
    /// The disk is full.
    #[error(
        "the disk is full: free some space, then keep typing; the last edit was not saved yet"
    )]
    DiskFull,
    /// Another program holds the file locked for too long.
    #[error("the review file is busy in another program; close other copies of GCM Review Desk and try again")]
    Busy,
    /// A restore needs the store closed everywhere.
    #[error("the review file is open in another window of GCM Review Desk or in gcm-review: close them, then restore")]
    InUse,
    /// Any other SQLite failure.
    #[error("the review file could not be used: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(SqliteCode::DiskFull) => StoreError::DiskFull,
            Some(SqliteCode::DatabaseBusy | SqliteCode::DatabaseLocked) => StoreError::Busy,
            Some(SqliteCode::ReadOnly) => StoreError::ReadOnly {
                path: PathBuf::new(),
                reason: "the file system refused a write".into(),
            },
            Some(SqliteCode::DatabaseCorrupt | SqliteCode::NotADatabase) => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: e.to_string(),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// A stable code for the UI contract.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::Corrupt { .. } => ErrorCode::CorruptStore,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::NotFound(_) | StoreError::NoRevision { .. } => ErrorCode::NotFound,
            StoreError::Ambiguous(_) => ErrorCode::Ambiguous,
            StoreError::InTrash => ErrorCode::InTrash,
            StoreError::Conflict { .. } => ErrorCode::Conflict,
            StoreError::BadLabel => ErrorCode::BadLabel,
            StoreError::AlreadyImported(_) => ErrorCode::AlreadyImported,
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::Busy => ErrorCode::Busy,
            StoreError::InUse => ErrorCode::InUse,
            StoreError::Sqlite(_) => ErrorCode::Store,
        }
    }

    /// Details a UI needs to recover (for a conflict: the version and the newer values).
    pub fn details(&self) -> Value {
        match self {
            StoreError::Conflict { version, values } => {
                serde_json::json!({ "version": version, "values": values })
            }
            _ => Value::Null,
        }
    }
}
