//! Contribution benchmarks: the preview and the merge of a response that rewrites every
//! objective (about 25,000 words) into the reference review after 1,000 revisions. Each merge
//! is a further response of the same entity to the same request, so that every run merges
//! the same amount of text into the same history.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench contrib`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::{reference_review, text};
use gcm_review::desk::{MergeDecision, NewContributor, RequestOptions};
use gcm_review::sign::{KdfParams, Signer};
use gcm_review::template::FieldKind;
use gcm_review::{Desk, Values};
use serde_json::json;

const PASSPHRASE: &str = "correct horse battery staple";
const RUNS: usize = 10;

fn signer(name: &str, ministry: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Director".into(),
        ministry: ministry.into(),
        email: "focal.point@example.org".into(),
    }
}

fn cheap(desk: &mut Desk) {
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (mut coordinator, id, _) = reference_review(&dir.path().join("coordinator"));
    cheap(&mut coordinator);
    coordinator
        .set_signer(&signer("Amina Otieno", "Ministry of Foreign Affairs"))
        .unwrap();
    coordinator.create_key(&PASSPHRASE.into()).unwrap();
    let mut seed = 11;
    let start = Instant::now();
    while coordinator.open_review(&id).unwrap().version < 1_000 {
        let note = text(&mut seed, 40);
        coordinator
            .set_text(&id, "methodology.process", &note)
            .unwrap();
    }
    println!(
        "setup: the reference review with 1,000 revisions in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let entity = coordinator
        .add_contributor(
            &id,
            &NewContributor {
                name: "Ministry of Labour".into(),
                ministry: String::new(),
                email: "labour@example.org".into(),
            },
        )
        .unwrap();
    coordinator
        .assign(&id, &entity.id, &["section:objectives".into()])
        .unwrap();
    let request = coordinator
        .request_contribution(
            &id,
            &entity.id,
            &RequestOptions::default(),
            &PASSPHRASE.into(),
        )
        .unwrap();
    coordinator.record_request(&request).unwrap();

    let mut contributor = Desk::open(&dir.path().join("contributor")).unwrap();
    cheap(&mut contributor);
    contributor
        .set_signer(&signer("Peter Mwangi", "Ministry of Labour"))
        .unwrap();
    let ws = contributor.open_request(&request.bytes).unwrap().workspace;
    let paths: Vec<String> = contributor
        .template()
        .fields()
        .iter()
        .filter(|f| f.objective.is_some() && f.field.kind == FieldKind::Richtext)
        .map(|f| f.path())
        .collect();
    let per_field = 25_000 / paths.len();

    // RUNS + 1 responses, each rewriting every objective's text anew.
    let mut responses = Vec::new();
    for run in 0..=RUNS {
        let mut seed = 1_000 + run as u64;
        let changes: Values = paths
            .iter()
            .map(|p| (p.clone(), json!(text(&mut seed, per_field))))
            .collect();
        let head = contributor.open_review(&ws).unwrap().version;
        contributor.save(&ws, head, changes).unwrap();
        let response = contributor
            .return_contribution(&ws, &PASSPHRASE.into(), None)
            .unwrap();
        responses.push(response.bytes);
    }
    println!(
        "response: {} fields, {} words, {} KiB",
        paths.len(),
        per_field * paths.len(),
        responses[0].len() / 1024
    );

    let mut previews = Vec::new();
    let mut merges = Vec::new();
    for (run, bytes) in responses.iter().enumerate() {
        let start = Instant::now();
        let preview = coordinator.merge_preview(&id, bytes).unwrap();
        let preview_ms = ms(start);
        assert_eq!(preview.taken.len(), paths.len(), "every objective is taken");
        let decision = MergeDecision {
            head: preview.head,
            ..Default::default()
        };
        let start = Instant::now();
        coordinator.merge(&id, bytes, &decision).unwrap();
        let merge_ms = ms(start);
        // The first run warms the caches; it is reported apart.
        if run == 0 {
            println!("first run (cold): preview {preview_ms:.1} ms, merge {merge_ms:.1} ms");
        } else {
            previews.push(preview_ms);
            merges.push(merge_ms);
        }
    }
    let report = |name: &str, v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        println!(
            "{name}: mean {mean:.1} ms, median {:.1} ms, max {:.1} ms ({} runs; under 100 ms: {})",
            v[v.len() / 2],
            v[v.len() - 1],
            v.len(),
            if v[v.len() - 1] < 100.0 { "yes" } else { "NO" }
        );
    };
    report(
        "preview (every check and the three-way merge; no conflict to compare word by word)",
        &mut previews,
    );
    report(
        "merge (check again, one transaction, one revision)",
        &mut merges,
    );

    // The worst case: the coordinator rewrote every objective too, so that every field is a
    // conflict the preview compares word by word.
    let mut seed = 5_000;
    let mine: Values = paths
        .iter()
        .map(|p| (p.clone(), json!(text(&mut seed, per_field))))
        .collect();
    let head = coordinator.open_review(&id).unwrap().version;
    coordinator.save(&id, head, mine).unwrap();
    let mut seed = 9_000;
    let changes: Values = paths
        .iter()
        .map(|p| (p.clone(), json!(text(&mut seed, per_field))))
        .collect();
    let head = contributor.open_review(&ws).unwrap().version;
    contributor.save(&ws, head, changes).unwrap();
    let last = contributor
        .return_contribution(&ws, &PASSPHRASE.into(), None)
        .unwrap()
        .bytes;
    let mut conflicts = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let preview = coordinator.merge_preview(&id, &last).unwrap();
        conflicts.push(ms(start));
        assert_eq!(preview.conflicts.len(), paths.len());
    }
    report(
        "preview with every objective in conflict, each rewritten wholly on both sides and compared word by word (worst case)",
        &mut conflicts,
    );
    println!(
        "the review now has {} revisions",
        coordinator.open_review(&id).unwrap().version
    );
}
