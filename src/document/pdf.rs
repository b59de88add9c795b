//! PDFs with a text layer: parsed with lopdf (streams inflated within a bound), each page's
//! content interpreted here just far enough to place every glyph (text and graphics state,
//! font sizes and widths), its text decoded through the font's ToUnicode map, then laid out
//! into lines and blocks by [`layout`](super::pdf_layout). Glyphs are kept as units, so a
//! ligature (Arabic lam-alef) keeps its letters in order when right-to-left runs, which PDFs
//! hold in visual order, are put back in logical order.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Encoding, LoadOptions, Object};

use super::pdf_layout::{layout, Glyph, PageLinks};
use super::{Document, DocumentError, Format, Progress, MAX_PAGES};

/// The most any one stream of a PDF may inflate to: 64 MiB.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// The most glyphs a PDF may have in all (a 500-page review has about 1.5 million).
const MAX_GLYPHS: usize = 20_000_000;

/// A font as far as placing and reading glyphs needs it.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Bytes per character code: 2 for composite (Type0) fonts.
    code_len: usize,
    /// Glyph widths by code, in thousandths of the font size.
    widths: BTreeMap<u32, f32>,
    default_width: f32,
    bold: bool,
    italic: bool,
}

fn number(o: &Object) -> Option<f32> {
    o.as_float().ok()
}

fn font<'a>(doc: &'a lopdf::Document, dict: &'a Dictionary) -> Result<Font<'a>, DocumentError> {
    let composite = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
    let base = dict
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).to_lowercase())
        .unwrap_or_default();
    let encoding = match dict.get_font_encoding_with_limit(doc, MAX_STREAM_BYTES) {
        Ok(e) => Some(e),
        Err(lopdf::Error::Decompress(_)) => {
            return Err(DocumentError::Bomb(MAX_STREAM_BYTES as u64))
        }
        Err(_) => None,
    };
    let mut widths = BTreeMap::new();
    let mut default_width = 500.0;
    if composite {
        let descendant = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_dict().ok());
        if let Some(d) = descendant {
            default_width = d.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
            if let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) {
                cid_widths(doc, w, &mut widths);
            }
        }
    } else {
        let first = dict.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
        if let Ok(w) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
            for (i, width) in w.iter().enumerate().take(65_536) {
                let width = doc.dereference(width).ok().and_then(|(_, o)| number(o));
                widths.insert(first + i as u32, width.unwrap_or(0.0));
            }
        }
    }
    Ok(Font {
        encoding,
        code_len: if composite { 2 } else { 1 },
        widths,
        default_width,
        bold: base.contains("bold") || base.contains("black") || base.contains("heavy"),
        italic: base.contains("italic") || base.contains("oblique"),
    })
}

/// The `W` array of a CID font: `c [w1 w2 ...]` or `c1 c2 w`.
fn cid_widths(doc: &lopdf::Document, w: &[Object], out: &mut BTreeMap<u32, f32>) {
    let mut i = 0;
    while i + 1 < w.len() && out.len() < 65_536 {
        let Some(first) = number(&w[i]) else { break };
        let first = first as u32;
        match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
            Ok(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate().take(65_536) {
                    out.insert(first + k as u32, number(width).unwrap_or(0.0));
                }
                i += 2;
            }
            Ok(last) => {
                let (Some(last), Some(width)) = (number(last), w.get(i + 2).and_then(number))
                else {
                    break;
                };
                for code in first..=(last as u32).min(first + 65_536) {
                    out.insert(code, width);
                }
                i += 3;
            }
            Err(_) => break,
        }
    }
}

/// A 2D affine matrix `[a b c d e f]`.
#[derive(Debug, Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn of(operands: &[Object]) -> Option<Matrix> {
        let v: Vec<f32> = operands.iter().filter_map(number).collect();
        (v.len() == 6).then(|| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
    }

    /// self × other (apply self first).
    fn then(self, o: Matrix) -> Matrix {
        let (a, b) = (self.0, o.0);
        Matrix([
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ])
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn scale(self) -> f32 {
        (self.0[0] * self.0[3] - self.0[1] * self.0[2]).abs().sqrt()
    }
}

/// Refuses a PDF that runs JavaScript or launches programs: any dictionary, at any depth,
/// with a `/JS` entry, an action of type JavaScript or Launch, or a JavaScript name tree.
fn active_content(doc: &lopdf::Document) -> Option<String> {
    fn dict_has(d: &Dictionary, depth: u8) -> Option<String> {
        if d.has(b"JS") || d.has(b"JavaScript") {
            return Some("a JavaScript action".into());
        }
        match d.get(b"S").and_then(Object::as_name) {
            Ok(b"JavaScript") => return Some("a JavaScript action".into()),
            Ok(b"Launch") => return Some("an action that launches a program".into()),
            _ => {}
        }
        d.iter().find_map(|(_, v)| object_has(v, depth + 1))
    }
    fn object_has(o: &Object, depth: u8) -> Option<String> {
        if depth > 32 {
            return None;
        }
        match o {
            Object::Dictionary(d) => dict_has(d, depth),
            Object::Stream(s) => dict_has(&s.dict, depth),
            Object::Array(a) => a.iter().find_map(|v| object_has(v, depth + 1)),
            _ => None,
        }
    }
    doc.objects.values().find_map(|o| object_has(o, 0))
}

/// The URI links of a page: their rectangles and targets.
fn links(doc: &lopdf::Document, page: lopdf::ObjectId) -> PageLinks {
    let mut out = Vec::new();
    for annot in doc.get_page_annotations(page).unwrap_or_default() {
        if annot.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        let uri = annot
            .get_deref(b"A", doc)
            .and_then(Object::as_dict)
            .and_then(|a| a.get_deref(b"URI", doc))
            .and_then(Object::as_str)
            .map(|u| String::from_utf8_lossy(u).into_owned());
        let rect: Vec<f32> = annot
            .get_deref(b"Rect", doc)
            .and_then(Object::as_array)
            .map(|r| r.iter().filter_map(number).collect())
            .unwrap_or_default();
        if let (Ok(uri), [x0, y0, x1, y1]) = (uri, rect.as_slice()) {
            out.push(([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)], uri));
        }
    }
    out
}

/// Reads a PDF.
pub(super) fn read(
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Document, DocumentError> {
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(DocumentError::Encrypted);
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(_) => DocumentError::Bomb(MAX_STREAM_BYTES as u64),
        e => DocumentError::Malformed(format!("the PDF: {e}")),
    })?;
    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() {
        return Err(DocumentError::Encrypted);
    }
    if let Some(what) = active_content(&doc) {
        return Err(DocumentError::PdfJavascript(what));
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(DocumentError::TooManyPages(pages.len()));
    }
    let total = pages.len() as u64;
    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut page_links = Vec::new();
    for (done, (&number, &page)) in pages.iter().enumerate() {
        page_glyphs(&doc, page, number, &mut glyphs)?;
        page_links.push((number, links(&doc, page)));
        progress(Progress {
            unit: "pages",
            done: done as u64 + 1,
            total,
        });
    }
    if glyphs.iter().all(|g| g.text.trim().is_empty()) {
        return Err(DocumentError::NoText);
    }
    let blocks = layout(glyphs, &page_links)?;
    Ok(Document {
        format: Format::Pdf,
        blocks,
        pages: Some(total as u32),
        notices: vec![
            "a PDF keeps no styles: headings are recognised by their size and weight, lists by their bullets, tables by their columns".into(),
        ],
    })
}

/// The text state while a page's content is interpreted.
#[derive(Clone, Copy)]
struct TextState {
    font: Option<usize>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// The glyphs a page draws, with their positions. Long because it is one pass over the
/// page's content operators, an arm for each that moves the pen, sets the font or shows text.
fn page_glyphs(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    page_number: u32,
    out: &mut Vec<Glyph>,
) -> Result<(), DocumentError> {
    let number_of_page = page_number;
    let dicts = doc.get_page_fonts(page).unwrap_or_default();
    let mut names: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    let mut fonts = Vec::new();
    for (name, dict) in &dicts {
        names.insert(name.clone(), fonts.len());
        fonts.push(font(doc, dict)?);
    }
    let data = doc
        .get_page_content_with_limit(page, MAX_STREAM_BYTES)
        .map_err(|e| match e {
            lopdf::Error::Decompress(_) => DocumentError::Bomb(MAX_STREAM_BYTES as u64),
            e => DocumentError::Malformed(format!("page {number_of_page}: {e}")),
        })?;
    let content = Content::decode(&data)
        .map_err(|e| DocumentError::Malformed(format!("page {number_of_page}: {e}")))?;
    let mut ctm = Matrix::IDENTITY;
    let mut stack: Vec<(Matrix, TextState)> = Vec::new();
    let mut state = TextState {
        font: None,
        size: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
    for op in &content.operations {
        let o = &op.operands;
        let num = |i: usize| o.get(i).and_then(number).unwrap_or(0.0);
        match op.operator.as_str() {
            "q" if stack.len() < 64 => stack.push((ctm, state)),
            "Q" => {
                if let Some((m, s)) = stack.pop() {
                    ctm = m;
                    state = s;
                }
            }
            "cm" => {
                if let Some(m) = Matrix::of(o) {
                    ctm = m.then(ctm);
                }
            }
            "BT" => {
                tm = Matrix::IDENTITY;
                tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                state.font = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| names.get(n))
                    .copied();
                state.size = num(1);
            }
            "Tc" => state.char_space = num(0),
            "Tw" => state.word_space = num(0),
            "Tz" => state.scale = num(0) / 100.0,
            "TL" => state.leading = num(0),
            "Ts" => state.rise = num(0),
            "Td" | "TD" => {
                if op.operator == "TD" {
                    state.leading = -num(1);
                }
                tlm = Matrix::translate(num(0), num(1)).then(tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = Matrix::of(o) {
                    tlm = m;
                    tm = m;
                }
            }
            "T*" => {
                tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                    tm = tlm;
                }
                let parts: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => o
                        .first()
                        .and_then(|a| a.as_array().ok())
                        .map(|a| a.iter().collect())
                        .unwrap_or_default(),
                    "\"" => o.get(2).into_iter().collect(),
                    _ => o.first().into_iter().collect(),
                };
                let Some(font) = state.font.and_then(|f| fonts.get(f)) else {
                    continue;
                };
                for part in parts {
                    match part {
                        Object::String(bytes, _) => {
                            show(bytes, font, &state, &mut tm, ctm, number_of_page, out);
                            if out.len() > MAX_GLYPHS {
                                return Err(DocumentError::TooManyBlocks);
                            }
                        }
                        other => {
                            let adjust = number(other).unwrap_or(0.0);
                            let tx = -adjust / 1000.0 * state.size * state.scale;
                            tm = Matrix::translate(tx, 0.0).then(tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Places the glyphs of one string and advances the text matrix.
fn show(
    bytes: &[u8],
    font: &Font<'_>,
    state: &TextState,
    tm: &mut Matrix,
    ctm: Matrix,
    page: u32,
    out: &mut Vec<Glyph>,
) {
    for code_bytes in bytes.chunks(font.code_len) {
        let code = code_bytes.iter().fold(0u32, |c, b| c << 8 | u32::from(*b));
        let text = match &font.encoding {
            Some(e) => e.bytes_to_string(code_bytes).unwrap_or_default(),
            None => String::new(),
        };
        let width = font
            .widths
            .get(&code)
            .copied()
            .unwrap_or(font.default_width)
            / 1000.0;
        let at = Matrix::translate(0.0, state.rise).then(*tm).then(ctm);
        let size = state.size * at.scale();
        let space = if code_bytes == [32] {
            state.word_space
        } else {
            0.0
        };
        let advance = (width * state.size + state.char_space + space) * state.scale;
        let end = Matrix::translate(advance, state.rise).then(*tm).then(ctm);
        let text: String = text
            .chars()
            .filter(|c| !c.is_control() && *c != '\u{FFFD}')
            .collect();
        if !text.is_empty() {
            out.push(Glyph {
                x: at.0[4],
                y: at.0[5],
                end: end.0[4],
                size,
                text,
                bold: font.bold,
                italic: font.italic,
                page,
            });
        }
        *tm = Matrix::translate(advance, 0.0).then(*tm);
    }
}
