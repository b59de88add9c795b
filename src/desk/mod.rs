//! The application layer: the operations a user performs on their reviews, over the store,
//! the template and the signing, packaging and PDF stages. The desktop shell and the CLI call
//! this and nothing else. One file per thing a user does; a new operation goes into the file of
//! its kind (or a new one), with its IPC types beside it.

use std::path::{Path, PathBuf};

use crate::sign::KdfParams;
use crate::store::Store;
use crate::template::bundled_maps;

mod about;
mod approval_file;
mod backup;
mod comments;
mod contributions;
mod contributors;
mod diff;
mod documents;
mod error;
mod export;
mod files;
mod finalize;
mod find;
mod forms;
mod history;
mod import;
mod keys;
mod merge;
mod package;
mod progress;
mod requests;
mod reviews;
mod settings;
mod signoff;
mod signoff_contributors;
mod trust;
mod types;
mod verify;
mod workspaces;

pub use crate::document::Progress as DocumentProgress;
pub use about::{licences, Licence, GENERATOR, VERSION};
pub use approval_file::{ApprovalCheck, ApprovalConsent, ApprovalExport};
pub use comments::{CommentCounts, CommentThread, MAX_COMMENT_CHARS};
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
pub use finalize::SIGNOFF_PATH;
pub use find::{
    FindMatch, FindQuery, FindResult, PlaceCount, ReplaceOutcome, ReplaceTarget, MAX_FIND_CHARS,
};
pub use forms::{is_word_document, FormPreview, ResponsePreview, WordFindings};
pub use import::{
    read_import, ImportAction, ImportConsent, ImportKind, ImportOutcome, ImportPreview,
    SinceSubmission,
};
pub use keys::KeyInfo;
pub use merge::{MergeDecision, MergeField, MergeOutcome, MergePreview, Resolution};
pub use package::{EmailExport, PackageExport};
pub use requests::{DraftExport, RequestExport, RequestOptions};
pub use settings::{
    data_dir, spelling_dictionaries, ui_language_of_locale, DATA_DIR_ENV, UI_LANGUAGES,
};
pub use signoff::{
    ApprovalInfo, Attachment, AttachmentFile, EntityState, EntityStatus as SignoffEntityStatus,
    NewApproval, NewSignoffEntity, SignoffStatus, MAX_ATTACHMENT_BYTES,
};
pub use signoff_contributors::SignoffCandidate;
pub use trust::{KeyChange, KeyTrust, KnownKeyInfo};
pub use types::{NewReview, ReviewState, ReviewSummary, SaveOutcome, WorkspaceMark};
pub use verify::{FileKind, Verdict, Verification};
pub use workspaces::{OpenedWorkspace, ResponseExport, ReturnInfo, WorkspaceInfo};

// What the faces need from the stages, so that they import the application layer alone.
pub use crate::diff::{marked, Change, Chunk, FieldDiff, Op};
pub use crate::pdf::PdfOptions;
pub use crate::review::{
    is_answered, word_count, ApprovalMethod, Completeness, Diagnostic, Values,
};
pub use crate::sign::{Passphrase, Signer, MIN_PASSPHRASE_CHARS};
pub use crate::store::{
    ApprovalRecord, AttachmentInfo, AuthorKind, Backup, CommentRecord, EntitySource, FinalDecision,
    RevisionInfo, SignoffEntity, Submission,
};
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
    /// When the age of the newest backup is next looked at (see `backup.rs`).
    next_backup_look: std::time::Instant,
    maps: Vec<FieldMap>,
    /// Which fields of recently used reviews are answered, so that a save need not read the
    /// review back for its completeness.
    progress: progress::Progress,
}

impl Desk {
    /// Opens the store in `dir` with the bundled template.
    pub fn open(dir: &Path) -> Result<Desk, DeskError> {
        let mut desk = Desk::open_only(dir)?;
        desk.backup_if_due(false);
        Ok(desk)
    }

    /// Like [`Desk::open`] for a program that keeps running (the app): a backup that is due is
    /// made on the store's background thread, so that the window does not wait for a copy of
    /// the whole store before it shows.
    pub fn open_backing_up_in_background(dir: &Path) -> Result<Desk, DeskError> {
        let mut desk = Desk::open_only(dir)?;
        desk.backup_if_due(true);
        Ok(desk)
    }

    /// The store opened, no backup looked at.
    fn open_only(dir: &Path) -> Result<Desk, DeskError> {
        Ok(Desk {
            store: Store::open(dir)?,
            template: Template::builtin(),
            data_dir: dir.to_path_buf(),
            kdf: KdfParams::default(),
            next_backup_look: std::time::Instant::now() + backup::LOOK_EVERY,
            maps: bundled_maps(),
            progress: progress::Progress::default(),
        })
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
