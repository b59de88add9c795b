//! PDF benchmark: export time and peak memory of `gcm-review export-pdf` for the reference
//! review (about 25,000 words, all 23 objectives filled), side by side in one run with
//! Chromium printing the same content from HTML (`--headless --print-to-pdf`): the two are run
//! in turns, so that the machine's other load weighs on both alike, and compared as ratios.
//!
//! Run with `make bench` (which installs Debian's chromium and time). The figures are printed,
//! never asserted.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::reference_review;
use serde_json::Value;

const RUNS: usize = 9;

/// Runs a command under `/usr/bin/time -v`; returns seconds and peak resident KiB.
fn measure(program: &str, args: &[&str]) -> (f64, u64) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(args)
        .output()
        .expect("/usr/bin/time (Debian package time)");
    let secs = start.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} failed: {report}");
    let kib = report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (secs, kib)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The review's answers as plain HTML: a heading per field, its paragraphs.
fn html(document: &Value) -> String {
    let mut out = String::from(
        "<!doctype html><meta charset=utf-8><style>body{font-family:'Noto Sans',sans-serif;font-size:10.5pt;line-height:1.4}</style><h1>Voluntary GCM review</h1>",
    );
    for (path, value) in document["answers"].as_object().unwrap() {
        let Some(text) = value.as_str() else { continue };
        out.push_str(&format!("<h2>{}</h2>", escape(path)));
        for paragraph in text.split("\n\n") {
            out.push_str(&format!("<p>{}</p>", escape(paragraph)));
        }
    }
    out
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // `GCM_BENCH_KEEP=<folder>` keeps the reference review there, to profile or repeat by hand.
    let keep = std::env::var_os("GCM_BENCH_KEEP").map(std::path::PathBuf::from);
    let data_dir = keep.clone().unwrap_or_else(|| dir.path().to_path_buf());
    let (desk, id, _) = reference_review(&data_dir);
    let document = serde_json::to_value(desk.document(&id).unwrap()).unwrap();
    drop(desk);
    let data = data_dir.to_str().unwrap();
    if keep.is_some() {
        println!("reference review {id} kept in {data}");
    }
    let ours_pdf = dir.path().join("ours.pdf");
    let cli = env!("CARGO_BIN_EXE_gcm-review");
    let ours_args = [
        "--data-dir",
        data,
        "export-pdf",
        &id,
        "-o",
        ours_pdf.to_str().unwrap(),
    ];
    let page = dir.path().join("review.html");
    std::fs::write(&page, html(&document)).unwrap();
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let theirs_pdf = dir.path().join("chromium.pdf");
    let profile = dir.path().join("chromium-profile");
    let print = format!("--print-to-pdf={}", theirs_pdf.display());
    let profile_arg = format!("--user-data-dir={}", profile.display());
    let url = format!("file://{}", page.display());
    let theirs_args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-pdf-header-footer",
        &profile_arg,
        &print,
        &url,
    ];
    // The first export of a store also makes its first backup, as a new user's would.
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(measure(cli, &ours_args));
        if let Some(chromium) = chromium {
            theirs.push(measure(chromium, &theirs_args));
        }
    }
    let ours_time = median(ours.iter().map(|m| m.0).collect());
    let ours_kib = ours.iter().map(|m| m.1).max().unwrap_or(0);
    println!(
        "gcm-review export-pdf, reference review ({} pages, {} KiB): median {:.3} s, peak RSS {} MiB ({RUNS} runs)",
        pages(&ours_pdf),
        std::fs::metadata(&ours_pdf)
            .map(|m| m.len() / 1024)
            .unwrap_or(0),
        ours_time,
        ours_kib / 1024,
    );
    if chromium.is_none() {
        println!("chromium is not installed (make bench installs it): no comparison");
        return;
    }
    let theirs_time = median(theirs.iter().map(|m| m.0).collect());
    let theirs_kib = theirs.iter().map(|m| m.1).max().unwrap_or(0);
    println!(
        "chromium --headless --print-to-pdf, same content ({} pages): median {:.3} s, peak RSS {} MiB of its largest process ({RUNS} runs)",
        pages(&theirs_pdf),
        theirs_time,
        theirs_kib / 1024
    );
    println!(
        "ratio: gcm-review is {:.1}x faster than Chromium (goal >= 10x) and peaks at {:.2}x its memory",
        theirs_time / ours_time,
        ours_kib as f64 / theirs_kib.max(1) as f64
    );
}

/// The page count pdfinfo reports, or "?" without poppler-utils.
fn pages(pdf: &Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into())
}
