//! The store's contracts: migrations, durable autosave, revisions, restore, stale writers,
//! completeness kept right across saves, and refusing damaged or unwritable stores without
//! touching them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::new_review;
use gcm_review::review::completeness;
use gcm_review::store::{RevisionKind, DB_FILE, MIGRATIONS};
use gcm_review::template::FieldKind;
use gcm_review::{Desk, DeskError, NewReview, Store, StoreError, Template, Values};
use rusqlite::Connection;
use serde_json::{json, Value};

fn desk(dir: &Path) -> Desk {
    Desk::open(dir).expect("open desk")
}

fn change(path: &str, value: Value) -> Values {
    [(path.to_string(), value)].into()
}

#[test]
fn migrates_from_empty_and_from_every_earlier_version() {
    for applied in 0..=MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let conn = Connection::open(&path).unwrap();
            for (i, sql) in MIGRATIONS.iter().take(applied).enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i as i64 + 1)
                    .unwrap();
            }
            if applied >= 1 {
                conn.execute_batch(
                    "INSERT INTO reviews (id, template_id, template_version, created_at, updated_at, head)
                     VALUES ('r1', 'imrf-annex1', '2021.09', 't', 't', 0);",
                )
                .unwrap();
            }
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        if applied >= 1 {
            assert_eq!(
                store.record("r1").unwrap().id,
                "r1",
                "data kept from version {applied}"
            );
        }
    }
}

#[test]
fn refuses_a_store_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
}

#[test]
fn store_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn saves_edits_as_revisions_and_restores_any_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    let v1 = desk
        .save(&id, 1, change("methodology.process", json!("First draft.")))
        .unwrap();
    assert_eq!(v1.version, 2);
    let v2 = desk
        .save(
            &id,
            2,
            [
                ("methodology.process".to_string(), json!("Second draft.")),
                (
                    "objectives.7.measures".to_string(),
                    json!("Shelters opened."),
                ),
            ]
            .into(),
        )
        .unwrap();
    assert_eq!(v2.version, 3);
    // Saving what is already stored makes no revision.
    let same = desk
        .save(
            &id,
            3,
            change("methodology.process", json!("Second draft.")),
        )
        .unwrap();
    assert_eq!(same.version, 3);

    let history = desk.history(&id).unwrap();
    assert_eq!(
        history.iter().map(|r| r.number).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(
        history[0].paths,
        ["methodology.process", "objectives.7.measures"]
    );
    assert_eq!(history[2].kind, RevisionKind::Create);

    let then = desk.revision(&id, 2).unwrap();
    assert_eq!(then["methodology.process"], json!("First draft."));
    assert!(!then.contains_key("objectives.7.measures"));

    let restored = desk.restore(&id, 2).unwrap();
    assert_eq!(restored.version, 4);
    assert_eq!(
        restored.values["methodology.process"],
        json!("First draft.")
    );
    assert!(!restored.values.contains_key("objectives.7.measures"));
    let history = desk.history(&id).unwrap();
    assert_eq!(history[0].kind, RevisionKind::Restore { from: 2 });
    // Nothing was destroyed: revision 3 is still there.
    assert_eq!(
        desk.revision(&id, 3).unwrap()["objectives.7.measures"],
        json!("Shelters opened.")
    );

    let milestone = desk.add_milestone(&id, "sent to ministries").unwrap();
    assert_eq!(milestone.number, 4);
    assert_eq!(
        desk.history(&id).unwrap()[0].milestones,
        ["sent to ministries"]
    );
    assert!(matches!(
        desk.add_milestone(&id, "  "),
        Err(DeskError::Store(StoreError::BadLabel))
    ));
    assert!(desk.revision(&id, 9).is_err());

    // Reopened from disk, everything is there.
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    assert_eq!(
        desk.open_review(&id).unwrap().values["methodology.process"],
        json!("First draft.")
    );
    assert_eq!(desk.history(&id).unwrap().len(), 4);
}

#[test]
fn a_stale_writer_is_refused_and_shown_the_newer_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = desk(dir.path());
    let id = new_review(&mut first);
    let mut second = desk(dir.path()); // another window or process on the same file
    first
        .save(&id, 1, change("methodology.process", json!("Window one.")))
        .unwrap();

    let err = second
        .save(&id, 1, change("methodology.process", json!("Window two.")))
        .unwrap_err();
    let DeskError::Store(StoreError::Conflict { version, values }) = &err else {
        panic!("{err}")
    };
    assert_eq!(*version, 2);
    assert_eq!(values["methodology.process"], json!("Window one."));
    assert_eq!(err.code(), "conflict");
    assert_eq!(
        err.details()["values"]["methodology.process"],
        json!("Window one.")
    );
    assert_eq!(
        first.open_review(&id).unwrap().values["methodology.process"],
        json!("Window one."),
        "the stale write changed nothing"
    );

    // A field nobody else touched is merged, and the writer learns what changed meanwhile.
    let merged = second
        .save(&id, 1, change("means.partnerships", json!("Bilateral.")))
        .unwrap();
    assert_eq!(merged.version, 3);
    assert_eq!(merged.merged["methodology.process"], json!("Window one."));
    // Having seen the newer text, the writer can save over it.
    second
        .save(&id, 3, change("methodology.process", json!("Window two.")))
        .unwrap();
}

#[test]
fn values_are_checked_against_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    for (path, value, reason) in [
        ("objectives.24.measures", json!("x"), "no field"),
        ("methodology.process", json!(3), "takes text"),
        (
            "objectives.7.principles",
            json!(["human_rights", "gravity"]),
            "does not offer 'gravity'",
        ),
        ("objectives.7.prioritised", json!("yes"), "true or false"),
        ("cover.member_state", json!("XXX"), "does not offer"),
        ("cover.date", json!("31/12/2026"), "YYYY-MM-DD"),
        (
            "annexes.stakeholders",
            json!([{ "name": "A", "colour": "red" }]),
            "rows",
        ),
        (
            "methodology.process",
            json!("x".repeat(3 * 1024 * 1024)),
            "more than",
        ),
    ] {
        let err = desk
            .save(&id, 1, change(path, value))
            .unwrap_err()
            .to_string();
        assert!(err.contains(reason), "{path}: {err}");
    }
    assert_eq!(
        desk.open_review(&id).unwrap().version,
        1,
        "nothing was written"
    );
    let ok = desk
        .save(
            &id,
            1,
            [
                (
                    "objectives.7.principles".to_string(),
                    json!(["human_rights", "human_rights", "child_sensitive"]),
                ),
                (
                    "annexes.stakeholders".to_string(),
                    json!([{ "name": "Diaspora council", "category": "diaspora" }]),
                ),
                ("objectives.7.prioritised".to_string(), json!(true)),
                ("cover.date".to_string(), json!("2026-03-01")),
            ]
            .into(),
        )
        .unwrap();
    let values = desk.open_review(&id).unwrap().values;
    assert_eq!(ok.version, 2);
    assert_eq!(
        values["objectives.7.principles"],
        json!(["human_rights", "child_sensitive"])
    );
    assert_eq!(
        values["annexes.stakeholders"],
        json!([{ "name": "Diaspora council", "category": "diaspora", "how_consulted": "", "date": "" }])
    );
}

#[test]
fn history_is_content_addressed() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    let long = "A paragraph about the national coordination mechanism. ".repeat(200);
    let mut version = 1;
    for i in 0..20 {
        let text = if i % 2 == 0 {
            long.clone()
        } else {
            format!("{long} And more.")
        };
        version = desk
            .save(&id, version, change("methodology.process", json!(text)))
            .unwrap()
            .version;
    }
    drop(desk);
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let blobs: i64 = conn
        .query_row(
            "SELECT count(*) FROM blobs WHERE length(content) > 1000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(blobs, 2, "20 saves alternating two texts store two blobs");
}

#[test]
fn trash_duplicate_and_id_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    desk.save(&id, 1, change("methodology.process", json!("Text.")))
        .unwrap();
    let copy = desk.duplicate(&id).unwrap();
    assert_ne!(copy.id, id);
    assert_eq!(
        desk.open_review(&copy.id).unwrap().values["methodology.process"],
        json!("Text.")
    );
    assert_eq!(desk.list(false).unwrap().len(), 2);

    desk.delete(&id).unwrap();
    assert_eq!(desk.list(false).unwrap().len(), 1);
    assert_eq!(desk.list(true).unwrap()[0].id, id);
    assert!(matches!(
        desk.open_review(&id),
        Err(DeskError::Store(StoreError::InTrash))
    ));
    assert!(desk
        .save(&id, 2, change("methodology.process", json!("x")))
        .is_err());
    desk.undelete(&id).unwrap();
    assert_eq!(desk.list(false).unwrap().len(), 2);

    assert_eq!(desk.resolve(&id[..8]).unwrap(), id);
    assert!(matches!(
        desk.resolve(""),
        Err(DeskError::Store(StoreError::NotFound(_)))
    ));
    assert!(matches!(
        desk.resolve("zzzz"),
        Err(DeskError::Store(StoreError::NotFound(_)))
    ));
    assert!(matches!(
        desk.create(NewReview {
            member_state: "ZZZ".into(),
            cycle: "x".into(),
            language: "en".into()
        }),
        Err(DeskError::UnknownMemberState(_))
    ));
    assert!(matches!(
        desk.create(NewReview {
            member_state: "KEN".into(),
            cycle: " ".into(),
            language: "en".into()
        }),
        Err(DeskError::NoCycle)
    ));
    assert!(matches!(
        desk.create(NewReview {
            member_state: "KEN".into(),
            cycle: "x".into(),
            language: "de".into()
        }),
        Err(DeskError::UnknownLanguage(..))
    ));
}

#[test]
fn ui_language_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    assert_eq!(desk.ui_language("fr").unwrap(), "fr");
    assert_eq!(desk.ui_language("de").unwrap(), "en");
    desk.set_ui_language("fr").unwrap();
    drop(desk);
    assert_eq!(
        Desk::open(dir.path()).unwrap().ui_language("en").unwrap(),
        "fr"
    );
}

#[test]
fn a_damaged_store_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(DB_FILE);
    // Garbage where the store should be.
    let garbage: Vec<u8> = (0..65536u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&file, &garbage).unwrap();
    let err = Desk::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "corrupt_store", "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        garbage,
        "nothing overwritten"
    );

    // A real store with its pages overwritten in the middle.
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    for i in 0..50 {
        desk.save(
            &id,
            i + 1,
            change(
                "methodology.process",
                json!(format!("Draft {i} {}", "x".repeat(4000))),
            ),
        )
        .unwrap();
    }
    drop(desk);
    let file = dir.path().join(DB_FILE);
    Connection::open(&file)
        .unwrap()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 8192] {
        *b = 0x5a;
    }
    std::fs::write(&file, &bytes).unwrap();
    let err = Desk::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "corrupt_store", "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "nothing overwritten");
}

#[test]
fn a_damaged_sign_off_record_is_an_error_not_an_empty_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(dir.path());
    let id = new_review(&mut desk);
    assert!(desk.document(&id).unwrap().signoff.is_empty());
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute(
        "UPDATE reviews SET signoff = ?2 WHERE id = ?1",
        rusqlite::params![id, r#"[{"ministry": "Labour", "name": "#],
    )
    .unwrap();
    let err = desk.document(&id).unwrap_err();
    assert_eq!(err.code(), "corrupt_store", "{err}");
    assert!(err.to_string().contains("sign-off"), "{err}");
}

/// A small deterministic generator for the random saves below.
struct Steps(u64);

impl Steps {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// An answer for a field, or one that does not count as an answer (empty, blank, false, none
/// chosen), or null (the field cleared).
fn some_value(template: &Template, path: &str, steps: &mut Steps) -> Value {
    let field = template.field(path).unwrap().field;
    if steps.next(4) == 0 {
        return Value::Null;
    }
    let answered = steps.next(3) != 0;
    match field.kind {
        FieldKind::Text | FieldKind::Richtext => {
            json!(if answered {
                "An answer."
            } else {
                ["", "   "][steps.next(2)]
            })
        }
        FieldKind::Bool => json!(answered),
        FieldKind::Date => json!(if answered { "2026-03-01" } else { "" }),
        FieldKind::Choice => {
            let options = template.option_values(field);
            json!(if answered { options[0].as_str() } else { "" })
        }
        FieldKind::Multi => {
            let options = template.option_values(field);
            json!(if answered {
                vec![options[0].clone()]
            } else {
                vec![]
            })
        }
        FieldKind::Table => {
            let cell = if answered { "2026-03-01" } else { "" };
            let row: serde_json::Map<String, Value> = field
                .columns
                .iter()
                .map(|c| {
                    let value = match c.kind {
                        FieldKind::Choice if answered => c.options[0].value.clone(),
                        FieldKind::Date | FieldKind::Choice => cell.to_string(),
                        _ => if answered { "A cell." } else { "" }.to_string(),
                    };
                    (c.id.clone(), json!(value))
                })
                .collect();
            json!([row])
        }
    }
}

#[test]
fn completeness_after_every_save_is_what_the_answers_give() {
    // Two windows on one store save random fields (answers, blanks, clears), sometimes on a
    // stale version (merged, or refused as a conflict), while one of them also restores old
    // revisions. After every save its completeness must be the one computed from scratch
    // from the answers at the version it returned.
    let template = Template::builtin();
    let fields: Vec<String> = template
        .fields()
        .iter()
        .filter(|f| f.objective.is_none_or(|n| n <= 3) && f.path() != "cover.member_state")
        .map(|f| f.path())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut desks = [desk(dir.path()), desk(dir.path())];
    let id = new_review(&mut desks[0]);
    let mut versions = [1u64, 1];
    let mut steps = Steps(20260301);
    let (mut saved, mut conflicts, mut merges) = (0, 0, 0);
    for step in 0..400 {
        let who = usize::from(steps.next(3) == 0);
        match steps.next(20) {
            0 if versions[who] > 2 => {
                let back = 1 + steps.next(versions[who] as usize - 1) as u64;
                versions[who] = desks[who].restore(&id, back).unwrap().version;
                continue;
            }
            1 => {
                versions[who] = desks[who].open_review(&id).unwrap().version;
                continue;
            }
            _ => {}
        }
        let mut changes = Values::new();
        for _ in 0..1 + steps.next(3) {
            let path = &fields[steps.next(fields.len())];
            changes.insert(path.clone(), some_value(template, path, &mut steps));
        }
        match desks[who].save(&id, versions[who], changes) {
            Ok(outcome) => {
                saved += 1;
                merges += usize::from(!outcome.merged.is_empty());
                versions[who] = outcome.version;
                let values = desks[who].revision(&id, outcome.version).unwrap();
                assert_eq!(
                    outcome.completeness,
                    completeness(template, &values),
                    "step {step}: save by window {who} at version {}",
                    outcome.version
                );
            }
            Err(DeskError::Store(StoreError::Conflict { version, .. })) => {
                conflicts += 1;
                versions[who] = version;
            }
            Err(e) => panic!("step {step}: {e}"),
        }
    }
    assert!(
        saved > 250 && conflicts > 5 && merges > 20,
        "{saved} {conflicts} {merges}"
    );
}
