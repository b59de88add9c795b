//! What "valid" means: only this machine's own keys, keys the user trusted after checking the
//! fingerprint, and keys endorsed by those; keys pinned per Member State; imports that cannot
//! replace a review's text with a stranger's without the user's consent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gcm_review::desk::{KeyTrust, Verdict};
use gcm_review::package::{build_package, PackageParts};
use gcm_review::pdf::{fingerprint, render, PdfOptions};
use gcm_review::review::ReviewDocument;
use gcm_review::sign::{endorse, sign_value, KdfParams, Signer, SigningKey, Status};
use gcm_review::{Desk, Template};
use serde_json::{json, Value};
use tempfile::TempDir;

const NOW: &str = "2026-03-02T09:30:00Z";
const REVIEW: &str = "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90";

fn signer(name: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Director".into(),
        ministry: "Ministry of Interior".into(),
        email: "director@example.go.ke".into(),
    }
}

fn document(member_state: &str, text: &str) -> Value {
    json!({
        "format": "gcm-review/1",
        "template": { "id": "imrf-annex1", "version": "2021.09" },
        "id": REVIEW,
        "revision": 3,
        "cover": { "member_state": member_state, "cycle": "IMRF 2026", "language": "en" },
        "answers": { "methodology.process": text },
        "signoff": [],
        "supersedes": null,
        "created": "2024-01-10T08:00:00Z",
        "updated": "2024-02-01T08:00:00Z"
    })
}

/// A package of `document` signed by `key`; `endorsement` goes with the public key.
fn package(document: &Value, key: &SigningKey, endorsement: Option<&str>) -> Vec<u8> {
    let signed = sign_value(document, &signer("Amina"), Status::Draft, key, NOW).unwrap();
    let parsed: ReviewDocument = serde_json::from_value(document.clone()).unwrap();
    let pdf = render(Template::builtin(), &parsed, &PdfOptions::default()).unwrap();
    let mut jwk = key.public().jwk();
    jwk["kid"] = json!(key.public().kid());
    if let Some(e) = endorsement {
        jwk["endorsement"] = json!(e);
    }
    build_package(
        &PackageParts {
            base_name: "GCM-review_KEN_IMRF-2026_2026-03-02",
            review: &signed,
            fingerprint: &fingerprint(&parsed).unwrap(),
            pdf: &pdf,
            public_key: &jwk,
            created: NOW,
            generator: "GCM Review Desk test",
        },
        key,
    )
    .unwrap()
}

fn desk(dir: &TempDir) -> Desk {
    let mut desk = Desk::open(dir.path()).unwrap();
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
    desk
}

/// Everything the store says about reviews, their history and keys, to compare before and after.
fn snapshot(desk: &Desk) -> Value {
    let reviews = desk.list(false).unwrap();
    json!({
        "reviews": reviews.iter().map(|r| json!({
            "review": serde_json::to_value(r).unwrap(),
            "history": serde_json::to_value(desk.history(&r.id).unwrap()).unwrap(),
            "values": serde_json::to_value(desk.open_review(&r.id).unwrap().values).unwrap(),
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn a_key_seen_many_times_is_still_not_trusted() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    let key = SigningKey::generate().unwrap();
    let bytes = package(&document("KEN", "Consulted."), &key, None);
    let first = desk.verify_file("a.zip", &bytes);
    assert_eq!(first.verdict, Verdict::UntrustedKey);
    assert_eq!(first.trust, Some(KeyTrust::New));
    for _ in 0..5 {
        desk.verify_file("a.zip", &bytes);
    }
    let again = desk.verify_file("a.zip", &bytes);
    assert_eq!(again.verdict, Verdict::UntrustedKey, "seen is not trusted");
    assert_eq!(again.trust, Some(KeyTrust::Seen));
    assert_eq!(again.seen_before, 6);
    assert!(!again.trusted);

    // Trusted by its fingerprint as read aloud (groups, any case, hyphens optional).
    let fp = again.fingerprint.clone().unwrap();
    desk.trust_key(&fp.to_lowercase(), true).unwrap();
    let trusted = desk.verify_file("a.zip", &bytes);
    assert_eq!(trusted.verdict, Verdict::Valid);
    assert_eq!(trusted.trust, Some(KeyTrust::Trusted));
    desk.trust_key(&fp.replace('-', ""), false).unwrap();
    assert_eq!(
        desk.verify_file("a.zip", &bytes).verdict,
        Verdict::UntrustedKey
    );
    assert_eq!(
        desk.trust_key("0000-0000-0000", true).unwrap_err().code(),
        "key_not_found"
    );
}

#[test]
fn this_machines_own_key_is_valid() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    desk.set_signer(&signer("Amina")).unwrap();
    desk.create_key(&"correct horse battery".into()).unwrap();
    let id = desk
        .create(gcm_review::NewReview {
            member_state: "KEN".into(),
            cycle: "IMRF 2026".into(),
            language: "en".into(),
        })
        .unwrap()
        .id;
    let export = desk
        .export_json(&id, Some(&"correct horse battery".into()))
        .unwrap();
    let v = desk.verify_file("r.review.json", &export.bytes);
    assert_eq!(v.verdict, Verdict::Valid);
    assert_eq!(v.trust, Some(KeyTrust::Own));
}

#[test]
fn an_endorsement_carries_trust_from_the_old_key_to_the_new_one() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    let old = SigningKey::generate().unwrap();
    let new = SigningKey::generate().unwrap();
    let doc = document("KEN", "Consulted.");
    let first = desk.verify_file("old.zip", &package(&doc, &old, None));
    desk.trust_key(first.kid.as_deref().unwrap(), true).unwrap();

    let endorsement = endorse(&old, &new.public(), NOW).unwrap();
    let rotated = package(&doc, &new, Some(&endorsement));
    let v = desk.verify_file("new.zip", &rotated);
    assert_eq!(v.verdict, Verdict::Valid, "{:?}", v.reason);
    assert_eq!(v.trust, Some(KeyTrust::Endorsed));
    assert_eq!(v.endorsed_by, first.fingerprint);

    // Once recorded, the endorsement holds for files that no longer carry it.
    let later = package(&document("KEN", "Updated."), &new, None);
    assert_eq!(
        desk.verify_file("later.zip", &later).verdict,
        Verdict::Valid
    );
}

#[test]
fn a_forged_or_broken_endorsement_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    let trusted = SigningKey::generate().unwrap();
    let stranger = SigningKey::generate().unwrap();
    let other = SigningKey::generate().unwrap();
    let doc = document("KEN", "Consulted.");
    let first = desk.verify_file("old.zip", &package(&doc, &trusted, None));
    desk.trust_key(first.kid.as_deref().unwrap(), true).unwrap();

    // An endorsement of another key; the trusted key's signature over a payload rewritten to
    // name the stranger; one the stranger made for a key of its own; and garbage: each
    // refused, and the stranger's key never becomes trusted.
    let of_other = endorse(&trusted, &other.public(), NOW).unwrap();
    let forged = rewritten_payload(&of_other, &stranger);
    let own_successor = endorse(&stranger, &stranger_successor(), NOW).unwrap();
    for endorsement in [
        of_other.as_str(),
        forged.as_str(),
        own_successor.as_str(),
        "not.a.jws",
    ] {
        let v = desk.verify_file("x.zip", &package(&doc, &stranger, Some(endorsement)));
        assert_eq!(v.verdict, Verdict::Invalid, "{endorsement}");
        assert_eq!(v.reason_code.unwrap(), "bad_endorsement");
    }
    let v = desk.verify_file("x.zip", &package(&doc, &stranger, None));
    assert_eq!(
        v.trust,
        Some(KeyTrust::New),
        "nothing about it was recorded"
    );

    // The same through a public key file.
    let mut jwk = stranger.public().jwk();
    jwk["endorsement"] = json!(of_other);
    let err = desk
        .import_public_key(jwk.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(err.code(), "bad_endorsement");
    let mut jwk = other.public().jwk();
    jwk["endorsement"] = json!(of_other);
    let read = desk.import_public_key(jwk.to_string().as_bytes()).unwrap();
    assert_eq!(read.trust, KeyTrust::Endorsed);
}

/// The endorsement `jws` with its payload rewritten to endorse `key` instead, its signature kept.
fn rewritten_payload(jws: &str, key: &SigningKey) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = jws.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    payload["new_key"] = key.public().jwk();
    payload["new_kid"] = json!(key.public().kid());
    let payload = b64.encode(serde_json::to_vec(&payload).unwrap());
    format!("{}.{payload}.{}", parts[0], parts[2])
}

fn stranger_successor() -> gcm_review::PublicKey {
    SigningKey::generate().unwrap().public()
}

#[test]
fn a_member_states_new_key_that_its_old_key_did_not_endorse_is_called_out() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    let kenya = SigningKey::generate().unwrap();
    let impostor = SigningKey::generate().unwrap();
    let doc = document("KEN", "Consulted.");
    let first = desk.verify_file("ken.zip", &package(&doc, &kenya, None));
    desk.trust_key(first.kid.as_deref().unwrap(), true).unwrap();
    assert_eq!(
        desk.verify_file("ken.zip", &package(&doc, &kenya, None))
            .verdict,
        Verdict::Valid
    );

    let v = desk.verify_file("ken2.zip", &package(&doc, &impostor, None));
    assert_eq!(v.verdict, Verdict::KeyChanged);
    let change = v.key_change.unwrap();
    assert_eq!(change.pinned, vec![first.fingerprint.clone().unwrap()]);
    assert!(change.message.contains("Kenya"), "{}", change.message);
    assert!(change.message.contains(&change.pinned[0]));
    assert!(change.message.contains(v.fingerprint.as_deref().unwrap()));
    // Another Member State is not concerned.
    let uganda = desk.verify_file("uga.zip", &package(&document("UGA", "x"), &impostor, None));
    assert_eq!(uganda.verdict, Verdict::UntrustedKey);

    // The bulk verifier sees the pin a file earlier in the same batch sets.
    let folder = TempDir::new().unwrap();
    let fresh_dir = TempDir::new().unwrap();
    let mut fresh = desk_with_trusted(&fresh_dir, &kenya);
    let a = folder.path().join("a.zip");
    let b = folder.path().join("b.zip");
    std::fs::write(&a, package(&doc, &kenya, None)).unwrap();
    std::fs::write(&b, package(&doc, &impostor, None)).unwrap();
    let verdicts = fresh.verify_paths(&[&a, &b], |_, _| {}).unwrap();
    assert_eq!(verdicts[0].verdict, Verdict::Valid);
    assert_eq!(verdicts[1].verdict, Verdict::KeyChanged);
}

/// A desk that trusts `key` (seen once in a file for Uganda, so that nothing is pinned for
/// Kenya yet).
fn desk_with_trusted(dir: &TempDir, key: &SigningKey) -> Desk {
    let mut desk = desk(dir);
    let v = desk.verify_file("u.zip", &package(&document("UGA", "x"), key, None));
    desk.trust_key(v.kid.as_deref().unwrap(), true).unwrap();
    desk
}

#[test]
fn an_import_cannot_replace_a_reviews_text_with_a_strangers() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    let ministry = SigningKey::generate().unwrap();
    let stranger = SigningKey::generate().unwrap();
    let imported = desk
        .import(
            &package(&document("KEN", "Our text."), &ministry, None),
            None,
        )
        .unwrap();
    assert!(imported.created);
    let before = snapshot(&desk);

    // Signed by a key that never signed this review: refused without consent, naming both.
    let hijack = package(&document("KEN", "A stranger's text."), &stranger, None);
    let preview = desk.preview_import("h.zip", &hijack).unwrap();
    let consent = preview.consent.clone().expect("consent is needed");
    assert_eq!(consent.previous.len(), 1);
    assert!(consent.message.contains(&consent.previous[0]));
    assert!(consent
        .message
        .contains(consent.incoming.as_deref().unwrap()));
    let err = desk.import(&hijack, None).unwrap_err();
    assert_eq!(err.code(), "needs_consent");
    assert_eq!(
        desk.import(&hijack, Some("a wrong token"))
            .unwrap_err()
            .code(),
        "needs_consent"
    );
    assert_eq!(snapshot(&desk), before, "the store is unchanged");

    // Unsigned, with the same review id: refused too.
    let unsigned = document("KEN", "Unsigned text.").to_string();
    let preview = desk.preview_import("u.json", unsigned.as_bytes()).unwrap();
    assert!(preview.consent.as_ref().unwrap().incoming.is_none());
    assert_eq!(
        desk.import(unsigned.as_bytes(), None).unwrap_err().code(),
        "needs_consent"
    );
    assert_eq!(snapshot(&desk), before);

    // The review's own signer, again: no consent needed.
    let update = package(&document("KEN", "Our updated text."), &ministry, None);
    assert!(desk
        .preview_import("m.zip", &update)
        .unwrap()
        .consent
        .is_none());
    desk.import(&update, None).unwrap();

    // With the user's explicit consent, the stranger's document is imported, unverified.
    let outcome = desk.import(&hijack, Some(&consent.token)).unwrap();
    assert!(!outcome.verified);
    let values = desk.open_review(REVIEW).unwrap().values;
    assert_eq!(values["methodology.process"], "A stranger's text.");
    assert!(desk.list(false).unwrap()[0].unverified);
}

#[test]
fn a_restore_waits_for_every_other_window_to_close() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk(&dir);
    common_review(&mut desk);
    let backup = desk.backup_now().unwrap();
    let other = Desk::open(dir.path()).unwrap();
    drop(desk);
    let err = Desk::restore_backup(dir.path(), &backup.name)
        .err()
        .expect("refused while another window has the store open");
    assert_eq!(err.code(), "in_use");
    assert!(err.to_string().contains("close them"), "{err}");
    drop(other);
    let restored = Desk::restore_backup(dir.path(), &backup.name).unwrap();
    assert_eq!(restored.list(false).unwrap().len(), 1);
}

fn common_review(desk: &mut Desk) -> String {
    desk.create(gcm_review::NewReview {
        member_state: "KEN".into(),
        cycle: "IMRF 2026".into(),
        language: "en".into(),
    })
    .unwrap()
    .id
}
