//! Signing as the user meets it: who signs, their key, exporting a signed review, and the
//! verdict on a signed file, with the keys seen before.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Desk, DeskError};
use crate::review::{schema_problems, validate, Diagnostic};
use crate::sign::{
    endorse, fingerprint_groups, seal, sign, unseal, verify, KdfParams, Signer, SigningKey, Status,
    MAX_SIGNED_BYTES,
};
use crate::store::{now, OwnKey};
use crate::template::member_state;

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

/// Whether a file can be trusted, in words a non-technical reader understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The signature holds and the key was seen before.
    Valid,
    /// The signature holds, but this key was never seen on this machine.
    ValidUnknownKey,
    /// The file is not an intact signed review.
    Invalid,
}

/// The outcome of verifying one file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The file, as given.
    pub file: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why it is invalid.
    pub reason: Option<String>,
    /// A stable code for the reason (`mismatch`, `too_large`, `not_json`, ...), for translation.
    pub reason_code: Option<&'static str>,
    /// Who signed it.
    pub signer: Option<Signer>,
    /// The signing key's id.
    pub kid: Option<String>,
    /// Its fingerprint in groups.
    pub fingerprint: Option<String>,
    /// The template, as `id version`.
    pub template: Option<String>,
    /// Draft or final.
    pub status: Option<Status>,
    /// The review's Member State (UN short name) and cycle.
    pub review: Option<String>,
    /// When it was signed.
    pub signed: Option<String>,
    /// SHA-256 of the canonical review.
    pub digest: Option<String>,
    /// How many files signed with the same key were verified here before.
    pub seen_before: u64,
    /// Whether the user marked the key trusted.
    pub trusted: bool,
}

impl Verification {
    /// The verdict on a file that could not be read or is not an intact signed review.
    pub fn invalid(file: &str, reason: String, code: &'static str) -> Verification {
        Verification {
            file: file.to_string(),
            verdict: Verdict::Invalid,
            reason: Some(reason),
            reason_code: Some(code),
            signer: None,
            kid: None,
            fingerprint: None,
            template: None,
            status: None,
            review: None,
            signed: None,
            digest: None,
            seen_before: 0,
            trusted: false,
        }
    }
}

/// The file name a review is exported under.
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

    fn unseal_active(&self, passphrase: &str) -> Result<(OwnKey, SigningKey), DeskError> {
        let active = self.active_key()?;
        let sealed = self.store.sealed_key(&active.kid)?;
        Ok((active, unseal(&sealed, passphrase)?))
    }

    /// Makes the first signing key, sealed by `passphrase`.
    pub fn create_key(&mut self, passphrase: &str) -> Result<KeyInfo, DeskError> {
        if self.active_key().is_ok() {
            return Err(DeskError::KeyExists);
        }
        self.add_key(passphrase, None)
    }

    fn add_key(
        &mut self,
        passphrase: &str,
        old: Option<&SigningKey>,
    ) -> Result<KeyInfo, DeskError> {
        let key = SigningKey::generate()?;
        let sealed = seal(&key, passphrase, self.kdf)?;
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
        old_passphrase: &str,
        new_passphrase: &str,
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
    pub fn export_json(&self, id: &str, passphrase: Option<&str>) -> Result<Export, DeskError> {
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
        let at = now();
        let name = file_name(&value, &at[..10], "review.json");
        let Some(passphrase) = passphrase else {
            let mut bytes = serde_json::to_vec_pretty(&value)
                .map_err(|e| DeskError::Internal(e.to_string()))?;
            bytes.push(b'\n');
            return Ok(Export {
                file_name: name,
                bytes,
                status,
                digest: None,
            });
        };
        let signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        let (_, key) = self.unseal_active(passphrase)?;
        let signed = sign(&document, &signer, status, &key, &at)?;
        Ok(Export {
            file_name: name,
            bytes: signed.file_bytes().to_vec(),
            status,
            digest: Some(signed.digest().to_string()),
        })
    }

    /// Verifies a signed review and remembers its key; the verdict says whether the key was
    /// seen before and whether it is trusted. Never fails: an unreadable file is a verdict too.
    pub fn verify_file(&mut self, file: &str, bytes: &[u8]) -> Verification {
        let verified = match verify(bytes) {
            Ok(v) => v,
            Err(e) => return Verification::invalid(file, e.to_string(), e.code()),
        };
        let signer = serde_json::to_string(&verified.signer).unwrap_or_default();
        let before =
            match self
                .store
                .remember_key(&verified.kid, &verified.key.jwk().to_string(), &signer)
            {
                Ok(before) => before,
                Err(e) => return Verification::invalid(file, e.to_string(), e.code()),
            };
        let own = self
            .store
            .own_keys()
            .map(|keys| keys.iter().any(|k| k.kid == verified.kid))
            .unwrap_or(false);
        let seen_before = before.as_ref().map_or(0, |k| k.seen_count);
        let trusted = own || before.as_ref().is_some_and(|k| k.trusted);
        let cover = &verified.review["cover"];
        let state = cover["member_state"].as_str().unwrap_or_default();
        let state = member_state(state).map_or(state.to_string(), |m| m.name.get("en").to_string());
        Verification {
            file: file.to_string(),
            verdict: if seen_before > 0 || own {
                Verdict::Valid
            } else {
                Verdict::ValidUnknownKey
            },
            reason: None,
            reason_code: None,
            fingerprint: fingerprint_groups(&verified.kid),
            kid: Some(verified.kid),
            template: Some(format!(
                "{} {}",
                verified.template_id, verified.template_version
            )),
            status: Some(verified.status),
            review: Some(format!(
                "{state} · {}",
                cover["cycle"].as_str().unwrap_or_default()
            )),
            signed: Some(verified.signed),
            digest: Some(verified.digest),
            signer: Some(verified.signer),
            seen_before,
            trusted,
        }
    }

    /// Verifies the signed review in a file, reading no more than the verifier accepts.
    pub fn verify_path(&mut self, path: &Path) -> Verification {
        let name = path.display().to_string();
        let read = File::open(path).and_then(|f| {
            let mut bytes = Vec::new();
            f.take(MAX_SIGNED_BYTES as u64 + 1)
                .read_to_end(&mut bytes)?;
            Ok(bytes)
        });
        match read {
            Ok(bytes) => self.verify_file(&name, &bytes),
            Err(e) => Verification::invalid(&name, format!("cannot read the file: {e}"), "read"),
        }
    }

    /// Marks a signer key met before as trusted (or not).
    pub fn trust_key(&mut self, kid: &str, trusted: bool) -> Result<(), DeskError> {
        Ok(self.store.set_trusted(kid, trusted)?)
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
