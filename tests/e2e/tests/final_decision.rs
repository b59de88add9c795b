//! Final is a decision, in the real webview. A complete review (answered with the command line
//! before the app opens) gets its sign-off list from its contributing entities, picked in the
//! Sign-off panel with the keyboard; one approval is recorded "by email", after a scanned page
//! chosen and cancelled was released. The coordinator marks the review final in the export
//! dialog: the header says final and the PDF prints FINAL without the DRAFT status. The next
//! edit returns it to draft with a notice, and the PDF says DRAFT again.

use std::path::{Path, PathBuf};
use std::process::Command;

use gcm_review_e2e::{cli_with_env, App, AUTOMATION_DIR};
use serde_json::{json, Value};

const PASSPHRASE: &str = "correct horse battery staple";
const LABOUR: &str = "Ministry of Labour";
const STATISTICS: &str = "Kenya National Bureau of Statistics";
const ADDED: &str = " The working group met again in 2026.";
/// A 1×1 PNG: a scanned page chosen, then not kept.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
/// The fields that keep a review from being final until they are answered.
const REQUIRED: &[&str] = &[
    "cover.lead_entity",
    "cover.focal_point",
    "methodology.process",
    "methodology.government_contributors",
    "methodology.stakeholders_consulted",
    "policy.legal_framework",
    "policy.changes_since_2018",
    "policy.coordination",
    "objectives.7.measures",
    "objectives.7.challenges",
    "means.financing",
    "means.partnerships",
    "next_steps.priorities",
    "next_steps.follow_up",
];

fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[("GCM_REVIEW_PASSPHRASE", PASSPHRASE)])
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"))
}

#[test]
fn final_decision() {
    let data = tempdir();
    let files = tempdir();
    let id = prepare(data.path());
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);
    app.open_review(Some(&id));

    sign_off_list_from_contributors(&app);
    cancelled_scan_is_released(&app, &id, files.path());
    approve_by_email(&app);

    let draft = pdf_status(&app, files.path());
    assert!(
        draft.contains("DRAFT") && !draft.contains("FINAL"),
        "before the decision the PDF is a draft: {draft}"
    );
    mark_final(&app);
    let marked = pdf_status(&app, files.path());
    assert!(
        marked.contains("FINAL") && !marked.contains("DRAFT"),
        "once marked final the PDF says so: {marked}"
    );

    // The next edit returns the review to draft, and says so.
    app.go_to("methodology");
    app.type_into("methodology.process", ADDED);
    app.wait_saved();
    app.wait_text("#notice", "returned the review from final to draft");
    app.wait_for("#signoff-state[data-final=\"false\"]");
    app.wait_text("#signoff-state", "draft");
    app.wait_for(&format!("[data-entity=\"{LABOUR}\"][data-state=\"stale\"]"));
    app.screenshot("final-left-by-edit");
    let again = pdf_status(&app, files.path());
    assert!(
        again.contains("DRAFT") && !again.contains("FINAL"),
        "after the edit the PDF is a draft again: {again}"
    );
    app.quit();
}

/// A complete review, a signer, and two contributing entities, made with the command line.
fn prepare(data: &Path) -> String {
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
    );
    for path in REQUIRED {
        let answer = format!("The answer to {path}, agreed across government.");
        cli(data, &["set", &id, path, "--value", &answer]);
    }
    cli(
        data,
        &[
            "set",
            &id,
            "policy.implementation_plan",
            "--value",
            "national_plan",
        ],
    );
    cli(
        data,
        &[
            "keys",
            "new",
            "--name",
            "Amina Odhiambo",
            "--title",
            "Coordinator",
            "--ministry",
            "State Department for Diaspora Affairs",
            "--email",
            "a.odhiambo@diaspora.example.go.ke",
        ],
    );
    for (name, email) in [
        (LABOUR, "labour@example.go.ke"),
        (STATISTICS, "knbs@example.go.ke"),
    ] {
        cli(
            data,
            &["contributors", "add", &id, "--name", name, "--email", email],
        );
    }
    id
}

/// Both contributing entities are offered; the first is checked with the keyboard and added,
/// and only the other is offered after.
fn sign_off_list_from_contributors(app: &App) {
    app.click("#open-signoff");
    app.wait_for("#signoff-panel #signoff-from-contributors[aria-expanded=\"false\"]");
    app.click("#signoff-from-contributors");
    app.wait_for("#signoff-from-contributors[aria-expanded=\"true\"]");
    app.wait_for("#signoff-candidates fieldset[data-candidates=\"2\"]");
    assert_eq!(
        app.attrs("#signoff-candidates [data-candidate]", "data-candidate"),
        [LABOUR, STATISTICS],
        "the contributing entities not on the list, in order"
    );
    let focused = app.script(
        "return document.activeElement?.dataset?.candidate ?? null;",
        vec![],
    );
    assert_eq!(focused, json!(LABOUR), "the focus is on the first entity");
    app.press(" ");
    let checked = app.script(
        "return [...document.querySelectorAll('#signoff-candidates [data-candidate]')].map((b) => b.checked);",
        vec![],
    );
    assert_eq!(checked, json!([true, false]), "Space checks the entity");
    app.screenshot("signoff-from-contributors");
    app.click("#signoff-candidates-add");
    app.wait_for(&format!(
        "#signoff-panel [data-entity=\"{LABOUR}\"][data-state=\"outstanding\"]"
    ));
    app.wait_gone("#signoff-candidates fieldset");
    app.wait_text("#signoff-panel .panel-status", LABOUR);
    app.wait_for("#signoff-state[data-approved=\"0\"][data-required=\"1\"]");
    app.click("#signoff-from-contributors");
    app.wait_for("#signoff-candidates fieldset[data-candidates=\"1\"]");
    assert_eq!(
        app.attrs("#signoff-candidates [data-candidate]", "data-candidate"),
        [STATISTICS],
        "the entity added is offered no more"
    );
    app.click("#signoff-candidates-cancel");
    app.wait_gone("#signoff-candidates fieldset");
}

/// A scanned page chosen in the approval dialog, then the dialog cancelled: the file is
/// released, and its handle names nothing any more.
fn cancelled_scan_is_released(app: &App, id: &str, files: &Path) {
    let scan = files.join("not-this-one.png");
    std::fs::write(&scan, PNG).unwrap_or_else(|e| panic!("{e}"));
    app.click(&format!(
        "[data-entity=\"{LABOUR}\"] [data-action=\"approval-record\"]"
    ));
    app.wait_for("#approval-dialog");
    app.click("#approval-scan");
    app.wait_text("#approval-scan-name", "not-this-one.png");
    let handle = app.attrs("#approval-scan-name", "data-handle");
    assert_eq!(handle.len(), 1, "the chosen page has a handle");
    app.click("#approval-cancel");
    app.wait_gone("#approval-dialog");
    let outcome = app.wait_until("the scan to be released", |app| {
        let outcome = probe_scan(app, id, &handle[0]);
        assert!(
            outcome == "entity_not_found" || outcome == "unknown_handle",
            "the probe records nothing: {outcome}"
        );
        (outcome == "unknown_handle").then_some(outcome)
    });
    assert_eq!(outcome, "unknown_handle");
    app.wait_for(&format!(
        "[data-entity=\"{LABOUR}\"][data-state=\"outstanding\"]"
    ));
    std::fs::remove_file(&scan).unwrap_or_else(|e| panic!("{e}"));
}

/// Whether the core still holds the scanned page `handle`: an approval recorded with it for an
/// entity not on the list fails with `entity_not_found` while the page is held (its bytes are
/// read first, and nothing is recorded), with `unknown_handle` once it was released.
fn probe_scan(app: &App, id: &str, handle: &str) -> Value {
    app.script_async(
        "const [id, scan, done] = arguments;\
         window.__TAURI__.core.invoke('approval_record', { id, approval: { entity: 'Nobody at all', method: 'paper' }, scan })\
           .then(() => done('recorded'), (e) => done(e?.code ?? String(e)));",
        vec![json!(id), json!(handle)],
    )
}

/// The Ministry of Labour's approval, given by email, recorded in the dialog.
fn approve_by_email(app: &App) {
    app.click(&format!(
        "[data-entity=\"{LABOUR}\"] [data-action=\"approval-record\"]"
    ));
    app.wait_for("#approval-dialog");
    app.choose("#approval-method", "email");
    app.type_text("#approval-approver", "Peter Otieno");
    app.type_text("#approval-title", "Principal Secretary");
    app.click("#approval-save");
    app.wait_gone("#approval-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{LABOUR}\"][data-state=\"approved\"] [data-method=\"email\"]"
    ));
    app.wait_text(
        &format!("[data-entity=\"{LABOUR}\"] .approval"),
        "Peter Otieno",
    );
    app.wait_for("#signoff-state[data-approved=\"1\"][data-required=\"1\"][data-final=\"false\"]");
}

/// "Mark as final" in the export dialog: the check then says final, and so does the header.
fn mark_final(app: &App) {
    app.click("#export-package");
    app.wait_for("#export-dialog");
    app.wait_for("#export-status[data-status=\"draft\"] #mark-final");
    app.click("#mark-final");
    app.wait_for("#export-status[data-status=\"final\"]");
    app.wait_text("#notice", "final");
    app.wait_for("#signoff-state[data-final=\"true\"]");
    app.wait_text("#signoff-state", "final");
    app.screenshot("final-marked");
    app.click("#export-cancel");
    app.wait_gone("#export-dialog");
}

/// The one file in `dir` whose name ends with `ext`.
fn only_file(dir: &Path, ext: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    assert_eq!(found.len(), 1, "one {ext} file in the folder: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// Exports the PDF and returns what its cover says of the status, read with poppler's
/// `pdftotext` (the DRAFT mark across the pages is drawn, not text); the file is removed.
fn pdf_status(app: &App, files: &Path) -> String {
    app.click("#export-pdf");
    app.wait_for("#pdf-dialog");
    app.click("#pdf-export");
    app.wait_for("#pdf-status [data-kind=\"ok\"]");
    app.click("#pdf-cancel");
    app.wait_gone("#pdf-dialog");
    let pdf = only_file(files, ".pdf");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    std::fs::remove_file(&pdf).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let at = text
        .find("Status")
        .unwrap_or_else(|| panic!("the PDF prints a status: {text}"));
    text[at..].chars().take(40).collect()
}
