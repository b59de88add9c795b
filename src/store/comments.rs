//! Comments on a review's fields, kept beside the review and never in it: a thread is a
//! comment and its replies, and is resolved or reopened as a whole. Nothing that builds a
//! document, a signed file, a package or a submission PDF reads these tables.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::{Store, StoreError};

/// Who wrote a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorKind {
    /// The signer identity of this machine.
    Signer,
    /// A contributing entity, whose comment came back in its contribution response.
    Contributor,
}

impl AuthorKind {
    fn as_str(self) -> &'static str {
        match self {
            AuthorKind::Signer => "signer",
            AuthorKind::Contributor => "contributor",
        }
    }

    fn parse(text: &str) -> AuthorKind {
        if text == "contributor" {
            AuthorKind::Contributor
        } else {
            AuthorKind::Signer
        }
    }
}

/// One comment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentRecord {
    /// Its id (a UUID).
    pub id: String,
    /// The field path it is about.
    pub path: String,
    /// The first comment of its thread, for a reply; none for the first comment itself.
    pub parent: Option<String>,
    /// Who wrote it, by name.
    pub author: String,
    /// Whether the author is this machine's signer or a contributor.
    pub author_kind: AuthorKind,
    /// What it says, as typed.
    pub text: String,
    /// The review's newest revision when it was written.
    pub revision: u64,
    /// When it was written (UTC, RFC 3339).
    pub created_at: String,
    /// When its thread was resolved, if it is (set on the first comment of a thread).
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
}

/// A comment to store.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    /// Its id (a UUID).
    pub id: &'a str,
    /// The field path.
    pub path: &'a str,
    /// The comment it replies to; a reply to a reply joins the same thread.
    pub parent: Option<&'a str>,
    /// Who wrote it.
    pub author: &'a str,
    /// What kind of author.
    pub author_kind: AuthorKind,
    /// The text.
    pub text: &'a str,
    /// When it was written.
    pub created_at: &'a str,
}

const COLUMNS: &str = "id, path, parent, author, author_kind, text, revision, created_at, \
                       resolved_at, resolved_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CommentRecord> {
    Ok(CommentRecord {
        id: r.get(0)?,
        path: r.get(1)?,
        parent: r.get(2)?,
        author: r.get(3)?,
        author_kind: AuthorKind::parse(&r.get::<_, String>(4)?),
        text: r.get(5)?,
        revision: r.get::<_, i64>(6)? as u64,
        created_at: r.get(7)?,
        resolved_at: r.get(8)?,
        resolved_by: r.get(9)?,
    })
}

impl Store {
    /// Every comment of a review, oldest first.
    pub fn comments(&self, review: &str) -> Result<Vec<CommentRecord>, StoreError> {
        self.record(review)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM comments WHERE review_id = ?1 ORDER BY created_at, rowid"
        ))?;
        let rows = stmt.query_map([review], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One comment of a review, by its full id.
    pub fn comment(&self, review: &str, id: &str) -> Result<Option<CommentRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM comments WHERE review_id = ?1 AND id = ?2"),
                params![review, id],
                row,
            )
            .optional()?)
    }

    /// Stores a comment against the review's newest revision. A reply is attached to the first
    /// comment of the thread it answers. Returns `None` if `parent` is not a comment of this
    /// review.
    pub fn add_comment(
        &mut self,
        review: &str,
        new: &NewComment<'_>,
    ) -> Result<Option<CommentRecord>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let head: i64 = tx
            .query_row("SELECT head FROM reviews WHERE id = ?1", [review], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(review.to_string()))?;
        let parent = match new.parent {
            None => None,
            Some(parent) => {
                let found: Option<(String, Option<String>)> = tx
                    .query_row(
                        "SELECT id, parent FROM comments WHERE review_id = ?1 AND id = ?2",
                        params![review, parent],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match found {
                    None => return Ok(None),
                    Some((id, root)) => Some(root.unwrap_or(id)),
                }
            }
        };
        tx.execute(
            "INSERT INTO comments (id, review_id, path, parent, author, author_kind, text,
                                   revision, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.id,
                review,
                new.path,
                parent,
                new.author,
                new.author_kind.as_str(),
                new.text,
                head,
                new.created_at
            ],
        )?;
        tx.commit()?;
        self.comment(review, new.id)
    }

    /// Resolves the thread that starts with comment `root` (`Some((by, at))`) or reopens it
    /// (`None`).
    pub fn set_thread_resolved(
        &mut self,
        review: &str,
        root: &str,
        resolved: Option<(&str, &str)>,
    ) -> Result<(), StoreError> {
        let (by, at) = resolved.unzip();
        let n = self.conn.execute(
            "UPDATE comments SET resolved_by = ?3, resolved_at = ?4
             WHERE review_id = ?1 AND id = ?2 AND parent IS NULL",
            params![review, root, by, at],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(root.to_string()));
        }
        Ok(())
    }
}
