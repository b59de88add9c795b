//! The DRAFT mark, drawn from glyph outlines rather than as text, so that it is not extracted.

use super::page::{Geometry, Item, PathOp};
use super::shape::Shaper;
use super::text::{lines, Span};

/// The DRAFT mark: the word's glyph outlines, large, light grey, across the page.
pub(super) fn draft_mark(shaper: &Shaper<'_>, word: &str, geo: Geometry) -> Item {
    let size = 110.0;
    let mut ops = Vec::new();
    let fonts = shaper.fonts;
    let Some(line) = lines(shaper, &[Span::bold(word)], size, f32::INFINITY)
        .into_iter()
        .next()
    else {
        return Item::Path { ops, gray: 0.88 };
    };
    let (cos, sin) = (
        std::f32::consts::FRAC_PI_4.cos(),
        std::f32::consts::FRAC_PI_4.sin(),
    );
    let (cx, cy) = (geo.width / 2.0, geo.height / 2.0);
    let origin = (-line.width / 2.0, -size * 0.35);
    let mut pen = 0.0;
    for run in &line.runs {
        let face = &fonts.faces[run.font];
        let scale = run.size / face.upem;
        for g in &run.glyphs {
            let mut outline = Outline {
                ops: Vec::new(),
                at: (0.0, 0.0),
                place: |x: f32, y: f32| {
                    let px = origin.0 + pen + g.dx + x * scale;
                    let py = origin.1 + g.dy + y * scale;
                    (cx + px * cos - py * sin, cy + px * sin + py * cos)
                },
            };
            face.face
                .outline_glyph(ttf_parser::GlyphId(g.id), &mut outline);
            ops.extend(outline.ops);
            pen += g.advance;
        }
    }
    Item::Path { ops, gray: 0.88 }
}

/// Collects a glyph outline as path steps.
struct Outline<F: Fn(f32, f32) -> (f32, f32)> {
    ops: Vec<PathOp>,
    at: (f32, f32),
    place: F,
}

impl<F: Fn(f32, f32) -> (f32, f32)> ttf_parser::OutlineBuilder for Outline<F> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x, y);
        self.ops.push(PathOp::Move(a, b));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x, y);
        self.ops.push(PathOp::Line(a, b));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x0, y0) = self.at;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.curve_to(c1.0, c1.1, c2.0, c2.1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.at = (x, y);
        let (a, b) = (self.place)(x1, y1);
        let (c, d) = (self.place)(x2, y2);
        let (e, f) = (self.place)(x, y);
        self.ops.push(PathOp::Cubic(a, b, c, d, e, f));
    }
    fn close(&mut self) {
        self.ops.push(PathOp::Close);
    }
}
