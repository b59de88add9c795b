//! The merge of a contribution response, as one revision in one transaction: who wrote the
//! text it took, the conflicts it left open and their resolution, and what provenance is read
//! from.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::Value;

use super::contrib::{from_json, insert_response, to_json, NewResponse};
use super::history::{self, RevisionKind};
use super::{now, Store, StoreError};
use crate::review::Values;

/// Who wrote a revision's text of a field: the entity and the request, when a merge took it.
pub type Authors = BTreeMap<(u64, String), (String, String)>;

/// A conflict of a merge, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRecord {
    /// Its id.
    pub id: i64,
    /// The field.
    pub path: String,
    /// The response it came from, by digest.
    pub response: String,
    /// The request that response answered.
    pub request_id: String,
    /// The entity that returned it.
    pub entity_id: String,
    /// The answer the request carried (`null`: unanswered).
    pub base: Value,
    /// The contributor's answer (`null`: emptied).
    pub theirs: Value,
    /// The contributor's comment on the field, if any.
    pub comment: Option<String>,
    /// The revision of the merge that found it.
    pub opened_revision: u64,
}

/// A conflict found by a merge: left open, or resolved at once with `resolution`.
#[derive(Debug, Clone)]
pub struct NewConflict<'a> {
    /// The field.
    pub path: &'a str,
    /// The base answer.
    pub base: &'a Value,
    /// The contributor's answer.
    pub theirs: &'a Value,
    /// The contributor's comment on it.
    pub comment: Option<&'a str>,
    /// How it was resolved (`theirs`, `mine`, `edited`), or `None` to leave it open.
    pub resolution: Option<&'a str>,
}

/// Everything one merge writes, in one transaction.
#[derive(Debug, Clone)]
pub struct MergeWrite<'a> {
    /// The review.
    pub review: &'a str,
    /// The revision the preview was made at: if the review moved on since, nothing is written.
    pub head: u64,
    /// History's entry.
    pub kind: RevisionKind,
    /// The answers the merge writes (null clears).
    pub changes: &'a Values,
    /// The paths among them whose new text the entity wrote.
    pub authored: &'a [String],
    /// The entity.
    pub entity_id: &'a str,
    /// The response, kept with the merge.
    pub response: NewResponse<'a>,
    /// What the merge did, for the response's record.
    pub outcome: &'a Value,
    /// The conflicts it found.
    pub conflicts: &'a [NewConflict<'a>],
    /// The key to pin for the entity (its first response, or a change the user confirmed).
    pub pin: Option<&'a str>,
}

/// Resolutions of open conflicts, in one transaction.
#[derive(Debug, Clone)]
pub struct ResolveWrite<'a> {
    /// The review.
    pub review: &'a str,
    /// History's entry, if the resolutions change answers.
    pub kind: RevisionKind,
    /// The answers written (null clears); none: no revision is made.
    pub changes: &'a Values,
    /// Paths whose new text an entity wrote: (path, entity, request).
    pub authored: &'a [(String, String, String)],
    /// The conflicts resolved, with how.
    pub resolved: &'a [(i64, &'a str)],
}

/// The conflicts a merge found, at `revision`. A newer response of the same request settles
/// first what the older ones left open on the fields it addresses.
fn write_conflicts(
    conn: &Connection,
    merge: &MergeWrite<'_>,
    revision: u64,
) -> Result<(), StoreError> {
    let settled = merge
        .conflicts
        .iter()
        .map(|c| c.path)
        .chain(merge.authored.iter().map(String::as_str));
    for path in settled {
        conn.execute(
            "UPDATE contribution_conflicts SET resolved_revision = ?4, resolution = 'superseded'
             WHERE review_id = ?1 AND path = ?2 AND resolved_revision IS NULL
               AND response IN
                 (SELECT digest FROM contribution_responses WHERE request_id = ?3)",
            params![
                merge.review,
                path,
                merge.response.request_id,
                revision as i64
            ],
        )?;
    }
    for c in merge.conflicts {
        conn.execute(
            "INSERT INTO contribution_conflicts (review_id, path, response, base, theirs,
               comment, opened_revision, resolved_revision, resolution)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                merge.review,
                c.path,
                merge.response.digest,
                c.base.to_string(),
                c.theirs.to_string(),
                c.comment,
                revision as i64,
                c.resolution.map(|_| revision as i64),
                c.resolution
            ],
        )?;
    }
    Ok(())
}

/// The head of a review that exists and is not in the trash.
pub(super) fn live_head(conn: &Connection, review: &str) -> Result<u64, StoreError> {
    let (head, deleted): (i64, Option<String>) = conn
        .query_row(
            "SELECT head, deleted_at FROM reviews WHERE id = ?1",
            [review],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(review.to_string()))?;
    if deleted.is_some() {
        return Err(StoreError::InTrash);
    }
    Ok(head as u64)
}

impl Store {
    /// Writes a merge: one revision with its changes (made even when nothing is taken, so that
    /// History names the entity), who wrote what, the response kept and marked merged, the
    /// conflicts found, and the entity's key pinned, all in one transaction. Refused, with
    /// nothing written, when the review moved on since the preview or the response was merged
    /// before. Returns the new revision.
    pub fn apply_merge(&mut self, merge: &MergeWrite<'_>) -> Result<u64, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let head = live_head(&tx, merge.review)?;
        if head != merge.head {
            let changed = history::paths_changed_since(&tx, merge.review, merge.head.min(head))?;
            let values = history::values_of(&tx, merge.review, changed.iter())?;
            return Err(StoreError::Conflict {
                version: head,
                values,
            });
        }
        let merged: Option<Option<i64>> = tx
            .query_row(
                "SELECT merged_revision FROM contribution_responses WHERE digest = ?1",
                [merge.response.digest],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(Some(_)) = merged {
            return Err(StoreError::AlreadyImported(
                merge.response.digest.to_string(),
            ));
        }
        let revision = head + 1;
        history::write_revision(&tx, merge.review, revision, &at, &merge.kind, merge.changes)?;
        for path in merge.authored {
            tx.execute(
                "INSERT INTO field_authors (review_id, revision, path, entity_id, request_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    merge.review,
                    revision as i64,
                    path,
                    merge.entity_id,
                    merge.response.request_id
                ],
            )?;
        }
        insert_response(&tx, &merge.response)?;
        tx.execute(
            "UPDATE contribution_responses SET merged_revision = ?2, outcome = ?3 WHERE digest = ?1",
            params![
                merge.response.digest,
                revision as i64,
                to_json(merge.outcome)?
            ],
        )?;
        write_conflicts(&tx, merge, revision)?;
        if let Some(kid) = merge.pin {
            tx.execute(
                "UPDATE contributors SET kid = ?3 WHERE review_id = ?1 AND id = ?2",
                params![merge.review, merge.entity_id, kid],
            )?;
        }
        tx.commit()?;
        Ok(revision)
    }

    /// The conflicts of a review that are still open, oldest first.
    pub fn open_conflicts(&self, review: &str) -> Result<Vec<ConflictRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.path, c.response, q.id, q.entity_id, c.base, c.theirs, c.comment,
                    c.opened_revision
             FROM contribution_conflicts c
             JOIN contribution_responses r ON r.digest = c.response
             JOIN contribution_requests q ON q.id = r.request_id
             WHERE c.review_id = ?1 AND c.resolved_revision IS NULL ORDER BY c.id",
        )?;
        let rows = stmt.query_map([review], |r| {
            Ok((
                ConflictRecord {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    response: r.get(2)?,
                    request_id: r.get(3)?,
                    entity_id: r.get(4)?,
                    base: Value::Null,
                    theirs: Value::Null,
                    comment: r.get(7)?,
                    opened_revision: r.get::<_, i64>(8)? as u64,
                },
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (mut c, base, theirs) = row?;
            c.base = from_json("a conflict's base", &base)?;
            c.theirs = from_json("a conflict's answer", &theirs)?;
            Ok(c)
        })
        .collect()
    }

    /// Resolves open conflicts: one revision if answers change (with who wrote them), each
    /// conflict marked resolved, in one transaction. Returns the review's newest revision.
    pub fn resolve_conflicts(&mut self, resolve: &ResolveWrite<'_>) -> Result<u64, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut head = live_head(&tx, resolve.review)?;
        let current = history::values_of(&tx, resolve.review, resolve.changes.keys())?;
        let effective: Values = resolve
            .changes
            .iter()
            .filter(|(p, v)| current.get(*p).unwrap_or(&Value::Null) != *v)
            .map(|(p, v)| (p.clone(), v.clone()))
            .collect();
        if !effective.is_empty() {
            head += 1;
            history::write_revision(&tx, resolve.review, head, &at, &resolve.kind, &effective)?;
            for (path, entity, request) in resolve.authored {
                if effective.contains_key(path) {
                    tx.execute(
                        "INSERT OR REPLACE INTO field_authors
                           (review_id, revision, path, entity_id, request_id)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![resolve.review, head as i64, path, entity, request],
                    )?;
                }
            }
        }
        for (id, how) in resolve.resolved {
            tx.execute(
                "UPDATE contribution_conflicts SET resolved_revision = ?3, resolution = ?4
                 WHERE review_id = ?1 AND id = ?2 AND resolved_revision IS NULL",
                params![resolve.review, id, head as i64, how],
            )?;
        }
        tx.commit()?;
        Ok(head)
    }

    /// Who wrote each revision's text of each field, where a merge took it from an entity.
    pub fn field_authors(&self, review: &str) -> Result<Authors, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, path, entity_id, request_id FROM field_authors WHERE review_id = ?1",
        )?;
        let rows = stmt.query_map([review], |r| {
            Ok((
                (r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?),
                (r.get::<_, String>(2)?, r.get::<_, String>(3)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// For each field of a review, the newest revision at or before `upto` that changed it.
    pub fn last_changes(
        &self,
        review: &str,
        upto: u64,
    ) -> Result<BTreeMap<String, u64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, MAX(revision) FROM changes WHERE review_id = ?1 AND revision <= ?2
             GROUP BY path",
        )?;
        let rows = stmt.query_map(params![review, upto as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// For each field of a review, every revision that changed it, oldest first.
    pub fn change_revisions(&self, review: &str) -> Result<BTreeMap<String, Vec<u64>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, revision FROM changes WHERE review_id = ?1 ORDER BY path, revision",
        )?;
        let mut out: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        let rows = stmt.query_map([review], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        for row in rows {
            let (path, revision) = row?;
            out.entry(path).or_default().push(revision);
        }
        Ok(out)
    }

    /// Why each revision of a review was made, by number.
    pub fn revision_kinds(&self, review: &str) -> Result<BTreeMap<u64, RevisionKind>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT number, kind, source FROM revisions WHERE review_id = ?1")?;
        let rows = stmt.query_map([review], |r| {
            Ok((
                r.get::<_, i64>(0)? as u64,
                RevisionKind::from_columns(&r.get::<_, String>(1)?, r.get(2)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
