//! Hostile text arriving in a package: every payload of the hostile-text test, in the answers,
//! the cycle and the signer's name and ministry of a validly signed package, is shown as inert
//! text by the import dialog, the editor and History: no script runs, no element is created, no
//! navigation happens, and the answers read back exactly as they were signed.

use std::path::Path;

use gcm_review_e2e::hostile::{assert_clean, assert_unchanged, page_state, PAYLOADS};
use gcm_review_e2e::{cli_with_env, App, AUTOMATION_DIR};

const PASSPHRASE: &str = "correct horse battery staple";
const CYCLE: &str = "IMRF 2026 <svg onload=window.__pwned=1> \u{202E}fdp.exe";
const SIGNER: &str = "<img src=x onerror=window.__pwned=1> K\u{0435}ny\u{0430}";
const MINISTRY: &str = "</title><script>window.__pwned=1</script>";

/// Runs the command line on a data folder, with the passphrase of its key.
fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[("GCM_REVIEW_PASSPHRASE", PASSPHRASE)])
}

/// The answers of the package: every payload, a third of them in each field.
fn answers() -> [(&'static str, String); 3] {
    let share = |first: usize, sep: &str| {
        PAYLOADS
            .iter()
            .skip(first)
            .step_by(3)
            .copied()
            .collect::<Vec<_>>()
            .join(sep)
    };
    [
        ("methodology.process", share(0, "\n")),
        ("cover.lead_entity", share(1, " ")),
        ("objectives.7.measures", share(2, "\n\n")),
    ]
}

#[test]
fn hostile_import() {
    let author = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let a = author.path();
    let id = cli(
        a,
        &[
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            CYCLE,
            "--language",
            "en",
        ],
    )
    .trim()
    .to_string();
    for (path, text) in answers() {
        let file = a.join("answer.txt");
        std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        cli(
            a,
            &[
                "set",
                &id,
                path,
                "--file",
                file.to_str().unwrap_or_default(),
            ],
        );
    }
    cli(
        a,
        &[
            "keys",
            "new",
            "--name",
            SIGNER,
            "--title",
            "{state} $&",
            "--ministry",
            MINISTRY,
            "--email",
            "x@example.org",
        ],
    );
    let package = files.path().join("hostile.zip");
    cli(
        a,
        &["package", &id, "-o", package.to_str().unwrap_or_default()],
    );

    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);
    app.wait_for("#import-file");
    let clean = page_state(&app);
    assert_clean(&clean);

    app.click("#import-file");
    app.wait_for("#import-dialog .import-verdict");
    let verdict = app.text(".import-verdict");
    assert!(
        verdict.contains(SIGNER),
        "the signer's name as text: {verdict:?}"
    );
    assert!(
        verdict.contains(MINISTRY),
        "the ministry as text: {verdict:?}"
    );
    assert!(verdict.contains(CYCLE), "the cycle as text: {verdict:?}");
    assert_unchanged(&app, &clean, "with the import dialog open");
    app.screenshot("hostile-import");
    app.click("#import-confirm");
    app.wait_gone("#import-dialog");
    app.wait_editor();
    assert_unchanged(&app, &clean, "in the editor of the imported review");

    for (path, text) in answers() {
        let nav = if path.starts_with("cover") {
            "cover"
        } else if path.starts_with("objectives") {
            "objectives.7"
        } else {
            "methodology"
        };
        app.go_to(nav);
        app.wait_field_value(path, &text);
        assert_unchanged(&app, &clean, &format!("showing {path}"));
    }
    app.click("#open-history");
    app.wait_for("#history-panel .submission[data-direction=\"received\"]");
    let line = app.text("#history-panel .submission");
    assert!(
        line.contains(SIGNER),
        "History names the signer as text: {line:?}"
    );
    assert_unchanged(&app, &clean, "with History open");
    app.quit();
}
