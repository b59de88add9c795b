//! Crash harness: a child process saves edits through the same core call the app's autosave
//! uses and is killed with SIGKILL at random moments. After every kill the store opens, passes
//! its integrity check, and holds every edit whose save was acknowledged before the kill.
//!
//! `GCM_CRASH_KILLS` sets the number of kills (200 by default; `make stress` runs more) and
//! `GCM_CRASH_SEED` the seed of the random moments (printed, to replay a failure). A second
//! test kills the writer while the store's background thread checkpoints the log, after a
//! burst of saves and a pause (`GCM_CRASH_CHECKPOINT_KILLS`, 8 by default).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::new_review;
use gcm_review::store::DB_FILE;
use gcm_review::Desk;
use rusqlite::Connection;

const CHILD_DIR: &str = "GCM_CRASH_CHILD_DIR";

/// With this set to N, the child says `pause` after every N saves and waits a second, long
/// enough for the store to checkpoint its log in the background, then saves on.
const CHILD_BURST: &str = "GCM_CRASH_CHILD_BURST";

/// The writer process (`examples/crash_child.rs`), which `cargo test` builds beside the tests.
fn crash_child() -> Command {
    let exe = std::env::current_exe().unwrap();
    let examples = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("examples");
    let child = examples.join(format!("crash_child{}", std::env::consts::EXE_SUFFIX));
    assert!(
        child.exists(),
        "{} is missing: `cargo test -p gcm-review` builds it (or `cargo build --examples`)",
        child.display()
    );
    Command::new(child)
}

/// A small deterministic generator for the kill moments.
struct Moments(u64);

impl Moments {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Starts a writer, lets it acknowledge `saves` edits, waits `pause`, kills it; returns the
/// last acknowledged `(edit, version)`.
fn run_and_kill(dir: &Path, saves: u64, pause: Duration) -> (u64, u64) {
    let mut child = crash_child()
        .env(CHILD_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let mut parts = line.split(' ').map(str::parse::<u64>);
            if let (Some(Ok(i)), Some(Ok(v))) = (parts.next(), parts.next()) {
                let _ = tx.send((i, v));
            }
        }
    });
    let mut last = None;
    while last.is_none_or(|(i, _)| i + 1 < saves) {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(ack) => last = Some(ack),
            Err(e) => panic!("the writer acknowledged nothing for a minute: {e}"),
        }
    }
    std::thread::sleep(pause);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    reader.join().unwrap();
    rx.try_iter().last().or(last).unwrap()
}

#[test]
fn acknowledged_saves_survive_kills() {
    let kills = env_number("GCM_CRASH_KILLS", 200);
    let seed = env_number("GCM_CRASH_SEED", u64::from(std::process::id()));
    println!("crash harness: {kills} kills, seed {seed}");
    let mut moments = Moments(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    drop(desk);
    let mut acknowledged = 0;
    for kill in 0..kills {
        let saves = 1 + moments.next(12);
        let pause = Duration::from_micros(moments.next(3000));
        let (i, version) = run_and_kill(dir.path(), saves, pause);
        acknowledged += i + 1;
        let desk = Desk::open(dir.path())
            .unwrap_or_else(|e| panic!("kill {kill} (seed {seed}): the store does not open: {e}"));
        let state = desk.open_review(&id).unwrap();
        assert!(
            state.version >= version,
            "kill {kill} (seed {seed}): acknowledged revision {version} lost (store at {})",
            state.version
        );
        let path = format!("objectives.{}.measures", i % 23 + 1);
        let then = desk.revision(&id, version).unwrap();
        assert!(
            then[&path]
                .as_str()
                .unwrap()
                .starts_with(&format!("edit {i}:")),
            "kill {kill} (seed {seed}): revision {version} does not hold edit {i}"
        );
    }
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    println!("crash harness: {kills} kills survived, {acknowledged} acknowledged saves, none lost");
}

/// Starts a writer that pauses after `burst` saves, kills it `delay` into its first pause
/// (while the store's thread checkpoints the log, if `delay` falls in it); returns the last
/// acknowledged `(edit, version)`.
fn kill_in_pause(dir: &Path, burst: u64, delay: Duration) -> (u64, u64) {
    let mut child = crash_child()
        .env(CHILD_DIR, dir)
        .env(CHILD_BURST, burst.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut last = None;
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if line == "pause" {
            break;
        }
        let mut parts = line.split(' ').map(str::parse::<u64>);
        if let (Some(Ok(i)), Some(Ok(v))) = (parts.next(), parts.next()) {
            last = Some((i, v));
        }
    }
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    last.expect("the writer acknowledged saves before its pause")
}

#[test]
fn acknowledged_saves_survive_kills_during_background_checkpoints() {
    // The store's thread checkpoints once 100 commits are in the log and saves have paused
    // for 250 ms (src/store/maintenance.rs): bursts of 120 saves, kills from 245 to 275 ms
    // into the pause, fall before, during and after a checkpoint.
    let kills = env_number("GCM_CRASH_CHECKPOINT_KILLS", 8);
    let seed = env_number("GCM_CRASH_SEED", u64::from(std::process::id()));
    println!("checkpoint kills: {kills}, seed {seed}");
    let mut moments = Moments(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = new_review(&mut desk);
    drop(desk);
    for kill in 0..kills {
        let delay = Duration::from_millis(245 + moments.next(30));
        let (i, version) = kill_in_pause(dir.path(), 120, delay);
        let desk = Desk::open(dir.path())
            .unwrap_or_else(|e| panic!("kill {kill} (seed {seed}): the store does not open: {e}"));
        let state = desk.open_review(&id).unwrap();
        assert!(
            state.version >= version,
            "kill {kill} (seed {seed}): acknowledged revision {version} lost (store at {})",
            state.version
        );
        let path = format!("objectives.{}.measures", i % 23 + 1);
        let then = desk.revision(&id, version).unwrap();
        assert!(
            then[&path]
                .as_str()
                .unwrap()
                .starts_with(&format!("edit {i}:")),
            "kill {kill} (seed {seed}): revision {version} does not hold edit {i}"
        );
    }
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
