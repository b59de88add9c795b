//! Approval files (`*.approval.json`, format `gcm-review-approval/1`): an approver's own key
//! signs the fingerprint of the exact review document they approve, with the revision, the
//! entity they approve for and when. Written and read here; see `FORMAT.md`. Pure: the time is
//! passed in.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::canonical::{canonicalize, to_pretty, CanonicalError};
use super::json::parse_strict;
use super::jws::{self, APPROVAL_TYP};
use super::key::{PublicKey, SigningKey};
use super::signed::{hex_sha256, SignError};
use super::verify::VerifyError;
use crate::ErrorCode;

/// Name and version of the approval file format.
pub const APPROVAL_FORMAT: &str = "gcm-review-approval/1";

/// The largest approval file accepted: 64 KiB (a real one is under 2 KiB).
pub const MAX_APPROVAL_BYTES: usize = 64 * 1024;

/// The members of a signed approval, in canonical order.
const MEMBERS: [&str; 7] = [
    "approver",
    "date",
    "entity",
    "fingerprint",
    "key",
    "review",
    "revision",
];

/// Who approves, as their own app records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approver {
    /// Full name.
    pub name: String,
    /// Title or function.
    pub title: String,
    /// E-mail address (may be empty).
    pub email: String,
}

/// What an approver approves: one revision of one review, identified by the fingerprint of its
/// document (the SHA-256 of its canonical JSON, printed on the PDF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The review's id.
    pub review: String,
    /// The revision approved.
    pub revision: u64,
    /// The fingerprint of the review document at that revision, 64 lowercase hex digits.
    pub fingerprint: String,
    /// The entity (ministry, office) the approval is given for.
    pub entity: String,
    /// Who approves.
    pub approver: Approver,
    /// When (RFC 3339, UTC), as the approver's clock said.
    pub date: String,
}

/// An approval signed for export, ready to be written to a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedApproval {
    /// The signing key's id.
    pub kid: String,
    /// SHA-256 of the canonical signed approval, lowercase hex.
    pub digest: String,
    /// The file's bytes.
    pub file: Vec<u8>,
}

/// An approval file whose signature holds.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedApproval {
    /// What it approves.
    pub approval: Approval,
    /// The approver's key id (RFC 7638 thumbprint).
    pub kid: String,
    /// The approver's key.
    pub key: PublicKey,
    /// SHA-256 of the canonical signed approval, lowercase hex.
    pub digest: String,
}

/// Why an approval file was refused. Each message is one line a reader can act on.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    /// Larger than [`MAX_APPROVAL_BYTES`].
    #[error("the file is larger than {} KiB, the most an approval file may be", MAX_APPROVAL_BYTES / 1024)]
    TooLarge,
    /// Not JSON.
    #[error("the file is not an approval: it is not valid JSON ({0})")]
    NotJson(String),
    /// JSON, but not an approval file.
    #[error("the file is not an approval: {0}")]
    NotAnApproval(String),
    /// An approval file of a format this version cannot read.
    #[error("the file is an approval in format \"{0}\", which this version cannot read (it reads {APPROVAL_FORMAT}): update the app")]
    UnknownFormat(String),
    /// The signature's header or encoding does not hold.
    #[error(transparent)]
    Signature(#[from] VerifyError),
    /// The signature does not match the approval.
    #[error("the signature does not match the approval: the file was changed after it was signed")]
    Mismatch,
    /// A validly signed approval that does not say what it approves in full.
    #[error("the signed approval is incomplete: {0}")]
    Incomplete(String),
    /// The approval names another key than the one that signed it.
    #[error("the approval names another key than the one that signed it")]
    KeyMismatch,
}

impl ApprovalError {
    /// A stable code for the reason: the signature's own codes for the signature, and
    /// `not_an_approval` (whose message carries the detail) for what is not an approval file,
    /// since the other codes' messages speak of signed reviews.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApprovalError::TooLarge
            | ApprovalError::NotJson(_)
            | ApprovalError::NotAnApproval(_)
            | ApprovalError::Incomplete(_)
            | ApprovalError::KeyMismatch => ErrorCode::NotAnApproval,
            ApprovalError::UnknownFormat(_) => ErrorCode::UnknownFormat,
            ApprovalError::Signature(e) => e.code(),
            ApprovalError::Mismatch => ErrorCode::Mismatch,
        }
    }
}

impl From<CanonicalError> for ApprovalError {
    fn from(e: CanonicalError) -> Self {
        ApprovalError::Signature(VerifyError::Canonical(e))
    }
}

/// What is wrong with an approval's content, if anything.
fn problem(approval: &Approval) -> Option<&'static str> {
    let hex = |s: &str| {
        s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if approval.review.trim().is_empty() {
        Some("it names no review")
    } else if approval.revision == 0 {
        Some("it names no revision")
    } else if !hex(&approval.fingerprint) {
        Some("its fingerprint is not 64 lowercase hexadecimal digits")
    } else if approval.entity.trim().is_empty() {
        Some("it names no entity")
    } else if approval.approver.name.trim().is_empty() {
        Some("it names no approver")
    } else if chrono::DateTime::parse_from_rfc3339(&approval.date).is_err() {
        Some("its date is not an RFC 3339 date and time")
    } else {
        None
    }
}

/// The signed member of an approval file: the approval and the signing key's id.
fn payload_value(approval: &Approval, kid: &str) -> Result<Value, SignError> {
    let mut value = serde_json::to_value(approval)
        .map_err(|_| SignError::BadApproval("it cannot be written as JSON"))?;
    if let Some(members) = value.as_object_mut() {
        members.insert("key".to_string(), Value::String(kid.to_string()));
    }
    Ok(value)
}

/// Signs `approval` with `key`: the file `{"format","approval","signature"}`, whose signature
/// is a detached JWS (`typ` `gcm-review-approval+jws`) over the canonical `approval`.
pub fn sign_approval(approval: &Approval, key: &SigningKey) -> Result<SignedApproval, SignError> {
    if let Some(why) = problem(approval) {
        return Err(SignError::BadApproval(why));
    }
    let public = key.public();
    let kid = public.kid();
    let value = payload_value(approval, &kid)?;
    let payload = canonicalize(&value)?;
    let protected = jws::protected_header(&public, APPROVAL_TYP);
    let signature = jws::sign(key, &protected, &payload);
    let file = to_pretty(&json!({
        "format": APPROVAL_FORMAT,
        "approval": value,
        "signature": { "protected": protected, "signature": signature },
    }))?;
    Ok(SignedApproval {
        digest: hex_sha256(&payload),
        kid,
        file,
    })
}

/// Refuses members outside `allowed`.
fn only(members: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), ApprovalError> {
    match members.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(extra) => Err(ApprovalError::NotAnApproval(format!(
            "{what} has a member \"{extra}\" that is not part of the format"
        ))),
        None => Ok(()),
    }
}

/// The `approval` and `signature` objects of an approval file, checked for shape only.
fn parts(bytes: &[u8]) -> Result<(Value, String, String), ApprovalError> {
    if bytes.len() > MAX_APPROVAL_BYTES {
        return Err(ApprovalError::TooLarge);
    }
    let not = |why: &str| ApprovalError::NotAnApproval(why.to_string());
    let file = parse_strict(bytes).map_err(|e| ApprovalError::NotJson(e.to_string()))?;
    let file = file
        .as_object()
        .ok_or_else(|| not("it is not a JSON object"))?;
    match file.get("format").and_then(Value::as_str) {
        Some(APPROVAL_FORMAT) => {}
        Some(other) if other.starts_with("gcm-review-approval/") => {
            return Err(ApprovalError::UnknownFormat(other.to_string()))
        }
        _ => return Err(not(&format!("its \"format\" is not \"{APPROVAL_FORMAT}\""))),
    }
    only(file, &["format", "approval", "signature"], "the file")?;
    let approval = file
        .get("approval")
        .filter(|a| a.is_object())
        .ok_or_else(|| not("it has no \"approval\" object"))?;
    let signature = file
        .get("signature")
        .and_then(Value::as_object)
        .ok_or_else(|| not("it has no \"signature\" object"))?;
    only(signature, &["protected", "signature"], "the signature")?;
    let text = |name: &str| {
        signature
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| not(&format!("its signature has no \"{name}\" text")))
    };
    Ok((approval.clone(), text("protected")?, text("signature")?))
}

/// Verifies an approval file's bytes: its shape, the signature over the canonical `approval`,
/// then (only then) its content.
pub fn verify_approval(bytes: &[u8]) -> Result<VerifiedApproval, ApprovalError> {
    let (approval, protected, signature) = parts(bytes)?;
    let key = jws::read_header(&protected, APPROVAL_TYP)?;
    let payload = canonicalize(&approval)?;
    match jws::check_signature(&key, &protected, &payload, &signature) {
        Ok(()) => {}
        Err(VerifyError::Mismatch) => return Err(ApprovalError::Mismatch),
        Err(e) => return Err(e.into()),
    }
    let mut members = approval.as_object().cloned().unwrap_or_default();
    if let Some(missing) = MEMBERS.iter().find(|m| !members.contains_key(**m)) {
        return Err(ApprovalError::Incomplete(format!(
            "it has no \"{missing}\""
        )));
    }
    only(&members, &MEMBERS, "the approval")?;
    let kid = key.kid();
    if members.remove("key").as_ref().and_then(Value::as_str) != Some(kid.as_str()) {
        return Err(ApprovalError::KeyMismatch);
    }
    let approval: Approval = serde_json::from_value(Value::Object(members))
        .map_err(|e| ApprovalError::Incomplete(e.to_string()))?;
    if let Some(why) = problem(&approval) {
        return Err(ApprovalError::Incomplete(why.to_string()));
    }
    Ok(VerifiedApproval {
        approval,
        kid,
        key,
        digest: hex_sha256(&payload),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval() -> Approval {
        Approval {
            review: "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90".into(),
            revision: 4,
            fingerprint: "ab".repeat(32),
            entity: "Ministry of Labour".into(),
            approver: Approver {
                name: "Grace Njeri".into(),
                title: "Permanent Secretary".into(),
                email: String::new(),
            },
            date: "2026-03-02T09:30:00Z".into(),
        }
    }

    #[test]
    fn an_approval_signed_verifies_and_says_what_it_approves() {
        let key = SigningKey::from_secret_bytes(&[7; 32]);
        let signed = sign_approval(&approval(), &key).unwrap();
        let verified = verify_approval(&signed.file).unwrap();
        assert_eq!(verified.approval, approval());
        assert_eq!(verified.kid, key.kid());
        assert_eq!(verified.digest, signed.digest);
    }

    /// An approval file whose signature holds over `approval`, whatever it says.
    fn signed_as_is(approval: &Value, key: &SigningKey) -> Vec<u8> {
        let payload = canonicalize(approval).unwrap();
        let protected = jws::protected_header(&key.public(), APPROVAL_TYP);
        let signature = jws::sign(key, &protected, &payload);
        serde_json::to_vec(&json!({
            "format": APPROVAL_FORMAT,
            "approval": approval,
            "signature": { "protected": protected, "signature": signature },
        }))
        .unwrap()
    }

    #[test]
    fn a_validly_signed_approval_must_still_say_what_it_approves_in_full() {
        let key = SigningKey::from_secret_bytes(&[7; 32]);
        let whole = payload_value(&approval(), &key.kid()).unwrap();
        let with = |change: &dyn Fn(&mut Map<String, Value>)| {
            let mut value = whole.clone();
            change(value.as_object_mut().unwrap());
            verify_approval(&signed_as_is(&value, &key))
        };
        assert!(with(&|_| {}).is_ok());
        assert!(matches!(
            with(&|m| {
                m.remove("date");
            }),
            Err(ApprovalError::Incomplete(_))
        ));
        assert!(matches!(
            with(&|m| {
                m.insert(
                    "key".into(),
                    json!(SigningKey::from_secret_bytes(&[8; 32]).kid()),
                );
            }),
            Err(ApprovalError::KeyMismatch)
        ));
        assert!(matches!(
            with(&|m| {
                m.insert("note".into(), json!("and more"));
            }),
            Err(ApprovalError::NotAnApproval(_))
        ));
        assert!(matches!(
            with(&|m| {
                m.insert("revision".into(), json!(0));
            }),
            Err(ApprovalError::Incomplete(_))
        ));
        assert!(matches!(
            with(&|m| {
                m.insert(
                    "approver".into(),
                    json!({ "name": "G", "title": "", "email": "", "x": 1 }),
                );
            }),
            Err(ApprovalError::Incomplete(_))
        ));
        let e = with(&|m| {
            m.remove("entity");
        })
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotAnApproval);
    }

    #[test]
    fn an_approval_without_a_fingerprint_is_not_signed() {
        let key = SigningKey::from_secret_bytes(&[7; 32]);
        let mut a = approval();
        a.fingerprint = "AB".repeat(32);
        assert!(matches!(
            sign_approval(&a, &key),
            Err(SignError::BadApproval(_))
        ));
    }
}
