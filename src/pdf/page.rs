//! What layout takes and gives: blocks of the document in, pages of drawn items out, with the
//! structure elements the items belong to and the headings' places.

use super::text::{Line, Span};

/// Something drawn on a page, in points from the bottom left.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A line of text; `x` is its left end, `y` its baseline.
    Text {
        /// Left end.
        x: f32,
        /// Baseline.
        y: f32,
        /// Grey level (0 black).
        gray: f32,
        /// The line.
        line: Line,
        /// What the line belongs to in the document's structure.
        tag: Tag,
    },
    /// A filled rectangle.
    Fill {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Grey level.
        gray: f32,
    },
    /// A filled outline (the DRAFT mark), drawn without text so that it is not extracted.
    Path {
        /// The outline.
        ops: Vec<PathOp>,
        /// Grey level.
        gray: f32,
    },
    /// A stroked line segment.
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Width.
        width: f32,
    },
}

/// What a line of text is in the document's structure: part of an element, or an artifact
/// (running header and footer, a repeated table header), which readers skip. Shapes and rules
/// are always artifacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Page furniture.
    Artifact,
    /// Part of the element with this index.
    Element(usize),
}

/// The kind of a structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A heading at this nesting level, 0 for sections.
    Heading(usize),
    /// A paragraph, a line of the contents or of a form.
    Para,
    /// A table.
    Table,
    /// A table row.
    Row,
    /// A header cell.
    HeaderCell,
    /// A body cell.
    Cell,
}

/// An element of the document's structure, in reading order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element {
    /// What it is.
    pub role: Role,
    /// The element it belongs to (a table's rows, a row's cells); `None` for the document.
    pub parent: Option<usize>,
}

/// A step of a filled outline, in points.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PathOp {
    /// Start a subpath.
    Move(f32, f32),
    /// Straight segment.
    Line(f32, f32),
    /// Cubic Bézier segment.
    Cubic(f32, f32, f32, f32, f32, f32),
    /// Close the subpath.
    Close,
}

/// A laid-out page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// What it shows, in drawing order.
    pub items: Vec<Item>,
}

/// A heading's place, for the table of contents and the bookmarks.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    /// Nesting level, 0 for sections.
    pub level: usize,
    /// What the contents and bookmarks show.
    pub title: String,
    /// Page index within the flow.
    pub page: usize,
    /// Top of the heading.
    pub y: f32,
}

/// A paragraph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    /// The text.
    pub spans: Vec<Span>,
    /// Size in points.
    pub size: f32,
    /// Indent from the start edge.
    pub indent: f32,
    /// A list marker hung in the indent.
    pub marker: Option<String>,
    /// Space above.
    pub before: f32,
    /// Space below.
    pub after: f32,
    /// Keep on the same page as the start of the next block (headings).
    pub keep: bool,
    /// Record as a heading at this level, with this title.
    pub anchor: Option<(usize, String)>,
    /// A heading at this nesting level (0 for sections), for the document's structure.
    pub heading: Option<usize>,
    /// Grey level.
    pub gray: f32,
}

/// A block of the flow.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A paragraph or heading.
    Para(Para),
    /// A table: header cells, then rows.
    Table {
        /// Column headings.
        header: Vec<Vec<Span>>,
        /// Rows of cells.
        rows: Vec<Vec<Vec<Span>>>,
    },
    /// Empty labelled lines to write on, kept together (a sign-off block).
    Form {
        /// Label and printed value of each line.
        fields: Vec<(String, String)>,
    },
    /// A line of the table of contents: title and page number.
    Toc {
        /// The heading.
        spans: Vec<Span>,
        /// Indent by level.
        indent: f32,
        /// The page number as printed.
        page: String,
    },
    /// Start a new page.
    PageBreak,
}

/// Page size and margins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Side margins.
    pub side: f32,
    /// Top margin (body starts below).
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
}

impl Geometry {
    /// The width between the side margins.
    pub fn body_width(&self) -> f32 {
        self.width - 2.0 * self.side
    }
}
