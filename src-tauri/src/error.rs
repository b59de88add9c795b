//! Errors as they cross to the UI: `{ code, message, details }` with stable codes.

use gcm_review::{DeskError, ErrorCode};
use serde::Serialize;
use serde_json::Value;

/// A failure the UI can show and act on.
#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    /// Stable code (`conflict`, `not_found`, `corrupt_store`, ...).
    pub code: String,
    /// One line in English saying what happened and what to do.
    pub message: String,
    /// What the UI needs to recover (a conflict's newer values), else null.
    pub details: Value,
}

impl From<DeskError> for IpcError {
    fn from(e: DeskError) -> Self {
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
            details: e.details(),
        }
    }
}

impl IpcError {
    /// A file that could not be read.
    pub fn read(path: &std::path::Path, e: &std::io::Error) -> Self {
        IpcError {
            code: ErrorCode::Read.to_string(),
            message: format!("cannot read {}: {e}", path.display()),
            details: Value::Null,
        }
    }

    /// An error of the shell itself.
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: ErrorCode::Internal.to_string(),
            message: message.into(),
            details: Value::Null,
        }
    }
}
