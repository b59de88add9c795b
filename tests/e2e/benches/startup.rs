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
const MIB: f64 = 1024.0;

fn main() {
    let data =
        tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"));
    create_review(data.path());

    let mut times = Vec::with_capacity(RUNS);
    let mut memory = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let app = App::start(data.path());
        app.wait_for(ROW);
        app.open_review(None);
        app.wait_for(EDITOR_FIELD);
        times.push(started.elapsed());
        memory.push(app.memory());
        app.quit();
    }

    times.sort();
    println!(
        "startup: p50 {} ms, max {} ms ({RUNS} runs)",
        millis(median(&times)),
        millis(times[times.len() - 1])
    );
    let app_mib: Vec<u64> = memory.iter().map(|m: &Memory| m.app_kib).collect();
    let web_mib: Vec<u64> = memory.iter().map(|m| m.web_kib).collect();
    println!(
        "memory: app {:.0} MiB + web {:.0} MiB (p50 resident)",
        median_sorted(app_mib) as f64 / MIB,
        median_sorted(web_mib) as f64 / MIB
    );
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

fn median<T: Copy>(sorted: &[T]) -> T {
    sorted[sorted.len() / 2]
}

fn median_sorted(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    median(&values)
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}
