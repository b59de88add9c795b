//! Shaping with rustybuzz, cached for the whole export.
//!
//! A review repeats its words: the reference review of 25,000 words uses a few hundred
//! distinct ones. Text is shaped word by word (a word with the spaces after it), each word
//! once per face, direction and script, and the shape plan of each face, direction and script
//! is made once. A word shaped alone gives the same glyphs as in its run, because nothing in
//! the bundled faces reaches across a space: no kerning pair, ligature or contextual rule has
//! the space glyph in it, and a space breaks Arabic joining (the `words_shape_as_in_their_run`
//! test checks this for every face). The script and direction are the run's, set on each
//! word's buffer, so a word of digits or punctuation is shaped as in its run too.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use rustybuzz::{Direction, Script, ShapePlan, UnicodeBuffer};
use unicode_script::UnicodeScript;

use super::fonts::{FontId, Fonts};

/// Words longer than this (in bytes) are shaped without being kept: a run of Chinese has no
/// spaces and would fill the cache with whole paragraphs.
const LONGEST_KEPT: usize = 64;

/// Characters below this get their face coverage remembered in a table.
const COVERAGE_TABLE: usize = 0x3000;

/// One glyph of a shaped word, in font units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shaped {
    /// Glyph id in the font.
    pub id: u16,
    /// Byte offset of its cluster in the word.
    pub cluster: u32,
    /// The characters of its cluster (see [`Shaper::chars`]) if it is the first glyph of its
    /// cluster in visual order; 0 (nothing) for the others.
    pub chars: u32,
    /// Advance.
    pub advance: i32,
    /// Horizontal offset.
    pub dx: i32,
    /// Vertical offset.
    pub dy: i32,
}

/// How a run is shaped: its face, direction and script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    /// The face.
    pub font: FontId,
    /// Right to left.
    pub rtl: bool,
    /// The script rustybuzz would guess for the whole run.
    pub script: Option<Script>,
}

#[derive(Default)]
struct Cache {
    plans: FxHashMap<Style, Rc<ShapePlan>>,
    /// Per style (a handful), the words shaped in it.
    words: Vec<(Style, Words)>,
    /// The buffer, kept to shape the next word without allocating.
    buffer: Option<UnicodeBuffer>,
    /// The script of a character, as rustybuzz names it.
    scripts: FxHashMap<char, Option<Script>>,
}

/// Words and their glyphs.
type Words = FxHashMap<Box<str>, Box<[Shaped]>>;

impl Cache {
    fn words(&self, style: Style) -> Option<&Words> {
        self.words.iter().find(|(s, _)| *s == style).map(|(_, w)| w)
    }

    fn keep(&mut self, style: Style, word: &str, glyphs: Box<[Shaped]>) {
        let at = match self.words.iter().position(|(s, _)| *s == style) {
            Some(at) => at,
            None => {
                self.words.push((style, FxHashMap::default()));
                self.words.len() - 1
            }
        };
        self.words[at].1.insert(word.into(), glyphs);
    }
}

/// The characters glyphs stand for, each text once, numbered from 1 (0 is none).
#[derive(Default)]
struct Chars {
    numbers: FxHashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

/// The faces and what has been shaped with them during one export.
pub(crate) struct Shaper<'f> {
    /// The faces.
    pub fonts: &'f Fonts,
    cache: RefCell<Cache>,
    chars: RefCell<Chars>,
    /// Per face, whether it has a glyph for each character below [`COVERAGE_TABLE`]:
    /// 0 not looked up yet, 1 no, 2 yes.
    coverage: RefCell<Vec<Vec<u8>>>,
}

impl<'f> Shaper<'f> {
    /// A shaper with nothing cached yet.
    pub fn new(fonts: &'f Fonts) -> Shaper<'f> {
        Shaper {
            fonts,
            cache: RefCell::default(),
            chars: RefCell::new(Chars {
                numbers: FxHashMap::default(),
                texts: vec!["".into()],
            }),
            coverage: RefCell::new(vec![Vec::new(); fonts.faces.len()]),
        }
    }

    /// Whether face `font` has a glyph for `c`.
    pub fn has(&self, font: FontId, c: char) -> bool {
        let at = c as usize;
        if at >= COVERAGE_TABLE {
            return self.fonts.faces[font].face.glyph_index(c).is_some();
        }
        let mut coverage = self.coverage.borrow_mut();
        let table = &mut coverage[font];
        if table.is_empty() {
            table.resize(COVERAGE_TABLE, 0);
        }
        if table[at] == 0 {
            table[at] = 1 + u8::from(self.fonts.faces[font].face.glyph_index(c).is_some());
        }
        table[at] == 2
    }

    /// The style of a run of `text` in `font`: its direction, and the script rustybuzz
    /// guesses from the run's first character of a script other than Common and Inherited.
    pub fn style(&self, font: FontId, rtl: bool, text: &str) -> Style {
        let first = text.chars().find(|c| {
            !matches!(
                c.script(),
                unicode_script::Script::Common
                    | unicode_script::Script::Inherited
                    | unicode_script::Script::Unknown
            )
        });
        let script = first.and_then(|c| {
            let mut cache = self.cache.borrow_mut();
            *cache.scripts.entry(c).or_insert_with(|| {
                let mut buffer = UnicodeBuffer::new();
                buffer.push_str(c.encode_utf8(&mut [0; 4]));
                buffer.guess_segment_properties();
                Some(buffer.script())
            })
        });
        Style { font, rtl, script }
    }

    /// Shapes `text` in `style`; calls `each` with every glyph in visual order and the offset
    /// of its word in `text`. (`each` must not shape: the cache is borrowed meanwhile.)
    pub fn shape(&self, text: &str, style: Style, mut each: impl FnMut(usize, &Shaped)) {
        let visit = |range: Range<usize>| {
            let word = &text[range.clone()];
            {
                let cache = self.cache.borrow();
                if let Some(glyphs) = cache.words(style).and_then(|w| w.get(word)) {
                    glyphs.iter().for_each(|g| each(range.start, g));
                    return;
                }
            }
            let glyphs = self.shape_now(word, style);
            glyphs.iter().for_each(|g| each(range.start, g));
            if word.len() <= LONGEST_KEPT {
                self.cache
                    .borrow_mut()
                    .keep(style, word, glyphs.into_boxed_slice());
            }
        };
        if style.rtl {
            let all: Vec<Range<usize>> = words(text).collect();
            all.into_iter().rev().for_each(visit);
        } else {
            words(text).for_each(visit);
        }
    }

    /// The characters numbered `n` by [`Shaped::chars`].
    #[cfg(test)]
    pub fn chars(&self, n: u32) -> String {
        let chars = self.chars.borrow();
        chars
            .texts
            .get(n as usize)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    /// Every text numbered by [`Shaped::chars`], by number.
    pub fn into_chars(self) -> Vec<Box<str>> {
        self.chars.into_inner().texts
    }

    /// The number of `text` among the glyphs' characters.
    fn number(&self, text: &str) -> u32 {
        if text.is_empty() {
            return 0;
        }
        let mut chars = self.chars.borrow_mut();
        if let Some(n) = chars.numbers.get(text) {
            return *n;
        }
        let n = u32::try_from(chars.texts.len()).unwrap_or(0);
        chars.texts.push(text.into());
        chars.numbers.insert(text.into(), n);
        n
    }

    /// Shapes `text` with rustybuzz in `style`.
    pub(crate) fn shape_now(&self, text: &str, style: Style) -> Vec<Shaped> {
        let face = &self.fonts.faces[style.font].face;
        let direction = if style.rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let (plan, buffer) = {
            let mut cache = self.cache.borrow_mut();
            let plan = cache
                .plans
                .entry(style)
                .or_insert_with(|| {
                    Rc::new(ShapePlan::new(face, direction, style.script, None, &[]))
                })
                .clone();
            (plan, cache.buffer.take())
        };
        let mut buffer = buffer.unwrap_or_default();
        buffer.push_str(text);
        buffer.set_direction(direction);
        if let Some(script) = style.script {
            buffer.set_script(script);
        }
        let glyphs = rustybuzz::shape_with_plan(face, &plan, buffer);
        let infos = glyphs.glyph_infos();
        let positions = glyphs.glyph_positions();
        // Cluster boundaries in logical order, to know which characters each cluster covers.
        let mut starts: Vec<u32> = infos.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let mut seen = vec![false; starts.len()];
        let out = infos
            .iter()
            .zip(positions)
            .map(|(info, pos)| {
                let at = starts.partition_point(|s| *s < info.cluster);
                let first = seen.get(at).is_some_and(|s| !s);
                if let Some(s) = seen.get_mut(at) {
                    *s = true;
                }
                let chars = if first {
                    let to = starts.get(at + 1).copied().unwrap_or(end);
                    self.number(text.get(info.cluster as usize..to as usize).unwrap_or(""))
                } else {
                    0
                };
                Shaped {
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    cluster: info.cluster,
                    chars,
                    advance: pos.x_advance,
                    dx: pos.x_offset,
                    dy: pos.y_offset,
                }
            })
            .collect();
        self.cache.borrow_mut().buffer = Some(glyphs.clear());
        out
    }
}

/// The words of `text`: each run of characters up to and with the spaces after it (leading
/// spaces are a word of their own).
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b' ' {
            end += 1;
        }
        while end < bytes.len() && bytes[end] == b' ' {
            end += 1;
        }
        let word = start..end;
        start = end;
        Some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::{words, Shaper};
    use crate::pdf::fonts::Fonts;

    /// Texts in the six UN languages and mixed, with the punctuation, digits and spacing that
    /// answers have.
    const SAMPLES: [&str; 10] = [
        "The Ministry of Foreign Affairs (MFA) coordinated 23 objectives, with \"partners\" and local authorities; AV, To, Wa, y. r, f.",
        "Le ministère a coordonné l'examen « national » avec 12 partenaires : œuvre, fiancé, Ça va ?",
        "Министерство иностранных дел провело обзор в 2025 году: 23 цели, «партнёры».",
        "¿Cómo se coordinó el examen? ¡Con 23 ministerios y socios locales, año 2026!",
        "وزارة الخارجية تنسق الاستعراض الوطني مع ٢٣ هدفاً، والشركاء المحليين (٢٠٢٦).",
        "الهدف ١: جمع البيانات الدقيقة والمصنفة واستخدامها كأساس لسياسات قائمة على الأدلة",
        "移民全球契约 国家审查 第23项目标：与地方当局合作（2026年）。 GCM 审查",
        "Objective 7: address and reduce vulnerabilities in migration — ‘quoted’ … 50%",
        "  leading and  double  spaces, a trailing one ",
        "fi fl ffi office efficient Tj Ty Yo ‚quote' 1/2 1,000.00 -- x",
    ];

    #[test]
    fn words_keep_their_spaces() {
        let text = "  a bc  d ";
        let parts: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(parts, ["  ", "a ", "bc  ", "d "]);
    }

    #[test]
    fn words_shape_as_in_their_run() {
        let Ok(fonts) = Fonts::load() else {
            panic!("the bundled fonts load")
        };
        let shaper = Shaper::new(&fonts);
        for font in 0..fonts.faces.len() {
            for rtl in [false, true] {
                for text in SAMPLES {
                    let style = shaper.style(font, rtl, text);
                    let whole: Vec<_> = shaper
                        .shape_now(text, style)
                        .into_iter()
                        .map(|g| {
                            (
                                g.id,
                                g.cluster,
                                shaper.chars(g.chars),
                                g.advance,
                                g.dx,
                                g.dy,
                            )
                        })
                        .collect();
                    let mut by_word = Vec::new();
                    shaper.shape(text, style, |at, g| {
                        let chars = shaper.chars(g.chars);
                        by_word.push((g.id, g.cluster + at as u32, chars, g.advance, g.dx, g.dy));
                    });
                    assert_eq!(whole, by_word, "face {font}, rtl {rtl}: {text}");
                }
            }
        }
    }

    #[test]
    fn no_pair_of_characters_reaches_across_a_space() {
        let Ok(fonts) = Fonts::load() else {
            panic!("the bundled fonts load")
        };
        let shaper = Shaper::new(&fonts);
        let arabic: Vec<char> = ('\u{621}'..='\u{64a}')
            .chain(['\u{660}', '\u{61f}', '،'])
            .collect();
        let ascii: Vec<char> = (' '..='~').filter(|c| *c != ' ').collect();
        for (font, face) in fonts.faces.iter().enumerate() {
            let naskh = face.name.contains("Arabic");
            let chars = if naskh { &arabic } else { &ascii };
            let mut text = String::new();
            for a in chars {
                for b in chars {
                    text.clear();
                    text.extend([*a, ' ', *b]);
                    let style = shaper.style(font, naskh, &text);
                    let whole: Vec<_> = shaper
                        .shape_now(&text, style)
                        .into_iter()
                        .map(|g| (g.id, g.cluster, g.advance, g.dx, g.dy))
                        .collect();
                    let mut by_word = Vec::new();
                    shaper.shape(&text, style, |at, g| {
                        by_word.push((g.id, g.cluster + at as u32, g.advance, g.dx, g.dy));
                    });
                    assert_eq!(whole, by_word, "{}: {text:?}", face.name);
                }
            }
        }
    }
}
