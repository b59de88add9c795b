//! The published review JSON Schema accepts every document the app makes and refuses
//! documents of the wrong shape.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gcm_review::{Desk, NewReview};
use serde_json::{json, Value};

fn schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_slice(&std::fs::read("assets/schema/review.schema.json").unwrap())
            .unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn document() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = desk
        .create(NewReview {
            member_state: "PSE".into(),
            cycle: "IMRF 2026".into(),
            language: "ar".into(),
        })
        .unwrap()
        .id;
    desk.save(
        &id,
        1,
        [
            (
                "methodology.process".to_string(),
                json!("تم إعداد الاستعراض"),
            ),
            (
                "objectives.7.principles".to_string(),
                json!(["human_rights"]),
            ),
            ("objectives.12.prioritised".to_string(), json!(true)),
            ("objectives.3.principles".to_string(), json!([])),
            (
                "annexes.stakeholders".to_string(),
                json!([{ "name": "NHRI", "category": "nhri" }]),
            ),
            ("cover.date".to_string(), json!("2026-02-01")),
        ]
        .into(),
    )
    .unwrap();
    serde_json::to_value(desk.document(&id).unwrap()).unwrap()
}

#[test]
fn documents_the_app_makes_are_valid() {
    let doc = document();
    let errors: Vec<String> = schema()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{doc:#}");
}

#[test]
fn documents_of_the_wrong_shape_are_refused() {
    let schema = schema();
    let doc = document();
    type Spoil = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Spoil)> = vec![
        ("format", Box::new(|d| d["format"] = json!("gcm-review/9"))),
        ("id", Box::new(|d| d["id"] = json!("not-a-uuid"))),
        (
            "member state",
            Box::new(|d| d["cover"]["member_state"] = json!("Palestine")),
        ),
        (
            "language",
            Box::new(|d| d["cover"]["language"] = json!("de")),
        ),
        (
            "answer shape",
            Box::new(|d| d["answers"]["methodology.process"] = json!({ "x": 1 })),
        ),
        ("path", Box::new(|d| d["answers"]["../etc"] = json!("x"))),
        ("extra member", Box::new(|d| d["evil"] = json!(true))),
        ("supersedes", Box::new(|d| d["supersedes"] = json!("abc"))),
        ("timestamp", Box::new(|d| d["updated"] = json!("yesterday"))),
        ("revision", Box::new(|d| d["revision"] = json!(0))),
    ];
    for (what, spoil) in broken {
        let mut bad = doc.clone();
        spoil(&mut bad);
        assert!(!schema.is_valid(&bad), "{what} was accepted");
    }
}
