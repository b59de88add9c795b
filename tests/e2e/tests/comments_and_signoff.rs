//! Interministerial review in the real webview: comments on two fields (one resolved), a
//! sign-off list of two entities, one approval signed on paper with its scanned page, one from
//! an approval file that another machine's app signed (the command line on another data
//! folder), imported and recorded after its key is checked; then an edit of the approved
//! field turns both approvals stale, with the change shown. The internal-review PDF prints the
//! comments; the package holds none of them, not even in its PDF.

use std::path::{Path, PathBuf};
use std::process::Command;

use gcm_review_e2e::{cli_with_env, App, AUTOMATION_DIR};

const PASSPHRASE: &str = "correct horse battery staple";
const PROCESS: &str = "The review was prepared by an interministerial working group.";
const ADDED: &str = "It met six times in 2025.";
const LEAD: &str = "State Department for Diaspora Affairs";
const COMMENT_PROCESS: &str = "Cite the labour migration survey here";
const COMMENT_LEAD: &str = "Name the lead ministry in full";
const REPLY: &str = "Added the 2024 survey as a source";
const INTERIOR: &str = "Ministry of Interior";
const LABOUR: &str = "Ministry of Labour";
/// A 1×1 PNG: the scanned page of the paper approval.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[("GCM_REVIEW_PASSPHRASE", PASSPHRASE)])
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"))
}

fn path_str(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", p.display()))
}

#[test]
fn comments_and_signoff() {
    let data = tempdir();
    let files = tempdir();
    let approver = tempdir();
    let circulated = tempdir();
    let id = prepare(data.path());
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);
    app.open_review(Some(&id));

    comment_on_two_fields(&app);
    sign_off_list(&app);
    approve_on_paper(&app, files.path());
    let circulated = circulated.path().join("circulated.review.json");
    cli(
        data.path(),
        &["export-json", &id, "-o", path_str(&circulated)],
    );
    make_approval(approver.path(), &circulated, files.path());
    approve_in_app(&app, &id);
    edit_turns_stale(&app);

    let internal = internal_review_pdf(&app, files.path());
    let text = pdf_text(&internal);
    for needle in [PROCESS, COMMENT_PROCESS, COMMENT_LEAD, REPLY] {
        assert!(
            text.contains(needle),
            "the internal-review PDF prints {needle:?}: {text}"
        );
    }
    std::fs::remove_file(&internal).unwrap_or_else(|e| panic!("{e}"));
    let package = export_package(&app, files.path());
    package_has_no_comment(&package);

    // The same state in Arabic: the panel mirrors, the words are the catalogue's.
    app.choose("#ui-language", "ar");
    app.wait_for("html[lang=\"ar\"][dir=\"rtl\"]");
    app.wait_for("#open-signoff[aria-expanded=\"true\"]");
    app.wait_for("#signoff-panel [data-entity][data-state=\"stale\"]");
    app.screenshot("signoff-stale-ar");
    app.quit();
}

/// The review and its signer, made with the command line before the app opens.
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
    cli(
        data,
        &["set", &id, "methodology.process", "--value", PROCESS],
    );
    cli(data, &["set", &id, "cover.lead_entity", "--value", LEAD]);
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
            LEAD,
            "--email",
            "a.odhiambo@diaspora.example.go.ke",
        ],
    );
    id
}

/// Adds a comment on `path` from its badge, in the field's thread.
fn comment(app: &App, path: &str, text: &str) {
    app.click(&format!("[data-comment-badge=\"{path}\"]"));
    app.wait_for(&format!("#comments-panel [data-comments-field=\"{path}\"]"));
    app.type_text("#comment-new", text);
    app.click("#comments-panel [data-action=\"comment-add\"]");
    app.wait_text("#comments-panel .comment-text", text);
    app.wait_for(&format!(
        "[data-comment-badge=\"{path}\"][data-comment-count=\"1\"]"
    ));
}

fn comment_on_two_fields(app: &App) {
    app.go_to("methodology");
    comment(app, "methodology.process", COMMENT_PROCESS);
    app.go_to("cover");
    comment(app, "cover.lead_entity", COMMENT_LEAD);
    app.wait_for("[data-nav=\"methodology\"] .nav-comments[data-comment-count=\"1\"]");
    app.wait_for("[data-nav=\"cover\"] .nav-comments[data-comment-count=\"1\"]");
    app.wait_for("#open-comments[data-comment-count=\"2\"]");

    app.click("#comments-panel [data-action=\"comments-back\"]");
    app.wait_for("#comments-count[data-open=\"2\"]");
    assert_eq!(
        app.attrs("#open-comment-threads [data-thread]", "data-thread-path"),
        ["cover.lead_entity", "methodology.process"],
        "the open threads in template order"
    );
    app.screenshot("comments-panel");

    app.click("[data-comment-jump=\"methodology.process\"]");
    app.wait_for("[data-nav=\"methodology\"][aria-current=\"true\"]");
    app.wait_for("#comments-panel [data-comments-field=\"methodology.process\"]");
    app.type_text("#comments-panel [data-reply-to]", REPLY);
    app.click("#comments-panel [data-action=\"comment-reply\"]");
    app.wait_text(
        "#comments-panel [data-thread] .comment + .comment .comment-text",
        REPLY,
    );
    app.wait_text(
        "#comments-panel [data-thread] .comment + .comment .comment-by",
        "Amina Odhiambo",
    );
    app.click("[data-action=\"comments-back\"]");
    app.wait_text("#open-comment-threads .comment-replies", "1 reply");
    app.click("[data-comment-jump=\"cover.lead_entity\"]");
    app.wait_for("#comments-panel [data-comments-field=\"cover.lead_entity\"]");
    app.click("#comments-panel [data-action=\"comment-resolve\"]");
    app.wait_for("#comments-panel [data-thread][data-open=\"false\"]");
    app.wait_for("[data-comment-badge=\"cover.lead_entity\"][data-comment-count=\"0\"]");
    app.wait_for("#open-comments[data-comment-count=\"1\"]");
    app.click("#comments-panel [data-action=\"comment-reopen\"]");
    app.wait_for("#comments-panel [data-thread][data-open=\"true\"]");
    app.wait_for("#open-comments[data-comment-count=\"2\"]");
    app.click("#comments-panel [data-action=\"comment-resolve\"]");
    app.wait_for("#comments-panel [data-thread][data-open=\"false\"]");
    app.wait_text("#comments-panel .comment-resolved", "Amina Odhiambo");
    app.screenshot("comments-field-thread");
    app.click("[data-action=\"comments-back\"]");
    app.wait_for("#comments-count[data-open=\"1\"]");
}

fn add_entity(app: &App, entity: &str, approver: &str, title: &str) {
    app.type_text("#signoff-entity", entity);
    app.type_text("#signoff-approver", approver);
    app.type_text("#signoff-title", title);
    app.click("#signoff-add");
    app.wait_for(&format!(
        "[data-entity=\"{entity}\"][data-state=\"outstanding\"]"
    ));
}

fn sign_off_list(app: &App) {
    app.click("#open-signoff");
    app.wait_for("#signoff-panel #signoff-entity");
    add_entity(app, INTERIOR, "Grace Wanjiku", "Principal Secretary");
    add_entity(app, LABOUR, "Peter Otieno", "Cabinet Secretary");
    app.wait_for("#signoff-state[data-approved=\"0\"][data-required=\"2\"]");
}

/// Records the Ministry of Labour's approval signed on paper, with the scanned page.
fn approve_on_paper(app: &App, files: &Path) {
    std::fs::write(files.join("labour-signed.png"), PNG).unwrap_or_else(|e| panic!("{e}"));
    app.click(&format!(
        "[data-entity=\"{LABOUR}\"] [data-action=\"approval-record\"]"
    ));
    app.wait_for("#approval-dialog");
    app.click("#approval-scan");
    app.wait_text("#approval-scan-name", "labour-signed.png");
    app.click("#approval-save");
    app.wait_gone("#approval-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{LABOUR}\"][data-state=\"approved\"] [data-method=\"paper\"] [data-attachment=\"image/png\"]"
    ));
    app.wait_for("#signoff-state[data-approved=\"1\"][data-required=\"2\"]");

    // The scan is kept in the store: with the chosen file gone, a copy saved is the same page.
    let scan = files.join("labour-signed.png");
    std::fs::remove_file(&scan).unwrap_or_else(|e| panic!("{e}"));
    app.click(&format!(
        "[data-entity=\"{LABOUR}\"] [data-action=\"approval-attachment-save\"]"
    ));
    app.wait_text("#signoff-panel .panel-status", "labour-signed.png");
    assert_eq!(
        std::fs::read(&scan).unwrap_or_else(|e| panic!("{e}")),
        PNG,
        "the copy of the scanned page kept with the approval"
    );
    std::fs::remove_file(&scan).unwrap_or_else(|e| panic!("{e}"));
}

/// The Ministry of Interior's approver, on their own machine: a key, then an approval file
/// over the circulated review, written where the coordinator's open dialog will find it.
fn make_approval(approver: &Path, circulated: &Path, files: &Path) {
    cli(
        approver,
        &[
            "keys",
            "new",
            "--name",
            "Grace Wanjiku",
            "--title",
            "Principal Secretary",
            "--ministry",
            INTERIOR,
            "--email",
            "g.wanjiku@interior.example.go.ke",
        ],
    );
    let out = files.join("interior.approval.json");
    cli(
        approver,
        &[
            "make-approval",
            path_str(circulated),
            "-o",
            path_str(&out),
            "--entity",
            INTERIOR,
        ],
    );
    assert!(out.is_file(), "the approval file was written");
}

/// Imports the approval file: its key is new here, so it is recorded only after the check. The
/// first time the dialog is cancelled, and the file chosen is released.
fn approve_in_app(app: &App, id: &str) {
    app.click("#approval-import");
    app.wait_for("#approval-file-dialog [data-key-trust=\"new\"]");
    let handle = app.attrs("#approval-file-dialog", "data-handle");
    assert_eq!(handle.len(), 1, "the chosen file has a handle");
    app.click("#approval-file-cancel");
    app.wait_gone("#approval-file-dialog");
    app.wait_until("the approval file to be released", |app| {
        let outcome = probe_approval_file(app, id, &handle[0]);
        assert!(
            outcome == "needs_consent" || outcome == "unknown_handle",
            "the probe records nothing: {outcome}"
        );
        (outcome == "unknown_handle").then_some(())
    });
    app.wait_for(&format!(
        "[data-entity=\"{INTERIOR}\"][data-state=\"outstanding\"]"
    ));

    app.click("#approval-import");
    app.wait_for("#approval-file-dialog");
    app.wait_for("#approval-file-dialog [data-key-trust=\"new\"]");
    app.wait_for("#approval-consent #approval-key-fingerprint");
    app.wait_text("[data-approval-entity]", INTERIOR);
    app.click("#approval-file-confirm");
    app.wait_gone("#approval-file-dialog");
    app.wait_for(&format!(
        "[data-entity=\"{INTERIOR}\"][data-state=\"approved\"] [data-method=\"app\"]"
    ));
    app.wait_for("#signoff-state[data-approved=\"2\"][data-required=\"2\"][data-stale=\"0\"]");
}

/// Whether the core still holds the approval file `handle`: recording it without the consent
/// its new key needs is refused with `needs_consent` while it is held (nothing is recorded),
/// with `unknown_handle` once it was released.
fn probe_approval_file(app: &App, id: &str, handle: &str) -> serde_json::Value {
    app.script_async(
        "const [id, handle, done] = arguments;\
         window.__TAURI__.core.invoke('approval_file_record', { id, handle, consent: null })\
           .then(() => done('recorded'), (e) => done(e?.code ?? String(e)));",
        vec![serde_json::json!(id), serde_json::json!(handle)],
    )
}

/// Edits the approved answer: both approvals turn stale, and the comparison shows the change.
fn edit_turns_stale(app: &App) {
    app.go_to("methodology");
    app.type_into("methodology.process", &format!(" {ADDED}"));
    app.wait_saved();
    app.wait_for(&format!(
        "[data-entity=\"{INTERIOR}\"][data-state=\"stale\"]"
    ));
    app.wait_for(&format!("[data-entity=\"{LABOUR}\"][data-state=\"stale\"]"));
    app.wait_for("#signoff-state[data-approved=\"0\"][data-stale=\"2\"]");
    app.wait_text("#signoff-summary", "2 stale");
    app.screenshot("signoff-stale");
    app.click(&format!(
        "[data-entity=\"{INTERIOR}\"] [data-action=\"approval-changes\"]"
    ));
    app.wait_for("#compare-dialog [data-diff-field=\"methodology.process\"]");
    app.wait_text(
        "#compare-dialog [data-diff-field=\"methodology.process\"] ins",
        "six times",
    );
    assert_eq!(
        app.attrs("#compare-dialog [data-diff-field]", "data-diff-field"),
        ["methodology.process"],
        "only the edited field changed since the approval"
    );
    app.screenshot("signoff-changes");
    app.click("#compare-close");
    app.wait_gone("#compare-dialog");
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

fn internal_review_pdf(app: &App, files: &Path) -> PathBuf {
    app.click("#export-pdf");
    app.wait_for("#pdf-dialog");
    app.click("#pdf-internal-review");
    app.click("#pdf-export");
    app.wait_for("#pdf-status [data-kind=\"ok\"]");
    app.click("#pdf-cancel");
    app.wait_gone("#pdf-dialog");
    only_file(files, ".pdf")
}

/// The text of a PDF by poppler's `pdftotext`, its white space made single spaces.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The package, with the export check's warning about the stale approvals seen first.
fn export_package(app: &App, files: &Path) -> PathBuf {
    app.click("#export-package");
    app.wait_for("#export-dialog");
    app.wait_for("#export-signoff-warning[data-count=\"2\"]");
    app.wait_for("[data-diagnostic-path=\"signoff\"][data-code=\"approval_stale\"]");
    app.type_text("#export-passphrase", PASSPHRASE);
    app.click("#export-sign");
    app.wait_for("#export-result[data-outcome=\"written\"]");
    app.click("#export-close");
    app.wait_gone("#export-dialog");
    only_file(files, ".zip")
}

/// No member of the package holds a comment's text; the PDF inside is read with pdftotext.
fn package_has_no_comment(package: &Path) {
    let out = tempdir();
    let script = "import sys, zipfile\n\
        z = zipfile.ZipFile(sys.argv[1])\n\
        for info in z.infolist():\n\
        \x20   data = z.read(info)\n\
        \x20   for needle in sys.argv[3:]:\n\
        \x20       assert needle.encode() not in data, (info.filename, needle)\n\
        \x20   if info.filename.endswith('.pdf'):\n\
        \x20       open(sys.argv[2] + '/inside.pdf', 'wb').write(data)\n\
        print(len(z.infolist()))\n";
    let run = Command::new("python3")
        .args(["-c", script, path_str(package), path_str(out.path())])
        .args([COMMENT_PROCESS, COMMENT_LEAD, REPLY])
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        run.status.success(),
        "a comment inside the package: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = pdf_text(&out.path().join("inside.pdf"));
    assert!(
        text.contains(PROCESS),
        "the package's PDF read back: {text}"
    );
    for needle in [COMMENT_PROCESS, COMMENT_LEAD, REPLY] {
        assert!(
            !text.contains(needle),
            "the package's PDF prints the comment {needle:?}"
        );
    }
}
