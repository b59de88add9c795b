//! RFC 8785 JSON Canonicalization Scheme (JCS), and the readable form of signed files.
//!
//! Canonical form: no whitespace; object members sorted by their names as UTF-16 code units;
//! strings escaped only where JSON requires it (`"`, `\`, control characters, with the short
//! forms `\b \t \n \f \r` and lowercase `\u00xx` otherwise), everything else as raw UTF-8;
//! numbers as ECMAScript's `Number.prototype.toString` writes them.
//!
//! Numbers are IEEE 754 doubles, as RFC 8785 says. An integer outside the I-JSON safe range
//! (±(2^53 − 1), RFC 7493) is refused rather than rounded: two different files must never
//! have the same canonical form.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

/// The largest integer magnitude a double holds exactly, with its neighbours (RFC 7493 §2.2).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 128;

/// Why a value has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    /// An integer too large for a double to hold exactly.
    #[error(
        "the number {0} is too large to be signed exactly (integers must lie within ±9007199254740991)"
    )]
    UnsafeInteger(String),
    /// Not a finite number (cannot occur in parsed JSON).
    #[error("the value contains a number that is not finite")]
    NotFinite,
    /// Arrays or objects nested too deeply.
    #[error("the value nests arrays or objects more than {MAX_DEPTH} levels deep")]
    TooDeep,
}

/// The RFC 8785 canonical serialisation of `value`.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::new();
    write_value(&mut out, value, None, 0)?;
    Ok(out)
}

/// `value` as readable JSON: members in canonical order, two-space indentation, strings and
/// numbers exactly as in the canonical form, a final newline. The same value always gives the
/// same bytes, whichever map type `serde_json` was built with.
pub fn to_pretty(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::new();
    write_value(&mut out, value, Some(0), 0)?;
    out.push(b'\n');
    Ok(out)
}

/// Compares two member names by their UTF-16 code units (RFC 8785 §3.2.3).
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The members of an object in canonical order.
fn sorted(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut members: Vec<(&String, &Value)> = map.iter().collect();
    members.sort_by(|a, b| cmp_utf16(a.0, b.0));
    members
}

fn newline(out: &mut Vec<u8>, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', level * 2));
    }
}

fn write_value(
    out: &mut Vec<u8>,
    value: &Value,
    indent: Option<usize>,
    depth: usize,
) -> Result<(), CanonicalError> {
    if depth > MAX_DEPTH {
        return Err(CanonicalError::TooDeep);
    }
    let inner = indent.map(|level| level + 1);
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_number(out, n)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, inner);
                write_value(out, item, inner, depth + 1)?;
            }
            if !items.is_empty() {
                newline(out, indent);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (name, item)) in sorted(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, inner);
                write_string(out, name);
                out.push(b':');
                if indent.is_some() {
                    out.push(b' ');
                }
                write_value(out, item, inner, depth + 1)?;
            }
            if !map.is_empty() {
                newline(out, indent);
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// Numbers as ECMAScript writes them (RFC 8785 §3.2.2.3).
fn write_number(out: &mut Vec<u8>, n: &Number) -> Result<(), CanonicalError> {
    // Beyond ±(2^53 − 1) an integer is kept only when ECMAScript writes its double with the
    // same digits (as 1e16 or 14886588926290459000): RFC 8785 reads every number as a double,
    // so one whose digits would change (9007199254740993) is refused, never silently rounded.
    if let Some(u) = n.as_u64() {
        if u > MAX_SAFE_INTEGER {
            return exact_double(out, u as f64, u.to_string());
        }
        out.extend_from_slice(u.to_string().as_bytes());
    } else if let Some(i) = n.as_i64() {
        if i.unsigned_abs() > MAX_SAFE_INTEGER {
            return exact_double(out, i as f64, i.to_string());
        }
        out.extend_from_slice(i.to_string().as_bytes());
    } else {
        let f = n.as_f64().ok_or(CanonicalError::NotFinite)?;
        write_double(out, f)?;
    }
    Ok(())
}

/// A large integer written as its double when that keeps its digits, else refused.
fn exact_double(out: &mut Vec<u8>, f: f64, text: String) -> Result<(), CanonicalError> {
    let mut buffer = ryu_js::Buffer::new();
    if buffer.format_finite(f) == text {
        write_double(out, f)
    } else {
        Err(CanonicalError::UnsafeInteger(text))
    }
}

/// A double as ECMAScript's `Number.prototype.toString` writes it.
fn write_double(out: &mut Vec<u8>, f: f64) -> Result<(), CanonicalError> {
    if !f.is_finite() {
        return Err(CanonicalError::NotFinite);
    }
    if f == 0.0 {
        // Both zeros are "0".
        out.push(b'0');
        return Ok(());
    }
    let mut buffer = ryu_js::Buffer::new();
    out.extend_from_slice(buffer.format_finite(f).as_bytes());
    Ok(())
}

/// Strings as RFC 8785 §3.2.2.2 writes them. Runs that need no escape (almost all of a
/// review's text) are found eight bytes at a time and copied whole.
fn write_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            0x08 => Some(b"\\b"),
            b'\t' => Some(b"\\t"),
            b'\n' => Some(b"\\n"),
            0x0c => Some(b"\\f"),
            b'\r' => Some(b"\\r"),
            _ => None,
        };
        if escape.is_none() && b >= 0x20 {
            i += 1;
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            Some(e) => out.extend_from_slice(e),
            None => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of the eight bytes in `word` is a control character, `"` or `\` (the word
/// tricks of "Bit Twiddling Hacks": exact as a yes or no, never a false "no").
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    below_space || quote || backslash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_zero_whatever_its_sign() {
        let minus_zero = Value::Number(Number::from_f64(-0.0).unwrap_or_else(|| 0.into()));
        assert_eq!(canonicalize(&minus_zero), Ok(b"0".to_vec()));
    }

    /// The escaping of every byte that needs it, at every offset of an eight-byte word, is the
    /// one `serde_json` writes (which RFC 8785 shares for strings).
    #[test]
    fn strings_are_escaped_wherever_the_escape_falls() {
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '\u{7f}', 'é', 'ع', '中'])
            .collect();
        for special in specials {
            for offset in 0..17 {
                let text = format!(
                    "{}{special}0123456789abcdefg",
                    &"abcdefghijklmnopq"[..offset]
                );
                let mut ours = Vec::new();
                write_string(&mut ours, &text);
                let theirs = serde_json::to_vec(&text).unwrap_or_default();
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{special:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut v = Value::Null;
        for _ in 0..=MAX_DEPTH + 1 {
            v = Value::Array(vec![v]);
        }
        assert_eq!(canonicalize(&v), Err(CanonicalError::TooDeep));
    }
}
