//! Completeness and validation of a review's answers against the bundled template.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gcm_review::review::{completeness, validate, Severity};
use gcm_review::{Template, Values};
use serde_json::{json, Value};

fn values(pairs: &[(&str, Value)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn required_outside_objectives(t: &Template) -> Vec<String> {
    t.sections
        .iter()
        .filter(|s| s.repeat.is_none())
        .flat_map(|s| {
            s.fields
                .iter()
                .filter(|f| f.required)
                .map(move |f| format!("{}.{}", s.id, f.id))
        })
        .collect()
}

#[test]
fn an_empty_review_is_zero_percent_and_lists_what_is_missing() {
    let t = Template::builtin();
    let c = completeness(t, &Values::new());
    assert_eq!(c.percent, 0);
    assert_eq!(c.sections.len(), t.sections.len());
    assert_eq!(c.objectives.len(), 23);
    assert!(c.objectives.iter().all(|o| !o.reported));
    let missing: Vec<&str> = c.missing.iter().map(|m| m.path.as_str()).collect();
    assert!(missing.contains(&"cover.member_state"));
    assert!(missing.contains(&"methodology.process"));
    assert!(
        missing.contains(&"objectives"),
        "the objectives section asks for one objective"
    );
    assert!(
        !missing.iter().any(|p| p.starts_with("objectives.")),
        "unreported objectives are not missing"
    );
    let annexes = c.sections.iter().find(|s| s.id == "annexes").unwrap();
    assert_eq!((annexes.required, annexes.percent), (0, 100));
}

#[test]
fn reporting_on_an_objective_makes_its_required_fields_count() {
    let t = Template::builtin();
    let c = completeness(t, &values(&[("objectives.7.prioritised", json!(true))]));
    let o7 = &c.objectives[6];
    assert!(o7.reported);
    assert_eq!(o7.filled, 0);
    let missing: Vec<&str> = c.missing.iter().map(|m| m.path.as_str()).collect();
    assert!(missing.contains(&"objectives.7.measures"));
    assert!(!missing.contains(&"objectives"));

    let c = completeness(
        t,
        &values(&[
            ("objectives.7.measures", json!("Shelters.")),
            ("objectives.7.challenges", json!("Funding.")),
        ]),
    );
    assert_eq!(c.objectives[6].percent, 100);
    let section = c.sections.iter().find(|s| s.id == "objectives").unwrap();
    assert_eq!(section.percent, 100);
    // Whitespace is not an answer; nor is an unticked box.
    let c = completeness(
        t,
        &values(&[
            ("objectives.8.measures", json!("   ")),
            ("objectives.9.prioritised", json!(false)),
        ]),
    );
    assert!(!c.objectives[7].reported && !c.objectives[8].reported);
}

#[test]
fn a_complete_review_is_one_hundred_percent() {
    let t = Template::builtin();
    let mut v: Values = required_outside_objectives(t)
        .into_iter()
        .map(|p| (p, json!("x")))
        .collect();
    v.insert("cover.member_state".into(), json!("KEN"));
    v.insert("cover.language".into(), json!("en"));
    v.insert("policy.implementation_plan".into(), json!("integrated"));
    v.insert("objectives.3.measures".into(), json!("Portal."));
    v.insert("objectives.3.challenges".into(), json!("Reach."));
    let c = completeness(t, &v);
    assert_eq!(c.percent, 100, "missing: {:?}", c.missing);
    assert!(c.missing.is_empty());
    let diagnostics = validate(t, &v);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn validation_reports_every_problem_with_its_field() {
    let t = Template::builtin();
    let long = "word ".repeat(1001);
    let v = values(&[
        ("methodology.process", json!(long)),
        ("objectives.7.principles", json!(["gravity"])),
        ("nowhere.field", json!("x")),
    ]);
    let d = validate(t, &v);
    let find = |path: &str, code: &str| d.iter().find(|x| x.path == path && x.code == code);
    let over = find("methodology.process", "over_word_limit").expect("word limit");
    assert_eq!(over.severity, Severity::Warning);
    assert!(
        over.message.contains("1001 words") && over.message.contains("1000"),
        "{}",
        over.message
    );
    assert_eq!(
        find("objectives.7.principles", "invalid").unwrap().severity,
        Severity::Error
    );
    assert_eq!(
        find("nowhere.field", "invalid").unwrap().severity,
        Severity::Error
    );
    assert!(find("cover.lead_entity", "missing").is_some());
    assert!(
        d.iter().all(|x| x.hint.is_some()),
        "every diagnostic says what to do"
    );
}
