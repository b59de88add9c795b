//! The content of a contribution request (`request.json`) and of a response (`response.json`),
//! as they are written and read. See `FORMAT.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::review::{TemplateRef, Values};
use crate::sign::Signer;

/// A contributing entity: a ministry, an office, a local government.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entity {
    /// Its id within the review (a slug of its name, e.g. `ministry-of-labour`).
    pub id: String,
    /// Its name, e.g. "Directorate of Labour Migration".
    pub name: String,
    /// The ministry or office it belongs to (may be empty).
    pub ministry: String,
    /// Its contact email.
    pub email: String,
}

/// The review a request was cut from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContribReview {
    /// The review id.
    pub id: String,
    /// The revision the request was cut from: the merge base.
    pub revision: u64,
    /// ISO 3166-1 alpha-3 code of the Member State.
    pub member_state: String,
    /// The reporting cycle.
    pub cycle: String,
    /// The review's language.
    pub language: String,
}

/// What a coordinator asks of a contributing entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    /// [`super::REQUEST_FORMAT`].
    pub format: String,
    /// The request's id (a UUID).
    pub id: String,
    /// The review it was cut from, and the revision.
    pub review: ContribReview,
    /// The template the review is drafted on.
    pub template: TemplateRef,
    /// Who is asked.
    pub entity: Entity,
    /// Who asks: the coordinator, as their signed files name them.
    pub coordinator: Signer,
    /// When it was made (RFC 3339, UTC).
    pub created: String,
    /// When the contribution is due (`YYYY-MM-DD`), if a date was set.
    pub due: Option<String>,
    /// What the coordinator asks, in their words.
    pub instructions: String,
    /// The assignment as the coordinator gave it (`section:means`, `objectives.6`, ...).
    pub assignment: Vec<String>,
    /// The assigned fields with their answers at that revision (the merge base); `null` for
    /// a field not answered yet.
    pub fields: Values,
    /// The rest of the review at that revision, read-only context.
    pub context: Values,
    /// The earlier request to the same entity that this one replaces, by id.
    pub supersedes: Option<String>,
}

/// What a contributing entity returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Response {
    /// [`super::RESPONSE_FORMAT`].
    pub format: String,
    /// The request it answers, by id.
    pub request: String,
    /// The review that request was cut from.
    pub review: String,
    /// The revision that request was cut from (the merge base).
    pub base_revision: u64,
    /// The template the answers are written on.
    pub template: TemplateRef,
    /// The entity that answers.
    pub entity: Entity,
    /// Who returned it, as their signed files name them.
    pub contributor: Signer,
    /// When it was returned (RFC 3339, UTC).
    pub returned: String,
    /// The fields the entity changed, with their new answers; `null` for a field it emptied.
    pub fields: Values,
    /// Comments on fields, by field path.
    pub comments: BTreeMap<String, String>,
}
