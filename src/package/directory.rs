//! The zip archive's own directory, read by hand and strictly before any zip reader is trusted
//! with it (APPNOTE.TXT 4.3.12, 4.3.16): one end record, the last bytes of the file, on one
//! disk, counting its entries one way, with the central directory right before it, and no
//! ZIP64. Zip readers disagree on everything else (which count to believe, which of two end
//! records, where the directory starts, what follows it), and two readers that see different
//! members would let one verify a file while the other shows another. Packages are small and
//! made by one writer, so nothing legitimate is lost.

use super::{PackageError, MAX_MEMBERS};

/// The end of central directory record's signature.
const END_SIGNATURE: &[u8; 4] = b"PK\x05\x06";
/// The end record's length without its comment.
const END_LEN: usize = 22;
/// A central directory entry's signature.
const ENTRY_SIGNATURE: &[u8; 4] = b"PK\x01\x02";
/// A central directory entry's length without its name, extra field and comment.
const ENTRY_LEN: usize = 46;
/// The ZIP64 end of central directory locator's signature; the locator is 20 bytes long and
/// sits right before the end record.
const ZIP64_LOCATOR_SIGNATURE: &[u8; 4] = b"PK\x06\x07";
/// The ZIP64 locator's length.
const ZIP64_LOCATOR_LEN: usize = 20;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// The end of central directory record's fields.
struct End {
    /// Where the record starts.
    at: usize,
    disk: u16,
    directory_disk: u16,
    on_disk: u16,
    total: u16,
    directory_size: u32,
    directory_offset: u32,
}

/// Finds and checks the end record: the file's last 22 bytes, with no comment, nothing after
/// it, no ZIP64 record, on disk 0, its two entry counts equal and within a package's, and the
/// central directory ending exactly where it begins.
fn end_record(bytes: &[u8]) -> Result<End, PackageError> {
    let no_end = || PackageError::NotZip("it has no end of central directory".into());
    let last = bytes.len().checked_sub(END_LEN).ok_or_else(no_end)?;
    if !(bytes[last..].starts_with(END_SIGNATURE) && u16_at(bytes, last + 20) == Some(0)) {
        // Not at the very end: find the record a reader searching backwards would use, to
        // say what follows it.
        let at = (0..=last)
            .rev()
            .find(|&i| bytes[i..].starts_with(END_SIGNATURE))
            .ok_or_else(no_end)?;
        return Err(if u16_at(bytes, at + 20) != Some(0) {
            PackageError::ArchiveComment
        } else {
            PackageError::TrailingBytes(bytes.len() - at - END_LEN)
        });
    }
    let at = last;
    let field = |offset: usize| u16_at(bytes, at + offset).unwrap_or(u16::MAX);
    let wide = |offset: usize| u32_at(bytes, at + offset).unwrap_or(u32::MAX);
    let end = End {
        at,
        disk: field(4),
        directory_disk: field(6),
        on_disk: field(8),
        total: field(10),
        directory_size: wide(12),
        directory_offset: wide(16),
    };
    let locator = at
        .checked_sub(ZIP64_LOCATOR_LEN)
        .is_some_and(|l| bytes[l..].starts_with(ZIP64_LOCATOR_SIGNATURE));
    // A field at its largest value means "see the ZIP64 record" (APPNOTE 4.4.1.4).
    if locator
        || [end.disk, end.directory_disk, end.on_disk, end.total].contains(&u16::MAX)
        || [end.directory_size, end.directory_offset].contains(&u32::MAX)
    {
        return Err(PackageError::Zip64);
    }
    if end.disk != 0 || end.directory_disk != 0 {
        return Err(PackageError::MultiDisk);
    }
    if end.on_disk != end.total {
        return Err(PackageError::EntryCounts {
            on_disk: end.on_disk,
            total: end.total,
        });
    }
    if usize::from(end.total) > MAX_MEMBERS {
        return Err(PackageError::TooManyMembers(usize::from(end.total)));
    }
    let directory_end = (end.directory_offset as usize).checked_add(end.directory_size as usize);
    if directory_end != Some(end.at) {
        return Err(PackageError::DirectoryMisplaced);
    }
    Ok(end)
}

/// The members' raw names, in the order of the central directory, duplicates included: the
/// entries found by walking the directory from where the end record says it starts to where
/// the end record begins, each right after the last, and as many as the end record counts.
/// Everything that reads the archive's member list must agree with this walk.
pub(super) fn central_directory(bytes: &[u8]) -> Result<Vec<Vec<u8>>, PackageError> {
    let end = end_record(bytes)?;
    let mut names = Vec::with_capacity(usize::from(end.total));
    let mut found = 0usize;
    let mut at = end.directory_offset as usize;
    while at < end.at {
        let entry = &bytes[at..end.at];
        if !entry.starts_with(ENTRY_SIGNATURE) || entry.len() < ENTRY_LEN {
            return Err(PackageError::DirectoryMisplaced);
        }
        let field = |offset: usize| usize::from(u16_at(entry, offset).unwrap_or(u16::MAX));
        let wide = |offset: usize| u32_at(entry, offset).unwrap_or(u32::MAX);
        // Compressed size, size, local header offset: ZIP64 markers at their largest.
        if [wide(20), wide(24), wide(42)].contains(&u32::MAX) || field(34) == 0xFFFF {
            return Err(PackageError::Zip64);
        }
        if field(34) != 0 {
            return Err(PackageError::MultiDisk);
        }
        let name_len = field(28);
        let len = ENTRY_LEN + name_len + field(30) + field(32);
        if len > entry.len() {
            return Err(PackageError::DirectoryMisplaced);
        }
        found += 1;
        if names.len() <= MAX_MEMBERS {
            names.push(entry[ENTRY_LEN..ENTRY_LEN + name_len].to_vec());
        }
        at += len;
    }
    if found != usize::from(end.total) {
        return Err(PackageError::DirectoryCount {
            found,
            declared: end.total,
        });
    }
    Ok(names)
}
