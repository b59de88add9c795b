//! LibreOffice documents (`.odt`, OpenDocument 1.3): the body of `content.xml`, with headings
//! from `text:h` outline levels (and the `Title` style), lists from `text:list` and their list
//! styles, bold and italic from automatic and common styles, links from `text:a`.

use std::collections::BTreeMap;

use super::inline::close_table;
use super::xml::{Element, Node, Nodes};
use super::zipped::Archive;
use super::{Builder, Document, DocumentError, Format, Inline, Para, Progress};

/// What a style brings.
#[derive(Debug, Default, Clone)]
struct Style {
    parent: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
}

/// Styles and list styles from one part.
#[derive(Default)]
struct Styles {
    styles: BTreeMap<String, Style>,
    /// List style → numbered or not, per level from 1.
    lists: BTreeMap<String, BTreeMap<u8, bool>>,
}

impl Styles {
    fn read(&mut self, part: &str, bytes: &[u8]) -> Result<(), DocumentError> {
        let mut nodes = Nodes::new(bytes);
        let mut current: Option<(String, Style)> = None;
        let mut list: Option<String> = None;
        while let Some(node) = nodes.next(part)? {
            match node {
                Node::Start(e) | Node::Empty(e) => match e.name.as_str() {
                    "style" if e.qattr("style:name").is_some() => {
                        let name = e.qattr("style:name").unwrap_or_default().to_string();
                        let style = Style {
                            parent: e.qattr("style:parent-style-name").map(str::to_string),
                            outline: e
                                .qattr("style:default-outline-level")
                                .and_then(|l| l.parse().ok()),
                            ..Style::default()
                        };
                        if let Some((name, style)) = current.replace((name, style)) {
                            self.styles.insert(name, style);
                        }
                    }
                    "text-properties" => {
                        if let Some((_, style)) = current.as_mut() {
                            if let Some(w) = e.qattr("fo:font-weight") {
                                style.bold =
                                    Some(w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
                            }
                            if let Some(s) = e.qattr("fo:font-style") {
                                style.italic = Some(s == "italic" || s == "oblique");
                            }
                        }
                    }
                    "list-style" => list = e.qattr("style:name").map(str::to_string),
                    "list-level-style-bullet" | "list-level-style-number" => {
                        if let Some(name) = &list {
                            let level = e.attr("level").and_then(|l| l.parse().ok()).unwrap_or(1);
                            let numbered = e.name == "list-level-style-number"
                                && e.qattr("style:num-format").is_some_and(|f| !f.is_empty());
                            self.lists
                                .entry(name.clone())
                                .or_default()
                                .insert(level, numbered);
                        }
                    }
                    _ => {}
                },
                Node::End(name) if name == "style" => {
                    if let Some((name, style)) = current.take() {
                        self.styles.insert(name, style);
                    }
                }
                Node::End(name) if name == "list-style" => list = None,
                _ => {}
            }
        }
        Ok(())
    }

    /// A property of a style or the nearest of its parents that sets it.
    fn look(&self, name: Option<&str>, get: fn(&Style) -> Option<bool>) -> Option<bool> {
        let mut next = name.map(str::to_string);
        for _ in 0..16 {
            let style = self.styles.get(next.as_deref()?)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            next = style.parent.clone();
        }
        None
    }

    /// The heading level a paragraph style gives (`Title` is 0).
    fn heading(&self, name: Option<&str>) -> Option<u8> {
        let mut next = name.map(str::to_string);
        for _ in 0..16 {
            let current = next?;
            if current == "Title" {
                return Some(0);
            }
            let style = self.styles.get(&current)?;
            if let Some(level) = style.outline.filter(|l| (1..=9).contains(l)) {
                return Some(level);
            }
            next = style.parent.clone();
        }
        None
    }
}

/// Refuses macros, encryption and content outside the file.
fn check_package(archive: &Archive<'_>) -> Result<(), DocumentError> {
    if let Some(name) = archive
        .names()
        .find(|n| (n.starts_with("Basic/") || n.starts_with("Scripts/")) && !n.ends_with('/'))
    {
        return Err(DocumentError::Macros(format!("the part {name}")));
    }
    if let Some(manifest) = archive.read("META-INF/manifest.xml")? {
        let mut nodes = Nodes::new(&manifest);
        while let Some(node) = nodes.next("META-INF/manifest.xml")? {
            if let Node::Start(e) | Node::Empty(e) = node {
                if e.name == "encryption-data" {
                    return Err(DocumentError::Encrypted);
                }
            }
        }
    }
    Ok(())
}

/// Whether an `xlink:href` on an image, object or section points outside the file.
fn outside(e: &Element) -> Option<String> {
    let href = e.qattr("xlink:href")?;
    let inside = !href.contains(':') && !href.starts_with('/') && !href.starts_with("..");
    (!inside).then(|| format!("{} {}", e.name, href.chars().take(80).collect::<String>()))
}

/// Elements whose content is not body text here.
const SKIPPED: [&str; 6] = [
    "note",
    "tracked-changes",
    "annotation",
    "frame",
    "sequence-decls",
    "deletion",
];

/// Reads an .odt. Long because it is one pass over the document's XML events, an arm for each
/// construct of the format that carries text or structure.
pub(super) fn read(
    archive: &Archive<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Document, DocumentError> {
    check_package(archive)?;
    let mut styles = Styles::default();
    if let Some(bytes) = archive.read("styles.xml")? {
        styles.read("styles.xml", &bytes)?;
    }
    let content = archive.require("content.xml")?;
    styles.read("content.xml", &content)?;
    let total = content
        .windows(7)
        .filter(|w| {
            (w.starts_with(b"<text:p") || w.starts_with(b"<text:h"))
                && matches!(w[7 - 1], b' ' | b'>')
        })
        .count() as u64;
    let mut done = 0u64;
    let mut notices = Vec::new();
    let mut builder = Builder::new();
    let mut nodes = Nodes::new(&content);
    let mut in_body = false;
    let mut skip = 0usize;
    let mut para: Option<(Para, Option<String>)> = None;
    // Open spans: their style names; open links.
    let mut spans: Vec<Option<String>> = Vec::new();
    let mut link: Option<String> = None;
    // Open lists: their style names (inherited by nested lists that name none).
    let mut lists: Vec<Option<String>> = Vec::new();
    let mut tables: Vec<Vec<Vec<Inline>>> = Vec::new();
    let mut frames = false;
    let part = "content.xml";
    while let Some(node) = nodes.next(part)? {
        if let Node::Start(e) | Node::Empty(e) = &node {
            if e.name == "event-listener" {
                return Err(DocumentError::Macros("an event that runs a script".into()));
            }
            if matches!(
                e.name.as_str(),
                "image" | "object" | "section-source" | "dde-source" | "plugin" | "applet"
            ) {
                if let Some(what) = outside(e) {
                    return Err(DocumentError::External(what));
                }
            }
        }
        if skip > 0 {
            match node {
                Node::Start(e) if SKIPPED.contains(&e.name.as_str()) => skip += 1,
                Node::End(name) if SKIPPED.contains(&name.as_str()) => skip -= 1,
                _ => {}
            }
            continue;
        }
        match node {
            Node::Start(e) if e.name == "body" => in_body = true,
            Node::Start(e) if SKIPPED.contains(&e.name.as_str()) => {
                frames |= e.name == "frame";
                skip = 1;
            }
            _ if !in_body => {}
            Node::Start(e) if e.name == "p" || e.name == "h" => {
                let style = e.qattr("text:style-name").map(str::to_string);
                let heading = if e.name == "h" {
                    Some(
                        e.qattr("text:outline-level")
                            .and_then(|l| l.parse::<u8>().ok())
                            .unwrap_or(1)
                            .min(9),
                    )
                } else {
                    styles.heading(style.as_deref())
                };
                let list = lists.last().map(|_| {
                    let level = lists.len() as u8;
                    let name = lists.iter().rev().find_map(|l| l.clone());
                    let numbered = name
                        .and_then(|n| styles.lists.get(&n))
                        .and_then(|levels| levels.get(&level).or_else(|| levels.get(&1)))
                        .copied()
                        .unwrap_or(false);
                    (numbered, level - 1)
                });
                let para_value = Para {
                    inline: Inline::default(),
                    heading,
                    list: list.filter(|_| tables.is_empty()),
                };
                para = Some((para_value, style));
                spans.clear();
            }
            Node::End(name) if name == "p" || name == "h" => {
                let Some((p, _)) = para.take() else { continue };
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
            Node::Start(e) if e.name == "span" => {
                spans.push(e.qattr("text:style-name").map(str::to_string))
            }
            Node::End(name) if name == "span" => {
                spans.pop();
            }
            Node::Start(e) if e.name == "a" => link = e.qattr("xlink:href").map(str::to_string),
            Node::End(name) if name == "a" => link = None,
            Node::Start(e) | Node::Empty(e) if e.name == "s" || e.name == "tab" => {
                if let Some((p, _)) = para.as_mut() {
                    p.inline.push(" ", false, false, None);
                }
            }
            Node::Start(e) | Node::Empty(e) if e.name == "line-break" => {
                if let Some((p, _)) = para.as_mut() {
                    p.inline.push_break();
                }
            }
            Node::Start(e) if e.name == "list" => {
                lists.push(e.qattr("text:style-name").map(str::to_string))
            }
            Node::End(name) if name == "list" => {
                lists.pop();
            }
            Node::Start(e) if e.name == "table" => tables.push(Vec::new()),
            Node::End(name) if name == "table" => {
                if let Some(rows) = close_table(&mut tables) {
                    builder.table(rows)?;
                }
            }
            Node::Start(e) if e.name == "table-row" => {
                if let Some(t) = tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            Node::Start(e) | Node::Empty(e) if e.name == "table-cell" => {
                if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(Inline::default());
                }
            }
            Node::Text(text) => {
                let Some((p, style)) = para.as_mut() else {
                    continue;
                };
                let look = |get: fn(&Style) -> Option<bool>| {
                    spans
                        .iter()
                        .rev()
                        .find_map(|s| styles.look(s.as_deref(), get))
                        .or_else(|| styles.look(style.as_deref(), get))
                        .unwrap_or(false)
                };
                let (bold, italic) = (look(|s| s.bold), look(|s| s.italic));
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
    if frames {
        notices.push(
            "images, frames and text boxes were left out: only the text of the body is imported"
                .into(),
        );
    }
    Ok(Document {
        format: Format::Odt,
        blocks: builder.finish()?,
        pages: None,
        notices,
    })
}
