//! The objectives grouped by IMRF round table, the history of a review (view an older
//! revision, restore it, mark a milestone) and the switch to the French interface.

use gcm_review_e2e::sources::{message, section_title, template};
use gcm_review_e2e::{field, App, NewReview};

const PATH: &str = "methodology.process";
const FIRST: &str = "Consultations were held with the 47 county governments.";
const MORE: &str = " A second round included diaspora associations and trade unions.";
const MILESTONE: &str = "Sent to the focal point";
const REVISIONS: &str = "#history-panel [data-revision]";
const NEWEST_KIND: &str = "#history-panel .revisions > li:first-child .revision-kind";

#[test]
fn round_tables_history_and_french() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    app.go_to("methodology");

    app.type_into(PATH, FIRST);
    app.wait_saved();
    let first_saved = newest_revision(&app);
    app.type_into(PATH, MORE);
    app.wait_saved();

    check_round_tables(&app);
    check_view_and_restore(&app, first_saved);
    check_milestone(&app);
    check_french(&app);
    app.quit();
}

/// The objectives are listed by round table, in the template's groups and order.
fn check_round_tables(app: &App) {
    app.click("#nav-by-round-table");
    app.wait_for("#nav-by-round-table[aria-pressed=\"true\"]");
    let template = template();
    let tables = template["round_tables"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!tables.is_empty(), "the template has round tables");
    for (index, table) in tables.iter().enumerate() {
        let group = format!("#nav .nav-groups > .nav-group:nth-child({})", index + 1);
        let title = table["title"]["en"].as_str().unwrap_or_default();
        app.wait_text(&format!("{group} .nav-group-title"), title);
        let expected: Vec<String> = table["objectives"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| format!("objectives.{n}"))
            .collect();
        assert_eq!(
            app.attrs(&format!("{group} [data-nav]"), "data-nav"),
            expected,
            "objectives under {title}"
        );
    }
    app.go_to("objectives");
    app.wait_text(".overview-group h3", "Round table 1");
    app.screenshot("round-tables");
    app.go_to("methodology");
}

/// The revision saved after the first sentence shows that sentence only, and restoring it
/// brings it back into the field as a new revision.
fn check_view_and_restore(app: &App, older: u64) {
    open_history(app);
    let newest = wait_newest_after(app, older);
    let row = format!("#history-panel [data-revision=\"{older}\"]");
    app.click(&format!("{row} [data-action=\"view\"]"));
    let shown = app.wait_text("#revision-view", FIRST);
    assert!(
        !shown.contains(MORE.trim()),
        "revision {older} shows only the first sentence: {shown:?}"
    );
    app.click("#revision-view [data-action=\"restore\"]");
    app.click("#confirm-ok");
    app.wait_field_value(PATH, FIRST);
    let kind = message(
        "en",
        "history.kind.restoreFrom",
        &[("number", &older.to_string())],
    );
    app.wait_text(NEWEST_KIND, &kind);
    assert!(
        revisions(app)[0] > newest,
        "the restore is a new revision after {newest}"
    );
}

/// A milestone added to the current revision shows as a badge in the list.
fn check_milestone(app: &App) {
    app.type_text("#milestone-label", MILESTONE);
    app.click("#add-milestone");
    app.wait_text("#history-panel .revisions .badge", MILESTONE);
}

/// Switching the interface to French changes the UI's own strings and the template's labels.
fn check_french(app: &App) {
    app.wait_text("#open-history", &message("en", "editor.history", &[]));
    app.choose("#ui-language", "fr");
    app.wait_text("#open-history", &message("fr", "editor.history", &[]));
    app.wait_text(
        "[data-nav=\"methodology\"]",
        &section_title("fr", "methodology"),
    );
    app.wait_text("#pane-title", &section_title("fr", "methodology"));
    app.wait_for(&field(PATH));
    app.screenshot("editor-fr");
}

/// Opens the History panel unless it is open, and waits for its list.
fn open_history(app: &App) {
    if app.find("#history-panel").is_none() {
        app.click("#open-history");
    }
    app.wait_for(REVISIONS);
}

/// The newest revision number, read from the History panel (opened and closed again).
fn newest_revision(app: &App) -> u64 {
    open_history(app);
    let newest = revisions(app)[0];
    app.click("#open-history");
    app.wait_gone("#history-panel");
    newest
}

/// Waits until the History panel lists a revision newer than `number`; returns the newest.
fn wait_newest_after(app: &App, number: u64) -> u64 {
    app.wait_until(
        &format!("a revision after {number} in the History panel"),
        |app| {
            revisions(app)
                .first()
                .copied()
                .filter(|&newest| newest > number)
        },
    )
}

/// The revision numbers the History panel lists, newest first.
fn revisions(app: &App) -> Vec<u64> {
    app.attrs(REVISIONS, "data-revision")
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect()
}
