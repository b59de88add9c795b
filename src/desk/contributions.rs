//! Contributions at a glance, on the coordinator's side: each entity's state (not sent,
//! requested, returned, merged, conflicts open, overdue), the conflicts merges left open and
//! their resolution, and provenance: who wrote each field's current text, and who changed
//! what between two revisions. Provenance is internal: it never enters a signed document.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::merge::Resolution;
use super::{Contributor, Desk, DeskError};
use crate::diff::{Chunk, FieldDiff};
use crate::review::{check_value, Values};
use crate::store::{now, ResolveWrite, RevisionKind};

/// Where an entity's contribution stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionState {
    /// No request was sent to it.
    NotSent,
    /// Its newest request awaits a response.
    Requested,
    /// A response was received and kept, not merged yet.
    Returned,
    /// Its response to the newest request was merged.
    Merged,
    /// A merge of its responses left conflicts open.
    ConflictsOpen,
    /// Its newest request's due date has passed with no response.
    Overdue,
}

/// A request as the Contributions panel lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestInfo {
    /// Its id.
    pub id: String,
    /// When it was made.
    pub created_at: String,
    /// When it is due.
    pub due: Option<String>,
    /// The revision it was cut from.
    pub revision: u64,
    /// The fields it asked for.
    pub fields: Vec<String>,
}

/// One entity's line in the Contributions panel.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityStatus {
    /// The entity and what is assigned to it.
    pub entity: Contributor,
    /// Where its contribution stands.
    pub state: ContributionState,
    /// Its newest request, if one was sent.
    pub request: Option<RequestInfo>,
    /// How many requests were sent to it.
    pub requests: usize,
    /// How many responses were received from it.
    pub responses: usize,
    /// When its last response was returned.
    pub last_response: Option<String>,
    /// How many conflicts of its responses are open.
    pub open_conflicts: usize,
}

/// The contributions to a review.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContributionStatus {
    /// The review.
    pub review: String,
    /// Each entity, in the order they were added.
    pub entities: Vec<EntityStatus>,
    /// How many conflicts are open on the review.
    pub open_conflicts: usize,
}

/// A conflict a merge left open, for the side-by-side view.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenConflict {
    /// Its id, to resolve it by.
    pub id: i64,
    /// The field.
    pub path: String,
    /// The entity whose response it came from, by id.
    pub entity: String,
    /// Its name.
    pub entity_name: String,
    /// The request that response answered.
    pub request: String,
    /// The answer the request carried.
    pub base: Option<Value>,
    /// The coordinator's answer now.
    pub mine: Option<Value>,
    /// The contributor's answer.
    pub theirs: Option<Value>,
    /// The contributor's comment on the field.
    pub comment: Option<String>,
    /// The revision of the merge that found it.
    pub opened_revision: u64,
    /// Word by word, from the coordinator's answer to the contributor's.
    pub words: Vec<Chunk>,
}

/// What resolving conflicts did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolveOutcome {
    /// The review's newest revision after it (a new one if an answer changed).
    pub revision: u64,
    /// The fields resolved.
    pub resolved: Vec<String>,
}

/// Who wrote a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Author {
    /// The coordinator (every text no merge took from an entity).
    Coordinator,
    /// A contributing entity, through a merge of its response.
    Entity {
        /// The entity's id.
        id: String,
        /// Its name.
        name: String,
        /// The request its response answered.
        request: String,
    },
}

/// Who wrote a field's current text, for the hover and the field's detail.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldProvenance {
    /// Who wrote it.
    #[serde(flatten)]
    pub author: Author,
    /// The revision that wrote it.
    pub revision: u64,
}

/// A field that differs between two revisions, with who changed it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthoredDiff {
    /// The difference, as the comparison view shows it.
    #[serde(flatten)]
    pub diff: FieldDiff,
    /// Who wrote the later text.
    pub changed_by: Author,
    /// The revision that wrote it.
    pub changed_in: u64,
}

/// The most revisions a restore chain is followed back through to find who wrote a text.
const MAX_RESTORES: usize = 64;

impl Desk {
    /// Where each entity's contribution to a review stands, for Home and the Contributions
    /// panel.
    pub fn contribution_status(&self, review: &str) -> Result<ContributionStatus, DeskError> {
        let requests = self.store.requests(review)?;
        let responses = self.store.responses(review)?;
        let conflicts = self.store.open_conflicts(review)?;
        let today = now();
        let today = &today[..10];
        let mut entities = Vec::new();
        for entity in self.contributors(review)? {
            let sent: Vec<_> = requests
                .iter()
                .filter(|r| r.entity_id == entity.id)
                .collect();
            let mine: Vec<_> = responses
                .iter()
                .filter(|r| sent.iter().any(|q| q.id == r.request_id))
                .collect();
            let open = conflicts
                .iter()
                .filter(|c| c.entity_id == entity.id)
                .count();
            let newest = sent.last();
            let to_newest: Vec<_> = mine
                .iter()
                .filter(|r| newest.is_some_and(|q| q.id == r.request_id))
                .collect();
            let state = match newest {
                None => ContributionState::NotSent,
                Some(_) if open > 0 => ContributionState::ConflictsOpen,
                Some(_) if to_newest.iter().any(|r| r.merged_revision.is_none()) => {
                    ContributionState::Returned
                }
                Some(_) if !to_newest.is_empty() => ContributionState::Merged,
                Some(q) if q.due.as_deref().is_some_and(|d| d < today) => {
                    ContributionState::Overdue
                }
                Some(_) => ContributionState::Requested,
            };
            entities.push(EntityStatus {
                state,
                request: newest.map(|q| RequestInfo {
                    id: q.id.clone(),
                    created_at: q.created_at.clone(),
                    due: q.due.clone(),
                    revision: q.revision,
                    fields: q.fields.clone(),
                }),
                requests: sent.len(),
                responses: mine.len(),
                last_response: mine.last().map(|r| r.returned_at.clone()),
                open_conflicts: open,
                entity,
            });
        }
        Ok(ContributionStatus {
            review: review.to_string(),
            entities,
            open_conflicts: conflicts.len(),
        })
    }

    /// The conflicts merges left open on a review, oldest first, each with the two answers
    /// side by side, word by word.
    pub fn open_conflicts(&self, review: &str) -> Result<Vec<OpenConflict>, DeskError> {
        let values = self.store.values(review)?;
        let names: BTreeMap<String, String> = self
            .store
            .contributors(review)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let answer = |v: Value| Some(v).filter(|v| !v.is_null());
        Ok(self
            .store
            .open_conflicts(review)?
            .into_iter()
            .map(|c| {
                let mine = values.get(&c.path).cloned();
                let theirs = answer(c.theirs);
                let words = self
                    .compare_answers(&c.path, mine.as_ref(), theirs.as_ref())
                    .map(|d| d.words)
                    .unwrap_or_default();
                OpenConflict {
                    id: c.id,
                    entity_name: names.get(&c.entity_id).cloned().unwrap_or_default(),
                    entity: c.entity_id,
                    path: c.path,
                    request: c.request_id,
                    base: answer(c.base),
                    mine,
                    theirs,
                    comment: c.comment,
                    opened_revision: c.opened_revision,
                    words,
                }
            })
            .collect())
    }

    /// Resolves open conflicts, by id: "theirs" takes the contributor's answer (which the
    /// entity is then the author of), "mine" keeps the coordinator's, "both" writes the answer
    /// the coordinator made of the two. One revision if any answer changes; in one transaction.
    pub fn resolve_conflicts(
        &mut self,
        review: &str,
        resolutions: &BTreeMap<i64, Resolution>,
    ) -> Result<ResolveOutcome, DeskError> {
        let open = self.open_conflicts(review)?;
        let mut changes = Values::new();
        let mut authored = Vec::new();
        let mut resolved = Vec::new();
        let mut entities = Vec::new();
        for (id, how) in resolutions {
            let c = open.iter().find(|c| c.id == *id).ok_or_else(|| {
                DeskError::Invalid(format!("review {review} has no open conflict {id}"))
            })?;
            match how {
                Resolution::Theirs => {
                    changes.insert(c.path.clone(), c.theirs.clone().unwrap_or(Value::Null));
                    authored.push((c.path.clone(), c.entity.clone(), c.request.clone()));
                }
                Resolution::Both { value } if !value.is_null() => {
                    let value = check_value(self.template, &c.path, value)?;
                    changes.insert(c.path.clone(), value);
                }
                Resolution::Both { .. } => {
                    changes.insert(c.path.clone(), Value::Null);
                }
                Resolution::Mine => {}
            }
            if !entities.contains(&c.entity_name) {
                entities.push(c.entity_name.clone());
            }
            resolved.push((c.id, how.as_str(), c.path.clone()));
        }
        let ids: Vec<(i64, &str)> = resolved.iter().map(|(id, how, _)| (*id, *how)).collect();
        let revision = self.store.resolve_conflicts(&ResolveWrite {
            review,
            kind: RevisionKind::Resolve { entities },
            changes: &changes,
            authored: &authored,
            resolved: &ids,
        })?;
        Ok(ResolveOutcome {
            revision,
            resolved: resolved.into_iter().map(|(_, _, p)| p).collect(),
        })
    }

    /// Who wrote each answered field's current text (the entity whose response a merge took
    /// it from, or the coordinator), for the hover and the field's detail.
    pub fn provenance(&self, review: &str) -> Result<BTreeMap<String, FieldProvenance>, DeskError> {
        let head = self.store.record(review)?.revision;
        let values = self.store.values(review)?;
        let attribution = Attribution::of(self, review)?;
        Ok(attribution
            .last
            .iter()
            .filter(|(path, _)| values.contains_key(*path))
            .map(|(path, revision)| {
                let (author, revision) = attribution.author(path, *revision.min(&head));
                (path.clone(), FieldProvenance { author, revision })
            })
            .collect())
    }

    /// What changed from revision `a` to `b` (see [`Desk::compare`]), each field with who
    /// wrote its text at `b` and in which revision.
    pub fn compare_authors(
        &self,
        review: &str,
        a: u64,
        b: u64,
    ) -> Result<Vec<AuthoredDiff>, DeskError> {
        let diffs = self.compare(review, a, b)?;
        let attribution = Attribution::of(self, review)?;
        let last = self.store.last_changes(review, b)?;
        Ok(diffs
            .into_iter()
            .map(|d| {
                let revision = last.get(&d.path).copied().unwrap_or(b);
                let (changed_by, changed_in) = attribution.author(&d.path, revision);
                AuthoredDiff {
                    diff: d,
                    changed_by,
                    changed_in,
                }
            })
            .collect())
    }

    /// For each field whose current text a merge took from an entity: (entity, request).
    pub(super) fn authors_now(
        &self,
        review: &str,
    ) -> Result<BTreeMap<String, (String, String)>, DeskError> {
        let authors = self.store.field_authors(review)?;
        if authors.is_empty() {
            return Ok(BTreeMap::new());
        }
        let attribution = Attribution::of(self, review)?;
        Ok(attribution
            .last
            .iter()
            .filter_map(|(path, rev)| match attribution.author(path, *rev).0 {
                Author::Entity { id, request, .. } => Some((path.clone(), (id, request))),
                Author::Coordinator => None,
            })
            .collect())
    }
}

/// What provenance is read from: who wrote what in which revision, and the restores.
struct Attribution {
    authors: crate::store::Authors,
    kinds: BTreeMap<u64, RevisionKind>,
    changes: BTreeMap<String, Vec<u64>>,
    last: BTreeMap<String, u64>,
    names: BTreeMap<String, String>,
}

impl Attribution {
    fn of(desk: &Desk, review: &str) -> Result<Attribution, DeskError> {
        let head = desk.store.record(review)?.revision;
        let authors = desk.store.field_authors(review)?;
        let kinds = desk.store.revision_kinds(review)?;
        let changes = desk.store.change_revisions(review)?;
        Ok(Attribution {
            last: desk.store.last_changes(review, head)?,
            names: desk
                .store
                .contributors(review)?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
            authors,
            kinds,
            changes,
        })
    }

    /// Who wrote the text of `path` that `revision` (which changed it) wrote: the entity a
    /// merge took it from; through a restore, whoever wrote the text restored; else the
    /// coordinator. With the revision that wrote it.
    fn author(&self, path: &str, mut revision: u64) -> (Author, u64) {
        for _ in 0..MAX_RESTORES {
            if let Some((id, request)) = self.authors.get(&(revision, path.to_string())) {
                let name = self.names.get(id).cloned().unwrap_or_default();
                let author = Author::Entity {
                    id: id.clone(),
                    name,
                    request: request.clone(),
                };
                return (author, revision);
            }
            let Some(RevisionKind::Restore { from }) = self.kinds.get(&revision) else {
                break;
            };
            let earlier = self
                .changes
                .get(path)
                .and_then(|revs| revs.iter().rev().find(|r| **r <= *from).copied());
            match earlier {
                Some(r) if r < revision => revision = r,
                _ => break,
            }
        }
        (Author::Coordinator, revision)
    }
}
