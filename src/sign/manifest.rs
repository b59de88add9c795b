//! The signed manifest of a package (`manifest.json`, format `gcm-review-manifest/1`): the
//! SHA-256 of every file in the package, signed with the key that signed the review, so that
//! no file can be swapped, added or removed without the signature failing. See `FORMAT.md`.

use serde_json::{json, Map, Value};

use super::canonical::{canonicalize, to_pretty};
use super::json::parse_strict;
use super::jws::{self, MANIFEST_TYP};
use super::key::{PublicKey, SigningKey};
use super::signed::SignError;
use super::verify::VerifyError;

/// Name and version of the signed manifest format.
pub const MANIFEST_FORMAT: &str = "gcm-review-manifest/1";

/// The largest manifest accepted: 1 MiB.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// A manifest whose signature holds.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedManifest {
    /// The manifest as signed.
    pub manifest: Map<String, Value>,
    /// The key that signed it.
    pub key: PublicKey,
}

/// Signs `manifest` (a JSON object) with `key`: readable JSON `{format, manifest, signature}`,
/// the signature a detached JWS over the manifest's canonical JSON.
pub fn sign_manifest(manifest: &Value, key: &SigningKey) -> Result<Vec<u8>, SignError> {
    if !manifest.is_object() {
        return Err(SignError::NotAnObject);
    }
    let payload = canonicalize(manifest)?;
    let protected = jws::protected_header(&key.public(), MANIFEST_TYP);
    let signature = jws::sign(key, &protected, &payload);
    Ok(to_pretty(&json!({
        "format": MANIFEST_FORMAT,
        "manifest": manifest,
        "signature": { "protected": protected, "signature": signature },
    }))?)
}

/// Checks a signed manifest's bytes; the caller checks that its key is the review's.
pub fn verify_manifest(bytes: &[u8]) -> Result<SignedManifest, VerifyError> {
    let not = |why: &str| VerifyError::NotSignedReview(format!("its manifest {why}"));
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(not("is larger than 1 MiB"));
    }
    let file = parse_strict(bytes).map_err(|e| not(&format!("is not valid JSON ({e})")))?;
    let file = file
        .as_object()
        .ok_or_else(|| not("is not a JSON object"))?;
    if file.get("format").and_then(Value::as_str) != Some(MANIFEST_FORMAT) {
        return Err(not(&format!("is not in format \"{MANIFEST_FORMAT}\"")));
    }
    if let Some(extra) = file
        .keys()
        .find(|k| !["format", "manifest", "signature"].contains(&k.as_str()))
    {
        return Err(not(&format!(
            "has a member \"{extra}\" outside the signature"
        )));
    }
    let manifest = file
        .get("manifest")
        .and_then(Value::as_object)
        .ok_or_else(|| not("has no \"manifest\" object"))?;
    let signature = file
        .get("signature")
        .and_then(Value::as_object)
        .ok_or_else(|| not("has no \"signature\" object"))?;
    let text = |name: &str| {
        signature
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| not(&format!("signature has no \"{name}\" text")))
    };
    let protected = text("protected")?;
    let key = jws::read_header(protected, MANIFEST_TYP)?;
    let payload = canonicalize(&Value::Object(manifest.clone()))?;
    jws::check_signature(&key, protected, &payload, text("signature")?)?;
    Ok(SignedManifest {
        manifest: manifest.clone(),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_round_trips_and_any_change_is_refused() {
        let key = SigningKey::from_secret_bytes(&[7; 32]);
        let manifest = json!({ "files": [{ "name": "a.pdf", "sha256": "00" }] });
        let bytes = sign_manifest(&manifest, &key).unwrap_or_default();
        let read = verify_manifest(&bytes);
        assert!(
            matches!(&read, Ok(m) if m.key == key.public() && Value::Object(m.manifest.clone()) == manifest)
        );
        let text = String::from_utf8(bytes).unwrap_or_default();
        let tampered = text.replace("a.pdf", "b.pdf");
        assert!(matches!(
            verify_manifest(tampered.as_bytes()),
            Err(VerifyError::Mismatch)
        ));
    }
}
