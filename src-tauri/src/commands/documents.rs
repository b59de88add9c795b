//! Earlier reviews brought in from a document (Word, LibreOffice, PDF): the file chosen in a
//! native dialog and proposed a place for each block, then the plan the user edited applied.

use gcm_review::desk::DocumentProgress as Progress;
use gcm_review::desk::{display_name, DocumentImportOutcome, DocumentProposal, PlacementPlan};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::open_path;
use crate::{DeskState, FilesState, IpcError};

const DOCUMENTS: (&str, &[&str]) = ("Document (docx, odt, pdf)", &["docx", "odt", "pdf"]);

/// A document chosen for import, and where its blocks would go.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentChosen {
    /// The file's name, for display.
    name: String,
    /// What `document_apply` refers to the bytes read by.
    handle: String,
    proposal: DocumentProposal,
}

/// Asks for a document and proposes a field for each of its blocks, for a new review of
/// `member_state` and `cycle` (or a new revision of review `into`), reporting how far reading
/// has come on `on_progress`; `null` when cancelled. Nothing is changed; the bytes read are kept
/// for `document_apply`.
#[tauri::command]
pub async fn document_choose<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    member_state: String,
    cycle: String,
    into: Option<String>,
    on_progress: Channel<Progress>,
) -> Result<Option<DocumentChosen>, IpcError> {
    let Some(path) = open_path(&app, DOCUMENTS) else {
        return Ok(None);
    };
    let name = display_name(&path);
    // A report the window no longer hears is no reason to stop reading.
    let mut progress = |p: Progress| {
        let _ = on_progress.send(p);
    };
    let (handle, proposal) = files.preview(path, |bytes| {
        desk.with(|d| {
            d.propose_document(
                &name,
                bytes,
                &member_state,
                &cycle,
                into.as_deref(),
                &mut progress,
            )
        })
    })?;
    Ok(Some(DocumentChosen {
        name,
        handle,
        proposal,
    }))
}

/// Applies the (edited) placement plan to the document chosen, by its handle: exactly the bytes
/// proposed (a file changed on disk since is refused), as one new revision.
#[tauri::command]
pub async fn document_apply(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    handle: String,
    plan: PlacementPlan,
) -> Result<DocumentImportOutcome, IpcError> {
    let outcome = files.with(|f| {
        let name = display_name(f.path(&handle)?);
        let (_, bytes) = f.chosen_bytes(&handle)?;
        Ok(desk.with(|d| d.apply_document(&name, bytes, &plan)))
    })??;
    files.with(|f| {
        f.forget(&handle);
        Ok(())
    })?;
    Ok(outcome)
}
