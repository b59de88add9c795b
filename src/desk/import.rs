//! The way back: importing a package or a review file (for example the one submitted for a
//! regional review), then updating it for the next submission.

use serde::Serialize;
use serde_json::Value;

use super::verify::{Verdict, Verification};
use super::{Desk, DeskError, ReviewState};
use crate::package::{is_zip, open_package};
use crate::pdf::fingerprint;
use crate::review::{schema_problems, ReviewDocument, Values, DOCUMENT_FORMAT};
use crate::sign::{verify, Verified, MAX_SIGNED_BYTES, SIGNED_FORMAT};
use crate::store::{Direction, DocumentMeta, NewSubmission, StoreError, Submission};
use crate::template::{member_state, place, FieldMap, Moved, Placed, Unplaced};

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// A package (`*.zip`).
    Package,
    /// A signed review (`*.review.json`).
    SignedReview,
    /// A review document without signature: imported, but marked unverified.
    UnsignedReview,
}

/// What importing would do to this store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ImportAction {
    /// A new review is created.
    Create,
    /// The review exists here: the document becomes its newest revision.
    Add {
        /// Its newest revision now.
        revision: u64,
    },
    /// This very document was imported (or sent) before.
    AlreadyImported {
        /// The revision that holds it.
        revision: u64,
    },
}

/// What the user sees before an import: the verdict, the review, and what will happen.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file, as given.
    pub file: String,
    /// What kind of file it is.
    pub kind: ImportKind,
    /// The verdict on its signature (an unsigned review has none).
    pub verification: Option<Verification>,
    /// The review id.
    pub review_id: String,
    /// The Member State's UN short name and ISO code.
    pub member_state: String,
    /// The cycle.
    pub cycle: String,
    /// The template it was written on, as `id version`.
    pub template: String,
    /// What importing will do.
    #[serde(flatten)]
    pub action: ImportAction,
    /// Answers the template's field map moves.
    pub moved: Vec<Moved>,
    /// Answers that have no place in the current template: shown, and kept in the imported
    /// file, which the store retains.
    pub unplaced: Vec<Unplaced>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The review imported into.
    pub id: String,
    /// The revision that holds the imported document.
    pub revision: u64,
    /// Whether the review was created by the import.
    pub created: bool,
    /// Whether the document's signature was verified.
    pub verified: bool,
    /// Answers moved by a field map.
    pub moved: Vec<Moved>,
    /// Answers that could not be placed.
    pub unplaced: Vec<Unplaced>,
}

/// The last submission of a review and what changed since, for the editor's marks.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SinceSubmission {
    /// The last submission, if there is one.
    pub last: Option<Submission>,
    /// The fields whose answers changed since.
    pub changed: Vec<String>,
    /// The review's newest revision, to compare the submission with.
    pub head: u64,
}

/// Reads a file to import, no larger than a package may be.
pub fn read_import(path: &std::path::Path) -> Result<Vec<u8>, DeskError> {
    super::verify::read_bounded(path).map_err(|e| {
        DeskError::Refused(crate::package::PackageError::Read(format!(
            "{}: {e}",
            path.display()
        )))
    })
}

/// A document read from outside, checked.
struct Incoming {
    kind: ImportKind,
    document: ReviewDocument,
    digest: String,
    file: Vec<u8>,
    verified: Option<Verified>,
}

/// Reads an unsigned review document: bounded, schema-checked, strictly typed.
fn unsigned(bytes: &[u8]) -> Result<ReviewDocument, DeskError> {
    let not = |why: String| DeskError::NotAReview(why);
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| not(format!("it is not valid JSON ({e})")))?;
    let problems = schema_problems(&value);
    if !problems.is_empty() {
        return Err(DeskError::Schema(problems));
    }
    serde_json::from_value(value).map_err(|e| not(e.to_string()))
}

fn read_incoming(bytes: &[u8]) -> Result<Incoming, DeskError> {
    if is_zip(bytes) {
        let package = open_package(bytes).map_err(DeskError::Refused)?;
        return Ok(Incoming {
            kind: ImportKind::Package,
            digest: package.review.digest.clone(),
            document: package.document,
            file: package.review_file,
            verified: Some(package.review),
        });
    }
    if bytes.len() > MAX_SIGNED_BYTES {
        return Err(DeskError::NotAReview(format!(
            "it is larger than {} MiB",
            MAX_SIGNED_BYTES / (1024 * 1024)
        )));
    }
    let head: Value = serde_json::from_slice(bytes)
        .map_err(|e| DeskError::NotAReview(format!("it is not valid JSON ({e})")))?;
    match head.get("format").and_then(Value::as_str) {
        Some(SIGNED_FORMAT) => {
            let verified = verify(bytes).map_err(|e| DeskError::Refused(e.into()))?;
            let document = verified
                .document()
                .map_err(|e| DeskError::Refused(e.into()))?;
            let value =
                serde_json::to_value(&document).map_err(|e| DeskError::Internal(e.to_string()))?;
            let problems = schema_problems(&value);
            if !problems.is_empty() {
                return Err(DeskError::Schema(problems));
            }
            Ok(Incoming {
                kind: ImportKind::SignedReview,
                digest: verified.digest.clone(),
                document,
                file: bytes.to_vec(),
                verified: Some(verified),
            })
        }
        Some(DOCUMENT_FORMAT) => {
            let document = unsigned(bytes)?;
            Ok(Incoming {
                kind: ImportKind::UnsignedReview,
                digest: fingerprint(&document)?,
                document,
                file: bytes.to_vec(),
                verified: None,
            })
        }
        _ => Err(DeskError::NotAReview(format!(
            "its \"format\" is neither \"{SIGNED_FORMAT}\" nor \"{DOCUMENT_FORMAT}\""
        ))),
    }
}

impl Desk {
    /// Adds a field map, for documents written on another template.
    pub fn add_field_map(&mut self, map: FieldMap) {
        self.maps.push(map);
    }

    /// The document's answers placed on the current template, through a field map if it was
    /// written on another.
    fn placed(&self, document: &ReviewDocument) -> Result<Placed, DeskError> {
        let current = (&self.template.id, &self.template.version);
        let found = (&document.template.id, &document.template.version);
        let map = if found == current {
            None
        } else {
            let map = self.maps.iter().find(|m| {
                (&m.from.id, &m.from.version) == found && (&m.to.id, &m.to.version) == current
            });
            Some(map.ok_or_else(|| DeskError::UnknownTemplate {
                found: format!("{} {}", found.0, found.1),
                current: format!("{} {}", current.0, current.1),
            })?)
        };
        Ok(place(self.template, map, &document.values()))
    }

    /// Checks a file and says what importing it would do, changing nothing.
    pub fn preview_import(&mut self, file: &str, bytes: &[u8]) -> Result<ImportPreview, DeskError> {
        let incoming = read_incoming(bytes)?;
        let placed = self.placed(&incoming.document)?;
        let doc = &incoming.document;
        let action = match self.store.find_submission(&incoming.digest)? {
            Some((_, s)) => ImportAction::AlreadyImported {
                revision: s.revision,
            },
            None => match self.store.record(&doc.id) {
                Ok(record) => ImportAction::Add {
                    revision: record.revision,
                },
                Err(StoreError::NotFound(_)) => ImportAction::Create,
                Err(e) => return Err(e.into()),
            },
        };
        let verification = match incoming.kind {
            ImportKind::UnsignedReview => None,
            _ => Some(self.verdict(file, bytes, false)),
        };
        let text = |name: &str| {
            doc.cover
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let iso3 = text("member_state");
        Ok(ImportPreview {
            file: file.to_string(),
            kind: incoming.kind,
            verification,
            review_id: doc.id.clone(),
            member_state: member_state(&iso3)
                .map_or(iso3.clone(), |m| format!("{} ({iso3})", m.name.get("en"))),
            cycle: text("cycle"),
            template: format!("{} {}", doc.template.id, doc.template.version),
            action,
            moved: placed.moved,
            unplaced: placed.unplaced,
        })
    }

    /// Imports a package, a signed review, or an unsigned review document: verified first,
    /// then added as an immutable "submitted" revision of the review with the same id (created
    /// if this store has none). Refused, with the store unchanged, if anything does not hold.
    pub fn import(&mut self, bytes: &[u8]) -> Result<ImportOutcome, DeskError> {
        let incoming = read_incoming(bytes)?;
        let placed = self.placed(&incoming.document)?;
        let doc = &incoming.document;
        let created = matches!(self.store.record(&doc.id), Err(StoreError::NotFound(_)));
        let signer = incoming.verified.as_ref().map(|v| v.signer.name.clone());
        let status = incoming.verified.as_ref().map(|v| v.status.as_str());
        let cycle = doc.cover.get("cycle").and_then(Value::as_str);
        let meta = DocumentMeta {
            supersedes: doc.supersedes.clone(),
            signoff: serde_json::to_value(&doc.signoff).unwrap_or(Value::Null),
        };
        let template = (self.template.id.as_str(), self.template.version.as_str());
        let record = self.store.import_submission(
            &doc.id,
            template,
            &doc.created,
            &placed.values,
            &meta,
            &NewSubmission {
                digest: &incoming.digest,
                direction: Direction::Received,
                verified: incoming.verified.is_some(),
                signer: signer.as_deref(),
                status,
                cycle,
                file: &incoming.file,
            },
        )?;
        if let Some(v) = &incoming.verified {
            let signer = serde_json::to_string(&v.signer).unwrap_or_default();
            self.store
                .remember_key(&v.kid, &v.key.jwk().to_string(), &signer)?;
        }
        Ok(ImportOutcome {
            id: record.id,
            revision: record.revision,
            created,
            verified: incoming.verified.is_some(),
            moved: placed.moved,
            unplaced: placed.unplaced,
        })
    }

    /// The packages sent and received for a review, oldest first.
    pub fn submissions(&self, id: &str) -> Result<Vec<Submission>, DeskError> {
        Ok(self.store.submissions(id)?)
    }

    /// The newest submission: a package received, or one handed to the mail program.
    pub fn last_submission(&self, id: &str) -> Result<Option<Submission>, DeskError> {
        Ok(self
            .store
            .submissions(id)?
            .into_iter()
            .rev()
            .find(|s| s.direction == Direction::Received || s.submitted_at.is_some()))
    }

    /// The last submission and the fields changed since.
    pub fn since_submission(&self, id: &str) -> Result<SinceSubmission, DeskError> {
        Ok(SinceSubmission {
            last: self.last_submission(id)?,
            changed: self.changed_since_submission(id)?,
            head: self.store.record(id)?.revision,
        })
    }

    /// The fields whose answers changed since the last submission.
    pub fn changed_since_submission(&self, id: &str) -> Result<Vec<String>, DeskError> {
        let Some(last) = self.last_submission(id)? else {
            return Ok(Vec::new());
        };
        let then = self.store.values_at(id, last.revision)?;
        let now = self.store.values(id)?;
        let mut paths: Vec<String> = now
            .iter()
            .filter(|(p, v)| then.get(*p) != Some(*v))
            .map(|(p, _)| p.clone())
            .chain(then.keys().filter(|p| !now.contains_key(*p)).cloned())
            .collect();
        paths.sort();
        Ok(paths)
    }

    /// Starts the update of the submission at `revision`: the review continues from that
    /// submission's text (the current text stays in History), optionally for a new `cycle`, and
    /// its next document supersedes the submission.
    pub fn start_update(
        &mut self,
        id: &str,
        revision: u64,
        cycle: Option<&str>,
    ) -> Result<ReviewState, DeskError> {
        let submission = self
            .store
            .submissions(id)?
            .into_iter()
            .rev()
            .find(|s| s.revision == revision)
            .ok_or(DeskError::NotSubmitted(revision))?;
        let head = self.store.record(id)?.revision;
        let mut changes: Values = if revision == head {
            Values::new()
        } else {
            self.store.restore_changes(id, revision)?
        };
        if let Some(cycle) = cycle.map(str::trim).filter(|c| !c.is_empty()) {
            changes.insert("cover.cycle".into(), Value::String(cycle.to_string()));
        }
        let changes = self.checked(changes)?;
        self.store.start_update(id, &submission.digest, &changes)?;
        self.open_review(id)
    }

    /// A submission this store knows, in a line: "Kenya · IMRF 2022, received 2026-03-01".
    pub(super) fn describe_submission(&self, digest: &str) -> Option<String> {
        let (id, s) = self.store.find_submission(digest).ok()??;
        let values = self.store.values_at(&id, s.revision).ok()?;
        let iso3 = values
            .get("cover.member_state")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let state = member_state(iso3).map_or(iso3.to_string(), |m| m.name.get("en").to_string());
        let (how, when) = match (s.direction, &s.submitted_at) {
            (Direction::Received, _) => ("received", &s.created_at),
            (Direction::Sent, Some(at)) => ("submitted", at),
            (Direction::Sent, None) => ("packaged", &s.created_at),
        };
        Some(format!(
            "{state} · {}, {how} {}",
            s.cycle.unwrap_or_default(),
            &when[..10.min(when.len())]
        ))
    }

    /// Whether a review holds a document imported without a signature.
    pub(super) fn has_unverified(&self, id: &str) -> bool {
        self.store
            .submissions(id)
            .map(|s| s.iter().any(|s| !s.verified))
            .unwrap_or(false)
    }
}

impl Verification {
    /// True when the signature holds (whether or not the key was met before).
    pub fn holds(&self) -> bool {
        self.verdict != Verdict::Invalid
    }
}
