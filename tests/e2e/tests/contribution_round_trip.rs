//! Whole-of-government drafting between two offices, each with its own data folder: the
//! coordinating ministry assigns objectives 5 and 6 and `means.partnerships` to the Ministry
//! of Labour and sends the request (the `.eml` draft is written, and read back with Python's
//! `email` module); the ministry's app opens it, lets it write only those fields (the others are
//! read-only), takes Arabic and Latin text, and returns the contribution; meanwhile the
//! coordinator edits objective 6 too. Merging takes objective 5, shows objective 6 as a conflict
//! side by side, word by word; the conflict stays open after the merge until the coordinator
//! edits both texts together. History names the Ministry of Labour, the fields say who wrote
//! them, and the PDF (read by pdftotext) holds the merged text.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use gcm_review_e2e::{App, NewReview, AUTOMATION_DIR, ROW};
use serde_json::Value;

const PASSPHRASE: &str = "correct horse battery staple";
const CONTRIBUTOR_PASSPHRASE: &str = "labour ministry passphrase";
const ENTITY: &str = "ministry-of-labour";
const BASE_6: &str = "Bilateral labour agreements were signed with two countries.";
const MINE_6: &str = " The coordinator added the 2025 review of recruitment agencies.";
const THEIRS_6: &str = " Recruitment fees for workers were abolished in 2025.";
const MERGED_6: &str = "Bilateral labour agreements were signed with two countries; recruitment \
    fees were abolished and recruitment agencies reviewed in 2025.";
const THEIRS_5: &str = "تم إنشاء مكتب للعمال المهاجرين. A labour migration desk opened in Nairobi.";
const PARTNERSHIPS: &str = "Partnership with the ILO country office on fair recruitment.";

#[test]
fn contribution_round_trip() {
    let coordinator = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let ministry = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let sent = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let received = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));

    // The coordinating ministry: the review, who signs, the entity, its fields, the request.
    let app = App::start_with_env(
        coordinator.path(),
        &[(AUTOMATION_DIR, sent.path().as_os_str())],
    );
    app.create_review(NewReview::KENYA);
    set_up_signer(&app, Signer::COORDINATOR, true);
    app.go_to("objectives.6");
    app.type_into("objectives.6.measures", BASE_6);
    app.wait_saved();
    add_and_assign(&app);
    let (request, fingerprint) = send_request(&app);
    check_request_email(&request);

    // Meanwhile the coordinator edits objective 6 too.
    app.click("#open-contributions");
    app.wait_gone("#contributions-panel");
    app.go_to("objectives.6");
    app.wait_for("[data-path=\"objectives.6.measures\"] .assigned-mark");
    app.type_into("objectives.6.measures", MINE_6);
    app.wait_saved();
    app.quit();

    // The Ministry of Labour, on its own computer.
    let copied = ministry_files(&request, received.path());
    let response = contribute(ministry.path(), received.path(), &fingerprint);
    assert!(copied.exists());

    // Back at the coordinating ministry: the response alone in its folder.
    std::fs::remove_file(&request).unwrap_or_else(|e| panic!("{}: {e}", request.display()));
    let into = sent.path().join(file_name(&response));
    std::fs::copy(&response, &into).unwrap_or_else(|e| panic!("{}: {e}", response.display()));
    let app = App::start_with_env(
        coordinator.path(),
        &[(AUTOMATION_DIR, sent.path().as_os_str())],
    );
    app.wait_for(&format!(
        "{ROW} [data-contributions=\"{ENTITY}:requested\"]"
    ));
    app.wait_text(
        &format!("{ROW} .contrib-summary"),
        "Ministry of Labour, Requested",
    );
    app.open_review(None);
    app.go_to("objectives.6");
    let merged = merge_with_conflict_left_open(&app);
    resolve_by_editing_both(&app);

    // Who wrote what: the field's detail, and History.
    app.go_to("objectives.5");
    app.wait_field_value("objectives.5.measures", THEIRS_5);
    app.wait_text(
        "[data-path=\"objectives.5.measures\"] [data-provenance=\"ministry-of-labour\"]",
        "Ministry of Labour",
    );
    app.click("#open-history");
    app.wait_text(
        "#history-panel .revision-kind",
        "Contribution of Ministry of Labour merged",
    );
    app.wait_text(
        "#history-panel .revision-kind",
        "Conflicts resolved (Ministry of Labour)",
    );
    app.screenshot("contribution-history");
    // The comparison of the merge with the revision before it says who wrote what.
    let before: u64 = merged.parse().unwrap_or_else(|e| panic!("{merged}: {e}"));
    app.choose("#compare-from", &(before - 1).to_string());
    app.choose("#compare-to", &merged);
    app.click("#history-panel [data-action=\"compare\"]");
    app.wait_text(
        "#compare-dialog [data-diff-field=\"objectives.5.measures\"] [data-changed-by=\"ministry-of-labour\"]",
        "Ministry of Labour",
    );
    app.click("#compare-close");
    app.wait_gone("#compare-dialog");
    app.click("#open-history");
    app.wait_gone("#history-panel");

    // The PDF holds the merged text.
    app.click("#export-pdf");
    app.wait_for("#pdf-dialog");
    app.click("#pdf-export");
    app.wait_text("#pdf-status", ".pdf");
    app.quit();
    let text = pdf_text(sent.path());
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        // The paragraph starts in Arabic, so it runs right to left: the full stop of its Latin
        // sentence ends up on the paragraph's end, which pdftotext prints first.
        "A labour migration desk opened in Nairobi",
        "مكتب للعمال المهاجرين",
        PARTNERSHIPS,
        &MERGED_6.split_whitespace().collect::<Vec<_>>().join(" "),
    ] {
        assert!(
            flat.contains(expected),
            "the PDF lacks {expected:?}: {flat}"
        );
    }
    assert!(
        !flat.contains("The coordinator added"),
        "the PDF still holds the coordinator's text the merge replaced"
    );
}

/// The Contributions panel: the Ministry of Labour added, objectives 5 and 6 (by number) and
/// `means.partnerships` (a single field) assigned to it.
fn add_and_assign(app: &App) {
    // Control+Shift+K, from the keyboard.
    app.click("#pane-title");
    app.press("\u{E009}\u{E008}k");
    app.wait_for("#contributions-panel");
    app.wait_for("#open-contributions[aria-expanded=\"true\"]");
    app.type_text("#entity-name", "Ministry of Labour");
    app.type_text(
        "#entity-ministry",
        "Ministry of Labour and Social Protection",
    );
    app.type_text("#entity-email", "migration@labour.example.go.ke");
    app.click("#add-entity");
    let row = format!("[data-entity=\"{ENTITY}\"]");
    app.wait_for(&format!("{row}[data-state=\"not_sent\"]"));
    app.click(&format!("{row} [data-action=\"assign\"]"));
    app.wait_for("#assign-dialog");
    for (kind, target) in [
        ("objective", "objectives.5"),
        ("objective", "objectives.6"),
        ("field", "means.partnerships"),
    ] {
        app.choose("#assign-kind", kind);
        app.choose("#assign-target", target);
        app.click("#assign-add");
        app.wait_for(&format!("#assign-dialog [data-selector=\"{target}\"]"));
    }
    app.wait_text("#assign-dialog", "Fields assigned: 13");
    app.click("#assign-close");
    app.wait_gone("#assign-dialog");
    app.wait_for(&format!("{row} [data-selector=\"means.partnerships\"]"));
}

/// Sends the request: the signed file and the email draft beside it; returns the file and the
/// key's fingerprint the result shows.
fn send_request(app: &App) -> (PathBuf, String) {
    let row = format!("[data-entity=\"{ENTITY}\"]");
    app.click(&format!("{row} [data-action=\"request\"]"));
    app.wait_for("#request-dialog");
    app.type_text(
        "#request-instructions",
        "Please describe the measures of your ministry.",
    );
    app.type_text("#request-passphrase", PASSPHRASE);
    app.click("#request-sign");
    app.wait_for("#request-result[data-eml]");
    let request = PathBuf::from(&app.attrs("#request-result", "data-path")[0]);
    let fingerprint = app.text("#request-result .fingerprint");
    assert!(
        fingerprint.len() > 20,
        "the result shows the key's fingerprint"
    );
    app.click("#request-close");
    app.wait_gone("#request-dialog");
    app.wait_for(&format!("{row}[data-state=\"requested\"]"));
    app.wait_text(&format!("{row} [data-request]"), "Requested");
    app.screenshot("contributions-panel");
    (request, fingerprint)
}

/// The `.eml` beside the request, read by Python's `email` module: addressed to the entity,
/// a draft, with exactly the request attached.
fn check_request_email(request: &Path) {
    let eml = request.with_extension("eml");
    let script = r#"
import email, email.policy, hashlib, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
parts = [p for p in m.iter_attachments()]
print(json.dumps({
    'to': str(m['To']), 'unsent': str(m['X-Unsent']), 'subject': str(m['Subject']),
    'attachments': [[p.get_filename(), hashlib.sha256(p.get_content()).hexdigest()] for p in parts],
    'request': hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest(),
}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&eml)
        .arg(request)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "Python's email module could not read {}: {}",
        eml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed["to"], "migration@labour.example.go.ke", "{parsed}");
    assert_eq!(parsed["unsent"], "1", "{parsed}");
    assert!(
        parsed["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Contribution requested")),
        "{parsed}"
    );
    assert_eq!(
        parsed["attachments"],
        serde_json::json!([[file_name(request), parsed["request"]]]),
        "the draft carries exactly the request"
    );
}

/// The request as it reaches the ministry (by email, here copied into its folder).
fn ministry_files(request: &Path, folder: &Path) -> PathBuf {
    let copy = folder.join(file_name(request));
    std::fs::copy(request, &copy).unwrap_or_else(|e| panic!("{}: {e}", request.display()));
    copy
}

/// The ministry's side: opens the request, writes only its fields, returns the contribution;
/// returns the response file.
fn contribute(data: &Path, folder: &Path, fingerprint: &str) -> PathBuf {
    let app = App::start_with_env(data, &[(AUTOMATION_DIR, folder.as_os_str())]);
    app.wait_for("#home");
    set_up_signer(&app, Signer::CONTRIBUTOR, false);
    app.click("#open-request");
    app.wait_for("#request-opened-dialog");
    app.wait_text("#request-opened-dialog", "Wanjiru Kamau");
    assert_eq!(
        app.text("#request-fingerprint"),
        fingerprint,
        "the ministry sees the fingerprint the coordinator read out"
    );
    app.click("#request-open-workspace");
    app.wait_editor();
    let banner = app.wait_text(
        "#workspace-banner",
        "Contribution for Ministry of Labour requested by Wanjiru Kamau",
    );
    assert!(
        banner.contains(fingerprint),
        "the banner shows the fingerprint: {banner}"
    );

    // What was not assigned is read-only, visibly and for the keyboard.
    app.go_to("methodology");
    app.wait_for("[data-path=\"methodology.process\"][data-readonly] [data-readonly-mark]");
    assert_eq!(
        read_only(&app, "methodology.process"),
        Value::Bool(true),
        "an unassigned field cannot be typed into"
    );
    app.go_to("means");
    app.wait_for("[data-path=\"means.financing\"][data-readonly]");
    assert_eq!(read_only(&app, "means.partnerships"), Value::Bool(false));
    app.type_into("means.partnerships", PARTNERSHIPS);
    app.wait_saved();
    assert!(
        app.find("#open-contributions:not([hidden])").is_none(),
        "a workspace has no Contributions panel of its own"
    );
    // The read-only field above the one being written, both in view.
    app.script(
        "document.querySelector('[data-path=\"means.capacity_building\"]').scrollIntoView({ block: 'start' });",
        vec![],
    );
    app.screenshot("restricted-editor");

    app.go_to("objectives.5");
    assert_eq!(read_only(&app, "objectives.5.measures"), Value::Bool(false));
    app.type_into("objectives.5.measures", THEIRS_5);
    app.go_to("objectives.6");
    app.wait_field_value("objectives.6.measures", BASE_6);
    app.type_into("objectives.6.measures", THEIRS_6);
    app.wait_saved();

    app.click("#return-contribution");
    app.wait_for("#return-dialog");
    app.wait_for("#return-dialog [data-path=\"objectives.6.measures\"]");
    app.type_text(
        "[data-comment-for=\"objectives.5.measures\"]",
        "Figures from the 2025 labour force survey.",
    );
    app.type_text("#return-passphrase", CONTRIBUTOR_PASSPHRASE);
    app.type_text("#return-passphrase-again", CONTRIBUTOR_PASSPHRASE);
    app.click("#return-sign");
    app.wait_for("#return-result[data-eml]");
    let response = PathBuf::from(&app.attrs("#return-result", "data-path")[0]);
    let eml = PathBuf::from(&app.attrs("#return-result", "data-eml")[0]);
    let draft = std::fs::read_to_string(&eml).unwrap_or_else(|e| panic!("{}: {e}", eml.display()));
    assert!(
        draft.contains("X-Unsent: 1") && draft.contains("w.kamau@interior.example.go.ke"),
        "the draft goes back to the coordinator"
    );
    app.click("#return-close");
    app.wait_gone("#return-dialog");
    app.quit();
    response
}

/// The merge preview: objective 5 and the partnerships taken, objective 6 a conflict side by
/// side; merged with the conflict left open, which the panel then lists.
fn merge_with_conflict_left_open(app: &App) -> String {
    app.click("#open-contributions");
    app.wait_for("#contributions-panel");
    app.click("#merge-response");
    app.wait_for("#merge-dialog");
    app.wait_for("[data-merge-list=\"taken\"] [data-path=\"objectives.5.measures\"]");
    let hidden = app.script(
        "return document.querySelector('[data-both-for=\"objectives.6.measures\"]').offsetParent === null;",
        vec![],
    );
    assert_eq!(
        hidden,
        Value::Bool(true),
        "the text of both shows only once chosen"
    );
    app.wait_for("[data-merge-list=\"taken\"] [data-path=\"means.partnerships\"]");
    app.wait_text(
        "[data-merge-list=\"taken\"] [data-path=\"objectives.5.measures\"] .merge-comment",
        "2025 labour force survey",
    );
    let conflict = "[data-merge-list=\"conflicts\"] [data-conflict=\"objectives.6.measures\"]";
    app.wait_for(&format!("{conflict} .diff-columns"));
    let mine = app.texts(&format!("{conflict} .diff-before del"));
    let theirs = app.texts(&format!("{conflict} .diff-after ins"));
    assert!(
        mine.iter().any(|w| w.contains("coordinator")),
        "your words are struck on your side: {mine:?}"
    );
    assert!(
        theirs.iter().any(|w| w.contains("abolished")),
        "their words are marked on theirs: {theirs:?}"
    );
    assert!(
        app.find("[data-merge-list=\"taken\"] [data-path=\"objectives.6.measures\"]")
            .is_none(),
        "a conflict is not taken"
    );
    assert_eq!(
        app.field_value("objectives.6.measures"),
        format!("{BASE_6}{MINE_6}"),
        "nothing is applied before Merge"
    );
    app.screenshot("conflict-view");
    app.click("#merge-confirm");
    app.wait_for("#merge-result[data-open=\"1\"]");
    let revision = app.attrs("#merge-result", "data-revision").remove(0);
    app.click("#merge-close");
    app.wait_gone("#merge-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{ENTITY}\"][data-state=\"conflicts_open\"]"
    ));
    app.wait_for("#open-conflicts[data-open-conflicts=\"1\"]");
    revision
}

/// The open conflict resolved by editing both texts together.
fn resolve_by_editing_both(app: &App) {
    app.click("#open-conflicts");
    app.wait_for("#conflicts-dialog");
    let card = "#conflicts-dialog [data-conflict=\"objectives.6.measures\"]";
    app.wait_for(&format!("{card} .diff-columns"));
    app.click(&format!("{card} [data-resolve=\"both\"]"));
    let both = "[data-both-for=\"objectives.6.measures\"]";
    let offered = app.script(
        "return document.querySelector(arguments[0]).value;",
        vec![both.into()],
    );
    let offered = offered.as_str().unwrap_or_default();
    assert!(
        offered.contains("coordinator added") && offered.contains("abolished"),
        "both texts are offered to edit together: {offered:?}"
    );
    app.clear_text(both);
    app.type_text(both, MERGED_6);
    app.screenshot("conflict-edit-both");
    app.click("#conflicts-apply");
    app.wait_gone("#conflicts-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{ENTITY}\"][data-state=\"merged\"]"
    ));
    app.wait_gone("#open-conflicts");
    app.go_to("objectives.6");
    app.wait_field_value("objectives.6.measures", MERGED_6);
    app.click("#open-contributions");
    app.wait_gone("#contributions-panel");
}

/// Whether the control of field `path` is read-only: a text box's `readOnly`, or a rich-text
/// editor that is not editable.
fn read_only(app: &App, path: &str) -> Value {
    app.script(
        "const el = document.querySelector(`[data-field=\"${arguments[0]}\"]`); \
         if (!el) return null; \
         const editable = el.getAttribute('contenteditable'); \
         return editable === null ? el.readOnly : editable === 'false';",
        vec![path.into()],
    )
}

/// Who signs in an office.
#[derive(Clone, Copy)]
struct Signer {
    name: &'static str,
    title: &'static str,
    ministry: &'static str,
    email: &'static str,
}

impl Signer {
    const COORDINATOR: Signer = Signer {
        name: "Wanjiru Kamau",
        title: "Director, Migration Policy",
        ministry: "Ministry of Interior",
        email: "w.kamau@interior.example.go.ke",
    };
    const CONTRIBUTOR: Signer = Signer {
        name: "Amina Odhiambo",
        title: "Head of Labour Migration",
        ministry: "Ministry of Labour",
        email: "migration@labour.example.go.ke",
    };
}

/// Settings: who signs in this office and, with `key`, a signing key.
fn set_up_signer(app: &App, signer: Signer, key: bool) {
    app.open_settings();
    app.type_text("#signer-name", signer.name);
    app.type_text("#signer-title", signer.title);
    app.type_text("#signer-ministry", signer.ministry);
    app.type_text("#signer-email", signer.email);
    app.click("#save-signer");
    app.wait_text("#signer-status", "saved");
    if key {
        app.click("#create-key");
        app.type_text("#new-passphrase", PASSPHRASE);
        app.type_text("#new-passphrase-again", PASSPHRASE);
        app.click("#create-key-confirm");
        app.wait_for("#key-fingerprint");
    }
    app.close_settings();
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string()
}

/// The text of the one PDF in `folder`, as pdftotext reads it.
fn pdf_text(folder: &Path) -> String {
    let pdf = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == OsStr::new("pdf")))
        .unwrap_or_else(|| panic!("no PDF was written"));
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}
