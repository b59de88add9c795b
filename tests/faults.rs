//! Faults the store must survive with a clear message and nothing already saved lost: a full
//! disk, a read-only folder or file, a store locked by another process, a truncated file.
//!
//! The full disk and the read-only file need a small file system of their own, which only root
//! can mount; CI runs as root. Run as another user, those two fail and say so: a check that
//! could not run is not a check that passed.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::new_review;
use gcm_review::store::DB_FILE;
use gcm_review::{Desk, Values};
use rusqlite::Connection;
use serde_json::json;

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

/// Fails the test unless it runs as root, which `what` needs.
fn require_root(what: &str) {
    assert!(
        is_root(),
        "{what} needs root, so this test cannot run as another user: run it as root (CI does), \
         e.g. `sudo -E cargo test -p gcm-review --test faults`"
    );
}

/// A file system mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn new(dir: &Path, args: &[&str]) -> Mount {
        let status = Command::new("mount")
            .args(args)
            .arg(dir)
            .status()
            .expect("mount");
        assert!(
            status.success(),
            "could not mount {args:?} on {}",
            dir.display()
        );
        Mount(dir.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn edit(path: &str, text: String) -> Values {
    [(path.to_string(), json!(text))].into()
}

#[test]
fn a_full_disk_is_reported_and_loses_nothing_saved() {
    require_root("mounting a small file system");
    let dir = tempfile::tempdir().unwrap();
    let _mount = Mount::new(dir.path(), &["-t", "tmpfs", "-o", "size=1m", "tmpfs"]);
    let filler = dir.path().join("filler");
    std::fs::write(&filler, vec![0u8; 300 * 1024]).unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    let mut version = 1;
    let mut saved = Vec::new();
    let error = loop {
        let n = saved.len();
        let text = format!("paragraph {n} {}", "migration data ".repeat(800 + n));
        match desk.save(
            &id,
            version,
            edit(&format!("objectives.{}.measures", n % 23 + 1), text.clone()),
        ) {
            Ok(outcome) => {
                version = outcome.version;
                saved.push((n, text));
            }
            Err(e) => break e,
        }
        assert!(n < 500, "the 1 MiB file system never filled");
    };
    assert_eq!(error.code(), "disk_full", "{error}");
    assert!(error.to_string().contains("disk is full"), "{error}");
    assert!(saved.len() > 3);
    // What was saved before is all there, from this connection and a new one.
    let check = |desk: &Desk| {
        let values = desk.open_review(&id).unwrap().values;
        for (n, text) in saved.iter().rev().take(23) {
            assert_eq!(
                values[&format!("objectives.{}.measures", n % 23 + 1)],
                json!(text)
            );
        }
    };
    check(&desk);
    drop(desk);
    let mut desk = Desk::open(dir.path()).expect("a full disk's store still opens");
    check(&desk);
    // Once space is freed, saving goes on where it stopped.
    std::fs::remove_file(&filler).unwrap();
    let text = "migration data ".repeat(900);
    let outcome = desk.save(&id, version, edit("methodology.process", text.clone()));
    assert_eq!(outcome.unwrap().version, version + 1);
    assert_eq!(
        desk.open_review(&id).unwrap().values["methodology.process"],
        json!(text)
    );
}

#[test]
fn a_read_only_data_folder_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let _mount;
    if is_root() {
        _mount = Mount::new(&data, &["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"]);
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let err = Desk::open(&data).err().expect("refused");
    assert_eq!(err.code(), "read_only", "{err}");
    assert!(
        err.to_string().contains("cannot write to the data folder"),
        "{err}"
    );
}

#[test]
fn a_store_on_a_read_only_file_system_is_refused_and_untouched() {
    require_root("a read-only bind mount");
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    desk.save(&id, 1, edit("methodology.process", "Kept.".into()))
        .unwrap();
    drop(desk);
    let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let source = dir.path().to_str().unwrap();
    let _bind = Mount::new(dir.path(), &["--bind", "-o", "ro", source]);
    // Some systems need the read-only flag applied by a remount.
    let _ = Command::new("mount")
        .args(["-o", "remount,ro,bind"])
        .arg(dir.path())
        .status();
    let err = Desk::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "read_only", "{err}");
    assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
}

/// What the lock holder prints once it holds the lock (the harness's own lines never say it).
const LOCK_HELD: &str = "exclusive lock held";

/// The locking process (`examples/lock_holder.rs`), which `cargo test` builds beside the tests.
fn lock_holder() -> Command {
    let exe = std::env::current_exe().unwrap();
    let examples = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("examples");
    let holder = examples.join(format!("lock_holder{}", std::env::consts::EXE_SUFFIX));
    assert!(
        holder.exists(),
        "{} is built by cargo test",
        holder.display()
    );
    Command::new(holder)
}

#[test]
fn a_store_locked_by_another_process_is_reported_then_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    let mut holder = lock_holder()
        .env("GCM_LOCK_FILE", dir.path().join(DB_FILE))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(holder.stdout.take().unwrap());
    while !line.contains(LOCK_HELD) {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the lock holder did not start"
        );
    }
    let err = desk
        .save(&id, 1, edit("methodology.process", "Waiting.".into()))
        .unwrap_err();
    assert_eq!(err.code(), "busy", "{err}");
    assert!(err.to_string().contains("busy in another program"), "{err}");
    holder.kill().unwrap();
    holder.wait().unwrap();
    let saved = desk
        .save(&id, 1, edit("methodology.process", "Waiting.".into()))
        .unwrap();
    assert_eq!(saved.version, 2);
}

#[test]
fn a_truncated_store_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    for i in 0..40 {
        let text = format!("draft {i} {}", "x".repeat(3000));
        desk.save(&id, i + 1, edit("methodology.process", text))
            .unwrap();
    }
    drop(desk);
    let file = dir.path().join(DB_FILE);
    Connection::open(&file)
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let truncated = &bytes[..bytes.len() / 2];
    std::fs::write(&file, truncated).unwrap();
    let err = Desk::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "corrupt_store", "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        truncated,
        "nothing overwritten"
    );
}
