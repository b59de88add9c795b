//! How an approval of the review was given: the one vocabulary the store, the sign-off sheet
//! and the faces share.

use serde::{Deserialize, Serialize};

/// How an entity's approval of an exact text was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalMethod {
    /// Signed on paper (the sign-off sheet of a printed PDF); the coordinator records it,
    /// optionally with the scanned page.
    Paper,
    /// Given by email; the coordinator records it.
    Email,
    /// An approval file the approver's own app signed with their key over the document
    /// fingerprint, imported and verified here.
    App,
}

impl ApprovalMethod {
    /// `"paper"`, `"email"` or `"app"`, as stored and exchanged.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalMethod::Paper => "paper",
            ApprovalMethod::Email => "email",
            ApprovalMethod::App => "app",
        }
    }

    /// The method named by [`ApprovalMethod::as_str`], if it is one.
    pub fn parse(text: &str) -> Option<ApprovalMethod> {
        match text {
            "paper" => Some(ApprovalMethod::Paper),
            "email" => Some(ApprovalMethod::Email),
            "app" => Some(ApprovalMethod::App),
            _ => None,
        }
    }
}
