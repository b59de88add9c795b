//! Packaging a review for the secretariat, and the email draft that carries it.

use serde::Serialize;

use super::export::file_name;
use super::{Desk, DeskError};
use crate::package::{build_package, email_draft, open_package, EmailDraft, PackageParts};
use crate::pdf::{render, PdfOptions};
use crate::sign::{fingerprint_groups, Passphrase, Status};
use crate::store::{now, Direction, NewSubmission};

/// A package made from a review, ready to be written to a file. Nothing is recorded until
/// [`Desk::record_package`] is told the file exists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageExport {
    /// The file name to offer: `GCM-review_<ISO3>_<cycle>_<date>.zip`.
    pub file_name: String,
    /// The package's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Draft or final, as signed.
    pub status: Status,
    /// SHA-256 of the signed review: what the next submission's `supersedes` will name.
    pub digest: String,
    /// The review document's fingerprint, as printed in the PDF.
    pub fingerprint: String,
    /// The submission this package supersedes, if any.
    pub supersedes: Option<String>,
    /// What History will record once the package is written.
    #[serde(skip)]
    sent: Sent,
}

/// A package's entry in History, waiting for its file to exist.
#[derive(Debug, Clone)]
struct Sent {
    review: String,
    revision: u64,
    signer: String,
    kid: String,
    status: Status,
    cycle: Option<String>,
    signed_file: Vec<u8>,
}

/// An email draft, ready to be written to a `.eml` file. The submission is recorded only when
/// [`Desk::record_email`] is told the draft exists.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailExport {
    /// The recipient.
    pub to: String,
    /// The message's bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The review the package holds.
    #[serde(skip)]
    review: String,
    /// The digest of the signed review in the package it carries.
    pub digest: String,
}

impl Desk {
    /// Packages a review: signs it with the active key, renders its PDF with `options`, and
    /// zips both with the public key, a README and the signed manifest. The PDF is never an
    /// internal-review copy: no comment goes into a package. Nothing is recorded:
    /// once the package is written, [`Desk::record_package`] enters it in History.
    pub fn package(
        &self,
        id: &str,
        passphrase: &Passphrase,
        options: &PdfOptions,
    ) -> Result<PackageExport, DeskError> {
        let at = now();
        let signed = self.sign_review(id, passphrase, &at)?;
        let mut options = options.clone();
        options.signer_kid = Some(signed.signed.kid().to_string());
        options.internal_review = false;
        options.circulation = self.circulation(id, &signed.document, false)?;
        let pdf = render(self.template, &signed.document, &options)?;
        let fingerprint = signed.document.fingerprint()?;
        let name = file_name(signed.signed.review(), &at[..10], "zip");
        let bytes = build_package(
            &PackageParts {
                base_name: name.trim_end_matches(".zip"),
                review: &signed.signed,
                fingerprint: &fingerprint,
                pdf: &pdf,
                public_key: &self.public_key()?,
                created: &at,
                generator: super::GENERATOR,
            },
            &signed.key,
        )?;
        let cycle = Some(signed.document.cycle()).filter(|c| !c.is_empty());
        Ok(PackageExport {
            file_name: name,
            digest: signed.signed.digest().to_string(),
            status: signed.status,
            supersedes: signed.document.supersedes.clone(),
            fingerprint,
            bytes,
            sent: Sent {
                review: id.to_string(),
                revision: signed.document.revision,
                signer: signed.signer.name.clone(),
                kid: signed.signed.kid().to_string(),
                status: signed.status,
                cycle: cycle.map(str::to_string),
                signed_file: signed.signed.file_bytes().to_vec(),
            },
        })
    }

    /// Records in History that the package made by [`Desk::package`] was written: call it only
    /// once its file exists. Recording the same package twice records it once.
    pub fn record_package(&mut self, package: &PackageExport) -> Result<(), DeskError> {
        let sent = &package.sent;
        self.store.record_sent(
            &sent.review,
            sent.revision,
            &NewSubmission {
                digest: &package.digest,
                direction: Direction::Sent,
                verified: true,
                signer: Some(&sent.signer),
                kid: Some(&sent.kid),
                status: Some(sent.status.as_str()),
                cycle: sent.cycle.as_deref(),
                file: &sent.signed_file,
            },
        )?;
        Ok(())
    }

    /// The email draft that carries a package made by [`Desk::package`] to the secretariat.
    /// The package is checked first, and must be one this review's History records; nothing is
    /// recorded until [`Desk::record_email`].
    pub fn email_package(
        &self,
        id: &str,
        file_name: &str,
        package: &[u8],
    ) -> Result<EmailExport, DeskError> {
        let opened = open_package(package).map_err(DeskError::Refused)?;
        if opened.review.review_id != id {
            return Err(DeskError::OtherReview);
        }
        let to = self.secretariat()?;
        let document = &opened.document;
        let language = document.language();
        let state = document.member_state_name(language);
        let signer = &opened.review.signer;
        let signature = [&signer.name, &signer.title, &signer.ministry]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let bytes = email_draft(&EmailDraft {
            to: &to,
            from: Some((&signer.name, &signer.email)),
            language,
            member_state: &state,
            cycle: document.cycle(),
            fingerprint: &fingerprint_groups(&opened.review.kid).unwrap_or_default(),
            signature: &signature,
            file_name,
            package,
        })?;
        Ok(EmailExport {
            to,
            bytes,
            review: id.to_string(),
            digest: opened.review.digest.clone(),
        })
    }

    /// Records the submission that the draft made by [`Desk::email_package`] carries, with a
    /// milestone: call it only once the draft is written.
    pub fn record_email(&mut self, email: &EmailExport) -> Result<(), DeskError> {
        let milestone = format!("submitted on {} to {}", &now()[..10], email.to);
        self.store
            .mark_submitted(&email.review, &email.digest, &email.to, &milestone)?;
        Ok(())
    }
}
