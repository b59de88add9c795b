//! A contribution request as a Word form, for a ministry that will not install the app: the
//! coordinator adds the Ministry of Health in the Contributions panel, assigns it objective 6
//! and `means.partnerships`, and sends it "as Word form" (the `.docx` and its `.eml` draft,
//! read back with Python's `email` module: the attachment is the form, by SHA-256). The
//! ministry fills it in with python-docx (tests/documents/fill_form.py: Arabic and Latin text,
//! a picture pasted into a box, one box deleted) and saves it again with LibreOffice headless,
//! as a person would. The coordinator merges the returned document in the app: the preview
//! says where it came from, that the deleted box is no answer (not a clearing) and that the
//! picture is not taken; after "Merge", History names the Word document and the fields hold
//! the ministry's text, the field with no answer the coordinator's.

use std::path::{Path, PathBuf};
use std::process::Command;

use gcm_review_e2e::{App, NewReview, AUTOMATION_DIR};
use serde_json::{json, Value};

const ENTITY: &str = "ministry-of-health";
const EMAIL: &str = "migration@health.example.go.ke";
const DATA_6: &str = "Figures from the 2024 health facility survey.";
const MEASURES_6: &str = "Migrant health desks opened in four county hospitals.";
const PARTNERSHIPS: &str =
    "تعاون مع منظمة الصحة العالمية. Partnership with the WHO country office on migrant health.";

#[test]
fn contribution_word_form() {
    let coordinator = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let sent = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let ministry = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));

    let app = App::start_with_env(
        coordinator.path(),
        &[(AUTOMATION_DIR, sent.path().as_os_str())],
    );
    app.create_review(NewReview::KENYA);
    set_up_signer(&app);
    app.go_to("objectives.6");
    app.type_into("objectives.6.data", DATA_6);
    app.wait_saved();
    add_and_assign(&app);
    let form = send_word_form(&app);
    check_form_email(&form);

    // The Ministry of Health, with Word's stand-ins: python-docx, then LibreOffice.
    let returned = fill_and_resave(&form, ministry.path());
    // Back at the coordinating ministry: the returned document alone in the folder.
    for written in [form.clone(), form.with_extension("eml")] {
        std::fs::remove_file(&written).unwrap_or_else(|e| panic!("{}: {e}", written.display()));
    }
    let into = sent.path().join("Reply from the Ministry of Health.docx");
    std::fs::copy(&returned, &into).unwrap_or_else(|e| panic!("{}: {e}", returned.display()));

    merge_word_document(&app);

    app.click("#open-history");
    app.wait_text(
        "#history-panel .revision-kind",
        "Word document from Ministry of Health, received",
    );
    app.click("#open-history");
    app.wait_gone("#history-panel");
    app.go_to("means");
    app.wait_field_value("means.partnerships", PARTNERSHIPS);
    app.go_to("objectives.6");
    app.wait_field_value("objectives.6.measures", MEASURES_6);
    assert_eq!(
        app.field_value("objectives.6.data"),
        DATA_6,
        "a deleted box is no answer: the coordinator's answer stays"
    );
    app.quit();
}

/// Settings: who coordinates (a Word form is not signed: no key).
fn set_up_signer(app: &App) {
    app.open_settings();
    app.type_text("#signer-name", "Wanjiru Kamau");
    app.type_text("#signer-title", "Director, Migration Policy");
    app.type_text("#signer-ministry", "Ministry of Interior");
    app.type_text("#signer-email", "w.kamau@interior.example.go.ke");
    app.click("#save-signer");
    app.wait_text("#signer-status", "saved");
    app.close_settings();
}

/// The Contributions panel: the Ministry of Health added, objective 6 and
/// `means.partnerships` assigned to it.
fn add_and_assign(app: &App) {
    app.click("#open-contributions");
    app.wait_for("#contributions-panel");
    app.type_text("#entity-name", "Ministry of Health");
    app.type_text("#entity-email", EMAIL);
    app.click("#add-entity");
    let row = format!("[data-entity=\"{ENTITY}\"]");
    app.wait_for(&format!("{row}[data-state=\"not_sent\"]"));
    app.click(&format!("{row} [data-action=\"assign\"]"));
    app.wait_for("#assign-dialog");
    for (kind, target) in [
        ("objective", "objectives.6"),
        ("field", "means.partnerships"),
    ] {
        app.choose("#assign-kind", kind);
        app.choose("#assign-target", target);
        app.click("#assign-add");
        app.wait_for(&format!("#assign-dialog [data-selector=\"{target}\"]"));
    }
    app.click("#assign-close");
    app.wait_gone("#assign-dialog");
}

/// "Send as Word form…": no passphrase; the `.docx` and its email draft written; the entity
/// requested. Returns the form's path.
fn send_word_form(app: &App) -> PathBuf {
    let row = format!("[data-entity=\"{ENTITY}\"]");
    app.click(&format!("{row} [data-action=\"request-form\"]"));
    app.wait_text("#request-dialog", "Word form for Ministry of Health");
    assert!(
        app.find("#request-passphrase").is_none(),
        "a Word form is not signed: no passphrase is asked"
    );
    app.type_text(
        "#request-instructions",
        "Please describe the health measures for migrants.",
    );
    app.click("#request-sign");
    app.wait_for("#request-result[data-eml]");
    app.wait_text("#request-result", "Word form saved");
    let form = PathBuf::from(&app.attrs("#request-result", "data-path")[0]);
    let name = file_name(&form);
    assert!(
        name.starts_with("GCM-contribution_KEN_ministry-of-health_") && name.ends_with(".docx"),
        "the form is offered as GCM-contribution_<ISO3>_<entity>_<date>.docx: {name}"
    );
    assert_eq!(
        app.attrs("#request-result", "data-eml")[0],
        form.with_extension("eml").display().to_string(),
        "the draft is written beside the form"
    );
    app.click("#request-close");
    app.wait_gone("#request-dialog");
    app.wait_for(&format!("{row}[data-state=\"requested\"]"));
    app.screenshot("contributions-word-form-sent");
    form
}

/// The `.eml` beside the form, read by Python's `email` module: a draft to the ministry that
/// says how to fill the form in, with exactly the form attached.
fn check_form_email(form: &Path) {
    let eml = form.with_extension("eml");
    let script = r#"
import email, email.policy, hashlib, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(json.dumps({
    'to': str(m['To']), 'unsent': str(m['X-Unsent']), 'subject': str(m['Subject']),
    'body': m.get_body(preferencelist=('plain',)).get_content(),
    'attachments': [[p.get_filename(), hashlib.sha256(p.get_content()).hexdigest()]
                    for p in m.iter_attachments()],
    'form': hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest(),
}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&eml)
        .arg(form)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "Python's email module could not read {}: {}",
        eml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed["to"], EMAIL, "{parsed}");
    assert_eq!(parsed["unsent"], "1", "{parsed}");
    assert!(
        parsed["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Contribution requested (Word form)")),
        "{parsed}"
    );
    let body = parsed["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("one answer box per question")
            && body.contains("health measures for migrants")
            && !body.contains("Fingerprint"),
        "the draft says how to fill the form in, with the instructions, and no key: {body}"
    );
    assert_eq!(
        parsed["attachments"],
        json!([[file_name(form), parsed["form"]]]),
        "the draft carries exactly the form"
    );
}

/// The ministry's side: fills the form in with python-docx (objective 6's measures, the
/// partnerships in Arabic and English with a picture pasted after them, objective 6's data box
/// deleted), then opens and saves it again with LibreOffice headless on a private profile.
/// Returns the document LibreOffice wrote.
fn fill_and_resave(form: &Path, folder: &Path) -> PathBuf {
    let received = folder.join("form.docx");
    std::fs::copy(form, &received).unwrap_or_else(|e| panic!("{}: {e}", form.display()));
    let answers = folder.join("answers.json");
    let spec = json!({
        "fill": {
            "objectives.6.measures": [MEASURES_6],
            "means.partnerships": [PARTNERSHIPS],
        },
        "image": ["means.partnerships"],
        "delete": ["objectives.6.data"],
    });
    std::fs::write(&answers, spec.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let filled = folder.join("filled.docx");
    let script = gcm_review_e2e::paths::workspace_root().join("tests/documents/fill_form.py");
    let out = Command::new(python_with_docx())
        .arg(&script)
        .arg(&received)
        .arg(&filled)
        .arg(&answers)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "fill_form.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let resaved = folder.join("resaved");
    let profile = folder.join("lo-profile");
    let out = Command::new("soffice")
        .env("HOME", folder.join("lo-home"))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&resaved)
        .arg(&filled)
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice is needed (apt-get install libreoffice-writer-nogui): {e}")
        });
    let written = resaved.join("filled.docx");
    assert!(
        out.status.success() && written.is_file(),
        "LibreOffice did not save {}: {}",
        written.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    written
}

/// "Merge a response…" on the returned Word document: the preview shows where it came from,
/// the box deleted as no answer, the picture as not taken, the answers taken; then "Merge".
fn merge_word_document(app: &App) {
    app.click("#merge-response");
    app.wait_for("#merge-dialog");
    app.wait_text(
        "#merge-provenance",
        "Word document from Ministry of Health, received",
    );
    app.wait_text("#merge-dialog", "Reply from the Ministry of Health.docx");
    assert!(
        app.find("#merge-fingerprint").is_none(),
        "a Word document is not signed: no key is shown"
    );
    app.wait_for("[data-merge-list=\"taken\"] [data-path=\"means.partnerships\"]");
    app.wait_for("[data-merge-list=\"taken\"] [data-path=\"objectives.6.measures\"]");
    app.wait_for("[data-merge-list=\"no-answer\"] [data-path=\"objectives.6.data\"]");
    app.wait_text("[data-merge-list=\"no-answer\"]", "This is not a clearing");
    app.wait_text(
        "[data-merge-list=\"not-taken\"] [data-path=\"means.partnerships\"]",
        "image",
    );
    assert_eq!(
        app.field_value("objectives.6.data"),
        DATA_6,
        "nothing is applied before Merge"
    );
    app.script(
        "document.querySelector('[data-merge-list=\"no-answer\"]').scrollIntoView({ block: 'center' });",
        vec![],
    );
    app.screenshot("word-form-merge-preview");
    app.click("#merge-confirm");
    app.wait_for("#merge-result[data-open=\"0\"]");
    app.click("#merge-close");
    app.wait_gone("#merge-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{ENTITY}\"][data-state=\"merged\"]"
    ));
    app.click("#open-contributions");
    app.wait_gone("#contributions-panel");
}

/// The Python that has python-docx: the system's (Debian's python3-docx), else `python3`.
fn python_with_docx() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!("python3 with python-docx is needed (apt-get install python3-docx)")
        })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string()
}
