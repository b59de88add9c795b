//! Signing as the user meets it: who signs, their key, exporting a signed review, and the
//! verdict on a signed file, with the keys seen before.

use serde::Serialize;
use serde_json::Value;

use super::{Desk, DeskError};
use crate::review::{schema_problems, validate, Diagnostic, ReviewDocument};
use crate::sign::{
    endorse, fingerprint_groups, seal, sign, unseal, KdfParams, Passphrase, SignedReview, Signer,
    SigningKey, Status,
};
use crate::store::{now, OwnKey};

/// The setting that holds the signer identity.
const SIGNER: &str = "signer";

/// One of the user's signing keys, as Settings shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// Key id: the RFC 7638 thumbprint.
    pub kid: String,
    /// The fingerprint in groups that can be read aloud.
    pub fingerprint: String,
    /// When it was made.
    pub created_at: String,
    /// When it was replaced, if it was.
    pub retired_at: Option<String>,
    /// Whether a replaced key endorsed it.
    pub endorsed: bool,
}

impl From<OwnKey> for KeyInfo {
    fn from(k: OwnKey) -> Self {
        KeyInfo {
            fingerprint: fingerprint_groups(&k.kid).unwrap_or_else(|| k.kid.clone()),
            kid: k.kid,
            created_at: k.created_at,
            retired_at: k.retired_at,
            endorsed: k.endorsement.is_some(),
        }
    }
}

/// A review exported as JSON, ready to be written to a file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// The file name to offer: `GCM-review_<ISO3>_<cycle>_<date>.review.json`.
    pub file_name: String,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Draft or final, as recorded inside.
    pub status: Status,
    /// SHA-256 of the canonical review (signed exports), lowercase hex.
    pub digest: Option<String>,
}

/// A review signed for export, with what packaging it needs.
pub(super) struct Signed {
    pub signed: SignedReview,
    pub document: ReviewDocument,
    pub status: Status,
    pub key: SigningKey,
    pub signer: Signer,
}

/// The file name a review is exported under: `GCM-review_<ISO3>_<cycle>_<date>.<extension>`.
pub(super) fn file_name(document: &Value, today: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        s.split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let iso3 = document["cover"]["member_state"].as_str().unwrap_or("XXX");
    let cycle = document["cover"]["cycle"].as_str().unwrap_or("review");
    format!(
        "GCM-review_{}_{}_{}.{extension}",
        clean(iso3),
        clean(cycle),
        today
    )
}

impl Desk {
    /// Who signs, as stored in Settings.
    pub fn signer(&self) -> Result<Option<Signer>, DeskError> {
        Ok(self
            .store
            .setting(SIGNER)?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Stores who signs.
    pub fn set_signer(&mut self, signer: &Signer) -> Result<(), DeskError> {
        if signer.name.trim().is_empty() {
            return Err(DeskError::NoSigner);
        }
        let text = serde_json::to_string(signer).map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(self.store.set_setting(SIGNER, &text)?)
    }

    /// The user's keys, the active one first.
    pub fn keys(&self) -> Result<Vec<KeyInfo>, DeskError> {
        Ok(self
            .store
            .own_keys()?
            .into_iter()
            .map(KeyInfo::from)
            .collect())
    }

    pub(super) fn active_key(&self) -> Result<OwnKey, DeskError> {
        self.store
            .own_keys()?
            .into_iter()
            .find(|k| k.retired_at.is_none())
            .ok_or(DeskError::NoKey)
    }

    fn unseal_active(&self, passphrase: &Passphrase) -> Result<(OwnKey, SigningKey), DeskError> {
        let active = self.active_key()?;
        let sealed = self.store.sealed_key(&active.kid)?;
        Ok((active, unseal(&sealed, passphrase.expose_secret())?))
    }

    /// Makes the first signing key, sealed by `passphrase`.
    pub fn create_key(&mut self, passphrase: &Passphrase) -> Result<KeyInfo, DeskError> {
        if self.active_key().is_ok() {
            return Err(DeskError::KeyExists);
        }
        self.add_key(passphrase, None)
    }

    fn add_key(
        &mut self,
        passphrase: &Passphrase,
        old: Option<&SigningKey>,
    ) -> Result<KeyInfo, DeskError> {
        let key = SigningKey::generate()?;
        let sealed = seal(&key, passphrase.expose_secret(), self.kdf)?;
        let public = key.public();
        let endorsement = match old {
            Some(old) => Some(endorse(old, &public, &now())?),
            None => None,
        };
        let jwk = public.jwk().to_string();
        self.store
            .add_own_key(&public.kid(), &sealed, &jwk, endorsement.as_deref())?;
        self.keys()?
            .into_iter()
            .next()
            .ok_or_else(|| DeskError::Internal("the new key was not stored".into()))
    }

    /// Replaces the active key by a new one, endorsed by a statement signed with the old one.
    pub fn rotate_key(
        &mut self,
        old_passphrase: &Passphrase,
        new_passphrase: &Passphrase,
    ) -> Result<KeyInfo, DeskError> {
        let (_, old) = self.unseal_active(old_passphrase)?;
        self.add_key(new_passphrase, Some(&old))
    }

    /// The active public key as a JWK with its `kid`, and the endorsement that links it to the
    /// key it replaced, if any: what the secretariat needs to recognise the signer.
    pub fn public_key(&self) -> Result<Value, DeskError> {
        let active = self.active_key()?;
        let mut jwk: Value = serde_json::from_str(&active.public_jwk)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        jwk["kid"] = Value::String(active.kid.clone());
        if let Some(endorsement) = active.endorsement {
            jwk["endorsement"] = Value::String(endorsement);
        }
        Ok(jwk)
    }

    /// The problems to show before export: validation, and anything the schema refuses.
    pub fn export_check(&self, id: &str) -> Result<Vec<Diagnostic>, DeskError> {
        let values = self.store.values(id)?;
        Ok(validate(self.template, &values))
    }

    /// Exports a review as JSON; with a passphrase, signed with the active key. A review with
    /// problems is exported as a draft and says so inside; one the schema refuses is not signed.
    pub fn export_json(
        &self,
        id: &str,
        passphrase: Option<&Passphrase>,
    ) -> Result<Export, DeskError> {
        let at = now();
        let Some(passphrase) = passphrase else {
            let (value, status) = self.checked_document(id)?;
            let mut bytes = serde_json::to_vec_pretty(&value)
                .map_err(|e| DeskError::Internal(e.to_string()))?;
            bytes.push(b'\n');
            return Ok(Export {
                file_name: file_name(&value, &at[..10], "review.json"),
                bytes,
                status,
                digest: None,
            });
        };
        let signed = self.sign_review(id, passphrase, &at)?;
        Ok(Export {
            file_name: file_name(signed.signed.review(), &at[..10], "review.json"),
            bytes: signed.signed.file_bytes().to_vec(),
            status: signed.status,
            digest: Some(signed.signed.digest().to_string()),
        })
    }

    /// The document of a review as JSON, checked against the schema, and whether it is final.
    fn checked_document(&self, id: &str) -> Result<(Value, Status), DeskError> {
        let document = self.document(id)?;
        let value =
            serde_json::to_value(&document).map_err(|e| DeskError::Internal(e.to_string()))?;
        let problems = schema_problems(&value);
        if !problems.is_empty() {
            return Err(DeskError::Schema(problems));
        }
        let status = if self.export_check(id)?.iter().any(|d| d.blocks_final) {
            Status::Draft
        } else {
            Status::Final
        };
        Ok((value, status))
    }

    /// Signs a review's current document with the active key at `at`.
    pub(super) fn sign_review(
        &self,
        id: &str,
        passphrase: &Passphrase,
        at: &str,
    ) -> Result<Signed, DeskError> {
        let (_, status) = self.checked_document(id)?;
        let document = self.document(id)?;
        let signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        let (_, key) = self.unseal_active(passphrase)?;
        let signed = sign(&document, &signer, status, &key, at)?;
        Ok(Signed {
            signed,
            document,
            status,
            key,
            signer,
        })
    }

    /// Uses a cheaper key derivation (tests only need the format, not the cost).
    pub fn set_kdf(&mut self, kdf: KdfParams) {
        self.kdf = kdf;
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;
    use serde_json::json;

    #[test]
    fn file_names_are_safe_and_as_documented() {
        let doc = json!({ "cover": { "member_state": "KEN", "cycle": "IMRF 2026" } });
        assert_eq!(
            file_name(&doc, "2026-11-28", "review.json"),
            "GCM-review_KEN_IMRF-2026_2026-11-28.review.json"
        );
        let doc = json!({ "cover": { "member_state": "KEN", "cycle": "../../etc/ passwd" } });
        assert_eq!(
            file_name(&doc, "2026-11-28", "review.json"),
            "GCM-review_KEN_etc-passwd_2026-11-28.review.json"
        );
    }
}
