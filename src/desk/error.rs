//! Why an operation failed: one enum for the application layer, each variant with a message
//! that says what to do, and its stable [`ErrorCode`].

use std::path::PathBuf;

use serde_json::Value;
use thiserror::Error;

use super::DATA_DIR_ENV;
use crate::contrib::ContribError;
use crate::package::{EmailError, PackageError};
use crate::pdf::PdfError;
use crate::review::ValueError;
use crate::sign::{ApprovalError, KeyError, SignError};
use crate::store::StoreError;
use crate::ErrorCode;

/// Why an operation failed.
#[derive(Debug, Error)]
pub enum DeskError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answer does not fit its field.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A new review needs a Member State the list has.
    #[error(
        "'{0}' is not a UN Member State or observer State code (ISO 3166-1 alpha-3, e.g. KEN)"
    )]
    UnknownMemberState(String),
    /// A language that is not one of the six UN languages (or, for the UI, not translated).
    #[error("'{0}' is not one of the languages offered ({1})")]
    UnknownLanguage(String, String),
    /// A cycle is needed, e.g. "IMRF 2026".
    #[error("give the review cycle, e.g. \"IMRF 2026\"")]
    NoCycle,
    /// No data folder could be determined.
    #[error("no data folder could be found for this user; set {DATA_DIR_ENV} or pass --data-dir")]
    NoDataDir,
    /// Signing needs the signer's name.
    #[error(
        "nobody is set as the signer yet: give who signs (name, title, ministry, email) first"
    )]
    NoSigner,
    /// Signing needs a key.
    #[error("there is no signing key on this computer yet: make one first")]
    NoKey,
    /// A first key exists already; replacing it is a rotation.
    #[error("a signing key exists already: replace it instead, so that the old key endorses the new one")]
    KeyExists,
    /// The key could not be made, sealed or opened.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The review could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The document does not conform to the published schema; nothing was signed.
    #[error("the review document does not match the published schema, so it was not signed: {}", .0.join("; "))]
    Schema(Vec<String>),
    /// A file could not be written; nothing was left half-written.
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// A package or review file from outside was refused; nothing was changed.
    #[error("{0}")]
    Refused(#[from] PackageError),
    /// A file to import is not a review.
    #[error("the file is not a review: {0}")]
    NotAReview(String),
    /// A document written on a template this version cannot place answers from.
    #[error("the review was written on template {found}, and this version has no field map from it to {current}: update the app, or import with the field map the secretariat provides")]
    UnknownTemplate {
        /// The template of the document.
        found: String,
        /// The current template.
        current: String,
    },
    /// An update starts from a revision that holds a submission.
    #[error(
        "revision {0} holds no package sent or received; start an update from a submitted revision"
    )]
    NotSubmitted(u64),
    /// A package made for another review.
    #[error("this package holds another review")]
    OtherReview,
    /// Not an email address.
    #[error("\"{0}\" is not an email address")]
    BadAddress(String),
    /// The email draft could not be written.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// No known key has this id or fingerprint.
    #[error("no key met on this machine has the id or fingerprint \"{0}\": verify or import a file it signed first")]
    KeyNotFound(String),
    /// Several known keys start with what was typed.
    #[error("several keys start with \"{0}\": give more of the fingerprint")]
    AmbiguousKey(String),
    /// A public key file that is not one.
    #[error("the file is not a public key: {0}")]
    NotAKey(String),
    /// A key endorsement that does not hold; nothing was recorded.
    #[error("the key endorsement was refused: {0}")]
    BadEndorsement(String),
    /// An import that would replace a review's text with a document signed by a key that never
    /// signed it (or by none) waits for the user's explicit confirmation.
    #[error("{0}")]
    NeedsConsent(String),
    /// A file the webview referred to that is not one the user chose or the app wrote in this
    /// session.
    #[error("this file is not one you chose or the app wrote in this session: choose it again")]
    UnknownHandle,
    /// A chosen file changed after it was previewed.
    #[error(
        "{0} changed on disk after you previewed it: choose it again to see what it holds now"
    )]
    ChangedOnDisk(String),
    /// A document from outside was refused; nothing was changed.
    #[error(transparent)]
    Document(#[from] crate::document::DocumentError),
    /// A placement plan that does not fit its document or the template.
    #[error("the placement plan cannot be applied: {0}")]
    InvalidPlan(String),
    /// A placement plan made for another file (or for this one before it changed).
    #[error(
        "the placement plan was made for another version of {0}: propose a new plan for this file"
    )]
    PlanMismatch(String),
    /// Input that is not what the operation takes (an empty name, a date that is not one, a
    /// request with nothing assigned).
    #[error("{0}")]
    Invalid(String),
    /// A comment that is empty or far too long.
    #[error("{0}")]
    BadComment(String),
    /// No comment of the review has this id.
    #[error("no comment of this review has the id \"{0}\": 'gcm-review comments' lists them")]
    CommentNotFound(String),
    /// Several comments start with what was typed.
    #[error("several comments start with \"{0}\": give more of the id")]
    AmbiguousComment(String),
    /// No entity on the sign-off list has this name or id.
    #[error("\"{0}\" is not on the review's sign-off list: add it first")]
    EntityNotFound(String),
    /// The entity is on the sign-off list already.
    #[error("\"{0}\" is on the review's sign-off list already")]
    EntityExists(String),
    /// A scanned page that is not a PDF, PNG or JPEG file, or far too large.
    #[error("the scanned page cannot be kept: {0}")]
    BadAttachment(String),
    /// No approval of the review has this id (or none with a file kept beside it).
    #[error("no approval of this review has the id \"{0}\" with a file kept beside it: 'gcm-review signoff status' lists them")]
    ApprovalNotFound(String),
    /// An approval file that was refused; nothing was recorded.
    #[error("the approval file was refused: {0}")]
    Approval(#[from] ApprovalError),
    /// An approval of another review, revision or text than the one it is recorded for.
    #[error("{0}")]
    ApprovalMismatch(String),
    /// The review cannot be marked final while the export check finds problems that block it.
    #[error("{0} problem(s) keep the review from being final: the export check lists them")]
    NotReady(usize),
    /// Approvals are outstanding or stale: marking the review final waits for the user's
    /// confirmation after this warning.
    #[error("{message}")]
    ApprovalsPending {
        /// The warning in one line.
        message: String,
        /// The entities whose approval is outstanding.
        outstanding: Vec<String>,
        /// The entities whose approval is stale.
        stale: Vec<String>,
    },
    /// A contribution request or response was refused (or could not be made); nothing was
    /// changed.
    #[error(transparent)]
    Contrib(#[from] ContribError),
    /// A contribution workspace changes only the fields assigned to its entity.
    #[error("{0} is not assigned to the entity this contribution is for: it is shown for reference and cannot be changed here")]
    NotAssigned(String),
    /// Returning a contribution needs a workspace opened from a request.
    #[error("review {0} is not a contribution workspace: open the contribution request first")]
    NotAWorkspace(String),
    /// Several contributing entities' ids start with what was typed.
    #[error("several contributing entities' ids start with \"{0}\": give more of the id")]
    AmbiguousContributor(String),
    /// No contributing entity of the review has this name or id.
    #[error("no contributing entity of this review has the name or id \"{0}\"")]
    UnknownContributor(String),
    /// A contribution file that belongs to another review.
    #[error("this contribution belongs to review {0}, not to this one: nothing was changed")]
    WrongReview(String),
    /// A response to a request this review never made, or made to another entity.
    #[error("{0}: nothing was changed")]
    UnknownRequest(String),
    /// A response based on a revision this review does not have (or not the request's).
    #[error("{0}: nothing was changed")]
    UnknownBase(String),
    /// A response signed with another key than the entity's earlier responses, which did not
    /// endorse it: merged only once the user confirms.
    #[error("{0}")]
    ContributorKeyChanged(String),
    /// A response merged before.
    #[error("this response was merged before, as revision {0}; nothing was changed")]
    AlreadyMerged(u64),
    /// A fault of the program itself.
    #[error("unexpected problem: {0}")]
    Internal(String),
}

impl DeskError {
    /// A stable code for the UI contract.
    pub fn code(&self) -> ErrorCode {
        match self {
            DeskError::Store(e) => e.code(),
            DeskError::Value(_) => ErrorCode::InvalidValue,
            DeskError::UnknownMemberState(_)
            | DeskError::UnknownLanguage(..)
            | DeskError::NoCycle => ErrorCode::InvalidInput,
            DeskError::NoDataDir => ErrorCode::NoDataDir,
            DeskError::NoSigner => ErrorCode::NoSigner,
            DeskError::NoKey => ErrorCode::NoKey,
            DeskError::KeyExists => ErrorCode::KeyExists,
            DeskError::Key(KeyError::WrongPassphrase) => ErrorCode::WrongPassphrase,
            DeskError::Key(KeyError::PassphraseTooShort) => ErrorCode::WeakPassphrase,
            DeskError::Key(_) => ErrorCode::Key,
            DeskError::Sign(_) => ErrorCode::Sign,
            DeskError::Schema(_) => ErrorCode::Schema,
            DeskError::Write { .. } => ErrorCode::Write,
            DeskError::Pdf(_) => ErrorCode::Pdf,
            DeskError::Refused(e) => e.code(),
            DeskError::NotAReview(_) => ErrorCode::NotAReview,
            DeskError::UnknownTemplate { .. } => ErrorCode::UnknownTemplate,
            DeskError::NotSubmitted(_) => ErrorCode::NotSubmitted,
            DeskError::OtherReview => ErrorCode::OtherReview,
            DeskError::BadAddress(_) | DeskError::Email(EmailError::BadAddress(_)) => {
                ErrorCode::BadAddress
            }
            DeskError::Email(_) => ErrorCode::Email,
            DeskError::KeyNotFound(_) => ErrorCode::KeyNotFound,
            DeskError::AmbiguousKey(_) => ErrorCode::Ambiguous,
            DeskError::NotAKey(_) => ErrorCode::NotAKey,
            DeskError::BadEndorsement(_) => ErrorCode::BadEndorsement,
            DeskError::NeedsConsent(_) => ErrorCode::NeedsConsent,
            DeskError::UnknownHandle => ErrorCode::UnknownHandle,
            DeskError::ChangedOnDisk(_) => ErrorCode::ChangedOnDisk,
            DeskError::Document(e) => e.code(),
            DeskError::InvalidPlan(_) => ErrorCode::InvalidPlan,
            DeskError::PlanMismatch(_) => ErrorCode::PlanMismatch,
            DeskError::Invalid(_) => ErrorCode::InvalidInput,
            DeskError::BadComment(_) => ErrorCode::BadComment,
            DeskError::CommentNotFound(_) => ErrorCode::CommentNotFound,
            DeskError::AmbiguousComment(_) => ErrorCode::Ambiguous,
            DeskError::EntityNotFound(_) => ErrorCode::EntityNotFound,
            DeskError::EntityExists(_) => ErrorCode::EntityExists,
            DeskError::BadAttachment(_) => ErrorCode::BadAttachment,
            DeskError::ApprovalNotFound(_) => ErrorCode::ApprovalNotFound,
            DeskError::Approval(e) => e.code(),
            DeskError::ApprovalMismatch(_) => ErrorCode::ApprovalMismatch,
            DeskError::NotReady(_) => ErrorCode::NotReady,
            DeskError::ApprovalsPending { .. } => ErrorCode::ApprovalsPending,
            DeskError::Contrib(e) => e.code(),
            DeskError::AmbiguousContributor(_) => ErrorCode::Ambiguous,
            DeskError::NotAssigned(_) => ErrorCode::NotAssigned,
            DeskError::NotAWorkspace(_) => ErrorCode::NotAWorkspace,
            DeskError::UnknownContributor(_) => ErrorCode::UnknownContributor,
            DeskError::WrongReview(_) => ErrorCode::WrongReview,
            DeskError::UnknownRequest(_) => ErrorCode::UnknownRequest,
            DeskError::UnknownBase(_) => ErrorCode::UnknownBase,
            DeskError::ContributorKeyChanged(_) => ErrorCode::KeyChanged,
            DeskError::AlreadyMerged(_) => ErrorCode::AlreadyImported,
            DeskError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Details a UI needs to recover.
    pub fn details(&self) -> Value {
        match self {
            DeskError::Store(e) => e.details(),
            DeskError::ApprovalsPending {
                outstanding, stale, ..
            } => serde_json::json!({ "outstanding": outstanding, "stale": stale }),
            _ => Value::Null,
        }
    }
}
