//! JWS with EdDSA (RFC 7515, RFC 8037): the protected header, the signing input, and the
//! checks every signature read from outside goes through.

use serde_json::{json, Value};

use super::b64;
use super::canonical::canonicalize;
use super::json::parse_strict;
use super::key::{PublicKey, SigningKey};
use super::verify::VerifyError;

/// The only JWS algorithm used and accepted: EdDSA (RFC 8037 §3.1).
pub const ALG: &str = "EdDSA";

/// The header `typ` of a signed review.
pub const REVIEW_TYP: &str = "gcm-review+jws";

/// The header `typ` of a package manifest.
pub const MANIFEST_TYP: &str = "gcm-review-manifest+jws";

/// The header `typ` of an approval file.
pub const APPROVAL_TYP: &str = "gcm-review-approval+jws";

/// The header `typ` of a key rotation endorsement.
pub const ENDORSEMENT_TYP: &str = "gcm-review-key-endorsement+jws";

/// The base64url protected header for a signature by `key`:
/// the canonical JSON of `{"alg","jwk","kid","typ"}`.
pub(crate) fn protected_header(key: &PublicKey, typ: &str) -> String {
    let header = json!({ "alg": ALG, "typ": typ, "kid": key.kid(), "jwk": key.jwk() });
    // A header of strings only always has a canonical form.
    b64::encode(&canonicalize(&header).unwrap_or_default())
}

/// ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)) (RFC 7515 §5.1).
pub(crate) fn signing_input(protected: &str, payload: &[u8]) -> Vec<u8> {
    format!("{protected}.{}", b64::encode(payload)).into_bytes()
}

/// The base64url signature of `payload` under `protected`.
pub(crate) fn sign(key: &SigningKey, protected: &str, payload: &[u8]) -> String {
    b64::encode(&key.sign_bytes(&signing_input(protected, payload)))
}

/// Decodes and checks a protected header: EdDSA over Ed25519, the expected `typ`, no critical
/// extensions, and a `kid` that is the thumbprint of the embedded `jwk`. Returns the key.
pub(crate) fn read_header(protected: &str, typ: &'static str) -> Result<PublicKey, VerifyError> {
    let damaged = |why: &str| VerifyError::BadHeader(why.to_string());
    let bytes = b64::decode(protected).map_err(|_| damaged("it is not base64url"))?;
    let header = parse_strict(&bytes).map_err(|_| damaged("it is not JSON"))?;
    let header = header
        .as_object()
        .ok_or_else(|| damaged("it is not a JSON object"))?;
    let text = |name: &str| header.get(name).and_then(Value::as_str);

    let alg = text("alg").ok_or_else(|| damaged("it names no algorithm"))?;
    if alg != ALG {
        return Err(VerifyError::UnsupportedAlgorithm(alg.to_string()));
    }
    if header.contains_key("crit") || header.contains_key("b64") {
        return Err(damaged(
            "it uses extensions (\"crit\" or \"b64\") that this app does not accept",
        ));
    }
    let found_typ = text("typ").unwrap_or("");
    if found_typ != typ {
        return Err(VerifyError::WrongType {
            found: found_typ.to_string(),
            expected: typ,
        });
    }
    let jwk = header
        .get("jwk")
        .and_then(Value::as_object)
        .ok_or_else(|| damaged("it carries no public key (\"jwk\")"))?;
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
    if crv != "Ed25519" {
        return Err(VerifyError::UnsupportedAlgorithm(format!(
            "EdDSA with curve \"{crv}\""
        )));
    }
    let key = PublicKey::from_jwk(&Value::Object(jwk.clone()))
        .map_err(|e| VerifyError::BadKey(e.to_string()))?;
    if text("kid") != Some(key.kid().as_str()) {
        return Err(VerifyError::KeyIdMismatch);
    }
    Ok(key)
}

/// Checks a base64url Ed25519 signature over `payload` under `protected`, strictly.
pub(crate) fn check_signature(
    key: &PublicKey,
    protected: &str,
    payload: &[u8],
    signature: &str,
) -> Result<(), VerifyError> {
    let signature: [u8; 64] = b64::decode(signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(VerifyError::BadSignatureEncoding)?;
    if key.verify_strict(&signing_input(protected, payload), &signature) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.1: the example Ed25519 private key.
    const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

    fn rfc8037_key() -> SigningKey {
        let d: [u8; 32] = b64::decode(RFC8037_D)
            .ok()
            .and_then(|d| d.try_into().ok())
            .unwrap_or([0; 32]);
        SigningKey::from_secret_bytes(&d)
    }

    /// RFC 8037 appendix A.4: the JWS of "Example of Ed25519 signing" under `{"alg":"EdDSA"}`.
    #[test]
    fn rfc8037_a4_signature() {
        let protected = b64::encode(br#"{"alg":"EdDSA"}"#);
        assert_eq!(protected, "eyJhbGciOiJFZERTQSJ9");
        let payload = b"Example of Ed25519 signing";
        assert_eq!(b64::encode(payload), "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
        let signature = sign(&rfc8037_key(), &protected, payload);
        assert_eq!(
            signature,
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
        let key = rfc8037_key().public();
        assert!(check_signature(&key, &protected, payload, &signature).is_ok());
        assert!(matches!(
            check_signature(&key, &protected, b"Example of Ed25519 signinG", &signature),
            Err(VerifyError::Mismatch)
        ));
    }

    /// A signature accepted only in canonical base64url: the last character of an 86-character
    /// signature carries 4 unused bits, which must be zero.
    #[test]
    fn non_canonical_base64_signatures_are_refused() {
        let protected = protected_header(&rfc8037_key().public(), REVIEW_TYP);
        let signature = sign(&rfc8037_key(), &protected, b"x");
        const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let last = signature.chars().last().unwrap_or('A');
        let value = ALPHABET.find(last).unwrap_or(0);
        assert_eq!(value & 0xf, 0, "canonical: the 4 unused bits are zero");
        // The same 64 bytes to a lenient decoder, a different spelling.
        let spelled = ALPHABET.as_bytes()[value | 1] as char;
        let altered = format!("{}{spelled}", &signature[..signature.len() - 1]);
        assert!(check_signature(&rfc8037_key().public(), &protected, b"x", &altered).is_err());
    }
}
