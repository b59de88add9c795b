//! Builds the shell from the repository's `tauri.conf.json`, granting the UI only the commands
//! listed here (see `capabilities/`).

fn main() {
    let commands = &[
        "app_info",
        "template_get",
        "settings_set_ui_language",
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
        "history_list",
        "history_show",
        "history_restore",
        "milestone_add",
        "compare_revisions",
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
    ];
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("cannot build the desktop shell: {e:#}");
        std::process::exit(1);
    }
}
