//! The UI contract, through Tauri's IPC with the mock runtime: command names, camelCase
//! arguments, result shapes, and errors as `{ code, message, details }`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gcm_review::desk::MIN_PASSPHRASE_CHARS;
use gcm_review::Desk;
use gcm_review_desk::{builder, DeskState, IpcError};
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn app(
    desk: Result<Desk, IpcError>,
    dir: &std::path::Path,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let app = builder(
        mock_builder(),
        DeskState::new(desk, Some(dir.to_path_buf())),
    )
    .build(mock_context(noop_assets()))
    .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
}

fn call(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn create_open_save_and_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());

    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["startupError"], Value::Null);
    assert_eq!(
        info["uiLanguages"],
        json!(["ar", "zh", "en", "fr", "ru", "es"])
    );
    assert_eq!(info["minPassphrase"], MIN_PASSPHRASE_CHARS);

    let created = call(
        &w,
        "review_create",
        json!({ "memberState": "SEN", "cycle": "IMRF 2026", "language": "fr" }),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["memberStateName"], "Senegal");

    let state = call(&w, "review_open", json!({ "id": id })).unwrap();
    assert_eq!(state["version"], 1);
    assert_eq!(state["values"]["cover.language"], "fr");
    assert!(state["completeness"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["path"] == "cover.lead_entity"));

    let saved = call(
        &w,
        "review_save",
        json!({ "id": id, "baseVersion": 1, "changes": { "methodology.process": "Texte." } }),
    )
    .unwrap();
    assert_eq!(saved["version"], 2);
    assert!(saved["savedAt"].as_str().unwrap().ends_with('Z'));

    let err = call(
        &w,
        "review_save",
        json!({ "id": id, "baseVersion": 1, "changes": { "methodology.process": "Autre." } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "conflict");
    assert_eq!(err["details"]["version"], 2);
    assert_eq!(err["details"]["values"]["methodology.process"], "Texte.");
    assert!(err["message"].as_str().unwrap().contains("another window"));

    let err = call(&w, "review_save", json!({ "id": id, "baseVersion": 2, "changes": { "objectives.7.principles": ["gravity"] } })).unwrap_err();
    assert_eq!(err["code"], "invalid_value");

    let history = call(&w, "history_list", json!({ "id": id })).unwrap();
    assert_eq!(history[0]["number"], 2);
    assert_eq!(history[0]["kind"], "edit");
    let restored = call(&w, "history_restore", json!({ "id": id, "revision": 1 })).unwrap();
    assert_eq!(restored["version"], 3);
    let history = call(&w, "history_list", json!({ "id": id })).unwrap();
    assert_eq!(history[0]["kind"], "restore");
    assert_eq!(history[0]["restoredFrom"], 1);
    let shown = call(&w, "history_show", json!({ "id": id, "revision": 2 })).unwrap();
    assert_eq!(shown["values"]["methodology.process"], "Texte.");
    let m = call(
        &w,
        "milestone_add",
        json!({ "id": id, "label": "envoyé aux ministères" }),
    )
    .unwrap();
    assert_eq!(m["milestones"], json!(["envoyé aux ministères"]));

    assert_eq!(
        call(&w, "review_words", json!({ "text": "un deux trois" })).unwrap(),
        3
    );
    call(&w, "settings_set_ui_language", json!({ "language": "fr" })).unwrap();
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["uiLanguage"], "fr");

    assert_eq!(call(&w, "app_info", json!({})).unwrap()["guideSeen"], false);
    call(&w, "guide_seen_set", json!({ "seen": true })).unwrap();
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["guideSeen"], true);
    let about = call(&w, "about_info", json!({})).unwrap();
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert!(about["dataDir"].as_str().is_some_and(|d| !d.is_empty()));
    let licences = about["licences"].as_array().unwrap();
    assert!(licences
        .iter()
        .any(|l| l["licence"] == "OFL-1.1" && l["text"].is_string()));

    let template = call(&w, "template_get", json!({})).unwrap();
    assert_eq!(
        template["template"]["objectives"].as_array().unwrap().len(),
        23
    );
    assert_eq!(template["memberStates"].as_array().unwrap().len(), 195);
}

#[test]
fn trash_and_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());
    let id = call(
        &w,
        "review_create",
        json!({ "memberState": "KEN", "cycle": "IMRF 2026", "language": "en" }),
    )
    .unwrap()["id"]
        .clone();
    call(&w, "review_duplicate", json!({ "id": id })).unwrap();
    assert_eq!(
        call(&w, "reviews_list", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    call(&w, "review_delete", json!({ "id": id })).unwrap();
    let trash = call(&w, "reviews_trash", json!({})).unwrap();
    assert_eq!(trash[0]["id"], id);
    assert!(trash[0]["deletedAt"].is_string());
    call(&w, "review_undelete", json!({ "id": id })).unwrap();
    assert_eq!(
        call(&w, "reviews_list", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let err = call(&w, "review_open", json!({ "id": "nope" })).unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn a_store_that_failed_to_open_is_reported_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reviews.sqlite3"), vec![7u8; 8192]).unwrap();
    let failure = Desk::open(dir.path()).map_err(IpcError::from);
    assert!(failure.is_err());
    let (_app, w) = app(failure, dir.path());
    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["startupError"]["code"], "corrupt_store");
    let err = call(&w, "reviews_list", json!({})).unwrap_err();
    assert_eq!(err["code"], "corrupt_store");
    assert!(err["message"].as_str().unwrap().contains("damaged"));
}

#[test]
fn a_damaged_store_is_restored_from_a_backup_in_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let review = gcm_review::NewReview {
        member_state: "KEN".into(),
        cycle: "IMRF 2026".into(),
        language: "en".into(),
    };
    let id = desk.create(review).unwrap().id;
    let backup = desk.backup_now().unwrap();
    drop(desk);
    std::fs::write(dir.path().join("reviews.sqlite3"), vec![9u8; 8192]).unwrap();
    let _ = std::fs::remove_file(dir.path().join("reviews.sqlite3-wal"));
    let (_app, w) = app(Desk::open(dir.path()).map_err(IpcError::from), dir.path());
    assert_eq!(
        call(&w, "reviews_list", json!({})).unwrap_err()["code"],
        "corrupt_store"
    );
    let backups = call(&w, "backups_list", json!({})).unwrap();
    assert_eq!(backups[0]["name"], backup.name.as_str());
    call(&w, "backup_restore", json!({ "name": backup.name })).unwrap();
    let list = call(&w, "reviews_list", json!({})).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(
        call(&w, "app_info", json!({})).unwrap()["startupError"],
        Value::Null
    );
}

#[test]
fn compare_two_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());
    let id = call(
        &w,
        "review_create",
        json!({ "memberState": "KEN", "cycle": "IMRF 2026", "language": "en" }),
    )
    .unwrap()["id"]
        .clone();
    for (base, text) in [
        (1, "Ministries met monthly."),
        (2, "Ministries met weekly."),
    ] {
        call(
            &w,
            "review_save",
            json!({ "id": id, "baseVersion": base, "changes": { "methodology.process": text } }),
        )
        .unwrap();
    }
    let diffs = call(&w, "compare_revisions", json!({ "id": id, "a": 2, "b": 3 })).unwrap();
    assert_eq!(
        diffs,
        json!([{
            "path": "methodology.process",
            "change": "changed",
            "before": "Ministries met monthly.",
            "after": "Ministries met weekly.",
            "words": [
                { "op": "equal", "text": "Ministries met " },
                { "op": "delete", "text": "monthly" },
                { "op": "insert", "text": "weekly" },
                { "op": "equal", "text": "." },
            ],
        }])
    );
    assert_eq!(
        call(&w, "compare_revisions", json!({ "id": id, "a": 3, "b": 3 })).unwrap(),
        json!([])
    );
    let err = call(&w, "compare_revisions", json!({ "id": id, "a": 1, "b": 9 })).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("1 to 3"), "{err}");
}

#[test]
fn packages_settings_updates_and_refused_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());
    assert_eq!(
        call(&w, "secretariat_get", json!({})).unwrap(),
        json!("unmignet@iom.int")
    );
    let err = call(
        &w,
        "secretariat_set",
        json!({ "address": "not an address" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "bad_address");
    assert_eq!(
        call(
            &w,
            "secretariat_set",
            json!({ "address": " reviews@example.org " })
        )
        .unwrap(),
        json!("reviews@example.org")
    );

    let created = call(
        &w,
        "review_create",
        json!({ "memberState": "KEN", "cycle": "IMRF 2026", "language": "en" }),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let since = call(&w, "since_submission", json!({ "id": id })).unwrap();
    assert_eq!(since, json!({ "last": null, "changed": [], "head": 1 }));
    let err = call(
        &w,
        "update_start",
        json!({ "id": id, "revision": 1, "cycle": "IMRF 2030" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_submitted");

    // The webview never names a path: a path (or a made-up handle) where a handle of this
    // session is expected is refused, and nothing is read or written.
    let secret = dir.path().join("secret.zip");
    std::fs::write(&secret, b"PK\x03\x04 not a package the app wrote").unwrap();
    for forged in [
        secret.to_str().unwrap(),
        "/dev/zero",
        "0123456789abcdef0123456789abcdef",
    ] {
        let err = call(&w, "import_file", json!({ "handle": forged })).unwrap_err();
        assert_eq!(err["code"], "unknown_handle", "{err}");
        let err = call(&w, "email_package", json!({ "id": id, "package": forged })).unwrap_err();
        assert_eq!(err["code"], "unknown_handle", "{err}");
        let err = call(&w, "show_in_folder", json!({ "handle": forged })).unwrap_err();
        assert_eq!(err["code"], "unknown_handle", "{err}");
    }
    assert!(!secret.with_extension("eml").exists(), "no draft written");
    // The old path arguments are gone altogether.
    assert!(call(&w, "import_file", json!({ "path": secret })).is_err());
    assert!(call(&w, "email_package", json!({ "id": id, "path": secret })).is_err());
    let history = call(&w, "history_list", json!({ "id": id })).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1, "nothing recorded");
}

#[test]
fn a_document_is_applied_only_through_a_handle_this_session_chose() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());
    let document = dir.path().join("review.docx");
    std::fs::write(&document, b"PK\x03\x04 a document the user never chose").unwrap();
    let plan = json!({
        "format": "gcm-review-placement/1", "file": "review.docx", "sha256": "00",
        "memberState": "KEN", "cycle": "IMRF 2026", "language": "en", "into": null,
        "blocks": [{ "id": 1, "kind": "paragraph", "preview": "", "field": "methodology.process",
                     "heading": null, "reason": "" }],
    });
    for forged in [
        document.to_str().unwrap(),
        "/dev/zero",
        "0123456789abcdef0123456789abcdef",
    ] {
        let err = call(
            &w,
            "document_apply",
            json!({ "handle": forged, "plan": plan }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "unknown_handle", "{err}");
    }
    // A path where the handle goes is no way in either.
    assert!(call(
        &w,
        "document_apply",
        json!({ "path": document, "plan": plan })
    )
    .is_err());
    assert_eq!(call(&w, "reviews_list", json!({})).unwrap(), json!([]));
}

#[test]
fn contributions_through_the_contract_and_a_merge_only_by_handle() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = app(Ok(Desk::open(dir.path()).unwrap()), dir.path());
    let review = call(
        &w,
        "review_create",
        json!({ "memberState": "KEN", "cycle": "IMRF 2026", "language": "en" }),
    )
    .unwrap();
    let id = review["id"].as_str().unwrap();
    let added = call(
        &w,
        "contributor_add",
        json!({ "id": id, "contributor": { "name": "Ministry of Labour", "ministry": "", "email": "labour@example.go.ke" } }),
    )
    .unwrap();
    assert_eq!(added["id"], "ministry-of-labour");
    let assigned = call(
        &w,
        "contributor_assign",
        json!({ "id": id, "entity": "ministry-of-labour", "selectors": ["objectives.5", "means.partnerships"], "remove": false }),
    )
    .unwrap();
    assert_eq!(
        assigned["assignment"],
        json!(["objectives.5", "means.partnerships"])
    );
    assert_eq!(assigned["fields"].as_array().unwrap().len(), 7);
    let marks = call(&w, "field_assignments", json!({ "id": id })).unwrap();
    assert_eq!(marks["means.partnerships"][0]["name"], "Ministry of Labour");
    let status = call(&w, "contributions_status", json!({ "id": id })).unwrap();
    assert_eq!(status["entities"][0]["state"], "not_sent");
    assert_eq!(
        call(&w, "government_contributors_text", json!({ "id": id })).unwrap(),
        "- Ministry of Labour\n"
    );
    assert_eq!(
        call(&w, "workspace_get", json!({ "id": id })).unwrap(),
        Value::Null
    );
    let bad = call(
        &w,
        "contributor_assign",
        json!({ "id": id, "entity": "ministry-of-labour", "selectors": ["objectives.24"], "remove": false }),
    )
    .unwrap_err();
    assert!(
        bad["code"].is_string() && bad["message"].is_string(),
        "{bad}"
    );

    // A response is merged only by the handle of the file previewed, never by a path.
    let forged = dir.path().join("response.zip");
    std::fs::write(&forged, b"PK\x03\x04 not chosen").unwrap();
    let decision = json!({ "head": 1, "resolutions": {}, "consent": null });
    for handle in [forged.to_str().unwrap(), "0123456789abcdef0123456789abcdef"] {
        let err = call(
            &w,
            "merge_confirm",
            json!({ "id": id, "handle": handle, "decision": decision }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "unknown_handle", "{err}");
    }
    assert_eq!(
        call(&w, "conflicts_open", json!({ "id": id })).unwrap(),
        json!([])
    );
}
