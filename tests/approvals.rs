//! The sign-off list and approvals recorded by hand against an exact text: signed on paper or
//! by email, named by revision or by the fingerprint the footer prints, with the scanned page
//! kept; stale after an edit, and current again after a restore of the approved text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::signoff::{code, coordinator, paper};
use gcm_review::desk::{
    ApprovalMethod, Attachment, EntitySource, EntityState, NewContributor, NewSignoffEntity,
};
use serde_json::json;
use tempfile::TempDir;

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
fn the_sign_off_list_takes_the_contributors_not_on_it_yet() {
    let dir = TempDir::new().unwrap();
    let (mut desk, id) = coordinator(dir.path());
    for (name, email) in [
        ("Ministry of Health", "health@example.org"),
        ("Bureau of Statistics", "stats@example.org"),
        ("County of Mombasa", "mombasa@example.org"),
    ] {
        let new = NewContributor {
            name: name.into(),
            ministry: String::new(),
            email: email.into(),
        };
        desk.add_contributor(&id, &new).unwrap();
    }
    // Health is on the list already (added by hand): only the other two are offered.
    let offered = |desk: &gcm_review::Desk| -> Vec<String> {
        let status = desk.signoff_status(&id).unwrap();
        assert_eq!(
            status.candidates,
            desk.signoff_candidates(&id).unwrap(),
            "the status offers the candidates"
        );
        status.candidates.into_iter().map(|c| c.name).collect()
    };
    assert_eq!(
        offered(&desk),
        ["Bureau of Statistics", "County of Mombasa"]
    );

    // One that is listed, or unknown, is refused and nothing is added.
    let before = desk.signoff_list(&id).unwrap();
    let wanted = [
        "county-of-mombasa".to_string(),
        "ministry of health".to_string(),
    ];
    assert_eq!(
        code(
            desk.add_signoff_from_contributors(&id, &wanted)
                .unwrap_err()
        ),
        "entity_exists"
    );
    let unknown = [
        "county-of-mombasa".to_string(),
        "Ministry of Finance".to_string(),
    ];
    assert_eq!(
        code(
            desk.add_signoff_from_contributors(&id, &unknown)
                .unwrap_err()
        ),
        "unknown_contributor"
    );
    assert_eq!(desk.signoff_list(&id).unwrap(), before, "nothing added");

    let added = desk
        .add_signoff_from_contributors(&id, &["County of Mombasa".to_string()])
        .unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].entity, "County of Mombasa");
    assert_eq!(added[0].source, EntitySource::Contributor);
    assert_eq!(offered(&desk), ["Bureau of Statistics"]);

    // With none named, every one not listed yet; then there is none left to add.
    let added = desk.add_signoff_from_contributors(&id, &[]).unwrap();
    let names: Vec<&str> = added.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(names, ["Bureau of Statistics"]);
    assert!(offered(&desk).is_empty());
    assert_eq!(
        code(desk.add_signoff_from_contributors(&id, &[]).unwrap_err()),
        "invalid_input"
    );
    let list = desk.signoff_list(&id).unwrap();
    let sources: Vec<(&str, EntitySource)> =
        list.iter().map(|e| (e.entity.as_str(), e.source)).collect();
    assert_eq!(
        sources,
        [
            ("Ministry of Labour", EntitySource::Manual),
            ("Ministry of Health", EntitySource::Manual),
            ("County of Mombasa", EntitySource::Contributor),
            ("Bureau of Statistics", EntitySource::Contributor),
        ]
    );
    // An entity taken from the contributors is approved like any other.
    desk.record_approval(&id, &paper("county of mombasa"))
        .unwrap();
    assert_eq!(desk.signoff_status(&id).unwrap().approved, 1);
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
