//! A review: its answers by field path, their checks, completeness, and the exchanged document.

mod completeness;
mod schema;
mod validate;
mod value;
mod words;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::template::Template;

pub use completeness::{
    completeness, completeness_of, Completeness, Missing, ObjectiveProgress, SectionProgress,
};
pub use schema::schema_problems;
pub use validate::{validate, Diagnostic, Severity};
pub use value::{check_value, is_answered, parse_value, ValueError, MAX_VALUE_BYTES};
pub use words::word_count;

/// A review's answers, by field path.
pub type Values = BTreeMap<String, Value>;

/// Name and version of the review document format.
pub const DOCUMENT_FORMAT: &str = "gcm-review/1";

/// The review document: what is exported, signed and exchanged. Its shape is published as
/// `assets/schema/review.schema.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDocument {
    /// Always [`DOCUMENT_FORMAT`].
    pub format: String,
    /// The template the answers follow.
    pub template: TemplateRef,
    /// The review's id (a UUID), the same across revisions and resubmissions.
    pub id: String,
    /// The revision this document was made from.
    pub revision: u64,
    /// The cover: Member State, cycle, language, lead entity, focal point, date.
    pub cover: Values,
    /// Every other answer, by field path.
    pub answers: Values,
    /// Sign-off records of contributing ministries.
    pub signoff: Vec<SignOff>,
    /// SHA-256 of the previously submitted document, when this one updates it.
    pub supersedes: Option<String>,
    /// When the review was started (UTC, RFC 3339).
    pub created: String,
    /// When this revision was saved (UTC, RFC 3339).
    pub updated: String,
}

/// Template id and version, as recorded in a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRef {
    /// The template id.
    pub id: String,
    /// The template version.
    pub version: String,
}

/// A ministry's sign-off on the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// The contributing ministry.
    pub ministry: String,
    /// Who signs for it.
    pub name: String,
    /// Their title.
    pub title: String,
    /// When they signed (`YYYY-MM-DD`), if they have.
    pub date: Option<String>,
}

/// The prefix of cover field paths.
const COVER: &str = "cover.";

impl ReviewDocument {
    /// Builds the document of a review from its answers.
    pub fn new(
        template: &Template,
        id: &str,
        revision: u64,
        values: &Values,
        created: &str,
        updated: &str,
    ) -> ReviewDocument {
        let (cover, answers): (Values, Values) = values
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(k, _)| k.starts_with(COVER));
        ReviewDocument {
            format: DOCUMENT_FORMAT.to_string(),
            template: TemplateRef {
                id: template.id.clone(),
                version: template.version.clone(),
            },
            id: id.to_string(),
            revision,
            cover: cover
                .into_iter()
                .map(|(k, v)| (k[COVER.len()..].to_string(), v))
                .collect(),
            answers,
            signoff: Vec::new(),
            supersedes: None,
            created: created.to_string(),
            updated: updated.to_string(),
        }
    }

    /// The answers by field path, cover included.
    pub fn values(&self) -> Values {
        self.cover
            .iter()
            .map(|(k, v)| (format!("{COVER}{k}"), v.clone()))
            .chain(self.answers.clone())
            .collect()
    }
}
