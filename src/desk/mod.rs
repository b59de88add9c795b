//! The operations a user performs on their reviews: what the desktop shell and the CLI call.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use thiserror::Error;
use uuid::Uuid;

use crate::package::{EmailError, PackageError};
use crate::pdf::PdfError;
use crate::review::{
    check_value, completeness, parse_value, Completeness, ReviewDocument, ValueError, Values,
};
use crate::sign::{KdfParams, KeyError, SignError};
pub use crate::store::Submission;
use crate::store::{ReviewRecord, RevisionInfo, RevisionKind, Store, StoreError};
use crate::template::{bundled_maps, member_state, FieldMap, Template, UN_LANGUAGES};

mod backup;
mod diff;
mod files;
mod import;
mod package;
mod pdf;
mod progress;
mod sign;
mod trust;
mod verify;

pub use files::{display_name, FileHandles, WrittenKind};
pub use import::{
    read_import, ImportAction, ImportKind, ImportOutcome, ImportPreview, SinceSubmission,
};
pub use package::{EmailExport, PackageExport};
pub use sign::{Export, KeyInfo};
pub use trust::{KeyChange, KeyTrust, KnownKeyInfo};
pub use verify::{FileKind, Verdict, Verification};

/// The environment variable that selects the data folder.
pub const DATA_DIR_ENV: &str = "GCM_REVIEW_DATA_DIR";

/// The setting that holds the UI language.
const UI_LANGUAGE: &str = "ui_language";

/// The languages the UI is translated into.
pub const UI_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The UI language a locale asks for, if the UI is translated into it: the primary language
/// subtag of a BCP 47 tag or a POSIX locale (`es-ES`, `zh-Hans-CN`, `ar_EG.UTF-8` give `es`,
/// `zh`, `ar`); `C`, `POSIX` and untranslated languages give None.
pub fn ui_language_of_locale(locale: &str) -> Option<&'static str> {
    let primary = locale
        .trim()
        .split(['-', '_', '.', '@'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    UI_LANGUAGES.into_iter().find(|code| *code == primary)
}

/// Why an operation failed.
#[derive(Debug, Error)]
pub enum DeskError {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answer does not fit its field.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A new review needs a Member State the list has.
    #[error(
        "'{0}' is not a UN Member State or observer State code (ISO 3166-1 alpha-3, e.g. KEN)"
    )]
    UnknownMemberState(String),
    /// A language that is not one of the six UN languages (or, for the UI, not translated).
    #[error("'{0}' is not one of the languages offered ({1})")]
    UnknownLanguage(String, String),
    /// A cycle is needed, e.g. "IMRF 2026".
    #[error("give the review cycle, e.g. \"IMRF 2026\"")]
    NoCycle,
    /// No data folder could be determined.
    #[error("no data folder could be found for this user; set {DATA_DIR_ENV} or pass --data-dir")]
    NoDataDir,
    /// Signing needs the signer's name.
    #[error("enter who signs (name, title, ministry, email) in Settings first")]
    NoSigner,
    /// Signing needs a key.
    #[error("there is no signing key yet: create one in Settings (or 'gcm-review keys new')")]
    NoKey,
    /// A first key exists already; replacing it is a rotation.
    #[error("a signing key exists already: replace it instead, so that the old key endorses the new one")]
    KeyExists,
    /// The key could not be made, sealed or opened.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The review could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The document does not conform to the published schema; nothing was signed.
    #[error("the review document does not match the published schema, so it was not signed: {}", .0.join("; "))]
    Schema(Vec<String>),
    /// A file could not be written; nothing was left half-written.
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// A package or review file from outside was refused; nothing was changed.
    #[error("{0}")]
    Refused(#[from] PackageError),
    /// A file to import is not a review.
    #[error("the file is not a review: {0}")]
    NotAReview(String),
    /// A document written on a template this version cannot place answers from.
    #[error("the review was written on template {found}, and this version has no field map from it to {current}: update the app, or import with the field map the secretariat provides")]
    UnknownTemplate {
        /// The template of the document.
        found: String,
        /// The current template.
        current: String,
    },
    /// An update starts from a revision that holds a submission.
    #[error(
        "revision {0} holds no package sent or received; start an update from a submitted revision"
    )]
    NotSubmitted(u64),
    /// A package made for another review.
    #[error("this package holds another review")]
    OtherReview,
    /// Not an email address.
    #[error("\"{0}\" is not an email address")]
    BadAddress(String),
    /// The email draft could not be written.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// No known key has this id or fingerprint.
    #[error("no key met on this machine has the id or fingerprint \"{0}\": verify or import a file it signed first")]
    KeyNotFound(String),
    /// Several known keys start with what was typed.
    #[error("several keys start with \"{0}\": give more of the fingerprint")]
    AmbiguousKey(String),
    /// A public key file that is not one.
    #[error("the file is not a public key: {0}")]
    NotAKey(String),
    /// A key endorsement that does not hold; nothing was recorded.
    #[error("the key endorsement was refused: {0}")]
    BadEndorsement(String),
    /// An import that would replace a review's text with a document signed by a key that never
    /// signed it (or by none) waits for the user's explicit confirmation.
    #[error("{0}")]
    NeedsConsent(String),
    /// A file the webview referred to that is not one the user chose or the app wrote in this
    /// session.
    #[error("this file is not one you chose or the app wrote in this session: choose it again")]
    UnknownHandle,
    /// A chosen file changed after it was previewed.
    #[error(
        "{0} changed on disk after you previewed it: choose it again to see what it holds now"
    )]
    ChangedOnDisk(String),
    /// A fault of the program itself.
    #[error("unexpected problem: {0}")]
    Internal(String),
}

impl DeskError {
    /// A stable code for the UI contract.
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Store(e) => e.code(),
            DeskError::Value(_) => "invalid_value",
            DeskError::UnknownMemberState(_)
            | DeskError::UnknownLanguage(..)
            | DeskError::NoCycle => "invalid_input",
            DeskError::NoDataDir => "no_data_dir",
            DeskError::NoSigner => "no_signer",
            DeskError::NoKey => "no_key",
            DeskError::KeyExists => "key_exists",
            DeskError::Key(KeyError::WrongPassphrase) => "wrong_passphrase",
            DeskError::Key(KeyError::PassphraseTooShort) => "weak_passphrase",
            DeskError::Key(_) => "key",
            DeskError::Sign(_) => "sign",
            DeskError::Schema(_) => "schema",
            DeskError::Write { .. } => "write",
            DeskError::Pdf(_) => "pdf",
            DeskError::Refused(e) => e.code(),
            DeskError::NotAReview(_) => "not_a_review",
            DeskError::UnknownTemplate { .. } => "unknown_template",
            DeskError::NotSubmitted(_) => "not_submitted",
            DeskError::OtherReview => "other_review",
            DeskError::BadAddress(_) | DeskError::Email(EmailError::BadAddress(_)) => "bad_address",
            DeskError::Email(_) => "email",
            DeskError::KeyNotFound(_) => "key_not_found",
            DeskError::AmbiguousKey(_) => "ambiguous",
            DeskError::NotAKey(_) => "not_a_key",
            DeskError::BadEndorsement(_) => "bad_endorsement",
            DeskError::NeedsConsent(_) => "needs_consent",
            DeskError::UnknownHandle => "unknown_handle",
            DeskError::ChangedOnDisk(_) => "changed_on_disk",
            DeskError::Internal(_) => "internal",
        }
    }

    /// Details a UI needs to recover.
    pub fn details(&self) -> Value {
        match self {
            DeskError::Store(e) => e.details(),
            _ => Value::Null,
        }
    }
}

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

/// The data folder: `explicit`, else `GCM_REVIEW_DATA_DIR`, else the user's data folder.
pub fn data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, DeskError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("int", "UN Network on Migration", "GCM Review Desk")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(DeskError::NoDataDir)
}

/// A review as the home screen lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSummary {
    /// The review id.
    pub id: String,
    /// ISO 3166-1 alpha-3 code of the Member State.
    pub member_state: String,
    /// Its UN short name in English.
    pub member_state_name: String,
    /// The reporting cycle.
    pub cycle: String,
    /// The review's language.
    pub language: String,
    /// When it was created.
    pub created_at: String,
    /// When it was last saved.
    pub updated_at: String,
    /// Its newest revision.
    pub revision: u64,
    /// Overall completeness, a whole percentage.
    pub completeness: u8,
    /// When it was moved to the trash, if it was.
    pub deleted_at: Option<String>,
    /// Whether it holds a document imported without a signature.
    pub unverified: bool,
}

/// A review opened in the editor.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewState {
    /// Its summary.
    pub summary: ReviewSummary,
    /// The version every save must name as its base.
    pub version: u64,
    /// The answers, by field path.
    pub values: Values,
    /// Completeness, per section and objective.
    pub completeness: Completeness,
}

/// What a save did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveOutcome {
    /// The version to base the next save on.
    pub version: u64,
    /// The newest revision (equal to the version).
    pub revision: u64,
    /// When it was saved.
    pub saved_at: String,
    /// Completeness after the save.
    pub completeness: Completeness,
    /// Fields another writer changed meanwhile, as they are now.
    pub merged: Values,
}

/// What a new review needs.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// ISO 3166-1 alpha-3 code.
    pub member_state: String,
    /// E.g. "IMRF 2026".
    pub cycle: String,
    /// One of the six UN languages.
    pub language: String,
}

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
        let mut desk = Desk {
            store: Store::open(dir)?,
            template: Template::builtin(),
            data_dir: dir.to_path_buf(),
            kdf: KdfParams::default(),
            next_backup_look: std::time::Instant::now() + backup::LOOK_EVERY,
            maps: bundled_maps(),
            progress: progress::Progress::default(),
        };
        desk.backup_if_due(false);
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

    fn summary(&self, record: ReviewRecord) -> Result<ReviewSummary, DeskError> {
        let values = self.store.values(&record.id)?;
        Ok(self.summarise(record, &values))
    }

    fn summarise(&self, record: ReviewRecord, values: &Values) -> ReviewSummary {
        let text = |path: &str| {
            values
                .get(path)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let iso3 = text("cover.member_state");
        ReviewSummary {
            unverified: self.has_unverified(&record.id),
            member_state_name: member_state(&iso3)
                .map(|m| m.name.get("en").to_string())
                .unwrap_or_else(|| iso3.clone()),
            member_state: iso3,
            cycle: text("cover.cycle"),
            language: text("cover.language"),
            completeness: completeness(self.template, values).percent,
            id: record.id,
            created_at: record.created_at,
            updated_at: record.updated_at,
            revision: record.revision,
            deleted_at: record.deleted_at,
        }
    }

    /// The reviews on this machine (or in the trash), last saved first.
    pub fn list(&self, trash: bool) -> Result<Vec<ReviewSummary>, DeskError> {
        self.store
            .list(trash)?
            .into_iter()
            .map(|r| self.summary(r))
            .collect()
    }

    /// The full id of the review whose id starts with `prefix`.
    pub fn resolve(&self, prefix: &str) -> Result<String, DeskError> {
        Ok(self.store.resolve(prefix)?)
    }

    /// Starts a review for a Member State, cycle and language.
    pub fn create(&mut self, new: NewReview) -> Result<ReviewSummary, DeskError> {
        let iso3 = new.member_state.trim().to_ascii_uppercase();
        if member_state(&iso3).is_none() {
            return Err(DeskError::UnknownMemberState(new.member_state));
        }
        if !UN_LANGUAGES.contains(&new.language.as_str()) {
            return Err(DeskError::UnknownLanguage(
                new.language,
                UN_LANGUAGES.join(", "),
            ));
        }
        let cycle = new.cycle.trim();
        if cycle.is_empty() {
            return Err(DeskError::NoCycle);
        }
        let values: Values = [
            ("cover.member_state", iso3),
            ("cover.cycle", cycle.to_string()),
            ("cover.language", new.language),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::String(v)))
        .collect();
        let id = Uuid::new_v4().to_string();
        let record = self.store.create(
            &id,
            (&self.template.id, &self.template.version),
            &values,
            RevisionKind::Create,
        )?;
        self.summary(record)
    }

    /// Starts a new review as a copy of another's current answers.
    pub fn duplicate(&mut self, id: &str) -> Result<ReviewSummary, DeskError> {
        let source = self.store.record(id)?;
        let values = self.store.values(id)?;
        let copy = Uuid::new_v4().to_string();
        let record = self.store.create(
            &copy,
            (&source.template_id, &source.template_version),
            &values,
            RevisionKind::Duplicate {
                from: id.to_string(),
            },
        )?;
        self.summary(record)
    }

    /// Moves a review to the trash.
    pub fn delete(&mut self, id: &str) -> Result<(), DeskError> {
        Ok(self.store.set_deleted(id, true)?)
    }

    /// Takes a review back out of the trash.
    pub fn undelete(&mut self, id: &str) -> Result<(), DeskError> {
        Ok(self.store.set_deleted(id, false)?)
    }

    /// A review with its answers and completeness, for the editor.
    pub fn open_review(&self, id: &str) -> Result<ReviewState, DeskError> {
        let record = self.store.record(id)?;
        if record.deleted_at.is_some() {
            return Err(StoreError::InTrash.into());
        }
        let (version, values) = self.store.versioned_values(id)?;
        Ok(ReviewState {
            version,
            completeness: self.progress.remember(self.template, id, version, &values),
            summary: self.summarise(record, &values),
            values,
        })
    }

    /// Saves edited answers (null clears one) as one revision, based on `base` (see
    /// [`Store::commit`]). Every value is checked against its field first.
    pub fn save(&mut self, id: &str, base: u64, changes: Values) -> Result<SaveOutcome, DeskError> {
        let changes = self.checked(changes)?;
        let commit = self.store.commit(id, base, &changes, RevisionKind::Edit)?;
        let completeness = match self
            .progress
            .saved(self.template, id, base, &changes, &commit)
        {
            Some(known) => known,
            None => {
                let (version, values) = self.store.versioned_values(id)?;
                self.progress.remember(self.template, id, version, &values)
            }
        };
        if std::time::Instant::now() >= self.next_backup_look {
            self.next_backup_look = std::time::Instant::now() + backup::LOOK_EVERY;
            self.backup_if_due(true);
        }
        Ok(SaveOutcome {
            version: commit.version,
            revision: commit.version,
            saved_at: commit.saved_at,
            completeness,
            merged: commit.merged,
        })
    }

    fn checked(&self, changes: Values) -> Result<Values, DeskError> {
        changes
            .into_iter()
            .map(|(path, value)| {
                let value = match value {
                    Value::Null if self.template.field(&path).is_some() => Value::Null,
                    value => check_value(self.template, &path, &value)?,
                };
                Ok((path, value))
            })
            .collect()
    }

    /// Sets one field from text typed on the command line (see [`parse_value`]).
    pub fn set_text(&mut self, id: &str, path: &str, text: &str) -> Result<SaveOutcome, DeskError> {
        let value = parse_value(self.template, path, text)?;
        let base = self.store.record(id)?.revision;
        self.save(id, base, [(path.to_string(), value)].into())
    }

    /// Every revision of a review, newest first.
    pub fn history(&self, id: &str) -> Result<Vec<RevisionInfo>, DeskError> {
        Ok(self.store.revisions(id)?)
    }

    /// The answers of a review as they were at a revision.
    pub fn revision(&self, id: &str, revision: u64) -> Result<Values, DeskError> {
        Ok(self.store.values_at(id, revision)?)
    }

    /// Restores a revision's answers as a new revision; nothing is destroyed.
    pub fn restore(&mut self, id: &str, revision: u64) -> Result<ReviewState, DeskError> {
        let changes = self.store.restore_changes(id, revision)?;
        let head = self.store.record(id)?.revision;
        self.store
            .commit(id, head, &changes, RevisionKind::Restore { from: revision })?;
        self.open_review(id)
    }

    /// Marks the newest revision with a label ("sent to ministries").
    pub fn add_milestone(&mut self, id: &str, label: &str) -> Result<RevisionInfo, DeskError> {
        Ok(self.store.add_milestone(id, label)?)
    }

    /// The review document of a review's current answers.
    pub fn document(&self, id: &str) -> Result<ReviewDocument, DeskError> {
        let record = self.store.record(id)?;
        let values = self.store.values(id)?;
        let meta = self.store.document_meta(id)?;
        let mut document = ReviewDocument::new(
            self.template,
            &record.id,
            record.revision,
            &values,
            &record.created_at,
            &record.updated_at,
        );
        document.supersedes = meta.supersedes;
        document.signoff = serde_json::from_value(meta.signoff).unwrap_or_default();
        Ok(document)
    }

    /// The UI language: the stored choice, else the language of `fallback` (the system locale,
    /// as `es-ES`, `zh-Hans-CN` or `ar_EG.UTF-8`) if translated, else English.
    pub fn ui_language(&self, fallback: &str) -> Result<String, DeskError> {
        let stored = self.store.setting(UI_LANGUAGE)?;
        let wanted = match stored.as_deref() {
            Some(code) if UI_LANGUAGES.contains(&code) => Some(code),
            Some(_) => None,
            None => ui_language_of_locale(fallback),
        };
        Ok(wanted.unwrap_or("en").to_string())
    }

    /// Remembers the UI language.
    pub fn set_ui_language(&mut self, language: &str) -> Result<(), DeskError> {
        if !UI_LANGUAGES.contains(&language) {
            return Err(DeskError::UnknownLanguage(
                language.to_string(),
                UI_LANGUAGES.join(", "),
            ));
        }
        Ok(self.store.set_setting(UI_LANGUAGE, language)?)
    }
}

#[cfg(test)]
mod tests {
    use super::ui_language_of_locale;

    #[test]
    fn system_locales_give_their_ui_language() {
        let cases = [
            ("es-ES", Some("es")),
            ("zh-Hans-CN", Some("zh")),
            ("zh_TW.UTF-8", Some("zh")),
            ("ar_EG.UTF-8", Some("ar")),
            ("FR-ca", Some("fr")),
            ("ru", Some("ru")),
            ("sr@latin", None),
            ("de-DE", None),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("", None),
        ];
        for (locale, expected) in cases {
            assert_eq!(ui_language_of_locale(locale), expected, "{locale:?}");
        }
    }
}
