//! The verdict on a signed review or a package, in words a reader who is not a technician
//! understands, with the keys seen before; one file or a whole folder of them.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::trust::{groups, KeyChange, KeyTrust, Pending};
use super::{Desk, DeskError};
use crate::package::{is_zip, open_package, MAX_PACKAGE_BYTES};
use crate::sign::{fingerprint_groups, verify, Endorsement, Signer, Status, Verified};
use crate::store::SeenKey;
use crate::template::member_state_name;
use crate::ErrorCode;

/// Whether a file can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The signature holds, by a key this machine trusts: its own, one the user marked trusted
    /// after checking its fingerprint, or one endorsed by such a key.
    Valid,
    /// The signature holds, but the key is not yet trusted here, however often it was seen:
    /// check its fingerprint with the sender, then trust it.
    UntrustedKey,
    /// The signature holds, but the Member State's reviews were signed with another key, which
    /// did not endorse this one.
    KeyChanged,
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
    /// A contribution request (`GCM-contribution_*.zip`): not for `verify`, which says what it
    /// is and where it is opened.
    ContributionRequest,
    /// A contribution response (`GCM-contribution-response_*.zip`), likewise.
    ContributionResponse,
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
    pub reason_code: Option<ErrorCode>,
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
    /// How far this machine trusts the key.
    pub trust: Option<KeyTrust>,
    /// Whether the key is trusted (own, marked trusted, or endorsed by such a key).
    pub trusted: bool,
    /// The fingerprint of the trusted key that endorsed the signing key, when that is where its
    /// trust comes from.
    pub endorsed_by: Option<String>,
    /// The warning when the Member State's reviews were signed with another key.
    pub key_change: Option<KeyChange>,
}

impl Verification {
    /// The verdict on a file that could not be read or is not intact.
    pub fn invalid(file: &str, kind: FileKind, reason: String, code: ErrorCode) -> Verification {
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
            trust: None,
            trusted: false,
            endorsed_by: None,
            key_change: None,
        }
    }
}

/// How many files are read and checked at once when verifying many.
const VERIFY_CHUNK: usize = 32;

/// A file whose signature (and, for a package, every other check) holds, before the store is
/// asked what it knows of the key.
pub(super) struct Intact {
    pub kind: FileKind,
    pub verified: Verified,
    pub endorsement: Option<Endorsement>,
    pub members: Vec<String>,
}

/// Checks a signed review or a package without touching the store.
pub(super) fn check_file(file: &str, bytes: &[u8]) -> Result<Intact, Box<Verification>> {
    if is_zip(bytes) {
        return match open_package(bytes) {
            Ok(package) => Ok(Intact {
                kind: FileKind::Package,
                verified: package.review,
                endorsement: package.endorsement,
                members: package.members,
            }),
            Err(e) => Err(Box::new(contribution(file, bytes).unwrap_or_else(|| {
                Verification::invalid(file, FileKind::Package, e.to_string(), e.code())
            }))),
        };
    }
    match verify(bytes) {
        Ok(verified) => Ok(Intact {
            kind: FileKind::SignedReview,
            verified,
            endorsement: None,
            members: Vec::new(),
        }),
        Err(e) => Err(Box::new(Verification::invalid(
            file,
            FileKind::SignedReview,
            e.to_string(),
            e.code(),
        ))),
    }
}

/// The verdict on a zip that is not a package but an intact contribution request or
/// response: what it is, who signed it, and where it is opened instead (never "valid": `verify`
/// vouches for reviews and packages only).
fn contribution(file: &str, bytes: &[u8]) -> Option<Verification> {
    let (kind, what, signer, kid, review) = if let Ok(q) = crate::contrib::open_request(bytes) {
        let r = q.request;
        let what = format!(
            "a contribution request to {} for the review of {} ({}), not a review or package: \
             open it with 'gcm-review open-request' or \"Open contribution request...\" in the app",
            r.entity.name,
            member_state_name(&r.review.member_state, "en"),
            r.review.cycle
        );
        (
            FileKind::ContributionRequest,
            what,
            r.coordinator,
            q.kid,
            r.review.id,
        )
    } else {
        let p = crate::contrib::open_response(bytes).ok()?;
        let r = p.response;
        let what = format!(
            "a contribution response from {}, not a review or package: merge it with \
             'gcm-review merge' or Contributions, \"Merge a response...\" in the app",
            r.entity.name
        );
        (
            FileKind::ContributionResponse,
            what,
            r.contributor,
            p.kid,
            r.review,
        )
    };
    let mut v = Verification::invalid(file, kind, what, ErrorCode::NotAReview);
    v.fingerprint = fingerprint_groups(&kid);
    v.kid = Some(kid);
    v.signer = Some(signer);
    v.review_id = Some(review);
    Some(v)
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
    /// Verifies a signed review or a package and remembers its key as seen; the verdict says
    /// whether the key is trusted here. Never fails: an unreadable file is a verdict too.
    pub fn verify_file(&mut self, file: &str, bytes: &[u8]) -> Verification {
        let mut pending = Pending::default();
        let verdict = self.judge_file(file, bytes, &mut pending);
        if let Err(e) = self.store.remember_keys(&pending.seen) {
            return Verification::invalid(file, verdict.kind, e.to_string(), e.code());
        }
        verdict
    }

    /// The verdict on a file, changing nothing; what it learnt goes to `pending`.
    pub(super) fn judge_file(
        &self,
        file: &str,
        bytes: &[u8],
        pending: &mut Pending,
    ) -> Verification {
        match check_file(file, bytes) {
            Ok(intact) => self.judge(file, intact, pending),
            Err(invalid) => *invalid,
        }
    }

    /// The verdict on an intact file: how far its key is trusted, and whether it is the key
    /// pinned for its Member State.
    pub(super) fn judge(&self, file: &str, intact: Intact, pending: &mut Pending) -> Verification {
        let Intact {
            kind,
            verified,
            endorsement,
            members,
        } = intact;
        let kid = verified.kid.clone();
        if let Some(e) = &endorsement {
            pending.endorsed_by.insert(kid.clone(), e.old_kid.clone());
        }
        let cover = &verified.review["cover"];
        let iso3 = cover["member_state"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let looked_up = self.trust_of(&kid, pending).and_then(|(trust, by)| {
            let change = self.key_change(&iso3, &kid, pending)?;
            let known = self.known(&kid, pending)?;
            Ok((trust, by, change, known))
        });
        let (trust, by, key_change, known) = match looked_up {
            Ok(found) => found,
            Err(e) => return Verification::invalid(file, kind, e.to_string(), e.code()),
        };
        let verdict = match (&key_change, trust.is_trusted()) {
            (Some(_), _) => Verdict::KeyChanged,
            (None, true) => Verdict::Valid,
            (None, false) => Verdict::UntrustedKey,
        };
        let pin = verdict == Verdict::Valid && trust != KeyTrust::Own && !iso3.is_empty();
        if pin {
            pending.pins.insert((iso3.clone(), kid.clone()));
        }
        pending.see(SeenKey {
            kid: kid.clone(),
            public_jwk: verified.key.jwk().to_string(),
            signer: serde_json::to_string(&verified.signer).unwrap_or_default(),
            member_state: (!iso3.is_empty()).then(|| iso3.clone()),
            endorsement: endorsement.map(|e| (e.old_kid, e.jws)),
            pin,
        });
        let earlier = pending.times_seen(&kid).saturating_sub(1);
        let state = member_state_name(&iso3, "en");
        let supersedes = verified.review["supersedes"].as_str().map(str::to_string);
        let supersedes_known = supersedes
            .as_deref()
            .and_then(|d| self.describe_submission(d));
        Verification {
            file: file.to_string(),
            kind,
            verdict,
            reason: key_change.as_ref().map(|c| c.message.clone()),
            reason_code: key_change.as_ref().map(|_| ErrorCode::KeyChanged),
            fingerprint: fingerprint_groups(&kid),
            kid: Some(kid),
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
            members,
            signer: Some(verified.signer),
            seen_before: known.map_or(0, |k| k.seen_count) + earlier,
            trust: Some(trust),
            trusted: trust.is_trusted(),
            endorsed_by: by.map(|b| groups(&b)),
            key_change,
        }
    }

    /// Verifies files already read (the app keeps what the user chose): each is judged, then
    /// every key met is recorded in one short transaction.
    pub fn verify_many(
        &mut self,
        files: &[(String, &[u8])],
    ) -> Result<Vec<Verification>, DeskError> {
        let mut pending = Pending::default();
        let checked: Vec<Result<Intact, Box<Verification>>> = files
            .par_iter()
            .map(|(name, bytes)| check_file(name, bytes))
            .collect();
        let out = files
            .iter()
            .zip(checked)
            .map(|((name, _), intact)| match intact {
                Ok(intact) => self.judge(name, intact, &mut pending),
                Err(invalid) => *invalid,
            })
            .collect();
        self.store.remember_keys(&pending.seen)?;
        Ok(out)
    }

    /// The verdict on a file verified before, again (after the user trusted its key), without
    /// counting it as seen once more.
    pub fn reverify(&self, file: &str, bytes: &[u8]) -> Verification {
        self.judge_file(file, bytes, &mut Pending::default())
    }

    /// Verifies the signed review or package in a file, reading no more than a package may be.
    pub fn verify_path(&mut self, path: &Path) -> Verification {
        self.verify_paths(&[path], |_, _| {})
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_else(|| {
                Verification::invalid(
                    &path.display().to_string(),
                    FileKind::SignedReview,
                    "the file could not be verified".into(),
                    ErrorCode::Internal,
                )
            })
    }

    /// Verifies many files (a secretariat's inbox): each is read and judged without holding
    /// the store, then every key met is recorded in one short transaction. `progress` is told
    /// after each file how many are done.
    pub fn verify_paths(
        &mut self,
        paths: &[&Path],
        mut progress: impl FnMut(usize, &Verification),
    ) -> Result<Vec<Verification>, DeskError> {
        let mut pending = Pending::default();
        let mut out = Vec::with_capacity(paths.len());
        // Reading and checking a file needs no store: the files of a chunk are checked on every
        // core at once, then judged in order. A chunk bounds how many are held in memory.
        for chunk in paths.chunks(VERIFY_CHUNK) {
            let checked: Vec<(String, Result<Intact, Box<Verification>>)> = chunk
                .par_iter()
                .map(|path| {
                    let name = path.display().to_string();
                    let intact = match read_bounded(path) {
                        Ok(bytes) => check_file(&name, &bytes),
                        Err(e) => Err(Box::new(Verification::invalid(
                            &name,
                            FileKind::SignedReview,
                            format!("cannot read the file: {e}"),
                            ErrorCode::Read,
                        ))),
                    };
                    (name, intact)
                })
                .collect();
            for (name, intact) in checked {
                let v = match intact {
                    Ok(intact) => self.judge(&name, intact, &mut pending),
                    Err(invalid) => *invalid,
                };
                progress(out.len() + 1, &v);
                out.push(v);
            }
        }
        self.store.remember_keys(&pending.seen)?;
        Ok(out)
    }
}
