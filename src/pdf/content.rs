//! Page content streams: the glyphs each face uses, numbered for its subset in the order the
//! pages first show them, and each page's drawing operators, with marked content for the
//! structure tree.
//!
//! The operators are written here rather than through pdf-writer's `Content`, so that a run
//! of glyphs is one hex string instead of one string per glyph, and the colour, font and
//! rendering mode are set only when they change: the same drawing in less than half the bytes,
//! which is less to deflate. Numbers are written as pdf-writer writes them (an integer when
//! exact, else the shortest decimal that reads back as the same `f32`), so that every
//! coordinate is the value it was.

use subsetter::GlyphRemapper;

use super::fonts::{FontId, Fonts};
use super::page::{Element, Item, Page, PathOp, Tag};
use super::writer::role;

/// The glyphs one face uses, renumbered for its subset, and what they stand for.
#[derive(Default)]
pub(crate) struct Used {
    /// The subset's numbering; None when the face is not used.
    pub remapper: Option<GlyphRemapper>,
    /// Old glyph id → new id + 1 (0: not used yet).
    new_of: Vec<u16>,
    /// By new id: the old id and the characters of its first use with characters.
    pub glyphs: Vec<Option<(u16, String)>>,
}

impl Used {
    /// The new id of `old`, numbering it if it is new; records `text` for it if it has none.
    fn remap(&mut self, old: u16, text: &str) -> u16 {
        let slot = usize::from(old);
        if self.new_of.len() <= slot {
            self.new_of.resize(slot + 1, 0);
        }
        let new = match self.new_of[slot] {
            0 => {
                let new = self
                    .remapper
                    .get_or_insert_with(GlyphRemapper::new)
                    .remap(old);
                self.new_of[slot] = new.saturating_add(1);
                new
            }
            n => n - 1,
        };
        let at = usize::from(new);
        if self.glyphs.len() <= at {
            self.glyphs.resize(at + 1, None);
        }
        let entry = self.glyphs[at].get_or_insert_with(|| (old, String::new()));
        if entry.1.is_empty() && !text.is_empty() {
            entry.1 = text.to_string();
        }
        new
    }

    /// The new id of a glyph already numbered by [`Used::remap`].
    fn new_id(&self, old: u16) -> u16 {
        self.new_of
            .get(usize::from(old))
            .map_or(0, |n| n.saturating_sub(1))
    }
}

/// Numbers every glyph the pages show, face by face, in the order of the pages; `chars` are
/// the texts the glyphs' characters are numbered in.
pub(crate) fn number_glyphs(fonts: &Fonts, pages: &[Page], chars: &[Box<str>]) -> Vec<Used> {
    let mut used: Vec<Used> = fonts.faces.iter().map(|_| Used::default()).collect();
    for item in pages.iter().flat_map(|p| &p.items) {
        if let Item::Text { line, .. } = item {
            for run in &line.runs {
                for g in &run.glyphs {
                    let text = chars.get(g.text as usize).map_or("", |t| t);
                    used[run.font].remap(g.id, text);
                }
            }
        }
    }
    used
}

/// What the stream has set, so that it is set again only when it changes.
#[derive(Clone, Copy, Default, PartialEq)]
struct State {
    fill: Option<f32>,
    stroke: Option<f32>,
    font: Option<(FontId, f32)>,
    mode: Option<u8>,
    line_width: Option<f32>,
}

/// A content stream being written.
struct Stream {
    out: Vec<u8>,
    state: State,
    /// The state at the last `q`, put back by `Q`.
    saved: State,
}

impl Stream {
    fn num(&mut self, value: f32) {
        if value as i32 as f32 == value {
            let mut buffer = itoa::Buffer::new();
            self.out
                .extend_from_slice(buffer.format(value as i32).as_bytes());
        } else {
            let mut buffer = ryu::Buffer::new();
            self.out.extend_from_slice(buffer.format(value).as_bytes());
        }
        self.out.push(b' ');
    }

    fn int(&mut self, value: usize) {
        let mut buffer = itoa::Buffer::new();
        self.out.extend_from_slice(buffer.format(value).as_bytes());
    }

    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn save(&mut self) {
        self.op("q");
        self.saved = self.state;
    }

    fn restore(&mut self) {
        self.op("Q");
        self.state = self.saved;
    }

    fn fill(&mut self, gray: f32) {
        if self.state.fill != Some(gray) {
            self.num(gray);
            self.op("g");
            self.state.fill = Some(gray);
        }
    }

    fn stroke(&mut self, gray: f32) {
        if self.state.stroke != Some(gray) {
            self.num(gray);
            self.op("G");
            self.state.stroke = Some(gray);
        }
    }

    fn line_width(&mut self, width: f32) {
        if self.state.line_width != Some(width) {
            self.num(width);
            self.op("w");
            self.state.line_width = Some(width);
        }
    }

    fn font(&mut self, font: FontId, size: f32) {
        if self.state.font != Some((font, size)) {
            self.out.extend_from_slice(b"/F");
            self.int(font);
            self.out.push(b' ');
            self.num(size);
            self.op("Tf");
            self.state.font = Some((font, size));
        }
    }

    fn mode(&mut self, mode: u8) {
        if self.state.mode != Some(mode) {
            self.int(usize::from(mode));
            self.op(" Tr");
            self.state.mode = Some(mode);
        }
    }

    fn matrix(&mut self, x: f32, y: f32) {
        self.out.extend_from_slice(b"1 0 0 1 ");
        self.num(x);
        self.num(y);
        self.op("Tm");
    }

    /// `[<glyphs> adjustment <glyphs> ...] TJ`: an adjustment follows its glyph.
    fn show(&mut self, glyphs: &[(u16, f32)]) {
        self.out.push(b'[');
        let mut open = false;
        for (gid, adjust) in glyphs {
            if !open {
                self.out.push(b'<');
                open = true;
            }
            hex(&mut self.out, *gid);
            if adjust.abs() > 0.001 {
                self.out.extend_from_slice(b"> ");
                self.num(*adjust);
                open = false;
            }
        }
        if open {
            self.out.push(b'>');
        }
        self.op("] TJ");
    }
}

fn hex(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS[usize::from((value >> shift) & 0xf)]);
    }
}

/// The content stream of a page, and the element of each marked-content id on it. Consecutive
/// items of one element share a marked-content sequence; page furniture is an artifact. Long
/// because it is one pass over the page's items, an arm for each kind of item it draws, keeping
/// the graphics state it last set so that nothing is written twice.
pub(crate) fn page(
    fonts: &Fonts,
    page: &Page,
    elements: &[Element],
    used: &[Used],
) -> (Vec<u8>, Vec<usize>) {
    let mut c = Stream {
        out: Vec::with_capacity(16 * 1024),
        state: State::default(),
        saved: State::default(),
    };
    let mut marks: Vec<usize> = Vec::new();
    let mut open: Option<Tag> = None;
    let mut segment: Vec<(u16, f32)> = Vec::new();
    for item in &page.items {
        let tag = match item {
            Item::Text { tag, .. } => *tag,
            _ => Tag::Artifact,
        };
        // An element index the writer was not given is drawn as an artifact.
        let tag = match tag {
            Tag::Element(e) if e < elements.len() => tag,
            _ => Tag::Artifact,
        };
        if open != Some(tag) {
            if open.is_some() {
                c.op("EMC");
            }
            match tag {
                Tag::Artifact => c.op("/Artifact BMC"),
                Tag::Element(e) => {
                    c.out.push(b'/');
                    c.out.extend_from_slice(role(elements[e].role).1);
                    c.out.extend_from_slice(b" << /MCID ");
                    c.int(marks.len());
                    c.op(" >> BDC");
                    marks.push(e);
                }
            }
            open = Some(tag);
        }
        match item {
            Item::Path { ops, gray } => {
                c.save();
                c.fill(*gray);
                for op in ops {
                    match *op {
                        PathOp::Move(x, y) => {
                            c.num(x);
                            c.num(y);
                            c.op("m");
                        }
                        PathOp::Line(x, y) => {
                            c.num(x);
                            c.num(y);
                            c.op("l");
                        }
                        PathOp::Cubic(a, b, d, e, x, y) => {
                            for v in [a, b, d, e, x, y] {
                                c.num(v);
                            }
                            c.op("c");
                        }
                        PathOp::Close => c.op("h"),
                    }
                }
                c.op("f");
                c.restore();
            }
            Item::Fill { x, y, w, h, gray } => {
                c.save();
                c.fill(*gray);
                for v in [*x, *y, *w, *h] {
                    c.num(v);
                }
                c.op("re");
                c.op("f");
                c.restore();
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                c.save();
                c.line_width(*width);
                c.num(*x1);
                c.num(*y1);
                c.op("m");
                c.num(*x2);
                c.num(*y2);
                c.op("l");
                c.op("S");
                c.restore();
            }
            Item::Text {
                x, y, gray, line, ..
            } => {
                let mut pen = *x;
                c.op("BT");
                c.fill(*gray);
                c.stroke(*gray);
                for run in &line.runs {
                    let font = &fonts.faces[run.font];
                    let numbers = &used[run.font];
                    c.font(run.font, run.size);
                    if run.fake_bold {
                        c.mode(2);
                        c.line_width(run.size * 0.03);
                    } else {
                        c.mode(0);
                    }
                    let scale = run.size / font.upem;
                    let mut start = pen;
                    for g in &run.glyphs {
                        let new = numbers.new_id(g.id);
                        let natural = font
                            .face
                            .glyph_hor_advance(ttf_parser::GlyphId(g.id))
                            .map(|a| f32::from(a) * scale)
                            .unwrap_or(0.0);
                        if g.dx.abs() > 0.001 || g.dy.abs() > 0.001 {
                            if !segment.is_empty() {
                                c.matrix(start, *y);
                                c.show(&segment);
                                segment.clear();
                            }
                            c.matrix(pen + g.dx, *y + g.dy);
                            c.out.push(b'<');
                            hex(&mut c.out, new);
                            c.op("> Tj");
                            pen += g.advance;
                            start = pen;
                        } else {
                            segment.push((new, (natural - g.advance) / run.size * 1000.0));
                            pen += g.advance;
                        }
                    }
                    if !segment.is_empty() {
                        c.matrix(start, *y);
                        c.show(&segment);
                        segment.clear();
                    }
                }
                c.op("ET");
            }
        }
    }
    if open.is_some() {
        c.op("EMC");
    }
    (c.out, marks)
}
