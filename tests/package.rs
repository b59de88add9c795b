//! Packages: made, emailed, imported, updated and resubmitted; and every hostile package the
//! secretariat or an official might receive, refused with a one-line reason and the store
//! unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use common::rawzip::{self, Entry};
use gcm_review::desk::{ImportAction, ImportKind, Verdict};
use gcm_review::package::{build_package, open_package, PackageParts};
use gcm_review::pdf::{fingerprint, render, PdfOptions};
use gcm_review::review::ReviewDocument;
use gcm_review::sign::{sign_value, KdfParams, Signer, SigningKey, Status};
use gcm_review::template::FieldMap;
use gcm_review::{Desk, DeskError};
use serde_json::{json, Value};
use tempfile::TempDir;

const PASSPHRASE: &str = "correct horse battery staple";
const NOW: &str = "2026-03-02T09:30:00Z";

fn cheap(desk: &mut Desk) {
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
}

fn signer() -> Signer {
    Signer {
        name: "Amina Odhiambo".into(),
        title: "Director of Migration Policy".into(),
        ministry: "Ministry of Interior".into(),
        email: "amina@example.go.ke".into(),
    }
}

/// A desk with a key and a review with a few answers (one in Arabic); returns the review id.
fn author(dir: &Path) -> (Desk, String) {
    let mut desk = Desk::open(dir).unwrap();
    cheap(&mut desk);
    desk.set_signer(&signer()).unwrap();
    desk.create_key(&PASSPHRASE.into()).unwrap();
    let id = common::new_review(&mut desk);
    desk.set_text(
        &id,
        "methodology.process",
        "We consulted **ten** ministries and 40 civil-society groups.",
    )
    .unwrap();
    desk.set_text(
        &id,
        "objectives.7.measures",
        "خطة وطنية لحماية المهاجرين في أوضاع هشة (2023–2027).",
    )
    .unwrap();
    (desk, id)
}

/// A package as the app delivers it: built, then recorded once written.
fn package(desk: &mut Desk, id: &str) -> Vec<u8> {
    let package = desk
        .package(id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    desk.record_package(&package).unwrap();
    package.bytes
}

/// The members of a package, in order.
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

/// Everything the store holds, as the user can see it: reviews and every revision.
fn snapshot(desk: &Desk) -> Value {
    let reviews = desk.list(false).unwrap();
    json!(reviews
        .iter()
        .map(|r| json!({
            "review": serde_json::to_value(r).unwrap(),
            "history": serde_json::to_value(desk.history(&r.id).unwrap()).unwrap(),
        }))
        .collect::<Vec<_>>())
}

/// Without the parts that are local to a store (revision number, time of the last save).
fn portable(document: &ReviewDocument) -> Value {
    let mut v = serde_json::to_value(document).unwrap();
    v.as_object_mut().unwrap().remove("revision");
    v.as_object_mut().unwrap().remove("updated");
    v
}

#[test]
fn a_package_round_trips_into_an_empty_data_folder() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (mut desk, id) = author(a.path());
    let original = desk.document(&id).unwrap();
    let bytes = package(&mut desk, &id);

    let mut other = Desk::open(b.path()).unwrap();
    let preview = other.preview_import("p.zip", &bytes).unwrap();
    assert_eq!(preview.kind, ImportKind::Package);
    assert_eq!(preview.action, ImportAction::Create);
    assert_eq!(
        preview.verification.as_ref().map(|v| v.verdict),
        Some(Verdict::UntrustedKey)
    );
    assert!(preview.unplaced.is_empty() && preview.moved.is_empty());
    assert!(preview.consent.is_none(), "a new review needs no consent");
    let outcome = other.import(&bytes, None).unwrap();
    assert!(outcome.created);
    assert!(
        !outcome.verified,
        "a signature by a key nobody trusted here is not 'verified'"
    );
    assert_eq!(outcome.id, id);
    let imported = other.document(&id).unwrap();
    assert_eq!(portable(&imported), portable(&original));
    assert!(
        other.list(false).unwrap()[0].unverified,
        "an import signed by an untrusted key is marked unverified"
    );
    let history = other.history(&id).unwrap();
    let submission = history[0].submission.as_ref().unwrap();
    assert!(!submission.verified);
    assert_eq!(
        submission.kid.as_deref(),
        preview.verification.as_ref().unwrap().kid.as_deref(),
        "the submission records the key that signed it"
    );
    assert_eq!(
        serde_json::to_value(&history[0].kind).unwrap()["kind"],
        "submitted"
    );

    // The same package again changes nothing.
    let before = snapshot(&other);
    let err = other.import(&bytes, None).unwrap_err();
    assert_eq!(err.code(), "already_imported", "{err}");
    assert_eq!(snapshot(&other), before);
    assert!(matches!(
        other.preview_import("p.zip", &bytes).unwrap().action,
        ImportAction::AlreadyImported { revision: 1 }
    ));
}

#[test]
fn a_package_holds_what_the_readme_promises() {
    let dir = TempDir::new().unwrap();
    let (desk, id) = author(dir.path());
    let export = desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    assert!(export.file_name.starts_with("GCM-review_KEN_IMRF-2026_"));
    assert!(export.file_name.ends_with(".zip"));
    let members = members(&export.bytes);
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    let base = export.file_name.trim_end_matches(".zip");
    assert_eq!(
        names,
        [
            "manifest.json".to_string(),
            format!("{base}.review.json"),
            format!("{base}.pdf"),
            "signer-key.jwk.json".into(),
            "README.txt".into()
        ]
    );
    let manifest: Value = serde_json::from_slice(&members[0].1).unwrap();
    for file in manifest["manifest"]["files"].as_array().unwrap() {
        let name = file["name"].as_str().unwrap();
        let (_, data) = members.iter().find(|(n, _)| n == name).unwrap();
        let hash: String = sha256(data);
        assert_eq!(file["sha256"], hash, "{name}");
    }
    assert_eq!(manifest["manifest"]["review"]["digest"], export.digest);
    // The app that made it, with the version the command line prints: one version everywhere.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_gcm-review"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8(cli.stdout).unwrap();
    let version = version.split_whitespace().last().unwrap();
    assert_eq!(
        manifest["manifest"]["generator"],
        format!("GCM Review Desk {version}")
    );
    let readme = String::from_utf8(members[4].1.clone()).unwrap();
    let kid = desk.keys().unwrap()[0].kid.clone();
    assert!(readme.contains(&kid), "{readme}");
    assert!(readme.contains(&export.fingerprint), "{readme}");
    assert!(readme.contains("How to verify"));
    let opened = open_package(&export.bytes).unwrap();
    assert_eq!(opened.fingerprint, export.fingerprint);
    assert_eq!(opened.review.status, Status::Draft);
    assert_eq!(opened.generator, Some(format!("GCM Review Desk {version}")));
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The Python that runs the email check: the system's, or the one on the PATH.
fn python() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        Command::new(p)
            .arg("-c")
            .arg("import email")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_email_draft_reads_back_with_an_independent_mime_parser() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = author(dir.path());
    desk.set_secretariat("reviews@example.org").unwrap();
    let bytes = package(&mut desk, &id);
    let draft = desk
        .email_package(&id, "GCM-review_KEN.zip", &bytes)
        .unwrap();
    assert_eq!(draft.to, "reviews@example.org");
    let eml = dir.path().join("draft.eml");
    let zip = dir.path().join("p.zip");
    std::fs::write(&eml, &draft.bytes).unwrap();
    std::fs::write(&zip, &bytes).unwrap();
    let python = python().expect("python3 is installed by make test");
    let script = r#"
import email, sys, json
from email import policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
attachments = list(m.iter_attachments())
print(json.dumps({
  "to": str(m["To"]), "subject": str(m["Subject"]), "unsent": str(m["X-Unsent"]),
  "from": str(m["From"]),
  "files": [a.get_filename() for a in attachments],
  "same": [a.get_content() == open(sys.argv[2], 'rb').read() for a in attachments],
  "body": m.get_body(('plain',)).get_content(),
}))
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(&eml)
        .arg(&zip)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read["to"], "reviews@example.org");
    assert_eq!(read["subject"], "Voluntary GCM review – Kenya – IMRF 2026");
    assert_eq!(read["unsent"], "1");
    assert_eq!(read["from"], "Amina Odhiambo <amina@example.go.ke>");
    assert_eq!(read["files"], json!(["GCM-review_KEN.zip"]));
    assert_eq!(read["same"], json!([true]));
    assert!(read["body"].as_str().unwrap().contains("Kenya"));

    // The submission is recorded only once the draft is written.
    assert!(desk.history(&id).unwrap()[0].milestones.is_empty());
    assert!(desk.last_submission(&id).unwrap().is_none());
    desk.record_email(&draft).unwrap();
    // The submission is a milestone, and the last submission.
    let history = desk.history(&id).unwrap();
    let label = &history[0].milestones[0];
    assert!(label.starts_with("submitted on ") && label.ends_with(" to reviews@example.org"));
    let last = desk.last_submission(&id).unwrap().unwrap();
    assert_eq!(last.recipient.as_deref(), Some("reviews@example.org"));

    // An address that is not one is refused before anything is written.
    assert_eq!(
        desk.set_secretariat("not an address").unwrap_err().code(),
        "bad_address"
    );
}

#[test]
fn history_records_a_package_only_once_it_is_written() {
    let dir = TempDir::new().unwrap();
    let (desk, id) = author(dir.path());
    let mut desk = desk;
    let before = desk.history(&id).unwrap();
    // Built twice (a save dialog cancelled, a retry): nothing in History.
    for _ in 0..2 {
        desk.package(&id, &PASSPHRASE.into(), &PdfOptions::default())
            .unwrap();
    }
    assert_eq!(desk.history(&id).unwrap(), before);
    assert!(desk.history(&id).unwrap()[0].submission.is_none());
    let package = desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    desk.record_package(&package).unwrap();
    desk.record_package(&package).unwrap();
    let history = desk.history(&id).unwrap();
    let sent = history[0]
        .submission
        .as_ref()
        .expect("recorded once written");
    assert_eq!(sent.digest, package.digest);
    assert!(sent.kid.is_some(), "the signing key is recorded");
    assert_eq!(
        history.iter().filter(|r| r.submission.is_some()).count(),
        1,
        "recording the same package twice records it once"
    );
}

#[test]
fn the_draft_is_in_the_reviews_language() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = author(dir.path());
    let base = desk.open_review(&id).unwrap().version;
    desk.save(
        &id,
        base,
        [("cover.language".to_string(), json!("fr"))].into(),
    )
    .unwrap();
    let bytes = package(&mut desk, &id);
    let draft = desk.email_package(&id, "p.zip", &bytes).unwrap();
    let text = String::from_utf8_lossy(&draft.bytes);
    // The subject is encoded (RFC 2047); the body's words are in French.
    assert!(text.contains("X-Unsent: 1"));
    assert!(text.to_lowercase().contains("subject: =?utf-8?"), "{text}");
}

#[test]
fn update_and_resubmit_carries_the_chain() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (mut author_desk, id) = author(a.path());
    let first = author_desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    author_desk.record_package(&first).unwrap();

    // The package arrives in another office, which updates it for the next cycle.
    let mut desk = Desk::open(b.path()).unwrap();
    cheap(&mut desk);
    desk.set_signer(&signer()).unwrap();
    desk.create_key(&PASSPHRASE.into()).unwrap();
    let imported = desk.import(&first.bytes, None).unwrap();
    assert_eq!(
        desk.last_submission(&id).unwrap().unwrap().digest,
        first.digest
    );
    let state = desk
        .start_update(&id, imported.revision, Some("IMRF 2030"))
        .unwrap();
    assert_eq!(state.values["cover.cycle"], "IMRF 2030");
    assert_eq!(
        desk.document(&id).unwrap().supersedes.as_deref(),
        Some(first.digest.as_str())
    );
    desk.set_text(
        &id,
        "methodology.process",
        "We consulted **twelve** ministries.",
    )
    .unwrap();
    let changed = desk.changed_since_submission(&id).unwrap();
    assert_eq!(changed, ["cover.cycle", "methodology.process"]);

    let second = desk
        .package(&id, &PASSPHRASE.into(), &PdfOptions::default())
        .unwrap();
    assert_eq!(second.supersedes.as_deref(), Some(first.digest.as_str()));
    let verdict = desk.verify_file("second.zip", &second.bytes);
    assert_eq!(verdict.supersedes.as_deref(), Some(first.digest.as_str()));
    let known = verdict.supersedes_known.unwrap();
    assert!(known.contains("Kenya · IMRF 2026, received"), "{known}");

    // Back at the author's: the other office's key never signed this review, so the update
    // waits for the author's confirmation, which names both keys; then it is added.
    let preview = author_desk
        .preview_import("second.zip", &second.bytes)
        .unwrap();
    let consent = preview
        .consent
        .expect("another key's document needs consent");
    assert_eq!(consent.previous.len(), 1);
    assert!(
        consent.message.contains(&consent.previous[0]),
        "{}",
        consent.message
    );
    assert!(consent
        .message
        .contains(consent.incoming.as_deref().unwrap()));
    assert_eq!(
        author_desk.import(&second.bytes, None).unwrap_err().code(),
        "needs_consent"
    );
    let outcome = author_desk
        .import(&second.bytes, Some(&consent.token))
        .unwrap();
    assert!(!outcome.created);
    let doc = author_desk.document(&id).unwrap();
    assert_eq!(doc.supersedes.as_deref(), Some(first.digest.as_str()));
    assert_eq!(doc.cover["cycle"], "IMRF 2030");

    // An update needs a submission to start from.
    assert_eq!(
        desk.start_update(&id, 1_000, None).unwrap_err().code(),
        "not_submitted"
    );
}

#[test]
fn unsigned_json_is_imported_but_marked_unverified() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (desk, id) = author(a.path());
    let unsigned = desk.export_json(&id, None).unwrap().bytes;
    let mut other = Desk::open(b.path()).unwrap();
    let preview = other.preview_import("r.json", &unsigned).unwrap();
    assert_eq!(preview.kind, ImportKind::UnsignedReview);
    assert!(preview.verification.is_none());
    let outcome = other.import(&unsigned, None).unwrap();
    assert!(!outcome.verified);
    assert!(other.list(false).unwrap()[0].unverified);
    let history = other.history(&id).unwrap();
    assert!(!history[0].submission.as_ref().unwrap().verified);
}

#[test]
fn verify_accepts_packages_and_reports_each_file() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = author(dir.path());
    let good = package(&mut desk, &id);
    let paths: Vec<std::path::PathBuf> = (0..3)
        .map(|i| dir.path().join(format!("p{i}.zip")))
        .collect();
    std::fs::write(&paths[0], &good).unwrap();
    std::fs::write(&paths[1], &good).unwrap();
    let mut tampered = members(&good);
    tampered[4].1.extend_from_slice(b"\nP.S. trust me.\n");
    std::fs::write(&paths[2], rezip(&tampered)).unwrap();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let mut seen = Vec::new();
    let verdicts = desk.verify_paths(&refs, |done, _| seen.push(done)).unwrap();
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(verdicts[0].verdict, Verdict::Valid, "own key");
    assert_eq!(verdicts[0].members.len(), 5);
    assert_eq!(verdicts[2].verdict, Verdict::Invalid);
    assert_eq!(
        verdicts[2].reason_code,
        Some(gcm_review::ErrorCode::HashMismatch)
    );
}

fn rezip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    rawzip::write(
        &members
            .iter()
            .map(|(n, d)| Entry::deflated(n, d))
            .collect::<Vec<_>>(),
    )
}

/// Imports `bytes` into a store that already holds a review, and checks that it is refused
/// with `code` and that nothing the user can see changed.
fn refused(bytes: &[u8], code: &str) -> String {
    let dir = TempDir::new().unwrap();
    let (mut desk, _) = author(dir.path());
    let before = snapshot(&desk);
    let err = desk.import(bytes, None).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    let line = err.to_string();
    assert!(!line.contains('\n'), "one line: {line}");
    assert_eq!(snapshot(&desk), before, "the store is unchanged");
    let verdict = desk.verify_file("x.zip", bytes);
    if !matches!(code, "unknown_template") {
        assert_eq!(verdict.verdict, Verdict::Invalid);
    }
    line
}

/// A good package's members, made in a throwaway store.
fn good_members() -> Vec<(String, Vec<u8>)> {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = author(dir.path());
    members(&package(&mut desk, &id))
}

#[test]
fn hostile_names_links_and_duplicates_are_refused() {
    let good = good_members();
    let with = |extra: Entry| {
        let mut entries: Vec<Entry> = good.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
        entries.push(extra);
        rawzip::write(&entries)
    };
    for name in [
        "../evil.txt",
        "/etc/passwd",
        "..\\evil.bat",
        "C:evil",
        "sub/README.txt",
    ] {
        let line = refused(&with(Entry::file(name, b"x")), "unsafe_name");
        assert!(line.contains(name), "{line}");
    }
    let mut link = Entry::file("evil.pdf", b"/etc/passwd");
    link.mode = 0o120777;
    refused(&with(link), "not_a_file");
    refused(
        &with(Entry::file("readme.TXT", b"again")),
        "duplicate_member",
    );
    refused(
        &with(Entry::file("README.txt", b"again")),
        "duplicate_member",
    );
    refused(&with(Entry::file("setup.exe", b"MZ")), "unexpected_member");
    let mut many: Vec<Entry> = good.iter().map(|(n, d)| Entry::deflated(n, d)).collect();
    for i in 0..10 {
        many.push(Entry::file(&format!("x{i}.pdf"), b"%PDF-"));
    }
    refused(&rawzip::write(&many), "too_many_members");
    let without_pdf: Vec<Entry> = good
        .iter()
        .filter(|(n, _)| !n.ends_with(".pdf"))
        .map(|(n, d)| Entry::deflated(n, d))
        .collect();
    refused(&rawzip::write(&without_pdf), "missing_member");
}

#[test]
fn bombs_and_giant_members_are_refused_before_they_are_unpacked() {
    let good = good_members();
    let replace = |name_end: &str, entry: Entry| {
        let entries: Vec<Entry> = good
            .iter()
            .map(|(n, d)| {
                if n.ends_with(name_end) {
                    Entry {
                        name: n.as_bytes().to_vec(),
                        ..entry.clone()
                    }
                } else {
                    Entry::deflated(n, d)
                }
            })
            .collect();
        rawzip::write(&entries)
    };
    // 30 MiB of zeros in 30 KiB: within the review's size limit, but no review compresses so.
    let zeros = vec![0u8; 30 * 1024 * 1024];
    refused(
        &replace(".review.json", Entry::deflated("x", &zeros)),
        "bomb",
    );
    // The same bytes declaring 100 bytes: caught while reading, whatever the header says.
    let mut liar = Entry::deflated("x", &zeros);
    liar.declared_size = 100;
    refused(&replace("README.txt", liar), "bomb");
    // A 2 GB member, as declared: refused without reading it.
    let mut giant = Entry::file("x", b"%PDF-1.7");
    giant.declared_size = 2_000_000_000;
    let line = refused(&replace(".pdf", giant), "member_too_large");
    assert!(line.contains("1907 MiB"), "{line}");
}

#[test]
fn changed_and_swapped_files_are_refused() {
    let good = good_members();
    // A README changed after signing.
    let mut changed = good.clone();
    changed[4].1 = b"Trust this package.".to_vec();
    refused(&rezip(&changed), "hash_mismatch");

    // A PDF swapped for another review's PDF.
    let other = TempDir::new().unwrap();
    let (desk, id) = author(other.path());
    let mut swapped = good.clone();
    swapped[2].1 = desk.export_pdf(&id, &PdfOptions::default()).unwrap();
    refused(&rezip(&swapped), "hash_mismatch");

    // A manifest re-signed by someone else, to cover the swap.
    let key = SigningKey::from_secret_bytes(&[9; 32]);
    let manifest: Value = serde_json::from_slice(&good[0].1).unwrap();
    let mut m = manifest["manifest"].clone();
    m["files"][1]["sha256"] = json!(sha256(&swapped[2].1));
    let mut forged = swapped.clone();
    forged[0].1 = gcm_review::sign::sign_manifest(&m, &key).unwrap();
    refused(&rezip(&forged), "key_mismatch");

    // A manifest changed without re-signing.
    let mut edited = good.clone();
    let mut m2: Value = serde_json::from_slice(&good[0].1).unwrap();
    m2["manifest"]["created"] = json!("2030-01-01T00:00:00Z");
    edited[0].1 = serde_json::to_vec(&m2).unwrap();
    refused(&rezip(&edited), "mismatch");

    // Not a zip, or a truncated one.
    refused(b"PK\x03\x04 this is not really a zip", "not_zip");
    let whole = rezip(&good);
    refused(&whole[..whole.len() / 2], "not_zip");
}

/// A package made by the signer themselves, with any document and any PDF.
fn package_of(document: &Value, pdf: Option<Vec<u8>>) -> Vec<u8> {
    let key = SigningKey::generate().unwrap();
    let signed = sign_value(document, &signer(), Status::Draft, &key, NOW).unwrap();
    let parsed: ReviewDocument = serde_json::from_value(document.clone())
        .unwrap_or_else(|_| serde_json::from_value(base_document()).unwrap());
    let template = gcm_review::Template::builtin();
    let pdf = pdf.unwrap_or_else(|| render(template, &parsed, &PdfOptions::default()).unwrap());
    let fp = fingerprint(&parsed).unwrap();
    let mut jwk = key.public().jwk();
    jwk["kid"] = json!(key.public().kid());
    build_package(
        &PackageParts {
            base_name: "GCM-review_KEN_IMRF-2026_2026-03-02",
            review: &signed,
            fingerprint: &fp,
            pdf: &pdf,
            public_key: &jwk,
            created: NOW,
            generator: "GCM Review Desk test",
        },
        &key,
    )
    .unwrap()
}

fn base_document() -> Value {
    json!({
        "format": "gcm-review/1",
        "template": { "id": "imrf-annex1", "version": "2021.09" },
        "id": "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90",
        "revision": 3,
        "cover": { "member_state": "KEN", "cycle": "Regional review 2024", "language": "en" },
        "answers": { "methodology.process": "Consulted ministries." },
        "signoff": [],
        "supersedes": null,
        "created": "2024-01-10T08:00:00Z",
        "updated": "2024-02-01T08:00:00Z"
    })
}

#[test]
fn a_signer_cannot_ship_a_bad_document_or_another_pdf() {
    // Well made, as a baseline.
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    assert!(desk
        .import(&package_of(&base_document(), None), None)
        .is_ok());

    // The PDF of another document, with a correct manifest.
    let mut other: ReviewDocument = serde_json::from_value(base_document()).unwrap();
    other.cover.insert("cycle".into(), json!("Something else"));
    let pdf = render(
        gcm_review::Template::builtin(),
        &other,
        &PdfOptions::default(),
    )
    .unwrap();
    refused(&package_of(&base_document(), Some(pdf)), "pdf_mismatch");

    // A document the schema refuses (a supersedes that is no hash).
    let mut bad = base_document();
    bad["supersedes"] = json!("the previous one");
    let line = refused(&package_of(&bad, None), "schema");
    assert!(line.contains("supersedes"), "{line}");

    // A document on a template version nobody maps from.
    let mut old = base_document();
    old["template"]["version"] = json!("2019.01");
    let line = refused(&package_of(&old, None), "unknown_template");
    assert!(line.contains("imrf-annex1 2019.01"), "{line}");
}

#[test]
fn a_field_map_places_answers_from_another_template_and_shows_what_it_could_not() {
    let mut old = base_document();
    old["template"] = json!({ "id": "gcm-regional", "version": "2020.1" });
    old["answers"] = json!({
        "preparation.process": "Consulted ministries.",
        "objectives.4.actions": "Birth registration drive.",
        "objectives.5.actions": "Seasonal worker agreements.",
        "preparation.photo": "a field the current template does not have",
    });
    let bytes = package_of(&old, None);
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    assert_eq!(
        desk.import(&bytes, None).unwrap_err().code(),
        "unknown_template"
    );
    let map = FieldMap::parse(
        r#"{
          "from": { "id": "gcm-regional", "version": "2020.1" },
          "to": { "id": "imrf-annex1", "version": "2021.09" },
          "moves": {
            "preparation.process": "methodology.process",
            "objectives.*.actions": "objectives.*.measures"
          }
        }"#,
    )
    .unwrap();
    desk.add_field_map(map);
    let preview = desk.preview_import("old.zip", &bytes).unwrap();
    let moved: Vec<(String, String)> = preview
        .moved
        .iter()
        .map(|m| (m.from.clone(), m.to.clone()))
        .collect();
    assert!(moved.contains(&(
        "objectives.4.actions".into(),
        "objectives.4.measures".into()
    )));
    assert!(moved.contains(&("preparation.process".into(), "methodology.process".into())));
    assert_eq!(preview.unplaced.len(), 1);
    assert_eq!(preview.unplaced[0].path, "preparation.photo");
    let outcome = desk.import(&bytes, None).unwrap();
    assert_eq!(outcome.unplaced.len(), 1, "the outcome shows it too");
    let doc = desk.document(&outcome.id).unwrap();
    assert_eq!(
        doc.answers["objectives.5.measures"],
        "Seasonal worker agreements."
    );
    assert_eq!(doc.template.version, "2021.09");

    // A map whose wildcards do not line up is refused when read.
    assert!(FieldMap::parse(
        r#"{ "from": {"id":"a","version":"1"}, "to": {"id":"b","version":"2"},
             "moves": { "objectives.*.x": "y" } }"#
    )
    .is_err());
}

#[test]
fn an_import_into_a_review_in_the_trash_is_refused() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (mut desk, id) = author(a.path());
    let bytes = package(&mut desk, &id);
    let mut other = Desk::open(b.path()).unwrap();
    other.import(&bytes, None).unwrap();
    other.delete(&id).unwrap();
    let second = package(&mut desk, &id);
    assert_eq!(other.import(&second, None).unwrap_err().code(), "in_trash");
    assert!(matches!(
        other.import(b"{\"format\": \"something\"}", None),
        Err(DeskError::NotAReview(_))
    ));
}

#[test]
fn a_signed_review_on_its_own_imports_too() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (desk, id) = author(a.path());
    let signed = desk.export_json(&id, Some(&PASSPHRASE.into())).unwrap();
    let mut other = Desk::open(b.path()).unwrap();
    let preview = other
        .preview_import("r.review.json", &signed.bytes)
        .unwrap();
    assert_eq!(preview.kind, ImportKind::SignedReview);
    other.import(&signed.bytes, None).unwrap();
    assert_eq!(
        other.last_submission(&id).unwrap().unwrap().digest,
        signed.digest.unwrap()
    );
}
