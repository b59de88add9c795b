//! A Word form sent out and returned (a contribution request written as `.docx`), read back
//! answer by answer with the same bounds and refusals as any document from outside: the size,
//! the zip's parts and their inflated sizes, macros (a `.docm` name, `vbaProject`, a
//! macro-enabled content type), external relationships other than hyperlinks, XML document
//! types (so no entity is expanded) and broken XML.
//!
//! An answer is found two ways. Word keeps each content control (`w:sdt`) with its tag: the
//! control's content is the answer of the field its tag names. LibreOffice 7.4 drops the tags
//! (and the controls' extent) when it saves a `.docx`, but keeps bookmarks: the form marks
//! each answer, question and the end with a hidden bookmark named `_gcm_…`, and a marked
//! region is what lies from one such bookmark to the next. Both are returned; the caller
//! chooses.
//!
//! What is not text of the answer is listed per answer, never dropped silently: images and
//! drawings, comments, and tracked changes not accepted (an insertion not accepted is left
//! out, a deletion not accepted keeps its text). A control that shows its placeholder (Word's
//! prompt in a control emptied) holds no answer.

use std::collections::BTreeMap;

use super::docx::{chain, numbering, on, relationships, styles, Style};
use super::inline::close_table;
use super::xml::{Element, Node, Nodes};
use super::zipped::Archive;
use super::{Block, Builder, DocumentError, Inline, Para, MAX_DOCUMENT_BYTES, OLE_SIGNATURE};

/// The prefix of the bookmarks a form marks its regions with (hidden in Word: it starts with
/// an underscore).
pub const FORM_MARK_PREFIX: &str = "_gcm_";

/// One answer read from a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormAnswer {
    /// The content control's tag, or the bookmark's name after [`FORM_MARK_PREFIX`].
    pub key: String,
    /// Its content as blocks in the Markdown subset.
    pub blocks: Vec<Block>,
    /// What it held that is not taken (images, comments, tracked changes), one line each.
    pub not_taken: Vec<String>,
}

/// A returned form, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormDocument {
    /// The document's custom properties, by name.
    pub properties: BTreeMap<String, String>,
    /// The tagged content controls, in document order.
    pub controls: Vec<FormAnswer>,
    /// The regions from each `_gcm_` bookmark to the next, in document order.
    pub marked: Vec<FormAnswer>,
}

/// An answer being read.
struct Collector {
    key: String,
    builder: Builder,
    not_taken: Vec<String>,
}

impl Collector {
    fn new(key: String) -> Collector {
        Collector {
            key,
            builder: Builder::new(),
            not_taken: Vec::new(),
        }
    }

    fn note(&mut self, what: &str) {
        if !self.not_taken.iter().any(|n| n == what) {
            self.not_taken.push(what.to_string());
        }
    }

    fn finish(self) -> Result<FormAnswer, DocumentError> {
        Ok(FormAnswer {
            key: self.key,
            blocks: self.builder.finish()?,
            not_taken: self.not_taken,
        })
    }
}

/// Reads a returned form. `file_name` is used only to refuse a macro-enabled name.
pub fn read_form(file_name: &str, bytes: &[u8]) -> Result<FormDocument, DocumentError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            size: bytes.len(),
            max: MAX_DOCUMENT_BYTES,
        });
    }
    let lower = file_name.to_lowercase();
    if lower.ends_with(".docm") || lower.ends_with(".dotm") {
        return Err(DocumentError::Macros("a macro-enabled .docm file".into()));
    }
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(DocumentError::LegacyFormat);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(DocumentError::NotADocument(
            "it is not a Word document (.docx)".into(),
        ));
    }
    let archive = Archive::open(bytes)?;
    if !archive.has("word/document.xml") {
        return Err(DocumentError::NotADocument(
            "a zip archive that holds no word/document.xml".into(),
        ));
    }
    let links = relationships(&archive)?;
    let styles = match archive.read("word/styles.xml")? {
        Some(b) => styles(&b)?,
        None => BTreeMap::new(),
    };
    let numbering = match archive.read("word/numbering.xml")? {
        Some(b) => numbering(&b)?,
        None => BTreeMap::new(),
    };
    let properties = match archive.read("docProps/custom.xml")? {
        Some(b) => custom_properties(&b)?,
        None => BTreeMap::new(),
    };
    let body = archive.require("word/document.xml")?;
    let mut reader = Reader {
        styles: &styles,
        numbering: &numbering,
        links: &links,
        controls: Vec::new(),
        marked: Vec::new(),
        sdts: Vec::new(),
        in_sdt_pr: 0,
        region: None,
    };
    reader.read(&body)?;
    Ok(FormDocument {
        properties,
        controls: reader
            .controls
            .into_iter()
            .map(Collector::finish)
            .collect::<Result<_, _>>()?,
        marked: reader
            .marked
            .into_iter()
            .map(Collector::finish)
            .collect::<Result<_, _>>()?,
    })
}

/// `docProps/custom.xml`: each property's name and text value.
fn custom_properties(bytes: &[u8]) -> Result<BTreeMap<String, String>, DocumentError> {
    let mut out = BTreeMap::new();
    let mut nodes = Nodes::new(bytes);
    let mut name: Option<String> = None;
    while let Some(node) = nodes.next("docProps/custom.xml")? {
        match node {
            Node::Start(e) if e.name == "property" => name = e.attr("name").map(str::to_string),
            Node::End(n) if n == "property" => name = None,
            Node::Text(t) => {
                if let Some(n) = &name {
                    out.entry(n.clone())
                        .or_insert_with(String::new)
                        .push_str(&t);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Elements whose content is never the answer's text.
const SKIPPED: [&str; 8] = [
    "instrText",
    "drawing",
    "pict",
    "object",
    "Fallback",
    "footnoteReference",
    "ins",
    "moveTo",
];

/// The pass over `word/document.xml`.
struct Reader<'a> {
    styles: &'a BTreeMap<String, Style>,
    numbering: &'a BTreeMap<(String, u8), bool>,
    links: &'a BTreeMap<String, String>,
    controls: Vec<Collector>,
    marked: Vec<Collector>,
    /// The open content controls: the index of each tagged one's answer, and whether it
    /// shows its placeholder (Word's prompt in an empty control, no answer).
    sdts: Vec<(Option<usize>, bool)>,
    in_sdt_pr: usize,
    /// The marked region open.
    region: Option<usize>,
}

/// The look of the run being read.
#[derive(Default)]
struct RunState {
    bold: Option<bool>,
    bold_cs: Option<bool>,
    rtl: bool,
    italic: Option<bool>,
    style: Option<String>,
}

impl Reader<'_> {
    /// The answers that what is read now belongs to: the innermost tagged control, the region.
    fn targets(&mut self) -> Vec<&mut Collector> {
        let control = self
            .sdts
            .iter()
            .rev()
            .find(|(tagged, _)| tagged.is_some())
            .and_then(|(tagged, placeholder)| tagged.filter(|_| !placeholder));
        let mut out = Vec::new();
        let (controls, marked) = (&mut self.controls, &mut self.marked);
        if let Some(c) = control.and_then(|i| controls.get_mut(i)) {
            out.push(c);
        }
        if let Some(r) = self.region.and_then(|i| marked.get_mut(i)) {
            out.push(r);
        }
        out
    }

    fn note(&mut self, what: &str) {
        for t in self.targets() {
            t.note(what);
        }
    }

    fn paragraph(&mut self, p: Para) -> Result<(), DocumentError> {
        for t in self.targets() {
            t.builder.paragraph(Para {
                inline: p.inline.clone(),
                heading: p.heading,
                list: p.list,
            })?;
        }
        Ok(())
    }

    fn table(&mut self, rows: Vec<Vec<Inline>>) -> Result<(), DocumentError> {
        for t in self.targets() {
            t.builder.table(rows.clone())?;
        }
        Ok(())
    }

    /// What an element that carries no text says: a control's tag, a bookmark, something not
    /// taken.
    fn mark(&mut self, e: &Element) {
        match e.name.as_str() {
            "tag" if self.in_sdt_pr > 0 => {
                let tag = e.attr("val").unwrap_or_default().trim().to_string();
                if let Some((top, _)) = self.sdts.last_mut() {
                    if top.is_none() && !tag.is_empty() {
                        self.controls.push(Collector::new(tag));
                        *top = Some(self.controls.len() - 1);
                    }
                }
            }
            "showingPlcHdr" if self.in_sdt_pr > 0 && on(e) => {
                if let Some((_, placeholder)) = self.sdts.last_mut() {
                    *placeholder = true;
                }
            }
            "bookmarkStart" => {
                if let Some(key) = e
                    .attr("name")
                    .and_then(|n| n.strip_prefix(FORM_MARK_PREFIX))
                {
                    self.marked.push(Collector::new(key.to_string()));
                    self.region = Some(self.marked.len() - 1);
                }
            }
            "commentReference" | "commentRangeStart" => self.note("a comment"),
            "rPrChange" | "pPrChange" => self.note(
                "a tracked change of formatting that was not accepted: the new formatting is taken",
            ),
            _ => {}
        }
    }

    /// Reads the body. Long because it is one pass over the document's XML events, an arm for
    /// each construct that carries text, structure or an answer's bounds.
    fn read(&mut self, body: &[u8]) -> Result<(), DocumentError> {
        let part = "word/document.xml";
        let mut nodes = Nodes::new(body);
        let mut skip = 0usize;
        let mut para: Option<Para> = None;
        let mut para_style: Option<String> = None;
        let mut num: Option<(Option<String>, u8)> = None;
        let mut run = RunState::default();
        let mut in_rpr = false;
        let mut link: Option<String> = None;
        let mut tables: Vec<Vec<Vec<Inline>>> = Vec::new();
        while let Some(node) = nodes.next(part)? {
            if skip > 0 {
                match node {
                    Node::Start(e) if SKIPPED.contains(&e.name.as_str()) => skip += 1,
                    Node::End(name) if SKIPPED.contains(&name.as_str()) => skip -= 1,
                    _ => {}
                }
                continue;
            }
            match node {
                Node::Start(e) if SKIPPED.contains(&e.name.as_str()) => {
                    match e.name.as_str() {
                        "drawing" | "pict" | "object" => self.note("an image or drawing"),
                        "ins" | "moveTo" => self.note(
                            "a tracked insertion that was not accepted: its text is left out",
                        ),
                        _ => {}
                    }
                    skip = 1;
                }
                Node::Start(e) if e.name == "sdt" => self.sdts.push((None, false)),
                Node::End(name) if name == "sdt" => {
                    self.sdts.pop();
                }
                Node::Start(e) if e.name == "sdtPr" => self.in_sdt_pr += 1,
                Node::End(name) if name == "sdtPr" => {
                    self.in_sdt_pr = self.in_sdt_pr.saturating_sub(1)
                }
                Node::Start(e) if e.name == "del" || e.name == "moveFrom" => {
                    self.note("a tracked deletion that was not accepted: the deleted text is kept")
                }
                Node::Start(e) if e.name == "p" => {
                    para = Some(Para::default());
                    para_style = None;
                    num = None;
                }
                Node::End(name) if name == "p" => {
                    let Some(mut p) = para.take() else { continue };
                    let style = para_style.take();
                    let style_list = style.as_deref().and_then(|s| {
                        chain(self.styles, s)
                            .iter()
                            .find_map(|st| st.numbered_list.map(|_| st.name.contains("number")))
                    });
                    p.list = match num.take() {
                        Some((Some(id), level)) if id != "0" => Some((
                            self.numbering.get(&(id, level)).copied().unwrap_or(false),
                            level,
                        )),
                        Some((None, level)) => style_list.map(|n| (n, level)),
                        Some(_) => None,
                        None => style_list.map(|n| (n, 0)),
                    };
                    match tables.last_mut().and_then(|t| t.last_mut()) {
                        Some(row) => match row.last_mut() {
                            Some(cell) => cell.append(p.inline),
                            None => row.push(p.inline),
                        },
                        None => self.paragraph(p)?,
                    }
                }
                Node::Start(e) | Node::Empty(e) if e.name == "pStyle" => {
                    para_style = e.attr("val").map(str::to_string)
                }
                Node::Start(e) | Node::Empty(e) if e.name == "numPr" => {
                    num.get_or_insert((None, 0));
                }
                Node::Start(e) | Node::Empty(e) if e.name == "ilvl" => {
                    let level = e.attr("val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    num.get_or_insert((None, 0)).1 = level;
                }
                Node::Start(e) | Node::Empty(e) if e.name == "numId" => {
                    num.get_or_insert((None, 0)).0 = e.attr("val").map(str::to_string);
                }
                Node::Start(e) if e.name == "r" => run = RunState::default(),
                Node::Start(e) if e.name == "rPr" => in_rpr = true,
                Node::End(name) if name == "rPr" => in_rpr = false,
                Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "b" => {
                    run.bold = Some(on(&e))
                }
                Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "bCs" => {
                    run.bold_cs = Some(on(&e))
                }
                Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "rtl" => run.rtl = on(&e),
                Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "i" => {
                    run.italic = Some(on(&e))
                }
                Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "rStyle" => {
                    run.style = e.attr("val").map(str::to_string)
                }
                Node::Start(e) if e.name == "hyperlink" => {
                    link = e
                        .qattr("r:id")
                        .and_then(|id| self.links.get(id))
                        .cloned()
                        .or_else(|| Some(String::new()));
                }
                Node::End(name) if name == "hyperlink" => link = None,
                Node::Start(e) | Node::Empty(e) if e.name == "tab" && para.is_some() => {
                    if let Some(p) = para.as_mut() {
                        p.inline.push(" ", false, false, None);
                    }
                }
                Node::Start(e) | Node::Empty(e)
                    if (e.name == "br" || e.name == "cr") && para.is_some() =>
                {
                    if let Some(p) = para.as_mut() {
                        p.inline.push_break();
                    }
                }
                Node::Start(e) if e.name == "tbl" => tables.push(Vec::new()),
                Node::End(name) if name == "tbl" => {
                    if let Some(rows) = close_table(&mut tables) {
                        self.table(rows)?;
                    }
                }
                Node::Start(e) if e.name == "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                Node::Start(e) if e.name == "tc" => {
                    if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                        row.push(Inline::default());
                    }
                }
                Node::Start(e) | Node::Empty(e) => self.mark(&e),
                Node::Text(text) => {
                    let Some(p) = para.as_mut() else { continue };
                    let styles = self.styles;
                    let look = |own: Option<bool>, get: fn(&Style) -> Option<bool>| {
                        own.or_else(|| {
                            run.style
                                .as_deref()
                                .and_then(|s| chain(styles, s).into_iter().find_map(get))
                        })
                        .or_else(|| {
                            para_style
                                .as_deref()
                                .and_then(|s| chain(styles, s).into_iter().find_map(get))
                        })
                        .unwrap_or(false)
                    };
                    let own_bold = if run.rtl {
                        run.bold_cs.or(run.bold)
                    } else {
                        run.bold
                    };
                    let bold = look(own_bold, |s| s.bold);
                    let italic = look(run.italic, |s| s.italic);
                    p.inline.push(&text, bold, italic, link.as_deref());
                }
                _ => {}
            }
        }
        Ok(())
    }
}
