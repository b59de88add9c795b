//! What the core's integration tests share.
#![allow(dead_code)]

pub mod contrib;
pub mod rawzip;
pub mod signoff;

use gcm_review::{Desk, NewReview};

/// Starts a review for Kenya, IMRF 2026, in English; returns its id.
pub fn new_review(desk: &mut Desk) -> String {
    let review = NewReview {
        member_state: "KEN".into(),
        cycle: "IMRF 2026".into(),
        language: "en".into(),
    };
    desk.create(review).expect("create a review").id
}

/// Answers every field outside the objectives, and objective 7, in one save, so that nothing
/// keeps the review from being final; returns the revision saved.
pub fn complete(desk: &mut Desk, id: &str) -> u64 {
    use gcm_review::desk::FieldKind;
    use serde_json::{json, Value};
    let template = desk.template();
    let mut values = gcm_review::Values::new();
    for f in template.fields() {
        let path = f.path();
        if path.starts_with("cover.member_state")
            || path.starts_with("cover.language")
            || path.starts_with("cover.cycle")
            || (f.objective.is_some() && f.objective != Some(7))
        {
            continue;
        }
        let value = match f.field.kind {
            FieldKind::Richtext => {
                json!(format!("The answer to {path}, agreed across government."))
            }
            FieldKind::Bool => json!(true),
            FieldKind::Date => json!("2026-03-01"),
            FieldKind::Multi if f.field.options.is_empty() => json!(["people_centred"]),
            FieldKind::Multi => json!([f.field.options[0].value]),
            FieldKind::Choice if f.field.options.is_empty() => continue,
            FieldKind::Choice => json!(f.field.options[0].value),
            FieldKind::Table => {
                let row: serde_json::Map<String, Value> = f
                    .field
                    .columns
                    .iter()
                    .map(|c| {
                        let cell = match c.kind {
                            FieldKind::Date => "2025-06-30".to_string(),
                            FieldKind::Choice => c.options[0].value.clone(),
                            _ => format!("{} 1", c.id),
                        };
                        (c.id.clone(), Value::String(cell))
                    })
                    .collect();
                json!([row])
            }
            FieldKind::Text => json!(format!("text of {path}")),
        };
        values.insert(path, value);
    }
    let base = desk.open_review(id).expect("open").version;
    desk.save(id, base, values)
        .expect("save every answer")
        .version
}
