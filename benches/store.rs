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
    fn measure(runs: usize, mut f: impl FnMut(usize)) -> Latencies {
        let mut out = Vec::with_capacity(runs);
        for i in 0..runs {
            let start = Instant::now();
            f(i);
            out.push(start.elapsed().as_secs_f64() * 1000.0);
        }
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

/// The floor of any durable write: append 4 KiB to a file and fsync it.
fn bare_fsync(dir: &Path) -> Latencies {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("append.bin"))
        .unwrap();
    let block = vec![0x5a_u8; 4096];
    Latencies::measure(SAVES, |_| {
        file.write_all(&block).unwrap();
        file.sync_all().unwrap();
    })
}

/// The floor of a durable SQLite save: one row updated in its own transaction, WAL mode,
/// `synchronous=FULL`, the statement prepared once.
fn one_row_commit(dir: &Path) -> Latencies {
    let conn = rusqlite::Connection::open(dir.join("one-row.sqlite3")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO t VALUES (1, '');",
    )
    .unwrap();
    let mut seed = 3;
    Latencies::measure(SAVES, |_| {
        let value = text(&mut seed, 12);
        let mut stmt = conn
            .prepare_cached("UPDATE t SET value = ?1 WHERE id = 1")
            .unwrap();
        stmt.execute([value]).unwrap();
    })
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

    let fsync = bare_fsync(peers.path());
    println!("append 4 KiB + fsync ({SAVES} times): {}", fsync.line());
    let sqlite = one_row_commit(peers.path());
    println!(
        "one-row SQLite UPDATE, WAL, synchronous=FULL ({SAVES} commits): {}",
        sqlite.line()
    );

    let base_size = file_size(dir.path());
    let mut seed = 11;
    let saves = Latencies::measure(SAVES, |i| {
        let path = format!("objectives.{}.measures", i % 23 + 1);
        let paragraph = text(&mut seed, 120);
        version = desk
            .save(&id, version, [(path, json!(paragraph))].into())
            .unwrap()
            .version;
    });
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
