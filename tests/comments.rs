//! Comments per field, for interministerial review: threads with replies, resolved and
//! reopened, counted per field, section and objective; written by this machine's signer or by
//! a contributor; and internal: no signed file, package member or submission PDF carries a
//! comment's text, while an internal-review copy prints it after the answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use gcm_review::desk::{AuthorKind, PdfOptions};
use gcm_review::sign::{KdfParams, Signer};
use gcm_review::Desk;
use tempfile::TempDir;

const PASSPHRASE: &str = "correct horse battery staple";

/// A word no answer, label or template text contains.
const SECRET: &str = "Quokkafigures7319";

fn signer(name: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Director of Migration Policy".into(),
        ministry: "Ministry of Interior".into(),
        email: "amina@example.go.ke".into(),
    }
}

/// A desk with a signer (and, with `key`, a signing key) and a review; its id.
fn coordinator(dir: &Path, key: bool) -> (Desk, String) {
    let mut desk = Desk::open(dir).unwrap();
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
    desk.set_signer(&signer("Amina Otieno")).unwrap();
    if key {
        desk.create_key(&PASSPHRASE.into()).unwrap();
    }
    let id = common::new_review(&mut desk);
    desk.set_text(&id, "methodology.process", "We consulted ten ministries.")
        .unwrap();
    (desk, id)
}

#[test]
fn a_thread_is_a_comment_and_its_replies_resolved_and_reopened_as_one() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path(), false);
    let thread = desk
        .add_comment(&id, "methodology.process", "  Name the ten ministries.  ")
        .unwrap();
    assert_eq!(thread.path, "methodology.process");
    assert_eq!(thread.section, "methodology");
    assert!(thread.open);
    let first = &thread.comments[0];
    assert_eq!(first.text, "Name the ten ministries.", "trimmed");
    assert_eq!(first.author, "Amina Otieno");
    assert_eq!(first.author_kind, AuthorKind::Signer);
    assert_eq!(first.revision, 2, "written on the newest revision");

    let reply = desk
        .reply_comment(&id, &first.id, "Listed in the annex.")
        .unwrap();
    assert_eq!(reply.id, thread.id);
    // A reply to a reply joins the same thread, by a unique prefix of its id.
    let prefix = &reply.comments[1].id[..8];
    let again = desk.reply_comment(&id, prefix, "Thanks.").unwrap();
    assert_eq!(again.id, thread.id);
    let texts: Vec<&str> = again.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Name the ten ministries.",
            "Listed in the annex.",
            "Thanks."
        ]
    );
    assert!(again.comments[1..]
        .iter()
        .all(|c| c.parent.as_deref() == Some(thread.id.as_str())));

    // Resolving through any comment of the thread resolves the thread.
    let resolved = desk.resolve_comment(&id, &again.comments[2].id).unwrap();
    assert!(!resolved.open);
    assert_eq!(resolved.resolved_by.as_deref(), Some("Amina Otieno"));
    assert!(
        desk.comments(&id, true).unwrap().is_empty(),
        "no open thread"
    );
    assert_eq!(desk.comments(&id, false).unwrap().len(), 1);
    assert_eq!(desk.comment_counts(&id).unwrap().open, 0);

    let reopened = desk.reopen_comment(&id, &thread.id).unwrap();
    assert!(reopened.open && reopened.resolved_at.is_none());
    assert_eq!(desk.comments(&id, true).unwrap().len(), 1);
}

#[test]
fn counts_per_field_section_and_objective_and_the_panel_in_template_order() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path(), false);
    desk.add_comment(&id, "objectives.7.measures", "Which shelters?")
        .unwrap();
    desk.add_comment(&id, "objectives.7.measures", "And since when?")
        .unwrap();
    desk.add_comment(&id, "methodology.process", "Dates?")
        .unwrap();
    let resolved = desk
        .add_comment(&id, "objectives.3.measures", "Done.")
        .unwrap();
    desk.resolve_comment(&id, &resolved.id).unwrap();
    desk.add_contributor_comment(
        &id,
        "objectives.7.measures",
        "Ministry of Labour",
        "Our figures are in the annex.",
    )
    .unwrap();

    let counts = desk.comment_counts(&id).unwrap();
    assert_eq!((counts.open, counts.total), (4, 5));
    assert_eq!(counts.by_field["objectives.7.measures"], 3);
    assert_eq!(counts.by_field["methodology.process"], 1);
    assert!(!counts.by_field.contains_key("objectives.3.measures"));
    assert_eq!(counts.by_section["objectives"], 3);
    assert_eq!(counts.by_section["methodology"], 1);
    assert_eq!(counts.by_objective[&7], 3);

    let open = desk.comments(&id, true).unwrap();
    let paths: Vec<&str> = open.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "methodology.process",
            "objectives.7.measures",
            "objectives.7.measures",
            "objectives.7.measures"
        ],
        "template order, then oldest first"
    );
    let from_contributor = open
        .iter()
        .find(|t| t.comments[0].text.contains("figures"))
        .unwrap();
    assert_eq!(from_contributor.comments[0].author, "Ministry of Labour");
    assert_eq!(
        from_contributor.comments[0].author_kind,
        AuthorKind::Contributor
    );
    assert_eq!(from_contributor.objective, Some(7));
}

#[test]
fn comments_that_cannot_be_are_refused_with_their_code() {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = common::new_review(&mut desk);
    let code = |e: gcm_review::DeskError| e.code().as_str();
    assert_eq!(
        code(
            desk.add_comment(&id, "methodology.process", "Hello")
                .unwrap_err()
        ),
        "no_signer",
        "a comment is signed with this machine's signer identity"
    );
    desk.set_signer(&signer("Amina Otieno")).unwrap();
    assert_eq!(
        code(
            desk.add_comment(&id, "methodology.nowhere", "Hello")
                .unwrap_err()
        ),
        "invalid_value"
    );
    assert_eq!(
        code(
            desk.add_comment(&id, "methodology.process", " \n ")
                .unwrap_err()
        ),
        "bad_comment"
    );
    let long = "x".repeat(gcm_review::desk::MAX_COMMENT_CHARS + 1);
    assert_eq!(
        code(
            desk.add_comment(&id, "methodology.process", &long)
                .unwrap_err()
        ),
        "bad_comment"
    );
    assert_eq!(
        code(desk.reply_comment(&id, "0000000", "Hello").unwrap_err()),
        "comment_not_found"
    );
    assert_eq!(
        code(desk.resolve_comment(&id, "ab").unwrap_err()),
        "comment_not_found",
        "a prefix shorter than four characters names nothing"
    );
    assert_eq!(
        code(
            desk.add_comment("no-such-review", "methodology.process", "Hi")
                .unwrap_err()
        ),
        "not_found"
    );
    assert!(
        desk.comments(&id, false).unwrap().is_empty(),
        "nothing stored"
    );
}

/// The text pdftotext extracts from a PDF (the test fails if poppler-utils is missing).
fn pdf_text(dir: &Path, name: &str, pdf: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to check what a PDF says");
    assert!(out.status.success(), "pdftotext failed on {name}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every member of a zip, inflated.
fn members(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut member = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            (member.name().to_string(), data)
        })
        .collect()
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn no_exported_artefact_carries_a_comment_and_the_internal_copy_prints_it() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(&dir.path().join("data"), true);
    let thread = desk
        .add_comment(
            &id,
            "methodology.process",
            &format!("{SECRET}: check the count"),
        )
        .unwrap();
    desk.reply_comment(&id, &thread.id, &format!("Reply {SECRET}"))
        .unwrap();
    desk.add_comment(&id, "cover.focal_point", &format!("Cover {SECRET}"))
        .unwrap();
    desk.add_comment(
        &id,
        "objectives.7.measures",
        &format!("Unanswered {SECRET}"),
    )
    .unwrap();

    let unsigned = desk.export_json(&id, None).unwrap();
    assert!(!holds(&unsigned.bytes, SECRET), "unsigned JSON");
    let signed = desk.export_json(&id, Some(&PASSPHRASE.into())).unwrap();
    assert!(!holds(&signed.bytes, SECRET), "signed JSON");
    let document = serde_json::to_vec(&desk.document(&id).unwrap()).unwrap();
    assert!(!holds(&document, SECRET), "review document");

    // The package, every member inflated, its PDF as text too; even when the options ask
    // for an internal-review copy.
    let asked = PdfOptions {
        internal_review: true,
        ..PdfOptions::default()
    };
    let package = desk.package(&id, &PASSPHRASE.into(), &asked).unwrap();
    assert!(!holds(&package.bytes, SECRET));
    let inside = members(&package.bytes);
    assert!(
        inside.len() >= 4,
        "{:?}",
        inside.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    for (name, data) in &inside {
        assert!(!holds(data, SECRET), "package member {name}");
        if name.ends_with(".pdf") {
            let text = pdf_text(dir.path(), "package.pdf", data);
            assert!(
                text.contains("We consulted ten ministries."),
                "the PDF's text is read"
            );
            assert!(!text.contains(SECRET), "the package's PDF prints a comment");
        }
    }

    let submission = desk.export_pdf(&id, &PdfOptions::default()).unwrap();
    let text = pdf_text(dir.path(), "submission.pdf", &submission);
    assert!(text.contains("We consulted ten ministries."));
    assert!(
        !text.contains(SECRET),
        "the submission PDF prints a comment"
    );
    assert!(!text.contains("INTERNAL REVIEW COPY"));

    // The internal-review copy: numbered notes after each answer, replies numbered within
    // their thread, a comment on an unanswered field with its label, and the notice.
    let internal = desk.export_pdf(&id, &asked).unwrap();
    let text = pdf_text(dir.path(), "internal.pdf", &internal);
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squashed.contains("INTERNAL REVIEW COPY"), "{squashed}");
    assert_eq!(squashed.matches(SECRET).count(), 4, "{squashed}");
    let answer = squashed.find("We consulted ten ministries.").unwrap();
    assert!(squashed.contains(&format!(": {SECRET}: check the count")));
    assert!(
        squashed.contains("[1] Amina Otieno"),
        "the cover's thread comes first"
    );
    assert!(squashed.contains("[2.1] Amina Otieno"), "{squashed}");
    assert!(answer < squashed.find(&format!("{SECRET}: check")).unwrap());
    assert!(squashed.contains(&format!("Cover {SECRET}")));
    assert!(squashed.contains(&format!("Unanswered {SECRET}")));
    // The store keeps the comments: nothing was consumed by the exports.
    assert_eq!(desk.comment_counts(&id).unwrap().open, 3);
}
