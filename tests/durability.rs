//! What makes a returned save survive a power cut, not only a killed process (`tests/crash.rs`
//! proves kills; a kill never loses what the operating system has been handed, a power cut
//! loses whatever was not synced): WAL mode, `synchronous=FULL` and foreign keys, read back from
//! the very connection the store writes through. With `synchronous=OFF` or `NORMAL` every kill
//! test still passes; these do not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::new_review;
use gcm_review::store::{Durability, DB_FILE};
use gcm_review::{Desk, Store};
use serde_json::json;

/// `PRAGMA synchronous` level `FULL`: every commit is synced, WAL included, before it returns.
const FULL: i64 = 2;

fn designed() -> Durability {
    Durability {
        journal_mode: "wal".into(),
        synchronous: FULL,
        foreign_keys: true,
    }
}

#[test]
fn a_new_store_is_in_wal_mode_with_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.durability().unwrap(), designed());
}

#[test]
fn a_reopened_store_with_saved_reviews_keeps_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    // Through the app's own entry point first, with something saved.
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    desk.save(
        &id,
        1,
        [("methodology.process".to_string(), json!("Kept."))].into(),
    )
    .unwrap();
    drop(desk);
    // `synchronous` and `foreign_keys` belong to a connection, not to the file: each open must
    // set them again.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.durability().unwrap(), designed());
    let store = Store::open_file(&dir.path().join(DB_FILE)).unwrap();
    assert_eq!(store.durability().unwrap(), designed());
}

#[test]
fn the_file_itself_is_marked_for_wal() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    new_review(&mut desk);
    drop(desk);
    // The database header's read and write format versions (bytes 18 and 19) are 2 in WAL mode
    // (https://www.sqlite.org/fileformat2.html#the_database_header).
    let header = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    assert_eq!((header[18], header[19]), (2, 2), "not a WAL database");
}

#[test]
fn the_log_is_copied_into_the_file_in_the_background_while_the_store_stays_open() {
    // The writer does not checkpoint inside its commits (so that no save pays for one): a
    // thread of the store does, once enough commits are in the log and saves pause. Until
    // then the new pages live only in the log, so the main file grows only by a checkpoint.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    let file = dir.path().join(DB_FILE);
    let mut version = 1;
    for i in 0..150 {
        let text = format!("Answer {i}: {}", "words ".repeat(200));
        let changes = [("methodology.process".to_string(), json!(text))].into();
        version = desk.save(&id, version, changes).unwrap().version;
    }
    let before = std::fs::metadata(&file).unwrap().len();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::metadata(&file).unwrap().len() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no checkpoint within 30 s of the last save"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // And what was checkpointed is what was saved.
    assert_eq!(desk.open_review(&id).unwrap().version, version);
}
