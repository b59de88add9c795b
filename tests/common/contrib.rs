//! Two machines for contribution tests: the coordinator's, with a review, a signer and a key,
//! and a contributing ministry's; a request cut on one and a response returned from the other;
//! responses made by hand; and the whole store as JSON, to compare before and after.

use std::path::Path;

use gcm_review::contrib::{build_response, open_request, Request, Response, RESPONSE_FORMAT};
use gcm_review::desk::{MergeDecision, NewContributor, RequestOptions, Resolution};
use gcm_review::sign::{KdfParams, Signer, SigningKey};
use gcm_review::store::DB_FILE;
use gcm_review::{Desk, NewReview, Values};
use serde_json::{json, Value};
use sha2::Digest;
use tempfile::TempDir;

/// The passphrase of every key in these tests.
pub const PASSPHRASE: &str = "correct horse battery staple";

/// A desk over a folder, with a cheap key derivation.
pub fn desk(dir: &Path) -> Desk {
    let mut desk = Desk::open(dir).unwrap();
    desk.set_kdf(KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    });
    desk
}

/// Someone who signs.
pub fn signer(name: &str, ministry: &str, email: &str) -> Signer {
    Signer {
        name: name.into(),
        title: "Director".into(),
        ministry: ministry.into(),
        email: email.into(),
    }
}

/// The coordinator's machine and the contributing ministry's.
pub struct Machines {
    /// The coordinator's folder.
    pub coordinator_dir: TempDir,
    /// The contributor's folder.
    pub contributor_dir: TempDir,
    /// The coordinator's desk.
    pub coordinator: Desk,
    /// The contributor's desk (a signer, no key yet).
    pub contributor: Desk,
    /// The review.
    pub review: String,
}

impl Machines {
    /// A Kenyan review with a coordinator who signs, and a contributor at the Ministry of
    /// Labour with no key yet.
    pub fn new() -> Machines {
        let coordinator_dir = TempDir::new().unwrap();
        let contributor_dir = TempDir::new().unwrap();
        let mut coordinator = desk(coordinator_dir.path());
        coordinator
            .set_signer(&signer(
                "Amina Otieno",
                "Ministry of Foreign Affairs",
                "amina@example.go.ke",
            ))
            .unwrap();
        coordinator.create_key(&PASSPHRASE.into()).unwrap();
        let review = coordinator
            .create(NewReview {
                member_state: "KEN".into(),
                cycle: "IMRF 2026".into(),
                language: "en".into(),
            })
            .unwrap()
            .id;
        let mut contributor = desk(contributor_dir.path());
        contributor
            .set_signer(&signer(
                "Peter Mwangi",
                "Ministry of Labour",
                "peter@labour.example.go.ke",
            ))
            .unwrap();
        Machines {
            coordinator_dir,
            contributor_dir,
            coordinator,
            contributor,
            review,
        }
    }

    /// Sets answers in the coordinator's review, as one revision.
    pub fn coordinator_sets(&mut self, values: Value) {
        let changes: Values = serde_json::from_value(values).unwrap();
        let head = self.coordinator.open_review(&self.review).unwrap().version;
        self.coordinator.save(&self.review, head, changes).unwrap();
    }

    /// Adds the Ministry of Labour and assigns it `selectors`; its id.
    pub fn labour(&mut self, selectors: &[&str]) -> String {
        let entity = self
            .coordinator
            .add_contributor(
                &self.review,
                &NewContributor {
                    name: "Ministry of Labour".into(),
                    ministry: String::new(),
                    email: "labour@example.go.ke".into(),
                },
            )
            .unwrap();
        let selectors: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
        self.coordinator
            .assign(&self.review, &entity.id, &selectors)
            .unwrap();
        entity.id
    }

    /// A request to `entity`, recorded as written; its bytes.
    pub fn request(&mut self, entity: &str) -> Vec<u8> {
        let export = self
            .coordinator
            .request_contribution(
                &self.review,
                entity,
                &RequestOptions {
                    due: Some("2099-06-30".into()),
                    instructions: "Please update the labour migration objectives.".into(),
                },
                &PASSPHRASE.into(),
            )
            .unwrap();
        self.coordinator.record_request(&export).unwrap();
        export.bytes
    }

    /// Opens a request on the contributor's machine; the workspace's id.
    pub fn open(&mut self, request: &[u8]) -> String {
        self.contributor.open_request(request).unwrap().workspace
    }

    /// Sets answers in a workspace, as one revision.
    pub fn contributor_sets(&mut self, workspace: &str, values: Value) {
        let changes: Values = serde_json::from_value(values).unwrap();
        let head = self.contributor.open_review(workspace).unwrap().version;
        self.contributor.save(workspace, head, changes).unwrap();
    }

    /// Returns a workspace's contribution, recorded as written; the response's bytes.
    pub fn give_back(&mut self, workspace: &str) -> Vec<u8> {
        let export = self
            .contributor
            .return_contribution(workspace, &PASSPHRASE.into(), None)
            .unwrap();
        self.contributor.record_return(&export).unwrap();
        export.bytes
    }

    /// Merges a response, resolving the conflicts as given; the outcome.
    pub fn merge(
        &mut self,
        response: &[u8],
        resolutions: &[(&str, Resolution)],
    ) -> gcm_review::desk::MergeOutcome {
        let preview = self
            .coordinator
            .merge_preview(&self.review, response)
            .unwrap();
        let decision = MergeDecision {
            head: preview.head,
            resolutions: resolutions
                .iter()
                .map(|(p, r)| (p.to_string(), r.clone()))
                .collect(),
            consent: None,
        };
        self.coordinator
            .merge(&self.review, response, &decision)
            .unwrap()
    }
}

/// A response to `request` made by hand: `fields` as the changed fields, signed by `key`, with
/// `edit` applied to its content first.
pub fn response_by_hand(
    request: &[u8],
    fields: Value,
    key: &SigningKey,
    edit: impl FnOnce(&mut Response),
) -> Vec<u8> {
    let opened = open_request(request).unwrap();
    let mut response = response_to(&opened.request, fields);
    edit(&mut response);
    let mut jwk = key.public().jwk();
    jwk["kid"] = json!(key.public().kid());
    build_response(&response, key, &jwk).unwrap()
}

/// The response an entity's app would make to `request` with `fields` changed.
pub fn response_to(request: &Request, fields: Value) -> Response {
    Response {
        format: RESPONSE_FORMAT.into(),
        request: request.id.clone(),
        review: request.review.id.clone(),
        base_revision: request.review.revision,
        template: request.template.clone(),
        entity: request.entity.clone(),
        contributor: signer("Peter Mwangi", "Ministry of Labour", "peter@example.go.ke"),
        returned: "2026-03-20T10:00:00.000Z".into(),
        fields: serde_json::from_value(fields).unwrap(),
        comments: Default::default(),
    }
}

/// Every row of every table of the store in `dir`, to compare before and after.
pub fn store_dump(dir: &Path) -> Value {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = serde_json::Map::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let columns = stmt.column_count();
        let rows: Vec<Value> = stmt
            .query_map([], |r| {
                Ok(Value::Array(
                    (0..columns)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(n) => json!(n),
                            rusqlite::types::ValueRef::Real(x) => json!(x),
                            rusqlite::types::ValueRef::Text(t) => {
                                json!(String::from_utf8_lossy(t))
                            }
                            rusqlite::types::ValueRef::Blob(b) => {
                                json!(format!("{:x}", sha2::Sha256::digest(b)))
                            }
                        })
                        .collect(),
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.insert(table, Value::Array(rows));
    }
    Value::Object(out)
}
