//! The review document's fingerprint: SHA-256 of its RFC 8785 canonical JSON. It is what the
//! PDF's footer prints (first 16 digits) and its sign-off sheet (all 64), what approvals name,
//! and what binds the paper ministers sign to the package. It lives here, beside the
//! canonicaliser, and is a method of the document itself.

use super::canonical::canonicalize;
use super::hex_sha256;
use super::signed::SignError;
use crate::review::ReviewDocument;

impl ReviewDocument {
    /// SHA-256 of the document's canonical JSON, lowercase hex.
    pub fn fingerprint(&self) -> Result<String, SignError> {
        let value = serde_json::to_value(self).map_err(|_| SignError::NotAnObject)?;
        Ok(hex_sha256(&canonicalize(&value)?))
    }
}
