//! The zip container of .docx and .odt files, read with bounds: how many parts, how large
//! each one says it is and really inflates to, the whole inflated, and the compression ratio
//! (as the package reader bounds packages). Parts are read only when asked for, and only as
//! far as their bound. Macros and encryption are recognised from the part names.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::DocumentError;

/// The most parts a document may have (Word writes about 20, plus one per image).
pub const MAX_PARTS: usize = 10_000;
/// The largest a single part may inflate to: 64 MiB (the text of a 500-page review is about
/// 10 MiB of XML).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most all the parts read may inflate to together: 256 MiB.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;
/// The highest compression ratio of a part larger than 1 MiB (real XML stays below 100).
pub const MAX_RATIO: u64 = 1_000;

/// A document's zip container.
pub(super) struct Archive<'a> {
    bytes: &'a [u8],
    /// Part name → its index in the archive.
    names: BTreeMap<String, usize>,
    inflated: Cell<u64>,
}

fn bad(e: impl std::fmt::Display) -> DocumentError {
    DocumentError::Malformed(format!("its zip container: {e}"))
}

impl<'a> Archive<'a> {
    /// Lists the parts and checks their declared sizes, decompressing nothing.
    pub fn open(bytes: &'a [u8]) -> Result<Archive<'a>, DocumentError> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
        if archive.len() > MAX_PARTS {
            return Err(DocumentError::TooManyParts(archive.len()));
        }
        let mut names = BTreeMap::new();
        let mut declared = 0u64;
        for i in 0..archive.len() {
            let part = archive.by_index_raw(i).map_err(bad)?;
            let name = part.name().to_string();
            if part.encrypted() {
                return Err(DocumentError::Encrypted);
            }
            let lower = name.to_lowercase();
            if lower.ends_with("vbaproject.bin") || lower.ends_with("vbadata.xml") {
                return Err(DocumentError::Macros(format!("the part {name}")));
            }
            let size = part.size();
            if size > MAX_PART_BYTES
                || (size > 1024 * 1024 && size / part.compressed_size().max(1) > MAX_RATIO)
            {
                return Err(DocumentError::Bomb(MAX_PART_BYTES));
            }
            declared = declared.saturating_add(size);
            if declared > MAX_INFLATED_BYTES {
                return Err(DocumentError::Bomb(MAX_INFLATED_BYTES));
            }
            if names.insert(name.clone(), i).is_some() {
                return Err(bad(format!("it holds {name} twice")));
            }
        }
        Ok(Archive {
            bytes,
            names,
            inflated: Cell::new(0),
        })
    }

    /// Whether a part with this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    /// The parts' names, in name order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }

    /// A part's bytes, inflated no further than its bound whatever its header says; None if
    /// there is no such part.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
        let Some(&index) = self.names.get(name) else {
            return Ok(None);
        };
        let mut archive = ZipArchive::new(Cursor::new(self.bytes)).map_err(bad)?;
        let part = archive.by_index(index).map_err(bad)?;
        let left = MAX_INFLATED_BYTES.saturating_sub(self.inflated.get());
        let limit = MAX_PART_BYTES.min(left);
        let mut out = Vec::new();
        part.take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        if out.len() as u64 > limit {
            return Err(DocumentError::Bomb(limit));
        }
        self.inflated.set(self.inflated.get() + out.len() as u64);
        Ok(Some(out))
    }

    /// A part that must exist.
    pub fn require(&self, name: &str) -> Result<Vec<u8>, DocumentError> {
        self.read(name)?
            .ok_or_else(|| DocumentError::Malformed(format!("it has no {name}")))
    }
}
