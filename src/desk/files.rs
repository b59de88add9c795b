//! Files across the boundary with the webview: those the user chose in a native dialog and those
//! the app wrote for them, each referred to by an opaque handle. The webview never names a
//! path, so a compromised page cannot make the app read or write any other file. And how every
//! file the app writes for the user is written: whole or not at all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::verify::read_bounded;
use super::DeskError;
use crate::sign::hex_sha256;

/// Writes a file whole or not at all: into a new temporary file with a random name in the
/// target folder (created exclusively, so nothing else is ever overwritten on the way), synced,
/// renamed over the target, and the folder synced so that the rename itself survives a power
/// cut.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), DeskError> {
    let fail = |e: std::io::Error| DeskError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".gcm-review-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(fail)?;
    std::io::Write::write_all(temp.as_file_mut(), bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    sync_dir(dir).map_err(fail)
}

/// Makes a rename in `dir` durable (a no-op where folders cannot be opened, as on Windows).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// What a file the app wrote holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WrittenKind {
    /// A package for the secretariat.
    Package,
    /// A PDF.
    Pdf,
    /// A review exported as JSON.
    Json,
    /// An email draft.
    Email,
    /// The public key.
    PublicKey,
    /// A contribution request or response.
    Contribution,
}

#[derive(Debug)]
enum Entry {
    Written { path: PathBuf, kind: WrittenKind },
    Chosen { path: PathBuf, bytes: Vec<u8> },
}

/// The files of this session, by handle.
#[derive(Debug, Default)]
pub struct FileHandles {
    entries: HashMap<String, Entry>,
}

/// A handle no one can guess: 128 random bits in hex.
fn new_handle() -> Result<String, DeskError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| DeskError::Internal(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A file's name for people, without its folder.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

impl FileHandles {
    /// No files yet.
    pub fn new() -> FileHandles {
        FileHandles::default()
    }

    /// Registers a file the app has just written; returns its handle.
    pub fn written(&mut self, path: PathBuf, kind: WrittenKind) -> Result<String, DeskError> {
        let handle = new_handle()?;
        self.entries
            .insert(handle.clone(), Entry::Written { path, kind });
        Ok(handle)
    }

    /// Registers a file the user chose in a dialog, with the bytes read from it then (bounded
    /// as a package is); returns its handle and the bytes.
    pub fn choose(&mut self, path: PathBuf) -> Result<(String, &[u8]), DeskError> {
        let bytes = read(&path)?;
        let handle = new_handle()?;
        self.entries
            .insert(handle.clone(), Entry::Chosen { path, bytes });
        match self.entries.get(&handle) {
            Some(Entry::Chosen { bytes, .. }) => Ok((handle, bytes)),
            _ => Err(DeskError::Internal("a chosen file was not kept".into())),
        }
    }

    /// The path of a file the app wrote this session, if `handle` names one of `kind`.
    pub fn written_path(&self, handle: &str, kind: WrittenKind) -> Result<&Path, DeskError> {
        match self.entries.get(handle) {
            Some(Entry::Written { path, kind: k }) if *k == kind => Ok(path),
            _ => Err(DeskError::UnknownHandle),
        }
    }

    /// The path of any file of this session, chosen or written.
    pub fn path(&self, handle: &str) -> Result<&Path, DeskError> {
        match self.entries.get(handle) {
            Some(Entry::Written { path, .. } | Entry::Chosen { path, .. }) => Ok(path),
            None => Err(DeskError::UnknownHandle),
        }
    }

    /// The bytes of a chosen file as they were previewed, and its name. The file is read again
    /// and must still hold exactly those bytes: one swapped on disk since is refused. The handle
    /// stays valid, so a refused import can be retried.
    pub fn chosen_bytes(&self, handle: &str) -> Result<(String, &[u8]), DeskError> {
        let Some(Entry::Chosen { path, bytes }) = self.entries.get(handle) else {
            return Err(DeskError::UnknownHandle);
        };
        let now = read(path)?;
        if hex_sha256(&now) != hex_sha256(bytes) {
            return Err(DeskError::ChangedOnDisk(display_name(path)));
        }
        Ok((path.display().to_string(), bytes))
    }

    /// Forgets a chosen file (imported, or the preview closed).
    pub fn forget(&mut self, handle: &str) {
        self.entries.remove(handle);
    }

    /// Releases a file the user chose and then did not use (its dialog cancelled), with its
    /// bytes; a file the app wrote is kept, since the webview may still show it. Whether
    /// `handle` named a chosen file.
    pub fn release_chosen(&mut self, handle: &str) -> bool {
        let chosen = matches!(self.entries.get(handle), Some(Entry::Chosen { .. }));
        if chosen {
            self.entries.remove(handle);
        }
        chosen
    }
}

fn read(path: &Path) -> Result<Vec<u8>, DeskError> {
    read_bounded(path).map_err(|e| {
        DeskError::Refused(crate::package::PackageError::Read(format!(
            "{}: {e}",
            display_name(path)
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::{write_file, FileHandles, WrittenKind};

    #[cfg(unix)]
    #[test]
    fn a_write_never_follows_a_link_planted_where_a_temporary_file_could_go() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".out.zip.part")).unwrap();
        let out = dir.path().join("out.zip");
        write_file(&out, b"first").unwrap();
        write_file(&out, b"package").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(std::fs::read(&out).unwrap(), b"package");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".out.zip.part", "out.zip", "victim.txt"],
            "no temporary file left"
        );
    }

    #[test]
    fn a_chosen_file_swapped_after_its_preview_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.zip");
        std::fs::write(&path, b"what was previewed").unwrap();
        let mut files = FileHandles::new();
        let (handle, bytes) = files.choose(path.clone()).unwrap();
        assert_eq!(bytes, b"what was previewed");
        assert_eq!(
            files.chosen_bytes(&handle).unwrap().1,
            b"what was previewed"
        );
        std::fs::write(&path, b"something else").unwrap();
        assert_eq!(
            files.chosen_bytes(&handle).unwrap_err().code(),
            "changed_on_disk"
        );
    }

    #[test]
    fn a_chosen_file_released_is_gone_and_a_written_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scan.png");
        std::fs::write(&path, b"a scanned page").unwrap();
        let mut files = FileHandles::new();
        let (chosen, _) = files.choose(path).unwrap();
        let written = files
            .written(dir.path().join("review.pdf"), WrittenKind::Pdf)
            .unwrap();
        assert!(!files.release_chosen(&written), "a written file is kept");
        assert!(files.written_path(&written, WrittenKind::Pdf).is_ok());
        assert!(files.release_chosen(&chosen));
        assert_eq!(
            files.chosen_bytes(&chosen).unwrap_err().code(),
            "unknown_handle"
        );
        assert!(!files.release_chosen(&chosen), "released once");
    }

    #[test]
    fn a_handle_names_only_what_this_session_chose_or_wrote() {
        let mut files = FileHandles::new();
        let written = files
            .written("/tmp/p.zip".into(), WrittenKind::Package)
            .unwrap();
        assert_eq!(written.len(), 32);
        assert!(files.written_path(&written, WrittenKind::Package).is_ok());
        assert_eq!(
            files
                .written_path(&written, WrittenKind::Pdf)
                .unwrap_err()
                .code(),
            "unknown_handle"
        );
        for forged in ["/tmp/p.zip", "", "00000000000000000000000000000000"] {
            assert_eq!(files.path(forged).unwrap_err().code(), "unknown_handle");
            assert_eq!(
                files.chosen_bytes(forged).unwrap_err().code(),
                "unknown_handle"
            );
        }
    }
}
