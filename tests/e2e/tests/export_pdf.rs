//! Export PDF from the editor: the options dialog, a progress indicator, and a PDF whose text
//! holds what was typed, grouped by round table when asked.

use std::ffi::OsStr;
use std::process::Command;

use gcm_review_e2e::{App, NewReview, AUTOMATION_DIR};

#[test]
fn export_pdf() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, OsStr::new(out.path()))]);
    app.create_review(NewReview::KENYA);
    app.go_to("objectives.12");
    app.type_into(
        "objectives.12.measures",
        "Screening desks opened at three airports.",
    );
    app.wait_saved();
    app.click("#export-pdf");
    app.wait_for("#pdf-dialog");
    app.click("#pdf-by-round-table");
    app.screenshot("export-pdf");
    app.click("#pdf-export");
    app.wait_text("#pdf-status", ".pdf");
    app.quit();

    let pdf = std::fs::read_dir(out.path())
        .unwrap_or_else(|e| panic!("reading the output folder: {e}"))
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap_or_else(|| panic!("no PDF was written"));
    let name = pdf
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    assert!(name.starts_with("GCM-review_KEN_IMRF-2026_"), "{name}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Screening desks opened at three airports."),
        "{text}"
    );
    let round_table = text
        .find("Round table 1")
        .unwrap_or_else(|| panic!("not grouped by round table"));
    let objective = text.find("Screening desks").unwrap_or(0);
    assert!(
        round_table < objective,
        "objective 12 comes under round table 1"
    );
}
