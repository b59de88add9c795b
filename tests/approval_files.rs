//! Approvals given in the app: the approver's own key signs the fingerprint of the document
//! they read into an approval file; the coordinator verifies it like a package, with the
//! trust rules (a key not trusted, or another key than the entity's before, only after the
//! user confirms), and refuses tampered files, other texts, other reviews and other formats.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::signoff::{approver, circulated, code, coordinator, PASSPHRASE};
use gcm_review::desk::{ApprovalMethod, KeyTrust};
use gcm_review::sign::{sign_approval, Approval, Approver, SigningKey};
use gcm_review::Desk;
use serde_json::{json, Value};
use tempfile::TempDir;

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
    assert_eq!(refused(&coordinator, b"not json"), "not_an_approval");
    assert_eq!(
        refused(&coordinator, &vec![b' '; 65 * 1024]),
        "not_an_approval"
    );
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
