//! GCM Review Desk: draft, keep and exchange voluntary GCM reviews on the Annex 1 template.
//!
//! The pipeline, one module each: [`template`] → [`review`] → [`store`] | [`diff`] | [`pdf`] |
//! [`sign`] | [`package`] | [`contrib`];
//! [`desk`] is what a user does with them, and what the desktop shell and the `gcm-review` CLI
//! both call.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod contrib;
pub mod desk;
pub mod diff;
pub mod document;
mod error_code;
pub mod package;
pub mod pdf;
pub mod review;
pub mod sign;
pub mod store;
pub mod template;

pub use desk::{data_dir, Desk, DeskError, NewReview, ReviewState, ReviewSummary, SaveOutcome};
pub use error_code::ErrorCode;
pub use review::{Completeness, Diagnostic, ReviewDocument, Values};
pub use sign::{
    KeyError, PublicKey, SignError, SignedReview, Signer, SigningKey, Verified, VerifyError,
};
pub use store::{RevisionInfo, Store, StoreError};
pub use template::Template;
