//! The way back: importing a package or a review file (for example the one submitted for a
//! regional review), then updating it for the next submission.

use serde::Serialize;
use serde_json::Value;

use super::trust::{groups, Pending};
use super::verify::{FileKind, Intact, Verdict, Verification};
use super::{Desk, DeskError, ReviewState};
use crate::package::{is_zip, open_package};
use crate::review::{place, Moved, Placed, Unplaced};
use crate::review::{schema_problems, ReviewDocument, Values, DOCUMENT_FORMAT};
use crate::sign::{verify, MAX_SIGNED_BYTES, SIGNED_FORMAT};
use crate::store::{Direction, DocumentMeta, NewSubmission, StoreError, Submission};
use crate::template::{member_state_name, FieldMap};

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
    /// Fields answered here that the document leaves unanswered: importing clears them (their
    /// text stays in History).
    pub cleared: Vec<String>,
    /// Present when importing needs the user's explicit confirmation first: the document would
    /// become the newest revision of a review that another key (or none) signed.
    pub consent: Option<ImportConsent>,
}

/// Why an import waits for the user's confirmation, naming both keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportConsent {
    /// What to pass back to [`Desk::import`] to confirm.
    pub token: String,
    /// The warning in one line.
    pub message: String,
    /// Fingerprints of the keys that signed this review's earlier submissions.
    pub previous: Vec<String>,
    /// The fingerprint of the key that signed the document, or none for an unsigned one.
    pub incoming: Option<String>,
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
    /// Whether the document's signature holds and its key is trusted here.
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
pub(super) struct Incoming {
    kind: ImportKind,
    pub(super) document: ReviewDocument,
    digest: String,
    file: Vec<u8>,
    /// The signature's facts, for signed files.
    pub(super) intact: Option<Intact>,
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

/// Reads a package, a signed review or an unsigned review document, checked.
pub(super) fn read_incoming(bytes: &[u8]) -> Result<Incoming, DeskError> {
    if is_zip(bytes) {
        let package = open_package(bytes).map_err(DeskError::Refused)?;
        return Ok(Incoming {
            kind: ImportKind::Package,
            digest: package.review.digest.clone(),
            document: package.document,
            file: package.review_file,
            intact: Some(Intact {
                kind: FileKind::Package,
                verified: package.review,
                endorsement: package.endorsement,
                members: package.members,
            }),
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
                intact: Some(Intact {
                    kind: FileKind::SignedReview,
                    verified,
                    endorsement: None,
                    members: Vec::new(),
                }),
            })
        }
        Some(DOCUMENT_FORMAT) => {
            let document = unsigned(bytes)?;
            Ok(Incoming {
                kind: ImportKind::UnsignedReview,
                digest: document.fingerprint()?,
                document,
                file: bytes.to_vec(),
                intact: None,
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
        let verification = self.judge_incoming(file, &incoming, &mut Pending::default());
        let consent = self.consent_needed(&incoming, verification.as_ref())?;
        let doc = &incoming.document;
        let (action, cleared) = match self.store.find_submission(&incoming.digest)? {
            Some((_, s)) => (
                ImportAction::AlreadyImported {
                    revision: s.revision,
                },
                Vec::new(),
            ),
            None => match self.store.record(&doc.id) {
                Ok(record) => {
                    let current = self.store.values(&doc.id)?;
                    let cleared = current
                        .keys()
                        .filter(|p| !placed.values.contains_key(*p))
                        .cloned()
                        .collect();
                    (
                        ImportAction::Add {
                            revision: record.revision,
                        },
                        cleared,
                    )
                }
                Err(StoreError::NotFound(_)) => (ImportAction::Create, Vec::new()),
                Err(e) => return Err(e.into()),
            },
        };
        let iso3 = doc.member_state();
        Ok(ImportPreview {
            file: file.to_string(),
            kind: incoming.kind,
            verification,
            review_id: doc.id.clone(),
            member_state: format!("{} ({iso3})", member_state_name(iso3, "en")),
            cycle: doc.cycle().to_string(),
            template: format!("{} {}", doc.template.id, doc.template.version),
            action,
            moved: placed.moved,
            unplaced: placed.unplaced,
            cleared,
            consent,
        })
    }

    /// The verdict on a signed incoming document (none for an unsigned one).
    pub(super) fn judge_incoming(
        &self,
        file: &str,
        incoming: &Incoming,
        pending: &mut Pending,
    ) -> Option<Verification> {
        let intact = incoming.intact.as_ref()?;
        let intact = Intact {
            kind: intact.kind,
            verified: intact.verified.clone(),
            endorsement: intact.endorsement.clone(),
            members: intact.members.clone(),
        };
        Some(self.judge(file, intact, pending))
    }

    /// Whether importing `incoming` needs the user's confirmation: it would become the newest
    /// revision of an existing review, and it is unsigned, or signed by a key that is neither
    /// trusted here, nor signed this review before, nor descends by endorsement from one that
    /// did.
    fn consent_needed(
        &self,
        incoming: &Incoming,
        verification: Option<&Verification>,
    ) -> Result<Option<ImportConsent>, DeskError> {
        let id = &incoming.document.id;
        match self.store.record(id) {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        let previous = self.store.review_signers(id)?;
        let before: Vec<String> = previous.iter().map(|k| groups(k)).collect();
        let before_text = if before.is_empty() {
            "no key has signed a submission of it yet".to_string()
        } else {
            format!(
                "its submissions were signed with key {}",
                before.join(" or ")
            )
        };
        let Some(v) = verification else {
            return Ok(Some(ImportConsent {
                token: format!("unsigned:{}", incoming.digest),
                message: format!(
                    "this file is not signed, yet it would replace the text of review {id}, and {before_text}: import it only if you know who made it"
                ),
                previous: before,
                incoming: None,
            }));
        };
        let kid = v.kid.clone().unwrap_or_default();
        let pending = Pending::default();
        let lineage = self.ancestors(&kid, &pending)?;
        let signed_before = previous.iter().any(|p| *p == kid || lineage.contains(p));
        if signed_before || v.verdict == Verdict::Valid {
            return Ok(None);
        }
        let incoming_fp = groups(&kid);
        Ok(Some(ImportConsent {
            token: kid,
            message: format!(
                "this document would replace the text of review {id}; {before_text}, this one with key {incoming_fp}, which is not trusted here: import it only after checking that key with its sender"
            ),
            previous: before,
            incoming: Some(incoming_fp),
        }))
    }

    /// Imports a package, a signed review, or an unsigned review document: verified first,
    /// then added as an immutable "submitted" revision of the review with the same id (created
    /// if this store has none). Into an existing review, a document that [`ImportConsent`] says
    /// needs confirmation is refused unless `consent` is its token. Refused, with the store
    /// unchanged, if anything does not hold.
    pub fn import(
        &mut self,
        bytes: &[u8],
        consent: Option<&str>,
    ) -> Result<ImportOutcome, DeskError> {
        let incoming = read_incoming(bytes)?;
        let placed = self.placed(&incoming.document)?;
        let mut pending = Pending::default();
        let verification = self.judge_incoming("", &incoming, &mut pending);
        if let Some(needed) = self.consent_needed(&incoming, verification.as_ref())? {
            if consent != Some(needed.token.as_str()) {
                return Err(DeskError::NeedsConsent(needed.message));
            }
        }
        let verified = verification
            .as_ref()
            .is_some_and(|v| v.verdict == Verdict::Valid);
        let doc = &incoming.document;
        let created = matches!(self.store.record(&doc.id), Err(StoreError::NotFound(_)));
        let signed = incoming.intact.as_ref().map(|i| &i.verified);
        let signer = signed.map(|v| v.signer.name.clone());
        let status = signed.map(|v| v.status.as_str());
        let kid = signed.map(|v| v.kid.clone());
        let cycle = Some(doc.cycle()).filter(|c| !c.is_empty());
        let meta = DocumentMeta {
            supersedes: doc.supersedes.clone(),
            signoff: doc.signoff.clone(),
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
                verified,
                signer: signer.as_deref(),
                kid: kid.as_deref(),
                status,
                cycle,
                file: &incoming.file,
            },
        )?;
        self.store.remember_keys(&pending.seen)?;
        Ok(ImportOutcome {
            id: record.id,
            revision: record.revision,
            created,
            verified,
            moved: placed.moved,
            unplaced: placed.unplaced,
        })
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
        let state = member_state_name(iso3, "en");
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
