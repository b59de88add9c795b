//! Store benchmarks: durable autosave latency of a one-field edit on a full review, beside two
//! peers measured in the same run on the same file system: a bare append of 4 KiB followed by
//! an fsync, and a one-row SQLite UPDATE committed with `synchronous=FULL` in WAL mode (the
//! least any durable SQLite save can cost). Then how the store grows over 1,000 one-paragraph
//! autosaves compared with keeping 1,000 full copies.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench store`). The figures are
//! printed, never asserted: they depend on the machine's disk and on what else runs.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::Instant;

mod common;

use common::{percentile, reference_review, text};
use gcm_review::review::word_count;
use serde_json::{json, Value};

const SAVES: usize = 1000;

fn file_size(dir: &Path) -> u64 {
    ["reviews.sqlite3", "reviews.sqlite3-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

/// Sorted latencies in milliseconds.
struct Latencies(Vec<f64>);

impl Latencies {
    fn from(mut out: Vec<f64>) -> Latencies {
        out.sort_by(|a, b| a.total_cmp(b));
        Latencies(out)
    }

    fn p50(&self) -> f64 {
        percentile(&self.0, 0.5)
    }

    fn p99(&self) -> f64 {
        percentile(&self.0, 0.99)
    }

    fn max(&self) -> f64 {
        self.0[self.0.len() - 1]
    }

    fn line(&self) -> String {
        format!(
            "p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            self.p50(),
            self.p99(),
            self.max()
        )
    }
}

fn timed(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

/// The floor of any durable write: append 4 KiB to a file and fsync it.
struct BareFsync {
    file: std::fs::File,
    block: Vec<u8>,
}

impl BareFsync {
    fn new(dir: &Path) -> BareFsync {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("append.bin"))
            .unwrap();
        BareFsync {
            file,
            block: vec![0x5a_u8; 4096],
        }
    }

    fn write(&mut self) {
        self.file.write_all(&self.block).unwrap();
        self.file.sync_all().unwrap();
    }
}

/// The floor of a durable SQLite save: one row updated in its own transaction, WAL mode,
/// `synchronous=FULL`, the statement prepared once, SQLite's other settings as they come.
struct OneRow {
    conn: rusqlite::Connection,
    seed: u64,
}

impl OneRow {
    fn new(dir: &Path) -> OneRow {
        let conn = rusqlite::Connection::open(dir.join("one-row.sqlite3")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "FULL").unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO t VALUES (1, '');",
        )
        .unwrap();
        OneRow { conn, seed: 3 }
    }

    fn write(&mut self) {
        let value = text(&mut self.seed, 12);
        let mut stmt = self
            .conn
            .prepare_cached("UPDATE t SET value = ?1 WHERE id = 1")
            .unwrap();
        stmt.execute([value]).unwrap();
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let peers = tempfile::tempdir_in(dir.path()).unwrap();
    let (mut desk, id, mut version) = reference_review(dir.path());
    let state = desk.open_review(&id).unwrap();
    let words: usize = state
        .values
        .values()
        .filter_map(Value::as_str)
        .map(word_count)
        .sum();
    let document_bytes = serde_json::to_vec(&desk.document(&id).unwrap())
        .unwrap()
        .len();
    println!(
        "reference review: {} answered fields, {words} words, document {} KiB",
        state.values.len(),
        document_bytes / 1024
    );

    // The three are measured in turns, in a rotating order, so that what else the machine
    // does at the time weighs on each alike.
    let base_size = file_size(dir.path());
    let mut fsync = BareFsync::new(peers.path());
    let mut sqlite = OneRow::new(peers.path());
    let mut seed = 11;
    let (mut ours, mut bare, mut row) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..SAVES {
        for turn in 0..3 {
            match (i + turn) % 3 {
                0 => {
                    let path = format!("objectives.{}.measures", i % 23 + 1);
                    let paragraph = text(&mut seed, 120);
                    ours.push(timed(|| {
                        version = desk
                            .save(&id, version, [(path, json!(paragraph))].into())
                            .unwrap()
                            .version;
                    }));
                }
                1 => bare.push(timed(|| fsync.write())),
                _ => row.push(timed(|| sqlite.write())),
            }
        }
    }
    let (saves, fsync, sqlite) = (
        Latencies::from(ours),
        Latencies::from(bare),
        Latencies::from(row),
    );
    println!("append 4 KiB + fsync ({SAVES} times): {}", fsync.line());
    println!(
        "one-row SQLite UPDATE, WAL, synchronous=FULL ({SAVES} commits): {}",
        sqlite.line()
    );
    println!(
        "durable autosave of a one-field edit ({SAVES} saves, synchronous=FULL): {}",
        saves.line()
    );
    println!(
        "ratio: autosave p99 = {:.2}x a bare fsync's p99 (goal <= 2); autosave p50 = {:.2}x a one-row SQLite commit's p50 (goal <= 1.5)",
        saves.p99() / fsync.p99(),
        saves.p50() / sqlite.p50()
    );
    println!(
        "       autosave p50 = {:.2}x a bare fsync's p50; autosave p99 = {:.2}x a one-row SQLite commit's p99",
        saves.p50() / fsync.p50(),
        saves.p99() / sqlite.p99()
    );
    drop(desk);
    // Fold the WAL into the file so that the size is what stays on disk.
    let conn = rusqlite::Connection::open(dir.path().join("reviews.sqlite3")).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(conn);
    let grown = file_size(dir.path()).saturating_sub(base_size);
    let copies = SAVES as u64 * document_bytes as u64;
    println!(
        "store growth over {SAVES} one-paragraph autosaves: {:.1} MiB (full copies would take {:.1} MiB: {:.0}x more)",
        grown as f64 / 1048576.0,
        copies as f64 / 1048576.0,
        copies as f64 / grown.max(1) as f64
    );
}
