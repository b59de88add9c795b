//! Store benchmarks: durable autosave latency of a one-field edit on a full review, and how the
//! store grows over 1,000 one-paragraph autosaves compared with keeping 1,000 full copies.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench store`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

mod common;

use common::{percentile, reference_review, text};
use gcm_review::review::word_count;
use serde_json::{json, Value};

fn file_size(dir: &Path) -> u64 {
    ["reviews.sqlite3", "reviews.sqlite3-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
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

    let base_size = file_size(dir.path());
    let mut seed = 11;
    let mut latencies = Vec::with_capacity(1000);
    for i in 0..1000 {
        let path = format!("objectives.{}.measures", i % 23 + 1);
        let paragraph = text(&mut seed, 120);
        let start = Instant::now();
        version = desk
            .save(&id, version, [(path, json!(paragraph))].into())
            .unwrap()
            .version;
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(|a, b| a.total_cmp(b));
    println!(
        "durable autosave of a one-field edit (1,000 saves, synchronous=FULL): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies[latencies.len() - 1]
    );
    drop(desk);
    // Fold the WAL into the file so that the size is what stays on disk.
    let conn = rusqlite::Connection::open(dir.path().join("reviews.sqlite3")).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(conn);
    let grown = file_size(dir.path()).saturating_sub(base_size);
    let copies = 1000 * document_bytes as u64;
    println!(
        "store growth over 1,000 one-paragraph autosaves: {:.1} MiB (full copies would take {:.1} MiB: {:.0}x more)",
        grown as f64 / 1048576.0,
        copies as f64 / 1048576.0,
        copies as f64 / grown.max(1) as f64
    );
}
