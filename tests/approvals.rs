//! The sign-off of a review: the entities that must approve, approvals recorded against an
//! exact text (signed on paper, by email, or in the app with a signed approval file verified
//! under the trust rules), stale approvals after an edit (and after a restore of the approved
//! text), and final as the coordinator's decision that exports and the PDF follow.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use gcm_review::desk::{
    ApprovalMethod, Attachment, EntityState, KeyTrust, NewApproval, NewSignoffEntity, PdfOptions,
};
use gcm_review::sign::{sign_approval, Approval, Approver, KdfParams, Signer, SigningKey, Status};
use gcm_review::{Desk, DeskError};
use serde_json::{json, Value};
use tempfile::TempDir;

const PASSPHRASE: &str = "correct horse battery staple";

fn signer(name: &str, ministry: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Permanent Secretary".into(),
        ministry: ministry.into(),
        email: "ps@example.go.ke".into(),
    }
}

fn desk(dir: &Path, who: &Signer) -> Desk {
    let mut desk = Desk::open(dir).unwrap();
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
    desk.set_signer(who).unwrap();
    desk
}

/// The coordinator's desk with a review and a sign-off list of Labour and Health; the id.
fn coordinator(dir: &Path) -> (Desk, String) {
    let mut desk = desk(dir, &signer("Amina Otieno", "Ministry of Interior"));
    let id = common::new_review(&mut desk);
    desk.set_text(&id, "methodology.process", "We consulted ten ministries.")
        .unwrap();
    for (entity, approver) in [
        ("Ministry of Labour", "Grace Njeri"),
        ("Ministry of Health", "Peter Kamau"),
    ] {
        desk.add_signoff_entity(
            &id,
            &NewSignoffEntity {
                entity: entity.into(),
                approver: approver.into(),
                title: "Permanent Secretary".into(),
            },
        )
        .unwrap();
    }
    (desk, id)
}

fn paper(entity: &str) -> NewApproval {
    NewApproval {
        entity: entity.into(),
        method: ApprovalMethod::Paper,
        approver: None,
        title: None,
        date: Some("2026-03-02".into()),
        revision: None,
        fingerprint: None,
        attachment: None,
    }
}

fn code(e: DeskError) -> &'static str {
    e.code().as_str()
}

#[test]
fn the_sign_off_list_names_each_entity_once() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    let list = desk.signoff_list(&id).unwrap();
    let names: Vec<&str> = list.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(names, ["Ministry of Labour", "Ministry of Health"]);
    assert_eq!(list[0].approver, "Grace Njeri");
    let again = NewSignoffEntity {
        entity: "ministry of LABOUR ".into(),
        ..Default::default()
    };
    assert_eq!(
        code(desk.add_signoff_entity(&id, &again).unwrap_err()),
        "entity_exists"
    );
    let empty = NewSignoffEntity::default();
    assert_eq!(
        code(desk.add_signoff_entity(&id, &empty).unwrap_err()),
        "invalid_input"
    );
    assert_eq!(
        code(
            desk.record_approval(&id, &paper("Ministry of Finance"))
                .unwrap_err()
        ),
        "entity_not_found"
    );
    let status = desk.signoff_status(&id).unwrap();
    assert_eq!((status.required, status.outstanding), (2, 2));
    assert_eq!(status.summary, "0 of 2 approved");
}

#[test]
fn an_edit_makes_an_approval_stale_and_a_restore_of_the_approved_text_does_not() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    let approved_at = desk.open_review(&id).unwrap().version;
    let fingerprint = desk.signoff_status(&id).unwrap().fingerprint;
    let labour = desk
        .record_approval(&id, &paper("ministry of labour"))
        .unwrap();
    assert_eq!(labour.entity, "Ministry of Labour");
    assert_eq!(
        labour.record.approver, "Grace Njeri",
        "the approver the list names"
    );
    assert_eq!(
        (labour.record.revision, labour.record.fingerprint.as_str()),
        (approved_at, fingerprint.as_str())
    );
    assert!(!labour.stale && labour.matches_current);
    let status = desk.signoff_status(&id).unwrap();
    assert_eq!(status.summary, "1 of 2 approved");
    assert_eq!(status.entities[0].state, EntityState::Approved);
    assert_eq!(status.entities[1].state, EntityState::Outstanding);

    // An edit after the approval: stale, with what changed since.
    desk.set_text(
        &id,
        "methodology.process",
        "We consulted twelve ministries.",
    )
    .unwrap();
    let status = desk.signoff_status(&id).unwrap();
    assert_eq!(status.summary, "0 of 2 approved, 1 stale");
    assert_eq!((status.stale, status.outstanding), (1, 1));
    let entity = &status.entities[0];
    assert_eq!(entity.state, EntityState::Stale);
    let approval = entity.approval.as_ref().unwrap();
    assert!(approval.stale && !approval.matches_current);
    assert_eq!(approval.changed, ["methodology.process"]);
    let changes = desk
        .changes_since_approval(&id, &approval.record.id)
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].path, "methodology.process");
    assert_eq!(
        changes[0].before,
        Some(json!("We consulted ten ministries."))
    );
    assert_eq!(
        changes[0].after,
        Some(json!("We consulted twelve ministries."))
    );

    // A restore that brings back the approved text: the approval holds again, although the
    // revision (and so the document's fingerprint) is a new one.
    desk.restore(&id, approved_at).unwrap();
    let status = desk.signoff_status(&id).unwrap();
    assert_eq!(status.summary, "1 of 2 approved");
    let approval = status.entities[0].approval.as_ref().unwrap();
    assert!(!approval.stale && approval.changed.is_empty());
    assert!(
        !approval.matches_current,
        "a new revision has a new fingerprint"
    );
    assert_ne!(status.fingerprint, approval.record.fingerprint);
    assert_eq!(status.head, approved_at + 2);

    // A restore of another text after it: stale again.
    desk.restore(&id, approved_at - 1).unwrap();
    assert_eq!(desk.signoff_status(&id).unwrap().stale, 1);
}

#[test]
fn a_paper_approval_names_its_text_by_revision_or_by_the_fingerprint_in_the_footer() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    let printed = desk.open_review(&id).unwrap().version;
    let footer = desk.signoff_status(&id).unwrap().fingerprint[..16].to_string();
    desk.set_text(
        &id,
        "methodology.process",
        "We consulted twelve ministries.",
    )
    .unwrap();

    // The 16 digits of the footer, with spaces or in capitals, find the revision printed.
    let mut by_footer = paper("Ministry of Health");
    by_footer.fingerprint = Some(format!(" {} ", footer.to_uppercase()));
    by_footer.method = ApprovalMethod::Email;
    by_footer.approver = Some("Mary Wambui".into());
    by_footer.title = Some("Acting Permanent Secretary".into());
    let health = desk.record_approval(&id, &by_footer).unwrap();
    assert_eq!(health.record.revision, printed);
    assert_eq!(health.record.method, ApprovalMethod::Email);
    assert_eq!(health.record.approver, "Mary Wambui");
    assert!(health.stale, "the text changed since the paper was printed");

    let mut wrong = paper("Ministry of Labour");
    wrong.fingerprint = Some("0123456789abcdef".into());
    assert_eq!(
        code(desk.record_approval(&id, &wrong).unwrap_err()),
        "approval_mismatch"
    );
    let mut disagree = paper("Ministry of Labour");
    disagree.revision = Some(printed + 1);
    disagree.fingerprint = Some(footer.clone());
    assert_eq!(
        code(desk.record_approval(&id, &disagree).unwrap_err()),
        "approval_mismatch"
    );
    let mut short = paper("Ministry of Labour");
    short.fingerprint = Some(footer[..8].to_string());
    assert_eq!(
        code(desk.record_approval(&id, &short).unwrap_err()),
        "invalid_input"
    );
    let mut later = paper("Ministry of Labour");
    later.revision = Some(99);
    assert_eq!(
        code(desk.record_approval(&id, &later).unwrap_err()),
        "not_found"
    );
    let mut date = paper("Ministry of Labour");
    date.date = Some("2 March".into());
    assert_eq!(
        code(desk.record_approval(&id, &date).unwrap_err()),
        "invalid_input"
    );
    let mut app = paper("Ministry of Labour");
    app.method = ApprovalMethod::App;
    assert_eq!(
        code(desk.record_approval(&id, &app).unwrap_err()),
        "invalid_input"
    );
    assert_eq!(
        desk.approvals(&id).unwrap().len(),
        1,
        "only the good one recorded"
    );
}

#[test]
fn the_scanned_page_is_kept_in_the_store_and_anything_else_is_refused() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    let scan = b"%PDF-1.7\n% a scanned sign-off sheet\n".to_vec();
    let mut with_scan = paper("Ministry of Labour");
    with_scan.attachment = Some(Attachment {
        name: "/home/amina/Scans/labour signed.pdf".into(),
        bytes: scan.clone(),
    });
    let recorded = desk.record_approval(&id, &with_scan).unwrap();
    let kept = recorded.record.attachment.clone().unwrap();
    assert_eq!(kept.name, "labour signed.pdf", "no folder is kept");
    assert_eq!(kept.media_type, "application/pdf");
    let file = desk.approval_attachment(&id, &recorded.record.id).unwrap();
    assert_eq!(file.bytes, scan);
    let png = b"\x89PNG\r\n\x1a\n....".to_vec();
    with_scan.attachment = Some(Attachment {
        name: "page.png".into(),
        bytes: png,
    });
    assert_eq!(
        desk.record_approval(&id, &with_scan)
            .unwrap()
            .record
            .attachment
            .unwrap()
            .media_type,
        "image/png"
    );

    with_scan.attachment = Some(Attachment {
        name: "page.docx".into(),
        bytes: b"PK\x03\x04 a word file".to_vec(),
    });
    assert_eq!(
        code(desk.record_approval(&id, &with_scan).unwrap_err()),
        "bad_attachment"
    );
    with_scan.attachment = Some(Attachment {
        name: "huge.pdf".into(),
        bytes: [
            b"%PDF-".as_slice(),
            &vec![0; gcm_review::desk::MAX_ATTACHMENT_BYTES],
        ]
        .concat(),
    });
    assert_eq!(
        code(desk.record_approval(&id, &with_scan).unwrap_err()),
        "bad_attachment"
    );
    assert_eq!(
        code(
            desk.approval_attachment(&id, "no-such-approval")
                .unwrap_err()
        ),
        "approval_not_found"
    );
    assert_eq!(desk.approvals(&id).unwrap().len(), 2);
}

/// The approver's machine: a key, a signer at the Ministry of Labour.
fn approver(dir: &Path) -> Desk {
    let mut desk = desk(dir, &signer("Grace Njeri", "Ministry of Labour"));
    desk.create_key(&PASSPHRASE.into()).unwrap();
    desk
}

/// The coordinator's circulated draft: the review signed with the coordinator's key.
fn circulated(desk: &mut Desk, id: &str) -> Vec<u8> {
    if desk.keys().unwrap().is_empty() {
        desk.create_key(&PASSPHRASE.into()).unwrap();
    }
    desk.export_json(id, Some(&PASSPHRASE.into()))
        .unwrap()
        .bytes
}

#[test]
fn an_approval_given_in_the_app_is_verified_under_the_trust_rules() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (mut coordinator, id) = coordinator(a.path());
    let draft = circulated(&mut coordinator, &id);
    let grace = approver(b.path());
    let made = grace
        .make_approval(&draft, None, &PASSPHRASE.into())
        .unwrap();
    assert_eq!(made.entity, "Ministry of Labour", "the signer's ministry");
    assert_eq!(made.review, id);
    assert_eq!(
        made.fingerprint,
        coordinator.signoff_status(&id).unwrap().fingerprint
    );
    assert!(made.file_name.starts_with("GCM-approval_KEN_IMRF-2026_"));
    assert!(made.file_name.ends_with(".approval.json"));
    assert!(
        made.verification.is_some(),
        "the draft's signature was checked"
    );

    // A key never met here: refused until the user confirms, with the store unchanged.
    let check = coordinator.check_approval_file(&id, &made.bytes).unwrap();
    assert_eq!(check.key_trust, KeyTrust::New);
    let consent = check.consent.clone().unwrap();
    assert!(
        consent.message.contains(&check.key_fingerprint),
        "{}",
        consent.message
    );
    let refused = coordinator
        .record_approval_file(&id, "labour.approval.json", &made.bytes, None)
        .unwrap_err();
    assert_eq!(code(refused), "needs_consent");
    assert!(coordinator.approvals(&id).unwrap().is_empty());
    assert!(
        coordinator.known_keys().unwrap().is_empty(),
        "nothing remembered"
    );

    // Trusted after checking its fingerprint: recorded without a question.
    let public = serde_json::to_vec(&grace.public_key().unwrap()).unwrap();
    coordinator.import_public_key(&public).unwrap();
    coordinator.trust_key(&check.key_fingerprint, true).unwrap();
    let recorded = coordinator
        .record_approval_file(&id, "../labour.approval.json", &made.bytes, None)
        .unwrap();
    assert_eq!(recorded.record.method, ApprovalMethod::App);
    assert_eq!(recorded.record.kid.as_deref(), Some(check.kid.as_str()));
    assert_eq!(recorded.key_trust, Some(KeyTrust::Trusted));
    assert_eq!(recorded.record.approver, "Grace Njeri");
    assert!(!recorded.stale);
    let kept = coordinator
        .approval_attachment(&id, &recorded.record.id)
        .unwrap();
    assert_eq!(kept.bytes, made.bytes, "the signed file is kept");
    assert_eq!(kept.name, "labour.approval.json");
    // The same file twice is one approval.
    let again = coordinator
        .record_approval_file(&id, "labour.approval.json", &made.bytes, None)
        .unwrap();
    assert_eq!(again.record.id, recorded.record.id);
    assert_eq!(coordinator.approvals(&id).unwrap().len(), 1);
    assert_eq!(
        coordinator.signoff_status(&id).unwrap().summary,
        "1 of 2 approved"
    );
}

#[test]
fn an_untrusted_approval_is_recorded_only_with_consent_and_a_new_key_is_called_out() {
    let (a, b, c) = (
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
        TempDir::new().unwrap(),
    );
    let (mut coordinator, id) = coordinator(a.path());
    let draft = circulated(&mut coordinator, &id);
    let made = approver(b.path())
        .make_approval(&draft, None, &PASSPHRASE.into())
        .unwrap();
    let check = coordinator.check_approval_file(&id, &made.bytes).unwrap();
    let token = check.consent.unwrap().token;
    assert_eq!(
        code(
            coordinator
                .record_approval_file(&id, "a.json", &made.bytes, Some("another token"))
                .unwrap_err()
        ),
        "needs_consent"
    );
    let recorded = coordinator
        .record_approval_file(&id, "a.json", &made.bytes, Some(&token))
        .unwrap();
    assert_eq!(
        recorded.key_trust,
        Some(KeyTrust::Seen),
        "remembered, not trusted"
    );

    // The same entity, another key that the first did not endorse: called out by name.
    let other = approver(c.path())
        .make_approval(&draft, Some("Ministry of Labour"), &PASSPHRASE.into())
        .unwrap();
    let check = coordinator.check_approval_file(&id, &other.bytes).unwrap();
    let consent = check.consent.unwrap();
    assert!(
        consent
            .message
            .contains("earlier approvals were signed with key"),
        "{}",
        consent.message
    );
    assert_eq!(consent.pinned, [recorded.key_fingerprint.clone().unwrap()]);
}

/// `file` with its `approval` changed by `change`, signature kept.
fn altered(file: &[u8], change: impl Fn(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(file).unwrap();
    change(&mut value["approval"]);
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn approval_files_that_do_not_hold_are_refused_and_nothing_is_recorded() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (mut coordinator, id) = coordinator(a.path());
    let draft = circulated(&mut coordinator, &id);
    let made = approver(b.path())
        .make_approval(&draft, None, &PASSPHRASE.into())
        .unwrap();
    let refused =
        |desk: &Desk, bytes: &[u8]| code(desk.check_approval_file(&id, bytes).unwrap_err());

    // Tampered: another revision, entity or fingerprint under the same signature.
    let tampered = altered(&made.bytes, |a| a["entity"] = json!("Ministry of Health"));
    assert_eq!(refused(&coordinator, &tampered), "mismatch");
    let tampered = altered(&made.bytes, |a| a["revision"] = json!(1));
    assert_eq!(refused(&coordinator, &tampered), "mismatch");
    let extra = altered(&made.bytes, |a| a["note"] = json!("also approved"));
    assert_eq!(refused(&coordinator, &extra), "mismatch");

    // Signed honestly, but of another text: the fingerprint is not that of the revision.
    let key = SigningKey::generate().unwrap();
    let honest = |fingerprint: String, review: &str, revision: u64, entity: &str| {
        sign_approval(
            &Approval {
                review: review.into(),
                revision,
                fingerprint,
                entity: entity.into(),
                approver: Approver {
                    name: "Grace Njeri".into(),
                    title: "Permanent Secretary".into(),
                    email: String::new(),
                },
                date: "2026-03-02T09:30:00Z".into(),
            },
            &key,
        )
        .unwrap()
        .file
    };
    let head = coordinator.open_review(&id).unwrap().version;
    let fingerprint = coordinator.signoff_status(&id).unwrap().fingerprint;
    let wrong = honest("ab".repeat(32), &id, head, "Ministry of Labour");
    assert_eq!(refused(&coordinator, &wrong), "approval_mismatch");
    let earlier = honest(fingerprint.clone(), &id, head - 1, "Ministry of Labour");
    assert_eq!(refused(&coordinator, &earlier), "approval_mismatch");
    let missing = honest(fingerprint.clone(), &id, head + 5, "Ministry of Labour");
    assert_eq!(refused(&coordinator, &missing), "approval_mismatch");
    let elsewhere = honest(
        fingerprint.clone(),
        "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90",
        head,
        "Ministry of Labour",
    );
    assert_eq!(refused(&coordinator, &elsewhere), "approval_mismatch");
    let stranger = honest(fingerprint.clone(), &id, head, "Ministry of Finance");
    assert_eq!(refused(&coordinator, &stranger), "entity_not_found");
    assert!(coordinator
        .check_approval_file(&id, &honest(fingerprint, &id, head, "Ministry of Health"))
        .is_ok());

    // Not an approval at all: a signed review, something else, something huge.
    assert_eq!(refused(&coordinator, &draft), "not_an_approval");
    assert_eq!(refused(&coordinator, b"{\"format\": 1}"), "not_an_approval");
    assert_eq!(refused(&coordinator, b"not json"), "not_json");
    assert_eq!(refused(&coordinator, &vec![b' '; 65 * 1024]), "too_large");
    let mut future: Value = serde_json::from_slice(&made.bytes).unwrap();
    future["format"] = json!("gcm-review-approval/2");
    assert_eq!(
        refused(&coordinator, &serde_json::to_vec(&future).unwrap()),
        "unknown_format"
    );
    let mut retyped: Value = serde_json::from_slice(&made.bytes).unwrap();
    retyped["signature"]["protected"] =
        serde_json::from_slice::<Value>(&draft).unwrap()["signature"]["protected"].clone();
    assert_eq!(
        refused(&coordinator, &serde_json::to_vec(&retyped).unwrap()),
        "wrong_type"
    );

    assert!(coordinator.approvals(&id).unwrap().is_empty());
    assert_eq!(
        code(
            coordinator
                .record_approval_file(&id, "x.json", &tampered, None)
                .unwrap_err()
        ),
        "mismatch"
    );
    assert!(coordinator.approvals(&id).unwrap().is_empty());
}

#[test]
fn final_is_the_coordinators_decision_and_any_edit_returns_it_to_draft() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    desk.create_key(&PASSPHRASE.into()).unwrap();
    assert_eq!(code(desk.finalize(&id, true).unwrap_err()), "not_ready");

    common::complete(&mut desk, &id);
    let check = desk.export_check(&id).unwrap();
    assert!(!check.iter().any(|d| d.blocks_final), "{check:?}");
    let codes: Vec<&str> = check.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["approval_outstanding", "approval_outstanding", "not_final"]
    );
    // A clean check no longer makes a review final by itself.
    let export = desk.export_json(&id, Some(&PASSPHRASE.into())).unwrap();
    assert_eq!(export.status, Status::Draft);

    desk.record_approval(&id, &paper("Ministry of Labour"))
        .unwrap();
    let pending = desk.finalize(&id, false).unwrap_err();
    assert_eq!(pending.code().as_str(), "approvals_pending");
    assert_eq!(
        pending.details(),
        json!({ "outstanding": ["Ministry of Health"], "stale": [] })
    );
    assert!(desk.final_decision(&id).unwrap().is_none());

    let decision = desk.finalize(&id, true).unwrap();
    let head = desk.open_review(&id).unwrap().version;
    assert_eq!(decision.revision, head);
    assert_eq!(decision.decided_by, "Amina Otieno");
    assert_eq!(
        decision.accepted,
        ["Ministry of Health has not approved the review yet"]
    );
    let label = format!("final, by Amina Otieno on {}", &decision.decided_at[..10]);
    assert_eq!(desk.history(&id).unwrap()[0].milestones, [label]);
    assert_eq!(desk.finalize(&id, true).unwrap(), decision, "decided once");
    assert_eq!(desk.history(&id).unwrap()[0].milestones.len(), 1);
    let codes: Vec<&str> = desk
        .export_check(&id)
        .unwrap()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["approval_outstanding"], "a warning, not a refusal");
    assert_eq!(
        desk.export_json(&id, Some(&PASSPHRASE.into()))
            .unwrap()
            .status,
        Status::Final
    );
    let package = desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    assert_eq!(package.status, Status::Final);
    assert_eq!(
        desk.signoff_status(&id).unwrap().final_decision,
        Some(decision.clone())
    );

    // An edit: a draft again, with the notice on the save that did it, and only that one.
    let base = desk.open_review(&id).unwrap().version;
    let saved = desk
        .save(
            &id,
            base,
            [(
                "methodology.process".to_string(),
                json!("Twelve ministries."),
            )]
            .into(),
        )
        .unwrap();
    assert_eq!(saved.left_final, Some(decision.clone()));
    let next = desk
        .save(
            &id,
            saved.version,
            [("methodology.process".to_string(), json!("Twelve."))].into(),
        )
        .unwrap();
    assert_eq!(next.left_final, None);
    let unchanged = desk
        .save(
            &id,
            next.version,
            [("methodology.process".to_string(), json!("Twelve."))].into(),
        )
        .unwrap();
    assert_eq!(unchanged.left_final, None, "a save that changes nothing");
    assert!(desk.final_decision(&id).unwrap().is_none());
    let status = desk.signoff_status(&id).unwrap();
    assert!(status.final_decision.is_none());
    assert_eq!(status.last_final_decision, Some(decision.clone()));
    assert_eq!(
        desk.export_json(&id, Some(&PASSPHRASE.into()))
            .unwrap()
            .status,
        Status::Draft
    );
    let codes: Vec<&str> = desk
        .export_check(&id)
        .unwrap()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        ["approval_stale", "approval_outstanding", "not_final"]
    );

    // A restore of the revision marked final is a new revision: a draft until marked again.
    desk.restore(&id, decision.revision).unwrap();
    assert!(desk.final_decision(&id).unwrap().is_none());
    assert_eq!(
        desk.export_json(&id, Some(&PASSPHRASE.into()))
            .unwrap()
            .status,
        Status::Draft
    );
    assert_eq!(
        desk.signoff_status(&id).unwrap().stale,
        0,
        "the approved text is back"
    );
}

fn pdf_text(dir: &Path, name: &str, pdf: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to check what a PDF says");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// How many content streams fill the DRAFT mark's light grey.
fn draft_marks(pdf: &[u8]) -> usize {
    let mut count = 0;
    let mut at = 0;
    while let Some(start) = find(pdf, b"stream\n", at) {
        let Some(end) = find(pdf, b"endstream", start) else {
            break;
        };
        let raw = &pdf[start + 7..end];
        let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
        let inflated = miniz_oxide::inflate::decompress_to_vec_zlib(raw).unwrap_or_default();
        if String::from_utf8_lossy(&inflated).contains("0.88 g") {
            count += 1;
        }
        at = end;
    }
    count
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[test]
fn the_sheet_shows_the_approvals_and_the_draft_mark_follows_the_decision() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(&dir.path().join("data"));
    common::complete(&mut desk, &id);
    let approved = desk.signoff_status(&id).unwrap().fingerprint;
    let mut labour = paper("Ministry of Labour");
    labour.title = Some("Principal Secretary".into());
    desk.record_approval(&id, &labour).unwrap();

    let pdf = desk.export_pdf(&id, &PdfOptions::default()).unwrap();
    let text = pdf_text(dir.path(), "a.pdf", &pdf);
    assert!(text.contains("Status: DRAFT"), "not marked final yet");
    assert!(draft_marks(&pdf) > 0);
    let sheet = &text[text.rfind("Sign-off sheet").unwrap()..];
    assert!(sheet.contains("Approvals recorded"), "{sheet}");
    assert!(sheet.contains("Ministry of Labour"));
    assert!(
        sheet.contains("Grace Njeri, Principal Secretary"),
        "{sheet}"
    );
    assert!(
        sheet.contains("2026-03-02 · How: signed on paper"),
        "{sheet}"
    );
    assert!(sheet.contains(&approved), "the whole fingerprint approved");
    assert!(!sheet.contains("STALE"));
    let awaiting = &sheet[sheet.find("Awaiting approval of this text").unwrap()..];
    assert!(awaiting.contains("Ministry of Health") && awaiting.contains("Peter Kamau"));
    assert!(
        !awaiting.contains("Ministry of Labour"),
        "approved: no blank block"
    );

    desk.finalize(&id, true).unwrap();
    let pdf = desk.export_pdf(&id, &PdfOptions::default()).unwrap();
    let text = pdf_text(dir.path(), "b.pdf", &pdf);
    assert!(text.contains("Status: FINAL"));
    assert_eq!(
        draft_marks(&pdf),
        0,
        "no DRAFT mark on a revision marked final"
    );

    desk.set_text(
        &id,
        "methodology.process",
        "We consulted twelve ministries.",
    )
    .unwrap();
    let pdf = desk.export_pdf(&id, &PdfOptions::default()).unwrap();
    let text = pdf_text(dir.path(), "c.pdf", &pdf);
    assert!(
        text.contains("Status: DRAFT"),
        "an edit returned it to draft"
    );
    assert!(draft_marks(&pdf) > 0);
    let sheet = &text[text.rfind("Sign-off sheet").unwrap()..];
    let squashed = sheet.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains("STALE: the text changed after this approval"),
        "{squashed}"
    );
    let awaiting = &squashed[squashed.find("Awaiting approval of this text").unwrap()..];
    assert!(
        awaiting.contains("Ministry of Labour"),
        "stale: a blank block to sign again"
    );
}

/// RFC 8037 appendix A.1: the example Ed25519 private key, and its thumbprint.
const RFC8037_D: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

fn python_with_jwcrypto() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import jwcrypto"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_approval_file_is_pinned_by_a_vector_that_a_standard_jose_library_verifies() {
    let approval = Approval {
        review: "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90".into(),
        revision: 12,
        fingerprint: "6f1d3c0a9b8e7f6a5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e".into(),
        entity: "Ministère du Travail".into(),
        approver: Approver {
            name: "Aïssatou Diallo".into(),
            title: "Secrétaire générale".into(),
            email: "a.diallo@travail.example.sn".into(),
        },
        date: "2026-03-02T09:30:00Z".into(),
    };
    let key = SigningKey::from_secret_bytes(&RFC8037_D);
    assert_eq!(key.kid(), RFC8037_KID);
    let signed = sign_approval(&approval, &key).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/approval.json");
    if std::env::var_os("GCM_REVIEW_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &signed.file).unwrap();
    }
    let pinned = std::fs::read(&path).unwrap();
    assert!(
        pinned == signed.file,
        "the approval file format changed; if deliberately, bless the vectors. Now:\n{}",
        String::from_utf8_lossy(&signed.file)
    );
    let verified = gcm_review::sign::verify_approval(&pinned).unwrap();
    assert_eq!(verified.approval, approval);
    assert_eq!(verified.kid, RFC8037_KID);

    let python = python_with_jwcrypto().expect("install python3-jwcrypto (make test does)");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/jose_check.py");
    let dir = TempDir::new().unwrap();
    let check = |bytes: &[u8]| {
        let file = dir.path().join("file.approval.json");
        std::fs::write(&file, bytes).unwrap();
        let out = Command::new(python)
            .arg(&script)
            .arg(&file)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (status, said) = check(&pinned);
    assert_eq!(status, Some(0), "{said}");
    assert!(
        said.starts_with(&format!("OK {RFC8037_KID} approved by Aïssatou Diallo")),
        "{said}"
    );
    let tampered =
        String::from_utf8(pinned)
            .unwrap()
            .replacen("\"revision\": 12", "\"revision\": 13", 1);
    let (status, said) = check(tampered.as_bytes());
    assert_eq!(status, Some(3), "{said}");
    assert!(said.starts_with("REFUSED signature"), "{said}");
}
