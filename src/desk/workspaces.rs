//! Contributions, on the contributor's side: opening a request makes a workspace (a review in
//! which only the assigned fields can change, the rest shown for reference), with autosave,
//! History and word counts as any review; comments per field; and "Return contribution",
//! which writes the signed response and the email draft back to the coordinator.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::requests::{closing, DraftExport};
use super::trust::{groups, KeyChange, KeyTrust, Pending};
use super::{Desk, DeskError, WorkspaceMark};
use crate::contrib::{
    build_response, file_name, open_request, open_response, response_email, ContributionEmail,
    Entity, Response, RESPONSE_FORMAT,
};
use crate::review::{is_answered, place, Placed, TemplateRef, Values};
use crate::sign::{fingerprint_groups, Passphrase, Signer};
use crate::store::{now, NewWorkspace, SeenKey, WorkspaceRecord};
use crate::template::{member_state_name, FieldMap};

/// What opening a request did, and who asked, for the contributor to check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedWorkspace {
    /// The workspace: a review id, addressed like any review.
    pub workspace: String,
    /// False when this request was opened before: its workspace is returned as it is.
    pub created: bool,
    /// The workspace as the editor shows it.
    pub info: WorkspaceInfo,
    /// How far this machine trusts the coordinator's key.
    pub trust: KeyTrust,
    /// Whether that key is trusted (own, marked trusted, or endorsed by such a key).
    pub trusted: bool,
    /// The warning when the Member State's files were signed with another key.
    pub key_change: Option<KeyChange>,
}

/// A workspace, for the restricted editor and the contributor's Home list.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// The workspace's review id.
    pub id: String,
    /// The request it was opened from.
    pub request_id: String,
    /// The coordinator's review, by id.
    pub origin_review: String,
    /// The revision the request was cut from.
    pub base_revision: u64,
    /// The entity the workspace writes for.
    pub entity: Entity,
    /// Who asked.
    pub coordinator: Signer,
    /// The fingerprint of the key that signed the request, to confirm with the coordinator.
    pub fingerprint: String,
    /// When the contribution is due.
    pub due: Option<String>,
    /// What the coordinator asks.
    pub instructions: String,
    /// The fields that can be edited; every other field is read-only.
    pub fields: Vec<String>,
    /// The assigned fields changed since the request, in template order.
    pub changed: Vec<String>,
    /// The contributor's comments, by field path.
    pub comments: BTreeMap<String, String>,
    /// The responses returned so far, oldest first.
    pub returns: Vec<ReturnInfo>,
}

/// A response returned from a workspace.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnInfo {
    /// SHA-256 of its content.
    pub digest: String,
    /// The workspace's revision it holds.
    pub revision: u64,
    /// The fields it carries.
    pub fields: Vec<String>,
    /// When it was written.
    pub created_at: String,
}

/// A response made from a workspace, ready to be written to a file. Nothing is recorded until
/// [`Desk::record_return`] is told the file exists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseExport {
    /// The file name to offer: `GCM-contribution-response_<ISO3>_<entity>_<date>.zip`.
    pub file_name: String,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// SHA-256 of its content.
    pub digest: String,
    /// The fields it carries: those changed since the request (null: emptied).
    pub fields: Vec<String>,
    /// The workspace's revision it holds.
    pub revision: u64,
    /// The fingerprint of the contributor's key, for the coordinator to confirm.
    pub fingerprint: String,
    /// Whether the contributor's key was made for this response (its first use).
    pub key_created: bool,
    /// The workspace.
    #[serde(skip)]
    workspace: String,
}

impl Desk {
    /// Refuses changes to a workspace's fields that are not assigned to its entity; any
    /// change to a review that is not a workspace passes.
    pub(super) fn check_assigned<'a>(
        &self,
        id: &str,
        mut paths: impl Iterator<Item = &'a String>,
    ) -> Result<(), DeskError> {
        let Some(fields) = self.store.workspace_fields(id)? else {
            return Ok(());
        };
        match paths.find(|p| !fields.contains(*p)) {
            Some(path) => Err(DeskError::NotAssigned(path.clone())),
            None => Ok(()),
        }
    }

    /// The Home list's mark of a workspace, or `None` for a review that is not one.
    pub(super) fn workspace_mark(&self, id: &str) -> Option<WorkspaceMark> {
        let w = self.store.workspace(id).ok()??;
        Some(WorkspaceMark {
            request_id: w.request_id,
            entity: w.entity["name"].as_str().unwrap_or_default().to_string(),
            origin_review: w.origin_review,
            due: w.due,
        })
    }

    fn workspace_record(&self, id: &str) -> Result<WorkspaceRecord, DeskError> {
        self.store
            .workspace(id)?
            .ok_or_else(|| DeskError::NotAWorkspace(id.to_string()))
    }

    /// A workspace as the restricted editor shows it, or `None` for a review that is not one.
    pub fn workspace(&self, id: &str) -> Result<Option<WorkspaceInfo>, DeskError> {
        let Some(mut w) = self.store.workspace(id)? else {
            return Ok(None);
        };
        let order: Vec<String> = self.template.fields().iter().map(|f| f.path()).collect();
        w.fields
            .sort_by_key(|p| order.iter().position(|o| o == p).unwrap_or(usize::MAX));
        let changed = self.changed_in(&w)?.into_keys().collect::<Vec<_>>();
        let changed = w
            .fields
            .iter()
            .filter(|p| changed.contains(p))
            .cloned()
            .collect();
        let returns = self
            .store
            .returns(id)?
            .into_iter()
            .map(|r| ReturnInfo {
                digest: r.digest,
                revision: r.revision,
                fields: r.fields,
                created_at: r.created_at,
            })
            .collect();
        let bad = |e: serde_json::Error| DeskError::Internal(e.to_string());
        Ok(Some(WorkspaceInfo {
            id: w.review_id,
            request_id: w.request_id,
            origin_review: w.origin_review,
            base_revision: w.base_revision,
            entity: serde_json::from_value(w.entity).map_err(bad)?,
            coordinator: serde_json::from_value(w.coordinator).map_err(bad)?,
            fingerprint: groups(&w.kid),
            due: w.due,
            instructions: w.instructions,
            fields: w.fields,
            changed,
            comments: w.comments,
            returns,
        }))
    }

    /// The assigned fields whose answers differ from the request's, with their answers now
    /// (null: emptied).
    fn changed_in(&self, w: &WorkspaceRecord) -> Result<Values, DeskError> {
        let base = self.store.values_at(&w.review_id, 1)?;
        let now = self.store.values(&w.review_id)?;
        let answer =
            |values: &Values, p: &String| values.get(p).filter(|v| is_answered(v)).cloned();
        Ok(w.fields
            .iter()
            .filter(|p| answer(&base, p) != answer(&now, p))
            .map(|p| (p.clone(), answer(&now, p).unwrap_or(Value::Null)))
            .collect())
    }

    /// Opens a contribution request: checks it (as a package is checked), then makes a
    /// workspace from it, in which only the assigned fields can be edited. Opening the same
    /// request again returns its workspace. The coordinator's key is remembered as seen; how far
    /// it is trusted, and whether it is the key the Member State's files were signed with, is
    /// in the answer, for the contributor to check its fingerprint.
    pub fn open_request(&mut self, bytes: &[u8]) -> Result<OpenedWorkspace, DeskError> {
        let opened = open_request(bytes)?;
        let r = &opened.request;
        let all: Values = r
            .fields
            .clone()
            .into_iter()
            .chain(r.context.clone())
            .collect();
        let (values, map) = self.on_current_template(&r.template, &all)?;
        if let Some(u) = values.unplaced.first() {
            return Err(DeskError::Invalid(format!(
                "the request's answer to {} cannot be placed: {}",
                u.path, u.reason
            )));
        }
        let mut pending = Pending::default();
        if let Some(e) = &opened.endorsement {
            pending
                .endorsed_by
                .insert(opened.kid.clone(), e.old_kid.clone());
        }
        let (trust, _) = self.trust_of(&opened.kid, &pending)?;
        let key_change = self.key_change(&r.review.member_state, &opened.kid, &pending)?;
        let existing = self.store.workspace_of_request(&r.id)?;
        let created = existing.is_none();
        let workspace = match existing {
            Some(id) => id,
            None => {
                let internal = |e: serde_json::Error| DeskError::Internal(e.to_string());
                let record = WorkspaceRecord {
                    review_id: Uuid::new_v4().to_string(),
                    request_id: r.id.clone(),
                    origin_review: r.review.id.clone(),
                    base_revision: r.review.revision,
                    entity: serde_json::to_value(&r.entity).map_err(internal)?,
                    coordinator: serde_json::to_value(&r.coordinator).map_err(internal)?,
                    due: r.due.clone(),
                    instructions: r.instructions.clone(),
                    fields: r.fields.keys().map(|p| mapped(map, p)).collect(),
                    kid: opened.kid.clone(),
                    comments: BTreeMap::new(),
                    opened_at: String::new(),
                };
                let answered: Values = values
                    .values
                    .into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .collect();
                self.store.create_workspace(&NewWorkspace {
                    record: &record,
                    template: (&self.template.id, &self.template.version),
                    values: &answered,
                    file: bytes,
                })?;
                record.review_id
            }
        };
        let pin = key_change.is_none() && trust.is_trusted() && trust != KeyTrust::Own;
        self.store.remember_keys(&[SeenKey {
            kid: opened.kid.clone(),
            public_jwk: opened.key.jwk().to_string(),
            signer: serde_json::to_string(&r.coordinator).unwrap_or_default(),
            member_state: Some(r.review.member_state.clone()).filter(|m| !m.is_empty()),
            endorsement: opened.endorsement.map(|e| (e.old_kid, e.jws)),
            pin,
        }])?;
        let info = self
            .workspace(&workspace)?
            .ok_or_else(|| DeskError::NotAWorkspace(workspace.clone()))?;
        Ok(OpenedWorkspace {
            workspace,
            created,
            info,
            trust,
            trusted: trust.is_trusted(),
            key_change,
        })
    }

    /// Answers written on `template` placed on the current one, through a field map if they
    /// were written on another (which is returned): what fits, what moved, what has no place.
    /// Refused when no map leads to the current template. A `null` (an answer emptied) is
    /// placed where its field goes.
    pub(super) fn on_current_template(
        &self,
        template: &TemplateRef,
        values: &Values,
    ) -> Result<(Placed, Option<&FieldMap>), DeskError> {
        let current = (&self.template.id, &self.template.version);
        let found = (&template.id, &template.version);
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
        let (empty, answered): (Values, Values) = values
            .clone()
            .into_iter()
            .partition(|(_, v)| !is_answered(v));
        let mut placed = place(self.template, map, &answered);
        for path in empty.into_keys() {
            let to = mapped(map, &path);
            if self.template.field(&to).is_some() && !placed.values.contains_key(&to) {
                placed.values.insert(to, Value::Null);
            }
        }
        Ok((placed, map))
    }

    /// Sets (or, with empty text, removes) the contributor's comment on an assigned field of a
    /// workspace; the response carries it to the coordinator.
    pub fn set_contribution_comment(
        &mut self,
        workspace: &str,
        path: &str,
        text: &str,
    ) -> Result<(), DeskError> {
        let w = self.workspace_record(workspace)?;
        if !w.fields.iter().any(|f| f == path) {
            return Err(DeskError::NotAssigned(path.to_string()));
        }
        Ok(self.store.set_workspace_comment(workspace, path, text)?)
    }

    /// Makes the response of a workspace: the assigned fields changed since the request (the
    /// base revision it names), the contributor's name and entity, the comments, signed with
    /// the contributor's key; a key is made with `passphrase` on first use. `contributor` is
    /// who returns it (by default, who signs in Settings). Nothing is recorded until
    /// [`Desk::record_return`]; a workspace can be returned again after more edits.
    pub fn return_contribution(
        &mut self,
        workspace: &str,
        passphrase: &Passphrase,
        contributor: Option<&Signer>,
    ) -> Result<ResponseExport, DeskError> {
        let w = self.workspace_record(workspace)?;
        let contributor = match contributor {
            Some(c) => c.clone(),
            None => self.signer()?.ok_or(DeskError::NoSigner)?,
        };
        if contributor.name.trim().is_empty() {
            return Err(DeskError::NoSigner);
        }
        let key_created = self.active_key().is_err();
        if key_created {
            self.create_key(passphrase)?;
        }
        let (_, key) = self.unseal_active(passphrase)?;
        let fields = self.changed_in(&w)?;
        let entity: Entity = serde_json::from_value(w.entity.clone())
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        let record = self.store.record(workspace)?;
        let returned = now();
        let response = Response {
            format: RESPONSE_FORMAT.to_string(),
            request: w.request_id.clone(),
            review: w.origin_review.clone(),
            base_revision: w.base_revision,
            template: TemplateRef {
                id: record.template_id,
                version: record.template_version,
            },
            entity: entity.clone(),
            contributor,
            returned: returned.clone(),
            comments: w
                .comments
                .into_iter()
                .filter(|(p, _)| w.fields.contains(p))
                .collect(),
            fields,
        };
        let bytes = build_response(&response, &key, &self.public_key()?)?;
        let iso3 = self
            .store
            .values(workspace)?
            .get("cover.member_state")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let digest = open_response(&bytes)?.digest;
        Ok(ResponseExport {
            file_name: file_name(true, &iso3, &entity.id, &returned[..10]),
            bytes,
            digest,
            fields: response.fields.keys().cloned().collect(),
            revision: record.revision,
            fingerprint: fingerprint_groups(&key.kid()).unwrap_or_default(),
            key_created,
            workspace: workspace.to_string(),
        })
    }

    /// Records that the response made by [`Desk::return_contribution`] was written: call it
    /// only once its file exists.
    pub fn record_return(&mut self, response: &ResponseExport) -> Result<(), DeskError> {
        Ok(self.store.record_return(
            &response.workspace,
            &response.digest,
            response.revision,
            &response.fields,
        )?)
    }

    /// The email draft that carries a response back to the coordinator who asked for it, in
    /// the review's language. The response is checked first, and must be one of this
    /// workspace's.
    pub fn email_response(
        &self,
        workspace: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<DraftExport, DeskError> {
        let w = self.workspace_record(workspace)?;
        let opened = open_response(bytes)?;
        let r = &opened.response;
        if r.request != w.request_id {
            return Err(DeskError::WrongReview(r.review.clone()));
        }
        let coordinator: Signer = serde_json::from_value(w.coordinator)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        let values = self.store.values(workspace)?;
        let text = |p: &str| values.get(p).and_then(Value::as_str).unwrap_or_default();
        let language = text("cover.language");
        let to = coordinator.email.clone();
        let bytes = response_email(&ContributionEmail {
            to: &to,
            from: Some((&r.contributor.name, &r.contributor.email)),
            language,
            member_state: &member_state_name(text("cover.member_state"), language),
            cycle: text("cover.cycle"),
            entity: &r.entity.name,
            due: None,
            instructions: "",
            fingerprint: &fingerprint_groups(&opened.kid).unwrap_or_default(),
            signature: &closing(&r.contributor),
            file_name,
            file: bytes,
        })?;
        Ok(DraftExport { to, bytes })
    }
}

/// Where a field map puts `path` (itself without a map, or when the map does not move it).
pub(super) fn mapped(map: Option<&FieldMap>, path: &str) -> String {
    map.and_then(|m| m.target(path))
        .unwrap_or_else(|| path.to_string())
}
