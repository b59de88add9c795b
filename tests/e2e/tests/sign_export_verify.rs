//! A signer is set up in Settings (who signs, a key protected by a passphrase), an incomplete
//! review is exported as signed JSON (a draft, after a wrong passphrase is refused), and the file
//! is verified: valid as written, not valid once one character of it was changed.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use gcm_review_e2e::{App, NewReview, AUTOMATION_DIR};
use serde_json::Value;

const PROCESS: &str = "The review was prepared by an inter-ministerial working group chaired by \
    the State Department for Diaspora Affairs, which met six times between March and June 2025.";
const TAMPERED: &str = "The review was prepared by an inter-ministerial working group chaired by \
    the State Department for Diaspora Affairs, which met six times between March and June 2026.";
const PASSPHRASE: &str = "correct horse battery staple";
const SIGNER_NAME: &str = "Wanjiru Kamau";
const MINISTRY: &str = "State Department for Diaspora Affairs";
const JUMP_TO: &str = "cover.lead_entity";

#[test]
fn sign_export_verify() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);

    app.create_review(NewReview::KENYA);
    app.go_to("methodology");
    app.type_into("methodology.process", PROCESS);
    app.wait_saved();

    set_up_signer(&app);

    let written = export_signed(&app);
    let file = exported_file(files.path());
    assert_eq!(
        Path::new(&written).file_name(),
        file.file_name(),
        "the path shown is the file written"
    );
    let signed = read_json(&file);
    assert_eq!(
        signed["review"]["answers"]["methodology.process"],
        Value::from(PROCESS),
        "the typed answer inside the signed file"
    );
    assert_eq!(
        signed["review"]["status"], "draft",
        "an incomplete review is a draft"
    );
    assert_eq!(signed["review"]["signer"]["name"], SIGNER_NAME);

    let card = verify(&app);
    assert_eq!(
        card.0, "valid",
        "the file as written, signed with our own key"
    );
    assert!(
        card.1.contains(SIGNER_NAME) && card.1.contains(MINISTRY),
        "the valid card names the signer and the ministry: {:?}",
        card.1
    );
    app.screenshot("verify");
    app.click("#verify-close");
    app.wait_gone("#verify-dialog");

    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(
        text.matches(PROCESS).count(),
        1,
        "the answer appears once in the file"
    );
    std::fs::write(&file, text.replace(PROCESS, TAMPERED))
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let card = verify(&app);
    assert_eq!(card.0, "invalid", "the file changed after signing");
    assert!(
        card.1.to_lowercase().contains("changed"),
        "the reason says the file was changed: {:?}",
        card.1
    );
    app.click("#verify-close");
    app.wait_gone("#verify-dialog");

    app.click("#export-json");
    app.click(&format!("[data-diagnostic-path=\"{JUMP_TO}\"]"));
    app.wait_gone("#export-dialog");
    app.wait_for("[data-nav=\"cover\"][aria-current=\"true\"]");
    app.wait_focus(JUMP_TO);
    app.quit();
}

/// Settings: who signs, then a key (after the two passphrases once differ).
fn set_up_signer(app: &App) {
    app.open_settings();
    app.type_text("#signer-name", SIGNER_NAME);
    app.type_text("#signer-title", "Director, Diaspora Policy");
    app.type_text("#signer-ministry", MINISTRY);
    app.type_text("#signer-email", "w.kamau@diaspora.example.go.ke");
    app.click("#save-signer");
    app.wait_text("#signer-status", "saved");

    app.click("#create-key");
    app.type_text("#new-passphrase", PASSPHRASE);
    app.type_text("#new-passphrase-again", "correct horse battery stable");
    app.click("#create-key-confirm");
    app.wait_text("#create-key-error", "not the same");
    app.clear_text("#new-passphrase-again");
    app.type_text("#new-passphrase-again", PASSPHRASE);
    app.click("#create-key-confirm");
    app.wait_for("#key-fingerprint");
    let fingerprint = app.text("#key-fingerprint");
    let groups: Vec<&str> = fingerprint.trim().split('-').collect();
    assert!(
        groups.len() == 8 && groups.iter().all(|g| g.len() == 4),
        "the fingerprint reads in eight groups of four: {fingerprint:?}"
    );
    app.screenshot("settings");
    app.close_settings();
}

/// Export signed JSON: the summary says draft; a wrong passphrase is refused, the right one
/// writes the file. Returns the path the dialog shows.
fn export_signed(app: &App) -> String {
    app.click("#export-json");
    app.wait_for("#export-dialog");
    app.wait_for("#export-summary [data-diagnostic-path]");
    app.wait_text("#export-status", "DRAFT");
    app.wait_for("#export-passphrase");

    app.type_text("#export-passphrase", "correct horse battery stapler");
    app.click("#export-sign");
    app.wait_text(
        "#export-error",
        "The passphrase is not the one this key was protected with",
    );
    assert!(
        app.find("#export-dialog").is_some(),
        "the dialog stays open"
    );
    app.screenshot("export");

    app.type_text("#export-passphrase", PASSPHRASE);
    app.click("#export-sign");
    app.wait_for("#export-result[data-outcome=\"written\"]");
    app.wait_text("#export-result-status", "draft");
    let digest = app.attrs("#export-digest", "data-digest");
    assert!(
        digest.first().is_some_and(|d| d.len() == 64),
        "the document fingerprint is a SHA-256: {digest:?}"
    );
    app.screenshot("export-done");
    let path = app.text("#export-path");
    app.click("#export-close");
    app.wait_gone("#export-dialog");
    path
}

/// Open and verify from the editor header: the verdict and the verdict line of the one card.
fn verify(app: &App) -> (String, String) {
    app.click("#verify-files");
    app.wait_for("#verify-results [data-verdict]");
    let verdicts = app.attrs("#verify-results [data-verdict]", "data-verdict");
    assert_eq!(
        verdicts.len(),
        1,
        "one file in the folder, one card: {verdicts:?}"
    );
    (verdicts[0].clone(), app.text("#verify-results .verdict"))
}

/// The one file exported, named `GCM-review_KEN_IMRF-2026_<date>.review.json` with today's
/// date (or yesterday's, when the test ran across midnight UTC).
fn exported_file(dir: &Path) -> PathBuf {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or_else(|e| panic!("clock: {e}"));
    let expected: Vec<String> = [days, days - 1]
        .iter()
        .map(|&d| format!("GCM-review_KEN_IMRF-2026_{}.review.json", civil_date(d)))
        .collect();
    assert_eq!(names.len(), 1, "one file written: {names:?}");
    assert!(
        expected.contains(&names[0]),
        "the file is named {:?}, not {:?}",
        names[0],
        expected[0]
    );
    dir.join(&names[0])
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian calendar).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
