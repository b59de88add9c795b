//! Reviews as the user keeps them: listed, created, duplicated, moved to the trash and back,
//! opened, saved, and turned into the review document that is signed and exchanged.

use serde_json::Value;
use uuid::Uuid;

use super::{backup, Desk, DeskError, NewReview, ReviewState, ReviewSummary, SaveOutcome};
use crate::review::{check_value, completeness, parse_value, ReviewDocument, Values};
use crate::store::{ReviewRecord, RevisionKind, StoreError};
use crate::template::{member_state, member_state_name, UN_LANGUAGES};

impl Desk {
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
            contribution: self.workspace_mark(&record.id),
            member_state_name: member_state_name(&iso3, "en"),
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
    /// [`Store::commit`]). Every value is checked against its field first. In a contribution
    /// workspace, a field not assigned to its entity is refused (`not_assigned`).
    pub fn save(&mut self, id: &str, base: u64, changes: Values) -> Result<SaveOutcome, DeskError> {
        self.check_assigned(id, changes.keys())?;
        let changes = self.checked(changes)?;
        let before = self.store.record(id)?.revision;
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
        let left_final = self.left_final(id, before, commit.version)?;
        Ok(SaveOutcome {
            left_final,
            version: commit.version,
            revision: commit.version,
            saved_at: commit.saved_at,
            completeness,
            merged: commit.merged,
        })
    }

    pub(super) fn checked(&self, changes: Values) -> Result<Values, DeskError> {
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
        document.signoff = meta.signoff;
        Ok(document)
    }
}
