//! A draft typed in the editor is on disk as soon as the editor says "Saved", and is all there
//! after the app is closed and started again.

use std::collections::HashMap;
use std::path::Path;

use gcm_review_e2e::{App, NewReview};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

const PROCESS: &str = "The review was prepared by an inter-ministerial working group chaired by \
    the State Department for Diaspora Affairs, which met six times between March and June 2025.";
const MEASURES: &str = "Opened 14 مراكز إيواء (shelters) along the Moyale and Busia corridors; \
    each one offers legal aid in English, Kiswahili and العربية.";

#[test]
fn draft_survives_restart() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let answers = [
        ("methodology.process", PROCESS),
        ("objectives.7.measures", MEASURES),
    ];

    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    for (path, text) in answers {
        app.go_to(nav_of(path));
        app.type_into(path, text);
    }
    app.wait_saved();
    app.screenshot("editor");
    let stored = stored_values(data.path());
    for (path, text) in answers {
        assert_eq!(
            stored.get(path),
            Some(&Value::from(text)),
            "{path} in the store once saved"
        );
    }
    app.quit();

    let app = App::start(data.path());
    app.open_review(None);
    for (path, text) in answers {
        app.go_to(nav_of(path));
        assert_eq!(app.field_value(path), text, "{path} after the restart");
    }
    app.quit();
}

/// The navigation entry showing a field: `methodology` or `objectives.7`.
fn nav_of(path: &str) -> &str {
    path.rsplit_once('.').map_or(path, |(nav, _)| nav)
}

/// The current values of every review in the store, read from the file directly (read-only).
fn stored_values(data_dir: &Path) -> HashMap<String, Value> {
    let file = data_dir.join("reviews.sqlite3");
    let db = Connection::open_with_flags(&file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
    let mut query = db
        .prepare("SELECT c.path, b.content FROM current c JOIN blobs b ON b.hash = c.hash")
        .unwrap_or_else(|e| panic!("the store's tables: {e}"));
    let rows = query
        .query_map([], |row| {
            let value = serde_json::from_slice(row.get_ref(1)?.as_bytes()?)
                .unwrap_or_else(|e| panic!("a stored value is not JSON: {e}"));
            Ok((row.get::<_, String>(0)?, value))
        })
        .unwrap_or_else(|e| panic!("reading current values: {e}"));
    rows.collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("reading current values: {e}"))
}
