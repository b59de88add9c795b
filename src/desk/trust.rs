//! What this machine trusts: its own keys, keys the user marked trusted after checking their
//! fingerprint, and keys endorsed by one of those. Seeing a key, however often, is not trusting
//! it. Keys are pinned per Member State, as SSH pins host keys, so that a new key for the same
//! sender is called out.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Desk, DeskError};
use crate::sign::{fingerprint_groups, verify_endorsement, PublicKey};
use crate::store::{KnownKey, SeenKey, StoreError};
use crate::template::member_state_name;

/// The longest chain of endorsements followed from a key to one that is trusted.
const MAX_CHAIN: usize = 16;

/// How far this machine trusts a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyTrust {
    /// One of this machine's own signing keys.
    Own,
    /// The user checked its fingerprint and marked it trusted.
    Trusted,
    /// Endorsed (a key rotation) by a key that is own or trusted, directly or through a chain.
    Endorsed,
    /// Met in verified files before, never trusted.
    Seen,
    /// Never met on this machine.
    New,
}

impl KeyTrust {
    /// True for the levels that make a signature "valid".
    pub fn is_trusted(self) -> bool {
        matches!(self, KeyTrust::Own | KeyTrust::Trusted | KeyTrust::Endorsed)
    }
}

/// A Member State whose reviews were signed with other keys than this one, none of which
/// endorsed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyChange {
    /// The Member State, as ISO3.
    pub member_state: String,
    /// The fingerprints of the keys pinned for it.
    pub pinned: Vec<String>,
    /// The fingerprint of the key that signed this file.
    pub incoming: String,
    /// The warning in one line.
    pub message: String,
}

/// A key met in verified files, as `keys known` and Settings list it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownKeyInfo {
    /// Key id.
    pub kid: String,
    /// The fingerprint in groups, to read aloud.
    pub fingerprint: String,
    /// The signer's name, title and ministry as last seen.
    pub signer: String,
    /// The Member State (ISO3) it last signed for.
    pub member_state: Option<String>,
    /// How far it is trusted.
    pub trust: KeyTrust,
    /// The fingerprint of the key that endorsed it, if one did.
    pub endorsed_by: Option<String>,
    /// How many verified files carried it.
    pub seen_count: u64,
    /// When it was last seen.
    pub last_seen: String,
}

/// What a batch of verifications learnt before it is recorded: pins and endorsements that the
/// next files of the same batch must already see. A batch reads the store and writes nothing
/// until it ends (`remember_keys`), so what it read of the keys is kept for its next files:
/// a folder signed with one key asks the store about that key once, not once per file.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// (Member State, kid) pairs to pin.
    pub pins: BTreeSet<(String, String)>,
    /// Endorsed kid → endorsing kid.
    pub endorsed_by: BTreeMap<String, String>,
    /// The keys to remember, in order.
    pub seen: Vec<SeenKey>,
    /// How many of `seen` carry each kid.
    seen_count: HashMap<String, u64>,
    /// The store's answers so far in this batch.
    read: RefCell<StoreReads>,
}

/// What a batch read of the store's keys: never written before the batch ends.
#[derive(Debug, Default)]
struct StoreReads {
    /// The kids of this machine's own keys.
    own: Option<Vec<String>>,
    /// Known keys by kid (None: not known).
    known: HashMap<String, Option<KnownKey>>,
    /// Pinned kids by Member State.
    pins: HashMap<String, Vec<String>>,
}

impl Pending {
    /// Adds a key met, to be remembered when the batch ends.
    pub fn see(&mut self, key: SeenKey) {
        *self.seen_count.entry(key.kid.clone()).or_default() += 1;
        self.seen.push(key);
    }

    /// How many files of this batch carried `kid` so far.
    pub fn times_seen(&self, kid: &str) -> u64 {
        self.seen_count.get(kid).copied().unwrap_or(0)
    }
}

/// The fingerprint of a kid in groups, or the kid itself if it is not one.
pub(super) fn groups(kid: &str) -> String {
    fingerprint_groups(kid).unwrap_or_else(|| kid.to_string())
}

/// A fingerprint or kid as typed: groups with or without hyphens, any case.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Desk {
    /// Whether `kid` is one of this machine's own keys (active or replaced).
    fn is_own(&self, kid: &str, pending: &Pending) -> Result<bool, StoreError> {
        let mut read = pending.read.borrow_mut();
        if read.own.is_none() {
            read.own = Some(self.store.own_keys()?.into_iter().map(|k| k.kid).collect());
        }
        Ok(read.own.iter().flatten().any(|own| own == kid))
    }

    /// The key `kid` as the store knows it, read once per batch.
    pub(super) fn known(
        &self,
        kid: &str,
        pending: &Pending,
    ) -> Result<Option<KnownKey>, StoreError> {
        let mut read = pending.read.borrow_mut();
        if let Some(known) = read.known.get(kid) {
            return Ok(known.clone());
        }
        let known = self.store.known_key(kid)?;
        read.known.insert(kid.to_string(), known.clone());
        Ok(known)
    }

    /// The kids pinned for a Member State in the store, read once per batch.
    fn stored_pins(&self, iso3: &str, pending: &Pending) -> Result<Vec<String>, StoreError> {
        let mut read = pending.read.borrow_mut();
        if let Some(pins) = read.pins.get(iso3) {
            return Ok(pins.clone());
        }
        let pins = self.store.pins(iso3)?;
        read.pins.insert(iso3.to_string(), pins.clone());
        Ok(pins)
    }

    fn endorser(&self, kid: &str, pending: &Pending) -> Result<Option<String>, StoreError> {
        if let Some(by) = pending.endorsed_by.get(kid) {
            return Ok(Some(by.clone()));
        }
        Ok(self.known(kid, pending)?.and_then(|k| k.endorsed_by))
    }

    /// The keys endorsement leads back to from `kid`, nearest first, without `kid` itself.
    pub(super) fn ancestors(
        &self,
        kid: &str,
        pending: &Pending,
    ) -> Result<Vec<String>, StoreError> {
        let mut chain = Vec::new();
        let mut current = kid.to_string();
        while chain.len() < MAX_CHAIN {
            match self.endorser(&current, pending)? {
                Some(by) if by != kid && !chain.contains(&by) => {
                    chain.push(by.clone());
                    current = by;
                }
                _ => break,
            }
        }
        Ok(chain)
    }

    /// How far this machine trusts `kid`, and the trusted key that endorsed it, if that is
    /// where its trust comes from.
    pub(super) fn trust_of(
        &self,
        kid: &str,
        pending: &Pending,
    ) -> Result<(KeyTrust, Option<String>), StoreError> {
        let direct = |kid: &str| -> Result<Option<KeyTrust>, StoreError> {
            if self.is_own(kid, pending)? {
                return Ok(Some(KeyTrust::Own));
            }
            Ok(self
                .known(kid, pending)?
                .filter(|k| k.trusted)
                .map(|_| KeyTrust::Trusted))
        };
        if let Some(level) = direct(kid)? {
            return Ok((level, None));
        }
        for by in self.ancestors(kid, pending)? {
            if direct(&by)?.is_some() {
                return Ok((KeyTrust::Endorsed, Some(by)));
            }
        }
        let seen = self.known(kid, pending)?.is_some_and(|k| k.seen_count > 0)
            || pending.times_seen(kid) > 0;
        Ok((if seen { KeyTrust::Seen } else { KeyTrust::New }, None))
    }

    /// The keys pinned for a Member State that neither are `kid` nor endorsed it: empty when
    /// nothing is pinned, or `kid` is pinned or descends from a pinned key.
    pub(super) fn key_change(
        &self,
        iso3: &str,
        kid: &str,
        pending: &Pending,
    ) -> Result<Option<KeyChange>, StoreError> {
        if iso3.is_empty() || self.is_own(kid, pending)? {
            return Ok(None);
        }
        let mut pinned = self.stored_pins(iso3, pending)?;
        pinned.extend(
            pending
                .pins
                .iter()
                .filter(|(ms, k)| ms == iso3 && !pinned.contains(k))
                .map(|(_, k)| k.clone())
                .collect::<Vec<_>>(),
        );
        if pinned.is_empty() || pinned.iter().any(|p| p == kid) {
            return Ok(None);
        }
        if self
            .ancestors(kid, pending)?
            .iter()
            .any(|a| pinned.contains(a))
        {
            return Ok(None);
        }
        let name = member_state_name(iso3, "en");
        let pinned: Vec<String> = pinned.iter().map(|k| groups(k)).collect();
        let incoming = groups(kid);
        let message = format!(
            "{name}'s reviews were signed with key {}; this one with {incoming}, not endorsed by it: \
             check the new key's fingerprint with the sender before trusting it",
            pinned.join(" or ")
        );
        Ok(Some(KeyChange {
            member_state: iso3.to_string(),
            pinned,
            incoming,
            message,
        }))
    }

    /// The id of the known key a kid, a kid prefix or a fingerprint (groups, hyphens optional)
    /// names.
    pub fn resolve_key(&self, query: &str) -> Result<String, DeskError> {
        let wanted = normalised(query);
        if wanted.len() < 8 {
            return Err(DeskError::KeyNotFound(query.to_string()));
        }
        let matches: Vec<KnownKey> = self
            .store
            .known_keys()?
            .into_iter()
            .filter(|k| {
                normalised(&groups(&k.kid)).starts_with(&wanted)
                    || normalised(&k.kid).starts_with(&wanted)
            })
            .collect();
        match &matches[..] {
            [one] => Ok(one.kid.clone()),
            [] => Err(DeskError::KeyNotFound(query.to_string())),
            _ => Err(DeskError::AmbiguousKey(query.to_string())),
        }
    }

    /// Marks a known key trusted (after the user checked its fingerprint with its holder) or
    /// no longer trusted. `key` is a kid, a kid prefix or a fingerprint.
    pub fn trust_key(&mut self, key: &str, trusted: bool) -> Result<KnownKeyInfo, DeskError> {
        let kid = self.resolve_key(key)?;
        self.store.set_trusted(&kid, trusted)?;
        self.known_keys()?
            .into_iter()
            .find(|k| k.kid == kid)
            .ok_or_else(|| DeskError::KeyNotFound(key.to_string()))
    }

    /// Every key met in verified files, the most recently seen first, with how far it is
    /// trusted.
    pub fn known_keys(&self) -> Result<Vec<KnownKeyInfo>, DeskError> {
        let pending = Pending::default();
        self.store
            .known_keys()?
            .into_iter()
            .map(|k| {
                let (trust, by) = self.trust_of(&k.kid, &pending)?;
                let signer = serde_json::from_str::<crate::sign::Signer>(&k.signer)
                    .map(|s| {
                        [s.name, s.title, s.ministry]
                            .into_iter()
                            .filter(|s| !s.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                Ok(KnownKeyInfo {
                    fingerprint: groups(&k.kid),
                    endorsed_by: by.or(k.endorsed_by).map(|b| groups(&b)),
                    kid: k.kid,
                    signer,
                    member_state: k.member_state,
                    trust,
                    seen_count: k.seen_count,
                    last_seen: k.last_seen,
                })
            })
            .collect()
    }

    /// Reads a public key file (`gcm-review keys export-public`, or `signer-key.jwk.json` from
    /// a package): the key is remembered as seen, and an endorsement that comes with it is
    /// verified first; a forged or broken one is refused and nothing is recorded.
    pub fn import_public_key(&mut self, bytes: &[u8]) -> Result<KnownKeyInfo, DeskError> {
        const MAX_KEY_FILE: usize = 64 * 1024;
        let bad = |why: &str| DeskError::NotAKey(why.to_string());
        if bytes.len() > MAX_KEY_FILE {
            return Err(bad("it is far larger than a public key file"));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| bad("it is not JSON"))?;
        let key = PublicKey::from_jwk(&value).map_err(|_| bad("it is not an Ed25519 JWK"))?;
        let kid = key.kid();
        if let Some(stated) = value.get("kid").and_then(|k| k.as_str()) {
            if stated != kid {
                return Err(bad("its \"kid\" is not the key's thumbprint"));
            }
        }
        let endorsement = match value.get("endorsement") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(jws)) => {
                let e = verify_endorsement(jws)
                    .map_err(|e| DeskError::BadEndorsement(e.to_string()))?;
                if e.new_kid != kid {
                    return Err(DeskError::BadEndorsement(
                        "it endorses another key than the one in the file".into(),
                    ));
                }
                Some((e.old_kid, e.jws))
            }
            Some(_) => return Err(DeskError::BadEndorsement("it is not text".into())),
        };
        let previous = self.store.known_key(&kid)?;
        self.store.remember_keys(&[SeenKey {
            kid: kid.clone(),
            public_jwk: key.jwk().to_string(),
            signer: previous.map_or_else(|| "{}".to_string(), |k| k.signer),
            member_state: None,
            endorsement,
            pin: false,
        }])?;
        self.known_keys()?
            .into_iter()
            .find(|k| k.kid == kid)
            .ok_or_else(|| DeskError::KeyNotFound(kid))
    }
}
