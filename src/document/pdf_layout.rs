//! From placed glyphs to blocks: glyphs on one baseline make a line, wide gaps split a line
//! into segments (table cells), right-to-left runs are put back in logical order, and lines
//! become headings (larger or bold short lines, ranked by size), list items (a bullet first),
//! table rows (several segments) and paragraphs (lines close together).

use unicode_bidi::{bidi_class, BidiClass};

use super::{Builder, DocumentError, Inline, Para};

/// One glyph as the page shows it.
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    /// Where it starts, in points from the page's left edge.
    pub x: f32,
    /// Its baseline, in points from the page's bottom edge.
    pub y: f32,
    /// Where it ends.
    pub end: f32,
    /// Its size in points.
    pub size: f32,
    /// Its text (one or more characters: a ligature).
    pub text: String,
    /// Whether its font is bold.
    pub bold: bool,
    /// Whether its font is italic.
    pub italic: bool,
    /// Its page, from 1.
    pub page: u32,
}

/// A page's links: rectangles `[x0, y0, x1, y1]` and their targets.
pub(super) type PageLinks = Vec<([f32; 4], String)>;

/// A glyph's text and look (bold, italic, link), as it joins a segment.
type Unit = (String, bool, bool, Option<String>);

/// A table row being read: its columns' extents and its cells.
type Row = (Vec<(f32, f32)>, Vec<Inline>);

/// Characters that start a bulleted list item.
const BULLETS: [char; 9] = ['•', '◦', '▪', '‣', '∙', '●', '○', '■', '–'];

/// A run of glyphs on one line with no wide gap.
struct Segment {
    x0: f32,
    x1: f32,
    inline: Inline,
    text: String,
    bullet: bool,
    rtl: bool,
}

/// One line of a page.
struct Line {
    page: u32,
    y: f32,
    size: f32,
    bold: bool,
    segments: Vec<Segment>,
}

impl Line {
    fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Rtl,
    Ltr,
    Number,
    Neutral,
}

fn class_of(text: &str) -> Class {
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => return Class::Rtl,
            BidiClass::L => return Class::Ltr,
            BidiClass::EN | BidiClass::AN => return Class::Number,
            _ => {}
        }
    }
    Class::Neutral
}

/// Whether more of a text's letters are right-to-left than left-to-right.
fn mostly_rtl(text: &str) -> bool {
    let (mut r, mut l) = (0, 0);
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => r += 1,
            BidiClass::L => l += 1,
            _ => {}
        }
    }
    r > l
}

/// Reverses every maximal run of units that `member` accepts (neutral units inside a run,
/// between two members, belong to it).
fn reverse_runs<T>(units: &mut [(Class, T)], member: impl Fn(Class) -> bool) {
    let mut i = 0;
    while i < units.len() {
        if !member(units[i].0) {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut k = i + 1;
        while k < units.len() && (member(units[k].0) || units[k].0 == Class::Neutral) {
            if member(units[k].0) {
                last = k;
            }
            k += 1;
        }
        units[i..=last].reverse();
        i = last + 1;
    }
}

/// A segment from glyphs in visual order (left to right), its text in logical order.
fn segment(glyphs: &[&Glyph], links: &PageLinks) -> Segment {
    let mut units: Vec<(Class, Unit)> = Vec::new();
    let mut last_end: Option<f32> = None;
    for g in glyphs {
        if let Some(end) = last_end {
            let gap = g.x - end;
            let spaced =
                units.last().is_some_and(|u| u.1 .0.ends_with(' ')) || g.text.starts_with(' ');
            if gap > 0.15 * g.size && !spaced {
                units.push((Class::Neutral, (" ".into(), false, false, None)));
            }
        }
        last_end = Some(g.end.max(g.x));
        let (cx, cy) = ((g.x + g.end) / 2.0, g.y + g.size * 0.3);
        let link = links
            .iter()
            .find(|(r, _)| cx >= r[0] && cx <= r[2] && cy >= r[1] && cy <= r[3])
            .map(|(_, uri)| uri.clone());
        units.push((class_of(&g.text), (g.text.clone(), g.bold, g.italic, link)));
    }
    let rtl = units.iter().filter(|u| u.0 == Class::Rtl).count()
        > units.iter().filter(|u| u.0 == Class::Ltr).count();
    if rtl {
        units.reverse();
        reverse_runs(&mut units, |c| c == Class::Ltr || c == Class::Number);
    } else {
        reverse_runs(&mut units, |c| c == Class::Rtl);
    }
    let mut inline = Inline::default();
    let mut text = String::new();
    for (_, (t, bold, italic, link)) in &units {
        inline.push(t, *bold, *italic, link.as_deref());
        text.push_str(t);
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = text.chars().next();
    let bullet = first
        .is_some_and(|c| BULLETS.contains(&c) || ('\u{E000}'..='\u{F8FF}').contains(&c))
        && (text.chars().nth(1).is_none_or(char::is_whitespace));
    let (x0, x1) = glyphs
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), g| (a.min(g.x), b.max(g.end)));
    Segment {
        x0,
        x1,
        inline,
        text,
        bullet,
        rtl,
    }
}

/// The lines of one page, top to bottom.
fn lines(mut glyphs: Vec<&Glyph>, links: &PageLinks) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= 0.35 * row[0].size.max(g.size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let size = row.iter().map(|g| g.size).fold(0.0, f32::max);
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        let text_of = |a: usize, b: usize| {
            row[a..b]
                .iter()
                .map(|g| g.text.as_str())
                .collect::<String>()
        };
        for i in 1..=row.len() {
            let split = i == row.len()
                || (row[i].x - row[i - 1].end > size.max(8.0)
                    && !is_marker(text_of(start, i).trim()));
            if split {
                ranges.push((start, i));
                start = i;
            }
        }
        // A bullet or number at the right end of a right-to-left line belongs to its text.
        if ranges.len() > 1 {
            let (a, b) = ranges[ranges.len() - 1];
            let (c, _) = ranges[ranges.len() - 2];
            if is_marker(text_of(a, b).trim()) && mostly_rtl(&text_of(c, a)) {
                ranges.pop();
                if let Some(last) = ranges.last_mut() {
                    last.1 = b;
                }
            }
        }
        let segments: Vec<Segment> = ranges
            .into_iter()
            .map(|(a, b)| segment(&row[a..b], links))
            .filter(|s| !s.text.is_empty())
            .collect();
        if segments.is_empty() {
            continue;
        }
        let visible: Vec<&&Glyph> = row.iter().filter(|g| !g.text.trim().is_empty()).collect();
        out.push(Line {
            page: row[0].page,
            y: row[0].y,
            size,
            bold: !visible.is_empty() && visible.iter().all(|g| g.bold),
            segments,
        });
    }
    out
}

/// Whether a line's first piece is only a bullet or a number ("1.", "3.2", "a)"), which a
/// tab separates from the text it belongs to.
fn is_marker(text: &str) -> bool {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if BULLETS.contains(&c) || ('\u{E000}'..='\u{F8FF}').contains(&c) => true,
        _ => {
            text.chars().count() <= 6
                && text.ends_with(['.', ')'])
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == ')')
        }
    }
}

/// Rounds a size to half points, for comparing.
fn key(size: f32) -> i32 {
    (size * 2.0).round() as i32
}

/// Lays out every page's glyphs into blocks. Long because it is one pass over the lines in
/// reading order, deciding for each whether it continues the block, starts one or is a heading.
pub(super) fn layout(
    glyphs: Vec<Glyph>,
    links: &[(u32, PageLinks)],
) -> Result<Vec<super::Block>, DocumentError> {
    let none = PageLinks::new();
    let mut all: Vec<Line> = Vec::new();
    let mut by_page: std::collections::BTreeMap<u32, Vec<&Glyph>> = Default::default();
    for g in &glyphs {
        by_page.entry(g.page).or_default().push(g);
    }
    for (page, glyphs) in by_page {
        let page_links = links
            .iter()
            .find(|(p, _)| *p == page)
            .map_or(&none, |(_, l)| l);
        all.extend(lines(glyphs, page_links));
    }
    // The body size: the size most characters have.
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for line in &all {
        *counts.entry(key(line.size)).or_default() += line.text().chars().count();
    }
    let body = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(0, |(k, _)| *k);
    let heading_class = |line: &Line| -> Option<(i32, bool)> {
        let text = line.text();
        let short = text.split_whitespace().count() <= 14 && !text.ends_with(['.', ';', ',']);
        if line.segments.len() > 1 || line.segments.iter().any(|s| s.bullet) {
            return None;
        }
        if key(line.size) >= body + (body as f32 * 0.1).ceil() as i32 {
            Some((key(line.size), line.bold))
        } else if key(line.size) >= body && line.bold && short {
            Some((key(line.size), true))
        } else {
            None
        }
    };
    let mut classes: Vec<(i32, bool)> = all.iter().filter_map(heading_class).collect();
    classes.sort_by(|a, b| b.cmp(a));
    classes.dedup();
    // Usual line spacing: the most common gap between lines of body text.
    let mut gaps: std::collections::BTreeMap<i32, usize> = Default::default();
    for pair in all.windows(2) {
        if pair[0].page == pair[1].page && key(pair[0].size) == body && key(pair[1].size) == body {
            *gaps.entry(key(pair[0].y - pair[1].y)).or_default() += 1;
        }
    }
    let leading = gaps
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or(body as f32 * 0.6, |(k, _)| *k as f32 / 2.0);
    let right = all
        .iter()
        .map(|l| l.segments.iter().map(|s| s.x1).fold(0.0, f32::max))
        .fold(0.0, f32::max);
    let left = all
        .iter()
        .map(|l| l.segments.iter().map(|s| s.x0).fold(f32::MAX, f32::min))
        .fold(f32::MAX, f32::min);

    let mut builder = Builder::new();
    let mut para: Option<(Para, Option<(i32, bool)>)> = None;
    let mut table: Vec<Row> = Vec::new();
    let mut prev: Option<&Line> = None;
    let flush = |builder: &mut Builder,
                 para: &mut Option<(Para, Option<(i32, bool)>)>|
     -> Result<(), DocumentError> {
        if let Some((p, _)) = para.take() {
            builder.paragraph(p)?;
        }
        Ok(())
    };
    let flush_table = |builder: &mut Builder, table: &mut Vec<Row>| -> Result<(), DocumentError> {
        if !table.is_empty() {
            let rows = std::mem::take(table)
                .into_iter()
                .map(|(_, cells)| cells)
                .collect();
            builder.table(rows)?;
        }
        Ok(())
    };
    for line in &all {
        builder.page = Some(line.page);
        let gap = prev.map(|p| {
            if p.page == line.page {
                p.y - line.y
            } else {
                leading
            }
        });
        let close = gap.is_some_and(|g| g <= leading * 1.3 + 0.5);
        if line.segments.len() > 1 {
            flush(&mut builder, &mut para)?;
            let mut segments: Vec<&Segment> = line.segments.iter().collect();
            if segments.iter().filter(|s| s.rtl).count() * 2 > segments.len() {
                segments.reverse();
            }
            if !table.is_empty() && !gap.is_some_and(|g| g <= leading * 2.5) {
                flush_table(&mut builder, &mut table)?;
            }
            let columns = segments.iter().map(|s| (s.x0, s.x1)).collect();
            table.push((columns, segments.iter().map(|s| s.inline.clone()).collect()));
            prev = Some(line);
            continue;
        }
        let seg = &line.segments[0];
        if let Some((columns, cells)) = table.last_mut() {
            // A wrapped cell: one segment under a column of the row above.
            let column = columns.iter().position(|(a, b)| seg.x0 < *b && seg.x1 > *a);
            match column {
                Some(c) if close && !seg.bullet => {
                    cells[c].append(seg.inline.clone());
                    prev = Some(line);
                    continue;
                }
                _ => flush_table(&mut builder, &mut table)?,
            }
        }
        let class = heading_class(line);
        let continues = match &para {
            Some((p, pclass)) => {
                let ended = prev.is_some_and(|p| {
                    let t = p.text();
                    let width = p.segments.iter().map(|s| s.x1).fold(0.0, f32::max) - left;
                    t.ends_with(['.', ':', '!', '?', '。', '؟']) && width < (right - left) * 0.85
                });
                if class.is_some() || pclass.is_some() {
                    class == *pclass && gap.is_some_and(|g| g <= line.size * 1.6)
                } else {
                    !seg.bullet && close && !(ended && p.list.is_none())
                }
            }
            None => false,
        };
        if continues {
            if let Some((p, _)) = para.as_mut() {
                p.inline.push(" ", false, false, None);
                p.inline.append(seg.inline.clone());
            }
        } else {
            flush(&mut builder, &mut para)?;
            let mut inline = seg.inline.clone();
            let list = if seg.bullet {
                inline = strip_bullet(&seg.inline);
                Some((false, 0))
            } else {
                None
            };
            let heading = class
                .and_then(|c| classes.iter().position(|k| *k == c))
                .map(|i| (i as u8 + 1).min(9));
            para = Some((
                Para {
                    inline,
                    heading,
                    list,
                },
                class,
            ));
        }
        prev = Some(line);
    }
    flush(&mut builder, &mut para)?;
    flush_table(&mut builder, &mut table)?;
    builder.finish()
}

/// The item's content without its bullet.
fn strip_bullet(inline: &Inline) -> Inline {
    let mut out = Inline::default();
    let mut first = true;
    inline.each(|text, bold, italic, link| {
        let text = if first {
            first = false;
            let mut chars = text.chars();
            chars.next();
            chars.as_str().trim_start().to_string()
        } else {
            text.to_string()
        };
        out.push(&text, bold, italic, link);
    });
    out
}
