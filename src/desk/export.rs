//! Exporting a review, built in memory: the checks before export, the review as JSON (signed
//! with the active key, or not), and the PDF for interministerial sign-off. Writing the result
//! where the user chose is the face's second step; packages are in `package.rs`.

use serde::Serialize;
use serde_json::Value;

use super::{Desk, DeskError};
use crate::pdf::{render, PdfOptions};
use crate::review::{schema_problems, validate, Diagnostic, ReviewDocument};
use crate::sign::{sign, Passphrase, SignedReview, Signer, SigningKey, Status};
use crate::store::now;

/// A review exported as JSON, ready to be written to a file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// The file name to offer: `GCM-review_<ISO3>_<cycle>_<date>.review.json`.
    pub file_name: String,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Draft or final, as recorded inside.
    pub status: Status,
    /// SHA-256 of the canonical review (signed exports), lowercase hex.
    pub digest: Option<String>,
}

/// A review signed for export, with what packaging it needs.
pub(super) struct Signed {
    pub signed: SignedReview,
    pub document: ReviewDocument,
    pub status: Status,
    pub key: SigningKey,
    pub signer: Signer,
}

/// The file name a review is exported under: `GCM-review_<ISO3>_<cycle>_<date>.<extension>`.
pub(super) fn file_name(document: &Value, today: &str, extension: &str) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        s.split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let iso3 = document["cover"]["member_state"].as_str().unwrap_or("XXX");
    let cycle = document["cover"]["cycle"].as_str().unwrap_or("review");
    format!(
        "GCM-review_{}_{}_{}.{extension}",
        clean(iso3),
        clean(cycle),
        today
    )
}

impl Desk {
    /// The problems to show before export: validation; then, as warnings that never block
    /// (the government decides), approvals outstanding or stale (path `signoff`, codes
    /// `approval_outstanding` and `approval_stale`) and, when nothing blocks, that the review
    /// is a draft until it is marked final (`not_final`).
    pub fn export_check(&self, id: &str) -> Result<Vec<Diagnostic>, DeskError> {
        let values = self.store.values(id)?;
        let mut out = validate(self.template, &values);
        let blocked = out.iter().any(|d| d.blocks_final);
        out.extend(self.circulation_warnings(id, blocked)?);
        Ok(out)
    }

    /// Exports a review as JSON; with a passphrase, signed with the active key. A review with
    /// problems is exported as a draft and says so inside; one the schema refuses is not signed.
    pub fn export_json(
        &self,
        id: &str,
        passphrase: Option<&Passphrase>,
    ) -> Result<Export, DeskError> {
        let at = now();
        let Some(passphrase) = passphrase else {
            let (value, status) = self.checked_document(id)?;
            let mut bytes = serde_json::to_vec_pretty(&value)
                .map_err(|e| DeskError::Internal(e.to_string()))?;
            bytes.push(b'\n');
            return Ok(Export {
                file_name: file_name(&value, &at[..10], "review.json"),
                bytes,
                status,
                digest: None,
            });
        };
        let signed = self.sign_review(id, passphrase, &at)?;
        Ok(Export {
            file_name: file_name(signed.signed.review(), &at[..10], "review.json"),
            bytes: signed.signed.file_bytes().to_vec(),
            status: signed.status,
            digest: Some(signed.signed.digest().to_string()),
        })
    }

    /// The document of a review as JSON, checked against the schema, and whether it is final:
    /// only when the coordinator marked its current revision final.
    fn checked_document(&self, id: &str) -> Result<(Value, Status), DeskError> {
        let document = self.document(id)?;
        let value =
            serde_json::to_value(&document).map_err(|e| DeskError::Internal(e.to_string()))?;
        let problems = schema_problems(&value);
        if !problems.is_empty() {
            return Err(DeskError::Schema(problems));
        }
        Ok((value, self.status_of(id)?))
    }

    /// Signs a review's current document with the active key at `at`.
    pub(super) fn sign_review(
        &self,
        id: &str,
        passphrase: &Passphrase,
        at: &str,
    ) -> Result<Signed, DeskError> {
        let (_, status) = self.checked_document(id)?;
        let document = self.document(id)?;
        let signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        let (_, key) = self.unseal_active(passphrase)?;
        let signed = sign(&document, &signer, status, &key, at)?;
        Ok(Signed {
            signed,
            document,
            status,
            key,
            signer,
        })
    }

    /// The PDF of a review at its current revision. With no creation date in `options`, the
    /// review's last save is recorded, so that the same revision always gives the same bytes.
    /// Without a key in `options`, the active signing key (if any) is printed on the sign-off
    /// sheet, binding the paper to the JSON that key signs. The DRAFT mark follows the final
    /// decision; the sign-off sheet shows the approvals recorded; an internal-review copy
    /// (`options.internal_review`) prints the comments after each answer.
    pub fn export_pdf(&self, id: &str, options: &PdfOptions) -> Result<Vec<u8>, DeskError> {
        let document = self.document(id)?;
        let mut options = options.clone();
        options.circulation = self.circulation(id, &document, options.internal_review)?;
        if options.signer_kid.is_none() {
            options.signer_kid = self.active_key().ok().map(|k| k.kid);
        }
        Ok(render(self.template, &document, &options)?)
    }

    /// The file name to offer for a review's PDF: `GCM-review_<ISO3>_<cycle>_<date>.pdf`.
    pub fn pdf_file_name(&self, id: &str) -> Result<String, DeskError> {
        let document = serde_json::to_value(self.document(id)?)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(file_name(&document, &now()[..10], "pdf"))
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;
    use serde_json::json;

    #[test]
    fn file_names_are_safe_and_as_documented() {
        let doc = json!({ "cover": { "member_state": "KEN", "cycle": "IMRF 2026" } });
        assert_eq!(
            file_name(&doc, "2026-11-28", "review.json"),
            "GCM-review_KEN_IMRF-2026_2026-11-28.review.json"
        );
        let doc = json!({ "cover": { "member_state": "KEN", "cycle": "../../etc/ passwd" } });
        assert_eq!(
            file_name(&doc, "2026-11-28", "review.json"),
            "GCM-review_KEN_etc-passwd_2026-11-28.review.json"
        );
    }
}
