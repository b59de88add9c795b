//! Writing a signed review (`*.review.json`, format `gcm-review-signed/1`). See `FORMAT.md`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::canonical::{canonicalize, to_pretty, CanonicalError};
use super::jws::{self, REVIEW_TYP};
use super::key::SigningKey;
use crate::review::ReviewDocument;

/// Name and version of the signed review file format.
pub const SIGNED_FORMAT: &str = "gcm-review-signed/1";

/// The members that signing adds to the review: they must not be there already.
pub const SIGNING_MEMBERS: [&str; 3] = ["signer", "status", "signed"];

/// Who signs a review; recorded inside what is signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// Full name.
    pub name: String,
    /// Title or function.
    pub title: String,
    /// Ministry or entity.
    pub ministry: String,
    /// E-mail address.
    pub email: String,
}

/// Whether the signed review is a draft (for circulation) or the final submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A draft, circulated for comment or sign-off.
    Draft,
    /// The final review, as submitted.
    Final,
}

impl Status {
    /// `"draft"` or `"final"`, as in the signed review.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Final => "final",
        }
    }
}

/// Why a review could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The review is not a JSON object.
    #[error("the review to sign is not a JSON object")]
    NotAnObject,
    /// The review already carries a member that signing adds.
    #[error("the review already has a \"{0}\" member: sign the review document itself, not a signed review")]
    AlreadySigned(&'static str),
    /// No signer name.
    #[error("the signer's name is empty: enter who signs the review")]
    NoSignerName,
    /// The signing time is not RFC 3339.
    #[error("the signing time \"{0}\" is not an RFC 3339 date and time")]
    BadTime(String),
    /// An approval that does not say what it approves in full.
    #[error("the approval cannot be signed: {0}")]
    BadApproval(&'static str),
    /// A key asked to endorse itself.
    #[error("the new key is the key that would endorse it: generate a new key first")]
    SameKey,
    /// The review has no canonical form.
    #[error("the review cannot be signed: {0}")]
    Canonical(#[from] CanonicalError),
}

/// A signed review, ready to be written to a `*.review.json` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedReview {
    review: Value,
    protected: String,
    signature: String,
    kid: String,
    digest: String,
    file: Vec<u8>,
}

impl SignedReview {
    /// The review as signed: the document plus `signer`, `status` and `signed`.
    pub fn review(&self) -> &Value {
        &self.review
    }

    /// The base64url protected header.
    pub fn protected(&self) -> &str {
        &self.protected
    }

    /// The base64url Ed25519 signature.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The signing key's id (its RFC 7638 thumbprint).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// SHA-256 of the canonical review, lowercase hex: the fingerprint of the signed document.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The detached compact JWS (RFC 7515 appendix F): `protected..signature`.
    pub fn compact_detached(&self) -> String {
        format!("{}..{}", self.protected, self.signature)
    }

    /// The file's bytes: readable JSON, members in canonical order, a final newline.
    pub fn file_bytes(&self) -> &[u8] {
        &self.file
    }
}

/// Signs a review document as `signer` with `key`, at `now` (RFC 3339, UTC).
pub fn sign(
    review: &ReviewDocument,
    signer: &Signer,
    status: Status,
    key: &SigningKey,
    now: &str,
) -> Result<SignedReview, SignError> {
    let review = serde_json::to_value(review).map_err(|_| SignError::NotAnObject)?;
    sign_value(&review, signer, status, key, now)
}

/// Signs a review given as JSON: an object without `signer`, `status` or `signed`.
pub fn sign_value(
    review: &Value,
    signer: &Signer,
    status: Status,
    key: &SigningKey,
    now: &str,
) -> Result<SignedReview, SignError> {
    let mut members = review.as_object().cloned().ok_or(SignError::NotAnObject)?;
    if let Some(taken) = SIGNING_MEMBERS.iter().find(|m| members.contains_key(**m)) {
        return Err(SignError::AlreadySigned(taken));
    }
    if signer.name.trim().is_empty() {
        return Err(SignError::NoSignerName);
    }
    chrono::DateTime::parse_from_rfc3339(now).map_err(|_| SignError::BadTime(now.to_string()))?;
    let public = key.public();
    let kid = public.kid();
    members.insert(
        "signer".to_string(),
        json!({
            "name": signer.name,
            "title": signer.title,
            "ministry": signer.ministry,
            "email": signer.email,
            "key": kid,
        }),
    );
    members.insert("status".to_string(), status.as_str().into());
    members.insert("signed".to_string(), now.into());
    let review = Value::Object(members);

    let payload = canonicalize(&review)?;
    let protected = jws::protected_header(&public, REVIEW_TYP);
    let signature = jws::sign(key, &protected, &payload);
    let file = to_pretty(&json!({
        "format": SIGNED_FORMAT,
        "review": review,
        "signature": { "protected": protected, "signature": signature },
    }))?;
    Ok(SignedReview {
        digest: hex_sha256(&payload),
        review,
        protected,
        signature,
        kid,
        file,
    })
}

/// Lowercase hex SHA-256.
pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
