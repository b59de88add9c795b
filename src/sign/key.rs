//! Ed25519 keys, their JWK form (RFC 8037) and their key id, the JWK thumbprint (RFC 7638).

use std::fmt;

use ed25519_dalek::{Signer as _, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::b64;
use super::keyfile::KeyError;

/// A private signing key. It cannot be cloned, serialised or printed; its `Debug` shows only
/// the key id, and its bytes are zeroed when it is dropped.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// A new key from the operating system's random number generator. The one place signing
    /// takes randomness: a key is randomness by definition; what is signed with it stays
    /// deterministic (Ed25519 signatures are).
    #[allow(clippy::disallowed_methods)]
    pub fn generate() -> Result<SigningKey, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut()).map_err(|_| KeyError::Randomness)?;
        Ok(SigningKey::from_secret_bytes(&seed))
    }

    /// The key whose 32-byte secret (the RFC 8032 private key, the JWK `d`) is `secret`.
    pub fn from_secret_bytes(secret: &[u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(secret))
    }

    /// The 32-byte secret, for sealing it in a key file; keep the copy zeroized.
    pub(crate) fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The key id: the public key's RFC 7638 thumbprint.
    pub fn kid(&self) -> String {
        self.public().kid()
    }

    /// The Ed25519 signature of `message`.
    pub(crate) fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid())
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A public Ed25519 key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key from its JWK (`{"kty":"OKP","crv":"Ed25519","x":...}`, RFC 8037 §2).
    /// A JWK that carries a private part (`d`) is refused.
    pub fn from_jwk(jwk: &Value) -> Result<PublicKey, KeyError> {
        let bad = |reason: &str| KeyError::BadJwk(reason.to_string());
        let jwk = jwk
            .as_object()
            .ok_or_else(|| bad("it is not a JSON object"))?;
        if jwk.get("kty").and_then(Value::as_str) != Some("OKP") {
            return Err(bad("its \"kty\" is not \"OKP\""));
        }
        if jwk.get("crv").and_then(Value::as_str) != Some("Ed25519") {
            return Err(bad("its \"crv\" is not \"Ed25519\""));
        }
        if jwk.contains_key("d") {
            return Err(bad("it contains a private key, which must never be shared"));
        }
        let x = jwk
            .get("x")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("it has no \"x\""))?;
        let bytes: [u8; 32] = b64::decode(x)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad("its \"x\" is not 32 bytes of base64url"))?;
        PublicKey::from_bytes(&bytes)
    }

    /// The key from its 32 bytes (RFC 8032 encoding).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, KeyError> {
        let key = VerifyingKey::from_bytes(bytes)
            .map_err(|_| KeyError::BadJwk("its \"x\" is not an Ed25519 point".to_string()))?;
        if key.is_weak() {
            return Err(KeyError::BadJwk(
                "its \"x\" is a weak (small-order) Ed25519 point".to_string(),
            ));
        }
        Ok(PublicKey(key))
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The JWK, members in canonical order: `{"crv":"Ed25519","kty":"OKP","x":...}`.
    pub fn jwk(&self) -> Value {
        json!({ "crv": "Ed25519", "kty": "OKP", "x": b64::encode(self.0.as_bytes()) })
    }

    /// The key id: the RFC 7638 thumbprint, base64url of SHA-256 over
    /// `{"crv":"Ed25519","kty":"OKP","x":"..."}`.
    pub fn kid(&self) -> String {
        b64::encode(&self.thumbprint())
    }

    /// The key id for reading aloud: see [`fingerprint_groups`].
    pub fn fingerprint_groups(&self) -> String {
        groups(&self.thumbprint())
    }

    fn thumbprint(&self) -> [u8; 32] {
        thumbprint_of_x(&b64::encode(self.0.as_bytes()))
    }

    /// Verifies an Ed25519 signature strictly (canonical `S`, no small-order `R`).
    pub(crate) fn verify_strict(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey").field(&self.kid()).finish()
    }
}

/// The RFC 7638 thumbprint of an Ed25519 JWK given its `x` member as written.
fn thumbprint_of_x(x: &str) -> [u8; 32] {
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    Sha256::digest(canonical.as_bytes()).into()
}

/// A key id for reading aloud over the phone: the first 20 bytes of the thumbprint in
/// Crockford's base32, 32 characters in groups of four (`7K2M-9QXD-...`). `None` when `kid` is
/// not a base64url SHA-256 thumbprint.
pub fn fingerprint_groups(kid: &str) -> Option<String> {
    let bytes: [u8; 32] = b64::decode(kid).ok()?.try_into().ok()?;
    Some(groups(&bytes))
}

fn groups(thumbprint: &[u8; 32]) -> String {
    const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::with_capacity(39);
    let mut chars = 0;
    // 20 bytes = 160 bits = 32 five-bit characters: four chunks of five bytes.
    for chunk in thumbprint[..20].chunks(5) {
        let word = chunk
            .iter()
            .fold(0u64, |acc, &byte| (acc << 8) | u64::from(byte));
        for shift in (0..8).rev() {
            if chars > 0 && chars % 4 == 0 {
                out.push('-');
            }
            let index = usize::try_from((word >> (shift * 5)) & 0x1f).unwrap_or(0);
            out.push(char::from(CROCKFORD[index]));
            chars += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let key = SigningKey::from_secret_bytes(&[0x42; 32]);
        let shown = format!("{key:?}");
        assert!(shown.contains("<redacted>"));
        assert!(!shown.contains("66, 66"));
        assert!(!shown.contains(&b64::encode(&[0x42; 32])));
    }

    #[test]
    fn crockford_groups_of_zeros_and_ones() {
        assert_eq!(groups(&[0; 32]), "0000-0000-0000-0000-0000-0000-0000-0000");
        assert_eq!(
            groups(&[0xff; 32]),
            "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"
        );
    }
}
