//! A zip writer with no safety at all, for building the hostile packages the reader must refuse:
//! any name, any declared size, symbolic links, duplicates.

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

/// The archive's bytes.
pub fn write(entries: &[Entry]) -> Vec<u8> {
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
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}
