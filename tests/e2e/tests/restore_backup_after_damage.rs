//! When the review file is damaged, the start-up page offers the backups, and restoring one
//! brings the reviews back without leaving the app.

use std::fs;

use gcm_review_e2e::{cli, App};

#[test]
fn restore_backup_after_damage() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let id = cli(
        data.path(),
        &[
            "new",
            "--member-state",
            "GHA",
            "--cycle",
            "IMRF 2026",
            "--language",
            "en",
        ],
    );
    cli(
        data.path(),
        &[
            "set",
            &id,
            "methodology.process",
            "--value",
            "Kept safe in a backup.",
        ],
    );
    cli(data.path(), &["backup", "now"]);
    let file = data.path().join("reviews.sqlite3");
    fs::write(&file, vec![0x5au8; 32 * 1024]).unwrap_or_else(|e| panic!("damaging the file: {e}"));
    let _ = fs::remove_file(data.path().join("reviews.sqlite3-wal"));

    let app = App::start(data.path());
    app.wait_text("[role=\"alert\"]", "damaged");
    app.wait_for("#backups-section [data-action=\"restore-backup\"]");
    app.screenshot("restore-backup");
    app.click("#backups-section [data-action=\"restore-backup\"]");
    app.click("#confirm-ok");
    app.wait_for(&format!("[data-review-id=\"{id}\"]"));
    // The restored store is the one from before this app ever ran: its first-run guide opens.
    app.skip_guide_if_open();
    app.click(&format!("[data-review-id=\"{id}\"] [data-action=\"open\"]"));
    app.go_to("methodology");
    app.wait_field_value("methodology.process", "Kept safe in a backup.");
    app.quit();
}
