//! The PDF for interministerial sign-off: cover, contents, the sections in template order, the
//! sign-off sheet; running header, page x of y and the document fingerprint on every page.
//!
//! Text is shaped with rustybuzz, ordered with unicode-bidi, broken into lines with
//! unicode-linebreak, and written with pdf-writer in fonts subset with subsetter (see
//! `README.md` here for why not printpdf). The output depends only on the document, the
//! template and the options: the same input gives the same bytes.
#![deny(clippy::disallowed_methods)]

mod blocks;
mod circulation;
mod content;
mod draft;
mod fonts;
mod labels;
mod layout;
mod markdown;
mod notes;
mod page;
mod parallel;
mod shape;
mod signoff;
mod text;
mod writer;

use std::cell::Cell;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::review::ReviewDocument;
use crate::template::Template;

use blocks::{heading, Context};
use draft::draft_mark;
use fonts::Fonts;
use labels::{labels, Labels};
use layout::Flow;
use page::{Anchor, Block, Element, Geometry, Item, Page, Tag};
use shape::Shaper;
use text::{lines, Span};
use writer::{Bookmark, Meta};

pub use circulation::{Circulation, Note, NoteThread, SheetApproval, SheetEntry};

/// How to make the PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdfOptions {
    /// Objectives grouped by IMRF round table instead of by number.
    pub by_round_table: bool,
    /// US Letter instead of A4.
    pub letter: bool,
    /// Leave out objectives with no answer at all.
    pub omit_unanswered: bool,
    /// Add the sign-off sheet.
    pub signoff_sheet: bool,
    /// The key id (RFC 7638 thumbprint) of the key the JSON is signed with, printed on the
    /// sign-off sheet.
    pub signer_kid: Option<String>,
    /// The creation date recorded in the PDF (RFC 3339); the caller passes it in.
    pub created: String,
    /// An internal-review copy: the comments on each answer printed after it, as numbered
    /// notes, and a notice on the cover that the copy is not the submission.
    pub internal_review: bool,
    /// The final decision, the sign-off list and the comments, as the application layer
    /// gives them (never taken from the UI).
    #[serde(skip)]
    pub circulation: Circulation,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            by_round_table: false,
            letter: false,
            omit_unanswered: false,
            signoff_sheet: true,
            signer_kid: None,
            created: String::new(),
            internal_review: false,
            circulation: Circulation::default(),
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, Error)]
pub enum PdfError {
    /// A bundled font could not be read or subset: the installation is damaged.
    #[error("the bundled font {0} could not be used; reinstall the application")]
    Font(String),
    /// The review document could not be canonicalised for its fingerprint.
    #[error("the review document cannot be fingerprinted: {0}")]
    Document(String),
}

/// The key of the document information entry that records the review's fingerprint.
pub const FINGERPRINT_KEY: &[u8] = b"GCMReviewFingerprint";

/// The fingerprint a PDF made by [`render`] records, if it records one.
pub fn recorded_fingerprint(pdf: &[u8]) -> Option<String> {
    let mut key = b"/".to_vec();
    key.extend_from_slice(FINGERPRINT_KEY);
    key.extend_from_slice(b" (");
    let at = pdf.windows(key.len()).position(|w| w == key.as_slice())? + key.len();
    let hex = pdf.get(at..at + 64)?;
    (hex.iter().all(|b| b.is_ascii_hexdigit()) && pdf.get(at + 64) == Some(&b')'))
        .then(|| String::from_utf8_lossy(hex).into_owned())
}

/// The review document's fingerprint ([`ReviewDocument::fingerprint`]), as the PDF prints it.
pub fn fingerprint(document: &ReviewDocument) -> Result<String, PdfError> {
    document
        .fingerprint()
        .map_err(|e| PdfError::Document(e.to_string()))
}

/// Renders a review as PDF.
pub fn render(
    template: &Template,
    document: &ReviewDocument,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let shaper = Shaper::new(&fonts);
    let values = document.values();
    let lang = Some(document.language())
        .filter(|l| !l.trim().is_empty())
        .unwrap_or("en");
    let words = labels(lang);
    let fingerprint = fingerprint(document)?;
    let is_final = options.circulation.is_final;
    let state = document.member_state_name(lang);
    let cycle = document.cycle().trim().to_string();
    let title = template.title.get(lang).to_string();
    let geo = geometry(options.letter);
    let ctx = Context {
        template,
        values: &values,
        lang,
        words,
        notes: options
            .internal_review
            .then_some(&options.circulation.notes),
        numbered: Cell::new(0),
    };

    // Cover.
    let mut cover = Flow::new(&shaper, geo);
    let mut cover_blocks = ctx.cover(document, &state, &cycle, &title, is_final);
    cover_blocks.extend(options.internal_review.then(|| ctx.internal_notice()));
    cover.run(&cover_blocks);

    // Body and sign-off sheet.
    let mut body_blocks = ctx.body(options);
    if options.signoff_sheet {
        body_blocks.extend(ctx.signoff(document, &fingerprint, options));
    }
    let mut body = Flow::new(&shaper, geo);
    body.run(&body_blocks);

    let toc = contents(&shaper, geo, words, &body, cover.pages.len());
    let offset = cover.pages.len() + toc.pages.len();
    let contents_page = cover.pages.len();
    let anchors = std::mem::take(&mut body.anchors);
    let mut pages: Vec<Page> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    for flow in [cover, toc, body] {
        let (p, e) = flow.finish(elements.len());
        pages.extend(p);
        elements.extend(e);
    }

    let mark = (!is_final).then(|| draft_mark(&shaper, words.draft, geo));
    let header = format!("{state} · {title} · {cycle}");
    furnish(&shaper, geo, words, &mut pages, &header, &fingerprint, mark);

    let bookmarks = bookmarks(words, geo, contents_page, &anchors, offset);

    let meta = Meta {
        title: format!("{title} — {state} — {cycle}"),
        author: document.cover_text("lead_entity").trim().to_string(),
        subject: format!("{title}: {state}, {cycle}"),
        lang: lang.to_string(),
        created: created(document, options),
        id: fingerprint.as_bytes().to_vec(),
        fingerprint: fingerprint.clone(),
    };
    let chars = shaper.into_chars();
    writer::write(
        &fonts,
        &chars,
        &pages,
        &elements,
        (geo.width, geo.height),
        &bookmarks,
        &meta,
    )
}

/// Bookmarks: the contents, then every heading of the body, on its page in the whole file.
fn bookmarks(
    words: &Labels,
    geo: Geometry,
    contents_page: usize,
    anchors: &[Anchor],
    offset: usize,
) -> Vec<Bookmark> {
    let mut bookmarks = vec![Bookmark {
        level: 0,
        title: words.contents.to_string(),
        page: contents_page,
        y: geo.height - geo.top,
    }];
    bookmarks.extend(anchors.iter().map(|a| Bookmark {
        level: a.level,
        title: a.title.clone(),
        page: a.page + offset,
        y: a.y,
    }));
    bookmarks
}

/// The creation date recorded: the options', else the review's last save, so that the same
/// revision always gives the same bytes.
fn created(document: &ReviewDocument, options: &PdfOptions) -> String {
    if options.created.is_empty() {
        document.updated.clone()
    } else {
        options.created.clone()
    }
}

/// The page: A4, or US Letter.
fn geometry(letter: bool) -> Geometry {
    if letter {
        Geometry {
            width: 612.0,
            height: 792.0,
            side: 64.0,
            top: 72.0,
            bottom: 64.0,
        }
    } else {
        Geometry {
            width: 595.28,
            height: 841.89,
            side: 64.0,
            top: 76.0,
            bottom: 68.0,
        }
    }
}

/// The contents: laid out once, then given the page numbers once its own pages are counted
/// (the body's pages come after the cover's and the contents' own).
fn contents<'a>(
    shaper: &'a Shaper,
    geo: Geometry,
    words: &Labels,
    body: &Flow<'_>,
    cover_pages: usize,
) -> Flow<'a> {
    let mut toc_blocks = vec![heading(words.contents, 0, None)];
    toc_blocks.extend(body.anchors.iter().map(|a| Block::Toc {
        spans: vec![Span::plain(a.title.clone())],
        indent: 14.0 * a.level as f32,
        page: (a.page + 1).to_string(),
    }));
    let mut toc = Flow::new(shaper, geo);
    toc.run(&toc_blocks);
    let offset = cover_pages + toc.pages.len();
    let numbers: Vec<String> = body
        .anchors
        .iter()
        .map(|a| (a.page + offset + 1).to_string())
        .collect();
    toc.renumber(&numbers);
    toc
}

/// Page furniture on every page: the DRAFT mark, the running header, the footer with page x
/// of y and the fingerprint, and the header's rule; all artifacts for screen readers.
fn furnish(
    shaper: &Shaper,
    geo: Geometry,
    words: &Labels,
    pages: &mut [Page],
    header: &str,
    fingerprint: &str,
    mark: Option<Item>,
) {
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = format!(
            "{} · {}",
            words
                .page_of
                .replace("{x}", &(i + 1).to_string())
                .replace("{y}", &total.to_string()),
            &fingerprint[..16]
        );
        let mut furniture = Vec::new();
        if let Some(mark) = &mark {
            furniture.push(mark.clone());
        }
        for (t, y) in [(header, geo.height - 40.0), (footer.as_str(), 34.0)] {
            if let Some(line) = lines(
                shaper,
                &[Span::plain(t.to_string())],
                8.0,
                geo.width - 2.0 * geo.side,
            )
            .into_iter()
            .next()
            {
                furniture.push(Item::Text {
                    x: (geo.width - line.width) / 2.0,
                    y,
                    gray: 0.35,
                    line,
                    tag: Tag::Artifact,
                });
            }
        }
        furniture.push(Item::Rule {
            x1: geo.side,
            y1: geo.height - 48.0,
            x2: geo.width - geo.side,
            y2: geo.height - 48.0,
            width: 0.4,
        });
        furniture.append(&mut page.items);
        page.items = furniture;
    }
}
