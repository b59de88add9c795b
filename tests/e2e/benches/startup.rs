//! Cold start of GCM Review Desk until a review's editor is on screen, and the memory it then
//! uses. Run under a display, e.g.
//! `xvfb-run -a -s "-screen 0 1280x1024x24" cargo bench -p gcm-review-e2e --bench startup`.
//!
//! The data folder holds one review, made with the command-line tool. Each run starts the app,
//! waits for Home's row, opens the review and waits for its first field; the time covers
//! launching the driver, the app and its webview.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gcm_review_e2e::{paths, App, Memory, EDITOR_FIELD, ROW};

const RUNS: usize = 5;
const KIB_PER_MIB: u64 = 1024;

fn main() {
    let data =
        tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"));
    create_review(data.path());

    let (times, memory): (Vec<Duration>, Vec<Memory>) = (0..RUNS).map(|_| run(data.path())).unzip();

    let max = times.iter().copied().max().unwrap_or_default();
    println!(
        "startup: p50 {} ms, max {} ms ({RUNS} runs)",
        p50(times).as_millis(),
        max.as_millis()
    );
    println!(
        "memory: app {} MiB + web {} MiB (p50 resident)",
        p50(memory.iter().map(|m| m.app_kib).collect()) / KIB_PER_MIB,
        p50(memory.iter().map(|m| m.web_kib).collect()) / KIB_PER_MIB
    );
}

/// One cold start: the time until the editor shows a field, and the memory used then.
fn run(data_dir: &Path) -> (Duration, Memory) {
    let started = Instant::now();
    let app = App::start(data_dir);
    app.wait_for(ROW);
    app.open_review(None);
    app.wait_for(EDITOR_FIELD);
    let elapsed = started.elapsed();
    let memory = app.memory();
    app.quit();
    (elapsed, memory)
}

/// One review for Kenya, made with `gcm-review new`.
fn create_review(data_dir: &Path) {
    let cli = paths::cli_binary();
    let out = Command::new(&cli)
        .arg("--data-dir")
        .arg(data_dir)
        .args([
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            "IMRF 2026",
            "--language",
            "en",
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "gcm-review new failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The median.
fn p50<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
