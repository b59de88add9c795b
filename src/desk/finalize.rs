//! Final is a decision, not a side effect. The coordinator marks the current revision final
//! once the export check finds nothing that blocks it (after a warning when approvals are
//! outstanding or stale); the decision is a milestone naming who and when. Any later revision
//! returns the review to draft, and the status signed into exports and the PDF's DRAFT mark
//! follow the decision. The circulation the PDF prints (the decision, the sign-off list, the
//! comments of an internal-review copy) is gathered here too.

use std::collections::BTreeMap;

use super::signoff::{EntityState, SignoffStatus};
use super::{Desk, DeskError};
use crate::pdf::{Circulation, Note, NoteThread, SheetApproval, SheetEntry};
use crate::review::{validate, Diagnostic, ReviewDocument, Severity};
use crate::sign::Status;
use crate::store::{now, FinalDecision, StoreError};

/// The path of the export check's diagnostics about the sign-off list and the decision.
pub const SIGNOFF_PATH: &str = "signoff";

/// The first characters of a name, for a milestone label.
fn clipped(name: &str, chars: usize) -> String {
    name.chars().take(chars).collect()
}

/// The export check's warnings about approvals: one per entity whose approval is outstanding
/// or stale. They never block: the government decides.
pub(super) fn approval_warnings(status: &SignoffStatus) -> Vec<Diagnostic> {
    status
        .entities
        .iter()
        .filter_map(|e| {
            let name = &e.entity.entity;
            let (code, message, hint) = match (&e.state, &e.approval) {
                (EntityState::Outstanding, _) => (
                    "approval_outstanding",
                    format!("{name} has not approved the review yet"),
                    "Record its approval, or go ahead: the government decides.".to_string(),
                ),
                (EntityState::Stale, Some(a)) => (
                    "approval_stale",
                    format!(
                        "{name} approved revision {}; {} answer(s) changed since",
                        a.record.revision,
                        a.changed.len()
                    ),
                    format!("Ask {name} to approve the current text; 'what changed' shows the changes since."),
                ),
                _ => return None,
            };
            Some(Diagnostic {
                severity: Severity::Warning,
                path: SIGNOFF_PATH.to_string(),
                code,
                message,
                hint: Some(hint),
                blocks_final: false,
            })
        })
        .collect()
}

impl Desk {
    /// The decision that marked the current revision final, if there is one: without it, the
    /// review is a draft.
    pub fn final_decision(&self, id: &str) -> Result<Option<FinalDecision>, DeskError> {
        let head = self.store.record(id)?.revision;
        Ok(self.store.final_decision(id, head)?)
    }

    /// The status exports carry: final only when the current revision was marked final and
    /// nothing blocks it.
    pub(super) fn status_of(&self, id: &str) -> Result<Status, DeskError> {
        if self.final_decision(id)?.is_none() {
            return Ok(Status::Draft);
        }
        let values = self.store.values(id)?;
        Ok(
            if validate(self.template, &values)
                .iter()
                .any(|d| d.blocks_final)
            {
                Status::Draft
            } else {
                Status::Final
            },
        )
    }

    /// Marks the current revision final, as this machine's signer, with the milestone
    /// "final, by <signer> on <date>". Refused while the export check finds problems that
    /// block final; with approvals outstanding or stale, refused unless `confirmed` (the user
    /// saw the warning), and the warnings are recorded with the decision. Marking a revision
    /// final twice keeps the first decision.
    pub fn finalize(&mut self, id: &str, confirmed: bool) -> Result<FinalDecision, DeskError> {
        let record = self.store.record(id)?;
        if record.deleted_at.is_some() {
            return Err(StoreError::InTrash.into());
        }
        let signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        if let Some(decision) = self.store.final_decision(id, record.revision)? {
            return Ok(decision);
        }
        let values = self.store.values(id)?;
        let blocking = validate(self.template, &values)
            .iter()
            .filter(|d| d.blocks_final)
            .count();
        if blocking > 0 {
            return Err(DeskError::NotReady(blocking));
        }
        let status = self.signoff_status(id)?;
        let warnings = approval_warnings(&status);
        if !warnings.is_empty() && !confirmed {
            let names = |state: EntityState| -> Vec<String> {
                status
                    .entities
                    .iter()
                    .filter(|e| e.state == state)
                    .map(|e| e.entity.entity.clone())
                    .collect()
            };
            return Err(DeskError::ApprovalsPending {
                message: format!(
                    "the sign-off is not complete ({}): confirm to mark the review final anyway",
                    status.summary
                ),
                outstanding: names(EntityState::Outstanding),
                stale: names(EntityState::Stale),
            });
        }
        let at = now();
        let decision = FinalDecision {
            revision: record.revision,
            decided_by: signer.name.clone(),
            decided_at: at.clone(),
            accepted: warnings.into_iter().map(|d| d.message).collect(),
        };
        let label = format!("final, by {} on {}", clipped(&signer.name, 150), &at[..10]);
        Ok(self.store.record_final(id, &decision, &label)?)
    }

    /// The decision a save returned to draft: the one on `before`, the newest revision when
    /// the save began, if the save wrote a newer one (`version`).
    pub(super) fn left_final(
        &self,
        id: &str,
        before: u64,
        version: u64,
    ) -> Result<Option<FinalDecision>, DeskError> {
        if version <= before {
            return Ok(None);
        }
        Ok(self.store.final_decision(id, before)?)
    }

    /// The export check's warnings about the sign-off and the decision.
    pub(super) fn circulation_warnings(
        &self,
        id: &str,
        blocked: bool,
    ) -> Result<Vec<Diagnostic>, DeskError> {
        let mut out = approval_warnings(&self.signoff_status(id)?);
        if !blocked && self.final_decision(id)?.is_none() {
            out.push(Diagnostic {
                severity: Severity::Warning,
                path: SIGNOFF_PATH.to_string(),
                code: "not_final",
                message: "the review is a draft until you mark it final".into(),
                hint: Some(
                    "Mark it final when the government has decided; exports until then say draft."
                        .into(),
                ),
                blocks_final: false,
            });
        }
        Ok(out)
    }

    /// What the PDF of `document` prints of the review's circulation: whether its revision is
    /// final, the sign-off list with the approvals, and, for an internal-review copy, the
    /// comments.
    pub(super) fn circulation(
        &self,
        id: &str,
        document: &ReviewDocument,
        internal: bool,
    ) -> Result<Circulation, DeskError> {
        let status = self.signoff_status(id)?;
        let is_final = status.final_decision.is_some() && self.status_of(id)? == Status::Final;
        let signoff = status
            .entities
            .into_iter()
            .map(|e| SheetEntry {
                entity: e.entity.entity,
                approver: e.entity.approver,
                title: e.entity.title,
                approval: e.approval.map(|a| SheetApproval {
                    approver: a.record.approver,
                    title: a.record.title,
                    date: a.record.date.chars().take(10).collect(),
                    method: a.record.method,
                    revision: a.record.revision,
                    fingerprint: a.record.fingerprint,
                    kid: a.record.kid,
                    stale: a.stale,
                }),
            })
            .collect();
        let mut notes: BTreeMap<String, Vec<NoteThread>> = BTreeMap::new();
        if internal {
            for thread in self.comments(id, false)? {
                notes.entry(thread.path).or_default().push(NoteThread {
                    resolved: thread
                        .resolved_by
                        .zip(thread.resolved_at.map(|d| d.chars().take(10).collect())),
                    comments: thread
                        .comments
                        .into_iter()
                        .map(|c| Note {
                            author: c.author,
                            date: c.created_at.chars().take(10).collect(),
                            text: c.text,
                        })
                        .collect(),
                });
            }
        }
        Ok(Circulation {
            is_final: is_final && document.revision == status.head,
            signoff,
            notes,
        })
    }
}
