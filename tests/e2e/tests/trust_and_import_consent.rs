//! Seen is not trusted, in the real window: a package from a ministry is imported and verified
//! ("not yet trusted"); the official trusts its key after reading the fingerprint groups, and
//! the verdict turns valid. Then a package for the same review, signed by a stranger's key,
//! arrives: the verdict says the Member State's key changed, and the import waits for an
//! explicit confirmation that names both keys; cancelled, nothing changes.

use std::path::{Path, PathBuf};

use gcm_review_e2e::{cli_with_env, App, AUTOMATION_DIR};
use serde_json::Value;

const PASSPHRASE: &str = "correct horse battery staple";
const THEIRS: &str = "Consultations with ten ministries.";
const STRANGER: &str = "A stranger's replacement text.";

#[test]
fn trust_and_import_consent() {
    let ministry = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let stranger = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let aside = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let (first, id) = ministry_package(ministry.path(), files.path());
    let hijack = stranger_package(stranger.path(), &first, aside.path());

    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);

    // Import: a review new here needs no consent, but its key is not trusted.
    app.click("#import-file");
    app.wait_for("#import-dialog .import-verdict[data-verdict=\"untrusted_key\"]");
    assert!(app.find("#import-consent-section").is_none());
    app.click("#import-confirm");
    app.wait_gone("#import-dialog");
    app.wait_editor();
    app.go_to("methodology");
    app.wait_field_value("methodology.process", THEIRS);

    // Verify: not yet trusted, however often seen; trusted after the fingerprint check.
    for _ in 0..2 {
        app.click("#verify-files");
        app.wait_for("#verify-results [data-verdict=\"untrusted_key\"]");
        app.click("#verify-close");
        app.wait_gone("#verify-dialog");
    }
    app.click("#verify-files");
    app.wait_for("#verify-results [data-verdict=\"untrusted_key\"][data-trust=\"seen\"]");
    let fingerprint = app.text("#verify-results [data-fact=\"fingerprint\"]");
    app.click("#verify-results [data-action=\"trust\"]");
    app.wait_for("#confirm-dialog #trust-fingerprint");
    let groups = app.texts("#trust-fingerprint .fp-group");
    assert_eq!(
        groups.len(),
        8,
        "the fingerprint in groups to read aloud: {groups:?}"
    );
    assert_eq!(groups.join("-"), fingerprint.replace(['\u{2010}', ' '], ""));
    app.screenshot("trust-key");
    app.click("#confirm-ok");
    app.wait_for("#verify-results [data-verdict=\"valid\"][data-trust=\"trusted\"]");
    app.screenshot("trusted");
    app.click("#verify-close");
    app.wait_gone("#verify-dialog");

    // The stranger's package for the same review: the key change is called out, and the
    // import waits for a confirmation that names both keys.
    std::fs::remove_file(&first).unwrap_or_else(|e| panic!("{e}"));
    let arrived = files.path().join("update.zip");
    std::fs::copy(&hijack, &arrived).unwrap_or_else(|e| panic!("{e}"));
    app.back_home();
    app.click("#import-file");
    app.wait_for("#import-dialog .import-verdict[data-verdict=\"key_changed\"]");
    let warning = app.text("#import-consent-section");
    assert!(
        warning.contains(&fingerprint.replace(['\u{2010}', ' '], "")),
        "the warning names the review's key: {warning}"
    );
    let confirm = app.attrs("#import-confirm", "disabled");
    assert_eq!(confirm.len(), 1, "import waits for the box to be ticked");
    app.screenshot("import-consent");
    app.click("#import-cancel");
    app.wait_gone("#import-dialog");
    assert_eq!(field_in_store(data.path(), &id), THEIRS, "nothing changed");

    // Ticked and confirmed: imported, and marked unverified.
    app.click("#import-file");
    app.wait_for("#import-consent");
    app.click("#import-consent");
    app.click("#import-confirm");
    app.wait_gone("#import-dialog");
    app.wait_editor();
    app.go_to("methodology");
    app.wait_field_value("methodology.process", STRANGER);
    app.quit();
}

fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[("GCM_REVIEW_PASSPHRASE", PASSPHRASE)])
}

fn new_key(data: &Path, name: &str) {
    cli(
        data,
        &[
            "keys",
            "new",
            "--name",
            name,
            "--title",
            "Director",
            "--ministry",
            "Ministry of Interior",
            "--email",
            "d@example.go.ke",
        ],
    );
}

/// The ministry's package for Kenya: its path and the review id.
fn ministry_package(data: &Path, files: &Path) -> (PathBuf, String) {
    let id = cli(
        data,
        &[
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            "IMRF 2026",
            "--language",
            "en",
        ],
    )
    .trim()
    .to_string();
    cli(
        data,
        &["set", &id, "methodology.process", "--value", THEIRS],
    );
    new_key(data, "Achieng Otieno");
    let path = files.join("ministry.zip");
    cli(
        data,
        &["package", &id, "-o", path.to_str().unwrap_or_default()],
    );
    (path, id)
}

/// The same review, imported by a stranger, changed and packaged with the stranger's key.
fn stranger_package(data: &Path, first: &Path, out: &Path) -> PathBuf {
    let imported: Value = serde_json::from_str(&cli(
        data,
        &["import", first.to_str().unwrap_or_default(), "--json"],
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let id = imported["id"].as_str().unwrap_or_default().to_string();
    cli(
        data,
        &["set", &id, "methodology.process", "--value", STRANGER],
    );
    new_key(data, "Someone Else");
    let path = out.join("stranger.zip");
    cli(
        data,
        &["package", &id, "-o", path.to_str().unwrap_or_default()],
    );
    path
}

fn field_in_store(data: &Path, id: &str) -> String {
    let shown: Value =
        serde_json::from_str(&cli(data, &["show", id, "--json"])).unwrap_or_else(|e| panic!("{e}"));
    shown["answers"]["methodology.process"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
