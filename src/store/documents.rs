//! Documents imported from outside the app (Word, LibreOffice, PDF): each one becomes a
//! revision (a new review, or a new revision of one) in one transaction, and the file is kept
//! beside that revision with the blocks that were left out, so nothing imported is lost.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

use super::history::{self, RevisionKind};
use super::{hash_of, now, ReviewRecord, Store, StoreError};
use crate::review::Values;

/// What a document import records.
#[derive(Debug, Clone)]
pub struct NewSourceDocument<'a> {
    /// The file's name, as the user chose it.
    pub file_name: &'a str,
    /// `docx`, `odt` or `pdf`.
    pub format: &'a str,
    /// The file, as it came.
    pub file: &'a [u8],
    /// The blocks left out, as JSON (kept with the file).
    pub left_out: &'a Value,
}

/// A document kept in the store, as History shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDocument {
    /// The revision it became.
    pub revision: u64,
    /// Its file name.
    pub file_name: String,
    /// `docx`, `odt` or `pdf`.
    pub format: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The blocks that were left out.
    pub left_out: Value,
    /// When it was imported.
    pub created_at: String,
}

impl Store {
    /// Writes a document's answers as one revision in one transaction: a new review `id`
    /// (when `create` is true) whose first revision holds `values`, or the next revision of
    /// review `id` with `values` changed (null clears); the file is kept beside it.
    pub fn import_document(
        &mut self,
        id: &str,
        create: bool,
        template: (&str, &str),
        values: &Values,
        document: &NewSourceDocument<'_>,
    ) -> Result<ReviewRecord, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let kind = RevisionKind::ImportedDocument {
            file: document.file_name.to_string(),
        };
        let revision = if create {
            tx.execute(
                "INSERT INTO reviews (id, template_id, template_version, created_at, updated_at, head)
                 VALUES (?1, ?2, ?3, ?4, ?4, 0)",
                params![id, template.0, template.1, at],
            )?;
            history::write_revision(&tx, id, 1, &at, &kind, values)?;
            1
        } else {
            let known: Option<(i64, Option<String>)> = tx
                .query_row(
                    "SELECT head, deleted_at FROM reviews WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let head = match known {
                None => return Err(StoreError::NotFound(id.to_string())),
                Some((_, Some(_))) => return Err(StoreError::InTrash),
                Some((head, None)) => head as u64,
            };
            let current = history::current_values(&tx, id)?;
            let changes: Values = values
                .iter()
                .filter(|(p, v)| current.get(*p) != Some(*v))
                .map(|(p, v)| (p.clone(), v.clone()))
                .collect();
            history::write_revision(&tx, id, head + 1, &at, &kind, &changes)?;
            head + 1
        };
        let hash = hash_of(document.file);
        tx.execute(
            "INSERT OR IGNORE INTO blobs (hash, content) VALUES (?1, ?2)",
            params![hash, document.file],
        )?;
        tx.execute(
            "INSERT INTO source_documents (review_id, revision, file_name, format, file_hash, left_out, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                revision as i64,
                document.file_name,
                document.format,
                hash,
                document.left_out.to_string(),
                at
            ],
        )?;
        tx.commit()?;
        self.record(id)
    }

    /// The documents imported into a review, oldest first.
    pub fn source_documents(&self, id: &str) -> Result<Vec<SourceDocument>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT revision, file_name, format, file_hash, left_out, created_at
             FROM source_documents WHERE review_id = ?1 ORDER BY revision",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SourceDocument {
                revision: r.get::<_, i64>(0)? as u64,
                file_name: r.get(1)?,
                format: r.get(2)?,
                sha256: r.get(3)?,
                left_out: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or(Value::Null),
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The file of a document imported at `revision`, as it came.
    pub fn source_document_file(&self, id: &str, revision: u64) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row(
                "SELECT b.content FROM source_documents d JOIN blobs b ON b.hash = d.file_hash
                 WHERE d.review_id = ?1 AND d.revision = ?2",
                params![id, revision as i64],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{id} revision {revision}")))
    }
}
