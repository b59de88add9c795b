//! The sign-off of a review: the entities that must approve it, their approvals (each against
//! one revision and the fingerprint of its document, with the scanned page or the signed
//! approval file kept as a blob), and the coordinator's decisions to mark a revision final.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::{hash_of, Store, StoreError};
use crate::review::ApprovalMethod;

/// Where an entity on the sign-off list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntitySource {
    /// Added by hand.
    Manual,
    /// Taken from the review's contributors.
    Contributor,
}

impl EntitySource {
    fn as_str(self) -> &'static str {
        match self {
            EntitySource::Manual => "manual",
            EntitySource::Contributor => "contributor",
        }
    }
}

/// An entity that must approve the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignoffEntity {
    /// Its id (a UUID).
    pub id: String,
    /// The entity (ministry, office, local government).
    pub entity: String,
    /// Who approves for it.
    pub approver: String,
    /// Their title.
    pub title: String,
    /// Added by hand or taken from the contributors.
    pub source: EntitySource,
    /// When it was added.
    pub created_at: String,
}

/// An entity to add to the sign-off list.
#[derive(Debug, Clone)]
pub struct NewEntity<'a> {
    /// Its id (a UUID).
    pub id: &'a str,
    /// The entity.
    pub entity: &'a str,
    /// Who approves for it.
    pub approver: &'a str,
    /// Their title.
    pub title: &'a str,
    /// Where it came from.
    pub source: EntitySource,
    /// When.
    pub created_at: &'a str,
}

/// A file kept with an approval: the scanned page, or the signed approval file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInfo {
    /// Its file name, as given.
    pub name: String,
    /// `application/pdf`, `image/png`, `image/jpeg` or `application/json`.
    pub media_type: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// An approval as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRecord {
    /// Its id (a UUID).
    pub id: String,
    /// The entity it was given for, by id.
    pub entity_id: String,
    /// Who approved.
    pub approver: String,
    /// Their title.
    pub title: String,
    /// The revision approved.
    pub revision: u64,
    /// The fingerprint of the review document at that revision.
    pub fingerprint: String,
    /// How it was given.
    pub method: ApprovalMethod,
    /// When it was given: `YYYY-MM-DD` as the coordinator recorded it, or the RFC 3339 time
    /// in a signed approval file.
    pub date: String,
    /// The key that signed the approval file, for approvals given in the app.
    pub kid: Option<String>,
    /// The scanned page or the approval file kept with it.
    pub attachment: Option<AttachmentInfo>,
    /// When it was recorded here.
    pub recorded_at: String,
    /// Who recorded it (this machine's signer), if known.
    pub recorded_by: Option<String>,
}

/// An approval to record.
#[derive(Debug, Clone)]
pub struct NewApprovalRecord<'a> {
    /// Its id (a UUID).
    pub id: &'a str,
    /// The entity, by id.
    pub entity_id: &'a str,
    /// Who approved.
    pub approver: &'a str,
    /// Their title.
    pub title: &'a str,
    /// The revision approved.
    pub revision: u64,
    /// The fingerprint of its document.
    pub fingerprint: &'a str,
    /// How.
    pub method: ApprovalMethod,
    /// When it was given.
    pub date: &'a str,
    /// The key that signed an approval file.
    pub kid: Option<&'a str>,
    /// A file to keep with it: its name, media type and bytes.
    pub file: Option<(&'a str, &'a str, &'a [u8])>,
    /// When it is recorded.
    pub recorded_at: &'a str,
    /// Who records it.
    pub recorded_by: Option<&'a str>,
}

/// The coordinator's decision that a revision is final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalDecision {
    /// The revision marked final.
    pub revision: u64,
    /// Who decided (this machine's signer).
    pub decided_by: String,
    /// When (UTC, RFC 3339).
    pub decided_at: String,
    /// The warnings the coordinator saw and accepted (outstanding or stale approvals).
    pub accepted: Vec<String>,
}

const APPROVAL_COLUMNS: &str = "id, entity_id, approver, title, revision, fingerprint, method, \
     date, kid, file_hash, file_name, media_type, recorded_at, recorded_by";

fn approval_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApprovalRecord> {
    let method: String = r.get(6)?;
    let hash: Option<String> = r.get(9)?;
    let attachment = hash.map(|sha256| -> rusqlite::Result<AttachmentInfo> {
        Ok(AttachmentInfo {
            sha256,
            name: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            media_type: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
        })
    });
    Ok(ApprovalRecord {
        id: r.get(0)?,
        entity_id: r.get(1)?,
        approver: r.get(2)?,
        title: r.get(3)?,
        revision: r.get::<_, i64>(4)? as u64,
        fingerprint: r.get(5)?,
        method: ApprovalMethod::parse(&method).unwrap_or(ApprovalMethod::Paper),
        date: r.get(7)?,
        kid: r.get(8)?,
        attachment: attachment.transpose()?,
        recorded_at: r.get(12)?,
        recorded_by: r.get(13)?,
    })
}

impl Store {
    /// The entities that must approve a review, in the order they were added.
    pub fn signoff_entities(&self, review: &str) -> Result<Vec<SignoffEntity>, StoreError> {
        self.record(review)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, entity, approver, title, source, created_at FROM signoff_entities
             WHERE review_id = ?1 ORDER BY position, rowid",
        )?;
        let rows = stmt.query_map([review], |r| {
            Ok(SignoffEntity {
                id: r.get(0)?,
                entity: r.get(1)?,
                approver: r.get(2)?,
                title: r.get(3)?,
                source: if r.get::<_, String>(4)? == "contributor" {
                    EntitySource::Contributor
                } else {
                    EntitySource::Manual
                },
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds an entity at the end of a review's sign-off list; `None` if an entity of the same
    /// name (in any case) is on it already.
    pub fn add_signoff_entity(
        &mut self,
        review: &str,
        new: &NewEntity<'_>,
    ) -> Result<Option<SignoffEntity>, StoreError> {
        self.record(review)?;
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO signoff_entities
               (id, review_id, entity, approver, title, source, position, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM signoff_entities
                      WHERE review_id = ?2), ?7)",
            params![
                new.id,
                review,
                new.entity,
                new.approver,
                new.title,
                new.source.as_str(),
                new.created_at
            ],
        )?;
        if added == 0 {
            return Ok(None);
        }
        Ok(self
            .signoff_entities(review)?
            .into_iter()
            .find(|e| e.id == new.id))
    }

    /// Every approval recorded for a review, oldest first.
    pub fn approvals(&self, review: &str) -> Result<Vec<ApprovalRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE review_id = ?1
             ORDER BY recorded_at, rowid"
        ))?;
        let rows = stmt.query_map([review], approval_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records an approval, with the file kept beside it, in one transaction.
    pub fn record_approval(
        &mut self,
        review: &str,
        new: &NewApprovalRecord<'_>,
    ) -> Result<ApprovalRecord, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let hash = match new.file {
            Some((_, _, bytes)) => {
                let hash = hash_of(bytes);
                tx.execute(
                    "INSERT OR IGNORE INTO blobs (hash, content) VALUES (?1, ?2)",
                    params![hash, bytes],
                )?;
                Some(hash)
            }
            None => None,
        };
        tx.execute(
            "INSERT INTO approvals (id, review_id, entity_id, approver, title, revision,
                 fingerprint, method, date, kid, file_hash, file_name, media_type, recorded_at,
                 recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                new.id,
                review,
                new.entity_id,
                new.approver,
                new.title,
                new.revision as i64,
                new.fingerprint,
                new.method.as_str(),
                new.date,
                new.kid,
                hash,
                new.file.map(|f| f.0),
                new.file.map(|f| f.1),
                new.recorded_at,
                new.recorded_by
            ],
        )?;
        tx.commit()?;
        self.approvals(review)?
            .into_iter()
            .find(|a| a.id == new.id)
            .ok_or_else(|| StoreError::NotFound(new.id.to_string()))
    }

    /// The file kept with an approval.
    pub fn approval_file(&self, review: &str, approval: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row(
                "SELECT b.content FROM approvals a JOIN blobs b ON b.hash = a.file_hash
                 WHERE a.review_id = ?1 AND a.id = ?2",
                params![review, approval],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(approval.to_string()))
    }

    /// When revision `number` of a review was saved.
    pub fn revision_time(&self, review: &str, number: u64) -> Result<String, StoreError> {
        let newest = self.record(review)?.revision;
        self.conn
            .query_row(
                "SELECT created_at FROM revisions WHERE review_id = ?1 AND number = ?2",
                params![review, number as i64],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NoRevision {
                review: review.to_string(),
                revision: number,
                newest,
            })
    }

    /// The decisions to mark a revision of a review final, newest first.
    pub fn final_decisions(&self, review: &str) -> Result<Vec<FinalDecision>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, decided_by, decided_at, accepted FROM final_decisions
             WHERE review_id = ?1 ORDER BY revision DESC",
        )?;
        let rows = stmt.query_map([review], |r| {
            Ok((
                r.get::<_, i64>(0)? as u64,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (revision, decided_by, decided_at, accepted) = row?;
            let accepted = serde_json::from_str(&accepted).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("the final decision on revision {revision} is damaged: {e}"),
            })?;
            out.push(FinalDecision {
                revision,
                decided_by,
                decided_at,
                accepted,
            });
        }
        Ok(out)
    }

    /// The decision that marked revision `revision` of a review final, if one did.
    pub fn final_decision(
        &self,
        review: &str,
        revision: u64,
    ) -> Result<Option<FinalDecision>, StoreError> {
        let found: Option<String> = self
            .conn
            .query_row(
                "SELECT review_id FROM final_decisions WHERE review_id = ?1 AND revision = ?2",
                params![review, revision as i64],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_none() {
            return Ok(None);
        }
        Ok(self
            .final_decisions(review)?
            .into_iter()
            .find(|d| d.revision == revision))
    }

    /// Records that `decision.revision` (the newest) is final, with `milestone` on it, in one
    /// transaction. A revision marked final before keeps its first decision.
    pub fn record_final(
        &mut self,
        review: &str,
        decision: &FinalDecision,
        milestone: &str,
    ) -> Result<FinalDecision, StoreError> {
        let accepted =
            serde_json::to_string(&decision.accepted).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: e.to_string(),
            })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO final_decisions
               (review_id, revision, decided_by, decided_at, accepted)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                review,
                decision.revision as i64,
                decision.decided_by,
                decision.decided_at,
                accepted
            ],
        )?;
        if added > 0 {
            tx.execute(
                "INSERT INTO milestones (review_id, revision, label, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    review,
                    decision.revision as i64,
                    milestone,
                    decision.decided_at
                ],
            )?;
        }
        tx.commit()?;
        self.final_decisions(review)?
            .into_iter()
            .find(|d| d.revision == decision.revision)
            .ok_or_else(|| StoreError::NotFound(review.to_string()))
    }
}
