//! Whole-of-government drafting: the three-way merge in every case, a request cut on the
//! coordinator's machine and answered from a workspace on a ministry's, merged back field by
//! field as one revision, provenance recorded, conflicts resolved then or left open.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::contrib::{response_by_hand, Machines};
use gcm_review::contrib::{open_request, three_way, Outcome};
use gcm_review::desk::{Author, ContributionState, MergeDecision, Resolution};
use gcm_review::store::RevisionKind;
use gcm_review::{Template, Values};
use serde_json::{json, Value};

fn values(v: Value) -> Values {
    serde_json::from_value(v).unwrap()
}

/// The outcome of each field of a three-way merge, by path.
fn outcomes(assigned: &[&str], base: Value, mine: Value, theirs: Value) -> Vec<(String, Outcome)> {
    let assigned: BTreeSet<String> = assigned.iter().map(|s| s.to_string()).collect();
    let merge = three_way(
        Template::builtin(),
        &assigned,
        &values(base),
        &values(mine),
        &values(theirs),
    );
    merge
        .fields
        .into_iter()
        .map(|f| (f.path, f.outcome))
        .collect()
}

const A: &str = "methodology.process";

fn marked_has(words: &[gcm_review::desk::Chunk], text: &str) -> bool {
    gcm_review::desk::marked(words).contains(text)
}
const B: &str = "objectives.6.measures";

#[test]
fn only_theirs_is_taken_only_mine_is_kept_and_nobody_changed_is_left_out() {
    let got = outcomes(
        &[A, B, "means.financing"],
        json!({ A: "base a", B: "base b", "means.financing": "same" }),
        json!({ A: "base a", B: "mine b", "means.financing": "same" }),
        json!({ A: "theirs a" }),
    );
    assert_eq!(
        got,
        [(A.into(), Outcome::Taken), (B.into(), Outcome::Kept)],
        "template order; the field nobody changed is not listed"
    );
}

#[test]
fn both_the_same_is_same_and_both_different_is_a_conflict() {
    let got = outcomes(
        &[A, B],
        json!({ A: "base", B: "base" }),
        json!({ A: "agreed", B: "mine" }),
        json!({ A: "agreed", B: "theirs" }),
    );
    assert_eq!(
        got,
        [(A.into(), Outcome::Same), (B.into(), Outcome::Conflict)]
    );
}

#[test]
fn a_field_emptied_on_either_side_is_a_change_like_any_other() {
    // Theirs emptied, mine untouched: the emptying is taken. Mine emptied, theirs untouched:
    // kept. Emptied on both: the same. Emptied by one, rewritten by the other: a conflict.
    // Blank text counts as empty.
    let got = outcomes(
        &[
            A,
            B,
            "objectives.6.challenges",
            "objectives.6.data",
            "objectives.6.good_practices",
        ],
        json!({ A: "x", B: "x", "objectives.6.challenges": "x", "objectives.6.data": "x",
                "objectives.6.good_practices": "" }),
        json!({ A: "x", B: null, "objectives.6.challenges": "   ", "objectives.6.data": "mine",
                "objectives.6.good_practices": "" }),
        json!({ A: null, "objectives.6.challenges": "", "objectives.6.data": null,
                "objectives.6.good_practices": "  " }),
    );
    let by_path: BTreeMap<String, Outcome> = got.into_iter().collect();
    assert_eq!(by_path[A], Outcome::Taken);
    assert_eq!(by_path[B], Outcome::Kept);
    assert_eq!(by_path["objectives.6.challenges"], Outcome::Same);
    assert_eq!(by_path["objectives.6.data"], Outcome::Conflict);
    assert!(
        !by_path.contains_key("objectives.6.good_practices"),
        "empty and blank are both unanswered: nobody changed it"
    );
}

#[test]
fn lists_compare_as_sets_and_tables_without_blank_rows() {
    let list = "objectives.6.principles";
    let table = "annexes.stakeholders";
    let row = |name: &str| json!({ "name": name, "category": "", "how_consulted": "", "date": "" });
    let blank = row("");
    let got = outcomes(
        &[list, table, "annexes.action_matrix"],
        json!({ list: ["human_rights", "whole_of_society"], table: [row("NHRI")],
                "annexes.action_matrix": [] }),
        json!({ list: ["whole_of_society", "human_rights"], table: [row("NHRI"), blank],
                "annexes.action_matrix": [{ "objective": "6", "action": "mine" }] }),
        json!({ list: ["human_rights"], table: [row("NHRI"), row("Unions")],
                "annexes.action_matrix": [{ "objective": "6", "action": "theirs" }] }),
    );
    assert_eq!(
        got,
        [
            (list.into(), Outcome::Taken),
            (table.into(), Outcome::Taken),
            ("annexes.action_matrix".into(), Outcome::Conflict),
        ],
        "the same options reordered and a blank row added are no change of mine"
    );
}

#[test]
fn a_field_the_response_carries_that_was_not_assigned_is_listed_never_merged() {
    let assigned: BTreeSet<String> = [A.to_string()].into();
    let merge = three_way(
        Template::builtin(),
        &assigned,
        &values(json!({})),
        &values(json!({})),
        &values(json!({ A: "theirs", "cover.cycle": "IMRF 2030", "nothing.here": "x" })),
    );
    assert_eq!(merge.fields.len(), 1);
    assert_eq!(merge.unassigned, ["cover.cycle", "nothing.here"]);
}

#[test]
fn a_request_answered_from_a_workspace_is_merged_field_by_field_as_one_revision() {
    let mut m = Machines::new();
    m.coordinator_sets(json!({
        A: "The review was coordinated by the Ministry of Foreign Affairs.",
        B: "Labour attachés were posted.",
        "objectives.6.challenges": "Data gaps.",
        "objectives.6.data": "Surveys.",
        "means.financing": "National budget.",
    }));
    let labour = m.labour(&["objectives.6", A]);
    let request = m.request(&labour);
    let request_revision = m.coordinator.open_review(&m.review).unwrap().version;

    // The contributor: only the assigned fields are editable.
    let ws = m.open(&request);
    let info = m.contributor.workspace(&ws).unwrap().unwrap();
    assert_eq!(
        info.fields.len(),
        7,
        "objective 6's six fields and one more"
    );
    assert_eq!(info.coordinator.name, "Amina Otieno");
    assert_eq!(info.due.as_deref(), Some("2099-06-30"));
    let state = m.contributor.open_review(&ws).unwrap();
    assert_eq!(
        state.values["means.financing"], "National budget.",
        "context shown"
    );
    let refused = m
        .contributor
        .set_text(&ws, "means.financing", "Changed.")
        .unwrap_err();
    assert_eq!(refused.code(), "not_assigned");
    m.contributor_sets(
        &ws,
        json!({
            B: "Labour attachés were posted in six countries.",
            "objectives.6.challenges": "Data gaps.",
            "objectives.6.data": "Labour force survey, 2025.",
            "objectives.6.good_practices": "Pre-departure training.",
        }),
    );
    m.contributor
        .set_contribution_comment(&ws, B, "Figures from the 2025 annual report.")
        .unwrap();
    assert_eq!(
        m.contributor
            .set_contribution_comment(&ws, "means.financing", "x")
            .unwrap_err()
            .code(),
        "not_assigned"
    );
    let history = m.contributor.history(&ws).unwrap();
    assert_eq!(history.len(), 2, "opened, then one edit");
    assert!(matches!(
        history.last().unwrap().kind,
        RevisionKind::OpenedRequest { .. }
    ));
    let response = m.give_back(&ws);

    // Meanwhile the coordinator edits one field of objective 6 and one of their own.
    m.coordinator_sets(json!({
        "objectives.6.data": "Administrative records.",
        "means.financing": "National budget and partners.",
    }));

    let preview = m.coordinator.merge_preview(&m.review, &response).unwrap();
    assert_eq!(preview.taken, [B, "objectives.6.good_practices"]);
    assert_eq!(preview.conflicts, ["objectives.6.data"]);
    assert!(preview.kept.is_empty() && preview.same.is_empty());
    assert_eq!(preview.base_revision, request_revision);
    assert_eq!(preview.entity_name, "Ministry of Labour");
    let measures = preview.fields.iter().find(|f| f.path == B).unwrap();
    assert_eq!(
        measures.comment.as_deref(),
        Some("Figures from the 2025 annual report.")
    );
    assert!(
        measures.words.is_empty(),
        "a taken field is compared when shown"
    );
    let shown = m
        .coordinator
        .compare_answers(B, measures.base.as_ref(), measures.theirs.as_ref())
        .unwrap();
    assert!(shown.words.iter().any(|c| c.text.contains("six")));
    let conflict = preview
        .fields
        .iter()
        .find(|f| f.path == "objectives.6.data")
        .unwrap();
    assert!(marked_has(&conflict.words, "[-Administrative records.-]"));
    assert_eq!(
        m.coordinator.open_review(&m.review).unwrap().version,
        preview.head,
        "the preview changes nothing"
    );

    let outcome = m.merge(&response, &[]);
    assert_eq!(outcome.revision, preview.head + 1);
    assert_eq!(outcome.open, ["objectives.6.data"]);
    let now = m.coordinator.open_review(&m.review).unwrap().values;
    assert_eq!(now[B], "Labour attachés were posted in six countries.");
    assert_eq!(
        now["objectives.6.data"], "Administrative records.",
        "mine until resolved"
    );
    assert_eq!(now["means.financing"], "National budget and partners.");

    let newest = &m.coordinator.history(&m.review).unwrap()[0];
    assert_eq!(
        newest.kind,
        RevisionKind::Merge {
            entity: "Ministry of Labour".into(),
            request: preview.request.clone(),
            provenance: None,
        }
    );
    assert_eq!(newest.paths, ["objectives.6.good_practices", B], "by path");

    let status = m.coordinator.contribution_status(&m.review).unwrap();
    assert_eq!(status.entities[0].state, ContributionState::ConflictsOpen);
    assert_eq!(status.open_conflicts, 1);
}

#[test]
fn provenance_names_the_entity_until_the_coordinator_rewrites_the_field() {
    let mut m = Machines::new();
    m.coordinator_sets(json!({ A: "Coordinated.", B: "Old measures." }));
    let labour = m.labour(&[B]);
    let request = m.request(&labour);
    let ws = m.open(&request);
    m.contributor_sets(&ws, json!({ B: "New measures from Labour." }));
    let response = m.give_back(&ws);
    let merged = m.merge(&response, &[]).revision;

    let provenance = m.coordinator.provenance(&m.review).unwrap();
    assert_eq!(provenance[A].author, Author::Coordinator);
    match &provenance[B].author {
        Author::Entity { id, name, .. } => {
            assert_eq!(
                (id.as_str(), name.as_str()),
                (labour.as_str(), "Ministry of Labour")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(provenance[B].revision, merged);

    // The comparison says who changed what.
    let diffs = m.coordinator.compare_authors(&m.review, 2, merged).unwrap();
    assert_eq!(diffs.len(), 1);
    assert!(matches!(diffs[0].changed_by, Author::Entity { .. }));

    // A restore of the merged text still names the entity; an edit names the coordinator.
    m.coordinator_sets(json!({ B: "Rewritten by the coordinator." }));
    assert_eq!(
        m.coordinator.provenance(&m.review).unwrap()[B].author,
        Author::Coordinator
    );
    m.coordinator.restore(&m.review, merged).unwrap();
    assert!(matches!(
        m.coordinator.provenance(&m.review).unwrap()[B].author,
        Author::Entity { .. }
    ));

    // Provenance never enters the document that is signed.
    let document = serde_json::to_string(&m.coordinator.document(&m.review).unwrap()).unwrap();
    assert!(!document.contains("Ministry of Labour") && !document.contains(&labour));
    // Unless the coordinator lists the contributors in the methodology field.
    assert_eq!(
        m.coordinator
            .government_contributors_text(&m.review)
            .unwrap(),
        "- Ministry of Labour\n"
    );
}

#[test]
fn conflicts_are_resolved_by_taking_theirs_keeping_mine_or_editing_both() {
    let mut m = Machines::new();
    let c = "objectives.6.challenges";
    let d = "objectives.6.data";
    m.coordinator_sets(json!({ A: "base a", B: "base b", c: "base c", d: "base d" }));
    let labour = m.labour(&[A, "objectives.6"]);
    let request = m.request(&labour);
    let ws = m.open(&request);
    m.contributor_sets(
        &ws,
        json!({ A: "theirs a", B: "theirs b", c: "theirs c", d: "theirs d" }),
    );
    let response = m.give_back(&ws);
    m.coordinator_sets(json!({ A: "mine a", B: "mine b", c: "mine c", d: "mine d" }));

    let both = json!("mine b, with theirs b");
    let outcome = m.merge(
        &response,
        &[
            (A, Resolution::Theirs),
            (
                B,
                Resolution::Both {
                    value: both.clone(),
                },
            ),
            (c, Resolution::Mine),
        ],
    );
    assert_eq!(outcome.taken, [A]);
    assert_eq!(outcome.resolved.len(), 3);
    assert_eq!(outcome.open, [d]);
    let now = m.coordinator.open_review(&m.review).unwrap().values;
    assert_eq!(
        (&now[A], &now[B], &now[c]),
        (&json!("theirs a"), &both, &json!("mine c"))
    );
    let provenance = m.coordinator.provenance(&m.review).unwrap();
    assert!(matches!(provenance[A].author, Author::Entity { .. }));
    assert_eq!(
        provenance[B].author,
        Author::Coordinator,
        "an edit of both is the coordinator's"
    );

    // The conflict left open stays listed until it is resolved, here by taking theirs.
    let open = m.coordinator.open_conflicts(&m.review).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].path.as_str(), open[0].entity_name.as_str()),
        (d, "Ministry of Labour")
    );
    assert_eq!(open[0].theirs, Some(json!("theirs d")));
    assert_eq!(open[0].mine, Some(json!("mine d")));
    assert!(!open[0].words.is_empty());
    let resolved = m
        .coordinator
        .resolve_conflicts(&m.review, &[(open[0].id, Resolution::Theirs)].into())
        .unwrap();
    assert_eq!(resolved.resolved, [d]);
    assert!(m.coordinator.open_conflicts(&m.review).unwrap().is_empty());
    assert_eq!(
        m.coordinator.open_review(&m.review).unwrap().values[d],
        "theirs d"
    );
    assert!(matches!(
        m.coordinator.history(&m.review).unwrap()[0].kind,
        RevisionKind::Resolve { .. }
    ));
    let status = m.coordinator.contribution_status(&m.review).unwrap();
    assert_eq!(status.entities[0].state, ContributionState::Merged);
}

#[test]
fn a_second_response_to_the_same_request_is_merged_against_the_same_base() {
    let mut m = Machines::new();
    m.coordinator_sets(json!({ B: "base" }));
    let labour = m.labour(&[B, A]);
    let request = m.request(&labour);
    let ws = m.open(&request);
    m.contributor_sets(&ws, json!({ B: "first draft" }));
    let first = m.give_back(&ws);
    m.merge(&first, &[]);

    // The entity rewrites its own text: taken, not a conflict with itself.
    m.contributor_sets(
        &ws,
        json!({ B: "second draft", A: "methodology from Labour" }),
    );
    let second = m.give_back(&ws);
    let preview = m.coordinator.merge_preview(&m.review, &second).unwrap();
    assert_eq!(
        preview.base_revision,
        open_request(&request).unwrap().request.review.revision
    );
    assert_eq!(preview.taken, [A, B]);
    assert!(preview.conflicts.is_empty());
    m.merge(&second, &[]);
    assert_eq!(
        m.coordinator.open_review(&m.review).unwrap().values[B],
        "second draft"
    );

    // The same file again is refused: it was merged.
    let again = m.coordinator.merge_preview(&m.review, &second).unwrap();
    assert!(again.merged_before.is_some());
    let decision = MergeDecision {
        head: again.head,
        ..Default::default()
    };
    let err = m
        .coordinator
        .merge(&m.review, &second, &decision)
        .unwrap_err();
    assert_eq!(err.code(), "already_imported");
    assert!(
        err.to_string().contains("merged before, as revision"),
        "{err}"
    );
}

#[test]
fn a_response_to_a_superseded_request_says_so_and_merges_against_its_own_base() {
    let mut m = Machines::new();
    m.coordinator_sets(json!({ B: "base" }));
    let labour = m.labour(&[B]);
    let old = m.request(&labour);
    m.coordinator_sets(json!({ B: "coordinator's rewrite" }));
    let newer = m.request(&labour);
    let newer_id = open_request(&newer).unwrap().request.id;
    assert_eq!(
        open_request(&newer).unwrap().request.supersedes,
        Some(open_request(&old).unwrap().request.id)
    );
    let ws = m.open(&old);
    m.contributor_sets(&ws, json!({ B: "answer to the old request" }));
    let response = m.give_back(&ws);
    let preview = m.coordinator.merge_preview(&m.review, &response).unwrap();
    assert_eq!(preview.superseded_by.as_deref(), Some(newer_id.as_str()));
    assert_eq!(
        preview.conflicts,
        [B],
        "against the old base, both changed it"
    );
}

#[test]
fn a_hand_made_response_with_an_unassigned_field_merges_only_the_assigned_one() {
    let mut m = Machines::new();
    let labour = m.labour(&[B]);
    let request = m.request(&labour);
    let key = gcm_review::sign::SigningKey::from_secret_bytes(&[9; 32]);
    let response = response_by_hand(
        &request,
        json!({ B: "theirs", "cover.cycle": "IMRF 2030" }),
        &key,
        |_| {},
    );
    let preview = m.coordinator.merge_preview(&m.review, &response).unwrap();
    assert_eq!(preview.unassigned, ["cover.cycle"]);
    let outcome = m.merge(&response, &[]);
    assert_eq!(outcome.unassigned, ["cover.cycle"]);
    let now = m.coordinator.open_review(&m.review).unwrap().values;
    assert_eq!(now["cover.cycle"], "IMRF 2026");
    assert_eq!(now[B], "theirs");
}
