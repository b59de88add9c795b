//! Store benchmarks: durable autosave latency of a one-field edit on a full review, and how the
//! store grows over 1,000 one-paragraph autosaves compared with keeping 1,000 full copies.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench store`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use gcm_review::review::word_count;
use gcm_review::template::FieldKind;
use gcm_review::{Desk, NewReview, Values};
use serde_json::{json, Value};

const WORDS: [&str; 24] = [
    "migration",
    "ministry",
    "coordination",
    "national",
    "policy",
    "rights",
    "data",
    "return",
    "labour",
    "recruitment",
    "consular",
    "protection",
    "the",
    "and",
    "of",
    "with",
    "for",
    "strengthened",
    "partners",
    "local",
    "authorities",
    "review",
    "objective",
    "measures",
];

/// Deterministic filler text: `n` words in sentences.
fn text(seed: &mut u64, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let word = WORDS[(*seed >> 33) as usize % WORDS.len()];
        out.push_str(word);
        out.push_str(if i % 17 == 16 { ". " } else { " " });
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A review with about 150 answered fields and 25,000 words.
fn reference_review(dir: &Path) -> (Desk, String, u64) {
    let mut desk = Desk::open(dir).unwrap();
    let id = desk
        .create(NewReview {
            member_state: "KEN".into(),
            cycle: "IMRF 2026".into(),
            language: "en".into(),
        })
        .unwrap()
        .id;
    let template = desk.template();
    let fields: Vec<String> = template
        .fields()
        .iter()
        .filter(|f| f.field.kind == FieldKind::Richtext)
        .map(|f| f.path())
        .collect();
    let per_field = 25_000 / fields.len();
    let mut seed = 7;
    let mut values: Values = fields
        .iter()
        .map(|p| (p.clone(), json!(text(&mut seed, per_field))))
        .collect();
    for (path, value) in [
        ("cover.lead_entity", json!("Ministry of Foreign Affairs")),
        ("cover.focal_point", json!("Director, Migration Affairs")),
        ("cover.contact_email", json!("focal.point@example.org")),
        ("cover.date", json!("2026-03-01")),
        ("policy.implementation_plan", json!("national_plan")),
    ] {
        values.insert(path.into(), value);
    }
    for n in 1..=23 {
        values.insert(
            format!("objectives.{n}.principles"),
            json!(["human_rights", "whole_of_society"]),
        );
        values.insert(format!("objectives.{n}.prioritised"), json!(n % 3 == 0));
    }
    let version = desk.save(&id, 1, values).unwrap().version;
    (desk, id, version)
}

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
