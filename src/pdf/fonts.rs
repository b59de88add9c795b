//! The bundled fonts (Noto, SIL Open Font License) and the choice of a font for each character.

use super::PdfError;

/// The bundled faces, in the order of [`FontId`].
const FILES: [(&[u8], u32, &str); 7] = [
    (
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
        0,
        "NotoSans-Regular",
    ),
    (
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
        0,
        "NotoSans-Bold",
    ),
    (
        include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
        0,
        "NotoSans-Italic",
    ),
    (
        include_bytes!("../../assets/fonts/NotoSans-BoldItalic.ttf"),
        0,
        "NotoSans-BoldItalic",
    ),
    (
        include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
        0,
        "NotoNaskhArabic-Regular",
    ),
    (
        include_bytes!("../../assets/fonts/NotoNaskhArabic-Bold.ttf"),
        0,
        "NotoNaskhArabic-Bold",
    ),
    // Face 2 of the collection is Noto Sans CJK SC (simplified Chinese forms).
    (
        include_bytes!("../../assets/fonts/NotoSansCJK-Regular.ttc"),
        2,
        "NotoSansCJKsc-Regular",
    ),
];

/// Index of a face in [`Fonts`].
pub(crate) type FontId = usize;

const SANS: FontId = 0;
const NASKH: FontId = 4;
const NASKH_BOLD: FontId = 5;
/// The CJK face.
pub(crate) const CJK: FontId = 6;

/// One loaded face.
pub(crate) struct Font {
    /// The font file.
    pub data: &'static [u8],
    /// The face's index in a collection.
    pub index: u32,
    /// PostScript-style name, for the PDF.
    pub name: &'static str,
    /// The shaper's view of the face (derefs to the parser's).
    pub face: rustybuzz::Face<'static>,
    /// Units per em.
    pub upem: f32,
}

/// The bundled faces, parsed.
pub(crate) struct Fonts {
    /// By [`FontId`].
    pub faces: Vec<Font>,
}

impl Fonts {
    /// Parses the bundled faces.
    pub fn load() -> Result<Fonts, PdfError> {
        let mut faces = Vec::with_capacity(FILES.len());
        for (data, index, name) in FILES {
            let face = rustybuzz::Face::from_slice(data, index)
                .ok_or_else(|| PdfError::Font(name.to_string()))?;
            let upem = face.units_per_em() as f32;
            faces.push(Font {
                data,
                index,
                name,
                face,
                upem,
            });
        }
        Ok(Fonts { faces })
    }

    /// The face for `c` in the given style; `previous` is the face of the character before,
    /// kept for spaces and punctuation so that runs are not split needlessly; `has` tells
    /// whether a face has a glyph for `c`.
    pub fn pick(
        c: char,
        bold: bool,
        italic: bool,
        previous: Option<FontId>,
        has: impl Fn(FontId) -> bool,
    ) -> FontId {
        if c.is_whitespace() || c.is_ascii_punctuation() {
            if let Some(p) = previous.filter(|p| has(*p)) {
                return p;
            }
        }
        if is_arabic(c) {
            return if bold { NASKH_BOLD } else { NASKH };
        }
        let latin = SANS + usize::from(bold) + 2 * usize::from(italic);
        if has(latin) {
            latin
        } else if has(CJK) {
            CJK
        } else if has(NASKH) {
            NASKH
        } else {
            latin
        }
    }
}

/// Whether `c` is written in the Arabic script.
fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::{Fonts, CJK, FILES};

    #[test]
    fn every_face_loads_and_the_cjk_face_is_simplified_chinese() {
        let fonts = Fonts::load();
        assert!(fonts.is_ok());
        let Ok(fonts) = fonts else { return };
        assert_eq!(fonts.faces.len(), FILES.len());
        let names: Vec<String> = fonts.faces[CJK]
            .face
            .names()
            .into_iter()
            .filter_map(|n| n.to_string())
            .collect();
        assert!(
            names.iter().any(|n| n == "NotoSansCJKsc-Regular"),
            "{names:?}"
        );
        assert!(fonts.faces[CJK].face.glyph_index('国').is_some());
    }
}
