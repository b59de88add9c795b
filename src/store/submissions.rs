//! Packages sent and received: which revision each one holds, the hash that identifies it, and
//! the file itself, kept so that what was submitted can always be shown and checked again.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

use super::history::{self, RevisionKind};
use super::{hash_of, now, ReviewRecord, Store, StoreError};
use crate::review::{SignOff, Values};

/// Whether a package left this machine or arrived on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Made here (exported as a package).
    Sent,
    /// Imported from a package or a JSON file.
    Received,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
        }
    }
}

/// A package sent or received, as History shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Submission {
    /// The revision it holds.
    pub revision: u64,
    /// SHA-256 of the signed review (or, unsigned, of the canonical document): what a later
    /// document's `supersedes` names.
    pub digest: String,
    /// Sent or received.
    pub direction: Direction,
    /// Whether its signature was verified (false: unsigned JSON, shown as unverified).
    pub verified: bool,
    /// Who signed it, by name.
    pub signer: Option<String>,
    /// Draft or final, as signed.
    pub status: Option<String>,
    /// The review cycle it was made for.
    pub cycle: Option<String>,
    /// When it was made or imported.
    pub created_at: String,
    /// When it was handed to the mail program, if it was.
    pub submitted_at: Option<String>,
    /// To whom.
    pub recipient: Option<String>,
    /// The id of the key that signed it (none: unsigned, or recorded before keys were).
    pub kid: Option<String>,
}

/// What an import or an export records.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    /// Its hash (see [`Submission::digest`]).
    pub digest: &'a str,
    /// Sent or received.
    pub direction: Direction,
    /// Whether its signature was verified.
    pub verified: bool,
    /// Who signed it.
    pub signer: Option<&'a str>,
    /// The id of the key that signed it.
    pub kid: Option<&'a str>,
    /// Draft or final.
    pub status: Option<&'a str>,
    /// Its cycle.
    pub cycle: Option<&'a str>,
    /// The signed (or unsigned) review file, kept as it was.
    pub file: &'a [u8],
}

/// A document's parts that are not answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMeta {
    /// The hash of the submission the review supersedes.
    pub supersedes: Option<String>,
    /// The sign-off records.
    pub signoff: Vec<SignOff>,
}

impl Store {
    /// The packages sent and received for a review, oldest first.
    pub fn submissions(&self, id: &str) -> Result<Vec<Submission>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, digest, direction, verified, signer, status, cycle, created_at,
                    submitted_at, recipient, kid
             FROM submissions WHERE review_id = ?1 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Submission {
                revision: r.get::<_, i64>(0)? as u64,
                digest: r.get(1)?,
                direction: if r.get::<_, String>(2)? == "sent" {
                    Direction::Sent
                } else {
                    Direction::Received
                },
                verified: r.get(3)?,
                signer: r.get(4)?,
                status: r.get(5)?,
                cycle: r.get(6)?,
                created_at: r.get(7)?,
                submitted_at: r.get(8)?,
                recipient: r.get(9)?,
                kid: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The review that holds a submission with this hash, and that submission.
    pub fn find_submission(
        &self,
        digest: &str,
    ) -> Result<Option<(String, Submission)>, StoreError> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT review_id FROM submissions WHERE digest = ?1 LIMIT 1",
                [digest],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        Ok(self
            .submissions(&id)?
            .into_iter()
            .find(|s| s.digest == digest)
            .map(|s| (id, s)))
    }

    /// The file kept for a submission.
    pub fn submission_file(&self, id: &str, digest: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row(
                "SELECT b.content FROM submissions s JOIN blobs b ON b.hash = s.file_hash
                 WHERE s.review_id = ?1 AND s.digest = ?2",
                params![id, digest],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(digest.to_string()))
    }

    /// Records a package made here from the review at `revision`, once its file exists.
    pub fn record_sent(
        &mut self,
        id: &str,
        revision: u64,
        sent: &NewSubmission<'_>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert(&tx, id, revision, sent)?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a package as handed to the mail program for `recipient`, with a milestone on its
    /// revision saying so.
    pub fn mark_submitted(
        &mut self,
        id: &str,
        digest: &str,
        recipient: &str,
        milestone: &str,
    ) -> Result<(), StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let revision: i64 = tx
            .query_row(
                "SELECT revision FROM submissions WHERE review_id = ?1 AND digest = ?2",
                params![id, digest],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(digest.to_string()))?;
        tx.execute(
            "UPDATE submissions SET submitted_at = ?3, recipient = ?4
             WHERE review_id = ?1 AND digest = ?2",
            params![id, digest, at, recipient],
        )?;
        tx.execute(
            "INSERT INTO milestones (review_id, revision, label, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, revision, milestone, at],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Imports a received document as a new "submitted" revision holding exactly `values`
    /// (creating the review if this store has never seen it), with its supersedes and sign-off,
    /// in one transaction. A document already imported is refused.
    pub fn import_submission(
        &mut self,
        id: &str,
        template: (&str, &str),
        created: &str,
        values: &Values,
        meta: &DocumentMeta,
        received: &NewSubmission<'_>,
    ) -> Result<ReviewRecord, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known: Option<(i64, Option<String>)> = tx
            .query_row(
                "SELECT head, deleted_at FROM reviews WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let revision = match known {
            Some((_, Some(_))) => return Err(StoreError::InTrash),
            Some((head, None)) => {
                let current = history::current_values(&tx, id)?;
                let mut changes: Values = current
                    .keys()
                    .filter(|p| !values.contains_key(*p))
                    .map(|p| (p.clone(), Value::Null))
                    .collect();
                for (path, value) in values {
                    if current.get(path) != Some(value) {
                        changes.insert(path.clone(), value.clone());
                    }
                }
                let number = head as u64 + 1;
                let kind = RevisionKind::Submitted {
                    digest: received.digest.to_string(),
                };
                history::write_revision(&tx, id, number, &at, &kind, &changes)?;
                tx.execute(
                    "UPDATE reviews SET template_id = ?2, template_version = ?3 WHERE id = ?1",
                    params![id, template.0, template.1],
                )?;
                number
            }
            None => {
                tx.execute(
                    "INSERT INTO reviews (id, template_id, template_version, created_at, updated_at, head)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0)",
                    params![id, template.0, template.1, created, at],
                )?;
                let kind = RevisionKind::Submitted {
                    digest: received.digest.to_string(),
                };
                history::write_revision(&tx, id, 1, &at, &kind, values)?;
                1
            }
        };
        set_meta(&tx, id, meta)?;
        insert(&tx, id, revision, received)?;
        tx.commit()?;
        self.record(id)
    }

    /// Starts the update of a submission: a new revision (with `changes`, e.g. the new cycle)
    /// whose document supersedes the submission `digest`.
    pub fn start_update(
        &mut self,
        id: &str,
        digest: &str,
        changes: &Values,
    ) -> Result<ReviewRecord, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let head: i64 = tx
            .query_row("SELECT head FROM reviews WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let kind = RevisionKind::Update {
            supersedes: digest.to_string(),
        };
        history::write_revision(&tx, id, head as u64 + 1, &at, &kind, changes)?;
        tx.execute(
            "UPDATE reviews SET supersedes = ?2 WHERE id = ?1",
            params![id, digest],
        )?;
        tx.commit()?;
        self.record(id)
    }

    /// What a review's document carries beyond its answers.
    pub fn document_meta(&self, id: &str) -> Result<DocumentMeta, StoreError> {
        let (supersedes, signoff): (Option<String>, Option<String>) = self
            .conn
            .query_row(
                "SELECT supersedes, signoff FROM reviews WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let signoff = match signoff {
            None => Vec::new(),
            Some(text) => serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("the sign-off records of review {id} are damaged: {e}"),
            })?,
        };
        Ok(DocumentMeta {
            supersedes,
            signoff,
        })
    }
}

fn set_meta(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    meta: &DocumentMeta,
) -> Result<(), StoreError> {
    let signoff = if meta.signoff.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&meta.signoff).map_err(|e| StoreError::Corrupt {
                path: std::path::PathBuf::new(),
                detail: e.to_string(),
            })?,
        )
    };
    tx.execute(
        "UPDATE reviews SET supersedes = ?2, signoff = ?3 WHERE id = ?1",
        params![id, meta.supersedes, signoff],
    )?;
    Ok(())
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    revision: u64,
    s: &NewSubmission<'_>,
) -> Result<(), StoreError> {
    let file_hash = hash_of(s.file);
    tx.execute(
        "INSERT OR IGNORE INTO blobs (hash, content) VALUES (?1, ?2)",
        params![file_hash, s.file],
    )?;
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO submissions
           (review_id, revision, digest, direction, verified, signer, status, cycle, file_hash,
            created_at, kid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            revision as i64,
            s.digest,
            s.direction.as_str(),
            s.verified,
            s.signer,
            s.status,
            s.cycle,
            file_hash,
            now(),
            s.kid
        ],
    )?;
    if inserted == 0 && s.direction == Direction::Received {
        return Err(StoreError::AlreadyImported(s.digest.to_string()));
    }
    Ok(())
}
