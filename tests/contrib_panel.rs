//! What the Contributions panel, the editor and the mail program are given: each entity's
//! state from not sent to merged, who each field is assigned to (several entities may share
//! one), the list offered for the methodology section, and the email drafts both ways.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::contrib::{Machines, PASSPHRASE};
use gcm_review::desk::ContributionState;
use serde_json::json;

const B: &str = "objectives.6.measures";

#[test]
fn states_go_from_not_sent_to_requested_overdue_returned_and_merged() {
    let mut m = Machines::new();
    let labour = m.labour(&[B]);
    let state = |m: &Machines| {
        m.coordinator
            .contribution_status(&m.review)
            .unwrap()
            .entities[0]
            .state
    };
    assert_eq!(state(&m), ContributionState::NotSent);
    let request = m.request(&labour);
    assert_eq!(state(&m), ContributionState::Requested);

    let late = m
        .coordinator
        .request_contribution(
            &m.review,
            &labour,
            &gcm_review::desk::RequestOptions {
                due: Some("2020-01-31".into()),
                instructions: String::new(),
            },
            &PASSPHRASE.into(),
        )
        .unwrap();
    m.coordinator.record_request(&late).unwrap();
    assert_eq!(state(&m), ContributionState::Overdue);

    let ws = m.open(&late.bytes);
    m.contributor_sets(&ws, json!({ B: "late answer" }));
    let response = m.give_back(&ws);
    m.coordinator.keep_response(&m.review, &response).unwrap();
    assert_eq!(state(&m), ContributionState::Returned);
    m.merge(&response, &[]);
    assert_eq!(state(&m), ContributionState::Merged);
    let status = m.coordinator.contribution_status(&m.review).unwrap();
    assert_eq!(
        (status.entities[0].requests, status.entities[0].responses),
        (2, 1)
    );
    drop(request);
}

#[test]
fn the_editor_shows_who_each_field_is_assigned_to_and_fields_may_have_several() {
    let mut m = Machines::new();
    let labour = m.labour(&["round-table:1"]);
    let interior = m
        .coordinator
        .add_contributor(
            &m.review,
            &gcm_review::desk::NewContributor {
                name: "Ministry of Interior".into(),
                ministry: "Department of Immigration".into(),
                email: "immigration@example.go.ke".into(),
            },
        )
        .unwrap();
    m.coordinator
        .assign(
            &m.review,
            "ministry of interior",
            &["objectives.6.measures".into()],
        )
        .unwrap();
    let marks = m.coordinator.field_assignments(&m.review).unwrap();
    let names: Vec<&str> = marks[B].iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Ministry of Labour", "Ministry of Interior"]);
    assert_eq!(
        marks["objectives.5.measures"][0].id, labour,
        "round table 1 holds objective 5"
    );
    assert!(!marks.contains_key("objectives.1.measures"));
    assert_eq!(
        m.coordinator
            .assign(&m.review, &interior.id, &["section:nowhere".into()])
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    assert_eq!(
        m.coordinator
            .assign(&m.review, "Ministry of Finance", &[B.into()])
            .unwrap_err()
            .code(),
        "unknown_contributor"
    );
    assert_eq!(
        m.coordinator
            .government_contributors_text(&m.review)
            .unwrap(),
        "- Ministry of Labour\n- Ministry of Interior, Department of Immigration\n"
    );
}

#[test]
fn the_email_drafts_go_to_the_entity_and_back_to_the_coordinator() {
    let mut m = Machines::new();
    let labour = m.labour(&[B]);
    let request = m.request(&labour);
    let draft = m
        .coordinator
        .email_request("request.zip", &request)
        .unwrap();
    assert_eq!(draft.to, "labour@example.go.ke");
    let text = String::from_utf8_lossy(&draft.bytes);
    assert!(text.contains("X-Unsent: 1") && text.contains("application/zip"));
    assert!(text.contains("request.zip") && text.contains("labour@example.go.ke"));
    let ws = m.open(&request);
    m.contributor_sets(&ws, json!({ B: "x" }));
    let export = m
        .contributor
        .return_contribution(&ws, &PASSPHRASE.into(), None)
        .unwrap();
    assert!(
        export.key_created,
        "the contributor's key is made on first use"
    );
    let back = m
        .contributor
        .email_response(&ws, &export.file_name, &export.bytes)
        .unwrap();
    assert_eq!(back.to, "amina@example.go.ke");
    assert!(export
        .file_name
        .starts_with("GCM-contribution-response_KEN_ministry-of-labour_"));
}
