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
    /// Whether the user marked it trusted.
    pub trusted: bool,
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

    /// Records that a verified file carried this key; returns the record as it was before
    /// (None: never seen).
    pub fn remember_key(
        &mut self,
        kid: &str,
        public_jwk: &str,
        signer: &str,
    ) -> Result<Option<KnownKey>, StoreError> {
        let before = self.known_key(kid)?;
        self.conn.execute(
            "INSERT INTO known_keys (kid, public_jwk, signer, first_seen, last_seen, seen_count)
             VALUES (?1, ?2, ?3, ?4, ?4, 1)
             ON CONFLICT(kid) DO UPDATE SET signer = excluded.signer,
                 last_seen = excluded.last_seen, seen_count = seen_count + 1",
            params![kid, public_jwk, signer, now()],
        )?;
        Ok(before)
    }

    /// A key met before, if it was.
    pub fn known_key(&self, kid: &str) -> Result<Option<KnownKey>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT kid, public_jwk, signer, first_seen, last_seen, seen_count, trusted
                 FROM known_keys WHERE kid = ?1",
                [kid],
                |r| {
                    Ok(KnownKey {
                        kid: r.get(0)?,
                        public_jwk: r.get(1)?,
                        signer: r.get(2)?,
                        first_seen: r.get(3)?,
                        last_seen: r.get(4)?,
                        seen_count: r.get::<_, i64>(5)? as u64,
                        trusted: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Marks a known key trusted or not.
    pub fn set_trusted(&mut self, kid: &str, trusted: bool) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE known_keys SET trusted = ?2 WHERE kid = ?1",
            params![kid, trusted],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(kid.to_string()));
        }
        Ok(())
    }
}
