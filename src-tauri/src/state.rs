//! The managed state: the user's [`Desk`], or why it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;

use gcm_review::{Desk, DeskError};

use crate::IpcError;

/// The open desk behind a lock; commands run one at a time against it.
pub struct DeskState(Mutex<Result<Desk, IpcError>>);

impl DeskState {
    /// Wraps an opened desk, or the reason it could not be opened.
    pub fn new(desk: Result<Desk, IpcError>) -> Self {
        DeskState(Mutex::new(desk))
    }

    /// Runs one core operation on the desk.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, DeskError>,
    ) -> Result<T, IpcError> {
        let mut guard = self.0.lock().map_err(|_| {
            IpcError::internal("an earlier operation failed badly; restart the app")
        })?;
        match guard.as_mut() {
            Ok(desk) => f(desk).map_err(IpcError::from),
            Err(startup) => Err(startup.clone()),
        }
    }

    /// The data folder, and the reason the store could not be opened, if it could not.
    pub fn status(&self) -> (Option<PathBuf>, Option<IpcError>) {
        match self.0.lock().as_deref() {
            Ok(Ok(desk)) => (Some(desk.data_dir().to_path_buf()), None),
            Ok(Err(e)) => (None, Some(e.clone())),
            Err(_) => (None, Some(IpcError::internal("restart the app"))),
        }
    }
}
