//! Work kept off the save path: WAL checkpoints and the hourly backup.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so one save
//! in a few hundred would pay for copying the log into the database file and syncing it. The
//! store's writer turns it off; a thread with a connection of its own checkpoints instead, once
//! [`CHECKPOINT_AFTER`] commits have gone into the log and no commit has come for [`IDLE`], or
//! at the latest after [`CHECKPOINT_AT_MOST`] commits, even while saves keep coming (a passive
//! checkpoint never blocks the writer).
//!
//! Durability does not depend on it: every commit is synced in the log before it returns, and
//! whatever a crash leaves in the log is replayed when the store next opens. What waits for a
//! checkpoint is only the copy into the main file; the log grows meanwhile (some tens of KiB a
//! commit), and a crash before the checkpoint leaves more of it to replay on the next open.
//!
//! The same thread makes the backups that fall due while the user works (a `VACUUM INTO`, a
//! read that does not hold up the writer), so that no save waits for one either.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Commits in the log before a checkpoint is worth running (about what SQLite's default of
/// 1,000 log pages holds for autosaves).
pub(super) const CHECKPOINT_AFTER: u32 = 100;

/// Commits in the log after which a checkpoint runs without waiting for a pause.
pub(super) const CHECKPOINT_AT_MOST: u32 = 2000;

/// How long the writer must have been quiet for a checkpoint to run.
pub(super) const IDLE: Duration = Duration::from_millis(250);

/// What the thread is asked to do.
enum Job {
    /// A commit went into the log.
    Committed,
    /// Back the store up into this data folder.
    Backup(PathBuf),
}

/// The background thread of an open store.
pub(super) struct Checkpointer {
    /// Its jobs; dropping the sender stops the thread.
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on its own connection to the store's file, or returns None (the
    /// writer then keeps SQLite's automatic checkpoints).
    pub(super) fn start(path: &Path) -> Option<Checkpointer> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        conn.pragma_update(None, "synchronous", "FULL").ok()?;
        conn.pragma_update(None, "wal_autocheckpoint", 0).ok()?;
        let (jobs, received) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("store-maintenance".into())
            .spawn(move || run(&conn, &received))
            .ok()?;
        Some(Checkpointer {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Records that a commit went into the log.
    pub(super) fn committed(&self) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Committed);
        }
    }

    /// Asks for a backup into `data_dir`; false if the thread has stopped.
    pub(super) fn backup(&self, data_dir: &Path) -> bool {
        self.jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(Job::Backup(data_dir.to_path_buf())).is_ok())
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel wakes the thread, which ends after the job in hand; closing the
        // last connection then checkpoints what is left.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, jobs: &Receiver<Job>) {
    let mut pending: u32 = 0;
    loop {
        let next = if pending >= CHECKPOINT_AFTER {
            jobs.recv_timeout(IDLE)
        } else {
            jobs.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        match next {
            Ok(Job::Backup(data_dir)) => {
                // A failure must not stop the user's work: the next look tries again.
                let _ = super::backup::backup_into(conn, &data_dir);
            }
            Ok(Job::Committed) => {
                pending += 1;
                if pending >= CHECKPOINT_AT_MOST {
                    checkpoint(conn);
                    pending = 0;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                checkpoint(conn);
                pending = 0;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// A passive checkpoint: copies what no reader still needs, never waits for the writer. A
/// failure leaves the log as it is, to be copied by the next one.
fn checkpoint(conn: &Connection) {
    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
}
