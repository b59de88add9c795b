//! Bringing in an earlier review written in Word: the regional review the core's tests use
//! (written by `tests/documents/make_review.py` with python-docx) is chosen from Home; the
//! placement view shows each block beside the field proposed for it and why, the user moves one
//! block to another field and applies; the new review holds every text where the plan put it,
//! and History says which file it came from. The same file again becomes a new revision of that
//! review. Then the same view in Arabic, mirrored. And a
//! 500-page PDF: a progress bar counts its pages while the core reads it, then every block is
//! placed and applied.

use gcm_review_e2e::{documents, App, AUTOMATION_DIR};
use serde_json::Value;

const FILE: &str = "review-en.docx";
/// The block the user moves: objective 5's challenge, to objective 7's challenges.
const MOVED: &str = "19";
const MOVED_FROM: &str = "objectives.5.challenges";
const MOVED_TO: &str = "objectives.7.challenges";
const MOVED_TEXT: &str = "Processing times remain long in rural areas.";

#[test]
fn document_import() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    documents::review_docx("en", &files.path().join(FILE));
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);

    open_placement(&app, None);
    check_proposal(&app);
    app.choose(&format!("[data-block=\"{MOVED}\"]"), MOVED_TO);
    app.wait_for(&format!("[data-receives=\"{MOVED_TO}\"][data-count=\"1\"]"));
    app.wait_for(&format!(
        "[data-receives=\"{MOVED_FROM}\"][data-count=\"0\"].stays-empty"
    ));
    app.wait_for(&format!("#placement-block-{MOVED}[data-moved=\"true\"]"));
    app.screenshot("placement-en");

    app.click("#placement-apply");
    app.wait_gone("#placement-dialog");
    app.wait_editor();
    app.wait_text("#notice", "5 blocks were left out");
    app.go_to("objectives.7");
    app.wait_field_value(MOVED_TO, MOVED_TEXT);
    app.wait_field_value(
        "objectives.7.measures",
        "A referral mechanism for migrants in vulnerable situations was set up.",
    );
    app.go_to("objectives.5");
    app.wait_field_value(MOVED_FROM, "");
    let measures = app.field_value("objectives.5.measures");
    assert!(
        measures.starts_with("Labour mobility agreements were signed with three countries.")
            && measures.contains("- **Seasonal work visas** were introduced in 2020"),
        "objective 5's measures hold the paragraph and the list under its heading: {measures:?}"
    );
    app.go_to("methodology");
    let process = app.field_value("methodology.process");
    assert!(
        process.starts_with("The review was coordinated by the **National Coordination"),
        "{process:?}"
    );
    app.click("#open-history");
    app.wait_text("#history-panel", &format!("imported from {FILE}"));
    app.click("#open-history");
    app.wait_gone("#history-panel");

    // The same file again, as a new revision of that review, placed as proposed: objective 5's
    // challenge is back, and the field this document does not fill keeps its text.
    app.back_home();
    let id = app.wait_review_ids(1).remove(0);
    open_placement(&app, Some(&id));
    app.wait_text("#placement-apply", "Add as a new revision");
    app.click("#placement-apply");
    app.wait_gone("#placement-dialog");
    app.wait_editor();
    app.go_to("objectives.5");
    app.wait_field_value(MOVED_FROM, MOVED_TEXT);
    app.go_to("objectives.7");
    app.wait_field_value(MOVED_TO, MOVED_TEXT);
    app.click("#open-history");
    app.wait_until("two revisions imported from the file", |app| {
        let imported = app
            .texts("#history-panel .revision-kind")
            .into_iter()
            .filter(|k| k.contains(&format!("Imported from {FILE}")))
            .count();
        (imported == 2).then_some(())
    });
    app.click("#open-history");
    app.wait_gone("#history-panel");
    app.back_home();
    assert_eq!(app.wait_review_ids(1), [id], "no second review was made");

    // The same view in Arabic: the window mirrors, the document's English text stays left to right.
    app.choose("#ui-language", "ar");
    app.wait_for("html[lang=\"ar\"][dir=\"rtl\"]");
    open_placement(&app, None);
    let direction = app.script(
        "return ['#placement-dialog', '#placement-preview-1']
            .map((css) => getComputedStyle(document.querySelector(css)).direction);",
        vec![],
    );
    assert_eq!(
        direction,
        serde_json::json!(["rtl", "ltr"]),
        "the placement view mirrors; the document's English reads left to right"
    );
    app.screenshot("placement-ar");
    app.click("#placement-cancel");
    app.wait_gone("#placement-dialog");
    app.wait_until("the focus back on the Home button", |app| {
        let focused = app.script("return document.activeElement?.id ?? null;", vec![]);
        (focused == "import-document").then_some(())
    });
    app.quit();
}

#[test]
fn a_500_page_pdf_shows_its_progress_and_is_imported() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let docx = work.path().join("long-review.docx");
    documents::long_review_docx(500, &docx);
    documents::to_pdf(&docx, files.path());
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);

    app.wait_for("#home");
    app.click("#import-document");
    app.wait_for("#document-dialog");
    app.choose("#document-member-state", "KEN");
    app.click("#document-choose");
    let shown = app.wait_text("#document-progress-text", "Reading page");
    let max = app.attrs("#document-progress", "max");
    let total: u32 = max.first().and_then(|m| m.parse().ok()).unwrap_or(0);
    assert!(
        total >= 450,
        "the bar counts the PDF's pages ({max:?}; {shown:?})"
    );
    app.wait_until("the placement view of the long document", |app| {
        app.find("#placement-dialog[open] .placement-block:last-child")
    });
    let blocks = app.script(
        "return document.querySelectorAll('#placement-dialog select[data-block]').length;",
        vec![],
    );
    assert!(
        blocks.as_u64().unwrap_or(0) > 1000,
        "every block is listed: {blocks}"
    );
    app.wait_text("#placement-summary", "fields receive text");
    app.screenshot("placement-long");
    app.click("#placement-apply");
    app.wait_gone("#placement-dialog");
    app.wait_editor();
    app.go_to("objectives.23");
    let challenges = app.field_value("objectives.23.challenges");
    assert!(
        challenges.starts_with("- Challenges"),
        "the last objective is filled: {challenges:?}"
    );
    app.quit();
}

/// From Home: the document dialog, Kenya and the cycle (or the review `into`), then the file,
/// then the placement view.
fn open_placement(app: &App, into: Option<&str>) {
    app.wait_for("#home");
    app.click("#import-document");
    app.wait_for("#document-dialog");
    match into {
        Some(id) => {
            app.wait_for(&format!("#document-into option[value=\"{id}\"]"));
            app.choose("#document-into", id);
            app.wait_for("#document-member-state:disabled");
        }
        None => {
            app.choose("#document-member-state", "KEN");
            app.choose("#document-language", "en");
        }
    }
    app.clear_text("#document-cycle");
    app.type_text("#document-cycle", "IMRF 2026");
    app.click("#document-choose");
    app.wait_for("#placement-dialog[open] [data-block=\"34\"]");
}

/// The proposal as the view shows it: fields chosen, reasons given, what receives text, and the
/// blocks no field gets.
fn check_proposal(app: &App) {
    let chosen = app.script(
        "return Object.fromEntries([...document.querySelectorAll('#placement-dialog select[data-block]')]
            .map((s) => [s.dataset.block, s.value]));",
        vec![],
    );
    for (block, field) in [
        ("4", "methodology.process"),
        ("16", "objectives.5.measures"),
        ("17", "objectives.5.measures"),
        ("19", "objectives.5.challenges"),
        ("22", "objectives.7.measures"),
        ("26", "objectives.23.measures"),
        ("34", ""),
    ] {
        assert_eq!(chosen[block], Value::from(field), "block {block}: {chosen}");
    }
    let reason = app.text("#placement-block-16 .block-reason");
    assert!(
        reason.contains("Objective 5") && reason.contains("objectives.5.measures"),
        "the reason says why: {reason:?}"
    );
    app.wait_text("#placement-block-16 .block-proposal", "Measures");
    app.wait_for("[data-receives=\"objectives.5.measures\"][data-count=\"2\"]");
    app.wait_for("[data-receives=\"methodology.data_sources\"][data-count=\"0\"].stays-empty");
    assert_eq!(
        app.attrs("#placement-unplaced [data-unplaced]", "data-unplaced"),
        ["1", "2", "14", "33", "34"],
        "the blocks no field gets are listed"
    );
    app.wait_text("#placement-summary", "13 fields receive text");
}
