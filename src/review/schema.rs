//! The published shape of the review document (`assets/schema/review.schema.json`), checked
//! before a document is signed and when one arrives from outside.

use std::sync::OnceLock;

use serde_json::Value;

const SCHEMA: &str = include_str!("../../assets/schema/review.schema.json");

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    // A start-up invariant: the bundled schema is compiled by the test suite.
    #[allow(clippy::expect_used)]
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMA).expect("the bundled schema is JSON");
        jsonschema::validator_for(&schema).expect("the bundled schema compiles")
    })
}

/// Every way `document` departs from the review JSON Schema, one line each (empty: it conforms).
pub fn schema_problems(document: &Value) -> Vec<String> {
    validator()
        .iter_errors(document)
        .map(|e| {
            let at = e.instance_path.to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at}: {e}")
            }
        })
        .collect()
}
