//! The managed state: the user's [`Desk`], or why it could not be opened, and its data folder.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gcm_review::desk::FileHandles;
use gcm_review::{Desk, DeskError};

use crate::IpcError;

/// The open desk behind a lock; commands run one at a time against it.
pub struct DeskState {
    desk: Mutex<Result<Desk, IpcError>>,
    data_dir: Option<PathBuf>,
}

impl DeskState {
    /// Wraps an opened desk, or the reason it could not be opened, with its data folder.
    pub fn new(desk: Result<Desk, IpcError>, data_dir: Option<PathBuf>) -> Self {
        DeskState {
            desk: Mutex::new(desk),
            data_dir,
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Result<Desk, IpcError>>, IpcError> {
        self.desk
            .lock()
            .map_err(|_| IpcError::internal("an earlier operation failed badly; restart the app"))
    }

    /// Runs one core operation on the desk.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, DeskError>,
    ) -> Result<T, IpcError> {
        match self.lock()?.as_mut() {
            Ok(desk) => f(desk).map_err(IpcError::from),
            Err(startup) => Err(startup.clone()),
        }
    }

    /// Runs an operation on the data folder itself, open store or not (listing backups).
    pub fn with_dir<T>(
        &self,
        f: impl FnOnce(&Path) -> Result<T, DeskError>,
    ) -> Result<T, IpcError> {
        let dir = self
            .data_dir
            .as_deref()
            .ok_or_else(|| IpcError::internal("no data folder is known"))?;
        f(dir).map_err(IpcError::from)
    }

    /// Closes the desk, lets `reopen` replace the store (restoring a backup) and open it again;
    /// the desk that results, or the reason, is what every later command sees.
    pub fn reopen(
        &self,
        reopen: impl FnOnce(&Path) -> Result<Desk, DeskError>,
    ) -> Result<(), IpcError> {
        let mut guard = self.lock()?;
        let dir = self
            .data_dir
            .as_deref()
            .ok_or_else(|| IpcError::internal("no data folder is known"))?;
        *guard = Err(IpcError::internal("the store is being replaced"));
        let opened = reopen(dir).map_err(IpcError::from);
        let result = opened.as_ref().map(|_| ()).map_err(Clone::clone);
        *guard = match opened {
            Ok(desk) => Ok(desk),
            Err(e) => Desk::open(dir).map_err(|_| e),
        };
        result
    }

    /// The data folder, and the reason the store could not be opened, if it could not.
    pub fn status(&self) -> (Option<PathBuf>, Option<IpcError>) {
        let error = match self.desk.lock().as_deref() {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(e.clone()),
            Err(_) => Some(IpcError::internal("restart the app")),
        };
        (self.data_dir.clone(), error)
    }
}

/// The files of this session (chosen in a dialog, or written by the app), by opaque handle:
/// the webview names handles, never paths.
#[derive(Default)]
pub struct FilesState(Mutex<FileHandles>);

impl FilesState {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, FileHandles>, IpcError> {
        self.0
            .lock()
            .map_err(|_| IpcError::internal("an earlier operation failed badly; restart the app"))
    }

    /// Runs `f` on the files.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut FileHandles) -> Result<T, DeskError>,
    ) -> Result<T, IpcError> {
        f(&mut *self.lock()?).map_err(IpcError::from)
    }

    /// Keeps the bytes of a file the user chose and runs `preview` on them; returns the handle
    /// that later refers to exactly those bytes. A preview that fails keeps nothing.
    pub fn preview<T>(
        &self,
        path: std::path::PathBuf,
        preview: impl FnOnce(&[u8]) -> Result<T, IpcError>,
    ) -> Result<(String, T), IpcError> {
        let mut files = self.lock()?;
        let (handle, bytes) = files.choose(path).map_err(IpcError::from)?;
        match preview(bytes) {
            Ok(shown) => Ok((handle, shown)),
            Err(e) => {
                files.forget(&handle);
                Err(e)
            }
        }
    }
}
