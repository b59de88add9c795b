//! Contributions on the contributor's side: a workspace is a review opened from a request, in
//! which only the assigned fields may change; the request's file is kept with it, and so is a
//! record of each response returned from it.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde_json::Value;

use super::contrib::{from_json, put_blob, to_json};
use super::history::{self, RevisionKind};
use super::{now, ReviewRecord, Store, StoreError};
use crate::review::Values;

/// A workspace as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceRecord {
    /// The workspace's review id.
    pub review_id: String,
    /// The request it was opened from.
    pub request_id: String,
    /// The coordinator's review the request was cut from.
    pub origin_review: String,
    /// The revision it was cut from.
    pub base_revision: u64,
    /// The entity it writes for (JSON).
    pub entity: Value,
    /// The coordinator who asked (JSON).
    pub coordinator: Value,
    /// The due date, if any.
    pub due: Option<String>,
    /// The coordinator's instructions.
    pub instructions: String,
    /// The assigned field paths: the only ones that may change.
    pub fields: Vec<String>,
    /// The key that signed the request.
    pub kid: String,
    /// The contributor's comments, by field path.
    pub comments: BTreeMap<String, String>,
    /// When it was opened.
    pub opened_at: String,
}

/// A response returned from a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    /// SHA-256 of its content.
    pub digest: String,
    /// The workspace's revision it holds.
    pub revision: u64,
    /// The fields it carries.
    pub fields: Vec<String>,
    /// When it was written.
    pub created_at: String,
}

/// What opening a request creates.
#[derive(Debug, Clone)]
pub struct NewWorkspace<'a> {
    /// The workspace: its id, the request and the rest (the record's `comments` and
    /// `opened_at` are ignored).
    pub record: &'a WorkspaceRecord,
    /// The template the request was made on.
    pub template: (&'a str, &'a str),
    /// The first revision: the review as the request carried it.
    pub values: &'a Values,
    /// The request file, kept.
    pub file: &'a [u8],
}

const COLUMNS: &str = "review_id, request_id, origin_review, base_revision, entity, coordinator, \
     due, instructions, fields, kid, comments, opened_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(WorkspaceRecord, [String; 4])> {
    Ok((
        WorkspaceRecord {
            review_id: r.get(0)?,
            request_id: r.get(1)?,
            origin_review: r.get(2)?,
            base_revision: r.get::<_, i64>(3)? as u64,
            entity: Value::Null,
            coordinator: Value::Null,
            due: r.get(6)?,
            instructions: r.get(7)?,
            fields: Vec::new(),
            kid: r.get(9)?,
            comments: BTreeMap::new(),
            opened_at: r.get(11)?,
        },
        [r.get(4)?, r.get(5)?, r.get(8)?, r.get(10)?],
    ))
}

fn decoded(row: (WorkspaceRecord, [String; 4])) -> Result<WorkspaceRecord, StoreError> {
    let (mut w, [entity, coordinator, fields, comments]) = row;
    w.entity = from_json("a workspace's entity", &entity)?;
    w.coordinator = from_json("a workspace's coordinator", &coordinator)?;
    w.fields = from_json("a workspace's fields", &fields)?;
    w.comments = from_json("a workspace's comments", &comments)?;
    Ok(w)
}

impl Store {
    /// Creates a workspace from a request: a new review whose first revision holds the review
    /// as the request carried it, with the request kept, in one transaction.
    pub fn create_workspace(&mut self, new: &NewWorkspace<'_>) -> Result<ReviewRecord, StoreError> {
        let at = now();
        let w = new.record;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO reviews (id, template_id, template_version, created_at, updated_at, head)
             VALUES (?1, ?2, ?3, ?4, ?4, 0)",
            params![w.review_id, new.template.0, new.template.1, at],
        )?;
        let kind = RevisionKind::OpenedRequest {
            request: w.request_id.clone(),
        };
        history::write_revision(&tx, &w.review_id, 1, &at, &kind, new.values)?;
        let hash = put_blob(&tx, new.file)?;
        tx.execute(
            "INSERT INTO contribution_workspaces (review_id, request_id, origin_review,
               base_revision, entity, coordinator, due, instructions, fields, kid, file_hash,
               comments, opened_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '{}', ?12)",
            params![
                w.review_id,
                w.request_id,
                w.origin_review,
                w.base_revision as i64,
                w.entity.to_string(),
                w.coordinator.to_string(),
                w.due,
                w.instructions,
                to_json(&w.fields)?,
                w.kid,
                hash,
                at
            ],
        )?;
        tx.commit()?;
        self.record(&w.review_id)
    }

    /// The workspace with this review id, if the review is one.
    pub fn workspace(&self, id: &str) -> Result<Option<WorkspaceRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM contribution_workspaces WHERE review_id = ?1");
        let found = self.conn.query_row(&sql, [id], row).optional()?;
        found.map(decoded).transpose()
    }

    /// The workspace opened from a request, if there is one.
    pub fn workspace_of_request(&self, request: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT review_id FROM contribution_workspaces WHERE request_id = ?1",
                [request],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The fields a review may change, if it is a workspace (`None`: any field).
    pub fn workspace_fields(&self, id: &str) -> Result<Option<Vec<String>>, StoreError> {
        let fields: Option<String> = self
            .conn
            .query_row(
                "SELECT fields FROM contribution_workspaces WHERE review_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        fields
            .map(|f| from_json("a workspace's fields", &f))
            .transpose()
    }

    /// Sets (or, with empty text, removes) the contributor's comment on a field.
    pub fn set_workspace_comment(
        &mut self,
        id: &str,
        path: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let comments: String = tx
            .query_row(
                "SELECT comments FROM contribution_workspaces WHERE review_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let mut comments: BTreeMap<String, String> =
            from_json("a workspace's comments", &comments)?;
        match text.trim() {
            "" => comments.remove(path),
            text => comments.insert(path.to_string(), text.to_string()),
        };
        tx.execute(
            "UPDATE contribution_workspaces SET comments = ?2 WHERE review_id = ?1",
            params![id, to_json(&comments)?],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that a response was written from a workspace at `revision`.
    pub fn record_return(
        &mut self,
        id: &str,
        digest: &str,
        revision: u64,
        fields: &[String],
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO contribution_returns (review_id, digest, revision, fields,
               created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, digest, revision as i64, to_json(&fields)?, now()],
        )?;
        Ok(())
    }

    /// The responses returned from a workspace, oldest first.
    pub fn returns(&self, id: &str) -> Result<Vec<ReturnRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT digest, revision, fields, created_at FROM contribution_returns
             WHERE review_id = ?1 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (digest, revision, fields, created_at) = row?;
            Ok(ReturnRecord {
                digest,
                revision,
                fields: from_json("a returned response's fields", &fields)?,
                created_at,
            })
        })
        .collect()
    }
}
