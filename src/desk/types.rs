//! The review types that cross to the faces: a review as Home lists it, as the editor opens
//! it, and what a save did. Types of one operation (an import preview, a verdict) live beside
//! that operation.

use serde::Serialize;

use crate::review::{Completeness, Values};
use crate::store::FinalDecision;

/// A review as the home screen lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSummary {
    /// The review id.
    pub id: String,
    /// ISO 3166-1 alpha-3 code of the Member State.
    pub member_state: String,
    /// Its UN short name in English.
    pub member_state_name: String,
    /// The reporting cycle.
    pub cycle: String,
    /// The review's language.
    pub language: String,
    /// When it was created.
    pub created_at: String,
    /// When it was last saved.
    pub updated_at: String,
    /// Its newest revision.
    pub revision: u64,
    /// Overall completeness, a whole percentage.
    pub completeness: u8,
    /// When it was moved to the trash, if it was.
    pub deleted_at: Option<String>,
    /// Whether it holds a document imported without a signature.
    pub unverified: bool,
    /// Set for a contribution workspace: the request it was opened from (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contribution: Option<WorkspaceMark>,
}

/// What marks a contribution workspace in the Home list.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMark {
    /// The request it was opened from.
    pub request_id: String,
    /// The entity it writes for, by name.
    pub entity: String,
    /// The coordinator's review, by id.
    pub origin_review: String,
    /// When the contribution is due.
    pub due: Option<String>,
}

/// A review opened in the editor.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewState {
    /// Its summary.
    pub summary: ReviewSummary,
    /// The version every save must name as its base.
    pub version: u64,
    /// The answers, by field path.
    pub values: Values,
    /// Completeness, per section and objective.
    pub completeness: Completeness,
}

/// What a save did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaveOutcome {
    /// The version to base the next save on.
    pub version: u64,
    /// The newest revision (equal to the version).
    pub revision: u64,
    /// When it was saved.
    pub saved_at: String,
    /// Completeness after the save.
    pub completeness: Completeness,
    /// Fields another writer changed meanwhile, as they are now.
    pub merged: Values,
    /// Present when this save returned a review marked final to draft: the decision it
    /// undid, for the notice ("marked final by … on …; this edit makes it a draft again").
    pub left_final: Option<FinalDecision>,
}

/// What a new review needs.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// ISO 3166-1 alpha-3 code.
    pub member_state: String,
    /// E.g. "IMRF 2026".
    pub cycle: String,
    /// One of the six UN languages.
    pub language: String,
}
