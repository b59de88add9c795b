//! Rolling backups of the store: whole, consistent copies made with `VACUUM INTO`, the newest
//! few kept, and a restore that first sets the current file aside.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{Store, StoreError, DB_FILE};

/// The folder of backups, inside the data folder.
pub const BACKUP_DIR: &str = "backups";

/// How many automatic backups are kept.
pub const KEEP_BACKUPS: usize = 7;

const PREFIX: &str = "reviews-";
const SUFFIX: &str = ".sqlite3";

/// A backup copy of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    /// Its file name, which names it in commands.
    pub name: String,
    /// When it was made (UTC, RFC 3339).
    pub created_at: String,
    /// Its size in bytes.
    pub size: u64,
}

fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR)
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::ReadOnly {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// The backups in a data folder, newest first.
pub fn backups(data_dir: &Path) -> Result<Vec<Backup>, StoreError> {
    let dir = backup_dir(data_dir);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stamp) = name
            .strip_prefix(PREFIX)
            .and_then(|s| s.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let Ok(at) = DateTime::parse_from_str(&format!("{stamp}+0000"), "%Y%m%dT%H%M%S%.3fZ%z")
        else {
            continue;
        };
        out.push(Backup {
            created_at: at
                .with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            size: entry.metadata().map(|m| m.len()).unwrap_or(0),
            name,
        });
    }
    out.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(out)
}

impl Store {
    /// Writes a consistent copy of the store into the data folder's backups, then keeps only
    /// the newest [`KEEP_BACKUPS`].
    pub fn backup(&self, data_dir: &Path) -> Result<Backup, StoreError> {
        backup_into(&self.conn, data_dir)
    }

    /// Makes a backup as [`Store::backup`] does, on the store's background thread, so that the
    /// caller does not wait for it (a failure is not reported: the next look tries again).
    pub fn backup_in_background(&mut self, data_dir: &Path) {
        self.start_background();
        let asked = self
            .checkpointer
            .as_ref()
            .is_some_and(|c| c.backup(data_dir));
        if !asked {
            let _ = self.backup(data_dir);
        }
    }
}

/// Writes a consistent copy of the store open on `conn` into the data folder's backups, then
/// keeps only the newest [`KEEP_BACKUPS`].
pub(super) fn backup_into(conn: &Connection, data_dir: &Path) -> Result<Backup, StoreError> {
    let dir = backup_dir(data_dir);
    fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let name = format!("{PREFIX}{stamp}{SUFFIX}");
    let part = dir.join(format!("{name}.part"));
    let _ = fs::remove_file(&part);
    let made = conn
        .execute("VACUUM INTO ?1", [part.to_string_lossy().as_ref()])
        .map_err(StoreError::from)
        .and_then(|_| fs::rename(&part, dir.join(&name)).map_err(|e| io_error(&dir, e)));
    if let Err(e) = made {
        let _ = fs::remove_file(&part);
        return Err(e);
    }
    for old in backups(data_dir)?.iter().skip(KEEP_BACKUPS) {
        let _ = fs::remove_file(dir.join(&old.name));
    }
    backups(data_dir)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| StoreError::NotFound(name))
}

/// Replaces the store in `data_dir` by the backup `name`. The backup is checked first; the
/// current file (even a damaged one) is moved aside as `reviews.sqlite3.before-restore-<time>`,
/// never deleted. No store may be open on the folder.
pub fn restore_backup(data_dir: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let dir = backup_dir(data_dir);
    let source = backups(data_dir)?
        .into_iter()
        .find(|b| b.name == name)
        .map(|b| dir.join(b.name))
        .ok_or_else(|| StoreError::NotFound(name.to_string()))?;
    let conn = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    drop(conn);
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: source,
            detail: check,
        });
    }
    let current = data_dir.join(DB_FILE);
    let lock = exclusive_lock(&current)?;
    let aside = data_dir.join(format!(
        "{DB_FILE}.before-restore-{}",
        Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
    ));
    set_aside(data_dir, &aside)?;
    let part = data_dir.join(format!("{DB_FILE}.part"));
    fs::copy(&source, &part)
        .and_then(|_| fs::File::open(&part)?.sync_all())
        .and_then(|_| fs::rename(&part, &current))
        .map_err(|e| io_error(data_dir, e))?;
    drop(lock);
    Ok(aside)
}

/// The store's lock held exclusively: no window and no command line has the store open.
fn exclusive_lock(db: &Path) -> Result<fs::File, StoreError> {
    let path = super::lock_path(db);
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| io_error(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::InUse),
        Err(fs::TryLockError::Error(e)) => Err(io_error(&path, e)),
    }
}

/// Moves the store and its `-wal` and `-shm` files aside under `aside`; if any of them cannot
/// be moved, the ones already moved are put back and the restore stops.
fn set_aside(data_dir: &Path, aside: &Path) -> Result<(), StoreError> {
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let sides = ["-wal", "-shm", ""].map(|suffix| {
        (
            data_dir.join(format!("{DB_FILE}{suffix}")),
            PathBuf::from(format!("{}{suffix}", aside.display())),
        )
    });
    for (from, to) in sides {
        if !from.exists() {
            continue;
        }
        if let Err(e) = fs::rename(&from, &to) {
            for (back, done) in moved.iter().rev() {
                let _ = fs::rename(done, back);
            }
            return Err(io_error(&from, e));
        }
        moved.push((from, to));
    }
    Ok(())
}
