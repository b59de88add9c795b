//! Keys in the store: the user's own signing keys, sealed by their passphrase, and the signer
//! keys met in verified files, so that a verdict can say whether a key was seen before.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::{now, Store, StoreError};

/// One of the user's signing keys, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnKey {
    /// Key id: the JWK thumbprint (RFC 7638).
    pub kid: String,
    /// The public key as a JWK (JSON text).
    pub public_jwk: String,
    /// When it was made.
    pub created_at: String,
    /// When a newer key replaced it.
    pub retired_at: Option<String>,
    /// For a replacement key: the statement signed with the key it replaced.
    pub endorsement: Option<String>,
}

/// A signer key met in a verified file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownKey {
    /// Key id.
    pub kid: String,
    /// The public key as a JWK (JSON text).
    pub public_jwk: String,
    /// The signer identity last seen with it (JSON text).
    pub signer: String,
    /// When it was first seen.
    pub first_seen: String,
    /// When it was last seen.
    pub last_seen: String,
    /// How many verified files carried it.
    pub seen_count: u64,
    /// Whether the user marked it trusted after checking its fingerprint.
    pub trusted: bool,
    /// The key that endorsed it (a rotation), by id, when a verified endorsement came with it.
    pub endorsed_by: Option<String>,
    /// The Member State (ISO3) of the last review it signed.
    pub member_state: Option<String>,
}

/// A key met in a verified file, to be remembered (see [`Store::remember_keys`]).
#[derive(Debug, Clone)]
pub struct SeenKey {
    /// Key id.
    pub kid: String,
    /// The public key as a JWK (JSON text).
    pub public_jwk: String,
    /// The signer identity the file named (JSON text).
    pub signer: String,
    /// The Member State of the review it signed, if any.
    pub member_state: Option<String>,
    /// A verified endorsement of this key: the endorsing key's id and the endorsement itself.
    pub endorsement: Option<(String, String)>,
    /// Whether to pin the key for its Member State (its signature was found valid).
    pub pin: bool,
}

const KNOWN_COLUMNS: &str =
    "kid, public_jwk, signer, first_seen, last_seen, seen_count, trusted, endorsed_by, member_state";

fn known_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KnownKey> {
    Ok(KnownKey {
        kid: r.get(0)?,
        public_jwk: r.get(1)?,
        signer: r.get(2)?,
        first_seen: r.get(3)?,
        last_seen: r.get(4)?,
        seen_count: r.get::<_, i64>(5)? as u64,
        trusted: r.get(6)?,
        endorsed_by: r.get(7)?,
        member_state: r.get(8)?,
    })
}

impl Store {
    /// The user's keys, newest first.
    pub fn own_keys(&self) -> Result<Vec<OwnKey>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT kid, public_jwk, created_at, retired_at, endorsement FROM own_keys
             ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OwnKey {
                kid: r.get(0)?,
                public_jwk: r.get(1)?,
                created_at: r.get(2)?,
                retired_at: r.get(3)?,
                endorsement: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The sealed (passphrase-protected) key file of one of the user's keys.
    pub fn sealed_key(&self, kid: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row("SELECT sealed FROM own_keys WHERE kid = ?1", [kid], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(kid.to_string()))
    }

    /// Stores a new key as the active one; the key it replaces, if any, is retired.
    pub fn add_own_key(
        &mut self,
        kid: &str,
        sealed: &[u8],
        public_jwk: &str,
        endorsement: Option<&str>,
    ) -> Result<(), StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE own_keys SET retired_at = ?1 WHERE retired_at IS NULL",
            [&at],
        )?;
        tx.execute(
            "INSERT INTO own_keys (kid, sealed, public_jwk, created_at, endorsement)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![kid, sealed, public_jwk, at, endorsement],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records, in one short transaction, that verified files carried these keys: each is
    /// counted as seen once more, with the signer and Member State it came with and, when a
    /// verified endorsement came too, the key that endorsed it. Seeing is never trusting.
    pub fn remember_keys(&mut self, keys: &[SeenKey]) -> Result<(), StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for k in keys {
            tx.execute(
                "INSERT INTO known_keys (kid, public_jwk, signer, first_seen, last_seen, seen_count,
                                         member_state)
                 VALUES (?1, ?2, ?3, ?4, ?4, 1, ?5)
                 ON CONFLICT(kid) DO UPDATE SET signer = excluded.signer,
                     last_seen = excluded.last_seen, seen_count = seen_count + 1,
                     member_state = coalesce(excluded.member_state, member_state)",
                params![k.kid, k.public_jwk, k.signer, at, k.member_state],
            )?;
            if let Some((by, jws)) = &k.endorsement {
                tx.execute(
                    "UPDATE known_keys SET endorsed_by = ?2, endorsement = ?3 WHERE kid = ?1",
                    params![k.kid, by, jws],
                )?;
            }
            if let (true, Some(ms)) = (k.pin, &k.member_state) {
                tx.execute(
                    "INSERT OR IGNORE INTO pins (member_state, kid, pinned_at) VALUES (?1, ?2, ?3)",
                    params![ms, k.kid, at],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A key met before, if it was.
    pub fn known_key(&self, kid: &str) -> Result<Option<KnownKey>, StoreError> {
        let sql = format!("SELECT {KNOWN_COLUMNS} FROM known_keys WHERE kid = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([kid], known_row).optional()?)
    }

    /// Every key met before, the most recently seen first.
    pub fn known_keys(&self) -> Result<Vec<KnownKey>, StoreError> {
        let sql = format!("SELECT {KNOWN_COLUMNS} FROM known_keys ORDER BY last_seen DESC, kid");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], known_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks a known key trusted or not; trusting it also pins it for the Member State it last
    /// signed for, and untrusting it removes its pins.
    pub fn set_trusted(&mut self, kid: &str, trusted: bool) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE known_keys SET trusted = ?2 WHERE kid = ?1",
            params![kid, trusted],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(kid.to_string()));
        }
        if trusted {
            tx.execute(
                "INSERT OR IGNORE INTO pins (member_state, kid, pinned_at)
                 SELECT member_state, kid, ?2 FROM known_keys
                 WHERE kid = ?1 AND member_state IS NOT NULL",
                params![kid, now()],
            )?;
        } else {
            tx.execute("DELETE FROM pins WHERE kid = ?1", [kid])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The keys pinned for a Member State: those whose reviews for it were found valid here.
    pub fn pins(&self, member_state: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kid FROM pins WHERE member_state = ?1 ORDER BY pinned_at, kid",
        )?;
        let rows = stmt.query_map([member_state], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The keys that signed the submissions of a review, sent or received, oldest first.
    pub fn review_signers(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kid FROM submissions WHERE review_id = ?1 AND kid IS NOT NULL
             GROUP BY kid ORDER BY min(created_at)",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
