//! What the benchmarks share: a reference review of about 25,000 words.
#![allow(dead_code)]

use std::path::Path;

use gcm_review::template::FieldKind;
use gcm_review::{Desk, NewReview, Values};
use serde_json::json;

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
pub fn text(seed: &mut u64, n: usize) -> String {
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

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A review with about 150 answered fields and 25,000 words.
pub fn reference_review(dir: &Path) -> (Desk, String, u64) {
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
