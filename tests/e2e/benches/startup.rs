//! Cold start of GCM Review Desk until a review's editor is on screen, and the memory it then
//! uses. Run under a display, e.g.
//! `xvfb-run -a -s "-screen 0 1280x1024x24" cargo bench -p gcm-review-e2e --bench startup`.
//!
//! The data folder holds one review of about 25,000 words (every rich-text field answered), made
//! with the command-line tool. Each run starts the app, waits for Home's row, opens the review
//! and waits for its first field; the time covers launching the driver, the app and its webview.
//! The memory is the proportional set size of the whole process tree (the app and its WebKit
//! processes) once the editor shows, beside the resident size of each part.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gcm_review_e2e::{paths, App, Memory, EDITOR_FIELD, ROW};

const RUNS: usize = 7;
/// About 25,000 words over the template's rich-text fields.
const WORDS: usize = 25_000;
const KIB_PER_MIB: u64 = 1024;

fn main() {
    let data =
        tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"));
    create_review(data.path());

    let (times, memory): (Vec<Duration>, Vec<Memory>) = (0..RUNS).map(|_| run(data.path())).unzip();

    let min = times.iter().copied().min().unwrap_or_default();
    let max = times.iter().copied().max().unwrap_or_default();
    println!(
        "startup to the editor of a {WORDS}-word review: min {} ms, p50 {} ms, max {} ms ({RUNS} runs; goal <= 1000 ms)",
        min.as_millis(),
        p50(times).as_millis(),
        max.as_millis()
    );
    println!(
        "memory: process tree PSS {} MiB (p50; app {} MiB + web {} MiB resident)",
        p50(memory.iter().map(|m| m.tree_pss_kib).collect()) / KIB_PER_MIB,
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

/// One review for Kenya, made with `gcm-review new`, with every rich-text field of the
/// template answered (`gcm-review set`) so that it holds about [`WORDS`] words.
fn create_review(data_dir: &Path) {
    let id = cli(
        data_dir,
        &[
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            "IMRF 2026",
            "--language",
            "en",
        ],
    );
    let id = id.trim();
    let fields = richtext_fields(&cli(data_dir, &["template", "show"]));
    assert!(!fields.is_empty(), "the template lists no rich-text field");
    let per_field = WORDS / fields.len();
    let mut seed = 7_u64;
    for path in &fields {
        cli(
            data_dir,
            &["set", id, path, "--value", &text(&mut seed, per_field)],
        );
    }
}

/// Runs the command-line tool on `data_dir`; its standard output. Fails if it fails.
fn cli(data_dir: &Path, args: &[&str]) -> String {
    let cli = paths::cli_binary();
    let out = Command::new(&cli)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "gcm-review {} failed: {}",
        args.first().copied().unwrap_or_default(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The rich-text field paths of `template show`'s listing, objectives expanded (1 to 23).
fn richtext_fields(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let path = words.next()?;
            (words.next()? == "richtext").then(|| path.to_string())
        })
        .flat_map(|path| match path.split_once(".<1-23>.") {
            Some((head, tail)) => (1..=23).map(|n| format!("{head}.{n}.{tail}")).collect(),
            None => vec![path],
        })
        .collect()
}

/// Deterministic filler: `n` words in sentences of 17.
fn text(seed: &mut u64, n: usize) -> String {
    const VOCABULARY: [&str; 12] = [
        "migration",
        "national",
        "policy",
        "labour",
        "return",
        "integration",
        "data",
        "border",
        "consular",
        "protection",
        "regional",
        "cooperation",
    ];
    let mut out = String::new();
    for i in 0..n {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let index = usize::try_from(*seed >> 33).unwrap_or(0) % VOCABULARY.len();
        out.push_str(VOCABULARY[index]);
        out.push_str(if i % 17 == 16 { ". " } else { " " });
    }
    out.trim_end().to_string()
}

/// The median.
fn p50<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
