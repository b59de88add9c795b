//! `sign::verify` reads files from anywhere: whatever the bytes, it returns `Ok` or a
//! `VerifyError`, and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match gcm_review::sign::verify(data) {
        Ok(verified) => {
            // A file that verifies must carry a review id and a key id.
            assert!(!verified.kid.is_empty());
        }
        Err(e) => {
            // Every refusal has a code and a one-line message.
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
    }
});
