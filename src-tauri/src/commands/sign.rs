//! Signing: who signs, the key, exporting signed JSON, verifying files.

use gcm_review::desk::{display_name, write_file, KeyInfo, KnownKeyInfo, Verification};
use gcm_review::desk::{Diagnostic, Passphrase, Signer};
use gcm_review::DeskError;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{open_paths, save_path};
use crate::{DeskState, FilesState, IpcError};

const JSON: (&str, &[&str]) = ("Signed review (JSON)", &["json"]);
const VERIFIABLE: (&str, &[&str]) = ("Signed review or package (json, zip)", &["json", "zip"]);

/// A file written by an export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Written {
    path: String,
    status: &'static str,
    digest: Option<String>,
}

/// Who signs, if set.
#[tauri::command]
pub fn signer_get(desk: State<'_, DeskState>) -> Result<Option<Signer>, IpcError> {
    desk.with(|d| d.signer())
}

/// Stores who signs.
#[tauri::command]
pub fn signer_set(desk: State<'_, DeskState>, signer: Signer) -> Result<(), IpcError> {
    desk.with(|d| d.set_signer(&signer))
}

/// The user's keys, the active one first.
#[tauri::command]
pub fn keys_list(desk: State<'_, DeskState>) -> Result<Vec<KeyInfo>, IpcError> {
    desk.with(|d| d.keys())
}

/// Makes the first signing key.
#[tauri::command]
pub async fn key_create(
    desk: State<'_, DeskState>,
    passphrase: Passphrase,
) -> Result<KeyInfo, IpcError> {
    desk.with(|d| d.create_key(&passphrase))
}

/// Replaces the key; the old one endorses the new one.
#[tauri::command]
pub async fn key_rotate(
    desk: State<'_, DeskState>,
    old_passphrase: Passphrase,
    new_passphrase: Passphrase,
) -> Result<KeyInfo, IpcError> {
    desk.with(|d| d.rotate_key(&old_passphrase, &new_passphrase))
}

/// Saves the public key where the user chooses; `null` when cancelled.
#[tauri::command]
pub async fn key_export_public<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
) -> Result<Option<String>, IpcError> {
    let jwk = desk.with(|d| d.public_key())?;
    let name = format!(
        "GCM-review-key_{}.jwk.json",
        jwk["kid"].as_str().unwrap_or("key")
    );
    let Some(path) = save_path(&app, &name, JSON) else {
        return Ok(None);
    };
    let text = serde_json::to_string_pretty(&jwk).map_err(|e| IpcError::internal(e.to_string()))?;
    write_file(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// The problems to show before export.
#[tauri::command]
pub fn export_check(desk: State<'_, DeskState>, id: String) -> Result<Vec<Diagnostic>, IpcError> {
    desk.with(|d| d.export_check(&id))
}

/// Signs the review and saves it where the user chooses; `null` when cancelled.
#[tauri::command]
pub async fn export_json<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    id: String,
    passphrase: Passphrase,
) -> Result<Option<Written>, IpcError> {
    let export = desk.with(|d| d.export_json(&id, Some(&passphrase)))?;
    let Some(path) = save_path(&app, &export.file_name, JSON) else {
        return Ok(None);
    };
    write_file(&path, &export.bytes)?;
    Ok(Some(Written {
        path: path.display().to_string(),
        status: export.status.as_str(),
        digest: export.digest,
    }))
}

/// A verdict on a file the user chose, with the handle that `verify_again` takes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileVerdict {
    handle: String,
    #[serde(flatten)]
    verification: Verification,
}

/// Asks for signed reviews or packages and verifies each; the files' bytes are kept for
/// `verify_again`.
#[tauri::command]
pub async fn verify_open<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
) -> Result<Vec<FileVerdict>, IpcError> {
    let paths = open_paths(&app, VERIFIABLE);
    files.with(|f| {
        let mut handles = Vec::with_capacity(paths.len());
        for path in paths {
            handles.push((display_name(&path), f.choose(path)?.0));
        }
        let chosen = handles
            .iter()
            .map(|(name, h)| Ok((name.clone(), f.chosen_bytes(h)?.1)))
            .collect::<Result<Vec<_>, DeskError>>()?;
        let verdicts = desk.with(|d| d.verify_many(&chosen));
        Ok(verdicts.map(|v| {
            v.into_iter()
                .zip(handles)
                .map(|(verification, (_, handle))| FileVerdict {
                    handle,
                    verification,
                })
                .collect()
        }))
    })?
}

/// The verdicts on files verified before (after a key was trusted), by their handles.
#[tauri::command]
pub fn verify_again(
    desk: State<'_, DeskState>,
    files: State<'_, FilesState>,
    handles: Vec<String>,
) -> Result<Vec<FileVerdict>, IpcError> {
    files.with(|f| {
        let mut out = Vec::with_capacity(handles.len());
        for handle in handles {
            let (name, bytes) = f.chosen_bytes(&handle)?;
            let name = display_name(std::path::Path::new(&name));
            let verification = desk.with(|d| Ok(d.reverify(&name, bytes)));
            match verification {
                Ok(verification) => out.push(FileVerdict {
                    handle,
                    verification,
                }),
                Err(e) => return Ok(Err(e)),
            }
        }
        Ok(Ok(out))
    })?
}

/// Marks a signer key trusted (after the user checked its fingerprint) or not.
#[tauri::command]
pub fn key_trust(
    desk: State<'_, DeskState>,
    kid: String,
    trusted: bool,
) -> Result<KnownKeyInfo, IpcError> {
    desk.with(|d| d.trust_key(&kid, trusted))
}

/// The senders' keys met in verified files, with how far each is trusted.
#[tauri::command]
pub fn keys_known(desk: State<'_, DeskState>) -> Result<Vec<KnownKeyInfo>, IpcError> {
    desk.with(|d| d.known_keys())
}
