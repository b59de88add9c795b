//! Signing benchmarks: sign and verify time for the reference review, and verification
//! throughput over a folder of 1,000 signed files, side by side with an independent JOSE
//! implementation (Python jwcrypto) on the same files.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench sign`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::reference_review;
use gcm_review::sign::{sign, verify, Signer, SigningKey, Status};

fn timed(mut command: Command) -> f64 {
    let start = Instant::now();
    let out = command.output().expect("run");
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

/// How many times each side verifies the 1,000 files.
const VERIFY_RUNS: usize = 3;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn python_with_jwcrypto() -> Option<PathBuf> {
    ["python3", "/usr/bin/python3"]
        .iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .args(["-c", "import jwcrypto"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, id, _) = reference_review(dir.path());
    let document = desk.document(&id).unwrap();
    let signer = Signer {
        name: "Amina Otieno".into(),
        title: "Director, Migration Affairs".into(),
        ministry: "Ministry of Foreign Affairs".into(),
        email: "focal.point@example.org".into(),
    };
    let key = SigningKey::generate().unwrap();
    let now = "2026-03-01T10:00:00Z";

    let runs = 200;
    let start = Instant::now();
    let mut signed = None;
    for _ in 0..runs {
        signed = Some(sign(&document, &signer, Status::Final, &key, now).unwrap());
    }
    let sign_ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    let signed = signed.unwrap();
    let bytes = signed.file_bytes();
    let start = Instant::now();
    for _ in 0..runs {
        verify(bytes).unwrap();
    }
    let verify_ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!(
        "reference review ({} KiB signed): sign {sign_ms:.2} ms, verify {verify_ms:.2} ms (mean of {runs})",
        bytes.len() / 1024
    );

    // `GCM_BENCH_KEEP=<folder>` keeps the 1,000 signed files there, to profile or repeat by hand.
    let keep = std::env::var_os("GCM_BENCH_KEEP").map(PathBuf::from);
    let folder = keep
        .unwrap_or_else(|| dir.path().to_path_buf())
        .join("signed");
    std::fs::create_dir_all(&folder).unwrap();
    let mut files = Vec::new();
    for n in 0..1000 {
        let mut doc = document.clone();
        doc.revision = n + 1;
        let s = sign(&doc, &signer, Status::Final, &key, now).unwrap();
        let file = folder.join(format!("review-{n:04}.review.json"));
        std::fs::write(&file, s.file_bytes()).unwrap();
        files.push(file);
    }
    // Each run verifies into a store of its own, as a new user's first verification would; the
    // runs alternate with jwcrypto's so that a change in the machine's load touches both.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/jose_check.py");
    let python = python_with_jwcrypto();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 0..VERIFY_RUNS {
        let data = dir.path().join(format!("verifier-store-{run}"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_gcm-review"));
        command
            .arg("--data-dir")
            .arg(&data)
            .arg("verify")
            .arg("--allow-untrusted")
            .args(&files);
        ours.push(timed(command));
        if let Some(python) = &python {
            let mut command = Command::new(python);
            command.arg(&script).args(&files);
            theirs.push(timed(command));
        }
    }
    let ours = median(ours);
    println!(
        "verify 1,000 signed files: gcm-review {ours:.2} s ({:.0} files/s, median of {VERIFY_RUNS})",
        1000.0 / ours
    );
    match python {
        Some(_) => {
            let theirs = median(theirs);
            println!(
                "verify 1,000 signed files: jwcrypto {theirs:.2} s ({:.0} files/s); gcm-review is {:.1}x faster (goal >= 5x)",
                1000.0 / theirs,
                theirs / ours
            );
        }
        None => println!(
            "jwcrypto is not installed (make bench installs python3-jwcrypto): no comparison"
        ),
    }
}
