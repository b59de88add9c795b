//! Contributions in Word: a contribution request written as a `.docx` form, opened by a real
//! office suite (LibreOffice headless, its text checked with poppler's `pdftotext`), filled in
//! with python-docx and saved again by LibreOffice, then read back into the right fields and
//! merged as a response from the app is; every bad document refused with the store unchanged.
//! The tools are installed by `make test` (scripts/deps.sh): a missing one fails the tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod documents;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::contrib::{desk, signer, store_dump};
use gcm_review::contrib::{form_text, read_answers};
use gcm_review::desk::{MergeDecision, NewContributor, RequestOptions};
use gcm_review::document::read_form;
use gcm_review::store::RevisionKind;
use gcm_review::{Desk, NewReview, Values};
use serde_json::{json, Value};
use tempfile::TempDir;

/// The fields assigned to the Ministry of Labour.
const ASSIGNED: [&str; 2] = ["objectives.6", "annexes.stakeholders"];
const MEASURES: &str = "objectives.6.measures";
const CHALLENGES: &str = "objectives.6.challenges";
const DATA: &str = "objectives.6.data";
const STAKEHOLDERS: &str = "annexes.stakeholders";

/// A coordinator's machine with a review in `language`, answers in it, and the Ministry of
/// Labour assigned objective 6 and the stakeholders table.
struct Coordinator {
    dir: TempDir,
    desk: Desk,
    review: String,
    entity: String,
}

/// The answers the review starts with, in its language: the merge base.
fn answers(language: &str) -> Value {
    match language {
        "ar" => json!({
            MEASURES: "اتفاقات عمل ثنائية مع **شريكين**:\n\n- قطر\n- ألمانيا",
            DATA: "سجلات إدارية.",
            "methodology.process": "شاركت اللجنة الوطنية المعنية بالهجرة في إعداد الاستعراض.",
            STAKEHOLDERS: [{"name": "منظمة العمل الدولية", "category": "trade_unions", "how_consulted": "اجتماعات"}],
        }),
        "zh" => json!({
            MEASURES: "与两个伙伴签订了**双边劳务协议**。\n\n- 卡塔尔\n- 德国",
            "methodology.process": "国家移民委员会起草了审查报告。",
        }),
        "ru" => json!({
            MEASURES: "Заключены *двусторонние* соглашения о трудовой миграции.\n\n- Катар\n- Германия",
            "methodology.process": "Национальный комитет по миграции подготовил обзор.",
        }),
        _ => json!({
            MEASURES: "Bilateral labour agreements with **two** partners, *signed in 2024*:\n\n- Qatar\n- Germany\n\n1. First review\n2. Second review\n\n| Partner | Year |\n| --- | --- |\n| Qatar | 2024 |",
            DATA: "Administrative records.",
            "methodology.process": "The national migration committee drafted the review.",
            STAKEHOLDERS: [{"name": "ILO", "category": "trade_unions", "how_consulted": "Meetings", "date": "2025-03-01"}],
        }),
    }
}

impl Coordinator {
    fn new(language: &str) -> Coordinator {
        let dir = TempDir::new().unwrap();
        let mut desk = desk(dir.path());
        desk.set_signer(&signer(
            "Amina Otieno",
            "Ministry of Foreign Affairs",
            "amina@example.go.ke",
        ))
        .unwrap();
        let review = desk
            .create(NewReview {
                member_state: if language == "ar" { "JOR" } else { "KEN" }.into(),
                cycle: "IMRF 2026".into(),
                language: language.into(),
            })
            .unwrap()
            .id;
        let head = desk.open_review(&review).unwrap().version;
        let changes: Values = serde_json::from_value(answers(language)).unwrap();
        desk.save(&review, head, changes).unwrap();
        let entity = desk
            .add_contributor(
                &review,
                &NewContributor {
                    name: "Ministry of Labour".into(),
                    ministry: String::new(),
                    email: "labour@example.go.ke".into(),
                },
            )
            .unwrap()
            .id;
        let selectors: Vec<String> = ASSIGNED.iter().map(|s| s.to_string()).collect();
        desk.assign(&review, &entity, &selectors).unwrap();
        Coordinator {
            dir,
            desk,
            review,
            entity,
        }
    }

    /// The Word form of a request to the Ministry of Labour, recorded as written.
    fn form(&mut self) -> Vec<u8> {
        let export = self
            .desk
            .request_form(
                &self.review,
                &self.entity,
                &RequestOptions {
                    due: Some("2099-06-30".into()),
                    instructions: "Please update objective 6.".into(),
                },
            )
            .unwrap();
        assert!(export.file_name.ends_with(".docx"), "{}", export.file_name);
        self.desk.record_request(&export).unwrap();
        export.bytes
    }

    fn store(&self) -> Value {
        store_dump(self.dir.path())
    }
}

/// A part of a .docx, as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The form's markup: a content control per assigned field, tagged with its path and titled
/// with its question; the questions locked; the fonts named; right to left in Arabic.
fn check_markup(language: &str, docx: &[u8], desk: &Desk) {
    let document = part(docx, "word/document.xml");
    for path in [MEASURES, CHALLENGES, DATA, STAKEHOLDERS] {
        let question = desk
            .template()
            .field(path)
            .unwrap()
            .field
            .label
            .get(language);
        let props = format!("<w:alias w:val=\"{question}\" /><w:tag w:val=\"{path}\" />");
        assert!(
            document.contains(&props),
            "{language}: no control for {path}"
        );
    }
    assert!(document.contains("<w:lock w:val=\"sdtContentLocked\" />"));
    let styles = part(docx, "word/styles.xml");
    for font in ["Noto Sans", "Noto Sans CJK SC", "Noto Naskh Arabic"] {
        assert!(styles.contains(&format!("\"{font}\"")), "{font} is named");
    }
    let rtl = ["<w:bidi />", "<w:rtl />", "<w:bidiVisual />"];
    for mark in rtl {
        assert_eq!(
            document.contains(mark),
            language == "ar",
            "{language}: {mark}"
        );
    }
    let custom = part(docx, "docProps/custom.xml");
    assert!(custom.contains("gcm-contribution-form/1"), "{custom}");
}

/// A folder for this test's files.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("contrib-docx-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Converts `files` to `format` into `out` with LibreOffice headless on a private profile.
fn soffice(out: &Path, format: &str, files: &[PathBuf]) {
    std::fs::create_dir_all(out).unwrap();
    let profile = out.join("lo-profile");
    let output = Command::new("soffice")
        .env("HOME", out.join("lo-home"))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_str().unwrap()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice is needed (apt-get install libreoffice-writer-nogui; make test does)");
    assert!(
        output.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    for f in files {
        let converted = out.join(f.with_extension(format).file_name().unwrap());
        assert!(converted.exists(), "soffice did not write {converted:?}");
    }
}

/// Arabic text as pdftotext gives it back: it extracts the lam-alef ligature with its two
/// letters the other way round (alef first).
fn as_extracted(text: &str) -> String {
    let mut out = text.to_string();
    for alef in ['ا', 'أ', 'إ', 'آ'] {
        out = out.replace(&format!("ل{alef}"), &format!("{alef}ل"));
    }
    out
}

/// The text of a PDF by poppler's pdftotext, whitespace and bidi controls collapsed.
fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed (apt-get install poppler-utils; make test does)");
    assert!(output.status.success(), "pdftotext failed");
    collapse(&String::from_utf8(output.stdout).unwrap())
}

fn collapse(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_alphanumeric() || c == '@' { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills `form` in with python-docx (tests/documents/fill_form.py): `answers` as the script
/// takes them; the filled document's path.
fn fill(dir: &Path, form: &[u8], answers: Value) -> PathBuf {
    let source = dir.join("form.docx");
    std::fs::write(&source, form).unwrap();
    let spec = dir.join("answers.json");
    std::fs::write(&spec, answers.to_string()).unwrap();
    let target = dir.join("filled.docx");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents/fill_form.py");
    let output = Command::new(documents::python())
        .arg(script)
        .arg(&source)
        .arg(&target)
        .arg(&spec)
        .output()
        .expect("python3 is needed");
    assert!(
        output.status.success(),
        "fill_form.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    target
}

#[test]
fn the_form_opens_in_libreoffice_with_all_its_text_arabic_included() {
    let dir = folder("pdf");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for language in ["en", "ar", "zh", "ru"] {
        let mut c = Coordinator::new(language);
        let bytes = c.form();
        check_markup(language, &bytes, &c.desk);
        let path = dir.join(format!("form-{language}.docx"));
        std::fs::write(&path, &bytes).unwrap();
        files.push(path);
        let t = form_text(language);
        let template = c.desk.template();
        let question = template.field(MEASURES).unwrap().field.label.get(language);
        let mut want = vec![
            t.title.to_string(),
            t.how_heading.to_string(),
            t.how[0].to_string(),
            t.context_heading.to_string(),
            question.to_string(),
            "Amina Otieno".to_string(),
        ];
        want.extend(match language {
            "ar" => vec![
                "اتفاقات عمل ثنائية مع شريكين".to_string(),
                "قطر".to_string(),
                "منظمة العمل الدولية".to_string(),
                "شاركت اللجنة الوطنية المعنية بالهجرة".to_string(),
                "الأردن".to_string(),
            ],
            "zh" => vec![
                "与两个伙伴签订了双边劳务协议。".to_string(),
                "卡塔尔".to_string(),
                "国家移民委员会起草了审查报告。".to_string(),
            ],
            "ru" => vec![
                "Заключены двусторонние соглашения о трудовой миграции.".to_string(),
                "Германия".to_string(),
                "Национальный комитет по миграции подготовил обзор.".to_string(),
            ],
            _ => vec![
                "2099-06-30".to_string(),
                "Bilateral labour agreements with two partners, signed in 2024".to_string(),
                "Germany".to_string(),
                "First review".to_string(),
                "Qatar 2024".to_string(),
                "ILO".to_string(),
                "The national migration committee drafted the review.".to_string(),
                "Kenya".to_string(),
            ],
        });
        expected.push(want);
    }
    soffice(&dir, "pdf", &files);
    for (file, want) in files.iter().zip(&expected) {
        let text = pdf_text(&file.with_extension("pdf"));
        for phrase in want {
            assert!(
                text.contains(&collapse(&as_extracted(phrase))),
                "{file:?}: \"{phrase}\" is not in the PDF's text:\n{text}"
            );
        }
    }
    // One page of each, rendered, to look at.
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for (language, file) in ["en", "ar", "zh", "ru"].iter().zip(&files) {
        for page in ["1", "2"] {
            let status = Command::new("pdftoppm")
                .args(["-png", "-r", "70", "-f", page, "-l", page, "-singlefile"])
                .arg(file.with_extension("pdf"))
                .arg(artifacts.join(format!("contrib-form-{language}-page{page}")))
                .status()
                .expect("pdftoppm is needed (poppler-utils)");
            assert!(status.success());
        }
    }
}

#[test]
fn an_untouched_form_reads_back_as_the_answers_it_carries() {
    for language in ["en", "ar"] {
        let mut c = Coordinator::new(language);
        let bytes = c.form();
        let form = read_form("form.docx", &bytes).unwrap();
        let assigned: Vec<String> = c
            .desk
            .contributor(&c.review, &c.entity)
            .unwrap()
            .fields
            .clone();
        let answers = read_answers(&form, c.desk.template(), &assigned).unwrap();
        assert_eq!(answers.read_by, "tags");
        assert_eq!(answers.review, c.review);
        let stored = c.desk.open_review(&c.review).unwrap().values;
        for path in answers_of(language).as_object().unwrap().keys() {
            assert_eq!(
                answers.values.get(path),
                stored.get(path),
                "{language} {path}"
            );
        }
        assert!(answers.missing.is_empty(), "{:?}", answers.missing);
        assert!(answers.not_taken.is_empty(), "{:?}", answers.not_taken);
        // Merged untouched, it changes nothing.
        let preview = c
            .desk
            .form_merge_preview(&c.review, "form.docx", &bytes)
            .unwrap();
        assert!(preview.merge.taken.is_empty(), "{:?}", preview.merge.taken);
        assert!(preview.merge.conflicts.is_empty());
    }
}

/// The assigned answers of [`answers`].
fn answers_of(language: &str) -> Value {
    let mut all = answers(language);
    all.as_object_mut().unwrap().remove("methodology.process");
    all
}

/// What an entity writes, in the review's language.
fn filled(language: &str) -> (Value, Value, Value) {
    match language {
        "ar" => (
            json!({
                "fill": {
                    CHALLENGES: ["**نقص البيانات**", "يصعب تتبع العمال العائدين."],
                },
                "delete": [DATA],
                "rtl": true,
            }),
            json!("**نقص البيانات**\n\nيصعب تتبع العمال العائدين."),
            json!("سجلات إدارية."),
        ),
        _ => (
            json!({
                "fill": {
                    CHALLENGES: ["**Data gaps**", "Returning workers are hard to follow."],
                },
                "delete": [DATA],
            }),
            json!("**Data gaps**\n\nReturning workers are hard to follow."),
            json!("Administrative records."),
        ),
    }
}

#[test]
fn a_form_filled_in_and_saved_again_by_libreoffice_is_read_into_the_right_fields() {
    for language in ["en", "ar"] {
        let dir = folder(&format!("fill-{language}"));
        let mut c = Coordinator::new(language);
        let form = c.form();
        let (spec, challenges, data) = filled(language);
        let python = fill(&dir, &form, spec);
        soffice(&dir.join("resaved"), "docx", std::slice::from_ref(&python));
        let resaved = std::fs::read(dir.join("resaved/filled.docx")).unwrap();
        let python = std::fs::read(python).unwrap();

        // As Word keeps it (python-docx kept the tags), and as LibreOffice saved it again.
        for (bytes, read_by) in [(&python, "tags"), (&resaved, "bookmarks")] {
            let preview = c
                .desk
                .form_merge_preview(&c.review, "filled.docx", bytes)
                .unwrap();
            assert_eq!(preview.read_by, read_by, "{language}");
            assert_eq!(preview.merge.taken, [CHALLENGES], "{language} {read_by}");
            let field = preview
                .merge
                .fields
                .iter()
                .find(|f| f.path == CHALLENGES)
                .unwrap();
            assert_eq!(
                field.theirs.as_ref(),
                Some(&challenges),
                "{language} {read_by}"
            );
            assert_eq!(
                preview.no_answer,
                [DATA],
                "the deleted control: no answer given"
            );
            assert!(preview.not_taken.is_empty(), "{:?}", preview.not_taken);
            assert!(preview.merge.conflicts.is_empty());
            assert!(
                preview
                    .merge
                    .provenance
                    .as_deref()
                    .unwrap()
                    .starts_with("Word document from Ministry of Labour, received 20"),
                "{:?}",
                preview.merge.provenance
            );
        }

        let head = c.desk.open_review(&c.review).unwrap().version;
        let outcome = c
            .desk
            .form_merge(
                &c.review,
                "filled.docx",
                &resaved,
                &MergeDecision {
                    head,
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(outcome.taken, [CHALLENGES]);
        let now = c.desk.open_review(&c.review).unwrap().values;
        assert_eq!(now[CHALLENGES], challenges);
        assert_eq!(
            now[DATA], data,
            "a deleted control does not clear the answer"
        );
        let newest = &c.desk.history(&c.review).unwrap()[0];
        match &newest.kind {
            RevisionKind::Merge {
                entity, provenance, ..
            } => {
                assert_eq!(entity, "Ministry of Labour");
                assert!(provenance
                    .as_deref()
                    .unwrap()
                    .starts_with("Word document from Ministry of Labour, received"));
            }
            other => panic!("{other:?}"),
        }
        // The same document again: merged before.
        let again = c
            .desk
            .form_merge(
                &c.review,
                "filled.docx",
                &resaved,
                &MergeDecision {
                    head: newest.number,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(again.code().as_str(), "already_imported");
    }
}

/// `bytes` (a zip) with each part passed through `edit` (None drops it) and `extra` added.
fn rezip(
    bytes: &[u8],
    mut edit: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).unwrap();
        if let Some(content) = edit(&name, content) {
            out.start_file(name, options).unwrap();
            out.write_all(&content).unwrap();
        }
    }
    for (name, content) in extra {
        out.start_file(*name, options).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `bytes` with `from` replaced by `to` in the part `part`.
fn replace_in(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    rezip(
        bytes,
        |name, content| {
            if name != part {
                return Some(content);
            }
            let text = String::from_utf8(content).unwrap();
            assert!(text.contains(from), "{part} has no {from}");
            Some(text.replacen(from, to, 1).into_bytes())
        },
        &[],
    )
}

#[test]
fn bad_documents_are_refused_with_the_store_unchanged() {
    let dir = folder("bad");
    let mut c = Coordinator::new("en");
    let form = c.form();
    let no_controls = std::fs::read(fill(
        &dir,
        &form,
        json!({ "delete": c.desk.contributor(&c.review, &c.entity).unwrap().fields }),
    ))
    .unwrap();
    let bomb_xml = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        ("a .docm name", "filled.docm", form.clone(), "macros"),
        (
            "a VBA project",
            "filled.docx",
            rezip(
                &form,
                |_, c| Some(c),
                &[("word/vbaProject.bin", vec![0; 64])],
            ),
            "macros",
        ),
        (
            "a macro-enabled content type",
            "filled.docx",
            replace_in(
                &form,
                "[Content_Types].xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
            "macros",
        ),
        (
            "an external relationship",
            "filled.docx",
            replace_in(
                &form,
                "word/_rels/document.xml.rels",
                "</Relationships>",
                r#"<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="https://example.org/pixel.png" TargetMode="External"/></Relationships>"#,
            ),
            "external_content",
        ),
        (
            "no matching content controls",
            "filled.docx",
            no_controls,
            "not_a_contribution",
        ),
        (
            "a tag for a field not assigned",
            "filled.docx",
            replace_in(
                &form,
                "word/document.xml",
                &format!("<w:tag w:val=\"{CHALLENGES}\" />"),
                "<w:tag w:val=\"means.partnerships\" />",
            ),
            "not_assigned",
        ),
        (
            "another review",
            "filled.docx",
            replace_in(
                &form,
                "docProps/custom.xml",
                &c.review,
                "00000000-0000-4000-8000-000000000000",
            ),
            "wrong_review",
        ),
        (
            "a zip bomb",
            "filled.docx",
            rezip(
                &form,
                |_, c| Some(c),
                &[("word/media/zeros.bin", vec![0; 70 * 1024 * 1024])],
            ),
            "bomb",
        ),
        (
            "an XML bomb",
            "filled.docx",
            rezip(
                &form,
                |name, c| {
                    Some(if name == "word/document.xml" {
                        bomb_xml.into()
                    } else {
                        c
                    })
                },
                &[],
            ),
            "xml_doctype",
        ),
        (
            "broken XML",
            "filled.docx",
            rezip(
                &form,
                |name, c| {
                    Some(if name == "word/document.xml" {
                        c[..c.len() / 2].to_vec()
                    } else {
                        c
                    })
                },
                &[],
            ),
            "malformed",
        ),
        (
            "not a document",
            "filled.docx",
            b"hello".to_vec(),
            "not_a_document",
        ),
    ];
    let before = c.store();
    for (what, name, bytes, code) in cases {
        let err = c
            .desk
            .form_merge_preview(&c.review, name, &bytes)
            .unwrap_err();
        assert_eq!(err.code().as_str(), code, "{what}: {err}");
        let message = err.to_string();
        assert!(!message.contains('\n'), "{what}: one line: {message}");
        let err = c
            .desk
            .form_merge(&c.review, name, &bytes, &MergeDecision::default())
            .unwrap_err();
        assert_eq!(err.code().as_str(), code, "{what}: {err}");
        assert_eq!(c.store(), before, "{what}: the store is unchanged");
    }
}

#[test]
fn images_comments_and_tracked_changes_are_listed_as_not_taken() {
    let mut c = Coordinator::new("en");
    let form = c.form();
    // Typed into the challenges box in Word: text with a tracked insertion and deletion not
    // accepted and a comment, a bulleted list in bold and italic (numbering 21 is the form's
    // first list, a bulleted one), and an image.
    let typed = r#"<w:p><w:r><w:t xml:space="preserve">Kept text. </w:t></w:r><w:ins w:id="901" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Inserted, not accepted. </w:t></w:r></w:ins><w:del w:id="902" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">Deleted, not accepted.</w:delText></w:r></w:del><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> Commented.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="21"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Bold item</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="21"/></w:numPr></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t>Italic item</w:t></w:r></w:p><w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Picture 1"/></wp:inline></w:drawing></w:r></w:p>"#;
    let edited = rezip(
        &form,
        |name, content| {
            if name != "word/document.xml" {
                return Some(content);
            }
            let xml = String::from_utf8(content).unwrap();
            let tag = xml
                .find(&format!("<w:tag w:val=\"{CHALLENGES}\" />"))
                .unwrap();
            let anchor_end = tag + xml[tag..].find("</w:p>").unwrap() + "</w:p>".len();
            Some(format!("{}{typed}{}", &xml[..anchor_end], &xml[anchor_end..]).into_bytes())
        },
        &[],
    );
    let preview = c
        .desk
        .form_merge_preview(&c.review, "filled.docx", &edited)
        .unwrap();
    assert_eq!(preview.merge.taken, [CHALLENGES]);
    let theirs = preview
        .merge
        .fields
        .iter()
        .find(|f| f.path == CHALLENGES)
        .and_then(|f| f.theirs.clone())
        .unwrap();
    assert_eq!(
        theirs,
        json!("Kept text. Deleted, not accepted. Commented.\n\n- **Bold item**\n- *Italic item*")
    );
    let mut listed: Vec<&str> = preview
        .not_taken
        .iter()
        .inspect(|n| assert_eq!(n.path.as_deref(), Some(CHALLENGES), "{n:?}"))
        .map(|n| n.what.as_str())
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "a comment",
            "a tracked deletion that was not accepted: the deleted text is kept",
            "a tracked insertion that was not accepted: its text is left out",
            "an image or drawing",
        ]
    );
    assert!(preview.no_answer.is_empty());
}

#[test]
fn a_control_showing_its_placeholder_holds_no_answer() {
    let mut c = Coordinator::new("en");
    let form = c.form();
    let tag = format!("<w:tag w:val=\"{CHALLENGES}\" />");
    let edited = replace_in(
        &form,
        "word/document.xml",
        &tag,
        &format!("{tag}<w:showingPlcHdr />"),
    );
    let edited = rezip(
        &edited,
        |name, content| {
            if name != "word/document.xml" {
                return Some(content);
            }
            let xml = String::from_utf8(content).unwrap();
            let at = xml.find(&tag).unwrap();
            let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
            let prompt = "<w:p><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:p>";
            Some(format!("{}{prompt}{}", &xml[..end], &xml[end..]).into_bytes())
        },
        &[],
    );
    let preview = c
        .desk
        .form_merge_preview(&c.review, "filled.docx", &edited)
        .unwrap();
    assert!(preview.merge.taken.is_empty(), "{:?}", preview.merge.fields);
    assert!(preview.no_answer.is_empty());
}

#[test]
fn text_written_outside_the_boxes_is_listed_as_not_taken() {
    let mut c = Coordinator::new("en");
    let form = c.form();
    let mut order = c.desk.contributor(&c.review, &c.entity).unwrap().fields;
    order.sort();
    let after = |xml: &str, mark: &str, text: &str| -> String {
        let at = xml.find(mark).unwrap();
        let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
        let p = format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
        format!("{}{p}{}", &xml[..end], &xml[end..])
    };
    let edited = rezip(
        &form,
        |name, content| {
            if name != "word/document.xml" {
                return Some(content);
            }
            let xml = String::from_utf8(content).unwrap();
            let xml = after(&xml, "w:name=\"_gcm_q1\"", "A note beside the question.");
            let xml = after(&xml, "w:name=\"_gcm_context\"", "An edit of the context.");
            Some(xml.into_bytes())
        },
        &[],
    );
    let preview = c
        .desk
        .form_merge_preview(&c.review, "filled.docx", &edited)
        .unwrap();
    assert!(preview.merge.taken.is_empty());
    let listed: Vec<(Option<&str>, &str)> = preview
        .not_taken
        .iter()
        .map(|n| (n.path.as_deref(), n.what.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (
                Some(order[1].as_str()),
                "text written outside the answer box, not read: \"A note beside the question.\""
            ),
            (
                None,
                "text written in the read-only context, not read: \"An edit of the context.\""
            ),
        ]
    );
}

#[test]
fn the_form_goes_out_with_its_own_email_draft_and_comes_back_through_the_chosen_merge() {
    let dir = folder("email");
    let mut c = Coordinator::new("fr");
    let form = c.form();
    let name = "GCM-contribution_KEN_ministry-of-labour.docx";
    let draft = c.desk.email_form(&c.review, name, &form).unwrap();
    assert_eq!(draft.to, "labour@example.go.ke");
    // Python's email module reads it: the form attached, as it was written.
    let eml = dir.join("request.eml");
    std::fs::write(&eml, &draft.bytes).unwrap();
    let script = r#"
import email, email.policy, hashlib, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(json.dumps({
    'to': str(m['To']), 'subject': str(m['Subject']),
    'body': m.get_body(preferencelist=('plain',)).get_content(),
    'attachments': [[p.get_filename(), hashlib.sha256(p.get_content()).hexdigest()]
                    for p in m.iter_attachments()],
}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&eml)
        .output()
        .expect("python3 is needed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let digest = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(&form))
    };
    assert_eq!(parsed["attachments"], json!([[name, digest]]), "{parsed}");
    assert_eq!(parsed["to"], "labour@example.go.ke");
    assert!(
        parsed["subject"]
            .as_str()
            .unwrap()
            .starts_with("Contribution demandée (formulaire Word)"),
        "in the review's language: {parsed}"
    );
    let body = parsed["body"].as_str().unwrap();
    assert!(
        body.contains("zone de réponse par question")
            && body.contains("Please update objective 6.")
            && !body.contains("Empreinte"),
        "how to fill it in, the instructions, no key: {body}"
    );
    // Another review's form is refused.
    let other = Coordinator::new("en");
    assert!(other.desk.email_form(&other.review, name, &form).is_err());

    // Chosen for merging, the returned document is told from a signed response by its
    // content, whatever its name.
    let returned = std::fs::read(fill(
        &dir,
        &form,
        json!({ "fill": { CHALLENGES: ["Données manquantes."] }, "delete": [DATA] }),
    ))
    .unwrap();
    let preview = c
        .desk
        .preview_response(&c.review, "reponse.zip", &returned)
        .unwrap();
    let word = preview.word.as_ref().expect("read as a Word document");
    assert_eq!(word.no_answer, [DATA]);
    assert_eq!(preview.merge.taken, [CHALLENGES]);
    let before = c.store();
    assert!(c
        .desk
        .preview_response(&c.review, "reponse.docx", b"PK\x03\x04 not a response")
        .is_err());
    assert_eq!(c.store(), before, "a refused file changes nothing");
    let decision = MergeDecision {
        head: preview.merge.head,
        resolutions: Default::default(),
        consent: None,
    };
    let outcome = c
        .desk
        .merge_response(&c.review, "reponse.zip", &returned, &decision)
        .unwrap();
    assert_eq!(outcome.taken, [CHALLENGES]);
    let history = c.desk.history(&c.review).unwrap();
    assert!(matches!(
        &history.iter().find(|r| r.number == outcome.revision).unwrap().kind,
        RevisionKind::Merge { provenance: Some(p), .. } if p.starts_with("Word document from Ministry of Labour")
    ));
}
