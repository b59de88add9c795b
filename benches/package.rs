//! Package benchmarks: the time to build the package of the reference review (signing, PDF,
//! zip, with the real key derivation), to open and verify it, and to import it into an empty
//! store; and `gcm-review verify` throughput over a folder of 1,000 packages, as the secretariat
//! checks its inbox.
//!
//! Run with `make bench` (or `cargo bench -p gcm-review --bench package`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::Instant;

use common::reference_review;
use gcm_review::package::open_package;
use gcm_review::pdf::PdfOptions;
use gcm_review::sign::{KdfParams, Signer};
use gcm_review::Desk;

const PASSPHRASE: &str = "correct horse battery staple";

fn mean_ms(runs: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (mut desk, id, _) = reference_review(dir.path());
    desk.set_signer(&Signer {
        name: "Amina Otieno".into(),
        title: "Director, Migration Affairs".into(),
        ministry: "Ministry of Foreign Affairs".into(),
        email: "focal.point@example.org".into(),
    })
    .unwrap();
    desk.create_key(&PASSPHRASE.into()).unwrap();
    let options = PdfOptions::default();

    let mut bytes = Vec::new();
    let build = mean_ms(5, || {
        bytes = desk
            .package(&id, &PASSPHRASE.into(), &options)
            .unwrap()
            .bytes;
    });
    let pdf = mean_ms(5, || {
        desk.export_pdf(&id, &options).unwrap();
    });
    println!(
        "package of the reference review ({} KiB): built in {build:.0} ms (mean of 5; the PDF alone {pdf:.0} ms, the rest is mostly the passphrase's key derivation, Argon2id 64 MiB)",
        bytes.len() / 1024
    );
    let open = mean_ms(20, || {
        open_package(&bytes).unwrap();
    });
    let mut n = 0;
    let import = mean_ms(5, || {
        n += 1;
        let empty = dir.path().join(format!("import-{n}"));
        let mut other = Desk::open(&empty).unwrap();
        other.import(&bytes, None).unwrap();
    });
    println!(
        "open and verify the package: {open:.1} ms (mean of 20); import into an empty store: {import:.0} ms (mean of 5)"
    );

    // 1,000 packages: 20 distinct ones (each a new revision), each in 50 files.
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
    let folder = dir.path().join("inbox");
    std::fs::create_dir(&folder).unwrap();
    let mut files = Vec::new();
    for r in 0..20 {
        let note = format!("Revision note {r}.");
        desk.set_text(&id, "methodology.process", &note).unwrap();
        let package = desk
            .package(&id, &PASSPHRASE.into(), &options)
            .unwrap()
            .bytes;
        for copy in 0..50 {
            let file = folder.join(format!("KEN-{r:02}-{copy:02}.zip"));
            std::fs::write(&file, &package).unwrap();
            files.push(file);
        }
    }
    let data = dir.path().join("secretariat");
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_gcm-review"))
        .arg("--data-dir")
        .arg(&data)
        .arg("verify")
        .args(&files)
        .output()
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "verify 1,000 packages: gcm-review {secs:.2} s ({:.0} packages/s; keys recorded in one transaction)",
        1000.0 / secs
    );
}
