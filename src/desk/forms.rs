//! Contributions in Word, on the coordinator's side: a contribution request written as a
//! `.docx` form for an entity that will not install the app, recorded as a request like the
//! signed one; and the returned document read back field by field (with the document
//! reader's bounds and refusals) into the same three-way merge and preview as a response
//! from the app, its provenance "Word document from <entity>, received <date>".

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::merge::{Prepared, Received};
use super::requests::{checked_due, closing};
use super::{
    Desk, DeskError, DraftExport, MergeDecision, MergeOutcome, MergePreview, RequestExport,
    RequestOptions,
};
use crate::contrib::{
    build_form, file_name, form_email, form_identity, read_answers, ContributionEmail, FormAnswers,
    NotTaken, Request, Response, RESPONSE_FORMAT,
};
use crate::document::{read_form, FormDocument};
use crate::review::{TemplateRef, Values};
use crate::sign::Signer;
use crate::store::{now, RequestRecord};
use crate::template::member_state_name;

/// What merging a returned Word document would do, with nothing changed yet: the merge's
/// preview, and what reading the document found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormPreview {
    /// The merge, as for a response from the app (`provenance` says where it came from).
    #[serde(flatten)]
    pub merge: MergePreview,
    /// Assigned fields whose content control was deleted: no answer given, nothing changed
    /// (not "answer cleared").
    pub no_answer: Vec<String>,
    /// What the document held that is not taken: images, comments, tracked changes not
    /// accepted, text that does not fit its field.
    pub not_taken: Vec<NotTaken>,
    /// How the answers were found: `tags` (Word keeps the content controls) or `bookmarks`
    /// (a document saved again by LibreOffice, which drops their tags).
    pub read_by: &'static str,
}

/// What merging a chosen response file would do, whichever kind it is (told apart by
/// content): the app's signed response, or a Word form returned filled in.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponsePreview {
    /// The merge (for a Word document, `provenance` says where it came from).
    #[serde(flatten)]
    pub merge: MergePreview,
    /// What reading a Word document found; `null` for a signed response.
    pub word: Option<WordFindings>,
}

/// What reading a returned Word form found besides its answers.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WordFindings {
    /// Assigned fields whose content control was deleted: no answer given, not cleared.
    pub no_answer: Vec<String>,
    /// What the document held that is not taken, one line each.
    pub not_taken: Vec<NotTaken>,
    /// How the answers were found: `tags` or `bookmarks`.
    pub read_by: &'static str,
}

/// Whether `bytes` are a Word document (a zip with `word/document.xml`), by content.
pub fn is_word_document(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(b"word/document.xml".len())
            .any(|w| w == b"word/document.xml")
}

impl Desk {
    /// Makes the request for an entity as a Word form: the same request as
    /// [`Desk::request_contribution`] (its fields at the newest revision, the rest as
    /// context), written as a `.docx` the entity fills in with Word or LibreOffice. Not
    /// signed, so no passphrase; the document names the review, the request and its base
    /// revision. Nothing is recorded until [`Desk::record_request`] is told the file exists.
    pub fn request_form(
        &self,
        review: &str,
        entity: &str,
        options: &RequestOptions,
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
        let request = self.cut_request(review, &entity, coordinator, due.clone(), options)?;
        let bytes = self.form_bytes(&request)?;
        let created = request.created.clone();
        let name = file_name(
            false,
            &request.review.member_state,
            &entity.id,
            &created[..10],
        );
        Ok(RequestExport {
            file_name: format!("{}.docx", name.trim_end_matches(".zip")),
            bytes,
            request_id: request.id.clone(),
            entity: entity.id.clone(),
            revision: request.review.revision,
            fields: entity.fields.clone(),
            due: due.clone(),
            supersedes: request.supersedes.clone(),
            fingerprint: String::new(),
            record: RequestRecord {
                id: request.id,
                review_id: review.to_string(),
                entity_id: entity.id,
                revision: request.review.revision,
                fields: entity.fields,
                due,
                instructions: request.instructions,
                kid: String::new(),
                created_at: created,
            },
        })
    }

    /// The email draft that carries a request's Word form (written and recorded) to its
    /// entity's contact, in the review's language: how to fill it in and send it back. The
    /// form is checked first: it must be one this review recorded.
    pub fn email_form(
        &self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<DraftExport, DeskError> {
        let form = read_form(file_name, bytes)?;
        let (form_review, request_id, _) = form_identity(&form)?;
        if form_review != review {
            return Err(DeskError::WrongReview(form_review));
        }
        let record = self
            .store
            .request(&request_id)?
            .filter(|q| q.review_id == review)
            .ok_or_else(|| {
                DeskError::UnknownRequest(format!(
                    "this Word form is for request {request_id}, which this review never recorded"
                ))
            })?;
        let entity = self.contributor(review, &record.entity_id)?;
        let coordinator = self.signer()?.ok_or(DeskError::NoSigner)?;
        let values = self.store.values(review)?;
        let text = |path: &str| {
            values
                .get(path)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let language = text("cover.language");
        let bytes = form_email(&ContributionEmail {
            to: &entity.email,
            from: Some((&coordinator.name, &coordinator.email)),
            language: &language,
            member_state: &member_state_name(&text("cover.member_state"), &language),
            cycle: &text("cover.cycle"),
            entity: &entity.name,
            due: record.due.as_deref(),
            instructions: &record.instructions,
            fingerprint: "",
            signature: &closing(&coordinator),
            file_name,
            file: bytes,
        })?;
        Ok(DraftExport {
            to: entity.email,
            bytes,
        })
    }

    /// The Word form of a request.
    fn form_bytes(&self, request: &Request) -> Result<Vec<u8>, DeskError> {
        let language = request.review.language.as_str();
        let member_state = member_state_name(&request.review.member_state, language);
        Ok(build_form(request, self.template, &member_state)?)
    }

    /// Checks a returned Word document and shows what merging it into `review` would do;
    /// nothing changes. Refused with a one-line reason: a macro-enabled or damaged document,
    /// a zip or XML bomb, external content, a document for another review or request, one
    /// whose content controls name no assigned field, or name fields not assigned.
    pub fn form_merge_preview(
        &self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<FormPreview, DeskError> {
        let (p, answers) = self.prepare_form(review, file_name, bytes)?;
        Ok(FormPreview {
            merge: self.preview_of(review, &p),
            no_answer: answers.missing,
            not_taken: answers.not_taken,
            read_by: answers.read_by,
        })
    }

    /// Applies a returned Word document as previewed, as [`Desk::merge`] applies a response:
    /// one revision, whose History entry says "Word document from <entity>, received
    /// <date>"; the document kept with the response.
    pub fn form_merge(
        &mut self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
        decision: &MergeDecision,
    ) -> Result<MergeOutcome, DeskError> {
        let (p, _) = self.prepare_form(review, file_name, bytes)?;
        self.apply_prepared(review, &p, bytes, decision)
    }

    /// Shows what merging a chosen response file would do, nothing changed: a Word document
    /// (by content, not by its name) as [`Desk::form_merge_preview`], anything else as the
    /// app's signed response ([`Desk::merge_preview`]).
    pub fn preview_response(
        &self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ResponsePreview, DeskError> {
        if !is_word_document(bytes) {
            return Ok(ResponsePreview {
                merge: self.merge_preview(review, bytes)?,
                word: None,
            });
        }
        let form = self.form_merge_preview(review, file_name, bytes)?;
        Ok(ResponsePreview {
            merge: form.merge,
            word: Some(WordFindings {
                no_answer: form.no_answer,
                not_taken: form.not_taken,
                read_by: form.read_by,
            }),
        })
    }

    /// Merges a chosen response file as previewed by [`Desk::preview_response`]: a Word
    /// document through [`Desk::form_merge`], a signed response through [`Desk::merge`].
    pub fn merge_response(
        &mut self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
        decision: &MergeDecision,
    ) -> Result<MergeOutcome, DeskError> {
        match is_word_document(bytes) {
            true => self.form_merge(review, file_name, bytes, decision),
            false => self.merge(review, bytes, decision),
        }
    }

    /// Reads a returned form and prepares its merge, changing nothing.
    fn prepare_form(
        &self,
        review: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(Prepared, FormAnswers), DeskError> {
        let form = read_form(file_name, bytes)?;
        let (form_review, request_id, _) = form_identity(&form)?;
        if form_review != review {
            return Err(DeskError::WrongReview(form_review));
        }
        let record = self
            .store
            .request(&request_id)?
            .filter(|q| q.review_id == review)
            .ok_or_else(|| {
                DeskError::UnknownRequest(format!(
                    "this Word document answers request {request_id}, which this review never sent"
                ))
            })?;
        let mut answers = read_answers(&form, self.template, &record.fields)?;
        let entity = self.contributor(review, &record.entity_id)?;
        // An answer that reads back as the request's own answer would is unchanged: what
        // Word or the reader normalise (spacing, list markers) is no change of the entity's.
        if let Some((original, unchanged)) = self.form_round_trip(review, &record, &entity)? {
            answers
                .values
                .retain(|path, value| unchanged.get(path) != Some(value));
            answers
                .not_taken
                .extend(stray_text(&form, &original, &record.fields));
        }
        let returned = now();
        let received = returned[..10].to_string();
        let store = self.store.record(review)?;
        let response = Response {
            format: RESPONSE_FORMAT.to_string(),
            request: record.id.clone(),
            review: answers.review.clone(),
            base_revision: answers.base_revision,
            template: TemplateRef {
                id: store.template_id,
                version: store.template_version,
            },
            entity: entity.entity(),
            contributor: Signer {
                name: entity.name.clone(),
                title: String::new(),
                ministry: entity.ministry.clone(),
                email: entity.email.clone(),
            },
            returned,
            fields: answers.values.clone(),
            comments: Default::default(),
        };
        let received = Received {
            response,
            digest: format!("{:x}", Sha256::digest(bytes)),
            key: None,
            kid: String::new(),
            provenance: Some(format!(
                "Word document from {}, received {received}",
                entity.name
            )),
        };
        Ok((self.prepare_received(review, received)?, answers))
    }

    /// The request's own form as it went out, read back untouched, and the answers it gives:
    /// what each field reads as when the entity changed nothing. `None` for a request whose
    /// base the review does not have (the merge refuses it).
    fn form_round_trip(
        &self,
        review: &str,
        record: &RequestRecord,
        entity: &super::Contributor,
    ) -> Result<Option<(FormDocument, Values)>, DeskError> {
        if record.revision == 0 || record.revision > self.store.record(review)?.revision {
            return Ok(None);
        }
        let at = self.store.values_at(review, record.revision)?;
        let mut request = self.cut_request(
            review,
            entity,
            self.signer()?.ok_or(DeskError::NoSigner)?,
            None,
            &RequestOptions::default(),
        )?;
        request.id = record.id.clone();
        request.review.revision = record.revision;
        request.fields = record
            .fields
            .iter()
            .map(|p| (p.clone(), at.get(p).cloned().unwrap_or(Value::Null)))
            .collect();
        request.context = at
            .iter()
            .filter(|(p, _)| !request.fields.contains_key(*p))
            .map(|(p, v)| (p.clone(), v.clone()))
            .collect();
        let bytes = self.form_bytes(&request)?;
        let form = read_form("request.docx", &bytes)?;
        let values = read_answers(&form, self.template, &record.fields)?.values;
        Ok(Some((form, values)))
    }
}

/// Text written outside the answer boxes (beside a question, in the read-only context): the
/// blocks of the returned form's question and context regions that the form as sent did not
/// have, listed as not taken (the question's field named).
fn stray_text(
    returned: &FormDocument,
    original: &FormDocument,
    fields: &[String],
) -> Vec<NotTaken> {
    let mut order: Vec<&String> = fields.iter().collect();
    order.sort();
    let mut out = Vec::new();
    for region in returned.marked.iter().filter(|m| !m.key.starts_with('f')) {
        let sent: Vec<&str> = original
            .marked
            .iter()
            .filter(|m| m.key == region.key)
            .flat_map(|m| m.blocks.iter().map(|b| b.text.as_str()))
            .collect();
        let path = region
            .key
            .strip_prefix('q')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| order.get(n))
            .map(|p| p.to_string());
        for block in region
            .blocks
            .iter()
            .filter(|b| !sent.contains(&b.text.as_str()))
        {
            let text: String = block
                .text
                .chars()
                .take(60)
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let place = if region.key == "context" || region.key == "end" {
                "in the read-only context"
            } else {
                "outside the answer box"
            };
            out.push(NotTaken {
                path: path.clone(),
                what: format!("text written {place}, not read: \"{text}\""),
            });
        }
    }
    out
}
