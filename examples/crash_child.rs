//! The writer process of the crash harness (`tests/crash.rs`): saves numbered edits to the
//! store in `GCM_CRASH_CHILD_DIR`, printing each acknowledged one as `<edit> <version>`, until
//! it is killed. With `GCM_CRASH_CHILD_BURST=N` it says `pause` after every N saves and waits a
//! second (long enough for the store to checkpoint its log), then saves on. An example, so
//! that `cargo test` builds it without counting it as a test and nothing installs it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use gcm_review::Desk;
use serde_json::json;

fn main() {
    let dir = std::env::var_os("GCM_CRASH_CHILD_DIR")
        .expect("started by the crash harness, with GCM_CRASH_CHILD_DIR set");
    let mut desk = Desk::open(Path::new(&dir)).expect("child opens the store");
    let id = desk.list(false).unwrap()[0].id.clone();
    let mut version = desk.open_review(&id).unwrap().version;
    let burst: Option<u64> = std::env::var("GCM_CRASH_CHILD_BURST")
        .ok()
        .and_then(|n| n.parse().ok());
    for i in 0u64.. {
        let path = format!("objectives.{}.measures", i % 23 + 1);
        let text = format!("edit {i}: {}", "text ".repeat((i % 50) as usize));
        let changes = [(path, json!(text))].into();
        version = desk.save(&id, version, changes).unwrap().version;
        println!("{i} {version}");
        if burst.is_some_and(|n| (i + 1) % n == 0) {
            println!("pause");
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}
