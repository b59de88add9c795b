//! Hostile documents are refused with a stable code and a one-line reason, by the proposal and
//! by applying a plan, and the store is unchanged: macros, encryption, external content, XML
//! entity declarations, zip bombs, PDF JavaScript, a PDF without text, and what is no document.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod documents;

use std::io::{Cursor, Read, Write};

use gcm_review::desk::{PlacementPlan, PLAN_FORMAT};
use gcm_review::Desk;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use zip::write::SimpleFileOptions;

/// What the store holds: every review, its History and the documents kept with it.
fn snapshot(desk: &Desk) -> Value {
    json!(desk
        .list(false)
        .unwrap()
        .iter()
        .map(|r| json!({
            "review": serde_json::to_value(r).unwrap(),
            "history": serde_json::to_value(desk.history(&r.id).unwrap()).unwrap(),
            "documents": serde_json::to_value(desk.source_documents(&r.id).unwrap()).unwrap(),
        }))
        .collect::<Vec<_>>())
}

/// A desk with one review imported from a document already.
fn desk_with_a_review(dir: &TempDir) -> Desk {
    let mut desk = Desk::open(dir.path()).unwrap();
    let (name, bytes) = documents::review("en", "docx");
    let proposal = desk
        .propose_document(&name, &bytes, "KEN", "IMRF 2026", None, &mut |_| {})
        .unwrap();
    desk.apply_document(&name, &bytes, &proposal.plan).unwrap();
    desk
}

/// Asserts that `bytes` named `name` is refused with `code`, by the proposal and by a plan,
/// and that nothing changed.
fn refused(desk: &mut Desk, name: &str, bytes: &[u8], code: &str) {
    let before = snapshot(desk);
    let err = desk
        .propose_document(name, bytes, "KEN", "IMRF 2026", None, &mut |_| {})
        .unwrap_err();
    assert_eq!(err.code(), code, "{name}: {err}");
    let message = err.to_string();
    assert!(
        !message.contains('\n') && message.len() < 400,
        "{name}: {message}"
    );
    let plan = PlacementPlan {
        format: PLAN_FORMAT.into(),
        file: name.into(),
        sha256: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        member_state: "KEN".into(),
        cycle: "IMRF 2026".into(),
        language: "en".into(),
        into: None,
        blocks: Vec::new(),
    };
    let err = desk.apply_document(name, bytes, &plan).unwrap_err();
    assert_eq!(err.code(), code, "{name}, applied: {err}");
    assert_eq!(snapshot(desk), before, "{name} changed the store");
}

/// The members of a zip, in order.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut member = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            member.read_to_end(&mut content).unwrap();
            (member.name().to_string(), content)
        })
        .collect()
}

/// A zip of `members`, deflated.
fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in members {
        out.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The English review with one member changed (or added) by `edit`.
fn edited(ext: &str, edit: impl Fn(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let (_, bytes) = documents::review("en", ext);
    let mut parts = members(&bytes);
    edit(&mut parts);
    zip_of(&parts)
}

fn replace(parts: &mut [(String, Vec<u8>)], name: &str, from: &str, to: &str) {
    let part = parts.iter_mut().find(|(n, _)| n == name).unwrap();
    let text = String::from_utf8(part.1.clone()).unwrap();
    assert!(text.contains(from), "{name} has no {from}");
    part.1 = text.replacen(from, to, 1).into_bytes();
}

#[test]
fn macros_are_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    let with_vba = edited("docx", |p| {
        p.push((
            "word/vbaProject.bin".into(),
            b"\xD0\xCF\x11\xE0macro".to_vec(),
        ))
    });
    refused(&mut desk, "review.docx", &with_vba, "macros");
    let (_, plain) = documents::review("en", "docx");
    refused(&mut desk, "review.docm", &plain, "macros");
    let macro_type = edited("docx", |p| {
        replace(
            p,
            "[Content_Types].xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    });
    refused(&mut desk, "review.docx", &macro_type, "macros");
    let basic = edited("odt", |p| {
        p.push(("Basic/Standard/Module1.xml".into(), b"<script/>".to_vec()))
    });
    refused(&mut desk, "review.odt", &basic, "macros");
}

#[test]
fn encrypted_documents_are_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    // A password-protected Word file is an OLE compound file holding an EncryptedPackage.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend(std::iter::repeat_n(0u8, 512));
    ole.extend(
        "EncryptionInfo\0EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    refused(&mut desk, "secret.docx", &ole, "encrypted");
    let odt = edited("odt", |p| {
        replace(
            p,
            "META-INF/manifest.xml",
            "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>",
            "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"><manifest:encryption-data manifest:checksum-type=\"SHA1\" manifest:checksum=\"x\"/></manifest:file-entry>",
        )
    });
    refused(&mut desk, "secret.odt", &odt, "encrypted");
    // A PDF protected by LibreOffice with a password.
    let pdf = protected_pdf();
    refused(&mut desk, "secret.pdf", &pdf, "encrypted");
}

/// The English review exported by LibreOffice as a PDF that needs a password to open.
fn protected_pdf() -> Vec<u8> {
    let dir = TempDir::new().unwrap();
    let source = documents::reviews().join("review-en.docx");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let filter = r#"pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}"#;
    let out = std::process::Command::new("soffice")
        .env("HOME", &home)
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(dir.path())
        .arg(&source)
        .output()
        .expect("soffice is needed (make test installs it)");
    assert!(out.status.success());
    let pdf = std::fs::read(dir.path().join("review-en.pdf")).unwrap();
    assert!(
        pdf.windows(8).any(|w| w == b"/Encrypt"),
        "LibreOffice did not encrypt the PDF"
    );
    pdf
}

#[test]
fn external_content_other_than_hyperlinks_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    let template = edited("docx", |p| {
        replace(
            p,
            "word/_rels/document.xml.rels",
            "</Relationships>",
            "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"file:///C:/evil.dotm\" TargetMode=\"External\"/></Relationships>",
        )
    });
    refused(&mut desk, "review.docx", &template, "external_content");
    let image = edited("odt", |p| {
        replace(
            p,
            "content.xml",
            "<text:h ",
            "<draw:frame><draw:image xlink:href=\"https://tracker.example/x.png\"/></draw:frame><text:h ",
        )
    });
    refused(&mut desk, "review.odt", &image, "external_content");
}

#[test]
fn xml_entity_declarations_are_refused_and_never_expanded() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    let lol = "<!DOCTYPE w:document [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>";
    let bomb = edited("docx", |p| {
        replace(
            p,
            "word/document.xml",
            "<w:document ",
            &format!("{lol}<w:document "),
        );
        replace(p, "word/document.xml", "Methodology of the review", "&c;");
    });
    refused(&mut desk, "review.docx", &bomb, "xml_doctype");
    let external = edited("odt", |p| {
        replace(
            p,
            "content.xml",
            "<office:document-content ",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><office:document-content ",
        );
    });
    refused(&mut desk, "review.odt", &external, "xml_doctype");
    let undeclared = edited("docx", |p| {
        replace(p, "word/document.xml", "Methodology of the review", "&e;")
    });
    refused(&mut desk, "review.docx", &undeclared, "malformed");
}

#[test]
fn zip_bombs_are_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    // 80 MiB of zeros deflate to about 80 KiB.
    let bomb = edited("docx", |p| {
        p.push(("word/media/zeros.bin".into(), vec![0u8; 80 * 1024 * 1024]))
    });
    assert!(bomb.len() < 1024 * 1024);
    refused(&mut desk, "review.docx", &bomb, "bomb");
    let big = edited("docx", |p| {
        let part = p
            .iter_mut()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap();
        let padding = " ".repeat(70 * 1024 * 1024);
        part.1 = String::from_utf8(part.1.clone())
            .unwrap()
            .replacen("<w:body>", &format!("<w:body>{padding}"), 1)
            .into_bytes();
    });
    refused(&mut desk, "review.docx", &big, "bomb");
    let many: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("p{i}.xml"), Vec::new()))
        .collect();
    refused(&mut desk, "many.docx", &zip_of(&many), "too_many_parts");
}

/// A one-page PDF with `content` as its page's content and `extra` in its catalog.
fn pdf(content: &str, extra: &str) -> Vec<u8> {
    let objects = [
        format!("<< /Type /Catalog /Pages 2 0 R {extra} >>"),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn pdf_javascript_and_pdfs_without_text_are_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    let text = "BT /F1 12 Tf 72 700 Td (Methodology of the review) Tj ET";
    // The hand-made PDF reads when it is harmless.
    let plain = pdf(text, "");
    let proposal = desk
        .propose_document("plain.pdf", &plain, "KEN", "IMRF 2026", None, &mut |_| {})
        .unwrap();
    assert_eq!(proposal.plan.blocks.len(), 1);
    let js = pdf(
        text,
        "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
    );
    refused(&mut desk, "script.pdf", &js, "pdf_javascript");
    let names = pdf(
        text,
        "/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (1) >>] >> >>",
    );
    refused(&mut desk, "names.pdf", &names, "pdf_javascript");
    let launch = pdf(text, "/OpenAction << /S /Launch /F (calc.exe) >>");
    refused(&mut desk, "launch.pdf", &launch, "pdf_javascript");
    // A scan: the page only paints (here a rectangle, as an image would be).
    let scan = pdf("0 0 1 rg 72 72 400 600 re f", "");
    refused(&mut desk, "scan.pdf", &scan, "no_text");
}

#[test]
fn what_is_no_document_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut desk = desk_with_a_review(&dir);
    refused(
        &mut desk,
        "notes.txt",
        b"Methodology of the review\nWe met.",
        "not_a_document",
    );
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend(std::iter::repeat_n(0u8, 1024));
    refused(&mut desk, "old.doc", &doc, "legacy_format");
    let other_zip = zip_of(&[("readme.txt".into(), b"hello".to_vec())]);
    refused(&mut desk, "archive.docx", &other_zip, "not_a_document");
    refused(
        &mut desk,
        "broken.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog",
        "malformed",
    );
    let empty = edited("docx", |p| {
        let part = p
            .iter_mut()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap();
        let text = String::from_utf8(part.1.clone()).unwrap();
        let start = text.find("<w:body>").unwrap() + "<w:body>".len();
        let end = text.find("</w:body>").unwrap();
        part.1 = format!("{}{}", &text[..start], &text[end..]).into_bytes();
    });
    refused(&mut desk, "empty.docx", &empty, "no_text");
    let huge = vec![b' '; gcm_review::document::MAX_DOCUMENT_BYTES + 1];
    refused(&mut desk, "huge.pdf", &huge, "too_large");
}
