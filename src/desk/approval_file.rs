//! Approvals given in the app. On the approver's side, their own key signs the fingerprint of
//! the exact document they read (a circulated package or review file) into an approval file.
//! On the coordinator's side, that file is verified as strictly as a package and under the
//! same trust rules: a key not trusted here, or another key than the one that signed the
//! entity's earlier approvals, is recorded only after the user confirms a warning naming it.

use serde::Serialize;
use uuid::Uuid;

use super::export::file_name;
use super::import::read_incoming;
use super::signoff::ApprovalInfo;
use super::trust::{groups, KeyTrust, Pending};
use super::verify::Verification;
use super::{Desk, DeskError};
use crate::pdf::fingerprint;
use crate::review::ApprovalMethod;
use crate::sign::{
    hex_sha256, sign_approval, verify_approval, Approval, Approver, Passphrase, Signer,
    VerifiedApproval,
};
use crate::store::{now, NewApprovalRecord, SeenKey, SignoffEntity, StoreError};

/// An approval file made on the approver's side, ready to be written and sent back.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalExport {
    /// The file name to offer: `GCM-approval_<ISO3>_<cycle>_<date>.approval.json`.
    pub file_name: String,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The review approved.
    pub review: String,
    /// The revision approved.
    pub revision: u64,
    /// The fingerprint of the document approved.
    pub fingerprint: String,
    /// The entity the approval is given for.
    pub entity: String,
    /// The verdict on the circulated file's signature (none for an unsigned document).
    pub verification: Option<Verification>,
}

/// Why recording an approval file waits for the user's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalConsent {
    /// What to pass back to [`Desk::record_approval_file`] to confirm.
    pub token: String,
    /// The warning in one line.
    pub message: String,
    /// The fingerprint of the key that signed the approval.
    pub incoming: String,
    /// The fingerprints of the keys that signed the entity's earlier approvals.
    pub pinned: Vec<String>,
}

/// What an approval file says, and what recording it would need: checked, nothing changed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalCheck {
    /// What it approves.
    pub approval: Approval,
    /// The entity on the sign-off list it is recorded for, by id.
    pub entity_id: String,
    /// The approver's key id.
    pub kid: String,
    /// Its fingerprint in groups, to read aloud.
    pub key_fingerprint: String,
    /// How far this machine trusts it.
    pub key_trust: KeyTrust,
    /// Present when recording needs the user's confirmation first.
    pub consent: Option<ApprovalConsent>,
    /// The approval recorded from this very file before, if it was.
    pub recorded: Option<String>,
}

impl Desk {
    /// Makes an approval file on the approver's side: the circulated package, signed review or
    /// review document is checked, and the active key signs the fingerprint of exactly that
    /// document, as this machine's signer, for `entity` (default: the signer's ministry).
    pub fn make_approval(
        &self,
        circulated: &[u8],
        entity: Option<&str>,
        passphrase: &Passphrase,
    ) -> Result<ApprovalExport, DeskError> {
        let incoming = read_incoming(circulated)?;
        let verification = self.judge_incoming("", &incoming, &mut Pending::default());
        let document = &incoming.document;
        let signer: Signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        let entity = entity
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .unwrap_or(signer.ministry.trim())
            .to_string();
        if entity.is_empty() {
            return Err(DeskError::Invalid(
                "say which entity the approval is given for (or enter your ministry in Settings)"
                    .into(),
            ));
        }
        let (_, key) = self.unseal_active(passphrase)?;
        let at = now();
        let approval = Approval {
            review: document.id.clone(),
            revision: document.revision,
            fingerprint: fingerprint(document)?,
            entity: entity.clone(),
            approver: Approver {
                name: signer.name,
                title: signer.title,
                email: signer.email,
            },
            date: format!("{}Z", &at[..19]),
        };
        let signed = sign_approval(&approval, &key)?;
        let value =
            serde_json::to_value(document).map_err(|e| DeskError::Internal(e.to_string()))?;
        let name =
            file_name(&value, &at[..10], "approval.json").replacen("GCM-review", "GCM-approval", 1);
        Ok(ApprovalExport {
            file_name: name,
            bytes: signed.file,
            review: approval.review,
            revision: approval.revision,
            fingerprint: approval.fingerprint,
            entity,
            verification,
        })
    }

    /// The approval an approval file holds, checked against this review: its signature, the
    /// review, revision and fingerprint it names, its entity on the sign-off list, and its key.
    fn checked_approval(
        &self,
        id: &str,
        verified: &VerifiedApproval,
    ) -> Result<ApprovalCheck, DeskError> {
        let a = &verified.approval;
        if a.review != id {
            return Err(DeskError::ApprovalMismatch(format!(
                "this approval is of review {}, not of this one",
                a.review
            )));
        }
        let found = match self.fingerprint_at(id, a.revision) {
            Ok(f) => f,
            Err(DeskError::Store(StoreError::NoRevision { newest, .. })) => {
                return Err(DeskError::ApprovalMismatch(format!(
                    "this approval is of revision {}, which this review does not have (it has \
                     1 to {newest})",
                    a.revision
                )))
            }
            Err(e) => return Err(e),
        };
        if found != a.fingerprint {
            return Err(DeskError::ApprovalMismatch(format!(
                "the fingerprint approved ({}…) is not that of revision {} here ({}…): the \
                 approver read another text than this review's",
                &a.fingerprint[..16],
                a.revision,
                &found[..16]
            )));
        }
        let entity = self.signoff_entity(id, &a.entity)?;
        let kid = verified.kid.clone();
        let (key_trust, consent) = self.key_consent(id, &entity, &a.approver.name, &kid)?;
        Ok(ApprovalCheck {
            approval: a.clone(),
            entity_id: entity.id,
            key_fingerprint: groups(&kid),
            key_trust,
            consent,
            recorded: None,
            kid,
        })
    }

    /// How far the key that signed an approval for `entity` is trusted, and the confirmation
    /// recording it needs: when the key is not trusted here, or is neither the key (nor
    /// endorsed by a key) that signed the entity's earlier approvals.
    fn key_consent(
        &self,
        id: &str,
        entity: &SignoffEntity,
        approver: &str,
        kid: &str,
    ) -> Result<(KeyTrust, Option<ApprovalConsent>), DeskError> {
        let pending = Pending::default();
        let (trust, _) = self.trust_of(kid, &pending)?;
        let mut pinned: Vec<String> = self
            .store
            .approvals(id)?
            .into_iter()
            .filter(|r| r.entity_id == entity.id)
            .filter_map(|r| r.kid)
            .collect();
        pinned.sort();
        pinned.dedup();
        let lineage = self.ancestors(kid, &pending)?;
        let changed = !pinned.is_empty() && !pinned.iter().any(|p| p == kid || lineage.contains(p));
        let fp = groups(kid);
        let pinned: Vec<String> = pinned.iter().map(|k| groups(k)).collect();
        let message = if changed {
            format!(
                "{}'s earlier approvals were signed with key {}; this one with {fp}, not \
                 endorsed by it: check the new key with {approver} before recording it",
                entity.entity,
                pinned.join(" or ")
            )
        } else if !trust.is_trusted() {
            format!(
                "this approval from {} is signed with key {fp}, which is not trusted here: check \
                 that fingerprint with {approver} (read aloud in groups) and trust the key, or \
                 record it only after checking",
                entity.entity
            )
        } else {
            return Ok((trust, None));
        };
        Ok((
            trust,
            Some(ApprovalConsent {
                token: kid.to_string(),
                message,
                incoming: fp,
                pinned,
            }),
        ))
    }

    /// Checks an approval file against a review and says what recording it needs, changing
    /// nothing.
    pub fn check_approval_file(&self, id: &str, bytes: &[u8]) -> Result<ApprovalCheck, DeskError> {
        let verified = verify_approval(bytes)?;
        let mut check = self.checked_approval(id, &verified)?;
        let sha = hex_sha256(bytes);
        check.recorded = self
            .store
            .approvals(id)?
            .into_iter()
            .find(|r| r.attachment.as_ref().is_some_and(|f| f.sha256 == sha))
            .map(|r| r.id);
        Ok(check)
    }

    /// Records an approval given in the app from its file, after [`Desk::check_approval_file`]'s
    /// checks; one that needs confirmation is refused unless `consent` is its token. The file
    /// is kept with the approval; recording the same file twice records it once.
    pub fn record_approval_file(
        &mut self,
        id: &str,
        file: &str,
        bytes: &[u8],
        consent: Option<&str>,
    ) -> Result<ApprovalInfo, DeskError> {
        let verified = verify_approval(bytes)?;
        let check = self.check_approval_file(id, bytes)?;
        if let Some(recorded) = &check.recorded {
            if let Some(r) = self
                .store
                .approvals(id)?
                .into_iter()
                .find(|r| r.id == *recorded)
            {
                return self.approval_info(id, r);
            }
        }
        if let Some(needed) = &check.consent {
            if consent != Some(needed.token.as_str()) {
                return Err(DeskError::NeedsConsent(needed.message.clone()));
            }
        }
        let a = &check.approval;
        let signer = Signer {
            name: a.approver.name.clone(),
            title: a.approver.title.clone(),
            ministry: a.entity.clone(),
            email: a.approver.email.clone(),
        };
        self.store.remember_keys(&[SeenKey {
            kid: check.kid.clone(),
            public_jwk: verified.key.jwk().to_string(),
            signer: serde_json::to_string(&signer).unwrap_or_default(),
            member_state: None,
            endorsement: None,
            pin: false,
        }])?;
        let recorder = self.signer()?.map(|s| s.name);
        let approval = Uuid::new_v4().to_string();
        let name = super::signoff::base_name(file);
        let record = self.store.record_approval(
            id,
            &NewApprovalRecord {
                id: &approval,
                entity_id: &check.entity_id,
                approver: &a.approver.name,
                title: &a.approver.title,
                revision: a.revision,
                fingerprint: &a.fingerprint,
                method: ApprovalMethod::App,
                date: &a.date,
                kid: Some(&check.kid),
                file: Some((&name, "application/json", bytes)),
                recorded_at: &now(),
                recorded_by: recorder.as_deref(),
            },
        )?;
        self.approval_info(id, record)
    }
}
