//! Revisions: writing one, reading a review as it was at any of them, milestones.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use super::{decode_values, hash_of, now, Store, StoreError, Submission};
use crate::review::Values;

/// Why a revision was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RevisionKind {
    /// The review was created.
    Create,
    /// An autosave batch, or a `set` from the command line.
    Edit,
    /// An earlier revision was restored.
    Restore {
        /// The revision restored.
        #[serde(rename = "restoredFrom")]
        from: u64,
    },
    /// The review was created as a copy of another.
    Duplicate {
        /// The review copied.
        #[serde(rename = "duplicatedFrom")]
        from: String,
    },
    /// A submitted review was imported from a package or JSON file.
    Submitted {
        /// The hash of the imported document (see [`crate::store::Submission`]).
        #[serde(rename = "submittedDigest")]
        digest: String,
    },
    /// The review was created, or a revision of it made, from a document imported from
    /// outside the app (History: "imported from <file name>").
    ImportedDocument {
        /// The document's file name.
        #[serde(rename = "importedFrom")]
        file: String,
    },
    /// An update of a submitted review was started; its document supersedes that submission.
    Update {
        /// The hash of the submission it supersedes.
        supersedes: String,
    },
    /// A contribution workspace was opened from a request (History: "opened from request").
    OpenedRequest {
        /// The request's id.
        request: String,
    },
    /// A contributing entity's response was merged (History: "merged from <entity>").
    Merge {
        /// The entity's name.
        entity: String,
        /// The request the response answered, by id.
        request: String,
        /// Where the response came from when it was not the app's signed file: "Word
        /// document from <entity>, received <date>".
        #[serde(skip_serializing_if = "Option::is_none")]
        provenance: Option<String>,
    },
    /// Conflicts a merge left open were resolved.
    Resolve {
        /// The names of the entities whose conflicts were resolved.
        entities: Vec<String>,
    },
}

impl RevisionKind {
    pub(super) fn to_columns(&self) -> (&'static str, Option<String>) {
        match self {
            RevisionKind::Create => ("create", None),
            RevisionKind::Edit => ("edit", None),
            RevisionKind::Restore { from } => ("restore", Some(from.to_string())),
            RevisionKind::Duplicate { from } => ("duplicate", Some(from.clone())),
            RevisionKind::Submitted { digest } => ("submitted", Some(digest.clone())),
            RevisionKind::Update { supersedes } => ("update", Some(supersedes.clone())),
            RevisionKind::ImportedDocument { file } => ("imported_document", Some(file.clone())),
            RevisionKind::OpenedRequest { request } => ("opened_request", Some(request.clone())),
            RevisionKind::Merge {
                entity,
                request,
                provenance,
            } => {
                let mut source = serde_json::json!({ "entity": entity, "request": request });
                if let Some(p) = provenance {
                    source["provenance"] = Value::String(p.clone());
                }
                ("merge", Some(source.to_string()))
            }
            RevisionKind::Resolve { entities } => {
                ("resolve", Some(serde_json::json!(entities).to_string()))
            }
        }
    }

    pub(super) fn from_columns(kind: &str, source: Option<String>) -> RevisionKind {
        match (kind, source) {
            ("restore", Some(s)) => RevisionKind::Restore {
                from: s.parse().unwrap_or(0),
            },
            ("duplicate", Some(s)) => RevisionKind::Duplicate { from: s },
            ("submitted", Some(digest)) => RevisionKind::Submitted { digest },
            ("update", Some(supersedes)) => RevisionKind::Update { supersedes },
            ("imported_document", Some(file)) => RevisionKind::ImportedDocument { file },
            ("opened_request", Some(request)) => RevisionKind::OpenedRequest { request },
            ("merge", Some(source)) => {
                let source: Value = serde_json::from_str(&source).unwrap_or_default();
                let text = |key: &str| source[key].as_str().unwrap_or_default().to_string();
                RevisionKind::Merge {
                    entity: text("entity"),
                    request: text("request"),
                    provenance: source["provenance"].as_str().map(str::to_string),
                }
            }
            ("resolve", Some(source)) => RevisionKind::Resolve {
                entities: serde_json::from_str(&source).unwrap_or_default(),
            },
            ("create", _) => RevisionKind::Create,
            _ => RevisionKind::Edit,
        }
    }
}

/// One revision as the History panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RevisionInfo {
    /// Its number, from 1.
    pub number: u64,
    /// When it was saved (UTC, RFC 3339).
    pub created_at: String,
    /// Why it was made.
    #[serde(flatten)]
    pub kind: RevisionKind,
    /// The field paths it changed.
    pub paths: Vec<String>,
    /// The milestone labels put on it.
    pub milestones: Vec<String>,
    /// The package sent or received at this revision, if any (the newest, if several).
    pub submission: Option<Submission>,
}

/// Records revision `number` of review `id` with `values` (null: cleared) and makes it the head.
pub(super) fn write_revision(
    conn: &Connection,
    id: &str,
    number: u64,
    at: &str,
    kind: &RevisionKind,
    values: &Values,
) -> Result<(), StoreError> {
    let (kind, source) = kind.to_columns();
    conn.prepare_cached(
        "INSERT INTO revisions (review_id, number, created_at, kind, source) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, number as i64, at, kind, source])?;
    let mut put_blob =
        conn.prepare_cached("INSERT OR IGNORE INTO blobs (hash, content) VALUES (?1, ?2)")?;
    let mut put_change = conn.prepare_cached(
        "INSERT INTO changes (review_id, revision, path, hash) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut put_current = conn.prepare_cached(
        "INSERT INTO current (review_id, path, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT(review_id, path) DO UPDATE SET hash = excluded.hash",
    )?;
    let mut clear_current =
        conn.prepare_cached("DELETE FROM current WHERE review_id = ?1 AND path = ?2")?;
    for (path, value) in values {
        if value.is_null() {
            put_change.execute(params![id, number as i64, path, Option::<String>::None])?;
            clear_current.execute(params![id, path])?;
            continue;
        }
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Corrupt {
            path: Default::default(),
            detail: e.to_string(),
        })?;
        let hash = hash_of(&bytes);
        put_blob.execute(params![hash, bytes])?;
        put_change.execute(params![id, number as i64, path, hash])?;
        put_current.execute(params![id, path, hash])?;
    }
    conn.prepare_cached("UPDATE reviews SET head = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, number as i64, at])?;
    Ok(())
}

/// Every current value of a review.
pub(super) fn current_values(conn: &Connection, id: &str) -> Result<Values, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.path, b.content FROM current c JOIN blobs b ON b.hash = c.hash
         WHERE c.review_id = ?1",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    decode_values(rows)
}

/// The current values of some fields of a review (absent ones are left out).
pub(super) fn values_of<'a>(
    conn: &Connection,
    id: &str,
    paths: impl Iterator<Item = &'a String>,
) -> Result<Values, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.path, b.content FROM current c JOIN blobs b ON b.hash = c.hash
         WHERE c.review_id = ?1 AND c.path = ?2",
    )?;
    let mut rows = Vec::new();
    for path in paths {
        if let Some(row) = stmt
            .query_row(params![id, path], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
        {
            rows.push(Ok(row));
        }
    }
    decode_values(rows.into_iter())
}

/// The paths changed by revisions after `base`.
pub(super) fn paths_changed_since(
    conn: &Connection,
    id: &str,
    base: u64,
) -> Result<BTreeSet<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT path FROM changes WHERE review_id = ?1 AND revision > ?2",
    )?;
    let paths = stmt.query_map(params![id, base as i64], |r| r.get(0))?;
    Ok(paths.collect::<Result<_, _>>()?)
}

impl Store {
    /// The answers of a review as they were at `revision`.
    pub fn values_at(&self, id: &str, revision: u64) -> Result<Values, StoreError> {
        let record = self.record(id)?;
        if revision == 0 || revision > record.revision {
            return Err(StoreError::NoRevision {
                review: id.to_string(),
                revision,
                newest: record.revision,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT latest.path, b.content FROM
               (SELECT path, hash, MAX(revision) FROM changes
                WHERE review_id = ?1 AND revision <= ?2 GROUP BY path) AS latest
             JOIN blobs b ON b.hash = latest.hash",
        )?;
        let rows = stmt.query_map(params![id, revision as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        decode_values(rows)
    }

    /// Every revision of a review, newest first.
    pub fn revisions(&self, id: &str) -> Result<Vec<RevisionInfo>, StoreError> {
        self.record(id)?;
        let mut paths: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, path FROM changes WHERE review_id = ?1 ORDER BY revision, path",
        )?;
        for row in stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (revision, path) = row?;
            paths.entry(revision as u64).or_default().push(path);
        }
        let mut milestones: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, label FROM milestones WHERE review_id = ?1 ORDER BY id",
        )?;
        for row in stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (revision, label) = row?;
            milestones.entry(revision as u64).or_default().push(label);
        }
        let mut submissions: BTreeMap<u64, Submission> = self
            .submissions(id)?
            .into_iter()
            .map(|s| (s.revision, s))
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT number, created_at, kind, source FROM revisions
             WHERE review_id = ?1 ORDER BY number DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)? as u64,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (number, created_at, kind, source) = row?;
            out.push(RevisionInfo {
                number,
                created_at,
                kind: RevisionKind::from_columns(&kind, source),
                paths: paths.remove(&number).unwrap_or_default(),
                milestones: milestones.remove(&number).unwrap_or_default(),
                submission: submissions.remove(&number),
            });
        }
        Ok(out)
    }

    /// Puts a milestone label on the newest revision of a review.
    pub fn add_milestone(&mut self, id: &str, label: &str) -> Result<RevisionInfo, StoreError> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 {
            return Err(StoreError::BadLabel);
        }
        let head = self.record(id)?.revision;
        self.conn.execute(
            "INSERT INTO milestones (review_id, revision, label, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, head as i64, label, now()],
        )?;
        self.revisions(id)?
            .into_iter()
            .find(|r| r.number == head)
            .ok_or(StoreError::NoRevision {
                review: id.to_string(),
                revision: head,
                newest: head,
            })
    }

    /// The changes a restore of `revision` must write: every field back to its value then,
    /// fields added since cleared.
    pub fn restore_changes(&self, id: &str, revision: u64) -> Result<Values, StoreError> {
        let then = self.values_at(id, revision)?;
        let mut changes: Values = self
            .values(id)?
            .into_keys()
            .filter(|p| !then.contains_key(p))
            .map(|p| (p, Value::Null))
            .collect();
        changes.extend(then);
        Ok(changes)
    }
}
