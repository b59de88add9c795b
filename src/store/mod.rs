//! The store: one SQLite file with every review, its current answers and its whole history.
//!
//! WAL mode with `synchronous=FULL`: a commit that has returned survives a crash or a power cut.
//! Values are content-addressed (`blobs`), and a revision records only the paths it changed, so
//! the file grows with what changed, not with the size of the review times the number of saves.

mod approvals;
mod backup;
mod comments;
mod contrib;
mod documents;
mod error;
mod history;
mod keys;
mod maintenance;
mod merge;
mod schema;
mod submissions;
mod workspaces;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::review::Values;
use maintenance::Checkpointer;

pub use approvals::{
    ApprovalRecord, AttachmentInfo, EntitySource, FinalDecision, NewApprovalRecord, NewEntity,
    SignoffEntity,
};
pub use backup::{backups, restore_backup, Backup, BACKUP_DIR, KEEP_BACKUPS};
pub use comments::{AuthorKind, CommentRecord, NewComment};
pub use contrib::{ContributorRecord, NewResponse, RequestRecord, ResponseRecord};
pub use documents::{NewSourceDocument, SourceDocument};
pub use error::StoreError;
pub use history::{RevisionInfo, RevisionKind};
pub use keys::{KnownKey, OwnKey, SeenKey};
pub use merge::{Authors, ConflictRecord, MergeWrite, NewConflict, ResolveWrite};
pub use schema::MIGRATIONS;
pub use submissions::{Direction, DocumentMeta, NewSubmission, Submission};
pub use workspaces::{NewWorkspace, ReturnRecord, WorkspaceRecord};

/// The store's file name inside the data folder.
pub const DB_FILE: &str = "reviews.sqlite3";

/// How long a writer waits for another process's transaction before reporting `Busy`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many prepared statements a connection keeps: every statement of the save path and the
/// common reads, so that no save prepares one again.
const STATEMENT_CACHE: usize = 64;

/// An open store.
pub struct Store {
    /// Checkpoints the log off the save path, started by the second commit (see
    /// `maintenance.rs`); declared first so that it stops before the writer closes.
    checkpointer: Option<Checkpointer>,
    /// Commits made through this store so far.
    commits: u64,
    conn: Connection,
    path: PathBuf,
    /// A shared lock on the store's lock file, held while the store is open, so that a restore
    /// (which needs it exclusively) cannot replace the file under another window or the CLI.
    _lock: Option<fs::File>,
}

/// The lock file beside a store's file.
fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the shared lock every open store holds. A folder where the lock file cannot even be
/// created gets no lock (nothing can be written there, restores included); a restore holding
/// the lock exclusively makes the store wait, then report it busy.
fn shared_lock(db: &Path) -> Result<Option<fs::File>, StoreError> {
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path(db))
        .or_else(|_| fs::File::open(lock_path(db)));
    let Ok(file) = file else { return Ok(None) };
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match file.try_lock_shared() {
            Ok(()) => return Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Busy),
            Err(fs::TryLockError::Error(_)) => return Ok(None),
        }
    }
}

/// The settings a returned commit's durability rests on, as the store's own connection reports
/// them (see [`Store::durability`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    /// `PRAGMA journal_mode`, lower case: `"wal"` when the store is as designed.
    pub journal_mode: String,
    /// `PRAGMA synchronous`: 0 `OFF`, 1 `NORMAL`, 2 `FULL` (the design), 3 `EXTRA`.
    pub synchronous: i64,
    /// `PRAGMA foreign_keys`: whether references between tables are enforced.
    pub foreign_keys: bool,
}

/// A review's record in the store (its answers are read separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRecord {
    /// The review id (a UUID).
    pub id: String,
    /// The template it was drafted on.
    pub template_id: String,
    /// That template's version.
    pub template_version: String,
    /// When it was created (UTC, RFC 3339).
    pub created_at: String,
    /// When it was last saved.
    pub updated_at: String,
    /// Its newest revision, which is also its version for optimistic writes.
    pub revision: u64,
    /// When it was moved to the trash, if it was.
    pub deleted_at: Option<String>,
}

/// What a successful commit did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Commit {
    /// The review's version (newest revision) after the commit.
    pub version: u64,
    /// When it was saved (UTC, RFC 3339).
    pub saved_at: String,
    /// Fields other writers changed since the writer's base version, as they are now.
    pub merged: Values,
    /// The version the commit was written on (the newest revision when it began).
    pub previous: u64,
    /// Every field other writers changed since the writer's base version: those in `merged`,
    /// and those cleared since, which `merged` leaves out. With them and the changes asked for,
    /// a writer that knew the review at any version from its base up to `previous` knows it
    /// at `version` without reading it again.
    pub others: BTreeSet<String>,
}

/// The current time as the store records it.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn hash_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Opens (creating if needed) the store in `dir`: checks its integrity, sets WAL and
    /// foreign keys, and migrates it to the current schema. A damaged file is left untouched.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let read_only = |e: std::io::Error| StoreError::ReadOnly {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        };
        fs::create_dir_all(dir).map_err(read_only)?;
        let probe = dir.join(".write-check");
        fs::write(&probe, b"").map_err(read_only)?;
        let _ = fs::remove_file(&probe);
        Store::open_file(&dir.join(DB_FILE))
    }

    /// Opens the store in the file `path` (see [`Store::open`]).
    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        let corrupt = |detail: String| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        };
        let lock = shared_lock(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| match e.into() {
            StoreError::Sqlite(e) => StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason: e.to_string(),
            },
            other => other,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        if check != "ok" {
            return Err(corrupt(check));
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            checkpointer: None,
            commits: 0,
            conn,
            path: path.to_path_buf(),
            _lock: lock,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The journal mode, `synchronous` level and foreign-key enforcement read back from the
    /// open connection: what is in force, not what was asked for, so that a test can hold the
    /// store to "a commit that has returned survives a power cut".
    pub fn durability(&self) -> Result<Durability, StoreError> {
        let journal_mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let synchronous: i64 = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        let foreign_keys: i64 = self
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok(Durability {
            journal_mode: journal_mode.to_ascii_lowercase(),
            synchronous,
            foreign_keys: foreign_keys == 1,
        })
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Creates a review whose first revision holds `values`.
    pub fn create(
        &mut self,
        id: &str,
        template: (&str, &str),
        values: &Values,
        kind: RevisionKind,
    ) -> Result<ReviewRecord, StoreError> {
        let at = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO reviews (id, template_id, template_version, created_at, updated_at, head)
             VALUES (?1, ?2, ?3, ?4, ?4, 0)",
            params![id, template.0, template.1, at],
        )?;
        history::write_revision(&tx, id, 1, &at, &kind, values)?;
        tx.commit()?;
        self.committed();
        self.record(id)
    }

    /// Every review, newest first; with `trash`, only those in the trash, else only the others.
    pub fn list(&self, trash: bool) -> Result<Vec<ReviewRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, template_id, template_version, created_at, updated_at, head, deleted_at
             FROM reviews WHERE (deleted_at IS NOT NULL) = ?1 ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([trash], Store::row_to_record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn row_to_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewRecord> {
        Ok(ReviewRecord {
            id: r.get(0)?,
            template_id: r.get(1)?,
            template_version: r.get(2)?,
            created_at: r.get(3)?,
            updated_at: r.get(4)?,
            revision: r.get::<_, i64>(5)? as u64,
            deleted_at: r.get(6)?,
        })
    }

    /// The record of one review, in the trash or not.
    pub fn record(&self, id: &str) -> Result<ReviewRecord, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT id, template_id, template_version, created_at, updated_at, head, deleted_at
                 FROM reviews WHERE id = ?1",
            )?
            .query_row([id], Store::row_to_record)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// The full id of the one review whose id starts with `prefix`.
    pub fn resolve(&self, prefix: &str) -> Result<String, StoreError> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(StoreError::NotFound(String::new()));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM reviews WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2")?;
        let ids: Vec<String> = stmt
            .query_map([prefix], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [id] => Ok(id.clone()),
            [] => Err(StoreError::NotFound(prefix.to_string())),
            _ => Err(StoreError::Ambiguous(prefix.to_string())),
        }
    }

    /// Moves a review to the trash, or (`deleted = false`) back out of it.
    pub fn set_deleted(&mut self, id: &str, deleted: bool) -> Result<(), StoreError> {
        let at = deleted.then(now);
        let n = self.conn.execute(
            "UPDATE reviews SET deleted_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    /// The current answers of a review.
    pub fn values(&self, id: &str) -> Result<Values, StoreError> {
        history::current_values(&self.conn, id)
    }

    /// The current answers of a review and the version they are the answers at, read in one
    /// transaction so that no other writer's commit falls between the two.
    pub fn versioned_values(&self, id: &str) -> Result<(u64, Values), StoreError> {
        let read = || -> Result<(u64, Values), StoreError> {
            let head = self.record(id)?.revision;
            Ok((head, history::current_values(&self.conn, id)?))
        };
        if !self.conn.is_autocommit() {
            // Inside a batch: its transaction already holds the two together.
            return read();
        }
        let tx = self.conn.unchecked_transaction()?;
        let out = read()?;
        tx.commit()?;
        Ok(out)
    }

    /// Commits `changes` (a null value clears the field) as one revision, if the fields it
    /// writes were not changed by another writer since `base`. Fields nobody else touched are
    /// merged. Returns without a new revision when nothing differs from what is stored.
    pub fn commit(
        &mut self,
        id: &str,
        base: u64,
        changes: &Values,
        kind: RevisionKind,
    ) -> Result<Commit, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (head, deleted): (i64, Option<String>) = tx
            .prepare_cached("SELECT head, deleted_at FROM reviews WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        if deleted.is_some() {
            return Err(StoreError::InTrash);
        }
        let head = head as u64;
        let current = history::values_of(&tx, id, changes.keys())?;
        let changed_since = history::paths_changed_since(&tx, id, base.min(head))?;
        let mut conflicts = Values::new();
        let mut effective = Values::new();
        for (path, value) in changes {
            let now_value = current.get(path).cloned().unwrap_or(Value::Null);
            if &now_value == value {
                continue;
            }
            if base > head || changed_since.contains(path) {
                conflicts.insert(path.clone(), now_value);
            } else {
                effective.insert(path.clone(), value.clone());
            }
        }
        if !conflicts.is_empty() {
            return Err(StoreError::Conflict {
                version: head,
                values: conflicts,
            });
        }
        let others: BTreeSet<String> = changed_since
            .into_iter()
            .filter(|p| !changes.contains_key(p))
            .collect();
        let merged = history::values_of(&tx, id, others.iter())?;
        let at = now();
        let version = if effective.is_empty() {
            head
        } else {
            history::write_revision(&tx, id, head + 1, &at, &kind, &effective)?;
            head + 1
        };
        tx.commit()?;
        if version != head {
            self.committed();
        }
        Ok(Commit {
            version,
            saved_at: at,
            merged,
            previous: head,
            others,
        })
    }

    /// Tells the background thread that a commit went into the log. A store that commits
    /// once (a command line `set`) leaves the log to SQLite and its closing checkpoint; the
    /// second commit starts the thread.
    fn committed(&mut self) {
        self.commits += 1;
        if self.commits < 2 {
            return;
        }
        self.start_background();
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.committed();
        }
    }

    /// Starts the background thread if it is not running (see `maintenance.rs`). Once it
    /// runs, the writer's own automatic checkpoints are turned off; if it cannot start, they
    /// stay on.
    fn start_background(&mut self) {
        if self.checkpointer.is_some() {
            return;
        }
        self.checkpointer = Checkpointer::start(&self.path);
        if self.checkpointer.is_some()
            && self
                .conn
                .pragma_update(None, "wal_autocheckpoint", 0)
                .is_err()
        {
            self.checkpointer = None;
        }
    }

    /// Starts a batch: the writes until [`Store::end_batch`] are one transaction, made durable
    /// once (verifying a folder of packages records every key in one commit).
    pub fn begin_batch(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits a batch started by [`Store::begin_batch`].
    pub fn end_batch(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a setting.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

fn decode_values(
    rows: impl Iterator<Item = rusqlite::Result<(String, Vec<u8>)>>,
) -> Result<Values, StoreError> {
    let mut values = Values::new();
    for row in rows {
        let (path, content) = row?;
        let value = serde_json::from_slice(&content).map_err(|e| StoreError::Corrupt {
            path: PathBuf::new(),
            detail: format!("the stored answer to {path} is not readable: {e}"),
        })?;
        values.insert(path, value);
    }
    Ok(values)
}
