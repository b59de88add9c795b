//! The sealed key file (`gcm-review-key/1`): the private key encrypted with XChaCha20-Poly1305
//! under a key derived from a passphrase with Argon2id. See `FORMAT.md`.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde_json::{json, Map, Value};
use zeroize::Zeroizing;

use super::b64;
use super::canonical::{canonicalize, to_pretty};
use super::json::parse_strict;
use super::key::{PublicKey, SigningKey};

/// Name and version of the key file format.
pub const KEY_FORMAT: &str = "gcm-review-key/1";

/// The fewest characters a passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// The largest key file read.
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;

/// The most memory (KiB) a key file may ask Argon2id to use: 1 GiB.
const MAX_M_KIB: u32 = 1024 * 1024;
/// The most passes a key file may ask for.
const MAX_T: u32 = 64;
/// The most lanes a key file may ask for.
const MAX_P: u32 = 16;
const SALT_BYTES: usize = 16;
const NONCE_BYTES: usize = 24;
const SECRET_BYTES: usize = 32;
const TAG_BYTES: usize = 16;

/// Why a key could not be made, sealed or unsealed. No message ever contains key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The passphrase is too short to protect a key.
    #[error("the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseTooShort,
    /// Decryption failed: the passphrase is wrong (or the key file was altered).
    #[error("the passphrase is not the one this key was protected with")]
    WrongPassphrase,
    /// The bytes are not a key file.
    #[error("the file is not a key file: {0}")]
    NotAKeyFile(String),
    /// A key file of another format or version.
    #[error(
        "the key file is in format \"{0}\", which this version cannot read (it reads {KEY_FORMAT})"
    )]
    UnknownFormat(String),
    /// The key file's key derivation or cipher is not the one this version uses.
    #[error("the key file uses {0}, which this version does not support")]
    Unsupported(String),
    /// The key derivation cost is outside what is accepted.
    #[error("the key file's key-derivation settings are not accepted: {0}")]
    KdfParams(String),
    /// The key file is damaged or inconsistent.
    #[error("the key file is damaged: {0}")]
    Corrupt(String),
    /// Not an Ed25519 public key in JWK form.
    #[error("the public key is not an Ed25519 key: {0}")]
    BadJwk(String),
    /// The operating system gave no random bytes.
    #[error("the system's random number generator failed; try again")]
    Randomness,
}

/// How costly deriving the encryption key from the passphrase is (Argon2id, RFC 9106).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory, in KiB.
    pub m_kib: u32,
    /// Passes over the memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option.
    fn default() -> KdfParams {
        KdfParams {
            m_kib: 65536,
            t: 3,
            p: 1,
        }
    }
}

impl KdfParams {
    fn argon2(&self) -> Result<Argon2<'static>, KeyError> {
        if self.m_kib > MAX_M_KIB || self.t > MAX_T || self.p > MAX_P {
            return Err(KeyError::KdfParams(format!(
                "at most {MAX_M_KIB} KiB, {MAX_T} passes and {MAX_P} lanes"
            )));
        }
        let params = Params::new(self.m_kib, self.t, self.p, Some(SECRET_BYTES))
            .map_err(|e| KeyError::KdfParams(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Seals `key` in a key file protected by `passphrase`: a fresh random salt and nonce each time.
// A fresh salt and nonce per sealing are what make the key file safe to keep beside others.
#[allow(clippy::disallowed_methods)]
pub fn seal(key: &SigningKey, passphrase: &str, params: KdfParams) -> Result<Vec<u8>, KeyError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyError::PassphraseTooShort);
    }
    let argon2 = params.argon2()?;
    let mut salt = [0u8; SALT_BYTES];
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::getrandom(&mut salt).map_err(|_| KeyError::Randomness)?;
    getrandom::getrandom(&mut nonce).map_err(|_| KeyError::Randomness)?;
    let public = key.public();
    let mut file = json!({
        "format": KEY_FORMAT,
        "kdf": {
            "alg": "argon2id",
            "m_kib": params.m_kib,
            "t": params.t,
            "p": params.p,
            "salt": b64::encode(&salt),
        },
        "aead": { "alg": "xchacha20poly1305", "nonce": b64::encode(&nonce) },
        "public": public.jwk(),
        "kid": public.kid(),
    });
    let aad = associated_data(&file)?;
    let cipher = cipher(&argon2, passphrase, &salt)?;
    let secret = key.secret_bytes();
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: secret.as_ref(),
                aad: &aad,
            },
        )
        .map_err(|_| KeyError::Corrupt("encryption failed".to_string()))?;
    if let Value::Object(members) = &mut file {
        members.insert("ciphertext".to_string(), b64::encode(&ciphertext).into());
    }
    to_pretty(&file).map_err(|e| KeyError::Corrupt(e.to_string()))
}

/// Opens a key file with its passphrase. Long because it reads the file as the format lists
/// it, top to bottom, and each member is a check with its own refusal.
pub fn unseal(bytes: &[u8], passphrase: &str) -> Result<SigningKey, KeyError> {
    if bytes.len() > MAX_KEY_FILE_BYTES {
        return Err(KeyError::NotAKeyFile(format!(
            "it is larger than {} KiB",
            MAX_KEY_FILE_BYTES / 1024
        )));
    }
    let file = parse_strict(bytes).map_err(|e| KeyError::NotAKeyFile(e.to_string()))?;
    let members = file
        .as_object()
        .ok_or_else(|| KeyError::NotAKeyFile("it is not a JSON object".to_string()))?;
    match members.get("format").and_then(Value::as_str) {
        Some(KEY_FORMAT) => {}
        Some(other) if other.starts_with("gcm-review-key/") => {
            return Err(KeyError::UnknownFormat(other.to_string()))
        }
        _ => {
            return Err(KeyError::NotAKeyFile(format!(
                "its format is not {KEY_FORMAT}"
            )))
        }
    }
    let kdf = object(members, "kdf")?;
    let aead = object(members, "aead")?;
    if string(kdf, "alg")? != "argon2id" {
        return Err(KeyError::Unsupported(format!(
            "key derivation \"{}\"",
            string(kdf, "alg")?
        )));
    }
    if string(aead, "alg")? != "xchacha20poly1305" {
        return Err(KeyError::Unsupported(format!(
            "cipher \"{}\"",
            string(aead, "alg")?
        )));
    }
    let params = KdfParams {
        m_kib: number(kdf, "m_kib")?,
        t: number(kdf, "t")?,
        p: number(kdf, "p")?,
    };
    let salt = bytes_of(kdf, "salt")?;
    if !(8..=64).contains(&salt.len()) {
        return Err(KeyError::Corrupt(
            "the salt is not 8 to 64 bytes".to_string(),
        ));
    }
    let nonce = bytes_of(aead, "nonce")?;
    if nonce.len() != NONCE_BYTES {
        return Err(KeyError::Corrupt(format!(
            "the nonce is not {NONCE_BYTES} bytes"
        )));
    }
    let ciphertext = bytes_of(members, "ciphertext")?;
    if ciphertext.len() != SECRET_BYTES + TAG_BYTES {
        return Err(KeyError::Corrupt(
            "the ciphertext has the wrong length".to_string(),
        ));
    }
    let public = PublicKey::from_jwk(members.get("public").unwrap_or(&Value::Null))?;
    if string(members, "kid")? != public.kid() {
        return Err(KeyError::Corrupt(
            "its key id does not match its public key".to_string(),
        ));
    }

    let mut header = members.clone();
    header.remove("ciphertext");
    let aad = associated_data(&Value::Object(header))?;
    let cipher = cipher(&params.argon2()?, passphrase, &salt)?;
    let secret = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| KeyError::WrongPassphrase)?,
    );
    let secret: Zeroizing<[u8; SECRET_BYTES]> = Zeroizing::new(
        secret
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Corrupt("the key has the wrong length".to_string()))?,
    );
    let key = SigningKey::from_secret_bytes(&secret);
    if key.public() != public {
        return Err(KeyError::Corrupt(
            "the private key does not belong to its public key".to_string(),
        ));
    }
    Ok(key)
}

/// What the cipher authenticates besides the key: every member of the file but the
/// ciphertext, in canonical form, so no setting or public part can be swapped.
fn associated_data(header: &Value) -> Result<Vec<u8>, KeyError> {
    canonicalize(header).map_err(|e| KeyError::Corrupt(e.to_string()))
}

fn cipher(argon2: &Argon2, passphrase: &str, salt: &[u8]) -> Result<XChaCha20Poly1305, KeyError> {
    let mut key = Zeroizing::new([0u8; 32]);
    argon2
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| KeyError::KdfParams(e.to_string()))?;
    Ok(XChaCha20Poly1305::new(key.as_ref().into()))
}

fn object<'a>(
    members: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a Map<String, Value>, KeyError> {
    members
        .get(name)
        .and_then(Value::as_object)
        .ok_or_else(|| KeyError::NotAKeyFile(format!("it has no \"{name}\" object")))
}

fn string<'a>(members: &'a Map<String, Value>, name: &str) -> Result<&'a str, KeyError> {
    members
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| KeyError::NotAKeyFile(format!("it has no \"{name}\" text")))
}

fn number(members: &Map<String, Value>, name: &str) -> Result<u32, KeyError> {
    members
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| KeyError::NotAKeyFile(format!("its \"{name}\" is not a whole number")))
}

fn bytes_of(members: &Map<String, Value>, name: &str) -> Result<Vec<u8>, KeyError> {
    b64::decode(string(members, name)?)
        .map_err(|_| KeyError::Corrupt(format!("its \"{name}\" is not base64url")))
}
