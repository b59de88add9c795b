//! The sign-off of a review: the entities that must approve it, each approval recorded against
//! an exact text (the revision and the fingerprint of its document, as the PDF prints it), and
//! which approvals are stale because the text changed since. An approval is of a text: it is
//! stale when the answers differ from those of the revision approved, and holds again when a
//! restore brings that text back unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::signoff_contributors::SignoffCandidate;
use super::trust::{groups, KeyTrust, Pending};
use super::{Desk, DeskError};
use crate::diff::{diff, FieldDiff};
use crate::review::{ApprovalMethod, ReviewDocument, Values};
use crate::store::{
    now, ApprovalRecord, EntitySource, FinalDecision, NewApprovalRecord, NewEntity, SignoffEntity,
};

/// The largest scanned page kept with an approval: 20 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// The fewest hexadecimal digits of a fingerprint that name a revision: the 16 in every
/// footer of the PDF.
const MIN_FINGERPRINT_DIGITS: usize = 16;

/// An entity to add to the sign-off list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NewSignoffEntity {
    /// The entity (ministry, office, local government).
    pub entity: String,
    /// Who approves for it.
    pub approver: String,
    /// Their title.
    pub title: String,
}

/// A scanned page to keep with an approval given on paper or by email.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file's name, as the user chose it.
    pub name: String,
    /// Its bytes: a PDF, PNG or JPEG file.
    pub bytes: Vec<u8>,
}

/// An approval the coordinator records: signed on paper or given by email. The scanned page
/// is not read from the UI: the face adds the file the user chose.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApproval {
    /// The entity on the sign-off list (its name, in any case, or its id).
    pub entity: String,
    /// Paper or email (an approval given in the app is recorded from its file).
    pub method: ApprovalMethod,
    /// Who approved, if not the approver the list names.
    pub approver: Option<String>,
    /// Their title, if not the one the list gives.
    pub title: Option<String>,
    /// When (`YYYY-MM-DD`); today if none.
    pub date: Option<String>,
    /// The revision approved; with neither this nor `fingerprint`, the newest.
    pub revision: Option<u64>,
    /// The fingerprint on the paper approved (at least its first 16 digits, as every footer
    /// prints them): it names the revision.
    pub fingerprint: Option<String>,
    /// The scanned page.
    #[serde(skip)]
    pub attachment: Option<Attachment>,
}

/// A file kept with an approval.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentFile {
    /// Its name.
    pub name: String,
    /// Its media type.
    pub media_type: String,
    /// Its bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Where an entity's approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityState {
    /// No approval recorded.
    Outstanding,
    /// Its latest approval is of the current text.
    Approved,
    /// The text changed after its latest approval.
    Stale,
}

/// An approval as the faces show it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalInfo {
    /// The record.
    #[serde(flatten)]
    pub record: ApprovalRecord,
    /// The entity's name.
    pub entity: String,
    /// The text changed after it.
    pub stale: bool,
    /// The fingerprint approved is the current document's (false after any new revision,
    /// even one that restores the approved text).
    pub matches_current: bool,
    /// The fields whose answers changed since the revision approved: what the comparison view
    /// between that revision and now shows.
    pub changed: Vec<String>,
    /// The approver key's fingerprint in groups, for an approval given in the app.
    pub key_fingerprint: Option<String>,
    /// How far this machine trusts that key.
    pub key_trust: Option<KeyTrust>,
}

/// An entity on the sign-off list and where its approval stands.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityStatus {
    /// The entity.
    #[serde(flatten)]
    pub entity: SignoffEntity,
    /// Outstanding, approved or stale.
    pub state: EntityState,
    /// Its latest approval.
    pub approval: Option<ApprovalInfo>,
    /// How many approvals were recorded for it in all.
    pub approvals: usize,
}

/// The sign-off state of a review, for its header ("3 of 5 approved, 1 stale").
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignoffStatus {
    /// The review's newest revision.
    pub head: u64,
    /// The fingerprint of its document now.
    pub fingerprint: String,
    /// The sign-off list, in order, with each entity's state.
    pub entities: Vec<EntityStatus>,
    /// How many entities must approve.
    pub required: usize,
    /// How many approved the current text.
    pub approved: usize,
    /// How many approved a text that changed since.
    pub stale: usize,
    /// How many have not approved.
    pub outstanding: usize,
    /// The state in words: "3 of 5 approved, 1 stale".
    pub summary: String,
    /// The decision that marked the current revision final, if there is one.
    pub final_decision: Option<FinalDecision>,
    /// The newest decision to mark a revision final, even one edits have since returned to
    /// draft.
    pub last_final_decision: Option<FinalDecision>,
    /// The contributing entities not on the sign-off list yet, to add from.
    pub candidates: Vec<SignoffCandidate>,
}

/// The media type of a scanned page, from its first bytes.
fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A file name without any folder, trimmed to 200 characters.
pub(super) fn base_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let base: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if base.is_empty() {
        "attachment".to_string()
    } else {
        base
    }
}

/// A date as `YYYY-MM-DD`, checked.
fn checked_date(date: Option<&str>) -> Result<String, DeskError> {
    let Some(date) = date.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(now()[..10].to_string());
    };
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| DeskError::Invalid(format!("\"{date}\" is not a date as YYYY-MM-DD")))
}

/// The fields whose answers differ between two sets of values.
pub(super) fn changed_paths(then: &Values, now: &Values) -> Vec<String> {
    let mut paths: Vec<String> = now
        .iter()
        .filter(|(p, v)| then.get(*p) != Some(*v))
        .map(|(p, _)| p.clone())
        .chain(then.keys().filter(|p| !now.contains_key(*p)).cloned())
        .collect();
    paths.sort();
    paths
}

/// "3 of 5 approved, 1 stale".
fn summary(required: usize, approved: usize, stale: usize) -> String {
    if required == 0 {
        return "no sign-off list yet".to_string();
    }
    let mut text = format!("{approved} of {required} approved");
    if stale > 0 {
        text.push_str(&format!(", {stale} stale"));
    }
    text
}

impl Desk {
    /// The entities that must approve a review, in order.
    pub fn signoff_list(&self, id: &str) -> Result<Vec<SignoffEntity>, DeskError> {
        Ok(self.store.signoff_entities(id)?)
    }

    /// Adds an entity to a review's sign-off list, by hand.
    pub fn add_signoff_entity(
        &mut self,
        id: &str,
        new: &NewSignoffEntity,
    ) -> Result<SignoffEntity, DeskError> {
        self.add_entity(id, new, EntitySource::Manual)
    }

    /// Adds an entity to the sign-off list, saying where it came from; one already on it (its
    /// name in any case) is refused.
    pub(super) fn add_entity(
        &mut self,
        id: &str,
        new: &NewSignoffEntity,
        source: EntitySource,
    ) -> Result<SignoffEntity, DeskError> {
        let entity = new.entity.trim();
        if entity.is_empty() || entity.chars().count() > 200 {
            return Err(DeskError::Invalid(
                "name the entity that must approve (1 to 200 characters)".into(),
            ));
        }
        let entity_id = Uuid::new_v4().to_string();
        self.store
            .add_signoff_entity(
                id,
                &NewEntity {
                    id: &entity_id,
                    entity,
                    approver: new.approver.trim(),
                    title: new.title.trim(),
                    source,
                    created_at: &now(),
                },
            )?
            .ok_or_else(|| DeskError::EntityExists(entity.to_string()))
    }

    /// The entity on a review's sign-off list with this name (in any case) or id.
    pub(super) fn signoff_entity(
        &self,
        id: &str,
        entity: &str,
    ) -> Result<SignoffEntity, DeskError> {
        let wanted = entity.trim();
        self.store
            .signoff_entities(id)?
            .into_iter()
            .find(|e| e.id == wanted || e.entity.to_lowercase() == wanted.to_lowercase())
            .ok_or_else(|| DeskError::EntityNotFound(wanted.to_string()))
    }

    /// The review document of a review as it was at `revision` (with its sign-off records and
    /// supersedes as they are now).
    pub(super) fn document_at(&self, id: &str, revision: u64) -> Result<ReviewDocument, DeskError> {
        let record = self.store.record(id)?;
        if revision == record.revision {
            return self.document(id);
        }
        let values = self.store.values_at(id, revision)?;
        let updated = self.store.revision_time(id, revision)?;
        let meta = self.store.document_meta(id)?;
        let mut document = ReviewDocument::new(
            self.template,
            id,
            revision,
            &values,
            &record.created_at,
            &updated,
        );
        document.supersedes = meta.supersedes;
        document.signoff = meta.signoff;
        Ok(document)
    }

    /// The fingerprint of the document at `revision`, as its PDF prints it.
    pub(super) fn fingerprint_at(&self, id: &str, revision: u64) -> Result<String, DeskError> {
        Ok(self.document_at(id, revision)?.fingerprint()?)
    }

    /// The revision an approval names, and the fingerprint of its document: the one given
    /// (checked against `fingerprint` if that is given too), else the one whose fingerprint
    /// begins with `fingerprint`, else the newest.
    pub(super) fn approved_revision(
        &self,
        id: &str,
        revision: Option<u64>,
        fingerprint: Option<&str>,
    ) -> Result<(u64, String), DeskError> {
        let digits = match fingerprint {
            None => None,
            Some(f) => {
                let digits: String = f
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect::<String>()
                    .to_ascii_lowercase();
                if digits.len() < MIN_FINGERPRINT_DIGITS
                    || !digits.chars().all(|c| c.is_ascii_hexdigit())
                {
                    return Err(DeskError::Invalid(format!(
                        "\"{f}\" is not a document fingerprint: give at least the \
                         {MIN_FINGERPRINT_DIGITS} hexadecimal digits every page's footer prints"
                    )));
                }
                Some(digits)
            }
        };
        let head = self.store.record(id)?.revision;
        if let Some(revision) = revision {
            let found = self.fingerprint_at(id, revision)?;
            return match digits {
                Some(d) if !found.starts_with(&d) => Err(DeskError::ApprovalMismatch(format!(
                    "the fingerprint {d} is not that of revision {revision} ({}): check the \
                     paper or email, and the revision",
                    &found[..16]
                ))),
                _ => Ok((revision, found)),
            };
        }
        let Some(digits) = digits else {
            return Ok((head, self.fingerprint_at(id, head)?));
        };
        for revision in (1..=head).rev() {
            let found = self.fingerprint_at(id, revision)?;
            if found.starts_with(&digits) {
                return Ok((revision, found));
            }
        }
        Err(DeskError::ApprovalMismatch(format!(
            "no revision of this review has the fingerprint {digits}: the approval is of \
             another text or another review"
        )))
    }

    /// Records an approval signed on paper or given by email, against an exact text, with the
    /// scanned page if there is one.
    pub fn record_approval(
        &mut self,
        id: &str,
        new: &NewApproval,
    ) -> Result<ApprovalInfo, DeskError> {
        if new.method == ApprovalMethod::App {
            return Err(DeskError::Invalid(
                "an approval given in the app is recorded from its signed approval file".into(),
            ));
        }
        let entity = self.signoff_entity(id, &new.entity)?;
        let (revision, fingerprint) =
            self.approved_revision(id, new.revision, new.fingerprint.as_deref())?;
        let date = checked_date(new.date.as_deref())?;
        let file = match &new.attachment {
            None => None,
            Some(a) if a.bytes.len() > MAX_ATTACHMENT_BYTES => {
                return Err(DeskError::BadAttachment(format!(
                    "it is larger than {} MiB",
                    MAX_ATTACHMENT_BYTES / (1024 * 1024)
                )))
            }
            Some(a) => {
                let kind = media_type(&a.bytes).ok_or_else(|| {
                    DeskError::BadAttachment("it is not a PDF, PNG or JPEG file".into())
                })?;
                Some((base_name(&a.name), kind, a.bytes.as_slice()))
            }
        };
        let pick = |given: &Option<String>, listed: &str| {
            given
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .unwrap_or(listed)
                .to_string()
        };
        let approver = pick(&new.approver, &entity.approver);
        let title = pick(&new.title, &entity.title);
        let recorder = self.signer()?.map(|s| s.name);
        let approval = Uuid::new_v4().to_string();
        let record = self.store.record_approval(
            id,
            &NewApprovalRecord {
                id: &approval,
                entity_id: &entity.id,
                approver: &approver,
                title: &title,
                revision,
                fingerprint: &fingerprint,
                method: new.method,
                date: &date,
                kid: None,
                file: file.as_ref().map(|(n, k, b)| (n.as_str(), *k, *b)),
                recorded_at: &now(),
                recorded_by: recorder.as_deref(),
            },
        )?;
        self.approval_info(id, record)
    }

    /// An approval with whether it is stale, read against the review as it is now.
    pub(super) fn approval_info(
        &self,
        id: &str,
        record: ApprovalRecord,
    ) -> Result<ApprovalInfo, DeskError> {
        let mut cache = Cache::default();
        let now = self.store.values(id)?;
        let current = self.document(id)?.fingerprint()?;
        let names: BTreeMap<String, String> = self
            .store
            .signoff_entities(id)?
            .into_iter()
            .map(|e| (e.id, e.entity))
            .collect();
        self.info(id, record, &now, &current, &names, &mut cache)
    }

    fn info(
        &self,
        id: &str,
        record: ApprovalRecord,
        now: &Values,
        current: &str,
        names: &BTreeMap<String, String>,
        cache: &mut Cache,
    ) -> Result<ApprovalInfo, DeskError> {
        let changed = match cache.changed.get(&record.revision) {
            Some(c) => c.clone(),
            None => {
                let then = self.store.values_at(id, record.revision)?;
                let c = changed_paths(&then, now);
                cache.changed.insert(record.revision, c.clone());
                c
            }
        };
        let trust = match &record.kid {
            Some(kid) => Some(self.trust_of(kid, &Pending::default())?.0),
            None => None,
        };
        Ok(ApprovalInfo {
            entity: names.get(&record.entity_id).cloned().unwrap_or_default(),
            stale: !changed.is_empty(),
            matches_current: record.fingerprint == current,
            changed,
            key_fingerprint: record.kid.as_deref().map(groups),
            key_trust: trust,
            record,
        })
    }

    /// Every approval recorded for a review, oldest first, each read against the text now.
    pub fn approvals(&self, id: &str) -> Result<Vec<ApprovalInfo>, DeskError> {
        let now = self.store.values(id)?;
        let current = self.document(id)?.fingerprint()?;
        let names: BTreeMap<String, String> = self
            .store
            .signoff_entities(id)?
            .into_iter()
            .map(|e| (e.id, e.entity))
            .collect();
        let mut cache = Cache::default();
        self.store
            .approvals(id)?
            .into_iter()
            .map(|r| self.info(id, r, &now, &current, &names, &mut cache))
            .collect()
    }

    /// The sign-off state: each entity on the list with its latest approval, outstanding,
    /// approved or stale, and the counts for the review's header.
    pub fn signoff_status(&self, id: &str) -> Result<SignoffStatus, DeskError> {
        let head = self.store.record(id)?.revision;
        let current = self.document(id)?.fingerprint()?;
        let approvals = self.approvals(id)?;
        let entities: Vec<EntityStatus> = self
            .store
            .signoff_entities(id)?
            .into_iter()
            .map(|entity| {
                let mine: Vec<&ApprovalInfo> = approvals
                    .iter()
                    .filter(|a| a.record.entity_id == entity.id)
                    .collect();
                let latest = mine.last().map(|a| (*a).clone());
                let state = match &latest {
                    None => EntityState::Outstanding,
                    Some(a) if a.stale => EntityState::Stale,
                    Some(_) => EntityState::Approved,
                };
                EntityStatus {
                    entity,
                    state,
                    approval: latest,
                    approvals: mine.len(),
                }
            })
            .collect();
        let count = |s: EntityState| entities.iter().filter(|e| e.state == s).count();
        let (approved, stale) = (count(EntityState::Approved), count(EntityState::Stale));
        let decisions = self.store.final_decisions(id)?;
        Ok(SignoffStatus {
            head,
            fingerprint: current,
            required: entities.len(),
            approved,
            stale,
            outstanding: count(EntityState::Outstanding),
            summary: summary(entities.len(), approved, stale),
            entities,
            final_decision: decisions.iter().find(|d| d.revision == head).cloned(),
            last_final_decision: decisions.into_iter().next(),
            candidates: self.signoff_candidates(id)?,
        })
    }

    /// What changed since an approval: the comparison of the revision it approved with now.
    pub fn changes_since_approval(
        &self,
        id: &str,
        approval: &str,
    ) -> Result<Vec<FieldDiff>, DeskError> {
        let record = self
            .store
            .approvals(id)?
            .into_iter()
            .find(|a| a.id == approval)
            .ok_or_else(|| DeskError::ApprovalNotFound(approval.to_string()))?;
        let then = self.store.values_at(id, record.revision)?;
        Ok(diff(self.template, &then, &self.store.values(id)?))
    }

    /// The file kept with an approval: the scanned page, or the signed approval file.
    pub fn approval_attachment(
        &self,
        id: &str,
        approval: &str,
    ) -> Result<AttachmentFile, DeskError> {
        let record = self
            .store
            .approvals(id)?
            .into_iter()
            .find(|a| a.id == approval)
            .and_then(|a| a.attachment)
            .ok_or_else(|| DeskError::ApprovalNotFound(approval.to_string()))?;
        Ok(AttachmentFile {
            name: record.name,
            media_type: record.media_type,
            bytes: self.store.approval_file(id, approval)?,
        })
    }
}

/// The fields changed since each revision approved, computed once per status.
#[derive(Default)]
struct Cache {
    changed: BTreeMap<u64, Vec<String>>,
}
