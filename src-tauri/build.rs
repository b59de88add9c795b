//! Builds the shell from the repository's `tauri.conf.json`, granting the UI only the commands
//! listed here (see `capabilities/`), after the UI's bundle of npm packages (`ui/vendor/`,
//! built by `scripts/bundle-ui.mjs`) is there and current, since the UI is embedded.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// What the bundle is built from, relative to the repository root.
const BUNDLE_INPUTS: [&str; 3] = [
    "package-lock.json",
    "scripts/bundle-ui.mjs",
    "scripts/prosemirror-entry.js",
];

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Builds `ui/vendor/` when it is missing or older than what it is built from.
fn bundle_ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = root.join("ui/vendor/prosemirror.js");
    println!("cargo:rerun-if-changed=../ui/vendor/prosemirror.js");
    for input in BUNDLE_INPUTS {
        println!("cargo:rerun-if-changed=../{input}");
    }
    let built = modified(&out);
    let stale = built.is_none()
        || BUNDLE_INPUTS
            .iter()
            .any(|input| modified(&root.join(input)) > built);
    if !stale {
        return;
    }
    if !root.join("node_modules/prosemirror-view").is_dir() {
        eprintln!(
            "the UI's npm packages are missing: run `make` (or `npm ci` at the repository root), then build again"
        );
        std::process::exit(1);
    }
    let status = Command::new("node")
        .arg(root.join("scripts/bundle-ui.mjs"))
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("scripts/bundle-ui.mjs failed ({s}): the UI's editor cannot be built");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("cannot run node for scripts/bundle-ui.mjs ({e}): install Node.js, then build again");
            std::process::exit(1);
        }
    }
}

fn main() {
    bundle_ui();
    let commands = &[
        "app_info",
        "template_get",
        "settings_set_ui_language",
        "settings_set_spellcheck",
        "spelling_apply",
        "about_info",
        "data_dir_open",
        "guide_seen_set",
        "reviews_list",
        "reviews_trash",
        "review_create",
        "review_duplicate",
        "review_delete",
        "review_undelete",
        "review_open",
        "review_save",
        "review_words",
        "review_find",
        "review_replace",
        "history_list",
        "history_show",
        "history_restore",
        "milestone_add",
        "compare_revisions",
        "compare_authors",
        "signer_get",
        "signer_set",
        "keys_list",
        "key_create",
        "key_rotate",
        "key_export_public",
        "key_trust",
        "keys_known",
        "export_check",
        "export_json",
        "verify_open",
        "verify_again",
        "comments_list",
        "comment_counts",
        "comment_add",
        "comment_reply",
        "comment_resolve",
        "comment_reopen",
        "signoff_status",
        "signoff_add",
        "signoff_add_from_contributors",
        "approval_scan_choose",
        "approval_chosen_release",
        "approval_record",
        "approval_file_choose",
        "approval_file_record",
        "approval_changes",
        "approval_attachment_save",
        "final_get",
        "review_finalize",
        "backups_list",
        "backup_now",
        "backup_restore",
        "export_pdf",
        "export_package",
        "email_package",
        "show_in_folder",
        "import_choose",
        "import_file",
        "document_choose",
        "document_apply",
        "update_start",
        "since_submission",
        "secretariat_get",
        "secretariat_set",
        "contributors_list",
        "contributor_add",
        "contributor_assign",
        "contributions_status",
        "field_assignments",
        "field_provenance",
        "government_contributors_text",
        "contribution_request",
        "contribution_request_form",
        "contribution_open",
        "workspace_get",
        "contribution_comment",
        "contribution_return",
        "merge_choose",
        "merge_confirm",
        "conflicts_open",
        "conflicts_resolve",
    ];
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("cannot build the desktop shell: {e:#}");
        std::process::exit(1);
    }
}
