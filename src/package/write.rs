//! Writing a package: the members, the signed manifest, the zip.

use std::io::{Cursor, Write};

use chrono::{Datelike, Timelike};
use serde_json::{json, Value};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{PackageError, Role, MANIFEST_NAME, PACKAGE_FORMAT, PUBLIC_KEY_NAME, README_NAME};
use crate::sign::{fingerprint_groups, hex_sha256, sign_manifest, SignedReview, SigningKey};

/// What goes into a package.
pub struct PackageParts<'a> {
    /// The file name without extension: `GCM-review_<ISO3>_<cycle>_<date>`.
    pub base_name: &'a str,
    /// The signed review.
    pub review: &'a SignedReview,
    /// The review document's fingerprint, as printed in the PDF.
    pub fingerprint: &'a str,
    /// The PDF.
    pub pdf: &'a [u8],
    /// The signer's public key (a JWK with its `kid`, and the endorsement by a previous key).
    pub public_key: &'a Value,
    /// When the package is made (RFC 3339, UTC); also the members' modification time.
    pub created: &'a str,
    /// The app and version that made the package (`GCM Review Desk 0.1.0`), for the
    /// secretariat's records; the same version `gcm-review --version` prints.
    pub generator: &'a str,
}

/// Builds a package, its manifest signed with `key` (the key that signed the review).
pub fn build_package(parts: &PackageParts<'_>, key: &SigningKey) -> Result<Vec<u8>, PackageError> {
    let review = parts.review.review();
    let cover = &review["cover"];
    let key_bytes =
        crate::sign::to_pretty(parts.public_key).map_err(|e| PackageError::Write(e.to_string()))?;
    let readme = readme(parts);
    let members: [(String, Role, &[u8]); 4] = [
        (
            format!("{}.review.json", parts.base_name),
            Role::Review,
            parts.review.file_bytes(),
        ),
        (format!("{}.pdf", parts.base_name), Role::Pdf, parts.pdf),
        (PUBLIC_KEY_NAME.to_string(), Role::PublicKey, &key_bytes),
        (README_NAME.to_string(), Role::Readme, readme.as_bytes()),
    ];
    let manifest = json!({
        "format": PACKAGE_FORMAT,
        "created": parts.created,
        "generator": parts.generator,
        "review": {
            "id": review["id"],
            "revision": review["revision"],
            "digest": parts.review.digest(),
            "fingerprint": parts.fingerprint,
            "supersedes": review["supersedes"],
            "memberState": cover["member_state"],
            "cycle": cover["cycle"],
            "status": review["status"],
            "kid": parts.review.kid(),
        },
        "files": members.iter().map(|(name, role, bytes)| json!({
            "name": name,
            "role": role.as_str(),
            "size": bytes.len(),
            "sha256": hex_sha256(bytes),
        })).collect::<Vec<_>>(),
    });
    let manifest = sign_manifest(&manifest, key)?;
    let all: Vec<(String, Role, &[u8])> = std::iter::once((
        MANIFEST_NAME.to_string(),
        Role::Manifest,
        manifest.as_slice(),
    ))
    .chain(members.iter().map(|(n, r, b)| (n.clone(), *r, *b)))
    .collect();
    write_zip(&all, parts.created)
}

/// Zips `members` (name, role, bytes) in this order, each dated `created` (RFC 3339), the PDF
/// stored and the rest deflated: the archive shape every reader of `read.rs` accepts.
pub(crate) fn write_zip(
    members: &[(String, Role, &[u8])],
    created: &str,
) -> Result<Vec<u8>, PackageError> {
    let write = |e: &dyn std::fmt::Display| PackageError::Write(e.to_string());
    let time = chrono::DateTime::parse_from_rfc3339(created)
        .ok()
        .and_then(|t| {
            zip::DateTime::from_date_and_time(
                u16::try_from(t.year()).ok()?,
                t.month() as u8,
                t.day() as u8,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
            )
            .ok()
        })
        .unwrap_or_default();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = |method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644)
    };
    for (name, role, bytes) in members {
        let method = if *role == Role::Pdf {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(name.as_str(), options(method))
            .map_err(|e| write(&e))?;
        zip.write_all(bytes).map_err(|e| write(&e))?;
    }
    Ok(zip.finish().map_err(|e| write(&e))?.into_inner())
}

/// The package's `README.txt`: what it holds and how to check it, in plain words.
fn readme(parts: &PackageParts<'_>) -> String {
    let review = parts.review.review();
    let signer = &review["signer"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    format!(
        "Voluntary GCM review: {state}, {cycle}
=================================================

This package holds a voluntary review of the Global Compact for Migration, signed
by its author:

  {base}.review.json   the review, as signed JSON (RFC 8785 canonical JSON,
                       detached JWS with EdDSA / Ed25519)
  {base}.pdf           the same review as a PDF, for reading and sign-off
  signer-key.jwk.json  the signer's public key (JWK)
  manifest.json        the SHA-256 of each file above, signed with the same key

Signed by:    {name}, {title}, {ministry} <{email}>
Status:       {status}
Key id:       {kid}
Fingerprint:  {key_groups}   (read it aloud to the signer to confirm the key)
Document:     {fingerprint}
              (the fingerprint printed in the PDF's footer and sign-off sheet)
Supersedes:   {supersedes}

How to verify
-------------
1. With GCM Review Desk: Open and verify..., or on the command line:
       gcm-review verify {base}.zip
   It checks the manifest's signature, every file's hash, the review's signature,
   and that the PDF carries the review's fingerprint.
2. With any JOSE library: check that the SHA-256 of each file equals the value in
   manifest.json; verify the manifest's detached JWS over the RFC 8785 canonical
   JSON of its \"manifest\" member, and the review's detached JWS over the canonical
   JSON of its \"review\" member, both with the key in signer-key.jwk.json. The key
   id is its RFC 7638 thumbprint.
3. Confirm with the signer, by a channel you trust, that the key id is theirs.
",
        state = text(&review["cover"]["member_state"]),
        cycle = text(&review["cover"]["cycle"]),
        base = parts.base_name,
        name = text(&signer["name"]),
        title = text(&signer["title"]),
        ministry = text(&signer["ministry"]),
        email = text(&signer["email"]),
        status = text(&review["status"]),
        kid = parts.review.kid(),
        key_groups = fingerprint_groups(parts.review.kid()).unwrap_or_default(),
        fingerprint = parts.fingerprint,
        supersedes = review["supersedes"]
            .as_str()
            .unwrap_or("nothing (first submission)"),
    )
}
