"""Fills in a contribution request's Word form as an entity would, with python-docx: the
text of the content controls named by their tag is replaced, and controls can be deleted.

    fill_form.py IN.docx OUT.docx ANSWERS.json

ANSWERS.json: {"fill": {tag: [paragraph, ...]}, "delete": [tag, ...], "image": [tag, ...],
"rtl": bool}; "image" pastes a small picture into those controls, after their text. A
paragraph starting with "**" and ending with "**" is written bold; one starting with "- " as
an item of a bulleted list (with the numbering id "bullets" names). The answer's first,
empty paragraph, which holds its hidden bookmark, stays, as it does when a person types into
the box below it.
"""

import json
import os
import struct
import sys
import tempfile
import zlib

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from lxml import etree

NS = {"w": nsmap["w"]}


def xpath(element, path):
    return etree.XPath(path, namespaces=NS)(element)


def paragraph(text, rtl, bullets):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    if text.startswith("- ") and bullets is not None:
        numpr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        numid = OxmlElement("w:numId")
        numid.set(qn("w:val"), bullets)
        numpr.append(ilvl)
        numpr.append(numid)
        ppr.append(numpr)
        text = text[2:]
    if rtl:
        ppr.append(OxmlElement("w:bidi"))
    p.append(ppr)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    bold = text.startswith("**") and text.endswith("**") and len(text) > 4
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
        text = text[2:-2]
    if rtl:
        rpr.append(OxmlElement("w:rtl"))
    r.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    p.append(r)
    return p


def png(path):
    """Writes a 16x16 red PNG to `path`."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * 16 for _ in range(16))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows)))
        f.write(chunk(b"IEND", b""))


def picture(document):
    """A paragraph holding a small picture, taken out of the body to be placed elsewhere."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "chart.png")
        png(path)
        p = document.add_paragraph()
        p.add_run().add_picture(path)
    p._p.getparent().remove(p._p)
    return p._p


def main():
    source, target, answers_path = sys.argv[1:4]
    with open(answers_path, encoding="utf-8") as f:
        answers = json.load(f)
    document = docx.Document(source)
    body = document.element.body
    rtl = answers.get("rtl", False)
    bullets = answers.get("bullets")
    seen = set()
    for sdt in xpath(body, ".//w:sdt"):
        tags = xpath(sdt, "./w:sdtPr/w:tag/@w:val")
        if not tags:
            continue
        tag = tags[0]
        if tag in answers.get("delete", []):
            sdt.getparent().remove(sdt)
            seen.add(tag)
            continue
        if tag not in answers.get("fill", {}):
            continue
        seen.add(tag)
        content = xpath(sdt, "./w:sdtContent")[0]
        # The first paragraph holds the answer's mark: the text goes after it, as a person
        # typing in the box writes it.
        for child in list(content)[1:]:
            content.remove(child)
        for text in answers["fill"][tag]:
            content.append(paragraph(text, rtl, bullets))
        if tag in answers.get("image", []):
            content.append(picture(document))
    missing = (set(answers.get("fill", {})) | set(answers.get("delete", []))) - seen
    if missing:
        sys.exit("no content control tagged " + ", ".join(sorted(missing)))
    document.save(target)


main()
