//! RFC 8785 canonicalisation never panics, and is idempotent: the canonical form, parsed and
//! canonicalised again, gives the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let _ = gcm_review::sign::to_pretty(&value);
    let Ok(first) = gcm_review::sign::canonicalize(&value) else {
        return;
    };
    let reparsed: Value = match serde_json::from_slice(&first) {
        Ok(v) => v,
        Err(e) => panic!(
            "the canonical form is not JSON ({e}): {}",
            String::from_utf8_lossy(&first)
        ),
    };
    let second = match gcm_review::sign::canonicalize(&reparsed) {
        Ok(bytes) => bytes,
        Err(e) => panic!(
            "the canonical form has no canonical form ({e}): {}",
            String::from_utf8_lossy(&first)
        ),
    };
    assert!(
        first == second,
        "canonicalisation is not idempotent:\n first: {}\nsecond: {}",
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
});
