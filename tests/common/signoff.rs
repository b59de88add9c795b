//! What the sign-off tests share: a coordinator's desk with a review and a sign-off list, an
//! approver's desk, approvals recorded by hand, and the text of a PDF.

use std::path::Path;
use std::process::Command;

use gcm_review::desk::{ApprovalMethod, NewApproval, NewSignoffEntity};
use gcm_review::sign::{KdfParams, Signer};
use gcm_review::{Desk, DeskError};

/// The passphrase of every test key.
pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn signer(name: &str, ministry: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Permanent Secretary".into(),
        ministry: ministry.into(),
        email: "ps@example.go.ke".into(),
    }
}

pub fn desk(dir: &Path, who: &Signer) -> Desk {
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
pub fn coordinator(dir: &Path) -> (Desk, String) {
    let mut desk = desk(dir, &signer("Amina Otieno", "Ministry of Interior"));
    let id = super::new_review(&mut desk);
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

pub fn paper(entity: &str) -> NewApproval {
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

pub fn code(e: DeskError) -> &'static str {
    e.code().as_str()
}

/// The approver's machine: a key, a signer at the Ministry of Labour.
pub fn approver(dir: &Path) -> Desk {
    let mut desk = desk(dir, &signer("Grace Njeri", "Ministry of Labour"));
    desk.create_key(&PASSPHRASE.into()).unwrap();
    desk
}

/// The coordinator's circulated draft: the review signed with the coordinator's key.
pub fn circulated(desk: &mut Desk, id: &str) -> Vec<u8> {
    if desk.keys().unwrap().is_empty() {
        desk.create_key(&PASSPHRASE.into()).unwrap();
    }
    desk.export_json(id, Some(&PASSPHRASE.into()))
        .unwrap()
        .bytes
}

/// The text pdftotext extracts from a PDF, with its layout (the test fails if poppler-utils is
/// missing).
pub fn pdf_text(dir: &Path, name: &str, pdf: &[u8]) -> String {
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
