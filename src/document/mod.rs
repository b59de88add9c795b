//! Documents from outside: a review written in Word, LibreOffice or as a PDF, read into an
//! ordered list of blocks (headings, paragraphs, lists, tables) with bold, italic and links
//! kept as the Markdown subset that answers use. Pure: bytes in, [`Document`] out.
//!
//! Every file is hostile until read: its size, its zip members (count, each one's size, the
//! total inflated, the compression ratio) and the number of blocks are bounded; macros,
//! encryption, external content other than plain hyperlinks, XML document type declarations
//! (the only way to declare entities, so no entity is ever expanded) and PDF JavaScript are
//! refused with a one-line reason (see `DocumentError::code`).

mod docx;
mod form;
mod inline;
mod odt;
mod pdf;
mod pdf_layout;
mod place;
mod xml;
mod zipped;

use crate::ErrorCode;
use serde::Serialize;
use thiserror::Error;

pub use form::{read_form, FormAnswer, FormDocument, FORM_MARK_PREFIX};
pub use inline::{escape, plain_of, Inline};
pub use place::{place_blocks, preview, PlacedBlock, Placement};

/// The largest document file accepted: 64 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;
/// The most blocks a document may have (a 500-page review has about 10,000).
pub const MAX_BLOCKS: usize = 200_000;
/// The most pages a PDF may have.
pub const MAX_PAGES: usize = 5_000;

/// The formats a document is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Word (Office Open XML, `.docx`).
    Docx,
    /// LibreOffice (OpenDocument Text, `.odt`).
    Odt,
    /// PDF with a text layer.
    Pdf,
}

impl Format {
    /// The name stored and shown: `docx`, `odt` or `pdf`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }
}

/// What a block of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading, with its level.
    Heading,
    /// A paragraph of text.
    Paragraph,
    /// A bulleted or numbered list (one block for consecutive items).
    List,
    /// A table.
    Table,
}

impl BlockKind {
    /// The name in the placement plan: `heading`, `paragraph`, `list` or `table`.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::List => "list",
            BlockKind::Table => "table",
        }
    }
}

/// One block of a document, in document order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    /// Its number, from 1, in document order.
    pub id: u32,
    /// What it is.
    pub kind: BlockKind,
    /// A heading's level (0 for a document title, 1 for a chapter); a list's deepest level.
    pub level: u8,
    /// Whether a heading was recognised from its look (a short bold line, a larger font)
    /// rather than from a heading style or outline level.
    pub inferred: bool,
    /// The block in the Markdown subset of answers: a heading's text, a paragraph, a list
    /// (`- item` or `1. item` lines), a table (a pipe table, the first row its header).
    pub markdown: String,
    /// The text without markup, for matching and previews.
    pub text: String,
    /// A table's cells, row by row, in the Markdown subset.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Vec<String>>,
    /// The page it starts on (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A document read into blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The format it was read from.
    pub format: Format,
    /// Its blocks, in document order.
    pub blocks: Vec<Block>,
    /// Its number of pages, when the format has pages.
    pub pages: Option<u32>,
    /// What the reader noticed and the user should know (a link made plain text, an image
    /// left out), one sentence each.
    pub notices: Vec<String>,
}

/// How far reading has come, for a progress indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// `pages` (PDF) or `paragraphs` (Word, LibreOffice).
    pub unit: &'static str,
    /// How many are done.
    pub done: u64,
    /// How many there are.
    pub total: u64,
}

/// Why a document was refused; nothing was read into the store.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// The file is larger than any review.
    #[error("the document is {size} bytes, more than the {max} a document may have")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Neither a .docx, an .odt nor a PDF.
    #[error("the file is not a Word (.docx), LibreOffice (.odt) or PDF document: {0}")]
    NotADocument(String),
    /// An old binary Word file.
    #[error("this is an old binary Word file (.doc): open it in Word or LibreOffice and save it as .docx or .odt first")]
    LegacyFormat,
    /// The document is encrypted or protected by a password.
    #[error("the document is encrypted or protected by a password: remove the protection in Word, LibreOffice or the PDF program, save it, and import that copy")]
    Encrypted,
    /// The document carries macros.
    #[error("the document contains macros ({0}), which are never opened here: save it without macros (as .docx or .odt) and import that copy")]
    Macros(String),
    /// The document refers to content outside itself.
    #[error("the document refers to content outside itself ({0}): save a copy with that content embedded or removed")]
    External(String),
    /// The document's XML declares a document type, the only way to declare entities.
    #[error("the document's XML declares a document type (DOCTYPE), which Word and LibreOffice never write: it may hide an entity expansion bomb, so it was not read")]
    XmlDoctype,
    /// The document's structure cannot be read.
    #[error("the document is damaged and cannot be read: {0}")]
    Malformed(String),
    /// A part inflates far beyond what a review holds.
    #[error(
        "the document inflates to more than {0} bytes (a decompression bomb), so it was not read"
    )]
    Bomb(u64),
    /// The zip holds more parts than any document.
    #[error("the document has {0} parts, more than any real document")]
    TooManyParts(usize),
    /// More blocks than any review.
    #[error("the document has more than {MAX_BLOCKS} paragraphs, lists and tables")]
    TooManyBlocks,
    /// More pages than any review.
    #[error("the PDF has {0} pages, more than the {MAX_PAGES} a document may have")]
    TooManyPages(usize),
    /// A PDF that runs JavaScript or launches programs.
    #[error("the PDF contains JavaScript or actions that launch programs ({0}): print it again to PDF without them, or import the Word or LibreOffice file")]
    PdfJavascript(String),
    /// A PDF whose pages are images (a scan): no text to import.
    #[error("the PDF has no text layer (a scanned document?): nothing can be imported without OCR; import the Word or LibreOffice file, or run OCR on it first")]
    NoText,
}

impl DocumentError {
    /// A stable code for the UI contract and the tests.
    pub fn code(&self) -> ErrorCode {
        match self {
            DocumentError::TooLarge { .. } => ErrorCode::TooLarge,
            DocumentError::NotADocument(_) => ErrorCode::NotADocument,
            DocumentError::LegacyFormat => ErrorCode::LegacyFormat,
            DocumentError::Encrypted => ErrorCode::Encrypted,
            DocumentError::Macros(_) => ErrorCode::Macros,
            DocumentError::External(_) => ErrorCode::ExternalContent,
            DocumentError::XmlDoctype => ErrorCode::XmlDoctype,
            DocumentError::Malformed(_) => ErrorCode::Malformed,
            DocumentError::Bomb(_) => ErrorCode::Bomb,
            DocumentError::TooManyParts(_) => ErrorCode::TooManyParts,
            DocumentError::TooManyBlocks => ErrorCode::TooManyBlocks,
            DocumentError::TooManyPages(_) => ErrorCode::TooManyPages,
            DocumentError::PdfJavascript(_) => ErrorCode::PdfJavascript,
            DocumentError::NoText => ErrorCode::NoText,
        }
    }
}

/// The OLE compound file signature: legacy .doc, or an encrypted Office document.
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads a document of any supported format, recognised by its content (not its name, except
/// that a `.docm` name is refused as macro-enabled); `progress` is called as pages or
/// paragraphs are read.
pub fn read_document(
    file_name: &str,
    bytes: &[u8],
    progress: &mut dyn FnMut(Progress),
) -> Result<Document, DocumentError> {
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
    let document = if bytes.starts_with(OLE_SIGNATURE) {
        return Err(if contains_utf16(bytes, "EncryptedPackage") {
            DocumentError::Encrypted
        } else {
            DocumentError::LegacyFormat
        });
    } else if bytes.starts_with(b"PK\x03\x04") {
        let archive = zipped::Archive::open(bytes)?;
        if archive.has("word/document.xml") {
            docx::read(&archive, progress)?
        } else if archive.has("content.xml") {
            odt::read(&archive, progress)?
        } else {
            return Err(DocumentError::NotADocument(
                "a zip archive that holds neither word/document.xml nor content.xml".into(),
            ));
        }
    } else if bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        pdf::read(bytes, progress)?
    } else {
        return Err(DocumentError::NotADocument(
            "its content is none of these formats".into(),
        ));
    };
    if document.blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(DocumentError::NoText);
    }
    Ok(document)
}

/// Whether `bytes` contain `text` in UTF-16LE (how OLE directory entries name streams).
fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// A paragraph as a reader found it, before it becomes a block.
#[derive(Debug, Default)]
struct Para {
    /// The inline content.
    inline: Inline,
    /// A declared heading level (style or outline level), 0 for a title.
    heading: Option<u8>,
    /// A list item: whether numbered, and its nesting level from 0.
    list: Option<(bool, u8)>,
}

/// Collects paragraphs and tables into blocks: consecutive list items become one list,
/// short bold lines become (inferred) headings, empty paragraphs vanish.
struct Builder {
    blocks: Vec<Block>,
    /// The list being filled: its items as (numbered, level, markdown, text).
    list: Vec<(bool, u8, String, String)>,
    list_page: Option<u32>,
    page: Option<u32>,
}

/// Words a line may have to count as a heading when it is only its look that says so.
const INFERRED_HEADING_WORDS: usize = 14;

impl Builder {
    fn new() -> Builder {
        Builder {
            blocks: Vec::new(),
            list: Vec::new(),
            list_page: None,
            page: None,
        }
    }

    fn push_block(&mut self, mut block: Block) -> Result<(), DocumentError> {
        if self.blocks.len() >= MAX_BLOCKS {
            return Err(DocumentError::TooManyBlocks);
        }
        block.id = self.blocks.len() as u32 + 1;
        self.blocks.push(block);
        Ok(())
    }

    /// A block of `kind` on the current page, its id given when it is pushed.
    fn block(&self, kind: BlockKind, markdown: String, text: String) -> Block {
        Block {
            id: 0,
            kind,
            level: 0,
            inferred: false,
            markdown,
            text,
            rows: Vec::new(),
            page: self.page,
        }
    }

    fn flush_list(&mut self) -> Result<(), DocumentError> {
        if self.list.is_empty() {
            return Ok(());
        }
        let items = std::mem::take(&mut self.list);
        let mut counters = [0u32; 10];
        let mut markdown = Vec::new();
        let mut text = Vec::new();
        let mut deepest = 0;
        for (numbered, level, md, plain) in &items {
            let level = (*level).min(9);
            deepest = deepest.max(level);
            counters[level as usize] += 1;
            for c in counters.iter_mut().skip(level as usize + 1) {
                *c = 0;
            }
            let indent = "   ".repeat(level as usize);
            let marker = if *numbered {
                format!("{}.", counters[level as usize])
            } else {
                "-".to_string()
            };
            markdown.push(format!("{indent}{marker} {md}"));
            text.push(plain.clone());
        }
        let mut block = self.block(BlockKind::List, markdown.join("\n"), text.join("\n"));
        block.level = deepest;
        block.page = self.list_page.take();
        self.push_block(block)
    }

    /// Adds a paragraph: a heading, a list item, or text.
    fn paragraph(&mut self, para: Para) -> Result<(), DocumentError> {
        let text = para.inline.plain();
        if text.trim().is_empty() {
            return Ok(());
        }
        if let Some((numbered, level)) = para.list.filter(|_| para.heading.is_none()) {
            // A bulleted list right after a numbered one (or the other way round) is another.
            if self
                .list
                .last()
                .is_some_and(|(n, l, ..)| *l == 0 && level == 0 && *n != numbered)
            {
                self.flush_list()?;
            }
            if self.list.is_empty() {
                self.list_page = self.page;
            }
            self.list
                .push((numbered, level, para.inline.markdown(), text.trim().into()));
            return Ok(());
        }
        self.flush_list()?;
        let text = text.trim().to_string();
        match para.heading {
            Some(level) => self.heading(level, false, text),
            None if looks_like_heading(&para.inline, &text) => {
                let level = numbering_level(&text).unwrap_or(9);
                self.heading(level, true, text)
            }
            None => {
                let block = self.block(BlockKind::Paragraph, para.inline.markdown(), text);
                self.push_block(block)
            }
        }
    }

    fn heading(&mut self, level: u8, inferred: bool, text: String) -> Result<(), DocumentError> {
        let markdown = inline::escape(&text);
        let mut block = self.block(BlockKind::Heading, markdown, text);
        block.level = level;
        block.inferred = inferred;
        self.push_block(block)
    }

    /// Adds a table; each cell is the inline content of its paragraphs.
    fn table(&mut self, rows: Vec<Vec<Inline>>) -> Result<(), DocumentError> {
        self.flush_list()?;
        let rows: Vec<Vec<Inline>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.plain().trim().is_empty()))
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells: Vec<String> = r
                    .iter()
                    .map(|c| c.markdown().replace('|', "\\|").replace('\n', " "))
                    .collect();
                cells.resize(width, String::new());
                cells
            })
            .collect();
        let text = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.plain().trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut markdown = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            markdown.push(format!("| {} |", row.join(" | ")));
            if i == 0 {
                markdown.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        let mut block = self.block(BlockKind::Table, markdown.join("\n"), text);
        block.rows = cells;
        self.push_block(block)
    }

    fn finish(mut self) -> Result<Vec<Block>, DocumentError> {
        self.flush_list()?;
        Ok(self.blocks)
    }
}

/// A line is a heading by its look alone when all its text is bold, it is short, and it does
/// not end as a sentence does.
fn looks_like_heading(inline: &Inline, text: &str) -> bool {
    inline.all_bold()
        && text.split_whitespace().count() <= INFERRED_HEADING_WORDS
        && !text.ends_with(['.', ';', ',', '。', '،', '؛'])
}

/// The level a section number gives a heading: `3` or `3.` is 1, `3.2` is 2, `3.2.1` is 3.
fn numbering_level(text: &str) -> Option<u8> {
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<&str> = number.split('.').filter(|p| !p.is_empty()).collect();
    let numbered = !parts.is_empty() && parts.iter().all(|p| p.len() <= 2);
    (numbered && text[number.len()..].starts_with([' ', '\t', ')']))
        .then_some(parts.len().min(9) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers_give_levels() {
        assert_eq!(numbering_level("3. Progress"), Some(1));
        assert_eq!(numbering_level("3.2 Data"), Some(2));
        assert_eq!(numbering_level("3.2.1 Data"), Some(3));
        assert_eq!(numbering_level("2020 was a year"), None);
        assert_eq!(numbering_level("Objective 3"), None);
    }
}
