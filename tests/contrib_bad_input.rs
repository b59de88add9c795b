//! Bad contributions: each is refused with a one-line reason and its own code, by the preview
//! and by the merge, and the store is the same, row for row, before and after. A response for
//! another review, for a request never sent, tampered, signed with a changed key, on a base
//! the review does not have, on another template version, oversized, or in a zip with the
//! shapes the package reader refuses; a request the same way on the contributor's side; and a
//! workspace edit outside the assignment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Cursor, Read};

use common::contrib::{response_by_hand, store_dump, Machines, PASSPHRASE};
use common::rawzip::{self, End, Entry};
use gcm_review::desk::{FileKind, MergeDecision, Verdict};
use gcm_review::sign::SigningKey;
use gcm_review::template::FieldMap;
use gcm_review::Values;
use serde_json::json;

const B: &str = "objectives.6.measures";

/// A coordinator with a request to the Ministry of Labour for objective 6, its bytes.
fn setup() -> (Machines, Vec<u8>) {
    let mut m = Machines::new();
    m.coordinator_sets(json!({ B: "Labour attachés were posted." }));
    let labour = m.labour(&["objectives.6"]);
    let request = m.request(&labour);
    (m, request)
}

fn key(n: u8) -> SigningKey {
    SigningKey::from_secret_bytes(&[n; 32])
}

/// Checks that merging `bytes` is refused with `code`, in one line, by the preview, by
/// keeping and by the merge, and that the coordinator's store is unchanged.
fn refused(m: &mut Machines, bytes: &[u8], code: &str) -> String {
    let preview = m.coordinator.merge_preview(&m.review, bytes).unwrap_err();
    assert_eq!(preview.code(), code, "{preview}");
    not_applied(m, bytes, code);
    let line = preview.to_string();
    assert!(!line.contains('\n') && !line.is_empty(), "one line: {line}");
    line
}

/// Checks that keeping and merging `bytes` are refused with `code`, in one line, and that
/// the coordinator's store is unchanged.
fn not_applied(m: &mut Machines, bytes: &[u8], code: &str) -> String {
    let before = store_dump(m.coordinator_dir.path());
    let head = m.coordinator.open_review(&m.review).unwrap().version;
    let kept = m.coordinator.keep_response(&m.review, bytes).unwrap_err();
    assert_eq!(kept.code(), code, "{kept}");
    let decision = MergeDecision {
        head,
        ..Default::default()
    };
    let merged = m
        .coordinator
        .merge(&m.review, bytes, &decision)
        .unwrap_err();
    assert_eq!(merged.code(), code, "{merged}");
    assert_eq!(
        store_dump(m.coordinator_dir.path()),
        before,
        "the store is unchanged after a refused {code}"
    );
    let line = merged.to_string();
    assert!(!line.contains('\n') && !line.is_empty(), "one line: {line}");
    line
}

/// The members of a zip, in order.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

fn entries(bytes: &[u8]) -> Vec<Entry> {
    members(bytes)
        .iter()
        .map(|(n, d)| Entry::deflated(n, d))
        .collect()
}

#[test]
fn an_honest_response_made_by_hand_merges() {
    let (mut m, request) = setup();
    let response = response_by_hand(&request, json!({ B: "theirs" }), &key(1), |_| {});
    // Rebuilt by the unsafe writer, it still opens: the refusals below are the shapes'.
    let rebuilt = rawzip::write(&entries(&response));
    m.coordinator.merge_preview(&m.review, &rebuilt).unwrap();
    m.merge(&response, &[]);
}

#[test]
fn a_response_for_another_review_or_an_unknown_request_is_refused() {
    let (mut m, request) = setup();
    let other = response_by_hand(&request, json!({ B: "x" }), &key(1), |r| {
        r.review = "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90".into();
    });
    let line = refused(&mut m, &other, "wrong_review");
    assert!(line.contains("0b6f5a34"), "{line}");

    let unknown = response_by_hand(&request, json!({ B: "x" }), &key(1), |r| {
        r.request = "7e1f0c7a-0000-4000-8000-000000000000".into();
    });
    let line = refused(&mut m, &unknown, "unknown_request");
    assert!(line.contains("never sent"), "{line}");

    let stranger = response_by_hand(&request, json!({ B: "x" }), &key(1), |r| {
        r.entity.id = "ministry-of-finance".into();
        r.entity.name = "Ministry of Finance".into();
    });
    let line = refused(&mut m, &stranger, "unknown_request");
    assert!(line.contains("another entity"), "{line}");

    // A real response of one review, merged into another.
    let second = m
        .coordinator
        .create(gcm_review::NewReview {
            member_state: "KEN".into(),
            cycle: "IMRF 2030".into(),
            language: "en".into(),
        })
        .unwrap()
        .id;
    let honest = response_by_hand(&request, json!({ B: "x" }), &key(1), |_| {});
    let first = std::mem::replace(&mut m.review, second);
    refused(&mut m, &honest, "wrong_review");
    m.review = first;
}

#[test]
fn a_response_on_a_base_the_review_does_not_have_is_refused() {
    let (mut m, request) = setup();
    for base in [999, 1, 0] {
        let response = response_by_hand(&request, json!({ B: "x" }), &key(1), |r| {
            r.base_revision = base;
        });
        let line = refused(&mut m, &response, "unknown_base");
        assert!(line.contains(&format!("revision {base}")), "{line}");
    }
}

#[test]
fn a_tampered_response_is_refused() {
    let (mut m, request) = setup();
    let honest = response_by_hand(&request, json!({ B: "theirs" }), &key(1), |_| {});
    let mut parts = members(&honest);
    let content = parts
        .iter_mut()
        .find(|(n, _)| n == "response.json")
        .unwrap();
    let text = String::from_utf8(content.1.clone()).unwrap();
    content.1 = text.replace("theirs", "forged").into_bytes();
    let tampered: Vec<Entry> = parts.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
    refused(&mut m, &rawzip::write(&tampered), "hash_mismatch");

    let mut parts = members(&honest);
    let manifest = parts
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    let text = String::from_utf8(manifest.1.clone()).unwrap();
    manifest.1 = text.replacen("\"size\": ", "\"size\": 1", 1).into_bytes();
    let tampered: Vec<Entry> = parts.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
    refused(&mut m, &rawzip::write(&tampered), "mismatch");

    // A manifest signed by another key than the public key it ships with.
    let mut parts = members(&honest);
    let other = response_by_hand(&request, json!({ B: "theirs" }), &key(2), |_| {});
    let other_key = members(&other)
        .into_iter()
        .find(|(n, _)| n == "signer-key.jwk.json")
        .unwrap();
    *parts
        .iter_mut()
        .find(|(n, _)| n == "signer-key.jwk.json")
        .unwrap() = other_key;
    let swapped: Vec<Entry> = parts.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
    refused(&mut m, &rawzip::write(&swapped), "key_mismatch");
}

#[test]
fn a_response_signed_with_another_key_than_the_entitys_earlier_ones_waits_for_consent() {
    let (mut m, request) = setup();
    let ws = m.open(&request);
    m.contributor_sets(&ws, json!({ B: "first" }));
    let first = m.give_back(&ws);
    m.merge(&first, &[]);

    let impostor = response_by_hand(&request, json!({ B: "second" }), &key(7), |_| {});
    // The preview warns, naming both keys; keeping and merging are refused without consent.
    let preview = m.coordinator.merge_preview(&m.review, &impostor).unwrap();
    let warning = preview.key_change.unwrap();
    assert!(
        warning.contains(&key(7).public().fingerprint_groups()),
        "{warning}"
    );
    let line = not_applied(&mut m, &impostor, "key_changed");
    assert!(line.contains("Ministry of Labour"), "{line}");
}

#[test]
fn a_changed_key_is_merged_with_the_coordinators_consent_and_then_pinned() {
    let (mut m, request) = setup();
    let first = response_by_hand(&request, json!({ B: "first" }), &key(1), |_| {});
    m.merge(&first, &[]);
    let second = response_by_hand(
        &request,
        json!({ B: "first", "objectives.6.data": "x" }),
        &key(2),
        |_| {},
    );
    let fingerprint = key(2).public().fingerprint_groups();
    let head = m.coordinator.open_review(&m.review).unwrap().version;
    let decision = MergeDecision {
        head,
        consent: Some(fingerprint.clone()),
        ..Default::default()
    };
    m.coordinator.merge(&m.review, &second, &decision).unwrap();
    let entity = &m.coordinator.contributors(&m.review).unwrap()[0];
    assert_eq!(entity.key.as_deref(), Some(fingerprint.as_str()));
}

#[test]
fn a_response_on_another_template_version_needs_a_field_map() {
    let (mut m, request) = setup();
    let old = response_by_hand(
        &request,
        json!({ "objectives.6.actions": "from the old template" }),
        &key(1),
        |r| r.template.version = "2019.01".into(),
    );
    let line = refused(&mut m, &old, "unknown_template");
    assert!(line.contains("2019.01"), "{line}");

    let template = gcm_review::Template::builtin();
    m.coordinator.add_field_map(
        FieldMap::parse(
            &json!({
                "from": { "id": template.id, "version": "2019.01" },
                "to": { "id": template.id, "version": template.version },
                "moves": { "objectives.*.actions": "objectives.*.measures" }
            })
            .to_string(),
        )
        .unwrap(),
    );
    let preview = m.coordinator.merge_preview(&m.review, &old).unwrap();
    assert_eq!(preview.taken, [B]);
    assert_eq!(preview.moved[0].to, B);
    m.merge(&old, &[]);
    assert_eq!(
        m.coordinator.open_review(&m.review).unwrap().values[B],
        "from the old template"
    );
}

#[test]
fn an_oversized_response_is_refused_before_it_is_read() {
    let (mut m, request) = setup();
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(100 * 1024 * 1024 + 1, 0);
    refused(&mut m, &huge, "too_large");

    // A member that declares more than its kind may hold.
    let honest = response_by_hand(&request, json!({ B: "x" }), &key(1), |_| {});
    let mut shapes = entries(&honest);
    let content = shapes
        .iter_mut()
        .find(|e| e.name == b"response.json")
        .unwrap();
    content.declared_size = 40 * 1024 * 1024;
    refused(&mut m, &rawzip::write(&shapes), "member_too_large");

    // A member that expands far more than real content does.
    let bomb = vec![b' '; 8 * 1024 * 1024];
    let mut shapes = entries(&honest);
    *shapes
        .iter_mut()
        .find(|e| e.name == b"response.json")
        .unwrap() = Entry::deflated("response.json", &bomb);
    refused(&mut m, &rawzip::write(&shapes), "bomb");
}

#[test]
fn a_response_in_a_zip_the_package_reader_refuses_is_refused_alike() {
    let (mut m, request) = setup();
    let honest = response_by_hand(&request, json!({ B: "x" }), &key(1), |_| {});
    let base = entries(&honest);
    let with = |f: &dyn Fn(&mut Vec<Entry>)| {
        let mut e = base.clone();
        f(&mut e);
        rawzip::write(&e)
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            with(&|e| e.push(Entry::file("../evil.txt", b"x"))),
            "unsafe_name",
        ),
        (
            with(&|e| {
                let mut link = Entry::file("notes.txt", b"/etc/passwd");
                link.mode = 0o120777;
                e.push(link);
            }),
            "not_a_file",
        ),
        (
            with(&|e| {
                let copy = e[1].clone();
                e.push(copy);
            }),
            "duplicate_member",
        ),
        (
            with(&|e| e.push(Entry::file("extra.txt", b"x"))),
            "unexpected_member",
        ),
        (
            with(&|e| e.retain(|e| e.name != b"README.txt")),
            "missing_member",
        ),
        (
            rawzip::write_with(
                &base,
                &End {
                    comment: b"hidden".to_vec(),
                    ..End::default()
                },
            ),
            "zip_comment",
        ),
        (
            rawzip::write_with(
                &base,
                &End {
                    after_end: b"PK trailing".to_vec(),
                    ..End::default()
                },
            ),
            "trailing_bytes",
        ),
        (
            rawzip::write_with(
                &base,
                &End {
                    before_end: rawzip::zip64_locator(0),
                    ..End::default()
                },
            ),
            "zip64",
        ),
        (
            rawzip::write_with(
                &base,
                &End {
                    disk: 1,
                    ..End::default()
                },
            ),
            "multi_disk",
        ),
        (
            rawzip::write_with(
                &base,
                &End {
                    on_disk: Some(3),
                    ..End::default()
                },
            ),
            "entry_count_mismatch",
        ),
        (b"not a zip at all".to_vec(), "not_zip"),
    ];
    for (bytes, code) in cases {
        refused(&mut m, &bytes, code);
    }
}

#[test]
fn a_request_or_a_package_given_as_a_response_is_not_a_contribution() {
    let (mut m, request) = setup();
    let line = refused(&mut m, &request, "not_a_contribution");
    assert!(line.contains("request.json"), "{line}");
    m.coordinator
        .set_text(&m.review, "methodology.process", "Consulted.")
        .unwrap();
    let package = m
        .coordinator
        .package(&m.review, &PASSPHRASE.into(), &Default::default())
        .unwrap();
    refused(&mut m, &package.bytes, "not_a_contribution");
}

#[test]
fn a_hostile_or_tampered_request_creates_no_workspace() {
    let (mut m, request) = setup();
    let before = store_dump(m.contributor_dir.path());
    let mut parts = members(&request);
    let content = parts.iter_mut().find(|(n, _)| n == "request.json").unwrap();
    let text = String::from_utf8(content.1.clone()).unwrap();
    content.1 = text.replace("attachés", "forgeries").into_bytes();
    let tampered: Vec<Entry> = parts.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
    let mut traversal = entries(&request);
    traversal.push(Entry::file("../../evil", b"x"));
    for (bytes, code) in [
        (rawzip::write(&tampered), "hash_mismatch"),
        (rawzip::write(&traversal), "unsafe_name"),
        (
            response_by_hand(&request, json!({}), &key(1), |_| {}),
            "not_a_contribution",
        ),
    ] {
        let err = m.contributor.open_request(&bytes).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(store_dump(m.contributor_dir.path()), before, "{code}");
    }
}

#[test]
fn a_workspace_refuses_a_save_that_touches_a_field_not_assigned_and_keeps_nothing_of_it() {
    let (mut m, request) = setup();
    let ws = m.open(&request);
    let before = store_dump(m.contributor_dir.path());
    let head = m.contributor.open_review(&ws).unwrap().version;
    let changes: Values = serde_json::from_value(json!({
        B: "allowed",
        "cover.cycle": "IMRF 2030",
    }))
    .unwrap();
    let err = m.contributor.save(&ws, head, changes).unwrap_err();
    assert_eq!(err.code(), "not_assigned");
    assert!(err.to_string().contains("cover.cycle"), "{err}");
    assert_eq!(store_dump(m.contributor_dir.path()), before);
    assert_eq!(
        m.contributor
            .return_contribution(&m.review.clone(), &PASSPHRASE.into(), None)
            .unwrap_err()
            .code(),
        "not_a_workspace"
    );
}

#[test]
fn a_merge_confirmed_after_the_review_moved_on_is_refused_and_changes_nothing() {
    let (mut m, request) = setup();
    let response = response_by_hand(&request, json!({ B: "theirs" }), &key(1), |_| {});
    let preview = m.coordinator.merge_preview(&m.review, &response).unwrap();
    m.coordinator_sets(json!({ "means.financing": "Edited after the preview." }));
    let before = store_dump(m.coordinator_dir.path());
    let decision = MergeDecision {
        head: preview.head,
        ..Default::default()
    };
    let err = m
        .coordinator
        .merge(&m.review, &response, &decision)
        .unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");
    assert_eq!(store_dump(m.coordinator_dir.path()), before);
}

#[test]
fn restoring_a_workspace_touches_only_its_assigned_fields() {
    let (mut m, request) = setup();
    let ws = m.open(&request);
    m.contributor_sets(&ws, json!({ B: "changed" }));
    let state = m.contributor.restore(&ws, 1).unwrap();
    assert_eq!(state.values[B], "Labour attachés were posted.");
    assert_eq!(
        m.contributor
            .restore(&ws, 1)
            .map(|s| s.version)
            .unwrap_or_default(),
        state.version,
        "nothing left to restore"
    );
}

#[test]
fn verify_says_a_contribution_is_a_request_or_a_response_and_never_valid() {
    let (mut m, request) = setup();
    let workspace = m.open(&request);
    m.contributor_sets(&workspace, json!({ B: "theirs" }));
    let response = m.give_back(&workspace);
    let asked = m.coordinator.verify_file("request.zip", &request);
    assert_eq!(asked.kind, FileKind::ContributionRequest);
    assert_eq!(
        asked.verdict,
        Verdict::Invalid,
        "verify vouches for reviews and packages only"
    );
    let why = asked.reason.unwrap_or_default();
    assert!(
        why.contains("contribution request") && why.contains("open-request"),
        "{why}"
    );
    assert!(asked.fingerprint.is_some() && asked.signer.is_some());
    let answered = m.coordinator.verify_file("response.zip", &response);
    assert_eq!(answered.kind, FileKind::ContributionResponse);
    let why = answered.reason.unwrap_or_default();
    assert!(
        why.contains("contribution response") && why.contains("merge"),
        "{why}"
    );
    // A contribution that is not intact is no contribution: the package's own refusal stands.
    let mut traversal = entries(&request);
    traversal.push(Entry::file("../../evil", b"x"));
    let hostile = m
        .coordinator
        .verify_file("evil.zip", &rawzip::write(&traversal));
    assert_eq!(hostile.kind, FileKind::Package);
    assert_eq!(hostile.verdict, Verdict::Invalid);
    assert!(
        !hostile.reason.unwrap_or_default().contains("contribution"),
        "a hostile zip is not called a contribution"
    );
}
