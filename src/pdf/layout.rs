//! Blocks to pages: paragraphs, headings kept with what follows, tables split by lines with
//! their borders and header row repeated on every page.

use super::page::{Anchor, Block, Element, Geometry, Item, Page, Para, Role, Tag};
use super::shape::Shaper;
use super::text::{lines, Line, Span};

/// Line height for a size.
fn leading(size: f32) -> f32 {
    size * 1.45
}

const CELL_SIZE: f32 = 9.0;
/// Text size of the contents.
const TOC_SIZE: f32 = 10.5;
/// Width kept for a page number in the contents.
const NUMBER: f32 = 40.0;
const CELL_PAD: f32 = 4.0;

/// Lays blocks out on pages.
pub(crate) struct Flow<'f> {
    shaper: &'f Shaper<'f>,
    geo: Geometry,
    /// The pages so far.
    pub pages: Vec<Page>,
    /// Headings met.
    pub anchors: Vec<Anchor>,
    /// Structure elements, in reading order.
    pub elements: Vec<Element>,
    /// Where each line of the contents printed its page number: page, item, right to left.
    numbers: Vec<(usize, usize, bool)>,
    y: f32,
}

impl<'f> Flow<'f> {
    /// An empty flow with one page.
    pub fn new(shaper: &'f Shaper<'f>, geo: Geometry) -> Flow<'f> {
        Flow {
            shaper,
            geo,
            pages: vec![Page::default()],
            anchors: Vec::new(),
            elements: Vec::new(),
            numbers: Vec::new(),
            y: geo.height - geo.top,
        }
    }

    /// The pages and elements, element numbers moved up by `offset`, to follow other flows'.
    pub fn finish(self, offset: usize) -> (Vec<Page>, Vec<Element>) {
        let mut pages = self.pages;
        for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
            if let Item::Text {
                tag: Tag::Element(e),
                ..
            } = item
            {
                *e += offset;
            }
        }
        let elements = self
            .elements
            .into_iter()
            .map(|e| Element {
                parent: e.parent.map(|p| p + offset),
                ..e
            })
            .collect();
        (pages, elements)
    }

    /// Starts a structure element.
    fn element(&mut self, role: Role, parent: Option<usize>) -> usize {
        self.elements.push(Element { role, parent });
        self.elements.len() - 1
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geo.height - self.geo.top;
    }

    fn at_top(&self) -> bool {
        self.y >= self.geo.height - self.geo.top - 0.01
    }

    fn room(&self) -> f32 {
        self.y - self.geo.bottom
    }

    /// Lays out all blocks.
    pub fn run(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            match block {
                Block::Para(p) => {
                    let need_next = if p.keep {
                        self.min_height(&blocks[i + 1..])
                    } else {
                        0.0
                    };
                    self.para(p, need_next);
                }
                Block::Table { header, rows } => self.table(header, rows),
                Block::Form { fields } => self.form(fields),
                Block::Toc {
                    spans,
                    indent,
                    page,
                } => self.toc(spans, *indent, page),
                Block::PageBreak => {
                    if !(self.at_top() && self.page_is_empty()) {
                        self.new_page();
                    }
                }
            }
        }
        if self.pages.len() > 1 && self.page_is_empty() {
            self.pages.pop();
        }
    }

    fn page_is_empty(&self) -> bool {
        self.pages
            .last()
            .map(|p| p.items.is_empty())
            .unwrap_or(true)
    }

    /// The height the start of what follows needs: two lines, a table's header and first row,
    /// or a whole kept heading and the start of what follows it in turn.
    fn min_height(&self, rest: &[Block]) -> f32 {
        match rest.first() {
            Some(Block::Para(p)) => {
                let bytes: usize = p.spans.iter().map(|s| s.text.len()).sum();
                let n = if !p.keep && bytes > 400 {
                    // Surely two lines or more: no need to lay it out twice.
                    2.0
                } else {
                    let all = lines(
                        self.shaper,
                        &p.spans,
                        p.size,
                        self.geo.body_width() - p.indent,
                    )
                    .len();
                    (if p.keep { all } else { all.min(2) }) as f32
                };
                let own = p.before + n * leading(p.size) + p.after;
                if p.keep {
                    own + self.min_height(&rest[1..])
                } else {
                    own
                }
            }
            Some(Block::Table { .. }) => 2.0 * (leading(CELL_SIZE) + 2.0 * CELL_PAD) + 6.0,
            Some(Block::Form { fields }) => form_height(fields.len()),
            _ => 0.0,
        }
    }

    fn para(&mut self, p: &Para, need_next: f32) {
        let width = self.geo.body_width() - p.indent;
        let laid = lines(self.shaper, &p.spans, p.size, width);
        let lh = leading(p.size);
        if !self.at_top() {
            self.y -= p.before;
        }
        let first = lh * laid.len().min(if p.keep { laid.len() } else { 2 }).max(1) as f32;
        if first + need_next > self.room() && !self.at_top() {
            self.new_page();
        }
        if let Some((level, title)) = &p.anchor {
            self.anchors.push(Anchor {
                level: *level,
                title: title.clone(),
                page: self.pages.len() - 1,
                y: self.y,
            });
        }
        let left = self.geo.side;
        let right = self.geo.width - self.geo.side;
        let tag = Tag::Element(self.element(p.heading.map_or(Role::Para, Role::Heading), None));
        for (n, line) in laid.into_iter().enumerate() {
            if lh > self.room() {
                self.new_page();
            }
            let base = self.y - p.size * 1.08;
            let x = if line.rtl {
                right - p.indent - line.width
            } else {
                left + p.indent
            };
            if n == 0 {
                if let Some(marker) = &p.marker {
                    let mark = lines(self.shaper, &[Span::plain(marker.clone())], p.size, 200.0);
                    if let Some(mut m) = mark.into_iter().next() {
                        let mx = if line.rtl {
                            right - p.indent + 4.0
                        } else {
                            left + p.indent - m.width - 4.0
                        };
                        m.rtl = line.rtl;
                        self.page().items.push(Item::Text {
                            x: mx,
                            y: base,
                            gray: p.gray,
                            line: m,
                            tag,
                        });
                    }
                }
            }
            self.page().items.push(Item::Text {
                x,
                y: base,
                gray: p.gray,
                line,
                tag,
            });
            self.y -= lh;
        }
        self.y -= p.after;
    }

    /// A table: its header row repeated on every page it spans, each row kept whole on a page
    /// where it fits. Long because measuring, breaking and drawing a row share its cells' lines.
    fn table(&mut self, header: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let total = self.geo.body_width();
        let col = total / columns as f32;
        let lh = leading(CELL_SIZE);
        let lay = |cells: &[Vec<Span>], bold: bool| -> Vec<Vec<Line>> {
            (0..columns)
                .map(|c| {
                    let spans: Vec<Span> = cells
                        .get(c)
                        .map(|s| {
                            s.iter()
                                .map(|sp| Span {
                                    bold: sp.bold || bold,
                                    ..sp.clone()
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    lines(self.shaper, &spans, CELL_SIZE, col - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let head = if header.is_empty() {
            None
        } else {
            Some(lay(header, true))
        };
        let head_height = head.as_ref().map(|h| row_height(h, lh)).unwrap_or(0.0);
        // The structure: the table, its header row (tagged where first drawn; the copies on
        // later pages are artifacts), then each row with its cells.
        let table = self.element(Role::Table, None);
        let mut head_cells = head
            .as_ref()
            .map(|_| self.row_elements(table, columns, true));
        if !self.at_top() {
            self.y -= 6.0;
        }
        if rows.is_empty() {
            if let Some(h) = &head {
                if head_height > self.room() && !self.at_top() {
                    self.new_page();
                }
                let cells = head_cells.take();
                self.row(h, col, lh, 0.9, 0, cells.as_deref());
            }
        }
        let mut need_head = true;
        for row in rows.iter().map(|r| lay(r, false)) {
            let cells = self.row_elements(table, columns, false);
            let height = row_height(&row, lh);
            let min = head_height + (lh + 2.0 * CELL_PAD).min(height);
            let fits_whole = head_height * f32::from(u8::from(need_head)) + height <= self.room();
            if !fits_whole && (height + head_height <= self.body_height() || min > self.room()) {
                if !self.at_top() {
                    self.new_page();
                }
                need_head = true;
            }
            if need_head {
                if let Some(h) = &head {
                    let tags = head_cells.take();
                    self.row(h, col, lh, 0.9, 0, tags.as_deref());
                }
                need_head = false;
            }
            // Lines of the row, page by page.
            let mut from = 0;
            let most = row.iter().map(Vec::len).max().unwrap_or(0).max(1);
            while from < most {
                let fit = (((self.room() - 2.0 * CELL_PAD) / lh).floor() as usize).max(1);
                self.row(&row, col, lh, 1.0, from, Some(&cells));
                from += fit;
                if from < most {
                    self.new_page();
                    if let Some(h) = &head {
                        self.row(h, col, lh, 0.9, 0, None);
                    }
                }
            }
        }
        self.y -= 6.0;
    }

    fn body_height(&self) -> f32 {
        self.geo.height - self.geo.top - self.geo.bottom
    }

    /// A row element of `table` and its cell elements.
    fn row_elements(&mut self, table: usize, columns: usize, header: bool) -> Vec<usize> {
        let row = self.element(Role::Row, Some(table));
        let role = if header { Role::HeaderCell } else { Role::Cell };
        (0..columns)
            .map(|_| self.element(role, Some(row)))
            .collect()
    }

    /// Draws lines `from..` of a row's cells that fit on this page, with its borders; the
    /// text belongs to the cell elements `tags`, or is an artifact without them.
    fn row(
        &mut self,
        cells: &[Vec<Line>],
        col: f32,
        lh: f32,
        gray: f32,
        from: usize,
        tags: Option<&[usize]>,
    ) {
        let fit = (((self.room() - 2.0 * CELL_PAD) / lh).floor() as usize).max(1);
        let count = cells
            .iter()
            .map(|c| c.len().saturating_sub(from).min(fit))
            .max()
            .unwrap_or(0)
            .max(1);
        let height = count as f32 * lh + 2.0 * CELL_PAD;
        let top = self.y;
        let left = self.geo.side;
        if gray < 1.0 {
            self.page().items.push(Item::Fill {
                x: left,
                y: top - height,
                w: col * cells.len() as f32,
                h: height,
                gray,
            });
        }
        for (c, lines) in cells.iter().enumerate() {
            let x0 = left + c as f32 * col;
            for (n, line) in lines.iter().skip(from).take(count).enumerate() {
                let base = top - CELL_PAD - n as f32 * lh - CELL_SIZE * 1.08;
                let x = if line.rtl {
                    x0 + col - CELL_PAD - line.width
                } else {
                    x0 + CELL_PAD
                };
                let tag = tags
                    .and_then(|t| t.get(c))
                    .map_or(Tag::Artifact, |e| Tag::Element(*e));
                self.page().items.push(Item::Text {
                    x,
                    y: base,
                    gray: 0.0,
                    line: line.clone(),
                    tag,
                });
            }
        }
        let right = left + col * cells.len() as f32;
        let bottom = top - height;
        let page = self.page();
        for (x1, y1, x2, y2) in [(left, top, right, top), (left, bottom, right, bottom)] {
            page.items.push(Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width: 0.5,
            });
        }
        for c in 0..=cells.len() {
            let x = left + c as f32 * col;
            page.items.push(Item::Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                width: 0.5,
            });
        }
        self.y = bottom;
    }

    fn toc(&mut self, spans: &[Span], indent: f32, page: &str) {
        const SIZE: f32 = TOC_SIZE;
        let lh = leading(SIZE);
        let laid = lines(
            self.shaper,
            spans,
            SIZE,
            self.geo.body_width() - indent - NUMBER,
        );
        self.y -= 2.0;
        if lh * laid.len() as f32 > self.room() {
            self.new_page();
        }
        let left = self.geo.side;
        let right = self.geo.width - self.geo.side;
        let count = laid.len();
        let tag = Tag::Element(self.element(Role::Para, None));
        for (n, line) in laid.into_iter().enumerate() {
            let base = self.y - SIZE * 1.08;
            let rtl = line.rtl;
            let x = if line.rtl {
                right - indent - line.width
            } else {
                left + indent
            };
            self.page().items.push(Item::Text {
                x,
                y: base,
                gray: 0.0,
                line,
                tag,
            });
            if n + 1 == count {
                if let Some(number) = lines(self.shaper, &[Span::plain(page)], SIZE, NUMBER)
                    .into_iter()
                    .next()
                {
                    let nx = if rtl { left } else { right - number.width };
                    let page = self.pages.len().saturating_sub(1);
                    let at = self.page().items.len();
                    self.numbers.push((page, at, rtl));
                    self.page().items.push(Item::Text {
                        x: nx,
                        y: base,
                        gray: 0.0,
                        line: number,
                        tag,
                    });
                }
            }
            self.y -= lh;
        }
    }

    /// Prints `numbers` as the page numbers of the contents' lines, in order, in place of
    /// those they were laid out with: the contents are laid out once, before the pages they
    /// point to are numbered (a number does not move anything else on its line).
    pub fn renumber(&mut self, numbers: &[String]) {
        let left = self.geo.side;
        let right = self.geo.width - self.geo.side;
        for (&(page, at, rtl), number) in self.numbers.iter().zip(numbers) {
            let laid = lines(
                self.shaper,
                &[Span::plain(number.as_str())],
                TOC_SIZE,
                NUMBER,
            );
            let Some(Item::Text { x, line, .. }) =
                self.pages.get_mut(page).and_then(|p| p.items.get_mut(at))
            else {
                continue;
            };
            let Some(number) = laid.into_iter().next() else {
                line.runs.clear();
                line.width = 0.0;
                continue;
            };
            *x = if rtl { left } else { right - number.width };
            *line = number;
        }
    }

    fn form(&mut self, fields: &[(String, String)]) {
        let height = form_height(fields.len());
        if height > self.room() && !self.at_top() {
            self.new_page();
        }
        let left = self.geo.side;
        let right = self.geo.width - self.geo.side;
        let label_width = 110.0;
        let top = self.y;
        for (n, (label, value)) in fields.iter().enumerate() {
            let base = top - 16.0 - n as f32 * 26.0;
            let tag = Tag::Element(self.element(Role::Para, None));
            for (x, text, limit) in [
                (left + 8.0, label, label_width - 12.0),
                (left + label_width, value, right - left - label_width - 8.0),
            ] {
                if let Some(mut line) =
                    lines(self.shaper, &[Span::plain(text.clone())], 10.0, limit)
                        .into_iter()
                        .next()
                {
                    line.rtl = false;
                    self.page().items.push(Item::Text {
                        x,
                        y: base,
                        gray: 0.0,
                        line,
                        tag,
                    });
                }
            }
            self.page().items.push(Item::Rule {
                x1: left + label_width,
                y1: base - 4.0,
                x2: right - 8.0,
                y2: base - 4.0,
                width: 0.4,
            });
        }
        let bottom = top - height + 8.0;
        for (x1, y1, x2, y2) in [
            (left, top, right, top),
            (left, bottom, right, bottom),
            (left, top, left, bottom),
            (right, top, right, bottom),
        ] {
            self.page().items.push(Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width: 0.8,
            });
        }
        self.y = bottom - 14.0;
    }
}

fn form_height(fields: usize) -> f32 {
    fields as f32 * 26.0 + 18.0
}

fn row_height(cells: &[Vec<Line>], lh: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * lh + 2.0 * CELL_PAD
}
