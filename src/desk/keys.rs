//! Who signs and with which key: the signer identity, the user's own signing keys (made,
//! sealed by a passphrase, rotated with an endorsement by the old key), and the public key the
//! secretariat needs.

use serde::Serialize;
use serde_json::Value;

use super::{Desk, DeskError};
use crate::sign::{
    endorse, fingerprint_groups, seal, unseal, KdfParams, Passphrase, Signer, SigningKey,
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

    pub(super) fn unseal_active(
        &self,
        passphrase: &Passphrase,
    ) -> Result<(OwnKey, SigningKey), DeskError> {
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

    /// Uses a cheaper key derivation (tests only need the format, not the cost).
    pub fn set_kdf(&mut self, kdf: KdfParams) {
        self.kdf = kdf;
    }
}
