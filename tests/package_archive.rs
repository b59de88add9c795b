//! Packages whose zip structure or manifest lies, built by hand: an end record that counts its
//! entries two ways, spans disks, hides bytes or a comment behind it, or points at a directory
//! that is not where it says; ZIP64 records; manifests that leave a file out, list one twice or
//! one that is not there, or give a wrong role or size. Each is refused with its own code, the
//! store unchanged, while the honest package beside it still opens.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Cursor, Read};
use std::process::Command;
use std::sync::OnceLock;

use common::rawzip::{self, End, Entry};
use gcm_review::package::{build_package, open_package, PackageParts};
use gcm_review::pdf::{fingerprint, render, PdfOptions};
use gcm_review::review::ReviewDocument;
use gcm_review::sign::{sign_manifest, sign_value, Signer, SigningKey, Status};
use gcm_review::Desk;
use serde_json::{json, Value};
use tempfile::TempDir;

const NOW: &str = "2026-03-02T09:30:00Z";

/// The signer's key: fixed, so that a test can re-sign a manifest it changed.
fn key() -> SigningKey {
    SigningKey::from_secret_bytes(&[42; 32])
}

fn document() -> Value {
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

/// An honest package's members (name and content), in the writer's order: manifest, review,
/// PDF, public key, README. Made once for all the tests.
fn members() -> &'static [(String, Vec<u8>)] {
    static MEMBERS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    MEMBERS.get_or_init(|| {
        let key = key();
        let signer = Signer {
            name: "Amina Odhiambo".into(),
            title: "Director of Migration Policy".into(),
            ministry: "Ministry of Interior".into(),
            email: "amina@example.go.ke".into(),
        };
        let signed = sign_value(&document(), &signer, Status::Final, &key, NOW).unwrap();
        let parsed: ReviewDocument = serde_json::from_value(document()).unwrap();
        let pdf = render(
            gcm_review::Template::builtin(),
            &parsed,
            &PdfOptions::default(),
        )
        .unwrap();
        let mut jwk = key.public().jwk();
        jwk["kid"] = json!(key.public().kid());
        let bytes = build_package(
            &PackageParts {
                base_name: "GCM-review_KEN_Regional-review-2024_2026-03-02",
                review: &signed,
                fingerprint: &fingerprint(&parsed).unwrap(),
                pdf: &pdf,
                public_key: &jwk,
                created: NOW,
                generator: "GCM Review Desk test",
            },
            &key,
        )
        .unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().to_string(), data)
            })
            .collect()
    })
}

/// The honest members as raw zip entries.
fn entries() -> Vec<Entry> {
    members()
        .iter()
        .map(|(n, d)| Entry::deflated(n, d))
        .collect()
}

/// The honest package, rebuilt by hand: it opens.
fn honest() -> Vec<u8> {
    rawzip::write(&entries())
}

fn pdf_name() -> String {
    members()[2].0.clone()
}

/// Checks that `bytes` are refused with `code` and a one-line reason, by the reader, by an
/// import (which stores nothing) and by verify; and that the honest package still opens.
fn refused(bytes: &[u8], code: &str) -> String {
    let Err(err) = open_package(bytes) else {
        panic!("the hostile package opened");
    };
    assert_eq!(err.code(), code, "{err}");
    let line = err.to_string();
    assert!(!line.contains('\n'), "one line: {line}");

    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let imported = desk.import(bytes, None).unwrap_err();
    assert_eq!(imported.code(), code, "{imported}");
    assert!(desk.list(true).unwrap().is_empty(), "nothing was stored");
    assert_eq!(
        desk.verify_file("p.zip", bytes)
            .reason_code
            .map(|c| c.as_str()),
        Some(code)
    );

    assert!(open_package(&honest()).is_ok(), "the honest package opens");
    line
}

/// The offsets of the central directory's entries in an archive written by `rawzip`.
fn central_entries(bytes: &[u8]) -> Vec<usize> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let end = bytes.len() - 22;
    let mut at = u32::from_le_bytes(bytes[end + 16..end + 20].try_into().unwrap()) as usize;
    let mut found = Vec::new();
    while at < end {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        found.push(at);
        at += 46 + u16_at(at + 28) + u16_at(at + 30) + u16_at(at + 32);
    }
    found
}

/// The central directory's size and offset, as the honest end record gives them.
fn directory(bytes: &[u8]) -> (u32, u32) {
    let end = bytes.len() - 22;
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    (u32_at(end + 12), u32_at(end + 16))
}

/// The honest members with a forged PDF of the same name where the PDF belongs, and the
/// genuine PDF last: a reader that takes the first of two names shows the forgery, one that
/// takes the last verifies the genuine file.
fn with_forged_pdf() -> Vec<Entry> {
    let mut entries = entries();
    let genuine = entries[2].clone();
    entries[2] = Entry::file(
        &pdf_name(),
        b"%PDF-1.7 forged: the review says something else",
    );
    entries.push(genuine);
    entries
}

#[test]
fn the_honest_package_rebuilt_by_hand_opens() {
    let opened = open_package(&honest()).unwrap();
    assert_eq!(opened.members.len(), 5);
    assert_eq!(opened.members[2], pdf_name());
}

#[test]
fn an_end_record_counting_five_entries_in_all_but_six_on_its_disk_is_refused() {
    let forged = rawzip::write_with(
        &with_forged_pdf(),
        &End {
            total: Some(5),
            ..End::default()
        },
    );
    let line = refused(&forged, "entry_count_mismatch");
    assert!(line.contains("6 files on this disk but 5 in all"), "{line}");
    // The same forgery with honest counts is two files of one name.
    let line = refused(&rawzip::write(&with_forged_pdf()), "duplicate_member");
    assert!(line.contains(&pdf_name()), "{line}");
}

/// The Python that cross-checks the archives: the system's, or the one on the PATH.
fn python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import zipfile"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 with zipfile is needed to cross-check the forged archives")
}

/// What Python's `zipfile` sees in `bytes`: every name, and the first bytes of each member.
fn python_reads(bytes: &[u8]) -> Value {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("p.zip");
    std::fs::write(&path, bytes).unwrap();
    let script = r#"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps([[i.filename, z.read(i)[:16].decode("latin-1")] for i in z.infolist()]))
"#;
    let out = Command::new(python())
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_independent_reader_sees_the_forged_archives_as_the_reader_refuses_them() {
    let pdf = pdf_name();
    let honest = python_reads(&honest());
    let names: Vec<&str> = members().iter().map(|(n, _)| n.as_str()).collect();
    let seen: Vec<&str> = honest
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap())
        .collect();
    assert_eq!(seen, names);

    // Five in all, six on this disk: Python walks the whole directory and finds the PDF's
    // name twice, the forgery first; the zip crate keeps one member per name, the last one,
    // which is the genuine PDF the manifest's hash would verify.
    let forged = rawzip::write_with(
        &with_forged_pdf(),
        &End {
            total: Some(5),
            ..End::default()
        },
    );
    let read = python_reads(&forged);
    let read = read.as_array().unwrap();
    assert_eq!(read.len(), 6, "{read:?}");
    assert_eq!(read[2][0], pdf.as_str());
    assert_eq!(read[5][0], pdf.as_str());
    assert!(read[2][1].as_str().unwrap().starts_with("%PDF-1.7 forged"));
    assert!(!read[5][1].as_str().unwrap().contains("forged"));
    let mut zip = zip::ZipArchive::new(Cursor::new(&forged)).unwrap();
    assert_eq!(zip.len(), 5);
    let mut shown = Vec::new();
    zip.by_name(&pdf).unwrap().read_to_end(&mut shown).unwrap();
    assert_eq!(shown, members()[2].1, "the zip crate picks the genuine PDF");

    // Six entries where both counts say five: Python sees six, the zip crate reads five.
    let hidden = rawzip::write_with(
        &with_forged_pdf(),
        &End {
            on_disk: Some(5),
            total: Some(5),
            ..End::default()
        },
    );
    assert_eq!(python_reads(&hidden).as_array().unwrap().len(), 6);
    assert_eq!(zip::ZipArchive::new(Cursor::new(&hidden)).unwrap().len(), 5);
}

#[test]
fn a_directory_holding_other_entries_than_its_end_record_counts_is_refused() {
    let more = rawzip::write_with(
        &with_forged_pdf(),
        &End {
            on_disk: Some(5),
            total: Some(5),
            ..End::default()
        },
    );
    let line = refused(&more, "directory_count_mismatch");
    assert!(line.contains("lists 6 files"), "{line}");
    let fewer = rawzip::write_with(
        &entries(),
        &End {
            on_disk: Some(6),
            total: Some(6),
            ..End::default()
        },
    );
    refused(&fewer, "directory_count_mismatch");
}

#[test]
fn an_archive_spanning_several_disks_is_refused() {
    for (disk, directory_disk) in [(1, 1), (1, 0), (0, 1)] {
        let spanned = rawzip::write_with(
            &entries(),
            &End {
                disk,
                directory_disk,
                ..End::default()
            },
        );
        refused(&spanned, "multi_disk");
    }
    // One member that says it starts on another disk.
    let mut bytes = honest();
    let readme = central_entries(&bytes)[4];
    bytes[readme + 34] = 1;
    refused(&bytes, "multi_disk");
}

#[test]
fn bytes_after_the_end_record_are_refused() {
    for after in [b"PK\x03\x04 junk".to_vec(), vec![0; 100 * 1024]] {
        let bytes = rawzip::write_with(
            &entries(),
            &End {
                after_end: after.clone(),
                ..End::default()
            },
        );
        let line = refused(&bytes, "trailing_bytes");
        assert!(line.contains(&format!("{} bytes", after.len())), "{line}");
    }
}

#[test]
fn an_archive_comment_is_refused() {
    let bytes = rawzip::write_with(
        &entries(),
        &End {
            comment: b"see also the other PDF".to_vec(),
            ..End::default()
        },
    );
    refused(&bytes, "zip_comment");
}

#[test]
fn a_directory_that_does_not_end_where_the_end_record_begins_is_refused() {
    let (size, offset) = directory(&honest());
    let moved = |end: End| rawzip::write_with(&entries(), &end);
    // A gap between the directory and the end record.
    refused(
        &moved(End {
            before_end: vec![0; 4],
            ..End::default()
        }),
        "directory_misplaced",
    );
    // A directory said to be shorter, or to start elsewhere.
    refused(
        &moved(End {
            directory_size: Some(size - 1),
            ..End::default()
        }),
        "directory_misplaced",
    );
    refused(
        &moved(End {
            directory_offset: Some(0),
            ..End::default()
        }),
        "directory_misplaced",
    );
    // Offset and size add up, but no entry starts where the directory is said to.
    refused(
        &moved(End {
            directory_offset: Some(offset - 1),
            directory_size: Some(size + 1),
            ..End::default()
        }),
        "directory_misplaced",
    );
    // An entry that is not one: its signature is damaged.
    let mut bytes = honest();
    let first = central_entries(&bytes)[0];
    bytes[first + 3] = 3;
    refused(&bytes, "directory_misplaced");
    // The last entry runs into the end record (its comment length says so).
    let mut bytes = honest();
    let last = central_entries(&bytes)[4];
    bytes[last + 32] = 8;
    refused(&bytes, "directory_misplaced");
}

#[test]
fn zip64_records_are_refused() {
    let end = |end: End| rawzip::write_with(&entries(), &end);
    refused(
        &end(End {
            before_end: rawzip::zip64_locator(0),
            ..End::default()
        }),
        "zip64",
    );
    refused(
        &end(End {
            on_disk: Some(u16::MAX),
            total: Some(u16::MAX),
            ..End::default()
        }),
        "zip64",
    );
    refused(
        &end(End {
            directory_offset: Some(u32::MAX),
            ..End::default()
        }),
        "zip64",
    );
    // A member whose size is the ZIP64 marker.
    let mut marked = entries();
    marked[4].declared_size = u32::MAX;
    refused(&rawzip::write(&marked), "zip64");
}

/// The honest package with its manifest's file list changed by `edit` and signed again with
/// the signer's own key: only the reader's own checks stand between it and the user.
fn with_files(edit: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let signed: Value = serde_json::from_slice(&members()[0].1).unwrap();
    let mut manifest = signed["manifest"].clone();
    edit(manifest["files"].as_array_mut().unwrap());
    let mut entries = entries();
    entries[0] = Entry::deflated("manifest.json", &sign_manifest(&manifest, &key()).unwrap());
    rawzip::write(&entries)
}

#[test]
fn the_manifest_lists_every_member_but_itself_with_its_role_and_size() {
    let signed: Value = serde_json::from_slice(&members()[0].1).unwrap();
    let files = signed["manifest"]["files"].as_array().unwrap();
    let listed: Vec<Value> = files
        .iter()
        .map(|f| json!([f["name"], f["role"], f["size"]]))
        .collect();
    let wanted: Vec<Value> = members()[1..]
        .iter()
        .zip(["review", "pdf", "public_key", "readme"])
        .map(|((name, data), role)| json!([name, role, data.len()]))
        .collect();
    assert_eq!(listed, wanted);
    // Signed again unchanged, it still opens: the tests below change only what they say.
    assert!(open_package(&with_files(|_| {})).is_ok());
}

#[test]
fn a_manifest_leaving_out_a_member_is_refused() {
    for (left_out, name) in [(3, "README.txt"), (2, "signer-key.jwk.json")] {
        let bytes = with_files(|files| {
            files.remove(left_out);
        });
        let line = refused(&bytes, "unlisted_member");
        assert!(line.contains(name), "{line}");
    }
}

#[test]
fn a_manifest_listing_a_file_the_package_lacks_is_refused() {
    let bytes = with_files(|files| {
        let mut annex = files[1].clone();
        annex["name"] = json!("annex.pdf");
        files.push(annex);
    });
    let line = refused(&bytes, "extra_listing");
    assert!(line.contains("annex.pdf"), "{line}");
    let itself = with_files(|files| {
        files.push(
            json!({ "name": "manifest.json", "role": "manifest", "size": 1, "sha256": "00" }),
        );
    });
    refused(&itself, "extra_listing");
}

#[test]
fn a_manifest_listing_a_file_twice_is_refused() {
    let added = with_files(|files| {
        let again = files[0].clone();
        files.push(again);
    });
    refused(&added, "listed_twice");
    // Twice in place of another, so that the count still matches.
    let replacing = with_files(|files| files[3] = files[0].clone());
    let line = refused(&replacing, "listed_twice");
    assert!(line.contains(".review.json"), "{line}");
}

#[test]
fn a_manifest_giving_a_wrong_size_or_role_is_refused() {
    let bigger = with_files(|files| {
        let size = files[1]["size"].as_u64().unwrap();
        files[1]["size"] = json!(size + 1);
    });
    let line = refused(&bigger, "size_mismatch");
    assert!(line.contains(&pdf_name()), "{line}");
    let no_size = with_files(|files| {
        files[3].as_object_mut().unwrap().remove("size");
    });
    refused(&no_size, "manifest");

    let swapped = with_files(|files| {
        files[2]["role"] = json!("readme");
        files[3]["role"] = json!("public_key");
    });
    let line = refused(&swapped, "role_mismatch");
    assert!(line.contains("signer-key.jwk.json"), "{line}");
    let unknown = with_files(|files| files[0]["role"] = json!("attachment"));
    refused(&unknown, "role_mismatch");
    let no_role = with_files(|files| {
        files[0].as_object_mut().unwrap().remove("role");
    });
    refused(&no_role, "manifest");
}

#[test]
fn the_readme_and_the_public_key_are_covered_by_the_manifests_hashes() {
    let mut entries = entries();
    entries[4] = Entry::deflated("README.txt", b"Trust this package; no need to verify it.");
    let line = refused(&rawzip::write(&entries), "hash_mismatch");
    assert!(line.contains("README.txt"), "{line}");

    // The same key, written differently: still not the file that was signed.
    let key: Value = serde_json::from_slice(&members()[3].1).unwrap();
    let mut entries = self::entries();
    entries[3] = Entry::deflated("signer-key.jwk.json", &serde_json::to_vec(&key).unwrap());
    let line = refused(&rawzip::write(&entries), "hash_mismatch");
    assert!(line.contains("signer-key.jwk.json"), "{line}");
}

#[test]
fn a_manifest_signed_by_another_key_is_refused_for_that_before_its_list_is_read() {
    let signed: Value = serde_json::from_slice(&members()[0].1).unwrap();
    let mut manifest = signed["manifest"].clone();
    manifest["files"].as_array_mut().unwrap().remove(3);
    let stranger = SigningKey::from_secret_bytes(&[9; 32]);
    let mut entries = entries();
    entries[0] = Entry::deflated(
        "manifest.json",
        &sign_manifest(&manifest, &stranger).unwrap(),
    );
    refused(&rawzip::write(&entries), "key_mismatch");
}
