//! A damaged review file is reported in the window, the app keeps running, and the file is
//! left exactly as it was.

use std::fs;

use gcm_review_e2e::App;

#[test]
fn corrupt_store_is_reported() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let file = data.path().join("reviews.sqlite3");
    let garbage = garbage(64 * 1024);
    fs::write(&file, &garbage).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));

    let app = App::start(data.path());
    app.wait_text("[role=\"alert\"]", "damaged");
    app.screenshot("corrupt-store");
    assert!(
        app.app_pid().is_some(),
        "the app still runs after reporting the damage"
    );
    app.quit();

    let after = fs::read(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    assert!(
        after == garbage,
        "the damaged file was changed ({} bytes now)",
        after.len()
    );
}

/// `len` bytes that are not an SQLite file (a fixed pseudo-random sequence).
fn garbage(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}
