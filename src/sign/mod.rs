//! Signing and verifying reviews: RFC 8785 canonical JSON, a detached JWS (RFC 7515 appendix F)
//! with EdDSA over Ed25519 (RFC 8037), keys identified by their RFC 7638 thumbprint, and the
//! passphrase-sealed key file. The formats are described in `src/sign/FORMAT.md`.
//!
//! Pure functions: no files, no store, no clock. The time of signing is passed in, and the
//! same review, key and time always give the same bytes.
#![deny(clippy::disallowed_methods)]

mod approval;
mod canonical;
mod endorse;
mod fingerprint;
mod json;
mod jws;
mod key;
mod keyfile;
mod manifest;
mod passphrase;
mod signed;
mod verify;

pub use approval::{
    sign_approval, verify_approval, Approval, ApprovalError, Approver, SignedApproval,
    VerifiedApproval, APPROVAL_FORMAT, MAX_APPROVAL_BYTES,
};
pub use canonical::{canonicalize, cmp_utf16, to_pretty, CanonicalError, MAX_DEPTH};
pub use endorse::{endorse, verify_endorsement, Endorsement};
pub(crate) use json::parse_strict;
pub use jws::{ALG, APPROVAL_TYP, ENDORSEMENT_TYP, MANIFEST_TYP, REVIEW_TYP};
pub use key::{fingerprint_groups, PublicKey, SigningKey};
pub use keyfile::{
    seal, unseal, KdfParams, KeyError, KEY_FORMAT, MAX_KEY_FILE_BYTES, MIN_PASSPHRASE_CHARS,
};
pub use manifest::{
    sign_manifest, verify_manifest, SignedManifest, MANIFEST_FORMAT, MAX_MANIFEST_BYTES,
};
pub use passphrase::Passphrase;
pub(crate) use signed::hex_sha256;
pub use signed::{sign, sign_value, SignError, SignedReview, Signer, Status, SIGNED_FORMAT};
pub use verify::{verify, verify_reader, Verified, VerifyError, MAX_SIGNED_BYTES};

/// Unpadded base64url (RFC 4648 §5), as JOSE uses it. Decoding accepts only the canonical
/// encoding (no padding, no stray trailing bits), so each value has exactly one spelling.
mod b64 {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    pub(crate) fn encode(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub(crate) fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
        URL_SAFE_NO_PAD.decode(text)
    }
}
