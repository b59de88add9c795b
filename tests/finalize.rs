//! Final is the coordinator's decision: refused while the export check finds problems that
//! block it, after a warning while approvals are outstanding or stale; a milestone with who
//! and when; any later revision (an edit, a restore) returns the review to draft, with a
//! notice on the save that did it. Exports, the sign-off sheet and the DRAFT mark follow.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::signoff::{code, coordinator, paper, pdf_text, PASSPHRASE};
use gcm_review::desk::PdfOptions;
use gcm_review::sign::Status;
use gcm_review::{Desk, SaveOutcome};
use serde_json::json;
use tempfile::TempDir;

/// The codes of the export check's diagnostics, in order.
fn codes(desk: &Desk, id: &str) -> Vec<&'static str> {
    desk.export_check(id)
        .unwrap()
        .iter()
        .map(|d| d.code)
        .collect()
}

/// The status a signed export of the review carries.
fn exported(desk: &Desk, id: &str) -> Status {
    desk.export_json(id, Some(&PASSPHRASE.into()))
        .unwrap()
        .status
}

/// Saves one answer to the methodology, based on the newest revision.
fn edit(desk: &mut Desk, id: &str, text: &str) -> SaveOutcome {
    let base = desk.open_review(id).unwrap().version;
    let change = [("methodology.process".to_string(), json!(text))].into();
    desk.save(id, base, change).unwrap()
}

/// A complete review with a key, Labour's approval recorded and Health's outstanding.
fn ready(dir: &std::path::Path) -> (Desk, String) {
    let (mut desk, id) = coordinator(dir);
    desk.create_key(&PASSPHRASE.into()).unwrap();
    common::complete(&mut desk, &id);
    desk.record_approval(&id, &paper("Ministry of Labour"))
        .unwrap();
    (desk, id)
}

#[test]
fn final_waits_for_a_clean_check_and_warns_first_of_pending_approvals() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    desk.create_key(&PASSPHRASE.into()).unwrap();
    assert_eq!(code(desk.finalize(&id, true).unwrap_err()), "not_ready");

    common::complete(&mut desk, &id);
    assert_eq!(
        codes(&desk, &id),
        ["approval_outstanding", "approval_outstanding", "not_final"],
        "warnings only: nothing blocks"
    );
    // A clean check no longer makes a review final by itself.
    assert_eq!(exported(&desk, &id), Status::Draft);

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
    assert_eq!(decision.revision, desk.open_review(&id).unwrap().version);
    assert_eq!(decision.decided_by, "Amina Otieno");
    assert_eq!(
        decision.accepted,
        ["Ministry of Health has not approved the review yet"]
    );
    let label = format!("final, by Amina Otieno on {}", &decision.decided_at[..10]);
    assert_eq!(desk.history(&id).unwrap()[0].milestones, [label]);
    assert_eq!(desk.finalize(&id, true).unwrap(), decision, "decided once");
    assert_eq!(desk.history(&id).unwrap()[0].milestones.len(), 1);
    assert_eq!(
        codes(&desk, &id),
        ["approval_outstanding"],
        "a warning, not a refusal"
    );
    assert_eq!(exported(&desk, &id), Status::Final);
    let package = desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    assert_eq!(package.status, Status::Final);
    assert_eq!(
        desk.signoff_status(&id).unwrap().final_decision,
        Some(decision)
    );

    let mut no_signer = Desk::open(&dir.path().join("elsewhere")).unwrap();
    let other = common::new_review(&mut no_signer);
    assert_eq!(
        code(no_signer.finalize(&other, true).unwrap_err()),
        "no_signer"
    );
}

#[test]
fn an_edit_or_a_restore_returns_a_final_review_to_draft_with_a_notice() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = ready(dir.path());
    let decision = desk.finalize(&id, true).unwrap();

    // The notice comes with the save that moved past the final revision, and only that one.
    let current = desk.open_review(&id).unwrap().values["methodology.process"].clone();
    let same = edit(&mut desk, &id, current.as_str().unwrap());
    assert_eq!(
        same.left_final, None,
        "a save that changes nothing stays final"
    );
    assert_eq!(desk.final_decision(&id).unwrap(), Some(decision.clone()));
    let saved = edit(&mut desk, &id, "Twelve ministries.");
    assert_eq!(saved.left_final, Some(decision.clone()));
    assert_eq!(
        edit(&mut desk, &id, "Twelve ministries.").left_final,
        None,
        "a save right after it that changes nothing"
    );
    assert_eq!(edit(&mut desk, &id, "Twelve.").left_final, None);
    assert!(desk.final_decision(&id).unwrap().is_none());
    let status = desk.signoff_status(&id).unwrap();
    assert!(status.final_decision.is_none());
    assert_eq!(status.last_final_decision, Some(decision.clone()));
    assert_eq!(exported(&desk, &id), Status::Draft);
    assert_eq!(
        codes(&desk, &id),
        ["approval_stale", "approval_outstanding", "not_final"]
    );

    // A restore of the revision marked final is a new revision: a draft until marked again,
    // while the approval of that text holds again.
    desk.restore(&id, decision.revision).unwrap();
    assert!(desk.final_decision(&id).unwrap().is_none());
    assert_eq!(exported(&desk, &id), Status::Draft);
    assert_eq!(
        desk.signoff_status(&id).unwrap().stale,
        0,
        "the approved text is back"
    );
    let again = desk.finalize(&id, true).unwrap();
    assert_eq!(
        again.revision,
        decision.revision + 3,
        "two edits and the restore"
    );
    assert_eq!(exported(&desk, &id), Status::Final);
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
