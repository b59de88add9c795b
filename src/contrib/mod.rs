//! Whole-of-government drafting: the contribution request a coordinating ministry sends to a
//! contributing entity, the response that entity returns, the assignment of fields, and the
//! three-way merge of a response back into the review, field by field.
//!
//! A request (`GCM-contribution_<ISO3>_<entity>_<date>.zip`) and a response
//! (`GCM-contribution-response_<ISO3>_<entity>_<date>.zip`) are signed zips in the package's
//! shape: their content as JSON, the signer's public key, a README and a signed manifest, read
//! with the package's hostile-input reader. The formats are described in
//! `src/contrib/FORMAT.md`.
//!
//! Pure: no files, no store, no clock. Times and keys come in through the arguments.
#![deny(clippy::disallowed_methods)]

mod email;
mod form_markdown;
mod form_read;
mod form_text;
mod form_write;
mod format;
mod merge;
mod read;
mod select;
mod write;

use thiserror::Error;

use crate::package::PackageError;
use crate::sign::SignError;
use crate::ErrorCode;

pub use email::{form_email, request_email, response_email, ContributionEmail};
pub use form_read::{form_identity, read_answers, FormAnswers, NotTaken};
pub use form_text::{form_text, FormText};
pub use form_write::{answer_mark, build_form, FORM_FORMAT, FORM_PROPERTIES};
pub use format::{ContribReview, Entity, Request, Response};
pub use merge::{three_way, FieldMerge, Merge, Outcome};
pub use read::{open_request, open_response, OpenedRequest, OpenedResponse};
pub use select::{assigned_paths, Selector};
pub use write::{build_request, build_response, file_name};

/// Name and version of the contribution request format (in its content and its manifest).
pub const REQUEST_FORMAT: &str = "gcm-contribution-request/1";
/// Name and version of the contribution response format.
pub const RESPONSE_FORMAT: &str = "gcm-contribution-response/1";
/// The request's content inside its zip.
pub const REQUEST_NAME: &str = "request.json";
/// The response's content inside its zip.
pub const RESPONSE_NAME: &str = "response.json";

/// Why a contribution file could not be made or was refused. Each message is one line.
#[derive(Debug, Error)]
pub enum ContribError {
    /// The zip, its manifest or its signature was refused, as a package's would be.
    #[error(transparent)]
    Archive(#[from] PackageError),
    /// The file is intact but is not the kind of contribution file expected.
    #[error("the file is not a contribution {0}")]
    NotAContribution(String),
    /// An assignment that names no section, objective, round table or field of the template.
    #[error("\"{0}\" names no section, objective, round table or field of the template: use a field path (objectives.6.measures), objectives.6, round-table:2 or section:means")]
    BadSelector(String),
    /// A returned Word form whose content controls name fields that were not assigned to its
    /// entity: nothing of it is applied.
    #[error("the Word document has answers for fields that were not assigned to its entity ({}): nothing was changed; ask the entity to send back the form it was given", .0.join(", "))]
    UnassignedFields(Vec<String>),
    /// The file could not be written.
    #[error("the contribution file could not be written: {0}")]
    Write(String),
    /// The manifest could not be signed.
    #[error("the contribution file could not be signed: {0}")]
    Sign(#[from] SignError),
}

impl ContribError {
    /// A stable code for the reason.
    pub fn code(&self) -> ErrorCode {
        match self {
            ContribError::Archive(e) => e.code(),
            ContribError::NotAContribution(_) => ErrorCode::NotAContribution,
            ContribError::BadSelector(_) => ErrorCode::InvalidInput,
            ContribError::UnassignedFields(_) => ErrorCode::NotAssigned,
            ContribError::Write(_) => ErrorCode::Write,
            ContribError::Sign(_) => ErrorCode::Sign,
        }
    }
}
