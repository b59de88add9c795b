//! XML parts read with quick-xml, which never expands entities: a document type declaration
//! (the only place entities can be declared) is refused outright, and a reference to any
//! entity other than the five predefined ones and character references is malformed. So an
//! entity expansion bomb ("billion laughs") or an external entity cannot be expressed.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::DocumentError;

/// An element's start, with its local name and attributes (qualified names, unescaped).
#[derive(Debug, Clone)]
pub(super) struct Element {
    /// The local name (`p` for `w:p`).
    pub name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    /// The value of the attribute with this local name (`val` finds `w:val`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(name, _)| name.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }

    /// The value of the attribute with exactly this qualified name.
    pub fn qattr(&self, qualified: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(name, _)| name == qualified)
            .map(|(_, v)| v.as_str())
    }
}

/// What the reader meets, simplified.
#[derive(Debug)]
pub(super) enum Node {
    /// `<x ...>`
    Start(Element),
    /// `<x .../>`
    Empty(Element),
    /// `</x>`, by local name.
    End(String),
    /// Text, references resolved.
    Text(String),
}

/// Reads the nodes of an XML part.
pub(super) struct Nodes<'a> {
    reader: Reader<&'a [u8]>,
}

fn malformed(part: &str, e: impl std::fmt::Display) -> DocumentError {
    DocumentError::Malformed(format!("{part}: {e}"))
}

fn element(part: &str, e: &BytesStart<'_>) -> Result<Element, DocumentError> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| malformed(part, e))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| malformed(part, e))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs })
}

impl<'a> Nodes<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Nodes<'a> {
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().check_end_names = true;
        Nodes { reader }
    }

    /// The next node, or None at the end; `part` names the part in errors.
    pub fn next(&mut self, part: &str) -> Result<Option<Node>, DocumentError> {
        loop {
            let event = self.reader.read_event().map_err(|e| malformed(part, e))?;
            return Ok(Some(match event {
                Event::Start(e) => Node::Start(element(part, &e)?),
                Event::Empty(e) => Node::Empty(element(part, &e)?),
                Event::End(e) => Node::End(e.local_name().as_ref().to_string()),
                Event::Text(t) => Node::Text(t.xml10_content().into_owned()),
                Event::CData(t) => Node::Text(t.xml10_content().into_owned()),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| malformed(part, e))? {
                        Node::Text(c.to_string())
                    } else {
                        let text = match &*r {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            other => {
                                return Err(malformed(
                                    part,
                                    format!("it refers to the undeclared entity &{other};"),
                                ))
                            }
                        };
                        Node::Text(text.to_string())
                    }
                }
                Event::DocType(_) => return Err(DocumentError::XmlDoctype),
                Event::Eof => return Ok(None),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            }));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_never_expanded() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>"#;
        let mut nodes = Nodes::new(bomb);
        let err = loop {
            match nodes.next("t") {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("read to the end"),
                Err(e) => break e,
            }
        };
        assert_eq!(err.code(), "xml_doctype");
        let mut nodes = Nodes::new(b"<r>&b;</r>");
        nodes.next("t").unwrap();
        assert_eq!(nodes.next("t").unwrap_err().code(), "malformed");
        let mut nodes = Nodes::new(b"<r>a&amp;&#x42;</r>");
        let mut text = String::new();
        while let Some(node) = nodes.next("t").unwrap() {
            if let Node::Text(t) = node {
                text.push_str(&t);
            }
        }
        assert_eq!(text, "a&B");
    }
}
