//! The first start shows the guide in the system's language (French here); skipping it is
//! remembered in the store, so the second start goes straight to Home; Help shows the guide
//! again, and Help → About shows the same version as `gcm-review --version`.
//!
//! `make test-dist` runs this test again on the installed package (`GCM_REVIEW_APP`,
//! `GCM_REVIEW_CLI` pointing into /usr/bin).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use gcm_review_e2e::{paths, App, GUIDE};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// The system's language, as a French desktop session sets it.
const FRENCH: [(&str, &str); 3] = [("LANG", "fr_FR.UTF-8"), ("LC_ALL", ""), ("LANGUAGE", "")];

#[test]
fn first_run_guide() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let fr = catalogue("fr");
    let french: Vec<(&str, &OsStr)> = FRENCH.iter().map(|(k, v)| (*k, OsStr::new(v))).collect();

    let app = App::launch(data.path(), &french);
    app.wait_for(GUIDE);
    assert_eq!(
        app.text("#guide-title"),
        fr["guide.title"],
        "the guide speaks French"
    );
    assert_eq!(app.text("#guide-step-title"), fr["guide.purposeTitle"]);
    app.screenshot("first-run-guide");
    app.click("#guide-next");
    app.wait_text("#guide-step-title", &fr["guide.dataTitle"]);
    let shown = app.text("#guide-data-dir");
    assert_eq!(
        Path::new(&shown),
        data.path(),
        "the guide names the data folder"
    );
    app.click("#guide-skip");
    app.wait_gone(GUIDE);
    app.wait_for("#home");
    wait_guide_seen_on_disk(data.path());
    app.screenshot("first-run-home");
    app.quit();

    let app = App::launch(data.path(), &french);
    app.wait_for("#home");
    // The guide opens before Home renders: once Home is there, a guide would be too.
    assert!(
        app.find(GUIDE).is_none(),
        "the guide shows again on the second start"
    );
    app.click("#open-help");
    app.click("#help-guide");
    app.wait_for(GUIDE);
    assert_eq!(app.text("#guide-title"), fr["guide.title"]);
    app.click("#guide-skip");
    app.wait_gone(GUIDE);

    app.click("#open-help");
    app.click("#help-about");
    app.wait_for("#about-dialog");
    assert_eq!(
        app.text("#about-version"),
        cli_version(),
        "About and `gcm-review --version`"
    );
    assert_eq!(Path::new(&app.text("#about-data-dir")), data.path());
    app.wait_for("#about-open-folder");
    app.wait_text("#about-licences", "OFL-1.1");
    app.screenshot("first-run-about");
    app.click("#about-close");
    app.wait_gone("#about-dialog");
    app.quit();
}

/// `x.y.z` from `gcm-review --version` (`gcm-review x.y.z`).
fn cli_version() -> String {
    let out = Command::new(paths::cli_binary())
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("running gcm-review --version: {e}"));
    assert!(out.status.success(), "gcm-review --version failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.trim().strip_prefix("gcm-review ");
    version
        .unwrap_or_else(|| panic!("gcm-review --version printed {text:?}"))
        .to_string()
}

/// The UI catalogue of `lang`, as the app ships it.
fn catalogue(lang: &str) -> HashMap<String, String> {
    let file = paths::workspace_root().join(format!("ui/i18n/{lang}.json"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let all: HashMap<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    all.into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
        .collect()
}

/// Waits until the store says the guide was seen: skipping it is on disk, not only on screen.
fn wait_guide_seen_on_disk(data_dir: &Path) {
    let file = data_dir.join("reviews.sqlite3");
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let db = Connection::open_with_flags(&file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
        let seen: Option<String> = db
            .query_row(
                "SELECT value FROM settings WHERE key = 'first_run_guide_seen'",
                [],
                |row| row.get(0),
            )
            .optional()
            .unwrap_or_else(|e| panic!("reading the settings: {e}"));
        if seen.as_deref() == Some("1") || Instant::now() >= deadline {
            break seen;
        }
        sleep(Duration::from_millis(100));
    };
    assert_eq!(
        seen.as_deref(),
        Some("1"),
        "skipping the guide was not stored"
    );
}
