//! Key rotation: the old key endorses its successor with a compact JWS, so that whoever
//! trusted the old key can trust the new one without meeting again.

use serde_json::{json, Value};

use super::b64;
use super::canonical::canonicalize;
use super::json::parse_strict;
use super::jws::{self, ENDORSEMENT_TYP};
use super::key::{PublicKey, SigningKey};
use super::signed::SignError;
use super::verify::VerifyError;

/// The longest endorsement accepted, in bytes.
const MAX_ENDORSEMENT_BYTES: usize = 64 * 1024;

/// A key endorsement whose signature holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Endorsement {
    /// The id of the key that endorses (and signed the endorsement).
    pub old_kid: String,
    /// The id of the key endorsed.
    pub new_kid: String,
    /// The key endorsed.
    pub new_key: PublicKey,
    /// When (RFC 3339), as the old key holder's clock said.
    pub endorsed: String,
    /// The endorsement itself (the compact JWS), to keep and pass on.
    pub jws: String,
}

/// `old` endorses `new_key` at `now`: a compact JWS (`typ` `gcm-review-key-endorsement+jws`)
/// whose payload is the canonical JSON `{"endorsed","new_key","new_kid","old_kid"}`.
pub fn endorse(old: &SigningKey, new_key: &PublicKey, now: &str) -> Result<String, SignError> {
    chrono::DateTime::parse_from_rfc3339(now).map_err(|_| SignError::BadTime(now.to_string()))?;
    let old_key = old.public();
    if old_key == *new_key {
        return Err(SignError::SameKey);
    }
    let payload = canonicalize(&json!({
        "new_key": new_key.jwk(),
        "new_kid": new_key.kid(),
        "old_kid": old_key.kid(),
        "endorsed": now,
    }))?;
    let protected = jws::protected_header(&old_key, ENDORSEMENT_TYP);
    let signature = jws::sign(old, &protected, &payload);
    Ok(format!("{protected}.{}.{signature}", b64::encode(&payload)))
}

/// Checks a key endorsement made by [`endorse`].
pub fn verify_endorsement(jws: &str) -> Result<Endorsement, VerifyError> {
    if jws.len() > MAX_ENDORSEMENT_BYTES {
        return Err(VerifyError::Endorsement("it is far too long"));
    }
    let parts: Vec<&str> = jws.trim().split('.').collect();
    let [protected, payload, signature] = parts[..] else {
        return Err(VerifyError::Endorsement("it is not a compact JWS"));
    };
    let old_key = jws::read_header(protected, ENDORSEMENT_TYP)?;
    let payload = b64::decode(payload)
        .map_err(|_| VerifyError::Endorsement("its payload is not base64url"))?;
    jws::check_signature(&old_key, protected, &payload, signature)?;
    let payload =
        parse_strict(&payload).map_err(|_| VerifyError::Endorsement("its payload is not JSON"))?;
    let text = |name: &str| payload.get(name).and_then(Value::as_str);
    if text("old_kid") != Some(old_key.kid().as_str()) {
        return Err(VerifyError::Endorsement(
            "it names another old key than the one that signed it",
        ));
    }
    let new_key = PublicKey::from_jwk(payload.get("new_key").unwrap_or(&Value::Null))
        .map_err(|_| VerifyError::Endorsement("its new key is not an Ed25519 key"))?;
    if text("new_kid") != Some(new_key.kid().as_str()) {
        return Err(VerifyError::Endorsement(
            "its new key id does not match its new key",
        ));
    }
    if new_key == old_key {
        return Err(VerifyError::Endorsement("the key endorses itself"));
    }
    let endorsed = text("endorsed")
        .ok_or(VerifyError::Endorsement("it has no date"))?
        .to_string();
    Ok(Endorsement {
        old_kid: old_key.kid(),
        new_kid: new_key.kid(),
        new_key,
        endorsed,
        jws: jws.trim().to_string(),
    })
}
