//! Paragraphs to lines: font choice per character, bidi (UAX #9), line breaking (UAX #14),
//! and shaping of each line with rustybuzz.

use std::borrow::Cow;
use std::ops::Range;

use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{FontId, Fonts, CJK};
use super::shape::Shaper;

/// A piece of text in one style.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Span {
    /// The text.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Span {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }

    /// Italic text.
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: true,
        }
    }
}

/// A shaped glyph, in points.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Glyph id in the original font.
    pub id: u16,
    /// Advance.
    pub advance: f32,
    /// Horizontal offset from the pen.
    pub dx: f32,
    /// Vertical offset from the baseline.
    pub dy: f32,
    /// The characters it stands for, numbered by the shaper (0, none, for the second glyph
    /// of a cluster).
    pub text: u32,
}

/// Glyphs of one face at one size, drawn left to right.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// The face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Drawn with a stroke to look bold (the CJK face has no bold here).
    pub fake_bold: bool,
    /// In visual order.
    pub glyphs: Vec<Glyph>,
}

/// One laid-out line.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Runs in visual order.
    pub runs: Vec<Run>,
    /// Total advance.
    pub width: f32,
    /// Whether the paragraph is right to left (the line is then right-aligned).
    pub rtl: bool,
}

/// A style change inside the paragraph text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Item {
    font: FontId,
    bold: bool,
    italic: bool,
}

/// Lays out a paragraph in lines at most `width` wide. Long because it is one pass over the
/// shaped words and the break opportunities between them (Latin spaces, ideographs, right to
/// left runs), carrying the line being filled.
pub(crate) fn lines(shaper: &Shaper<'_>, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let fonts = shaper.fonts;
    let mut text = String::new();
    let mut styles: Vec<(usize, bool, bool)> = Vec::new();
    for span in spans {
        styles.push((text.len(), span.bold, span.italic));
        text.extend(span.text.chars().map(|c| if c == '\t' { ' ' } else { c }));
    }
    if text.trim().is_empty() {
        return Vec::new();
    }
    // Font and style of each character, by byte offset.
    let mut items: Vec<(usize, Item)> = Vec::new();
    let mut previous = None;
    let mut style = 0;
    for (i, c) in text.char_indices() {
        while style + 1 < styles.len() && styles[style + 1].0 <= i {
            style += 1;
        }
        let (_, bold, italic) = styles[style];
        let font = Fonts::pick(c, bold, italic, previous, |f| shaper.has(f, c));
        previous = Some(font);
        let item = Item { font, bold, italic };
        if items.last().map(|(_, it)| *it) != Some(item) {
            items.push((i, item));
        }
    }
    let bidi = Bidi::new(&text);
    let Some(rtl) = bidi.rtl() else {
        return Vec::new();
    };

    // Advance of every character (at its cluster start), from shaping each run once.
    let mut advance = vec![0f32; text.len() + 1];
    for (range, item, level) in runs(&text, &items, bidi.levels(), 0..text.len()) {
        let run = &text[range.clone()];
        let style = shaper.style(item.font, level.is_rtl(), run);
        let scale = size / fonts.faces[item.font].upem;
        shaper.shape(run, style, |at, g| {
            if let Some(slot) = advance.get_mut(range.start + at + g.cluster as usize) {
                *slot += g.advance as f32 * scale;
            }
        });
    }
    let mut prefix = vec![0f32; text.len() + 1];
    for i in 0..text.len() {
        prefix[i + 1] = prefix[i] + advance[i];
    }
    let measure = |r: &Range<usize>| {
        let end = r.start + text[r.clone()].trim_end().len();
        prefix[end] - prefix[r.start]
    };

    // Greedy line breaking at the UAX #14 opportunities, breaking inside a word only when it
    // alone is wider than the line.
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    for (at, kind) in linebreaks(&text) {
        loop {
            if measure(&(start..at)) <= width {
                last_fit = Some(at);
                break;
            }
            match last_fit.take() {
                Some(fit) if fit > start => {
                    ranges.push(start..fit);
                    start = fit;
                }
                _ => {
                    // No opportunity fits: break at the last character boundary that does.
                    let mut cut = start;
                    for (i, _) in text[start..at].char_indices().skip(1) {
                        if advance[start + i] == 0.0 && !text[start + i..].starts_with(' ') {
                            // inside a cluster
                            continue;
                        }
                        if prefix[start + i] - prefix[start] > width {
                            break;
                        }
                        cut = start + i;
                    }
                    if cut == start {
                        cut = start
                            + text[start..]
                                .chars()
                                .next()
                                .map(char::len_utf8)
                                .unwrap_or(1);
                    }
                    ranges.push(start..cut);
                    start = cut;
                }
            }
        }
        if kind == BreakOpportunity::Mandatory && at > start {
            ranges.push(start..at);
            start = at;
            last_fit = None;
        }
    }
    if start < text.len() {
        ranges.push(start..text.len());
    }

    ranges
        .into_iter()
        .map(|r| {
            let trimmed = r.start..r.start + text[r.clone()].trim_end().len();
            line(shaper, &text, &items, &bidi, trimmed, size, rtl)
        })
        .collect()
}

/// Shapes one line, its runs in visual order.
#[allow(clippy::too_many_arguments)]
fn line(
    shaper: &Shaper<'_>,
    text: &str,
    items: &[(usize, Item)],
    bidi: &Bidi<'_>,
    range: Range<usize>,
    size: f32,
    rtl: bool,
) -> Line {
    let mut out = Line {
        runs: Vec::new(),
        width: 0.0,
        rtl,
    };
    if range.is_empty() {
        return out;
    }
    let (levels, visual) = bidi.visual_runs(range);
    for vr in visual {
        let level = levels.get(vr.start).copied().unwrap_or(bidi.level());
        let mut pieces = runs(text, items, &levels, vr.clone());
        if level.is_rtl() {
            pieces.reverse();
        }
        for (r, item, lvl) in pieces {
            let run = &text[r];
            let style = shaper.style(item.font, lvl.is_rtl(), run);
            let scale = size / shaper.fonts.faces[item.font].upem;
            let mut glyphs: Vec<Glyph> = Vec::with_capacity(run.len());
            shaper.shape(run, style, |_, g| {
                glyphs.push(Glyph {
                    id: g.id,
                    advance: g.advance as f32 * scale,
                    dx: g.dx as f32 * scale,
                    dy: g.dy as f32 * scale,
                    text: g.chars,
                });
            });
            out.width += glyphs.iter().map(|g| g.advance).sum::<f32>();
            out.runs.push(Run {
                font: item.font,
                size,
                fake_bold: item.bold && item.font == CJK,
                glyphs,
            });
        }
    }
    out
}

/// The bidi levels of a paragraph: left to right throughout when no character in it could
/// make them otherwise (most answers), else as UAX #9 sets them.
enum Bidi<'t> {
    /// Every level 0, one per byte.
    Ltr(Vec<Level>),
    /// The full algorithm.
    Full(BidiInfo<'t>),
}

impl<'t> Bidi<'t> {
    fn new(text: &'t str) -> Bidi<'t> {
        if text.chars().all(always_ltr) {
            Bidi::Ltr(vec![Level::ltr(); text.len()])
        } else {
            Bidi::Full(BidiInfo::new(text, None))
        }
    }

    /// Whether the (first) paragraph is right to left; None if there is none.
    fn rtl(&self) -> Option<bool> {
        match self {
            Bidi::Ltr(_) => Some(false),
            Bidi::Full(bidi) => bidi.paragraphs.first().map(|p| p.level.is_rtl()),
        }
    }

    /// The level of the (first) paragraph.
    fn level(&self) -> Level {
        match self {
            Bidi::Ltr(_) => Level::ltr(),
            Bidi::Full(bidi) => bidi.paragraphs.first().map_or(Level::ltr(), |p| p.level),
        }
    }

    /// The level of every byte.
    fn levels(&self) -> &[Level] {
        match self {
            Bidi::Ltr(levels) => levels,
            Bidi::Full(bidi) => &bidi.levels,
        }
    }

    /// The levels of a line (with the rules for its end applied) and its runs in visual
    /// order.
    fn visual_runs(&self, line: Range<usize>) -> (Cow<'_, [Level]>, Vec<Range<usize>>) {
        match self {
            Bidi::Ltr(levels) => (Cow::Borrowed(levels), vec![line]),
            Bidi::Full(bidi) => match bidi.paragraphs.first() {
                Some(para) => {
                    let (levels, runs) = bidi.visual_runs(para, line);
                    (Cow::Owned(levels), runs)
                }
                None => (Cow::Borrowed(&bidi.levels), vec![line]),
            },
        }
    }
}

/// Whether `c` leaves every level of a left-to-right paragraph at 0: it is not right to left
/// (classes R, AL), not an Arabic number (AN) and no explicit embedding, override or isolate.
/// Checked for each of these characters against the bidi classes in the tests.
fn always_ltr(c: char) -> bool {
    matches!(c as u32,
        0..=0x058F
        | 0x2000..=0x200D
        | 0x2010..=0x2029
        | 0x202F..=0x2065
        | 0x206A..=0x2BFF
        | 0x2E80..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// Splits `range` into pieces of one style and one bidi level, in logical order.
fn runs(
    text: &str,
    items: &[(usize, Item)],
    levels: &[Level],
    range: Range<usize>,
) -> Vec<(Range<usize>, Item, Level)> {
    let mut out: Vec<(Range<usize>, Item, Level)> = Vec::new();
    let mut idx = items
        .partition_point(|(at, _)| *at <= range.start)
        .saturating_sub(1);
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        while idx + 1 < items.len() && items[idx + 1].0 <= at {
            idx += 1;
        }
        if is_control(c) {
            continue;
        }
        let item = items[idx].1;
        let level = levels[at];
        match out.last_mut() {
            Some((r, it, lv)) if *it == item && *lv == level && r.end == at => {
                r.end = at + c.len_utf8();
            }
            _ => out.push((at..at + c.len_utf8(), item, level)),
        }
    }
    out
}

/// Line ends and bidi controls: they steer the layout and are not drawn.
fn is_control(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as a left-to-right isolate: a date or a number that keeps its order in a
/// right-to-left paragraph.
pub(crate) fn ltr(text: &str) -> String {
    format!("\u{2066}{text}\u{2069}")
}

#[cfg(test)]
mod tests {
    use unicode_bidi::{bidi_class, BidiClass};

    use super::always_ltr;

    #[test]
    fn characters_taken_for_left_to_right_cannot_change_a_level() {
        for c in (0..=0x3FFFF)
            .filter_map(char::from_u32)
            .filter(|c| always_ltr(*c))
        {
            let class = bidi_class(c);
            assert!(
                !matches!(
                    class,
                    BidiClass::R
                        | BidiClass::AL
                        | BidiClass::AN
                        | BidiClass::LRE
                        | BidiClass::RLE
                        | BidiClass::LRO
                        | BidiClass::RLO
                        | BidiClass::PDF
                        | BidiClass::LRI
                        | BidiClass::RLI
                        | BidiClass::FSI
                        | BidiClass::PDI
                ),
                "U+{:04X} is {class:?}",
                c as u32
            );
        }
    }
}
