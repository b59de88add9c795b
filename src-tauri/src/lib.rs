//! The desktop shell of GCM Review Desk: Tauri commands that forward to the core's [`Desk`].
//!
//! No logic lives here: every command unpacks its arguments, makes one call into the core and
//! returns. [`builder`] is shared by [`run`] and the tests, which use Tauri's mock runtime.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod commands;
mod dialogs;
mod error;
mod spelling;
mod state;

use gcm_review::{data_dir, Desk, DeskError};
use tauri::{Builder, Runtime};

pub use error::IpcError;
pub use state::{DeskState, FilesState};

/// Registers the managed state and every command on a Tauri builder. Long because it is the
/// list of every command, one line each.
pub fn builder<R: Runtime>(builder: Builder<R>, desk: DeskState) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(desk)
        .manage(FilesState::default())
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::template_get,
            commands::app::settings_set_ui_language,
            commands::app::settings_set_spellcheck,
            commands::app::spelling_apply,
            commands::about::about_info,
            commands::about::data_dir_open,
            commands::about::guide_seen_set,
            commands::reviews::reviews_list,
            commands::reviews::reviews_trash,
            commands::reviews::review_create,
            commands::reviews::review_duplicate,
            commands::reviews::review_delete,
            commands::reviews::review_undelete,
            commands::reviews::review_open,
            commands::reviews::review_save,
            commands::reviews::review_words,
            commands::find::review_find,
            commands::find::review_replace,
            commands::history::history_list,
            commands::history::history_show,
            commands::history::history_restore,
            commands::history::milestone_add,
            commands::diff::compare_revisions,
            commands::diff::compare_authors,
            commands::sign::signer_get,
            commands::sign::signer_set,
            commands::sign::keys_list,
            commands::sign::key_create,
            commands::sign::key_rotate,
            commands::sign::key_export_public,
            commands::sign::key_trust,
            commands::sign::keys_known,
            commands::sign::export_check,
            commands::sign::export_json,
            commands::sign::verify_open,
            commands::sign::verify_again,
            commands::comments::comments_list,
            commands::comments::comment_counts,
            commands::comments::comment_add,
            commands::comments::comment_reply,
            commands::comments::comment_resolve,
            commands::comments::comment_reopen,
            commands::signoff::signoff_status,
            commands::signoff::signoff_add,
            commands::signoff::signoff_add_from_contributors,
            commands::signoff::approval_scan_choose,
            commands::signoff::approval_chosen_release,
            commands::signoff::approval_record,
            commands::signoff::approval_file_choose,
            commands::signoff::approval_file_record,
            commands::signoff::approval_changes,
            commands::signoff::approval_attachment_save,
            commands::signoff::final_get,
            commands::signoff::review_finalize,
            commands::backup::backups_list,
            commands::backup::backup_now,
            commands::backup::backup_restore,
            commands::pdf::export_pdf,
            commands::package::export_package,
            commands::package::email_package,
            commands::package::show_in_folder,
            commands::package::import_choose,
            commands::package::import_file,
            commands::documents::document_choose,
            commands::documents::document_apply,
            commands::package::update_start,
            commands::package::since_submission,
            commands::package::secretariat_get,
            commands::package::secretariat_set,
            commands::contrib::contributors_list,
            commands::contrib::contributor_add,
            commands::contrib::contributor_assign,
            commands::contrib::contributions_status,
            commands::contrib::field_assignments,
            commands::contrib::field_provenance,
            commands::contrib::government_contributors_text,
            commands::contrib::contribution_request,
            commands::contrib::contribution_request_form,
            commands::contrib::contribution_open,
            commands::contrib::workspace_get,
            commands::contrib::contribution_comment,
            commands::contrib::contribution_return,
            commands::contrib::merge_choose,
            commands::contrib::merge_confirm,
            commands::contrib::conflicts_open,
            commands::contrib::conflicts_resolve,
        ])
}

/// Opens the store in the data folder and runs the app. A store that cannot be opened does not
/// stop the app: the window opens and says why.
pub fn run() {
    let dir = data_dir(None);
    let desk = dir
        .as_ref()
        .map_err(|e| IpcError::from(DeskError::Internal(e.to_string())))
        .and_then(|dir| Desk::open_backing_up_in_background(dir).map_err(IpcError::from));
    let state = DeskState::new(desk, dir.ok());
    let app = builder(tauri::Builder::default(), state)
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = app {
        eprintln!("GCM Review Desk could not start: {e}");
        std::process::exit(1);
    }
}
