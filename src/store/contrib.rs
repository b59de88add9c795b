//! Contributions on the coordinator's side: the entities that contribute to a review and what
//! is assigned to them, the requests sent and responses received (each file kept), the merge of
//! (`merge.rs`: the merge of a response, who wrote what, open conflicts).

use std::path::PathBuf;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{hash_of, now, Store, StoreError};

/// A contributing entity of a review, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributorRecord {
    /// Its id within the review.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The ministry or office it belongs to.
    pub ministry: String,
    /// Its contact email.
    pub email: String,
    /// When it was added.
    pub created_at: String,
    /// The key its responses are signed with: the key of its first response merged.
    pub kid: Option<String>,
}

/// A request sent, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// Its id.
    pub id: String,
    /// The review it was cut from.
    pub review_id: String,
    /// The entity asked.
    pub entity_id: String,
    /// The revision it was cut from (the merge base).
    pub revision: u64,
    /// The field paths it assigned.
    pub fields: Vec<String>,
    /// Its due date, if any.
    pub due: Option<String>,
    /// The instructions.
    pub instructions: String,
    /// The key that signed it.
    pub kid: String,
    /// When it was made.
    pub created_at: String,
}

/// A response received, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    /// SHA-256 of its content: its identity.
    pub digest: String,
    /// The request it answers.
    pub request_id: String,
    /// The key that signed it.
    pub kid: String,
    /// Who returned it (a signer's name, title, ministry and email, as JSON).
    pub contributor: Value,
    /// The paths it changed.
    pub fields: Vec<String>,
    /// When it was returned, as signed.
    pub returned_at: String,
    /// When it was received here.
    pub received_at: String,
    /// The revision its merge made, if it was merged.
    pub merged_revision: Option<u64>,
    /// What its merge did (counts and paths, as JSON), if it was merged.
    pub outcome: Option<Value>,
}

/// A response to record: kept, and possibly merged.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    /// SHA-256 of its content.
    pub digest: &'a str,
    /// The request it answers.
    pub request_id: &'a str,
    /// The key that signed it.
    pub kid: &'a str,
    /// Who returned it, as JSON.
    pub contributor: &'a Value,
    /// The paths it changed.
    pub fields: &'a [String],
    /// When it was returned, as signed.
    pub returned_at: &'a str,
    /// The response file, as it came.
    pub file: &'a [u8],
}

pub(super) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: PathBuf::new(),
        detail: format!("{what} is not readable: {e}"),
    }
}

pub(super) fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| corrupt("a value to store", e))
}

pub(super) fn from_json<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

pub(super) fn put_blob(conn: &Connection, bytes: &[u8]) -> Result<String, StoreError> {
    let hash = hash_of(bytes);
    conn.execute(
        "INSERT OR IGNORE INTO blobs (hash, content) VALUES (?1, ?2)",
        params![hash, bytes],
    )?;
    Ok(hash)
}

const REQUEST_COLUMNS: &str =
    "id, review_id, entity_id, revision, fields, due, instructions, kid, created_at";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(RequestRecord, String)> {
    Ok((
        RequestRecord {
            id: r.get(0)?,
            review_id: r.get(1)?,
            entity_id: r.get(2)?,
            revision: r.get::<_, i64>(3)? as u64,
            fields: Vec::new(),
            due: r.get(5)?,
            instructions: r.get(6)?,
            kid: r.get(7)?,
            created_at: r.get(8)?,
        },
        r.get(4)?,
    ))
}

fn with_fields(row: (RequestRecord, String)) -> Result<RequestRecord, StoreError> {
    let (mut record, fields) = row;
    record.fields = from_json("a request's fields", &fields)?;
    Ok(record)
}

const RESPONSE_COLUMNS: &str = "digest, request_id, kid, contributor, fields, returned_at, \
     received_at, merged_revision, outcome";

fn response_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 9]> {
    let text = |i| r.get::<_, Option<String>>(i);
    Ok([
        text(0)?,
        text(1)?,
        text(2)?,
        text(3)?,
        text(4)?,
        text(5)?,
        text(6)?,
        r.get::<_, Option<i64>>(7)?.map(|n| n.to_string()),
        text(8)?,
    ])
}

fn response_record(row: [Option<String>; 9]) -> Result<ResponseRecord, StoreError> {
    let [digest, request_id, kid, contributor, fields, returned_at, received_at, merged, outcome] =
        row;
    let text = |t: Option<String>| t.unwrap_or_default();
    Ok(ResponseRecord {
        digest: text(digest),
        request_id: text(request_id),
        kid: text(kid),
        contributor: from_json("a response's contributor", &text(contributor))?,
        fields: from_json("a response's fields", &text(fields))?,
        returned_at: text(returned_at),
        received_at: text(received_at),
        merged_revision: merged.and_then(|n| n.parse().ok()),
        outcome: outcome
            .map(|o| from_json("a merge's outcome", &o))
            .transpose()?,
    })
}

impl Store {
    /// Adds a contributing entity to a review.
    pub fn add_contributor(
        &mut self,
        review: &str,
        entity: &ContributorRecord,
    ) -> Result<(), StoreError> {
        self.record(review)?;
        self.conn.execute(
            "INSERT INTO contributors (review_id, id, name, ministry, email, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                review,
                entity.id,
                entity.name,
                entity.ministry,
                entity.email,
                entity.created_at
            ],
        )?;
        Ok(())
    }

    /// The contributing entities of a review, in the order they were added.
    pub fn contributors(&self, review: &str) -> Result<Vec<ContributorRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, ministry, email, created_at, kid FROM contributors
             WHERE review_id = ?1 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([review], |r| {
            Ok(ContributorRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                ministry: r.get(2)?,
                email: r.get(3)?,
                created_at: r.get(4)?,
                kid: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds and removes an entity's assignments (selectors in their canonical spelling).
    pub fn set_assignments(
        &mut self,
        review: &str,
        entity: &str,
        add: &[String],
        remove: &[String],
    ) -> Result<(), StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for selector in add {
            tx.execute(
                "INSERT OR IGNORE INTO assignments (review_id, entity_id, selector, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![review, entity, selector, at],
            )?;
        }
        for selector in remove {
            tx.execute(
                "DELETE FROM assignments WHERE review_id = ?1 AND entity_id = ?2 AND selector = ?3",
                params![review, entity, selector],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every assignment of a review: (entity, selector), in the order they were made.
    pub fn assignments(&self, review: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity_id, selector FROM assignments WHERE review_id = ?1
             ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a request that was written to a file, with the file.
    pub fn add_request(&mut self, request: &RequestRecord, file: &[u8]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let hash = put_blob(&tx, file)?;
        tx.execute(
            "INSERT OR IGNORE INTO contribution_requests
               (id, review_id, entity_id, revision, fields, due, instructions, kid, file_hash,
                created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                request.id,
                request.review_id,
                request.entity_id,
                request.revision as i64,
                to_json(&request.fields)?,
                request.due,
                request.instructions,
                request.kid,
                hash,
                request.created_at
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The requests of a review, oldest first.
    pub fn requests(&self, review: &str) -> Result<Vec<RequestRecord>, StoreError> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM contribution_requests WHERE review_id = ?1
             ORDER BY created_at, rowid"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([review], request_row)?;
        rows.map(|r| with_fields(r?)).collect()
    }

    /// One request, by id, whichever review it belongs to.
    pub fn request(&self, id: &str) -> Result<Option<RequestRecord>, StoreError> {
        let sql = format!("SELECT {REQUEST_COLUMNS} FROM contribution_requests WHERE id = ?1");
        let row = self.conn.query_row(&sql, [id], request_row).optional()?;
        row.map(with_fields).transpose()
    }

    /// The responses received for a review's requests, in the order they arrived.
    pub fn responses(&self, review: &str) -> Result<Vec<ResponseRecord>, StoreError> {
        let sql = format!(
            "SELECT {RESPONSE_COLUMNS} FROM contribution_responses WHERE request_id IN
               (SELECT id FROM contribution_requests WHERE review_id = ?1)
             ORDER BY received_at, rowid"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([review], response_row)?;
        rows.map(|r| response_record(r?)).collect()
    }

    /// One response, by digest.
    pub fn response(&self, digest: &str) -> Result<Option<ResponseRecord>, StoreError> {
        let sql =
            format!("SELECT {RESPONSE_COLUMNS} FROM contribution_responses WHERE digest = ?1");
        let row = self
            .conn
            .query_row(&sql, [digest], response_row)
            .optional()?;
        row.map(response_record).transpose()
    }

    /// The file of a request or response (by its request id or response digest), as it was.
    pub fn contribution_file(&self, id: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row(
                "SELECT b.content FROM blobs b WHERE b.hash =
                   coalesce((SELECT file_hash FROM contribution_requests WHERE id = ?1),
                            (SELECT file_hash FROM contribution_responses WHERE digest = ?1))",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// Keeps a response without merging it (it is then "returned"); kept once.
    pub fn keep_response(&mut self, response: &NewResponse<'_>) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_response(&tx, response)?;
        tx.commit()?;
        Ok(())
    }
}

pub(super) fn insert_response(conn: &Connection, r: &NewResponse<'_>) -> Result<(), StoreError> {
    let hash = put_blob(conn, r.file)?;
    conn.execute(
        "INSERT OR IGNORE INTO contribution_responses
           (digest, request_id, kid, contributor, fields, file_hash, returned_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.digest,
            r.request_id,
            r.kid,
            r.contributor.to_string(),
            to_json(&r.fields)?,
            hash,
            r.returned_at,
            now()
        ],
    )?;
    Ok(())
}
