//! The one contract of failure codes between the core and its faces: every stage's `code()`
//! returns an [`ErrorCode`], the UI and scripts read it as a stable snake_case string, and the
//! UI's six catalogues have a message for each (`error.<code>`).

use serde::Serialize;

/// A stable code for why an operation failed or a file was refused.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::EnumIter, strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    // The store.
    /// The data folder or file system refused a write.
    ReadOnly,
    /// The store file is damaged.
    CorruptStore,
    /// The store was written by a newer version of the app.
    StoreTooNew,
    /// A review, revision, backup or key that is not there.
    NotFound,
    /// A prefix that names several reviews or keys.
    Ambiguous,
    /// The review is in the trash.
    InTrash,
    /// Another writer changed the same fields first.
    Conflict,
    /// A milestone label that is empty or too long.
    BadLabel,
    /// The document was imported before.
    AlreadyImported,
    /// The disk is full.
    DiskFull,
    /// Another program holds the store locked too long.
    Busy,
    /// A restore needs the store closed in every window and command.
    InUse,
    /// Any other failure of the store.
    Store,
    // Signed files.
    /// A file larger than its kind may be.
    TooLarge,
    /// A file that could not be read.
    Read,
    /// A file that is not JSON.
    NotJson,
    /// JSON that is not a signed review.
    NotSignedReview,
    /// A format name this version does not read.
    UnknownFormat,
    /// A signature header that is malformed.
    BadHeader,
    /// A signature algorithm other than EdDSA.
    UnsupportedAlgorithm,
    /// A JWS of another type than the one expected.
    WrongType,
    /// A public key that is not a valid Ed25519 JWK.
    BadKey,
    /// A key id that is not the key's thumbprint.
    KeyIdMismatch,
    /// A signature that is not canonical base64url.
    BadSignatureEncoding,
    /// A signature that does not match the content.
    Mismatch,
    /// Content that has no canonical JSON form.
    Canonical,
    /// A signed review that lacks a member.
    Incomplete,
    /// A signer named in the review who did not make the signature.
    SignerKeyMismatch,
    /// Signed content that is not a review document.
    NotAReviewDocument,
    /// A key endorsement that does not hold.
    Endorsement,
    /// A Member State's review signed with another key than the one pinned for it.
    KeyChanged,
    /// JSON that is not an approval file.
    NotAnApproval,
    // Packages.
    /// A file that is not a readable zip archive.
    NotZip,
    /// A package with more files than a package has.
    TooManyMembers,
    /// A member name that could write outside its folder.
    UnsafeName,
    /// A member that is a link or a folder.
    NotAFile,
    /// Two members with the same name.
    DuplicateMember,
    /// A member that is not part of a package.
    UnexpectedMember,
    /// A member every package has is missing.
    MissingMember,
    /// A member far larger than its kind may be.
    MemberTooLarge,
    /// A member that expands far more than real content does.
    Bomb,
    /// A manifest that does not describe the package.
    Manifest,
    /// A member changed after the package was signed.
    HashMismatch,
    /// Parts of a package signed by different keys.
    KeyMismatch,
    /// A PDF that does not belong to the signed review.
    PdfMismatch,
    /// A document the published schema refuses.
    Schema,
    /// A file that could not be written.
    Write,
    /// Content that could not be signed.
    Sign,
    /// An endorsement shipped with a key that was refused.
    BadEndorsement,
    /// A zip archive with a comment.
    ZipComment,
    /// Bytes after the end of a zip archive.
    TrailingBytes,
    /// ZIP64 records, which no package needs.
    Zip64,
    /// An archive split across several disks.
    MultiDisk,
    /// End-record entry counts that differ.
    EntryCountMismatch,
    /// A central directory not where the end record says.
    DirectoryMisplaced,
    /// A central directory listing another number of files than its end record.
    DirectoryCountMismatch,
    /// A member the manifest does not list.
    UnlistedMember,
    /// A member the manifest lists twice.
    ListedTwice,
    /// A manifest entry for a file the package lacks.
    ExtraListing,
    /// A manifest entry with the wrong role.
    RoleMismatch,
    /// A manifest entry with the wrong size.
    SizeMismatch,
    // Documents brought in from Word, LibreOffice or PDF.
    /// A file that is not a Word, LibreOffice or PDF document.
    NotADocument,
    /// An old binary Word document (.doc).
    LegacyFormat,
    /// An encrypted or password-protected document.
    Encrypted,
    /// A document with macros.
    Macros,
    /// A document that links to content outside itself.
    ExternalContent,
    /// XML with a document type declaration (where entity bombs hide).
    XmlDoctype,
    /// A document whose structure is broken.
    Malformed,
    /// A document with more parts than a document has.
    TooManyParts,
    /// A document with more blocks than can be placed.
    TooManyBlocks,
    /// A PDF with more pages than can be read.
    TooManyPages,
    /// A PDF that carries JavaScript.
    PdfJavascript,
    /// A PDF with no text layer (a scan).
    NoText,
    /// A placement plan that does not fit its document or the template.
    InvalidPlan,
    /// A placement plan made for another file.
    PlanMismatch,
    // Interministerial review: comments, the sign-off list, approvals, the final decision.
    /// A comment that is empty or far too long.
    BadComment,
    /// No comment of the review has this id.
    CommentNotFound,
    /// No entity on the review's sign-off list has this name or id.
    EntityNotFound,
    /// The entity is on the sign-off list already.
    EntityExists,
    /// A scanned page that is not a PDF, PNG or JPEG file, or far too large.
    BadAttachment,
    /// No approval of the review has this id.
    ApprovalNotFound,
    /// An approval of another review, revision or text than the one it is recorded for.
    ApprovalMismatch,
    /// The review has problems that keep it from being final.
    NotReady,
    /// Approvals are outstanding or stale: marking final needs the user's confirmation.
    ApprovalsPending,
    // Contributions from other ministries.
    /// A file that is not the contribution request or response expected.
    NotAContribution,
    /// A field that is not assigned to the entity this workspace writes for.
    NotAssigned,
    /// A response to a request this review never made (or made to another entity).
    UnknownRequest,
    /// A response based on a revision this review does not have.
    UnknownBase,
    /// A contribution file that belongs to another review.
    WrongReview,
    /// No contributing entity of the review has this name or id.
    UnknownContributor,
    /// A review that is not a contribution workspace.
    NotAWorkspace,
    // The application layer.
    /// An answer that does not fit its field.
    InvalidValue,
    /// A Member State, language, cycle, date or name that is not one.
    InvalidInput,
    /// No data folder could be found.
    NoDataDir,
    /// Signing needs the signer's name.
    NoSigner,
    /// Signing needs a key.
    NoKey,
    /// A first key exists already.
    KeyExists,
    /// Not the passphrase the key was sealed with.
    WrongPassphrase,
    /// A passphrase that is too short.
    WeakPassphrase,
    /// A key that could not be made, sealed or opened.
    Key,
    /// A PDF that could not be made.
    Pdf,
    /// A file to import that is not a review.
    NotAReview,
    /// A document on a template version with no field map.
    UnknownTemplate,
    /// An update from a revision that holds no submission.
    NotSubmitted,
    /// A package that holds another review.
    OtherReview,
    /// Not an email address.
    BadAddress,
    /// An email draft that could not be written.
    Email,
    /// No known key has this id or fingerprint.
    KeyNotFound,
    /// A public key file that is not one.
    NotAKey,
    /// An import waiting for the user's explicit confirmation.
    NeedsConsent,
    /// A file that is not one chosen or written in this session.
    UnknownHandle,
    /// A chosen file that changed after its preview.
    ChangedOnDisk,
    /// A fault of the program itself.
    Internal,
}

impl ErrorCode {
    /// The code as the UI contract spells it (`not_found`, `needs_consent`, ...).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        <ErrorCode as strum::IntoEnumIterator>::iter()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_are_snake_case_and_unique() {
        let all: Vec<&str> = ErrorCode::all().map(ErrorCode::as_str).collect();
        let unique: std::collections::BTreeSet<&str> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len());
        assert_eq!(ErrorCode::NeedsConsent.as_str(), "needs_consent");
        assert_eq!(
            serde_json::to_value(ErrorCode::Zip64).unwrap(),
            serde_json::json!("zip64")
        );
        for code in all {
            assert!(code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
        }
    }
}
