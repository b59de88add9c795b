//! Reading and checking a signed review file. Every file is untrusted: its size is bounded
//! before it is read, its JSON parsed strictly, its signature checked before its content is
//! interpreted.

use crate::ErrorCode;
use std::io::Read;

use serde_json::{Map, Value};

use super::canonical::{canonicalize, CanonicalError};
use super::json::parse_strict;
use super::jws::{self, REVIEW_TYP};
use super::key::PublicKey;
use super::signed::{hex_sha256, Signer, Status, SIGNED_FORMAT, SIGNING_MEMBERS};
use crate::review::ReviewDocument;

/// The largest signed review file accepted: 32 MiB.
pub const MAX_SIGNED_BYTES: usize = 32 * 1024 * 1024;

/// Why a signed file (or a key endorsement) was refused. Each message is one line a reader
/// who is not a technician can act on.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The file exceeds [`MAX_SIGNED_BYTES`].
    #[error("the file is larger than {} MiB, the most a signed review may be", MAX_SIGNED_BYTES / (1024 * 1024))]
    TooLarge,
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Read(String),
    /// The file is not JSON.
    #[error("the file is not a signed review: it is not valid JSON ({0})")]
    NotJson(String),
    /// The file is JSON but not a signed review.
    #[error("the file is not a signed review: {0}")]
    NotSignedReview(String),
    /// A signed review of a format or version this version cannot read.
    #[error("the file is a signed review in format \"{0}\", which this version cannot read (it reads {SIGNED_FORMAT}): update the app")]
    UnknownFormat(String),
    /// The protected header is damaged or uses something not accepted.
    #[error("the signature header is damaged or not accepted: {0}")]
    BadHeader(String),
    /// A signature algorithm other than EdDSA with Ed25519.
    #[error("unsupported algorithm {0}: only EdDSA (Ed25519) signatures are accepted")]
    UnsupportedAlgorithm(String),
    /// The header's `typ` says the signature was made for something else.
    #[error(
        "the signature is of type \"{found}\", not \"{expected}\": it was made for something else"
    )]
    WrongType {
        /// The `typ` found.
        found: String,
        /// The `typ` required.
        expected: &'static str,
    },
    /// The public key in the header is not usable.
    #[error("the signer's public key in the signature is not usable: {0}")]
    BadKey(String),
    /// The header's `kid` is not the thumbprint of its `jwk`.
    #[error("the key id does not match the key: the signature header was altered")]
    KeyIdMismatch,
    /// The signature is not 64 bytes of base64url.
    #[error("the signature is damaged: it is not a 64-byte Ed25519 signature in base64url")]
    BadSignatureEncoding,
    /// The signature does not verify.
    #[error("the signature does not match the review: the file was changed after signing")]
    Mismatch,
    /// The review has no canonical form.
    #[error("the review cannot be checked: {0}")]
    Canonical(#[from] CanonicalError),
    /// A validly signed review lacks something every signed review has.
    #[error("the signed review has no {0}")]
    Incomplete(&'static str),
    /// The signer recorded in the review names another key than the one that signed.
    #[error("the signer named in the review did not make this signature (their key id differs)")]
    SignerKeyMismatch,
    /// The signed review is not a review document this version reads.
    #[error("the signed review is not a review document this version can read: {0}")]
    NotAReviewDocument(String),
    /// A key endorsement that does not hold.
    #[error("the key endorsement is not valid: {0}")]
    Endorsement(&'static str),
}

impl VerifyError {
    /// A stable snake_case code for the reason, for translation and scripts.
    pub fn code(&self) -> ErrorCode {
        match self {
            VerifyError::TooLarge => ErrorCode::TooLarge,
            VerifyError::Read(_) => ErrorCode::Read,
            VerifyError::NotJson(_) => ErrorCode::NotJson,
            VerifyError::NotSignedReview(_) => ErrorCode::NotSignedReview,
            VerifyError::UnknownFormat(_) => ErrorCode::UnknownFormat,
            VerifyError::BadHeader(_) => ErrorCode::BadHeader,
            VerifyError::UnsupportedAlgorithm(_) => ErrorCode::UnsupportedAlgorithm,
            VerifyError::WrongType { .. } => ErrorCode::WrongType,
            VerifyError::BadKey(_) => ErrorCode::BadKey,
            VerifyError::KeyIdMismatch => ErrorCode::KeyIdMismatch,
            VerifyError::BadSignatureEncoding => ErrorCode::BadSignatureEncoding,
            VerifyError::Mismatch => ErrorCode::Mismatch,
            VerifyError::Canonical(_) => ErrorCode::Canonical,
            VerifyError::Incomplete(_) => ErrorCode::Incomplete,
            VerifyError::SignerKeyMismatch => ErrorCode::SignerKeyMismatch,
            VerifyError::NotAReviewDocument(_) => ErrorCode::NotAReviewDocument,
            VerifyError::Endorsement(_) => ErrorCode::Endorsement,
        }
    }
}

/// A signed review whose signature holds, and what it says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The review as signed: the review document plus `signer`, `status` and `signed`.
    pub review: Value,
    /// Who signed, as recorded in the review.
    pub signer: Signer,
    /// The signing key's id (RFC 7638 thumbprint).
    pub kid: String,
    /// The signing key.
    pub key: PublicKey,
    /// The review's id.
    pub review_id: String,
    /// The template id.
    pub template_id: String,
    /// The template version.
    pub template_version: String,
    /// Draft or final.
    pub status: Status,
    /// When it was signed (RFC 3339), as the signer's clock said.
    pub signed: String,
    /// SHA-256 of the canonical review, lowercase hex.
    pub digest: String,
}

impl Verified {
    /// The review document, without the members that signing added.
    pub fn document(&self) -> Result<ReviewDocument, VerifyError> {
        let mut members = self.review.as_object().cloned().unwrap_or_default();
        for member in SIGNING_MEMBERS {
            members.remove(member);
        }
        serde_json::from_value(Value::Object(members))
            .map_err(|e| VerifyError::NotAReviewDocument(e.to_string()))
    }
}

/// Verifies a signed review read from `reader`, reading at most [`MAX_SIGNED_BYTES`] + 1 bytes.
pub fn verify_reader(reader: impl Read) -> Result<Verified, VerifyError> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_SIGNED_BYTES).unwrap_or(u64::MAX);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| VerifyError::Read(e.to_string()))?;
    verify(&bytes)
}

/// Verifies a signed review file's bytes.
pub fn verify(bytes: &[u8]) -> Result<Verified, VerifyError> {
    if bytes.len() > MAX_SIGNED_BYTES {
        return Err(VerifyError::TooLarge);
    }
    let not = |why: &str| VerifyError::NotSignedReview(why.to_string());
    let file = parse_strict(bytes).map_err(|e| VerifyError::NotJson(e.to_string()))?;
    let Value::Object(mut file) = file else {
        return Err(not("it is not a JSON object"));
    };
    match file.get("format").and_then(Value::as_str) {
        Some(SIGNED_FORMAT) => {}
        Some(other) if other.starts_with("gcm-review-signed/") => {
            return Err(VerifyError::UnknownFormat(other.to_string()))
        }
        _ => return Err(not(&format!("its \"format\" is not \"{SIGNED_FORMAT}\""))),
    }
    only_members(&file, &["format", "review", "signature"], "the file")?;
    // Moved out, not cloned: the review is most of the file.
    let review = file
        .remove("review")
        .filter(Value::is_object)
        .ok_or_else(|| not("it has no \"review\" object"))?;
    let signature = file
        .get("signature")
        .and_then(Value::as_object)
        .ok_or_else(|| not("it has no \"signature\" object"))?;
    only_members(signature, &["protected", "signature"], "the signature")?;
    let text = |name: &str| {
        signature
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| not(&format!("its signature has no \"{name}\" text")))
    };
    let protected = text("protected")?;
    let sig = text("signature")?;

    let key = jws::read_header(protected, REVIEW_TYP)?;
    let payload = canonicalize(&review)?;
    jws::check_signature(&key, protected, &payload, sig)?;
    let digest = hex_sha256(&payload);
    content(review, key, digest)
}

/// Refuses members outside `allowed`: nothing unsigned may sit beside the signature.
fn only_members(
    members: &Map<String, Value>,
    allowed: &[&str],
    what: &str,
) -> Result<(), VerifyError> {
    match members.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(extra) => Err(VerifyError::NotSignedReview(format!(
            "{what} has a member \"{extra}\" that is not part of the format"
        ))),
        None => Ok(()),
    }
}

/// What a validly signed review says about itself.
fn content(review: Value, key: PublicKey, digest: String) -> Result<Verified, VerifyError> {
    let text = |v: &Value, name: &str| v.get(name).and_then(Value::as_str).map(str::to_owned);
    let signer_value = review
        .get("signer")
        .filter(|s| s.is_object())
        .ok_or(VerifyError::Incomplete("signer"))?;
    let field =
        |name: &str| text(signer_value, name).ok_or(VerifyError::Incomplete("complete signer"));
    let signer = Signer {
        name: field("name")?,
        title: field("title")?,
        ministry: field("ministry")?,
        email: field("email")?,
    };
    let kid = key.kid();
    if field("key")? != kid {
        return Err(VerifyError::SignerKeyMismatch);
    }
    let status = match review.get("status").and_then(Value::as_str) {
        Some("draft") => Status::Draft,
        Some("final") => Status::Final,
        _ => return Err(VerifyError::Incomplete("status (\"draft\" or \"final\")")),
    };
    let review_id = text(&review, "id").ok_or(VerifyError::Incomplete("review id"))?;
    let template = review.get("template").unwrap_or(&Value::Null);
    let template_id = text(template, "id").ok_or(VerifyError::Incomplete("template id"))?;
    let template_version =
        text(template, "version").ok_or(VerifyError::Incomplete("template version"))?;
    let signed = text(&review, "signed").ok_or(VerifyError::Incomplete("signing time"))?;
    Ok(Verified {
        signer,
        kid,
        key,
        review_id,
        template_id,
        template_version,
        status,
        signed,
        digest,
        review,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::b64;
    use super::super::key::SigningKey;
    use super::*;

    /// A review signed with one key whose `signer.key` names another: the signature holds,
    /// the attribution does not.
    #[test]
    fn a_signer_naming_another_key_is_refused() {
        let key = SigningKey::from_secret_bytes(&[1; 32]);
        let other = SigningKey::from_secret_bytes(&[2; 32]);
        let review = json!({
            "id": "r", "template": { "id": "t", "version": "1" },
            "signer": { "name": "A", "title": "B", "ministry": "C", "email": "d@e", "key": other.kid() },
            "status": "final", "signed": "2026-01-01T00:00:00Z",
        });
        let payload = canonicalize(&review).unwrap_or_default();
        let protected = jws::protected_header(&key.public(), REVIEW_TYP);
        let signature = jws::sign(&key, &protected, &payload);
        let file = json!({
            "format": SIGNED_FORMAT, "review": review,
            "signature": { "protected": protected, "signature": signature },
        });
        let bytes = serde_json::to_vec(&file).unwrap_or_default();
        assert!(matches!(
            verify(&bytes),
            Err(VerifyError::SignerKeyMismatch)
        ));
        assert!(b64::decode(&signature).is_ok());
    }
}
