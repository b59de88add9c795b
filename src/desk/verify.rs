//! The verdict on a signed review or a package, in words a reader who is not a technician
//! understands, with the keys seen before; one file or a whole folder of them.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Desk, DeskError};
use crate::package::{is_zip, open_package, MAX_PACKAGE_BYTES};
use crate::sign::{fingerprint_groups, verify, Signer, Status, Verified};
use crate::template::member_state;

/// Whether a file can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The signature holds and the key was seen before.
    Valid,
    /// The signature holds, but this key was never seen on this machine.
    ValidUnknownKey,
    /// The file is not an intact signed review or package.
    Invalid,
}

/// What kind of file was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A signed review (`*.review.json`).
    SignedReview,
    /// A package (`*.zip`).
    Package,
}

/// The outcome of verifying one file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The file, as given.
    pub file: String,
    /// A signed review or a package.
    pub kind: FileKind,
    /// The verdict.
    pub verdict: Verdict,
    /// Why it is invalid.
    pub reason: Option<String>,
    /// A stable code for the reason (`mismatch`, `too_large`, `hash_mismatch`, ...).
    pub reason_code: Option<&'static str>,
    /// Who signed it.
    pub signer: Option<Signer>,
    /// The signing key's id.
    pub kid: Option<String>,
    /// Its fingerprint in groups.
    pub fingerprint: Option<String>,
    /// The template, as `id version`.
    pub template: Option<String>,
    /// Draft or final.
    pub status: Option<Status>,
    /// The review's id.
    pub review_id: Option<String>,
    /// The review's Member State (UN short name) and cycle.
    pub review: Option<String>,
    /// When it was signed.
    pub signed: Option<String>,
    /// SHA-256 of the canonical signed review: what a later submission's `supersedes` names.
    pub digest: Option<String>,
    /// The submission this one supersedes, by its digest.
    pub supersedes: Option<String>,
    /// That submission as this machine knows it ("KEN · IMRF 2022, received 2022-03-01"), if
    /// it does.
    pub supersedes_known: Option<String>,
    /// The files in the package.
    pub members: Vec<String>,
    /// How many files signed with the same key were verified here before.
    pub seen_before: u64,
    /// Whether the user marked the key trusted.
    pub trusted: bool,
}

impl Verification {
    /// The verdict on a file that could not be read or is not intact.
    pub fn invalid(file: &str, kind: FileKind, reason: String, code: &'static str) -> Verification {
        Verification {
            file: file.to_string(),
            kind,
            verdict: Verdict::Invalid,
            reason: Some(reason),
            reason_code: Some(code),
            signer: None,
            kid: None,
            fingerprint: None,
            template: None,
            status: None,
            review_id: None,
            review: None,
            signed: None,
            digest: None,
            supersedes: None,
            supersedes_known: None,
            members: Vec::new(),
            seen_before: 0,
            trusted: false,
        }
    }
}

/// Reads a file that may be a package (the larger limit) or a signed review.
pub(super) fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX_PACKAGE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

impl Desk {
    /// Verifies a signed review or a package and remembers its key; the verdict says whether
    /// the key was seen before and whether it is trusted. Never fails: an unreadable file is a
    /// verdict too.
    pub fn verify_file(&mut self, file: &str, bytes: &[u8]) -> Verification {
        self.verdict(file, bytes, true)
    }

    /// The verdict on a file; with `remember`, its key is counted as seen once more.
    pub(super) fn verdict(&mut self, file: &str, bytes: &[u8], remember: bool) -> Verification {
        if is_zip(bytes) {
            return match open_package(bytes) {
                Ok(package) => {
                    let mut v = self.verified(file, package.review, remember);
                    v.kind = FileKind::Package;
                    v.members = package.members;
                    v
                }
                Err(e) => Verification::invalid(file, FileKind::Package, e.to_string(), e.code()),
            };
        }
        match verify(bytes) {
            Ok(verified) => self.verified(file, verified, remember),
            Err(e) => Verification::invalid(file, FileKind::SignedReview, e.to_string(), e.code()),
        }
    }

    fn verified(&mut self, file: &str, verified: Verified, remember: bool) -> Verification {
        let kind = FileKind::SignedReview;
        let before = if remember {
            let signer = serde_json::to_string(&verified.signer).unwrap_or_default();
            let jwk = verified.key.jwk().to_string();
            match self.store.remember_key(&verified.kid, &jwk, &signer) {
                Ok(before) => before,
                Err(e) => return Verification::invalid(file, kind, e.to_string(), e.code()),
            }
        } else {
            self.store.known_key(&verified.kid).ok().flatten()
        };
        let own = self
            .store
            .own_keys()
            .map(|keys| keys.iter().any(|k| k.kid == verified.kid))
            .unwrap_or(false);
        let seen_before = before.as_ref().map_or(0, |k| k.seen_count);
        let trusted = own || before.as_ref().is_some_and(|k| k.trusted);
        let cover = &verified.review["cover"];
        let state = cover["member_state"].as_str().unwrap_or_default();
        let state = member_state(state).map_or(state.to_string(), |m| m.name.get("en").to_string());
        let supersedes = verified.review["supersedes"].as_str().map(str::to_string);
        let supersedes_known = supersedes
            .as_deref()
            .and_then(|d| self.describe_submission(d));
        Verification {
            file: file.to_string(),
            kind,
            verdict: if seen_before > 0 || own {
                Verdict::Valid
            } else {
                Verdict::ValidUnknownKey
            },
            reason: None,
            reason_code: None,
            fingerprint: fingerprint_groups(&verified.kid),
            kid: Some(verified.kid),
            template: Some(format!(
                "{} {}",
                verified.template_id, verified.template_version
            )),
            status: Some(verified.status),
            review_id: Some(verified.review_id),
            review: Some(format!(
                "{state} · {}",
                cover["cycle"].as_str().unwrap_or_default()
            )),
            signed: Some(verified.signed),
            digest: Some(verified.digest),
            supersedes,
            supersedes_known,
            members: Vec::new(),
            signer: Some(verified.signer),
            seen_before,
            trusted,
        }
    }

    /// Verifies the signed review or package in a file, reading no more than a package may be.
    pub fn verify_path(&mut self, path: &Path) -> Verification {
        let name = path.display().to_string();
        match read_bounded(path) {
            Ok(bytes) => self.verify_file(&name, &bytes),
            Err(e) => Verification::invalid(
                &name,
                FileKind::SignedReview,
                format!("cannot read the file: {e}"),
                "read",
            ),
        }
    }

    /// Verifies many files (a secretariat's inbox), remembering their keys in one transaction;
    /// `progress` is told after each file how many are done.
    pub fn verify_paths(
        &mut self,
        paths: &[&Path],
        mut progress: impl FnMut(usize, &Verification),
    ) -> Result<Vec<Verification>, DeskError> {
        self.store.begin_batch()?;
        let mut out = Vec::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            let v = self.verify_path(path);
            progress(i + 1, &v);
            out.push(v);
        }
        self.store.end_batch()?;
        Ok(out)
    }

    /// Marks a signer key met before as trusted (or not).
    pub fn trust_key(&mut self, kid: &str, trusted: bool) -> Result<(), DeskError> {
        Ok(self.store.set_trusted(kid, trusted)?)
    }
}
