//! Packages: what an official sends to the secretariat, and what comes back to be updated.
//!
//! A package (`GCM-review_<ISO3>_<cycle>_<date>.zip`) holds, at its root and nothing else:
//! the signed review (`*.review.json`), its PDF (`*.pdf`), the signer's public key
//! (`signer-key.jwk.json`), a `README.txt` on how to verify it, and `manifest.json`: the SHA-256
//! of every other file, signed with the key that signed the review. The format is described in
//! `src/package/FORMAT.md`. [`email`] writes the draft message that carries a package.
//!
//! Reading treats every package as hostile: the archive's size and its own directory (read by
//! hand, strictly, so that every zip reader sees the same members), its members' names, kinds,
//! declared and actual sizes are checked before anything is decompressed beyond a bound, and
//! every signature and hash before anything is interpreted.
#![deny(clippy::disallowed_methods)]

mod directory;
mod email;
mod read;
mod write;

use crate::ErrorCode;
use serde::Serialize;
use thiserror::Error;

use crate::sign::VerifyError;

pub use email::{
    draft_message, email_draft, valid_address, EmailDraft, EmailError, Message, SECRETARIAT,
};
pub(crate) use read::{endorsement_of, list_archive, Members};
pub use read::{is_zip, open_package, OpenedPackage};
pub(crate) use write::write_zip;
pub use write::{build_package, PackageParts};

/// Name and version of the package format, recorded in its manifest.
pub const PACKAGE_FORMAT: &str = "gcm-review-package/1";

/// The manifest's name inside a package.
pub const MANIFEST_NAME: &str = "manifest.json";
/// The signer's public key's name inside a package.
pub const PUBLIC_KEY_NAME: &str = "signer-key.jwk.json";
/// The instructions' name inside a package.
pub const README_NAME: &str = "README.txt";

/// The largest package accepted: 100 MiB.
pub const MAX_PACKAGE_BYTES: u64 = 100 * 1024 * 1024;
/// The most members a package may have.
pub const MAX_MEMBERS: usize = 8;
/// The largest PDF accepted inside a package: 64 MiB.
pub const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;
/// The largest key or README accepted inside a package: 256 KiB.
pub const MAX_SMALL_MEMBER_BYTES: u64 = 256 * 1024;
/// The highest ratio of a member's size to its compressed size accepted (a decompression bomb
/// has ratios in the thousands; the JSON and PDF of a review stay far below this).
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// What each file in a package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The signed review.
    Review,
    /// Its PDF.
    Pdf,
    /// The signer's public key.
    PublicKey,
    /// How to verify the package.
    Readme,
    /// The signed manifest.
    Manifest,
    /// The content of a contribution request or response (`crate::contrib`), which a package
    /// never holds.
    Contribution,
}

impl Role {
    /// The role of a member named `name`, if a package may hold it.
    pub fn of(name: &str) -> Option<Role> {
        match name {
            MANIFEST_NAME => Some(Role::Manifest),
            PUBLIC_KEY_NAME => Some(Role::PublicKey),
            README_NAME => Some(Role::Readme),
            n if n.ends_with(".review.json") => Some(Role::Review),
            n if n.ends_with(".pdf") => Some(Role::Pdf),
            _ => None,
        }
    }

    /// The name written in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Review => "review",
            Role::Pdf => "pdf",
            Role::PublicKey => "public_key",
            Role::Readme => "readme",
            Role::Manifest => "manifest",
            Role::Contribution => "contribution",
        }
    }

    /// The largest this member may be once decompressed.
    pub fn limit(self) -> u64 {
        match self {
            Role::Review | Role::Contribution => crate::sign::MAX_SIGNED_BYTES as u64,
            Role::Pdf => MAX_PDF_BYTES,
            Role::Manifest => crate::sign::MAX_MANIFEST_BYTES as u64,
            Role::PublicKey | Role::Readme => MAX_SMALL_MEMBER_BYTES,
        }
    }
}

/// Why a package could not be made or was refused. Each message is one line a reader who is
/// not a technician can act on.
#[derive(Debug, Error)]
pub enum PackageError {
    /// The file is larger than a package may be.
    #[error("the file is larger than {} MiB, the most a package may be", MAX_PACKAGE_BYTES / (1024 * 1024))]
    TooLarge,
    /// The file could not be read.
    #[error("the file could not be read: {0}")]
    Read(String),
    /// Not a zip archive, or a damaged one.
    #[error("the file is not a package: it is not a readable zip archive ({0})")]
    NotZip(String),
    /// The zip archive carries a comment after its end record; a package never has one.
    #[error("the package's zip archive carries a comment, which a package never has: refused; ask the sender to make the package again")]
    ArchiveComment,
    /// Bytes follow the zip archive's end record, where another archive could hide.
    #[error("the package has {0} bytes after the end of its zip archive, where other files could hide: refused; ask the sender to make the package again")]
    TrailingBytes(usize),
    /// The archive has a ZIP64 record or marker; no package is large enough to need one.
    #[error("the package's zip archive uses ZIP64 records, which no package needs (a package is at most {} MiB): refused; ask the sender to make the package again", MAX_PACKAGE_BYTES / (1024 * 1024))]
    Zip64,
    /// The archive, or one of its members, is said to be on another disk of a split archive.
    #[error("the package is one part of a zip archive split across several disks or files: refused; ask the sender for the package as a single file")]
    MultiDisk,
    /// The end record counts the entries on this disk and in all differently, so zip readers
    /// would list different members.
    #[error("the package's zip archive counts {on_disk} files on this disk but {total} in all, so zip programs would show different files: refused; ask the sender to make the package again")]
    EntryCounts {
        /// The entries on this disk, as the end record says.
        on_disk: u16,
        /// The entries in all, as the end record says.
        total: u16,
    },
    /// The central directory does not end exactly where the end record begins, or its entries
    /// do not follow one another up to it.
    #[error("the package's zip directory is not where its end record says, so zip programs could show different files: refused; ask the sender to make the package again")]
    DirectoryMisplaced,
    /// The central directory holds another number of entries than the end record counts.
    #[error("the package's zip directory lists {found} files but its end record counts {declared}, so zip programs would show different files: refused; ask the sender to make the package again")]
    DirectoryCount {
        /// The entries found by walking the directory.
        found: usize,
        /// The entries the end record counts.
        declared: u16,
    },
    /// More members than a package has.
    #[error("the package has {0} files; a package has at most {MAX_MEMBERS}")]
    TooManyMembers(usize),
    /// A member whose name could write outside a folder or is not a plain file name.
    #[error("the package holds a file named \"{0}\", which could be written outside its folder: refused")]
    UnsafeName(String),
    /// A symbolic link, directory or other non-file member.
    #[error("the package holds \"{0}\", which is a link or a folder rather than a file: refused")]
    NotAFile(String),
    /// Two members with the same name (or names that differ only in case).
    #[error(
        "the package holds two files named \"{0}\": refused, as readers could see different ones"
    )]
    Duplicate(String),
    /// A member a package does not have.
    #[error("the package holds \"{0}\", which is not part of a package")]
    Unexpected(String),
    /// A member every package has is missing, or there are two of a kind.
    #[error("the package must hold exactly one {0}")]
    Missing(&'static str),
    /// A member larger than its kind may be.
    #[error("\"{name}\" in the package is {} MiB once unpacked; at most {} MiB is accepted", .size / (1024 * 1024), .limit / (1024 * 1024))]
    MemberTooLarge {
        /// The member.
        name: String,
        /// Its size (declared, or read so far).
        size: u64,
        /// The limit for its kind.
        limit: u64,
    },
    /// A member that expands far more than real content does.
    #[error("\"{0}\" in the package expands far more than a review can: it looks like a decompression bomb, refused")]
    Bomb(String),
    /// The manifest (or the review) does not verify.
    #[error("{0}")]
    Signature(#[from] VerifyError),
    /// The manifest is signed but does not describe the package.
    #[error("the manifest does not describe this package: {0}")]
    Manifest(String),
    /// A member the manifest does not list, which the signature therefore does not cover.
    #[error("\"{0}\" is in the package but not in its signed manifest, so nothing vouches for it: refused; ask the sender to make the package again")]
    Unlisted(String),
    /// The manifest lists a file more than once.
    #[error("the manifest lists \"{0}\" more than once: refused; ask the sender to make the package again")]
    ListedTwice(String),
    /// The manifest lists a file that is not among the package's other members.
    #[error("the manifest lists \"{0}\", which is not among the package's files: a file is missing or was renamed; ask the sender for the complete package")]
    ExtraListing(String),
    /// The manifest gives a member another role than its name gives it.
    #[error("the manifest gives \"{name}\" the role \"{listed}\", but its name makes it the \"{actual}\": refused; ask the sender to make the package again")]
    RoleMismatch {
        /// The member.
        name: String,
        /// The role the manifest gives it.
        listed: String,
        /// The role its name gives it (as the manifest writes roles).
        actual: &'static str,
    },
    /// The manifest gives a member another size than it has.
    #[error("the manifest gives \"{name}\" a size of {listed} bytes, but it holds {actual}: refused; ask the sender to make the package again")]
    SizeMismatch {
        /// The member.
        name: String,
        /// The size the manifest gives it.
        listed: u64,
        /// Its size once unpacked.
        actual: u64,
    },
    /// A file's SHA-256 differs from the manifest's.
    #[error("\"{0}\" was changed or swapped after the package was signed: its hash does not match the manifest")]
    HashMismatch(String),
    /// The manifest, the review and the public key name different keys.
    #[error("the manifest, the review and the public key were not all signed by the same key")]
    KeyMismatch,
    /// The endorsement shipped with the public key does not hold.
    #[error("the key endorsement in the package was refused: {0}")]
    Endorsement(String),
    /// The PDF is not the PDF of the signed review.
    #[error("the PDF does not belong to the signed review: its fingerprint differs")]
    PdfMismatch,
    /// The review does not conform to the published schema.
    #[error("the review in the package does not match the published schema: {}", .0.join("; "))]
    Schema(Vec<String>),
    /// The package could not be written.
    #[error("the package could not be written: {0}")]
    Write(String),
    /// The manifest could not be signed.
    #[error("the package could not be signed: {0}")]
    Sign(#[from] crate::sign::SignError),
}

impl PackageError {
    /// A stable snake_case code for the reason, for translation and scripts.
    pub fn code(&self) -> ErrorCode {
        match self {
            PackageError::TooLarge => ErrorCode::TooLarge,
            PackageError::Read(_) => ErrorCode::Read,
            PackageError::NotZip(_) => ErrorCode::NotZip,
            PackageError::ArchiveComment => ErrorCode::ZipComment,
            PackageError::TrailingBytes(_) => ErrorCode::TrailingBytes,
            PackageError::Zip64 => ErrorCode::Zip64,
            PackageError::MultiDisk => ErrorCode::MultiDisk,
            PackageError::EntryCounts { .. } => ErrorCode::EntryCountMismatch,
            PackageError::DirectoryMisplaced => ErrorCode::DirectoryMisplaced,
            PackageError::DirectoryCount { .. } => ErrorCode::DirectoryCountMismatch,
            PackageError::TooManyMembers(_) => ErrorCode::TooManyMembers,
            PackageError::UnsafeName(_) => ErrorCode::UnsafeName,
            PackageError::NotAFile(_) => ErrorCode::NotAFile,
            PackageError::Duplicate(_) => ErrorCode::DuplicateMember,
            PackageError::Unexpected(_) => ErrorCode::UnexpectedMember,
            PackageError::Missing(_) => ErrorCode::MissingMember,
            PackageError::MemberTooLarge { .. } => ErrorCode::MemberTooLarge,
            PackageError::Bomb(_) => ErrorCode::Bomb,
            PackageError::Signature(e) => e.code(),
            PackageError::Manifest(_) => ErrorCode::Manifest,
            PackageError::Unlisted(_) => ErrorCode::UnlistedMember,
            PackageError::ListedTwice(_) => ErrorCode::ListedTwice,
            PackageError::ExtraListing(_) => ErrorCode::ExtraListing,
            PackageError::RoleMismatch { .. } => ErrorCode::RoleMismatch,
            PackageError::SizeMismatch { .. } => ErrorCode::SizeMismatch,
            PackageError::HashMismatch(_) => ErrorCode::HashMismatch,
            PackageError::KeyMismatch => ErrorCode::KeyMismatch,
            PackageError::Endorsement(_) => ErrorCode::BadEndorsement,
            PackageError::PdfMismatch => ErrorCode::PdfMismatch,
            PackageError::Schema(_) => ErrorCode::Schema,
            PackageError::Write(_) => ErrorCode::Write,
            PackageError::Sign(_) => ErrorCode::Sign,
        }
    }
}
