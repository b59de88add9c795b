//! Pages to PDF bytes with pdf-writer: CID fonts subset with subsetter, a ToUnicode map so that
//! text extracts, bookmarks, metadata, and a tagged structure (marked content on every page, a
//! structure tree in reading order). Nothing depends on the clock or on chance.

use std::cell::RefCell;

use flate2::{Compress, FlushCompress, Status};

use pdf_writer::types::{CidFontType, FontFlags, PageMode, StructRole, SystemInfo};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};

use super::content;
use super::fonts::Fonts;
use super::page::{Element, Page, Role};
use super::parallel;
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

/// The deflate level: at 6, zlib-rs makes files no larger than miniz_oxide did at 6, and
/// makes them faster (measured on the reference review's streams; levels below give larger
/// files, levels above take much longer for a few hundred bytes).
const DEFLATE_LEVEL: u32 = 6;

thread_local! {
    /// Each thread's deflater, reset for every stream rather than made anew (which would
    /// allocate and clear its tables each time).
    static DEFLATER: RefCell<Option<Compress>> = const { RefCell::new(None) };
}

/// `data` deflated in a zlib stream.
fn compress(data: &[u8]) -> Vec<u8> {
    DEFLATER
        .with(|cell| {
            let mut slot = cell.try_borrow_mut().ok()?;
            let deflater = slot.get_or_insert_with(|| {
                Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true)
            });
            deflater.reset();
            let mut out = Vec::with_capacity(data.len() / 3 + 64);
            loop {
                let read = usize::try_from(deflater.total_in()).ok()?;
                match deflater.compress_vec(data.get(read..)?, &mut out, FlushCompress::Finish) {
                    Ok(Status::StreamEnd) => return Some(out),
                    Ok(_) => out.reserve(out.capacity().max(4096)),
                    Err(_) => return None,
                }
            }
        })
        // Deflating into memory does not fail; if it ever did, the other deflater would do.
        .unwrap_or_else(|| miniz_oxide::deflate::compress_to_vec_zlib(data, 6))
}

/// A used face, subset and ready to write: made beside the pages' content.
struct FontFiles {
    /// The subset's name, with its tag.
    base: String,
    /// The subset font file, deflated.
    file: Vec<u8>,
    /// The ToUnicode map, deflated.
    cmap: Vec<u8>,
    /// The width of each glyph of the subset, in thousandths of the size.
    widths: Vec<f32>,
}

/// The character collection of every font written.
const SYSTEM: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Subsets face `i` to the glyphs in `used`.
fn font_files(
    fonts: &Fonts,
    i: usize,
    used: &content::Used,
    remapper: &subsetter::GlyphRemapper,
) -> Result<FontFiles, PdfError> {
    let font = &fonts.faces[i];
    let subset = subsetter::subset(font.data, font.index, remapper)
        .map_err(|e| PdfError::Font(format!("{}: {e:?}", font.name)))?;
    let digest = Sha256::digest(&subset);
    let tag: String = digest[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect();
    let scale = 1000.0 / font.upem;
    let widths: Vec<f32> = used
        .glyphs
        .iter()
        .map(|glyph| {
            glyph
                .as_ref()
                .and_then(|(old, _)| font.face.glyph_hor_advance(ttf_parser::GlyphId(*old)))
                .map(|a| f32::from(a) * scale)
                .unwrap_or(0.0)
        })
        .collect();
    let mut map = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), SYSTEM);
    for (new, glyph) in used.glyphs.iter().enumerate() {
        if let Some((_, text)) = glyph.as_ref().filter(|(_, t)| !t.is_empty()) {
            map.pair_with_multiple(u16::try_from(new).unwrap_or(u16::MAX), text.chars());
        }
    }
    Ok(FontFiles {
        base: format!("{tag}+{}", font.name),
        file: compress(&subset),
        cmap: compress(map.finish().as_slice()),
        widths,
    })
}

/// What one piece of the work made.
enum Made {
    /// A page's deflated content and the element of each of its marked-content ids.
    Page(Vec<u8>, Vec<usize>),
    /// A face's files, if the face is used.
    Font(Option<Result<FontFiles, PdfError>>),
}

/// The structure role of an element and the tag of its marked content.
pub(super) fn role(role: Role) -> (StructRole, &'static [u8]) {
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

/// Writes the PDF. Long because it writes the file's objects in the order a reader finds them
/// (catalog, pages, fonts, outline, structure, information), each a few lines of pdf-writer.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write(
    fonts: &Fonts,
    chars: &[Box<str>],
    pages: &[Page],
    elements: &[Element],
    size: (f32, f32),
    bookmarks: &[Bookmark],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let used = content::number_glyphs(fonts, pages, chars);
    // The faces' subsets and the pages' content are independent of each other: made side by
    // side, the largest (the fonts) first.
    let faces = fonts.faces.len();
    let made = parallel::map(faces + pages.len(), |job| {
        match pages.get(job.wrapping_sub(faces)) {
            Some(page) if job >= faces => {
                let (data, marks) = content::page(fonts, page, elements, &used);
                Made::Page(compress(&data), marks)
            }
            _ => Made::Font(
                used[job]
                    .remapper
                    .as_ref()
                    .map(|remapper| font_files(fonts, job, &used[job], remapper)),
            ),
        }
    });
    let mut contents: Vec<Vec<u8>> = Vec::with_capacity(pages.len());
    let mut marks: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut files: Vec<Option<FontFiles>> = Vec::with_capacity(faces);
    for piece in made {
        match piece {
            Made::Page(data, m) => {
                contents.push(data);
                marks.push(m);
            }
            Made::Font(font) => files.push(font.transpose()?),
        }
    }

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
        pdf.stream(*content_ref, data).filter(Filter::FlateDecode);
    }

    // Fonts.
    for (i, made) in files.iter().enumerate() {
        let (Some(type0), Some(made)) = (font_refs[i], made) else {
            continue;
        };
        let font = &fonts.faces[i];
        let base = made.base.as_str();
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

        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(if cff {
                CidFontType::Type0
            } else {
                CidFontType::Type2
            })
            .base_font(Name(base.as_bytes()))
            .system_info(SYSTEM)
            .font_descriptor(descriptor)
            .default_width(0.0);
        if !cff {
            cid_font.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        cid_font
            .widths()
            .consecutive(0, made.widths.iter().copied());
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
        let mut stream = pdf.stream(file, &made.file);
        stream.filter(Filter::FlateDecode);
        if cff {
            stream.pair(Name(b"Subtype"), Name(b"OpenType"));
        }
        stream.finish();
        pdf.cmap(cmap, &made.cmap).filter(Filter::FlateDecode);
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
/// out. Long because the tree and its parent tree are written in one walk.
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
