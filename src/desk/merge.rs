//! Merging a contribution back, on the coordinator's side: the response is checked (as a
//! package is, then against the request it answers and the review's history), merged three
//! ways per field against the base its request carried, and shown; nothing is applied until
//! the coordinator confirms the preview, and then in one transaction, as one revision.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::trust::{groups, KeyTrust, Pending};
use super::{Desk, DeskError};
use crate::contrib::{
    open_response, three_way, FieldMerge, Merge, OpenedResponse, Outcome, Response,
};
use crate::diff::{diff, Chunk, FieldDiff};
use crate::review::{check_value, Moved, Unplaced, Values};
use crate::sign::{Endorsement, PublicKey, Signer};
use crate::store::{
    ContributorRecord, MergeWrite, NewConflict, NewResponse, RequestRecord, RevisionKind, SeenKey,
};

/// One field of a merge as the preview shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeField {
    /// The field path.
    pub path: String,
    /// Taken, kept, the same, or a conflict.
    pub outcome: Outcome,
    /// The answer the request carried (`null`: unanswered).
    pub base: Option<Value>,
    /// The coordinator's answer now.
    pub mine: Option<Value>,
    /// The contributor's answer.
    pub theirs: Option<Value>,
    /// The contributor's comment on the field.
    pub comment: Option<String>,
    /// For a conflict, word by word from the coordinator's answer to the contributor's: the
    /// comparison view's chunks. Empty for the other fields, whose comparison
    /// [`Desk::compare_answers`] gives when it is shown.
    pub words: Vec<Chunk>,
}

/// What merging a response would do, with nothing changed yet.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergePreview {
    /// The review.
    pub review: String,
    /// The review's newest revision, which [`MergeDecision::head`] must name.
    pub head: u64,
    /// The request the response answers.
    pub request: String,
    /// The revision that request was cut from (the merge base).
    pub base_revision: u64,
    /// The entity, by id.
    pub entity: String,
    /// The entity's name.
    pub entity_name: String,
    /// Who returned it.
    pub contributor: Signer,
    /// When it was returned.
    pub returned: String,
    /// SHA-256 of the response's content: its identity.
    pub digest: String,
    /// The fingerprint of the key that signed it.
    pub fingerprint: String,
    /// How far this machine trusts that key.
    pub trust: KeyTrust,
    /// The warning when the entity's earlier responses were signed with another key, which did
    /// not endorse this one: merging then needs [`MergeDecision::consent`].
    pub key_change: Option<String>,
    /// The newer request to the same entity that superseded this response's request, if one
    /// did: the response is still merged against its own request's base.
    pub superseded_by: Option<String>,
    /// The revision an earlier merge of this very response made, if it was merged already.
    pub merged_before: Option<u64>,
    /// Fields only the contributor changed: their answer is taken.
    pub taken: Vec<String>,
    /// Fields only the coordinator changed: theirs is kept.
    pub kept: Vec<String>,
    /// Fields both changed to the same answer.
    pub same: Vec<String>,
    /// Fields both changed differently: for the coordinator to resolve, or to leave open.
    pub conflicts: Vec<String>,
    /// Fields the response carries that were not assigned to the entity: never applied.
    pub unassigned: Vec<String>,
    /// Answers a field map moved (a response on another template version).
    pub moved: Vec<Moved>,
    /// Answers that have no place in the current template, or do not fit their field: never
    /// applied.
    pub unplaced: Vec<Unplaced>,
    /// Every field someone changed, in template order.
    pub fields: Vec<MergeField>,
    /// Where the response came from when it is not the app's signed file ("Word document
    /// from <entity>, received <date>"); `null` for a signed response. A Word document is not
    /// signed: its `fingerprint` is empty and its `trust` `new`.
    pub provenance: Option<String>,
}

/// How the coordinator resolves one conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "take", rename_all = "snake_case")]
pub enum Resolution {
    /// Take the contributor's answer.
    Theirs,
    /// Keep the coordinator's answer.
    Mine,
    /// "Edit both together": the answer the coordinator made of the two.
    Both {
        /// That answer.
        value: Value,
    },
}

impl Resolution {
    /// How the store records it.
    pub(super) fn as_str(&self) -> &'static str {
        match self {
            Resolution::Theirs => "theirs",
            Resolution::Mine => "mine",
            Resolution::Both { .. } => "both",
        }
    }
}

/// The coordinator's confirmation of a preview.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeDecision {
    /// The preview's `head`: if the review changed since, nothing is applied (`conflict`).
    pub head: u64,
    /// Conflicts resolved now, by path; the others stay open on the review.
    #[serde(default)]
    pub resolutions: BTreeMap<String, Resolution>,
    /// The fingerprint (or key id) of a changed key the coordinator checked with the entity.
    #[serde(default)]
    pub consent: Option<String>,
}

/// What a merge did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeOutcome {
    /// The revision it made (History names the entity and the request).
    pub revision: u64,
    /// Fields whose answer was taken from the contributor (conflicts resolved "theirs"
    /// included).
    pub taken: Vec<String>,
    /// Fields whose answer was kept.
    pub kept: Vec<String>,
    /// Conflicts resolved now.
    pub resolved: Vec<String>,
    /// Conflicts left open on the review.
    pub open: Vec<String>,
    /// Fields not applied because they were not assigned.
    pub unassigned: Vec<String>,
}

/// What a merge writes: the answers, the paths the entity wrote, each conflict with how it was
/// resolved (`None`: left open), and what to tell the coordinator.
struct Plan<'p> {
    changes: Values,
    authored: Vec<String>,
    conflicts: Vec<(&'p FieldMerge, Option<&'static str>)>,
    outcome: MergeOutcome,
}

/// A response as the merge reads it: the app's signed file, or the answers of a Word form.
pub(super) struct Received {
    /// What it returns.
    pub(super) response: Response,
    /// Its identity: SHA-256 of its content (of the document, for a Word form).
    pub(super) digest: String,
    /// The key that signed it and that key's endorsement; `None` for a Word form.
    pub(super) key: Option<(PublicKey, Option<Endorsement>)>,
    /// That key's id; empty for a Word form.
    pub(super) kid: String,
    /// Where it came from, for a Word form (History and the preview say so).
    pub(super) provenance: Option<String>,
}

impl From<OpenedResponse> for Received {
    fn from(o: OpenedResponse) -> Received {
        Received {
            response: o.response,
            digest: o.digest,
            key: Some((o.key, o.endorsement)),
            kid: o.kid,
            provenance: None,
        }
    }
}

/// A response checked against this review, merged, not yet applied.
pub(super) struct Prepared {
    pub(super) opened: Received,
    request: RequestRecord,
    entity: ContributorRecord,
    head: u64,
    merge: Merge,
    moved: Vec<Moved>,
    unplaced: Vec<Unplaced>,
    key_change: Option<String>,
    trust: KeyTrust,
    superseded_by: Option<String>,
    merged_before: Option<u64>,
}

impl Desk {
    /// Checks a response and shows what merging it into `review` would do; nothing changes.
    pub fn merge_preview(&self, review: &str, bytes: &[u8]) -> Result<MergePreview, DeskError> {
        let p = self.prepare(review, bytes)?;
        Ok(self.preview_of(review, &p))
    }

    /// What merging a prepared response would do.
    pub(super) fn preview_of(&self, review: &str, p: &Prepared) -> MergePreview {
        let r = &p.opened.response;
        let paths = |outcome| p.merge.with(outcome).map(|f| f.path.clone()).collect();
        let fields = p
            .merge
            .fields
            .iter()
            .map(|f| {
                let words = match f.outcome {
                    Outcome::Conflict => self
                        .compare_answers(&f.path, f.mine.as_ref(), f.theirs.as_ref())
                        .map(|d| d.words)
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                MergeField {
                    path: f.path.clone(),
                    outcome: f.outcome,
                    base: f.base.clone(),
                    mine: f.mine.clone(),
                    theirs: f.theirs.clone(),
                    comment: r.comments.get(&f.path).cloned(),
                    words,
                }
            })
            .collect();
        MergePreview {
            review: review.to_string(),
            head: p.head,
            request: p.request.id.clone(),
            base_revision: p.request.revision,
            entity: p.entity.id.clone(),
            entity_name: p.entity.name.clone(),
            contributor: r.contributor.clone(),
            returned: r.returned.clone(),
            digest: p.opened.digest.clone(),
            fingerprint: if p.opened.kid.is_empty() {
                String::new()
            } else {
                groups(&p.opened.kid)
            },
            trust: p.trust,
            key_change: p.key_change.clone(),
            superseded_by: p.superseded_by.clone(),
            merged_before: p.merged_before,
            taken: paths(Outcome::Taken),
            kept: paths(Outcome::Kept),
            same: paths(Outcome::Same),
            conflicts: paths(Outcome::Conflict),
            unassigned: p.merge.unassigned.clone(),
            moved: p.moved.clone(),
            unplaced: p.unplaced.clone(),
            fields,
            provenance: p.opened.provenance.clone(),
        }
    }

    /// Two answers to the field at `path` compared as the comparison view compares two
    /// revisions (`None` when they read the same): for a preview's field, base or mine against
    /// theirs, shown when the coordinator opens it.
    pub fn compare_answers(
        &self,
        path: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Option<FieldDiff> {
        let one = |v: Option<&Value>| -> Values {
            v.iter().map(|v| (path.to_string(), (*v).clone())).collect()
        };
        diff(self.template, &one(before), &one(after)).pop()
    }

    /// Keeps a response without merging it yet: the entity's state becomes "returned", and
    /// the file stays in the store. The same checks as a merge apply; nothing else changes.
    /// A response signed with a changed key is not kept (merge it with consent instead).
    pub fn keep_response(&mut self, review: &str, bytes: &[u8]) -> Result<String, DeskError> {
        let p = self.prepare(review, bytes)?;
        if let Some(revision) = p.merged_before {
            return Err(DeskError::AlreadyMerged(revision));
        }
        if let Some(message) = p.key_change {
            return Err(DeskError::ContributorKeyChanged(message));
        }
        let r = &p.opened.response;
        let contributor =
            serde_json::to_value(&r.contributor).map_err(|e| DeskError::Internal(e.to_string()))?;
        let fields: Vec<String> = r.fields.keys().cloned().collect();
        self.store.keep_response(&NewResponse {
            digest: &p.opened.digest,
            request_id: &p.request.id,
            kid: &p.opened.kid,
            contributor: &contributor,
            fields: &fields,
            returned_at: &r.returned,
            file: bytes,
        })?;
        Ok(p.opened.digest)
    }

    /// Applies a response as previewed: the taken fields and the conflicts resolved in
    /// `decision`, as one revision whose History entry names the entity and the request, the
    /// response kept, the conflicts left unresolved listed on the review, who wrote each taken
    /// field remembered, all in one transaction. Refused with nothing changed if the review
    /// moved on since the preview (`conflict`), if the response was merged before, or if it is
    /// signed with a changed key the decision does not consent to (`key_changed`).
    pub fn merge(
        &mut self,
        review: &str,
        bytes: &[u8],
        decision: &MergeDecision,
    ) -> Result<MergeOutcome, DeskError> {
        let p = self.prepare(review, bytes)?;
        self.apply_prepared(review, &p, bytes, decision)
    }

    /// Applies a prepared response as [`Desk::merge`] describes; `bytes` is the file kept.
    pub(super) fn apply_prepared(
        &mut self,
        review: &str,
        p: &Prepared,
        bytes: &[u8],
        decision: &MergeDecision,
    ) -> Result<MergeOutcome, DeskError> {
        if let Some(revision) = p.merged_before {
            return Err(DeskError::AlreadyMerged(revision));
        }
        let consented = decision.consent.as_deref().is_some_and(|c| {
            let c: String = c.chars().filter(|c| *c != '-').collect();
            c == p.opened.kid
                || groups(&p.opened.kid)
                    .replace('-', "")
                    .eq_ignore_ascii_case(&c)
        });
        if let (Some(message), false) = (&p.key_change, consented) {
            return Err(DeskError::ContributorKeyChanged(message.clone()));
        }
        let mut plan = self.decide(p, decision)?;
        let r = &p.opened.response;
        let internal = |e: serde_json::Error| DeskError::Internal(e.to_string());
        let contributor = serde_json::to_value(&r.contributor).map_err(internal)?;
        let fields: Vec<String> = r.fields.keys().cloned().collect();
        let summary = serde_json::to_value(&plan.outcome).map_err(internal)?;
        let conflicts: Vec<NewConflict<'_>> = plan
            .conflicts
            .iter()
            .map(|(f, how)| NewConflict {
                path: &f.path,
                base: f.base.as_ref().unwrap_or(&Value::Null),
                theirs: f.theirs.as_ref().unwrap_or(&Value::Null),
                comment: r.comments.get(&f.path).map(String::as_str),
                resolution: *how,
            })
            .collect();
        plan.outcome.revision = self.store.apply_merge(&MergeWrite {
            review,
            head: decision.head,
            kind: RevisionKind::Merge {
                entity: p.entity.name.clone(),
                request: p.request.id.clone(),
                provenance: p.opened.provenance.clone(),
            },
            changes: &plan.changes,
            authored: &plan.authored,
            entity_id: &p.entity.id,
            response: NewResponse {
                digest: &p.opened.digest,
                request_id: &p.request.id,
                kid: &p.opened.kid,
                contributor: &contributor,
                fields: &fields,
                returned_at: &r.returned,
                file: bytes,
            },
            outcome: &summary,
            conflicts: &conflicts,
            pin: (p.opened.key.is_some() && (p.entity.kid.is_none() || consented))
                .then_some(p.opened.kid.as_str()),
        })?;
        if let Some((key, endorsement)) = &p.opened.key {
            self.store.remember_keys(&[SeenKey {
                kid: p.opened.kid.clone(),
                public_jwk: key.jwk().to_string(),
                signer: contributor.to_string(),
                member_state: None,
                endorsement: endorsement.clone().map(|e| (e.old_kid, e.jws)),
                pin: false,
            }])?;
        }
        Ok(plan.outcome)
    }

    /// What a merge writes, given the coordinator's decision on each conflict.
    fn decide<'p>(&self, p: &'p Prepared, decision: &MergeDecision) -> Result<Plan<'p>, DeskError> {
        let mut plan = Plan {
            changes: Values::new(),
            authored: Vec::new(),
            conflicts: Vec::new(),
            outcome: MergeOutcome {
                revision: 0,
                taken: Vec::new(),
                kept: p
                    .merge
                    .with(Outcome::Kept)
                    .map(|f| f.path.clone())
                    .collect(),
                resolved: Vec::new(),
                open: Vec::new(),
                unassigned: p.merge.unassigned.clone(),
            },
        };
        for f in &p.merge.fields {
            let how = decision.resolutions.get(&f.path);
            match (f.outcome, how) {
                (Outcome::Taken, _) | (Outcome::Conflict, Some(Resolution::Theirs)) => {
                    let theirs = f.theirs.clone().unwrap_or(Value::Null);
                    plan.changes.insert(f.path.clone(), theirs);
                    plan.authored.push(f.path.clone());
                    plan.outcome.taken.push(f.path.clone());
                }
                (Outcome::Conflict, Some(Resolution::Both { value })) => {
                    let value = match value {
                        Value::Null => Value::Null,
                        v => check_value(self.template, &f.path, v)?,
                    };
                    plan.changes.insert(f.path.clone(), value);
                }
                (Outcome::Conflict, Some(Resolution::Mine)) => {
                    plan.outcome.kept.push(f.path.clone());
                }
                _ => {}
            }
            if f.outcome == Outcome::Conflict {
                match how {
                    Some(_) => plan.outcome.resolved.push(f.path.clone()),
                    None => plan.outcome.open.push(f.path.clone()),
                }
                plan.conflicts.push((f, how.map(Resolution::as_str)));
            }
        }
        Ok(plan)
    }

    /// Checks a response against `review` (its review, its request and entity, its base, its
    /// template, its key) and merges it, changing nothing.
    fn prepare(&self, review: &str, bytes: &[u8]) -> Result<Prepared, DeskError> {
        self.prepare_received(review, open_response(bytes)?.into())
    }

    /// Checks a response, however it came, against `review` and merges it, changing nothing.
    pub(super) fn prepare_received(
        &self,
        review: &str,
        opened: Received,
    ) -> Result<Prepared, DeskError> {
        let r = &opened.response;
        let head = self.store.record(review)?.revision;
        if r.review != review {
            return Err(DeskError::WrongReview(r.review.clone()));
        }
        let request = self
            .store
            .request(&r.request)?
            .filter(|q| q.review_id == review)
            .ok_or_else(|| {
                DeskError::UnknownRequest(format!(
                    "this response answers request {}, which this review never sent",
                    r.request
                ))
            })?;
        if request.entity_id != r.entity.id {
            return Err(DeskError::UnknownRequest(format!(
                "this response comes from {}, but request {} was made to another entity",
                r.entity.name, request.id
            )));
        }
        if r.base_revision != request.revision || r.base_revision == 0 || r.base_revision > head {
            return Err(DeskError::UnknownBase(format!(
                "this response is based on revision {} of the review, but its request was cut \
                 from revision {} (the review has revisions 1 to {head})",
                r.base_revision, request.revision
            )));
        }
        let entity = self
            .store
            .contributors(review)?
            .into_iter()
            .find(|c| c.id == request.entity_id)
            .ok_or_else(|| DeskError::UnknownContributor(request.entity_id.clone()))?;
        let (placed, _) = self.on_current_template(&r.template, &r.fields)?;
        let assigned: BTreeSet<String> = request.fields.iter().cloned().collect();
        let mine = self.store.values(review)?;
        let mut base = self.store.values_at(review, request.revision)?;
        // A field whose current text this entity's earlier response to the same request
        // wrote is the entity's own: its next response changes it without a conflict.
        for (path, (by, req)) in self.authors_now(review)? {
            if by == entity.id && req == request.id && assigned.contains(&path) {
                match mine.get(&path) {
                    Some(v) => base.insert(path, v.clone()),
                    None => base.remove(&path),
                };
            }
        }
        let merge = three_way(self.template, &assigned, &base, &mine, &placed.values);
        let (trust, key_change) = self.response_key(&opened, &entity)?;
        let superseded_by = self
            .store
            .requests(review)?
            .into_iter()
            .rev()
            .find(|q| q.entity_id == entity.id && q.created_at > request.created_at)
            .map(|q| q.id);
        let merged_before = self
            .store
            .response(&opened.digest)?
            .and_then(|r| r.merged_revision);
        Ok(Prepared {
            opened,
            request,
            entity,
            head,
            merge,
            moved: placed.moved,
            unplaced: placed.unplaced,
            key_change,
            trust,
            superseded_by,
            merged_before,
        })
    }

    /// How far the response's key is trusted, and the warning when the entity's earlier
    /// responses were signed with another key that did not endorse it.
    fn response_key(
        &self,
        opened: &Received,
        entity: &ContributorRecord,
    ) -> Result<(KeyTrust, Option<String>), DeskError> {
        let Some((_, endorsement)) = &opened.key else {
            // A Word form is not signed: no key to trust, none changed.
            return Ok((KeyTrust::New, None));
        };
        let mut pending = Pending::default();
        if let Some(e) = endorsement {
            pending
                .endorsed_by
                .insert(opened.kid.clone(), e.old_kid.clone());
        }
        let (trust, _) = self.trust_of(&opened.kid, &pending)?;
        let change = match &entity.kid {
            Some(pinned) if *pinned != opened.kid => {
                let lineage = self.ancestors(&opened.kid, &pending)?;
                (!lineage.contains(pinned)).then(|| {
                    format!(
                        "{}'s earlier responses were signed with key {}; this one with {}, not \
                         endorsed by it: check the new key's fingerprint with the entity before \
                         merging",
                        entity.name,
                        groups(pinned),
                        groups(&opened.kid)
                    )
                })
            }
            _ => None,
        };
        Ok((trust, change))
    }
}
