//! A zip writer with no safety at all, for building the hostile packages the reader must refuse:
//! any name, any declared size, symbolic links, duplicates, and an end record that lies.

/// One member as it will be written.
#[derive(Clone)]
pub struct Entry {
    /// The name, as raw bytes.
    pub name: Vec<u8>,
    /// The data as stored (already deflated when `deflated`).
    pub data: Vec<u8>,
    /// Raw deflate (method 8) rather than stored (method 0).
    pub deflated: bool,
    /// The uncompressed size the headers declare.
    pub declared_size: u32,
    /// The CRC-32 the headers declare.
    pub crc: u32,
    /// Unix mode in the external attributes (0o100644 for a file, 0o120777 for a link).
    pub mode: u32,
}

impl Entry {
    /// A stored file with honest headers.
    pub fn file(name: &str, content: &[u8]) -> Entry {
        Entry {
            name: name.as_bytes().to_vec(),
            data: content.to_vec(),
            deflated: false,
            declared_size: content.len() as u32,
            crc: crc32(content),
            mode: 0o100644,
        }
    }

    /// A deflated file with honest headers.
    pub fn deflated(name: &str, content: &[u8]) -> Entry {
        Entry {
            name: name.as_bytes().to_vec(),
            data: miniz_oxide::deflate::compress_to_vec(content, 9),
            deflated: true,
            declared_size: content.len() as u32,
            crc: crc32(content),
            mode: 0o100644,
        }
    }
}

/// CRC-32 (IEEE), bit by bit: slow and obviously right.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The archive's bytes, with an honest end record.
pub fn write(entries: &[Entry]) -> Vec<u8> {
    write_with(entries, &End::default())
}

/// What the end of central directory record says, and what surrounds it. The default is an
/// honest record: one disk, the real entry count, no comment, nothing before or after it.
#[derive(Clone, Default)]
pub struct End {
    /// This disk's number.
    pub disk: u16,
    /// The number of the disk on which the central directory starts.
    pub directory_disk: u16,
    /// The entries on this disk; `None`: the real count.
    pub on_disk: Option<u16>,
    /// The entries in all; `None`: the real count.
    pub total: Option<u16>,
    /// The central directory's size; `None`: the real size.
    pub directory_size: Option<u32>,
    /// Where the central directory starts; `None`: where it really does.
    pub directory_offset: Option<u32>,
    /// The archive comment (its length is written in the record).
    pub comment: Vec<u8>,
    /// Bytes between the central directory and the end record, such as a ZIP64 locator.
    pub before_end: Vec<u8>,
    /// Bytes after the end record (and after the comment).
    pub after_end: Vec<u8>,
}

/// A ZIP64 end of central directory locator (20 bytes) pointing at `record_offset`.
pub fn zip64_locator(record_offset: u64) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&record_offset.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out
}

/// The archive's bytes, with the end record `end` describes.
pub fn write_with(entries: &[Entry], end: &End) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let method = if e.deflated { 8 } else { 0 };
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 0);
        u16le(&mut out, method);
        u16le(&mut out, 0);
        u16le(&mut out, 0x21);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.data.len() as u32);
        u32le(&mut out, e.declared_size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&e.data);

        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, (3 << 8) | 20);
        u16le(&mut central, 20);
        u16le(&mut central, 0);
        u16le(&mut central, method);
        u16le(&mut central, 0);
        u16le(&mut central, 0x21);
        u32le(&mut central, e.crc);
        u32le(&mut central, e.data.len() as u32);
        u32le(&mut central, e.declared_size);
        u16le(&mut central, e.name.len() as u16);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u32le(&mut central, e.mode << 16);
        u32le(&mut central, offset);
        central.extend_from_slice(&e.name);
    }
    let cd_offset = out.len() as u32;
    let cd_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&end.before_end);
    let count = entries.len() as u16;
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, end.disk);
    u16le(&mut out, end.directory_disk);
    u16le(&mut out, end.on_disk.unwrap_or(count));
    u16le(&mut out, end.total.unwrap_or(count));
    u32le(&mut out, end.directory_size.unwrap_or(cd_size));
    u32le(&mut out, end.directory_offset.unwrap_or(cd_offset));
    u16le(&mut out, end.comment.len() as u16);
    out.extend_from_slice(&end.comment);
    out.extend_from_slice(&end.after_end);
    out
}
