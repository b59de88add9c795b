use gcm_review_e2e::{App, NewReview, AUTOMATION_DIR};

#[test]
fn scratch() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let f = tempfile::tempdir().unwrap();
    let app = App::start_with_env(a.path(), &[(AUTOMATION_DIR, f.path().as_os_str())]);
    app.create_review(NewReview::KENYA);
    app.click("#export-json");
    app.wait_for("#export-open-settings");
    app.screenshot("scratch-export-notready");
    app.click("#export-open-settings");
    app.wait_for("#settings-panel #create-key");
    app.screenshot("scratch-settings-nokey");
    app.click("#create-key");
    app.type_text("#new-passphrase", "short");
    app.click("#create-key-confirm");
    app.wait_text("#create-key-error", "short");
    app.screenshot("scratch-create-key");
    app.clear_text("#new-passphrase");
    app.type_text("#new-passphrase", "correct horse battery staple");
    app.type_text("#new-passphrase-again", "correct horse battery staple");
    app.click("#create-key-confirm");
    app.wait_for("#key-fingerprint");
    app.type_text("#signer-name", "Jean Dupont");
    app.type_text("#signer-ministry", "Ministère de l’Intérieur");
    app.click("#save-signer");
    app.wait_text("#signer-status", "saved");
    app.click("#settings-done");
    app.wait_for("#export-dialog #export-passphrase");
    app.screenshot("scratch-export-reopened");
    app.type_text("#export-passphrase", "correct horse battery staple");
    app.click("#export-sign");
    app.wait_for("#export-result");
    app.click("#export-close");
    app.open_settings();
    app.click("#rotate-key");
    app.type_text("#current-passphrase", "wrong wrong wrong");
    app.type_text("#rotate-passphrase", "another long passphrase");
    app.type_text("#rotate-passphrase-again", "another long passphrase");
    app.click("#rotate-key-confirm");
    app.wait_text("#rotate-key-error", "not the one");
    app.screenshot("scratch-rotate");
    app.type_text("#current-passphrase", "correct horse battery staple");
    app.click("#rotate-key-confirm");
    app.wait_for("#retired-keys");
    app.screenshot("scratch-rotated");
    app.close_settings();
    app.quit();

    let app = App::start_with_env(b.path(), &[(AUTOMATION_DIR, f.path().as_os_str())]);
    app.wait_for("#home");
    app.choose("#ui-language", "fr");
    app.wait_text("#verify-files", "vérifier");
    app.click("#verify-files");
    app.wait_for("[data-verdict=\"valid_unknown_key\"]");
    app.screenshot("scratch-verify-unknown-fr");
    app.click("[data-action=\"trust\"]");
    app.wait_gone("[data-action=\"trust\"]");
    app.screenshot("scratch-verify-trusted-fr");
    app.click("#verify-close");
    app.wait_gone("#verify-dialog");
    for e in std::fs::read_dir(f.path()).unwrap() {
        let p = e.unwrap().path();
        let s = std::fs::read_to_string(&p)
            .unwrap()
            .replace("Jean Dupont", "Jean Dupond");
        std::fs::write(&p, s).unwrap();
    }
    app.click("#verify-files");
    app.wait_for("[data-verdict=\"invalid\"]");
    app.screenshot("scratch-verify-invalid-fr");
    app.click("#verify-close");
    app.wait_gone("#verify-dialog");
    app.screenshot("scratch-home-fr");
    app.open_settings();
    app.screenshot("scratch-settings-fr");
    app.close_settings();
    app.quit();
}
