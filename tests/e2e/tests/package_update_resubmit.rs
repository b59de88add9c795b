//! The way back and forth with the secretariat: a package made for a regional review (by the
//! command line, in another office) is imported in the app, its verdict shown first; the
//! official starts the update for the next cycle, edits, sees the change marked and compares it
//! with the submission, then packages the update and writes the email draft. The new package
//! names the imported one as the submission it supersedes.

use std::path::{Path, PathBuf};

use gcm_review_e2e::{cli_with_env, App, AUTOMATION_DIR};
use serde_json::Value;

const PASSPHRASE: &str = "correct horse battery staple";
const PROCESS: &str = "Consultations with ten ministries and the county governments.";
const ADDED: &str = " In 2025 the working group added trade unions.";

#[test]
fn package_update_resubmit() {
    let author = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let (regional, first_digest, id) = regional_package(author.path(), files.path());

    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);

    // Import: the verdict first, then the review.
    app.click("#import-file");
    app.wait_for("#import-dialog");
    app.wait_for(".import-verdict[data-verdict=\"untrusted_key\"]");
    let action = app.attrs("#import-action", "data-action-kind");
    assert_eq!(
        action,
        ["create"],
        "a review new to this computer is created"
    );
    assert!(
        app.text(".import-verdict").contains("Regional review 2024"),
        "the verdict names the review"
    );
    app.screenshot("import");
    app.click("#import-confirm");
    app.wait_gone("#import-dialog");
    app.wait_editor();
    app.go_to("methodology");
    app.wait_field_value("methodology.process", PROCESS);

    // Start the update for the next cycle from the submitted revision.
    app.click("#open-history");
    app.wait_for("[data-revision=\"1\"] .submission[data-direction=\"received\"]");
    app.click("[data-revision=\"1\"] [data-action=\"start-update\"]");
    app.wait_for("#update-dialog");
    app.clear_text("#update-cycle");
    app.type_text("#update-cycle", "IMRF 2026");
    app.click("#update-confirm");
    app.wait_gone("#update-dialog");
    app.wait_text(".review-title", "IMRF 2026");

    // Edit: the field is marked as changed since the submission.
    app.type_into("methodology.process", ADDED);
    app.wait_saved();
    app.wait_for("[data-changed-since-submission] [data-field=\"methodology.process\"]");
    app.screenshot("changed-since-submission");

    // Compare with the submission.
    app.click("#since-submission");
    app.wait_for("#compare-dialog [data-diff-field=\"methodology.process\"]");
    app.wait_for("#compare-dialog [data-diff-field=\"cover.cycle\"]");
    let inserted = app.texts("#compare-dialog [data-diff-field=\"methodology.process\"] ins");
    assert!(
        inserted.iter().any(|w| w.contains("trade")),
        "the added words are marked as inserted: {inserted:?}"
    );
    app.screenshot("since-submission");
    app.click("#compare-close");
    app.wait_gone("#compare-dialog");

    // Package the update: who signs here, a key, then the package.
    set_up_signer(&app);
    app.click("#export-package");
    app.wait_for("#export-dialog[data-kind=\"package\"]");
    app.wait_for("#export-passphrase");
    app.type_text("#export-passphrase", PASSPHRASE);
    app.click("#export-sign");
    app.wait_for("#export-result[data-outcome=\"written\"]");
    let shown = app.attrs("#package-supersedes", "data-supersedes");
    assert_eq!(
        shown,
        std::slice::from_ref(&first_digest),
        "the result names what it supersedes"
    );
    app.screenshot("package");

    app.click("#package-email");
    app.wait_for("#package-note[data-eml]");
    let eml = PathBuf::from(&app.attrs("#package-note", "data-eml")[0]);
    let draft = std::fs::read_to_string(&eml).unwrap_or_else(|e| panic!("{}: {e}", eml.display()));
    assert!(draft.contains("X-Unsent: 1") && draft.contains("unmignet@iom.int"));
    app.click("#export-close");
    app.wait_gone("#export-dialog");

    // The new package, checked by the command line: valid, and superseding the first.
    let update = packages(files.path())
        .into_iter()
        .find(|p| *p != regional)
        .unwrap_or_else(|| panic!("the update's package in {}", files.path().display()));
    let verdict = verify(data.path(), &update);
    assert_eq!(verdict["verdict"], "valid", "{verdict}");
    assert_eq!(
        verdict["supersedes"],
        Value::from(first_digest),
        "{verdict}"
    );
    assert_eq!(verdict["reviewId"], Value::from(id));

    // History (closed and opened again) shows the submission as a milestone.
    app.click("#open-history");
    app.wait_gone("#history-panel");
    app.click("#open-history");
    app.wait_text("#history-panel", "submitted on");
    app.quit();
}

/// Runs the command line on a data folder, with the passphrase of its key.
fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[("GCM_REVIEW_PASSPHRASE", PASSPHRASE)])
}

/// A package made in another office for the regional review: its path, digest and review id.
fn regional_package(author: &Path, files: &Path) -> (PathBuf, String, String) {
    let id = cli(
        author,
        &[
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            "Regional review 2024",
            "--language",
            "en",
        ],
    )
    .trim()
    .to_string();
    cli(
        author,
        &["set", &id, "methodology.process", "--value", PROCESS],
    );
    cli(
        author,
        &[
            "keys",
            "new",
            "--name",
            "Achieng Otieno",
            "--title",
            "Head of Migration Policy",
            "--ministry",
            "Ministry of Interior",
            "--email",
            "a.otieno@interior.example.go.ke",
        ],
    );
    let path = files.join("regional.zip");
    cli(
        author,
        &["package", &id, "-o", path.to_str().unwrap_or_default()],
    );
    let digest = verify(author, &path)["digest"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(digest.len(), 64, "the package's digest");
    (path, digest, id)
}

fn verify(data: &Path, file: &Path) -> Value {
    let text = cli(
        data,
        &["verify", "--json", file.to_str().unwrap_or_default()],
    );
    let all: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    all[0].clone()
}

fn packages(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    out.sort();
    out
}

/// Settings: who signs in this office, and a key.
fn set_up_signer(app: &App) {
    app.open_settings();
    app.type_text("#signer-name", "Wanjiru Kamau");
    app.type_text("#signer-title", "Director, Diaspora Policy");
    app.type_text("#signer-ministry", "State Department for Diaspora Affairs");
    app.type_text("#signer-email", "w.kamau@diaspora.example.go.ke");
    app.click("#save-signer");
    app.wait_text("#signer-status", "saved");
    app.click("#create-key");
    app.type_text("#new-passphrase", PASSPHRASE);
    app.type_text("#new-passphrase-again", PASSPHRASE);
    app.click("#create-key-confirm");
    app.wait_for("#key-fingerprint");
    app.close_settings();
}
