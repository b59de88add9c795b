//! A review: its answers by field path, their checks, completeness, and the exchanged document.

mod approval;
mod completeness;
mod display;
mod document;
mod place;
mod schema;
mod validate;
mod value;
mod words;

use std::collections::BTreeMap;

use serde_json::Value;

pub use approval::ApprovalMethod;
pub use completeness::{
    completeness, completeness_of, Completeness, Missing, ObjectiveProgress, SectionProgress,
};
pub use display::Display;
pub use document::{ReviewDocument, SignOff, TemplateRef, DOCUMENT_FORMAT};
pub use place::{place, Moved, Placed, Unplaced};
pub use schema::schema_problems;
pub use validate::{validate, Diagnostic, Severity};
pub use value::{check_value, is_answered, parse_value, ValueError, MAX_VALUE_BYTES};
pub use words::word_count;

/// A review's answers, by field path.
pub type Values = BTreeMap<String, Value>;
