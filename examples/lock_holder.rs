//! The other process of the locked-store test (`tests/faults.rs`): holds an exclusive lock on
//! the store file in `GCM_LOCK_FILE`, says so, and waits to be killed. An example, so that
//! `cargo test` builds it without counting it as a test and nothing installs it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rusqlite::Connection;

fn main() {
    let file = std::env::var_os("GCM_LOCK_FILE")
        .expect("started by the locked-store test, with GCM_LOCK_FILE set");
    let conn = Connection::open(file).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    println!("exclusive lock held");
    std::thread::sleep(std::time::Duration::from_secs(120));
}
