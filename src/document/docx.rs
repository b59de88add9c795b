//! Word documents (`.docx`, ECMA-376 WordprocessingML): the body of `word/document.xml`,
//! with headings from heading styles (`heading 1`, `Title`) and outline levels, lists from
//! numbering (paragraph or style), bold and italic from runs and styles, links from external
//! hyperlink relationships.

use std::collections::BTreeMap;

use super::inline::close_table;
use super::xml::{Element, Node, Nodes};
use super::zipped::Archive;
use super::{Block, Builder, Document, DocumentError, Format, Inline, Para, Progress};

/// The main part of a macro-enabled document.
const MACRO_CONTENT_TYPE: &str = "macroEnabled";

/// What a paragraph or character style brings.
#[derive(Debug, Default, Clone)]
pub(super) struct Style {
    pub(super) name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    pub(super) numbered_list: Option<bool>,
    pub(super) bold: Option<bool>,
    pub(super) italic: Option<bool>,
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
pub(super) fn on(e: &Element) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

/// The styles of `word/styles.xml`, by id.
pub(super) fn styles(bytes: &[u8]) -> Result<BTreeMap<String, Style>, DocumentError> {
    let mut styles = BTreeMap::new();
    let mut nodes = Nodes::new(bytes);
    let mut current: Option<(String, Style)> = None;
    let mut in_rpr = false;
    while let Some(node) = nodes.next("word/styles.xml")? {
        match node {
            Node::Start(e) | Node::Empty(e) if e.name == "style" => {
                if let Some(id) = e.attr("styleId") {
                    current = Some((id.to_string(), Style::default()));
                }
            }
            Node::End(name) if name == "style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            Node::Start(e) if e.name == "rPr" => in_rpr = true,
            Node::End(name) if name == "rPr" => in_rpr = false,
            Node::Start(e) | Node::Empty(e) => {
                let Some((_, style)) = current.as_mut() else {
                    continue;
                };
                match e.name.as_str() {
                    "name" => style.name = e.attr("val").unwrap_or_default().to_lowercase(),
                    "basedOn" => style.based_on = e.attr("val").map(str::to_string),
                    "outlineLvl" => {
                        style.outline = e.attr("val").and_then(|v| v.parse::<u8>().ok())
                    }
                    "numId" => style.numbered_list = Some(false),
                    "b" if in_rpr => style.bold = Some(on(&e)),
                    "i" if in_rpr => style.italic = Some(on(&e)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// Follows a style and those it is based on, nearest first.
pub(super) fn chain<'s>(styles: &'s BTreeMap<String, Style>, id: &str) -> Vec<&'s Style> {
    let mut out = Vec::new();
    let mut next = Some(id.to_string());
    while let Some(id) = next.take() {
        let Some(style) = styles.get(&id) else { break };
        out.push(style);
        if out.len() < 16 {
            next = style.based_on.clone();
        }
    }
    out
}

/// The heading level a paragraph style gives: `heading N` is N, `Title` 0, an outline level
/// L (from 0) is L + 1.
fn style_heading(styles: &BTreeMap<String, Style>, id: &str) -> Option<u8> {
    for style in chain(styles, id) {
        if style.name == "title" {
            return Some(0);
        }
        if let Some(n) = style.name.strip_prefix("heading ") {
            if let Ok(n) = n.trim().parse::<u8>() {
                return Some(n.min(9));
            }
        }
        if let Some(level) = style.outline.filter(|l| *l < 9) {
            return Some(level + 1);
        }
    }
    None
}

/// Numbering: whether each (numId, level) is a numbered (not bulleted) list.
pub(super) fn numbering(bytes: &[u8]) -> Result<BTreeMap<(String, u8), bool>, DocumentError> {
    let mut abstract_levels: BTreeMap<(String, u8), bool> = BTreeMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let mut nodes = Nodes::new(bytes);
    let (mut abstract_id, mut level, mut num_id) = (None::<String>, 0u8, None::<String>);
    while let Some(node) = nodes.next("word/numbering.xml")? {
        match node {
            Node::Start(e) | Node::Empty(e) => match e.name.as_str() {
                "abstractNum" => abstract_id = e.attr("abstractNumId").map(str::to_string),
                "lvl" => level = e.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
                "numFmt" => {
                    if let Some(a) = &abstract_id {
                        let numbered = !matches!(e.attr("val"), Some("bullet" | "none"));
                        abstract_levels.insert((a.clone(), level), numbered);
                    }
                }
                "num" => num_id = e.attr("numId").map(str::to_string),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num_id, e.attr("val")) {
                        nums.push((n.clone(), a.to_string()));
                    }
                }
                _ => {}
            },
            Node::End(name) if name == "abstractNum" => abstract_id = None,
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (num, abs) in nums {
        for ((a, level), numbered) in &abstract_levels {
            if *a == abs {
                out.insert((num.clone(), *level), *numbered);
            }
        }
    }
    Ok(out)
}

/// Refuses macros and external content other than hyperlinks; returns the hyperlink
/// targets of the main part by relationship id.
pub(super) fn relationships(
    archive: &Archive<'_>,
) -> Result<BTreeMap<String, String>, DocumentError> {
    if let Some(types) = archive.read("[Content_Types].xml")? {
        let mut nodes = Nodes::new(&types);
        while let Some(node) = nodes.next("[Content_Types].xml")? {
            if let Node::Start(e) | Node::Empty(e) = node {
                if e.attr("ContentType")
                    .is_some_and(|t| t.contains(MACRO_CONTENT_TYPE) || t.contains("vbaProject"))
                {
                    return Err(DocumentError::Macros("a macro-enabled content type".into()));
                }
            }
        }
    }
    let mut links = BTreeMap::new();
    let rels: Vec<String> = archive
        .names()
        .filter(|n| n.ends_with(".rels"))
        .map(str::to_string)
        .collect();
    for name in rels {
        let bytes = archive.require(&name)?;
        let mut nodes = Nodes::new(&bytes);
        while let Some(node) = nodes.next(&name)? {
            let (Node::Start(e) | Node::Empty(e)) = node else {
                continue;
            };
            if e.name != "Relationship" || e.attr("TargetMode") != Some("External") {
                continue;
            }
            let kind = e.attr("Type").unwrap_or_default();
            let target = e.attr("Target").unwrap_or_default();
            if kind.ends_with("/hyperlink") {
                if name == "word/_rels/document.xml.rels" {
                    links.insert(
                        e.attr("Id").unwrap_or_default().to_string(),
                        target.to_string(),
                    );
                }
            } else {
                let short = kind.rsplit('/').next().unwrap_or(kind);
                let target: String = target.chars().take(80).collect();
                return Err(DocumentError::External(format!("{short} {target}")));
            }
        }
    }
    Ok(links)
}

/// Elements whose content is not body text: deleted text, field codes, drawings and the
/// fallback copies of alternate content.
const SKIPPED: [&str; 7] = [
    "delText",
    "instrText",
    "drawing",
    "pict",
    "object",
    "Fallback",
    "footnoteReference",
];

/// The state of the run being read.
#[derive(Default)]
struct RunState {
    bold: Option<bool>,
    /// Complex-script bold (`w:bCs`), which right-to-left runs show instead.
    bold_cs: Option<bool>,
    rtl: bool,
    italic: Option<bool>,
    style: Option<String>,
}

/// Reads a .docx. Long because it is one pass over the document's XML events, an arm for each
/// construct of the format that carries text or structure.
pub(super) fn read(
    archive: &Archive<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Document, DocumentError> {
    let links = relationships(archive)?;
    let styles = match archive.read("word/styles.xml")? {
        Some(bytes) => styles(&bytes)?,
        None => BTreeMap::new(),
    };
    let numbering = match archive.read("word/numbering.xml")? {
        Some(bytes) => numbering(&bytes)?,
        None => BTreeMap::new(),
    };
    let body = archive.require("word/document.xml")?;
    let total = count_paragraphs(&body);
    let mut done = 0u64;
    let mut notices = Vec::new();
    let mut builder = Builder::new();
    let mut nodes = Nodes::new(&body);

    let mut skip = 0usize;
    let mut para: Option<Para> = None;
    let mut para_style: Option<String> = None;
    let mut num: Option<(Option<String>, u8)> = None;
    let mut outline: Option<u8> = None;
    let mut run = RunState::default();
    let mut in_rpr = false;
    let mut link: Option<String> = None;
    // Tables, nested: rows of cells of inline content.
    let mut tables: Vec<Vec<Vec<Inline>>> = Vec::new();
    let mut drawings = false;
    let part = "word/document.xml";
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
                drawings |= matches!(e.name.as_str(), "drawing" | "pict" | "object");
                skip = 1;
            }
            Node::Start(e) | Node::Empty(e) if SKIPPED.contains(&e.name.as_str()) => {}
            Node::Start(e) if e.name == "p" => {
                para = Some(Para::default());
                para_style = None;
                num = None;
                outline = None;
            }
            Node::End(name) if name == "p" => {
                let Some(mut p) = para.take() else { continue };
                let style = para_style.take();
                p.heading = outline
                    .take()
                    .filter(|l| *l < 9)
                    .map(|l| l + 1)
                    .or_else(|| style.as_deref().and_then(|s| style_heading(&styles, s)));
                let style_list = style.as_deref().and_then(|s| {
                    chain(&styles, s)
                        .iter()
                        .find_map(|st| st.numbered_list.map(|_| st.name.contains("number")))
                });
                p.list = match num.take() {
                    Some((Some(id), level)) if id != "0" => {
                        Some((numbering.get(&(id, level)).copied().unwrap_or(false), level))
                    }
                    Some((None, level)) => style_list.map(|n| (n, level)),
                    Some(_) => None,
                    None => style_list.map(|n| (n, 0)),
                };
                done += 1;
                if done.is_multiple_of(500) {
                    progress(Progress {
                        unit: "paragraphs",
                        done,
                        total,
                    });
                }
                match tables.last_mut().and_then(|t| t.last_mut()) {
                    Some(row) => match row.last_mut() {
                        Some(cell) => cell.append(p.inline),
                        None => row.push(p.inline),
                    },
                    None => builder.paragraph(p)?,
                }
            }
            Node::Start(e) | Node::Empty(e) if e.name == "pStyle" => {
                para_style = e.attr("val").map(str::to_string)
            }
            Node::Start(e) | Node::Empty(e) if e.name == "outlineLvl" && para.is_some() => {
                outline = e.attr("val").and_then(|v| v.parse().ok())
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
            Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "b" => run.bold = Some(on(&e)),
            Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "bCs" => {
                run.bold_cs = Some(on(&e))
            }
            Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "rtl" => run.rtl = on(&e),
            Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "i" => run.italic = Some(on(&e)),
            Node::Start(e) | Node::Empty(e) if in_rpr && e.name == "rStyle" => {
                run.style = e.attr("val").map(str::to_string)
            }
            Node::Start(e) if e.name == "hyperlink" => {
                link = e
                    .qattr("r:id")
                    .and_then(|id| links.get(id))
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
                    builder.table(rows)?;
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
            Node::Text(text) => {
                let Some(p) = para.as_mut() else { continue };
                let look = |own: Option<bool>, get: fn(&Style) -> Option<bool>| {
                    own.or_else(|| {
                        run.style
                            .as_deref()
                            .and_then(|s| chain(&styles, s).into_iter().find_map(get))
                    })
                    .or_else(|| {
                        para_style
                            .as_deref()
                            .and_then(|s| chain(&styles, s).into_iter().find_map(get))
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
    progress(Progress {
        unit: "paragraphs",
        done,
        total: total.max(done),
    });
    if drawings {
        notices.push("images and drawings were left out: only text is imported".to_string());
    }
    let blocks: Vec<Block> = builder.finish()?;
    Ok(Document {
        format: Format::Docx,
        blocks,
        pages: None,
        notices,
    })
}

/// How many paragraphs a part has, for progress: the `<w:p>` and `<w:p ...>` tags.
fn count_paragraphs(xml: &[u8]) -> u64 {
    xml.windows(5)
        .filter(|w| w.starts_with(b"<w:p") && matches!(w[4], b'>' | b' '))
        .count() as u64
}
