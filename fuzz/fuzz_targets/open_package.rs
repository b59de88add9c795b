//! `package::open_package` reads packages from anywhere: whatever the bytes, it returns `Ok` or
//! a `PackageError`, and never panics or reads without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match gcm_review::package::open_package(data) {
        Ok(package) => {
            // A package that opens is bound to its PDF by the document fingerprint.
            assert_eq!(package.fingerprint.len(), 64);
            assert!(package.pdf.starts_with(b"%PDF-"));
        }
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
    }
});
