//! Contribution requests, on the coordinator's side: one signed file per entity, cut from the
//! review's newest revision, carrying the assigned fields (the merge base) and the rest as
//! context; recorded once the file is written; and the email draft that carries it.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::{Contributor, Desk, DeskError};
use crate::contrib::{
    build_request, file_name, open_request, request_email, ContribReview, ContributionEmail,
    Request, REQUEST_FORMAT,
};
use crate::review::{TemplateRef, Values};
use crate::sign::{fingerprint_groups, Passphrase, Signer};
use crate::store::{now, RequestRecord};
use crate::template::member_state_name;

/// What a request asks beyond its fields.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// When the contribution is due, `YYYY-MM-DD`.
    #[serde(default)]
    pub due: Option<String>,
    /// What the coordinator asks, in their words.
    #[serde(default)]
    pub instructions: String,
}

/// A request made for an entity, ready to be written to a file. Nothing is recorded until
/// [`Desk::record_request`] is told the file exists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestExport {
    /// The file name to offer: `GCM-contribution_<ISO3>_<entity>_<date>.zip`.
    pub file_name: String,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The request's id.
    pub request_id: String,
    /// The entity asked, by id.
    pub entity: String,
    /// The revision it was cut from.
    pub revision: u64,
    /// The assigned field paths it carries.
    pub fields: Vec<String>,
    /// Its due date.
    pub due: Option<String>,
    /// The earlier request to the same entity that it replaces, by id.
    pub supersedes: Option<String>,
    /// The fingerprint of the key that signed it, for the entity to confirm.
    pub fingerprint: String,
    /// What the store records once the file is written.
    #[serde(skip)]
    pub(super) record: RequestRecord,
}

/// An email draft, ready to be written to a `.eml` file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftExport {
    /// The recipient.
    pub to: String,
    /// The message's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// A due date as typed, checked.
pub(super) fn checked_due(due: Option<&str>) -> Result<Option<String>, DeskError> {
    match due.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(d) if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => Ok(Some(d.to_string())),
        Some(d) => Err(DeskError::Invalid(format!(
            "the due date \"{d}\" is not a date as YYYY-MM-DD"
        ))),
    }
}

/// A signer's name, title and ministry for an email's closing.
pub(super) fn closing(signer: &Signer) -> String {
    [&signer.name, &signer.title, &signer.ministry]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Desk {
    /// Makes the request for an entity: its assigned fields with their answers at the review's
    /// newest revision (the merge base), the rest of the review as read-only context, the
    /// template, the due date and instructions, signed with the active key. Nothing is
    /// recorded: once the file is written, [`Desk::record_request`] records it, and it
    /// supersedes the entity's earlier requests.
    pub fn request_contribution(
        &self,
        review: &str,
        entity: &str,
        options: &RequestOptions,
        passphrase: &Passphrase,
    ) -> Result<RequestExport, DeskError> {
        let entity = self.contributor(review, entity)?;
        if entity.fields.is_empty() {
            return Err(DeskError::Invalid(format!(
                "nothing is assigned to {} yet: assign fields first",
                entity.name
            )));
        }
        let due = checked_due(options.due.as_deref())?;
        let coordinator = self.signer()?.ok_or(DeskError::NoSigner)?;
        let (_, key) = self.unseal_active(passphrase)?;
        let request = self.cut_request(review, &entity, coordinator, due.clone(), options)?;
        let created = request.created.clone();
        let supersedes = request.supersedes.clone();
        let bytes = build_request(&request, &key, &self.public_key()?)?;
        let kid = key.kid();
        Ok(RequestExport {
            file_name: file_name(
                false,
                &request.review.member_state,
                &entity.id,
                &created[..10],
            ),
            bytes,
            request_id: request.id.clone(),
            entity: entity.id.clone(),
            revision: request.review.revision,
            fields: entity.fields.clone(),
            due: due.clone(),
            supersedes,
            fingerprint: fingerprint_groups(&kid).unwrap_or_default(),
            record: RequestRecord {
                id: request.id,
                review_id: review.to_string(),
                entity_id: entity.id,
                revision: request.review.revision,
                fields: entity.fields,
                due,
                instructions: request.instructions,
                kid,
                created_at: created,
            },
        })
    }

    /// A request's content: the entity's fields at the review's newest revision, the rest of
    /// the review as context, and the request the entity had before, which it supersedes.
    pub(super) fn cut_request(
        &self,
        review: &str,
        entity: &Contributor,
        coordinator: Signer,
        due: Option<String>,
        options: &RequestOptions,
    ) -> Result<Request, DeskError> {
        let record = self.store.record(review)?;
        let values = self.store.values(review)?;
        let fields: Values = entity
            .fields
            .iter()
            .map(|p| (p.clone(), values.get(p).cloned().unwrap_or(Value::Null)))
            .collect();
        let context: Values = values
            .iter()
            .filter(|(p, _)| !fields.contains_key(*p))
            .map(|(p, v)| (p.clone(), v.clone()))
            .collect();
        let text = |path: &str| {
            values
                .get(path)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let supersedes = self
            .store
            .requests(review)?
            .into_iter()
            .rev()
            .find(|r| r.entity_id == entity.id)
            .map(|r| r.id);
        Ok(Request {
            format: REQUEST_FORMAT.to_string(),
            id: Uuid::new_v4().to_string(),
            review: ContribReview {
                id: review.to_string(),
                revision: record.revision,
                member_state: text("cover.member_state"),
                cycle: text("cover.cycle"),
                language: text("cover.language"),
            },
            template: TemplateRef {
                id: record.template_id,
                version: record.template_version,
            },
            entity: entity.entity(),
            coordinator,
            created: now(),
            due,
            instructions: options.instructions.trim().to_string(),
            assignment: entity.assignment.clone(),
            fields,
            context,
            supersedes,
        })
    }

    /// Records the request made by [`Desk::request_contribution`], with its file: call it only
    /// once the file is written. The entity's state becomes "requested".
    pub fn record_request(&mut self, request: &RequestExport) -> Result<(), DeskError> {
        Ok(self.store.add_request(&request.record, &request.bytes)?)
    }

    /// The email draft that carries a request to its entity's contact, in the review's
    /// language. The request is checked first.
    pub fn email_request(&self, file_name: &str, bytes: &[u8]) -> Result<DraftExport, DeskError> {
        let opened = open_request(bytes)?;
        let r = &opened.request;
        let language = r.review.language.as_str();
        let to = r.entity.email.clone();
        let bytes = request_email(&ContributionEmail {
            to: &to,
            from: Some((&r.coordinator.name, &r.coordinator.email)),
            language,
            member_state: &member_state_name(&r.review.member_state, language),
            cycle: &r.review.cycle,
            entity: &r.entity.name,
            due: r.due.as_deref(),
            instructions: &r.instructions,
            fingerprint: &fingerprint_groups(&opened.kid).unwrap_or_default(),
            signature: &closing(&r.coordinator),
            file_name,
            file: bytes,
        })?;
        Ok(DraftExport { to, bytes })
    }
}
