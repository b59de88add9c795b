//! The store's schema, as a versioned list of additive migrations.
//!
//! `PRAGMA user_version` records how many have been applied. A migration is never edited once
//! released: a change is a new entry at the end.

/// The migrations, in order; `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: reviews, content-addressed values, revisions and their changes, current values.
    r#"
    CREATE TABLE reviews (
        id          TEXT PRIMARY KEY,
        template_id TEXT NOT NULL,
        template_version TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        head        INTEGER NOT NULL,
        deleted_at  TEXT
    ) STRICT;
    CREATE TABLE blobs (
        hash    TEXT PRIMARY KEY,
        content BLOB NOT NULL
    ) STRICT;
    CREATE TABLE revisions (
        review_id  TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        number     INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        kind       TEXT NOT NULL,
        source     TEXT,
        PRIMARY KEY (review_id, number)
    ) STRICT;
    CREATE TABLE changes (
        review_id TEXT NOT NULL,
        revision  INTEGER NOT NULL,
        path      TEXT NOT NULL,
        hash      TEXT REFERENCES blobs(hash),
        PRIMARY KEY (review_id, path, revision),
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX changes_by_revision ON changes(review_id, revision);
    CREATE TABLE current (
        review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        hash      TEXT NOT NULL REFERENCES blobs(hash),
        PRIMARY KEY (review_id, path)
    ) STRICT;
    "#,
    // 2: milestones on revisions, and the user's settings.
    r#"
    CREATE TABLE milestones (
        id         INTEGER PRIMARY KEY,
        review_id  TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        label      TEXT NOT NULL,
        created_at TEXT NOT NULL,
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    // 3: the user's own signing keys (sealed by a passphrase) and the signer keys seen in files
    // that were verified or imported.
    r#"
    CREATE TABLE own_keys (
        kid         TEXT PRIMARY KEY,
        sealed      BLOB NOT NULL,
        public_jwk  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        retired_at  TEXT,
        endorsement TEXT
    ) STRICT;
    CREATE TABLE known_keys (
        kid        TEXT PRIMARY KEY,
        public_jwk TEXT NOT NULL,
        signer     TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen  TEXT NOT NULL,
        seen_count INTEGER NOT NULL,
        trusted    INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    "#,
    // 4: packages sent and received, and what a review's document carries beyond its answers:
    // the hash of the submission it supersedes and the ministries' sign-off records.
    r#"
    ALTER TABLE reviews ADD COLUMN supersedes TEXT;
    ALTER TABLE reviews ADD COLUMN signoff TEXT;
    CREATE TABLE submissions (
        review_id    TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        revision     INTEGER NOT NULL,
        digest       TEXT NOT NULL,
        direction    TEXT NOT NULL,
        verified     INTEGER NOT NULL,
        signer       TEXT,
        status       TEXT,
        cycle        TEXT,
        file_hash    TEXT NOT NULL REFERENCES blobs(hash),
        created_at   TEXT NOT NULL,
        submitted_at TEXT,
        recipient    TEXT,
        PRIMARY KEY (review_id, digest),
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX submissions_by_digest ON submissions(digest);
    "#,
    // 5: who signed what and what this machine trusts: the key that signed each submission,
    // the endorsement linking a known key to the key it replaced, the Member State a key last
    // signed for, and the keys pinned per Member State (as SSH pins host keys).
    r#"
    ALTER TABLE submissions ADD COLUMN kid TEXT;
    ALTER TABLE known_keys ADD COLUMN endorsed_by TEXT;
    ALTER TABLE known_keys ADD COLUMN endorsement TEXT;
    ALTER TABLE known_keys ADD COLUMN member_state TEXT;
    CREATE TABLE pins (
        member_state TEXT NOT NULL,
        kid          TEXT NOT NULL,
        pinned_at    TEXT NOT NULL,
        PRIMARY KEY (member_state, kid)
    ) STRICT;
    "#,
    // 6: documents imported from outside the app (a regional review in Word, LibreOffice or
    // PDF): the file as it came, kept beside the revision it became, with the blocks that
    // were left out, so that nothing imported is lost.
    r#"
    CREATE TABLE source_documents (
        review_id  TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        revision   INTEGER NOT NULL,
        file_name  TEXT NOT NULL,
        format     TEXT NOT NULL,
        file_hash  TEXT NOT NULL REFERENCES blobs(hash),
        left_out   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (review_id, revision),
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    "#,
    // 7: whole-of-government drafting. The entities that contribute to a review and the fields
    // assigned to them; each request sent (its file kept) and each response received (its file
    // kept, merged or not); who wrote the text a merge took; conflicts left open; and, on a
    // contributor's machine, the workspaces opened from requests (a review with only the
    // assigned fields editable) and the responses returned from them.
    r#"
    CREATE TABLE contributors (
        review_id  TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        id         TEXT NOT NULL,
        name       TEXT NOT NULL,
        ministry   TEXT NOT NULL,
        email      TEXT NOT NULL,
        created_at TEXT NOT NULL,
        kid        TEXT,
        PRIMARY KEY (review_id, id)
    ) STRICT;
    CREATE TABLE assignments (
        review_id  TEXT NOT NULL,
        entity_id  TEXT NOT NULL,
        selector   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (review_id, entity_id, selector),
        FOREIGN KEY (review_id, entity_id) REFERENCES contributors(review_id, id) ON DELETE CASCADE
    ) STRICT;
    CREATE TABLE contribution_requests (
        id           TEXT PRIMARY KEY,
        review_id    TEXT NOT NULL,
        entity_id    TEXT NOT NULL,
        revision     INTEGER NOT NULL,
        fields       TEXT NOT NULL,
        due          TEXT,
        instructions TEXT NOT NULL,
        kid          TEXT NOT NULL,
        file_hash    TEXT NOT NULL REFERENCES blobs(hash),
        created_at   TEXT NOT NULL,
        FOREIGN KEY (review_id, entity_id) REFERENCES contributors(review_id, id) ON DELETE CASCADE,
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX contribution_requests_by_entity
        ON contribution_requests(review_id, entity_id, created_at);
    CREATE TABLE contribution_responses (
        digest          TEXT PRIMARY KEY,
        request_id      TEXT NOT NULL REFERENCES contribution_requests(id) ON DELETE CASCADE,
        kid             TEXT NOT NULL,
        contributor     TEXT NOT NULL,
        fields          TEXT NOT NULL,
        file_hash       TEXT NOT NULL REFERENCES blobs(hash),
        returned_at     TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        merged_revision INTEGER,
        outcome         TEXT
    ) STRICT;
    CREATE INDEX contribution_responses_by_request ON contribution_responses(request_id);
    CREATE TABLE field_authors (
        review_id  TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        path       TEXT NOT NULL,
        entity_id  TEXT NOT NULL,
        request_id TEXT NOT NULL,
        PRIMARY KEY (review_id, revision, path),
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE TABLE contribution_conflicts (
        id                INTEGER PRIMARY KEY,
        review_id         TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        path              TEXT NOT NULL,
        response          TEXT NOT NULL REFERENCES contribution_responses(digest) ON DELETE CASCADE,
        base              TEXT NOT NULL,
        theirs            TEXT NOT NULL,
        comment           TEXT,
        opened_revision   INTEGER NOT NULL,
        resolved_revision INTEGER,
        resolution        TEXT
    ) STRICT;
    CREATE INDEX contribution_conflicts_by_review
        ON contribution_conflicts(review_id, resolved_revision);
    CREATE TABLE contribution_workspaces (
        review_id     TEXT PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
        request_id    TEXT NOT NULL UNIQUE,
        origin_review TEXT NOT NULL,
        base_revision INTEGER NOT NULL,
        entity        TEXT NOT NULL,
        coordinator   TEXT NOT NULL,
        due           TEXT,
        instructions  TEXT NOT NULL,
        fields        TEXT NOT NULL,
        kid           TEXT NOT NULL,
        file_hash     TEXT NOT NULL REFERENCES blobs(hash),
        comments      TEXT NOT NULL,
        opened_at     TEXT NOT NULL
    ) STRICT;
    CREATE TABLE contribution_returns (
        review_id  TEXT NOT NULL REFERENCES contribution_workspaces(review_id) ON DELETE CASCADE,
        digest     TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        fields     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (review_id, digest)
    ) STRICT;
    "#,
    // 8: interministerial review. Comments per field, threaded (`parent`), resolved as a
    // thread; the entities that must approve the review; approvals, each against one revision
    // and the fingerprint of its document, with how it was given and the scanned page or
    // signed approval file kept as a blob; and the coordinator's decisions to mark a revision
    // final.
    r#"
    CREATE TABLE comments (
        id          TEXT PRIMARY KEY,
        review_id   TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        path        TEXT NOT NULL,
        parent      TEXT REFERENCES comments(id) ON DELETE CASCADE,
        author      TEXT NOT NULL,
        author_kind TEXT NOT NULL,
        text        TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
    ) STRICT;
    CREATE INDEX comments_by_review ON comments(review_id, path);
    CREATE TABLE signoff_entities (
        id         TEXT PRIMARY KEY,
        review_id  TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        entity     TEXT NOT NULL,
        approver   TEXT NOT NULL,
        title      TEXT NOT NULL,
        source     TEXT NOT NULL,
        position   INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (review_id, entity COLLATE NOCASE)
    ) STRICT;
    CREATE TABLE approvals (
        id          TEXT PRIMARY KEY,
        review_id   TEXT NOT NULL,
        entity_id   TEXT NOT NULL REFERENCES signoff_entities(id) ON DELETE CASCADE,
        approver    TEXT NOT NULL,
        title       TEXT NOT NULL,
        revision    INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        method      TEXT NOT NULL,
        date        TEXT NOT NULL,
        kid         TEXT,
        file_hash   TEXT REFERENCES blobs(hash),
        file_name   TEXT,
        media_type  TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT,
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX approvals_by_review ON approvals(review_id, entity_id);
    CREATE TABLE final_decisions (
        review_id  TEXT NOT NULL,
        revision   INTEGER NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        accepted   TEXT NOT NULL,
        PRIMARY KEY (review_id, revision),
        FOREIGN KEY (review_id, revision) REFERENCES revisions(review_id, number) ON DELETE CASCADE
    ) STRICT;
    "#,
];
