//! Pages to PDF bytes with pdf-writer: CID fonts subset with subsetter, a ToUnicode map so that
//! text extracts, bookmarks, metadata, and a tagged structure (marked content on every page, a
//! structure tree in reading order). Nothing depends on the clock or on chance.

use std::collections::BTreeMap;

use pdf_writer::types::{
    CidFontType, FontFlags, PageMode, StructRole, SystemInfo, TextRenderingMode,
};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::fonts::Fonts;
use super::layout::{Element, Item, Page, PathOp, Role, Tag};
use super::{PdfError, FINGERPRINT_KEY};

/// A bookmark.
#[derive(Debug, Clone)]
pub(crate) struct Bookmark {
    /// Nesting level, 0 at the top.
    pub level: usize,
    /// Its text.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Where on the page.
    pub y: f32,
}

/// The document information.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    /// Title.
    pub title: String,
    /// Author (the lead entity).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Language code.
    pub lang: String,
    /// Creation date, RFC 3339.
    pub created: String,
    /// Bytes the file id is derived from.
    pub id: Vec<u8>,
    /// The review document's fingerprint, recorded in the information dictionary so that a
    /// package reader can tell that the PDF belongs to the signed review.
    pub fingerprint: String,
}

/// The glyphs each font uses, renumbered for its subset, and what they stand for.
#[derive(Default)]
struct Used {
    remapper: Option<GlyphRemapper>,
    /// New id → (old id, text).
    glyphs: BTreeMap<u16, (u16, String)>,
}

impl Used {
    fn remap(&mut self, old: u16, text: &str) -> u16 {
        let new = self
            .remapper
            .get_or_insert_with(GlyphRemapper::new)
            .remap(old);
        let entry = self
            .glyphs
            .entry(new)
            .or_insert_with(|| (old, String::new()));
        if entry.1.is_empty() && !text.is_empty() {
            entry.1 = text.to_string();
        }
        new
    }
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The structure role of an element and the tag of its marked content.
fn role(role: Role) -> (StructRole, &'static [u8]) {
    match role {
        Role::Heading(0) => (StructRole::H1, b"H1"),
        Role::Heading(1) => (StructRole::H2, b"H2"),
        Role::Heading(_) => (StructRole::H3, b"H3"),
        Role::Para => (StructRole::P, b"P"),
        Role::Table => (StructRole::Table, b"Table"),
        Role::Row => (StructRole::TR, b"TR"),
        Role::HeaderCell => (StructRole::TH, b"TH"),
        Role::Cell => (StructRole::TD, b"TD"),
    }
}

/// A PDF integer from an index (counts here stay far below its limit).
fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Writes the PDF.
pub(crate) fn write(
    fonts: &Fonts,
    pages: &[Page],
    elements: &[Element],
    size: (f32, f32),
    bookmarks: &[Bookmark],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut used: Vec<Used> = fonts.faces.iter().map(|_| Used::default()).collect();
    // Each page's content, and the element of each of its marked-content ids.
    let (contents, marks): (Vec<Vec<u8>>, Vec<Vec<usize>>) = pages
        .iter()
        .map(|p| content(fonts, p, elements, &mut used))
        .unzip();

    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let outline_root = alloc();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let font_refs: Vec<Option<Ref>> = used
        .iter()
        .map(|u| u.remapper.as_ref().map(|_| alloc()))
        .collect();
    let struct_root = alloc();
    let document = alloc();
    let element_refs: Vec<Ref> = elements.iter().map(|_| alloc()).collect();
    let parent_arrays: Vec<Ref> = pages.iter().map(|_| alloc()).collect();

    let mut pdf = Pdf::new();
    pdf.set_file_id((
        Sha256::digest(&meta.id)[..16].to_vec(),
        Sha256::digest(&meta.id)[..16].to_vec(),
    ));

    // Pages.
    pdf.pages(tree)
        .kids(page_refs.iter().map(|p| p.0))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for (n, ((page_ref, content_ref), data)) in page_refs.iter().zip(&contents).enumerate() {
        let mut page = pdf.page(*page_ref);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, size.0, size.1))
            .contents(*content_ref)
            .struct_parents(int(n));
        let mut resources = page.resources();
        let mut fonts_dict = resources.fonts();
        for (i, r) in font_refs.iter().enumerate() {
            if let Some(r) = r {
                fonts_dict.pair(Name(format!("F{i}").as_bytes()), *r);
            }
        }
        fonts_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_ref, &compress(data))
            .filter(Filter::FlateDecode);
    }

    // Fonts.
    for (i, u) in used.iter().enumerate() {
        let (Some(type0), Some(remapper)) = (font_refs[i], u.remapper.as_ref()) else {
            continue;
        };
        let font = &fonts.faces[i];
        let subset = subsetter::subset(font.data, font.index, remapper)
            .map_err(|e| PdfError::Font(format!("{}: {e:?}", font.name)))?;
        let digest = Sha256::digest(&subset);
        let tag: String = digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let base = format!("{tag}+{}", font.name);
        let cid = alloc();
        let descriptor = alloc();
        let file = alloc();
        let cmap = alloc();
        let cff = font.face.tables().cff.is_some();
        let scale = 1000.0 / font.upem;

        pdf.type0_font(type0)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);

        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(if cff {
                CidFontType::Type0
            } else {
                CidFontType::Type2
            })
            .base_font(Name(base.as_bytes()))
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0);
        if !cff {
            cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let widths: Vec<f32> = (0..=u.glyphs.keys().last().copied().unwrap_or(0))
            .map(|new| {
                u.glyphs
                    .get(&new)
                    .and_then(|(old, _)| font.face.glyph_hor_advance(ttf_parser::GlyphId(*old)))
                    .map(|a| f32::from(a) * scale)
                    .unwrap_or(0.0)
            })
            .collect();
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();

        let bbox = font.face.global_bounding_box();
        let mut d = pdf.font_descriptor(descriptor);
        d.name(Name(base.as_bytes()))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * scale,
                f32::from(bbox.y_min) * scale,
                f32::from(bbox.x_max) * scale,
                f32::from(bbox.y_max) * scale,
            ))
            .italic_angle(font.face.italic_angle())
            .ascent(f32::from(font.face.ascender()) * scale)
            .descent(f32::from(font.face.descender()) * scale)
            .cap_height(f32::from(font.face.capital_height().unwrap_or(700)) * scale)
            .stem_v(80.0);
        if cff {
            d.font_file3(file);
        } else {
            d.font_file2(file);
        }
        d.finish();
        let packed = compress(&subset);
        let mut stream = pdf.stream(file, &packed);
        stream.filter(Filter::FlateDecode);
        if cff {
            stream.pair(Name(b"Subtype"), Name(b"OpenType"));
        }
        stream.finish();

        let mut map = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system);
        for (new, (_, text)) in &u.glyphs {
            if !text.is_empty() {
                map.pair_with_multiple(*new, text.chars());
            }
        }
        let map = map.finish();
        pdf.cmap(cmap, &compress(map.as_slice()))
            .filter(Filter::FlateDecode);
    }

    // Bookmarks.
    let items: Vec<Ref> = bookmarks.iter().map(|_| alloc()).collect();
    let parent_of: Vec<Option<usize>> = bookmarks
        .iter()
        .enumerate()
        .map(|(i, b)| (0..i).rev().find(|j| bookmarks[*j].level < b.level))
        .collect();
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..bookmarks.len())
            .filter(|i| parent_of[*i] == p)
            .collect()
    };
    let descendants = |p: usize| -> i32 {
        let mut n = 0;
        let mut stack = vec![p];
        while let Some(x) = stack.pop() {
            for c in children(Some(x)) {
                n += 1;
                stack.push(c);
            }
        }
        n
    };
    let top = children(None);
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        pdf.outline(outline_root)
            .first(items[*first])
            .last(items[*last])
            .count(i32::try_from(bookmarks.len()).unwrap_or(i32::MAX));
    }
    for (i, b) in bookmarks.iter().enumerate() {
        let siblings = children(parent_of[i]);
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        let kids = children(Some(i));
        let Some(page) = page_refs.get(b.page) else {
            continue;
        };
        let mut item = pdf.outline_item(items[i]);
        item.title(TextStr(&b.title));
        item.parent(parent_of[i].map(|p| items[p]).unwrap_or(outline_root));
        if pos > 0 {
            item.prev(items[siblings[pos - 1]]);
        }
        if let Some(n) = siblings.get(pos + 1) {
            item.next(items[*n]);
        }
        if let (Some(f), Some(l)) = (kids.first(), kids.last()) {
            item.first(items[*f]).last(items[*l]).count(descendants(i));
        }
        item.dest().page(page.0).xyz(0.0, b.y, None);
    }

    structure(
        &mut pdf,
        elements,
        &marks,
        &page_refs,
        (struct_root, document, &element_refs, &parent_arrays),
    );

    // Catalog and information.
    let mut cat = pdf.catalog(catalog);
    cat.pages(tree).lang(TextStr(&meta.lang));
    cat.mark_info().marked(true);
    cat.pair(Name(b"StructTreeRoot"), struct_root);
    cat.viewer_preferences().display_doc_title(true);
    if !bookmarks.is_empty() {
        cat.outlines(outline_root).page_mode(PageMode::UseOutlines);
    }
    cat.finish();
    let mut doc = pdf.document_info(info);
    doc.title(TextStr(&meta.title))
        .author(TextStr(&meta.author))
        .subject(TextStr(&meta.subject))
        .creator(TextStr("GCM Review Desk"))
        .producer(TextStr("GCM Review Desk"));
    doc.pair(Name(FINGERPRINT_KEY), TextStr(&meta.fingerprint));
    if let Some(date) = pdf_date(&meta.created) {
        doc.creation_date(date);
        doc.modified_date(date);
    }
    doc.finish();
    Ok(pdf.finish())
}

/// The structure tree: the root, one Document element, the elements under it in reading order
/// with their marked content, and the parent tree from each page's marked content back to its
/// elements. An element with no content of its own or below it (an empty paragraph) is left
/// out.
fn structure(
    pdf: &mut Pdf,
    elements: &[Element],
    marks: &[Vec<usize>],
    page_refs: &[(Ref, Ref)],
    (root, document, refs, parent_arrays): (Ref, Ref, &[Ref], &[Ref]),
) {
    // Marked content of each element: (page, id), in page order.
    let mut content: Vec<Vec<(usize, usize)>> = vec![Vec::new(); elements.len()];
    for (page, ids) in marks.iter().enumerate() {
        for (mcid, e) in ids.iter().enumerate() {
            if let Some(c) = content.get_mut(*e) {
                c.push((page, mcid));
            }
        }
    }
    // Table parts are kept even when empty (an empty cell still holds its place).
    let kept: Vec<bool> = elements
        .iter()
        .zip(&content)
        .map(|(e, c)| !c.is_empty() || !matches!(e.role, Role::Para | Role::Heading(_)))
        .collect();
    let children = |parent: Option<usize>| -> Vec<usize> {
        (0..elements.len())
            .filter(|i| kept[*i] && elements[*i].parent == parent)
            .collect()
    };

    let mut tree = pdf.indirect(root).start::<StructTreeRoot>();
    tree.child(document);
    let mut parents = tree.parent_tree();
    let mut nums = parents.nums();
    for (page, array) in parent_arrays.iter().enumerate() {
        nums.insert(int(page), *array);
    }
    nums.finish();
    parents.finish();
    tree.parent_tree_next_key(int(parent_arrays.len()));
    tree.finish();

    let mut doc = pdf.struct_element(document);
    doc.kind(StructRole::Document).parent(root);
    doc.children()
        .items(children(None).into_iter().map(|i| refs[i]));
    doc.finish();

    for (i, element) in elements.iter().enumerate() {
        if !kept[i] {
            continue;
        }
        let mut e = pdf.struct_element(refs[i]);
        e.kind(role(element.role).0)
            .parent(element.parent.map_or(document, |p| refs[p]));
        let first = content[i].first().map(|(page, _)| *page);
        if let Some((page, _)) = first.and_then(|p| page_refs.get(p)) {
            e.page(*page);
        }
        let kids = children(Some(i));
        if !kids.is_empty() || !content[i].is_empty() {
            let mut k = e.children();
            for kid in kids {
                k.struct_element(refs[kid]);
            }
            for (page, mcid) in &content[i] {
                if Some(*page) == first {
                    k.marked_content_id(int(*mcid));
                } else if let Some((page_ref, _)) = page_refs.get(*page) {
                    k.marked_content_ref()
                        .page(*page_ref)
                        .marked_content_id(int(*mcid));
                }
            }
        }
    }

    for (page, array) in parent_arrays.iter().enumerate() {
        let ids = marks.get(page).map(Vec::as_slice).unwrap_or_default();
        pdf.indirect(*array)
            .array()
            .items(ids.iter().map(|e| refs[*e]));
    }
}

/// An RFC 3339 timestamp as a PDF date (in UTC).
fn pdf_date(text: &str) -> Option<Date> {
    let t = chrono::DateTime::parse_from_rfc3339(text).ok()?.to_utc();
    use chrono::{Datelike, Timelike};
    Some(
        Date::new(u16::try_from(t.year()).ok()?)
            .month(u8::try_from(t.month()).ok()?)
            .day(u8::try_from(t.day()).ok()?)
            .hour(u8::try_from(t.hour()).ok()?)
            .minute(u8::try_from(t.minute()).ok()?)
            .second(u8::try_from(t.second()).ok()?)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// The content stream of a page, and the element of each marked-content id on it. Consecutive
/// items of one element share a marked-content sequence; page furniture is an artifact.
fn content(
    fonts: &Fonts,
    page: &Page,
    elements: &[Element],
    used: &mut [Used],
) -> (Vec<u8>, Vec<usize>) {
    let mut c = Content::new();
    let mut marks: Vec<usize> = Vec::new();
    let mut open: Option<Tag> = None;
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
                c.end_marked_content();
            }
            match tag {
                Tag::Artifact => {
                    c.begin_marked_content(Name(b"Artifact"));
                }
                Tag::Element(e) => {
                    let name = role(elements[e].role).1;
                    c.begin_marked_content_with_properties(Name(name))
                        .properties()
                        .identify(int(marks.len()));
                    marks.push(e);
                }
            }
            open = Some(tag);
        }
        match item {
            Item::Path { ops, gray } => {
                c.save_state();
                c.set_fill_gray(*gray);
                for op in ops {
                    match *op {
                        PathOp::Move(x, y) => c.move_to(x, y),
                        PathOp::Line(x, y) => c.line_to(x, y),
                        PathOp::Cubic(a, b, d, e, x, y) => c.cubic_to(a, b, d, e, x, y),
                        PathOp::Close => c.close_path(),
                    };
                }
                c.fill_nonzero();
                c.restore_state();
            }
            Item::Fill { x, y, w, h, gray } => {
                c.save_state();
                c.set_fill_gray(*gray);
                c.rect(*x, *y, *w, *h);
                c.fill_nonzero();
                c.restore_state();
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                c.save_state();
                c.set_line_width(*width);
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
                c.restore_state();
            }
            Item::Text {
                x, y, gray, line, ..
            } => {
                let mut pen = *x;
                c.begin_text();
                c.set_fill_gray(*gray);
                c.set_stroke_gray(*gray);
                for run in &line.runs {
                    let font = &fonts.faces[run.font];
                    let name = format!("F{}", run.font);
                    c.set_font(Name(name.as_bytes()), run.size);
                    if run.fake_bold {
                        c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                        c.set_line_width(run.size * 0.03);
                    } else {
                        c.set_text_rendering_mode(TextRenderingMode::Fill);
                    }
                    let scale = run.size / font.upem;
                    let mut segment: Vec<(u16, f32)> = Vec::new();
                    let mut start = pen;
                    let flush = |c: &mut Content, segment: &mut Vec<(u16, f32)>, at: f32| {
                        if segment.is_empty() {
                            return;
                        }
                        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, at, *y]);
                        let mut shown = c.show_positioned();
                        let mut items = shown.items();
                        for (gid, adjust) in segment.drain(..) {
                            items.show(Str(&gid.to_be_bytes()));
                            if adjust.abs() > 0.001 {
                                items.adjust(adjust);
                            }
                        }
                    };
                    for g in &run.glyphs {
                        let new = used[run.font].remap(g.id, g.text.as_str());
                        let natural = font
                            .face
                            .glyph_hor_advance(ttf_parser::GlyphId(g.id))
                            .map(|a| f32::from(a) * scale)
                            .unwrap_or(0.0);
                        if g.dx.abs() > 0.001 || g.dy.abs() > 0.001 {
                            flush(&mut c, &mut segment, start);
                            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, pen + g.dx, *y + g.dy]);
                            c.show(Str(&new.to_be_bytes()));
                            pen += g.advance;
                            start = pen;
                        } else {
                            segment.push((new, (natural - g.advance) / run.size * 1000.0));
                            pen += g.advance;
                        }
                    }
                    flush(&mut c, &mut segment, start);
                }
                c.end_text();
            }
        }
    }
    if open.is_some() {
        c.end_marked_content();
    }
    (c.finish().into_vec(), marks)
}
