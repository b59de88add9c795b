//! The application layer: the operations a user performs on their reviews, over the store,
//! the template and the signing, packaging and PDF stages. The desktop shell and the CLI call
//! this and nothing else. One file per thing a user does; a new operation goes into the file of
//! its kind (or a new one), with its IPC types beside it.

use std::path::{Path, PathBuf};

use crate::sign::KdfParams;
use crate::store::Store;
use crate::template::bundled_maps;

mod backup;
mod contributions;
mod contributors;
mod diff;
mod documents;
mod error;
mod export;
mod files;
mod history;
mod import;
mod keys;
mod merge;
mod package;
mod requests;
mod reviews;
mod settings;
mod trust;
mod types;
mod verify;
mod workspaces;

pub use crate::document::Progress as DocumentProgress;
pub use contributions::{
    Author, AuthoredDiff, ContributionState, ContributionStatus, EntityStatus, FieldProvenance,
    OpenConflict, RequestInfo, ResolveOutcome,
};
pub use contributors::{AssignedTo, Contributor, NewContributor};
pub use documents::{
    DocumentImportOutcome, DocumentProposal, LeftOut, PlacementPlan, PlanBlock, ProposedField,
    PLAN_FORMAT,
};
pub use error::DeskError;
pub use export::Export;
pub use files::{display_name, write_file, FileHandles, WrittenKind};
pub use import::{
    read_import, ImportAction, ImportConsent, ImportKind, ImportOutcome, ImportPreview,
    SinceSubmission,
};
pub use keys::KeyInfo;
pub use merge::{MergeDecision, MergeField, MergeOutcome, MergePreview, Resolution};
pub use package::{EmailExport, PackageExport};
pub use requests::{DraftExport, RequestExport, RequestOptions};
pub use settings::{data_dir, ui_language_of_locale, DATA_DIR_ENV, UI_LANGUAGES};
pub use trust::{KeyChange, KeyTrust, KnownKeyInfo};
pub use types::{NewReview, ReviewState, ReviewSummary, SaveOutcome, WorkspaceMark};
pub use verify::{FileKind, Verdict, Verification};
pub use workspaces::{OpenedWorkspace, ResponseExport, ReturnInfo, WorkspaceInfo};

// What the faces need from the stages, so that they import the application layer alone.
pub use crate::diff::{marked, Change, Chunk, FieldDiff, Op};
pub use crate::pdf::PdfOptions;
pub use crate::review::{is_answered, word_count, Completeness, Diagnostic, Values};
pub use crate::sign::{Passphrase, Signer};
pub use crate::store::{Backup, RevisionInfo, Submission};
pub use crate::template::{
    member_state, member_states, FieldKind, FieldMap, MemberState, Template,
};
pub use crate::ErrorCode;

/// The user's reviews over one store and the current template.
pub struct Desk {
    store: Store,
    template: &'static Template,
    data_dir: PathBuf,
    kdf: KdfParams,
    saves: u64,
    maps: Vec<FieldMap>,
}

impl Desk {
    /// Opens the store in `dir` with the bundled template.
    pub fn open(dir: &Path) -> Result<Desk, DeskError> {
        let mut desk = Desk {
            store: Store::open(dir)?,
            template: Template::builtin(),
            data_dir: dir.to_path_buf(),
            kdf: KdfParams::default(),
            saves: 0,
            maps: bundled_maps(),
        };
        desk.backup_if_due();
        Ok(desk)
    }

    /// The template reviews are drafted on.
    pub fn template(&self) -> &'static Template {
        self.template
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}
