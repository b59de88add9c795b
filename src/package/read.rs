//! Reading a package from outside: bounded, checked member by member, every hash and signature
//! verified before the review is interpreted.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use serde_json::Value;
use zip::ZipArchive;

use super::directory::central_directory;
use super::{PackageError, Role, MAX_COMPRESSION_RATIO, MAX_PACKAGE_BYTES, PACKAGE_FORMAT};
use crate::pdf::{fingerprint, recorded_fingerprint};
use crate::review::{schema_problems, ReviewDocument};
use crate::sign::{
    hex_sha256, verify, verify_endorsement, verify_manifest, Endorsement, PublicKey,
    SignedManifest, Verified,
};

/// A package whose every check passed.
#[derive(Debug, Clone)]
pub struct OpenedPackage {
    /// The signed review, verified.
    pub review: Verified,
    /// The review document inside it.
    pub document: ReviewDocument,
    /// The signed review file's bytes.
    pub review_file: Vec<u8>,
    /// The review document's fingerprint (printed in the PDF).
    pub fingerprint: String,
    /// The PDF's bytes.
    pub pdf: Vec<u8>,
    /// The members' names, manifest first.
    pub members: Vec<String>,
    /// The endorsement of the signing key by the key it replaced, shipped with the public key
    /// and verified: it carries trust from the old key to the new one.
    pub endorsement: Option<Endorsement>,
    /// The app and version that made the package, as its signed manifest says (absent in
    /// packages made before the manifest named it).
    pub generator: Option<String>,
}

/// True when `bytes` start like a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Why a member's name is not a plain file name at the package's root.
fn unsafe_name(name: &str) -> bool {
    name.is_empty()
        || name.len() > 255
        || name.contains(['/', '\\', ':', '\0'])
        || name.chars().any(char::is_control)
        || name == "."
        || name == ".."
        || name.starts_with('.')
}

/// An archive whose directory, member names, kinds and declared sizes passed, its members not
/// yet decompressed. A package and the contribution files (`crate::contrib`) are both read
/// through it, each with its own list of member names.
pub(crate) struct Listing<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Each member's name and role, in the order of the central directory.
    pub roles: Vec<(String, Role)>,
}

/// An archive's members, each read no further than its kind allows.
pub(crate) struct Members {
    /// Each member's name and role, in the order of the central directory.
    pub roles: Vec<(String, Role)>,
    /// Each member's bytes, in the same order.
    pub contents: Vec<Vec<u8>>,
}

/// Checks an archive's size, its own directory (read by hand, strictly), and each member's
/// name, kind and declared size, before anything is decompressed. `role_of` says which names
/// the archive may hold.
pub(crate) fn list_archive(
    bytes: &[u8],
    role_of: fn(&str) -> Option<Role>,
) -> Result<Listing<'_>, PackageError> {
    if bytes.len() as u64 > MAX_PACKAGE_BYTES {
        return Err(PackageError::TooLarge);
    }
    // The archive's directory as every zip reader must see it, then the zip crate's reading
    // of it, which must be the same, member by member.
    let listed = central_directory(bytes)?;
    let mut seen = BTreeSet::new();
    for name in &listed {
        let name = String::from_utf8_lossy(name);
        if !seen.insert(name.to_lowercase()) {
            return Err(PackageError::Duplicate(name.into_owned()));
        }
    }
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| PackageError::NotZip(e.to_string()))?;
    let other = || PackageError::NotZip("its directory lists other members than it holds".into());
    if archive.len() != listed.len() {
        return Err(other());
    }

    // Names, kinds and declared sizes, before anything is decompressed.
    let mut roles = Vec::with_capacity(archive.len());
    for (i, listed) in listed.iter().enumerate() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| PackageError::NotZip(e.to_string()))?;
        if member.name_raw() != listed.as_slice() {
            return Err(other());
        }
        let name = String::from_utf8_lossy(member.name_raw()).into_owned();
        if unsafe_name(&name) || member.name() != name {
            return Err(PackageError::UnsafeName(name));
        }
        if member.is_symlink() || member.is_dir() || !member.is_file() {
            return Err(PackageError::NotAFile(name));
        }
        let role = role_of(&name).ok_or_else(|| PackageError::Unexpected(name.clone()))?;
        let size = member.size();
        if size > role.limit() {
            return Err(PackageError::MemberTooLarge {
                name,
                size,
                limit: role.limit(),
            });
        }
        if size > 64 * 1024 && size / member.compressed_size().max(1) > MAX_COMPRESSION_RATIO {
            return Err(PackageError::Bomb(name));
        }
        roles.push((name, role));
    }
    Ok(Listing { archive, roles })
}

impl Listing<'_> {
    /// Where the one member of `role` is; refused when there is none or more than one.
    pub fn one(&self, role: Role, what: &'static str) -> Result<usize, PackageError> {
        let mut found = self
            .roles
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| *r == role);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Ok(i),
            _ => Err(PackageError::Missing(what)),
        }
    }

    /// The members' contents, each read no further than its kind allows, whatever the archive
    /// declares.
    pub fn read(mut self) -> Result<Members, PackageError> {
        let mut contents = Vec::with_capacity(self.roles.len());
        for (i, (name, role)) in self.roles.iter().enumerate() {
            let member = self
                .archive
                .by_index(i)
                .map_err(|e| PackageError::NotZip(e.to_string()))?;
            let mut bytes = Vec::new();
            member
                .take(role.limit() + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| PackageError::NotZip(format!("{name}: {e}")))?;
            if bytes.len() as u64 > role.limit() {
                return Err(PackageError::Bomb(name.clone()));
            }
            contents.push(bytes);
        }
        Ok(Members {
            roles: self.roles,
            contents,
        })
    }
}

impl Members {
    /// The manifest at `manifest_at`: signed, of `format`, made with the key in the public key
    /// member at `key_at`, and describing exactly the other members.
    pub fn signed_manifest(
        &self,
        manifest_at: usize,
        key_at: usize,
        format: &str,
    ) -> Result<SignedManifest, PackageError> {
        let manifest = verify_manifest(&self.contents[manifest_at])?;
        let m = &manifest.manifest;
        let bad = |why: &str| PackageError::Manifest(why.to_string());
        if m.get("format").and_then(Value::as_str) != Some(format) {
            return Err(bad(&format!("it is not in format \"{format}\"")));
        }
        let files = m
            .get("files")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("it lists no files"))?;
        // A manifest made with another key than the archive's public key is nobody's word on
        // these files: say so before reading its list (the key file's hash is checked next).
        let named = serde_json::from_slice::<Value>(&self.contents[key_at])
            .ok()
            .and_then(|jwk| PublicKey::from_jwk(&jwk).ok());
        if named.is_some_and(|key| key != manifest.key) {
            return Err(PackageError::KeyMismatch);
        }
        check_listing(files, &self.roles, &self.contents)?;
        Ok(manifest)
    }
}

/// Opens and checks a package's bytes.
pub fn open_package(bytes: &[u8]) -> Result<OpenedPackage, PackageError> {
    let listing = list_archive(bytes, Role::of)?;
    let manifest_at = listing.one(Role::Manifest, "manifest (manifest.json)")?;
    let review_at = listing.one(Role::Review, "signed review (*.review.json)")?;
    let pdf_at = listing.one(Role::Pdf, "PDF (*.pdf)")?;
    let key_at = listing.one(Role::PublicKey, "public key (signer-key.jwk.json)")?;
    listing.one(Role::Readme, "README.txt")?;
    let members = listing.read()?;
    let manifest = members.signed_manifest(manifest_at, key_at, PACKAGE_FORMAT)?;
    let Members {
        roles,
        mut contents,
    } = members;
    let m = &manifest.manifest;
    let bad = |why: &str| PackageError::Manifest(why.to_string());

    // The review, its key, and the PDF that belongs to it.
    let review = verify(&contents[review_at])?;
    let key: Value = serde_json::from_slice(&contents[key_at])
        .map_err(|_| bad("its public key file is not JSON"))?;
    let endorsement = match key.get("endorsement") {
        None | Some(Value::Null) => None,
        Some(Value::String(jws)) => Some(endorsement_of(jws, &review.kid)?),
        Some(_) => return Err(PackageError::Endorsement("it is not text".into())),
    };
    let key = PublicKey::from_jwk(&key).map_err(|_| PackageError::KeyMismatch)?;
    if review.key != manifest.key || key != manifest.key {
        return Err(PackageError::KeyMismatch);
    }
    let described = m.get("review").cloned().unwrap_or_default();
    if described.get("digest").and_then(Value::as_str) != Some(review.digest.as_str()) {
        return Err(bad("it describes another review than the one it holds"));
    }
    let document = review.document()?;
    let value = serde_json::to_value(&document).map_err(|e| bad(&e.to_string()))?;
    let problems = schema_problems(&value);
    if !problems.is_empty() {
        return Err(PackageError::Schema(problems));
    }
    let fingerprint = fingerprint(&document).map_err(|e| bad(&e.to_string()))?;
    let pdf = std::mem::take(&mut contents[pdf_at]);
    if !pdf.starts_with(b"%PDF-") || recorded_fingerprint(&pdf).as_deref() != Some(&fingerprint) {
        return Err(PackageError::PdfMismatch);
    }
    let mut members: Vec<String> = vec![roles[manifest_at].0.clone()];
    members.extend(
        roles
            .iter()
            .filter(|(_, r)| *r != Role::Manifest)
            .map(|(n, _)| n.clone()),
    );
    let generator = m
        .get("generator")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(OpenedPackage {
        generator,
        review_file: std::mem::take(&mut contents[review_at]),
        review,
        document,
        fingerprint,
        pdf,
        members,
        endorsement,
    })
}

/// Checks that the manifest's `files` list every member but the manifest exactly once, each
/// with the role its name gives it, its SHA-256 and its size. The hash comes before the size:
/// a file changed after signing is reported as such.
fn check_listing(
    files: &[Value],
    roles: &[(String, Role)],
    contents: &[Vec<u8>],
) -> Result<(), PackageError> {
    let mut listed = BTreeSet::new();
    for file in files {
        let name = file
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| PackageError::Manifest("it lists a file without a name".into()))?;
        if !listed.insert(name) {
            return Err(PackageError::ListedTwice(name.to_string()));
        }
        let at = roles
            .iter()
            .position(|(n, r)| n == name && *r != Role::Manifest)
            .ok_or_else(|| PackageError::ExtraListing(name.to_string()))?;
        let lacks = |what: &str| PackageError::Manifest(format!("it gives \"{name}\" no {what}"));
        let role = file
            .get("role")
            .and_then(Value::as_str)
            .ok_or_else(|| lacks("role"))?;
        if role != roles[at].1.as_str() {
            return Err(PackageError::RoleMismatch {
                name: name.to_string(),
                listed: role.to_string(),
                actual: roles[at].1.as_str(),
            });
        }
        if file.get("sha256").and_then(Value::as_str) != Some(hex_sha256(&contents[at]).as_str()) {
            return Err(PackageError::HashMismatch(name.to_string()));
        }
        let size = file
            .get("size")
            .and_then(Value::as_u64)
            .ok_or_else(|| lacks("size"))?;
        let actual = contents[at].len() as u64;
        if size != actual {
            return Err(PackageError::SizeMismatch {
                name: name.to_string(),
                listed: size,
                actual,
            });
        }
    }
    match roles
        .iter()
        .find(|(n, r)| *r != Role::Manifest && !listed.contains(n.as_str()))
    {
        Some((name, _)) => Err(PackageError::Unlisted(name.clone())),
        None => Ok(()),
    }
}

/// The endorsement shipped with the signer's public key, verified, and naming that key as the
/// one endorsed.
pub(crate) fn endorsement_of(jws: &str, signer_kid: &str) -> Result<Endorsement, PackageError> {
    let endorsement =
        verify_endorsement(jws).map_err(|e| PackageError::Endorsement(e.to_string()))?;
    if endorsement.new_kid != signer_kid {
        return Err(PackageError::Endorsement(
            "it endorses another key than the one that signed the package".into(),
        ));
    }
    Ok(endorsement)
}
