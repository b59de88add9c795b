//! Rolling backups: made on their own, kept to a few, and restored from even when the store
//! itself is damaged; the file they replace is set aside, never deleted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::new_review;
use gcm_review::store::{DB_FILE, KEEP_BACKUPS};
use gcm_review::{Desk, Values};
use serde_json::json;

fn edit(text: &str) -> Values {
    [("methodology.process".to_string(), json!(text))].into()
}

#[test]
fn a_backup_is_made_on_opening_a_store_with_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    assert!(desk.backups().unwrap().is_empty(), "nothing to keep yet");
    new_review(&mut desk);
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    assert_eq!(desk.backups().unwrap().len(), 1);
    drop(desk);
    // Within the hour, opening again makes no second one.
    assert_eq!(Desk::open(dir.path()).unwrap().backups().unwrap().len(), 1);
}

#[test]
fn only_the_newest_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let mut names = Vec::new();
    for _ in 0..KEEP_BACKUPS + 3 {
        names.push(desk.backup_now().unwrap().name);
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let kept: Vec<String> = desk
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    names.reverse();
    assert_eq!(kept, names[..KEEP_BACKUPS]);
}

#[test]
fn a_damaged_store_is_restored_from_a_backup_and_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    desk.save(&id, 1, edit("Kept in the backup.")).unwrap();
    let backup = desk.backup_now().unwrap();
    desk.save(&id, 2, edit("Written after the backup."))
        .unwrap();
    drop(desk);

    let file = dir.path().join(DB_FILE);
    let garbage = vec![0x42u8; 8192];
    std::fs::write(&file, &garbage).unwrap();
    let _ = std::fs::remove_file(dir.path().join(format!("{DB_FILE}-wal")));
    let err = Desk::open(dir.path()).err().unwrap();
    assert!(
        err.to_string().contains("backup restore"),
        "the message says how: {err}"
    );

    assert_eq!(Desk::backups_in(dir.path()).unwrap()[0].name, backup.name);
    let desk = Desk::restore_backup(dir.path(), &backup.name).unwrap();
    assert_eq!(
        desk.open_review(&id).unwrap().values["methodology.process"],
        json!("Kept in the backup.")
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("reviews.sqlite3.before-restore-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file was set aside");
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        garbage,
        "and left as it was"
    );
}

#[test]
fn a_damaged_or_unknown_backup_is_refused_and_the_store_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    let backup = desk.backup_now().unwrap();
    drop(desk);
    assert_eq!(
        Desk::restore_backup(dir.path(), "nope.sqlite3")
            .err()
            .unwrap()
            .code(),
        "not_found"
    );
    let path = dir.path().join("backups").join(&backup.name);
    std::fs::write(&path, vec![0u8; 4096]).unwrap();
    assert!(Desk::restore_backup(dir.path(), &backup.name).is_err());
    let desk = Desk::open(dir.path()).unwrap();
    assert!(desk.open_review(&id).is_ok(), "the store is as it was");
}
