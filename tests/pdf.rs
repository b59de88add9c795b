//! The PDF export: text extracts in order, the contents tell the truth, Arabic is shaped,
//! Chinese has its glyphs, extreme input renders, the output is reproducible, and it is tagged
//! (marked content, a structure tree in reading order, page furniture as artifacts).
//! Needs `pdftotext`, `pdfinfo` and `pdftoppm` (poppler-utils).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gcm_review::pdf::{render, Circulation, PdfOptions};
use gcm_review::review::{ReviewDocument, SignOff};
use gcm_review::template::{FieldKind, Repeat};
use gcm_review::{Template, Values};
use serde_json::{json, Value};

const CREATED: &str = "2026-03-01T09:00:00Z";

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/pdf");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn document(values: Values) -> ReviewDocument {
    ReviewDocument::new(
        Template::builtin(),
        "0b6f1c9e-6a0b-4d4e-9a57-1f0c2d3e4f50",
        7,
        &values,
        "2026-02-01T08:00:00Z",
        "2026-03-01T08:30:00Z",
    )
}

fn cover(language: &str) -> Values {
    let mut v = Values::new();
    v.insert("cover.member_state".into(), json!("KEN"));
    v.insert("cover.cycle".into(), json!("IMRF 2026"));
    v.insert("cover.language".into(), json!(language));
    v.insert(
        "cover.lead_entity".into(),
        json!("Ministry of Foreign and Diaspora Affairs"),
    );
    v.insert("cover.focal_point".into(), json!("Amina Wanjiru"));
    v.insert("cover.date".into(), json!("2026-03-01"));
    v
}

/// The plain sentence of a filled answer, unique to its path.
fn sentence(path: &str, n: usize) -> String {
    format!(
        "Answer for {path} describes measure {n}, taken with partners across government and \
         the regions, with results reported each year to the national coordination body."
    )
}

/// A review with every field answered: (document, answers' plain sentences in template order).
fn reference() -> (ReviewDocument, Vec<String>) {
    let t = Template::builtin();
    let mut v = cover("en");
    let mut order = Vec::new();
    for (i, f) in t.fields().into_iter().enumerate() {
        if f.section.id == "cover" {
            continue;
        }
        let path = f.path();
        let value = match f.field.kind {
            FieldKind::Richtext => {
                let s = sentence(&path, i);
                order.push(s.clone());
                Value::String(format!(
                    "{s}\n\nIt has **two** parts:\n\n- the *first* part\n- the second part\n\n1. one step\n2. another step"
                ))
            }
            FieldKind::Bool => json!(i % 2 == 0),
            FieldKind::Multi => json!(["people_centred", "rule_of_law"]),
            FieldKind::Choice => json!(f
                .field
                .options
                .first()
                .map(|o| o.value.clone())
                .unwrap_or_default()),
            FieldKind::Table => {
                let rows: Vec<Value> = (0..3)
                    .map(|r| {
                        f.field
                            .columns
                            .iter()
                            .map(|c| {
                                let cell = match c.kind {
                                    FieldKind::Date => "2025-06-30".to_string(),
                                    FieldKind::Choice => c.options[0].value.clone(),
                                    _ => format!("{} {r}", c.id),
                                };
                                (c.id.clone(), Value::String(cell))
                            })
                            .collect::<serde_json::Map<_, _>>()
                            .into()
                    })
                    .collect();
                Value::Array(rows)
            }
            _ => json!(format!("text {i}")),
        };
        v.insert(path, value);
    }
    (document(v), order)
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = artifacts().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn pdftotext(pdf: &Path, pages: Option<(usize, usize)>, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without any white space: line breaks may fall after a hyphen or between ideographs.
fn dense(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Text without white space or hyphens (pdftotext joins a word hyphenated at a line's end).
fn key(s: &str) -> String {
    dense(s).replace('-', "")
}

/// Entries of the contents: (title, page), read from the contents pages' layout text.
fn contents(pdf: &Path, first: usize, last: usize) -> Vec<(String, usize)> {
    let text = pdftotext(pdf, Some((first, last)), true);
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.contains('·') || line == "Contents" {
            continue;
        }
        let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (title, number) = line.split_at(line.len() - digits);
        if digits > 0 && title.ends_with(' ') {
            pending.push_str(title);
            out.push((squash(&pending), number.parse().unwrap()));
            pending.clear();
        } else {
            pending.push_str(line);
            pending.push(' ');
        }
    }
    out
}

#[test]
fn reference_review_extracts_in_order_and_its_contents_are_true() {
    let (doc, answers) = reference();
    // Final is the coordinator's decision, passed in by the application layer.
    let decided = PdfOptions {
        circulation: Circulation {
            is_final: true,
            ..Circulation::default()
        },
        ..PdfOptions::default()
    };
    let bytes = render(Template::builtin(), &doc, &decided).unwrap();
    let pdf = write("reference.pdf", &bytes);
    assert_inside_and_apart(&pdf);
    let count = pages(&pdf);
    assert!((20..=120).contains(&count), "{count} pages");

    // The contents: pages 2.. up to the first section's page.
    let t = Template::builtin();
    let entries = contents(&pdf, 2, 4);
    let first_body = entries.first().unwrap().1;
    let entries: Vec<(String, usize)> = contents(&pdf, 2, first_body - 1);
    let sections = t.sections.iter().filter(|s| s.id != "cover").count();
    assert_eq!(entries.len(), sections + 23 + 1, "{entries:?}");
    // A bookmark for the contents and for every entry of the contents.
    let raw = String::from_utf8_lossy(&bytes);
    assert_eq!(raw.matches("/Dest [").count(), entries.len() + 1);
    assert!(raw.contains("/Lang (en)"));

    // The fingerprint: short in every footer, whole on the sign-off sheet; the status.
    let fingerprint = gcm_review::pdf::fingerprint(&doc).unwrap();
    let footers = pdftotext(&pdf, None, false);
    for (n, page) in footers.split('\u{c}').take(count).enumerate() {
        let content = page
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains('·'));
        assert!(content.count() > 0, "page {} is blank", n + 1);
    }
    assert_eq!(footers.matches(&fingerprint[..16]).count(), count + 1);
    let (sheet, at) = entries.last().unwrap();
    assert_eq!(sheet, "Sign-off sheet");
    assert!(pdftotext(&pdf, Some((*at, *at)), false).contains(&fingerprint));
    assert!(pdftotext(&pdf, Some((1, 1)), false).contains("Status: FINAL"));
    assert_eq!(marked_pages(&bytes), 0);
    // Complete but not marked final: a draft, marked on every page.
    let undecided = render(Template::builtin(), &doc, &PdfOptions::default()).unwrap();
    assert_eq!(marked_pages(&undecided), count);

    let mut previous = 0;
    for (title, page) in &entries {
        assert!(*page >= previous && *page <= count, "{title}: {page}");
        previous = *page;
        let on_page = key(&pdftotext(&pdf, Some((*page, *page)), false));
        assert!(
            on_page.contains(&key(title)),
            "'{title}' is not on page {page}"
        );
    }

    // Every objective title and every answer, in order, in the body.
    // Without the running header and footer (the lines with a middle dot).
    let body: String = pdftotext(&pdf, Some((first_body, count)), false)
        .lines()
        .filter(|l| !l.contains('·'))
        .collect();
    let body = key(&body);
    let mut expected: Vec<String> = Vec::new();
    let objectives_section = t
        .sections
        .iter()
        .find(|s| s.repeat == Some(Repeat::Objectives))
        .unwrap();
    let mut answers = answers.into_iter().peekable();
    for section in t.sections.iter().filter(|s| s.id != "cover") {
        if section.id == objectives_section.id {
            for o in &t.objectives {
                expected.push(format!("Objective {}: {}", o.number, o.title.get("en")));
                let prefix = format!("Answer for objectives.{}.", o.number);
                while answers.peek().is_some_and(|a| a.starts_with(&prefix)) {
                    expected.push(answers.next().unwrap());
                }
            }
        } else {
            let prefix = format!("Answer for {}.", section.id);
            while answers.peek().is_some_and(|a| a.starts_with(&prefix)) {
                expected.push(answers.next().unwrap());
            }
        }
    }
    assert!(answers.next().is_none());
    let mut at = 0;
    for e in &expected {
        let e = key(e);
        let found = body[at..]
            .find(&e)
            .unwrap_or_else(|| panic!("missing or out of order: {e}"));
        at += found + e.len();
    }

    for (name, page) in [
        ("cover", 1),
        ("contents", 2),
        ("objective", entries[3].1),
        ("signoff", entries.last().unwrap().1),
    ] {
        png(&pdf, page, &format!("reference-{name}"));
    }
}

/// Every word lies inside the side margins, and no two words overlap.
fn assert_inside_and_apart(pdf: &Path) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    for page in html.split("<page ").skip(1) {
        let width = attr(page, "width");
        let height = attr(page, "height");
        let words: Vec<(f32, f32, f32, f32, &str)> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
                (
                    attr(w, "xMin"),
                    attr(w, "yMin"),
                    attr(w, "xMax"),
                    attr(w, "yMax"),
                    text,
                )
            })
            .collect();
        for (i, a) in words.iter().enumerate() {
            assert!(
                a.0 >= 63.0 && a.2 <= width - 63.0 && a.1 >= 0.0 && a.3 <= height,
                "'{}' runs off the page: {a:?}",
                a.4
            );
            for b in &words[i + 1..] {
                let w = a.2.min(b.2) - a.0.max(b.0);
                let h = a.3.min(b.3) - a.1.max(b.1);
                let smaller = ((a.2 - a.0) * (a.3 - a.1)).min((b.2 - b.0) * (b.3 - b.1));
                assert!(
                    w <= 0.5 || h <= 0.5 || w * h < 0.2 * smaller,
                    "'{}' overlaps '{}'",
                    a.4,
                    b.4
                );
            }
        }
    }
}

fn png(pdf: &Path, page: usize, name: &str) {
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "60",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .arg(artifacts().join(name))
        .status()
        .unwrap();
    assert!(status.success());
}

/// Objects of a PDF by number: (dictionary text, inflated stream).
fn objects(bytes: &[u8]) -> BTreeMap<u32, (String, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let mut at = 0;
    while let Some(p) = find(bytes, b" 0 obj\n", at) {
        let start = bytes[..p]
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let number: u32 = std::str::from_utf8(&bytes[start..p])
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let body = p + 7;
        let end = find(bytes, b"endobj", body).unwrap();
        let obj = &bytes[body..end];
        let (dict, stream) = match find(obj, b"stream\n", 0) {
            Some(s) => {
                let e = obj.windows(9).rposition(|w| w == b"endstream").unwrap();
                let raw = &obj[s + 7..e];
                let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
                (
                    String::from_utf8_lossy(&obj[..s]).to_string(),
                    miniz_oxide::inflate::decompress_to_vec_zlib(raw).unwrap_or_default(),
                )
            }
            None => (String::from_utf8_lossy(obj).to_string(), Vec::new()),
        };
        out.insert(number, (dict, stream));
        at = end;
    }
    out
}

/// How many content streams draw the DRAFT mark (its outline is filled in light grey).
fn marked_pages(bytes: &[u8]) -> usize {
    objects(bytes)
        .values()
        .filter(|(_, stream)| String::from_utf8_lossy(stream).contains("0.88 g"))
        .count()
}

/// The ToUnicode map of the font whose name contains `font`: glyph → text.
fn to_unicode(bytes: &[u8], font: &str) -> BTreeMap<u16, String> {
    let objects = objects(bytes);
    let (dict, _) = objects
        .values()
        .find(|(d, _)| d.contains("/Type0") && d.contains(font))
        .unwrap_or_else(|| panic!("no font {font}"));
    let r: u32 = dict
        .split("/ToUnicode ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let cmap = String::from_utf8(objects[&r].1.clone()).unwrap();
    let mut map = BTreeMap::new();
    let mut inside = false;
    for line in cmap.lines() {
        if line.ends_with("beginbfchar") || line == "endbfchar" {
            inside = line != "endbfchar";
            continue;
        }
        if !inside {
            continue;
        }
        let parts: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|s| !s.is_empty())
            .collect();
        let gid = u16::from_str_radix(parts[0], 16).unwrap();
        let units: Vec<u16> = parts[1]
            .as_bytes()
            .chunks(4)
            .map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect();
        map.insert(gid, String::from_utf16(&units).unwrap());
    }
    map
}

/// The operators and operands of a content stream, split at white space (enough for the
/// streams made here, whose strings hold glyph ids, not text).
fn tokens(stream: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stream)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The object number of the first `key N 0 R` in a dictionary.
fn reference_of(dict: &str, key: &str) -> u32 {
    dict.split(&format!("{key} "))
        .nth(1)
        .unwrap_or_else(|| panic!("no {key} in {dict}"))
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_pdf_is_tagged_in_reading_order_with_furniture_as_artifacts() {
    let (doc, answers) = reference();
    let bytes = render(Template::builtin(), &doc, &PdfOptions::default()).unwrap();
    let pdf = write("tagged.pdf", &bytes);
    let objects = objects(&bytes);
    let dicts: Vec<(u32, String)> = objects.iter().map(|(n, (d, _))| (*n, squash(d))).collect();
    let find = |needle: &str| -> Vec<&(u32, String)> {
        dicts.iter().filter(|(_, d)| d.contains(needle)).collect()
    };

    // The catalog: marked, with a structure tree, the language, the title shown.
    let catalog = &find("/Type /Catalog")[0].1;
    for entry in [
        "/MarkInfo << /Marked true >>",
        "/Lang (en)",
        "/ViewerPreferences << /DisplayDocTitle true >>",
    ] {
        assert!(catalog.contains(entry), "{entry} missing: {catalog}");
    }
    let root = reference_of(catalog, "/StructTreeRoot");
    assert!(objects[&root].0.contains("/Type /StructTreeRoot"));
    assert!(squash(&objects[&root].0).contains("/ParentTree << /Nums ["));

    // Headings, paragraphs and the tables' parts.
    let roles: BTreeSet<String> = find("/Type /StructElem")
        .iter()
        .map(|(_, d)| {
            d.split("/S /")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    for role in ["Document", "H1", "H2", "P", "Table", "TR", "TH", "TD"] {
        assert!(roles.contains(role), "no {role} element: {roles:?}");
    }

    // Every page: all content inside marked-content sequences, each closed, none nested; the
    // marked-content ids numbered from 0; the parent tree lists one element for each.
    let page_dicts = find("/Type /Page ");
    assert_eq!(page_dicts.len(), pages(&pdf));
    let nums = squash(&objects[&root].0);
    for (_, page) in page_dicts {
        let stream = &objects[&reference_of(page, "/Contents")].1;
        let tokens = tokens(stream);
        assert_eq!(
            tokens[..2],
            ["/Artifact", "BMC"],
            "page starts with its furniture"
        );
        let (mut depth, mut mcids, mut first_texts, mut sequences) = (0, 0, 0, 0);
        for (i, t) in tokens.iter().enumerate() {
            match t.as_str() {
                "BMC" | "BDC" => {
                    depth += 1;
                    sequences += 1;
                    assert_eq!(depth, 1, "nested marked content");
                }
                "EMC" => {
                    depth -= 1;
                    assert_eq!(depth, 0, "EMC without BDC or BMC");
                }
                "BT" | "q" => {
                    assert_eq!(depth, 1, "content outside marked content");
                    if sequences == 1 && t == "BT" {
                        first_texts += 1;
                    }
                }
                "/MCID" => {
                    assert_eq!(tokens[i + 1], mcids.to_string());
                    mcids += 1;
                }
                _ => {}
            }
        }
        assert_eq!(depth, 0, "a sequence is left open");
        // The running header and footer are the artifact's two lines.
        assert_eq!(first_texts, 2);
        let key: usize = page
            .split("/StructParents ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let array: u32 = nums
            .split(&format!("[{key} "))
            .nth(1)
            .or_else(|| nums.split(&format!(" R {key} ")).nth(1))
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(objects[&array].0.matches(" 0 R").count(), mcids);
    }

    // Poppler reads the file as tagged, and its structure holds the text in reading order
    // without the running header and footer.
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Tagged:          yes"), "{info}");
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&pdf)
        .output()
        .unwrap();
    let structure = String::from_utf8(out.stdout).unwrap();
    assert!(structure.starts_with("Document\n  H1 (block)\n    \"Voluntary GCM review\""));
    let fingerprint = gcm_review::pdf::fingerprint(&doc).unwrap();
    // The whole fingerprint on the sign-off sheet, its start in no footer.
    assert_eq!(
        structure.matches(&fingerprint[..16]).count(),
        1,
        "a footer is tagged"
    );
    assert!(!structure.contains("Page 1 of"), "a page number is tagged");
    assert!(!structure.contains('·'), "the running header is tagged");
    let text = key(&structure.replace('"', ""));
    let mut at = 0;
    for heading in [
        "H1 (block) \"1. Methodology of the review\"",
        "H2 (block) \"Objective 1:",
        "H1 (block) \"Sign-off sheet\"",
    ] {
        assert!(squash(&structure).contains(heading), "{heading}");
    }
    for answer in &answers {
        let a = key(answer);
        at += text[at..]
            .find(&a)
            .unwrap_or_else(|| panic!("missing or out of order: {a}"));
    }
}

const ARABIC: &str = "تلتزم الحكومة بتنفيذ الهدف 7 من الاتفاق العالمي بحلول عام 2030 بالتعاون مع IOM والمجتمع المدني. ب بيت كتب";

#[test]
fn arabic_is_shaped_right_to_left_and_extracts_in_logical_order() {
    let mut v = cover("ar");
    let long = [ARABIC; 8].join(" ");
    v.insert(
        "methodology.process".into(),
        json!([long.as_str(); 3].join("\n\n")),
    );
    v.insert("objectives.7.measures".into(), json!(ARABIC));
    v.insert(
        "objectives.7.good_practices".into(),
        json!("**نقاط رئيسية** في عام 2025:\n\n- بند *أول* مع UNHCR\n- بند ثان\n\n1. خطوة\n2. خطوة أخرى"),
    );
    let doc = document(v);
    let bytes = render(Template::builtin(), &doc, &PdfOptions::default()).unwrap();
    let pdf = write("arabic.pdf", &bytes);
    assert_inside_and_apart(&pdf);
    // Poppler orders a page's lines by the page's main direction, here right to left; it marks
    // embedded runs with bidi controls, which are dropped before comparing.
    let page = (1..=pages(&pdf))
        .find(|p| pdftotext(&pdf, Some((*p, *p)), false).contains("بحلول"))
        .unwrap();
    let text: String = pdftotext(&pdf, Some((page, page)), false)
        .chars()
        .filter(|c| !matches!(*c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'))
        .collect();
    // Spaces next to embedded runs move in poppler's output: compare without them.
    assert!(dense(&text).contains(&dense(ARABIC)), "{text}");

    // Joined forms: the letter beh (initial, medial, final, isolated above) is drawn with as
    // many different glyphs as the shaper gives it; an unshaped text would use one.
    let map = to_unicode(&bytes, "NotoNaskhArabic-Regular");
    let beh: BTreeSet<u16> = map
        .iter()
        .filter(|(_, t)| t.as_str() == "ب")
        .map(|(g, _)| *g)
        .collect();
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/NotoNaskhArabic-Regular.ttf"),
    )
    .unwrap();
    let face = rustybuzz::Face::from_slice(&data, 0).unwrap();
    let isolated = face.glyph_index('ب').unwrap().0;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(ARABIC);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let forms: BTreeSet<u32> = shaped
        .glyph_infos()
        .iter()
        .filter(|g| ARABIC[g.cluster as usize..].starts_with('ب'))
        .map(|g| g.glyph_id)
        .collect();
    assert!(forms.len() >= 3 && forms.iter().any(|g| *g != u32::from(isolated)));
    assert!(beh.len() >= forms.len(), "beh drawn with {beh:?}");

    png(&pdf, page, "arabic-page");
    png(&pdf, 1, "arabic-cover");
}

const CHINESE: &str = "各国政府致力于实现安全、有序和正常移民全球契约的目标。我们与国际移民组织和民间社会合作，收集准确的分类数据，作为循证政策的基础。2030年前完成国家执行计划。";

#[test]
fn chinese_has_every_glyph_and_breaks_between_ideographs() {
    let mut v = cover("zh");
    let long = CHINESE.repeat(6);
    v.insert("methodology.process".into(), json!(long));
    let bytes = render(Template::builtin(), &document(v), &PdfOptions::default()).unwrap();
    let pdf = write("chinese.pdf", &bytes);
    assert_inside_and_apart(&pdf);
    let map = to_unicode(&bytes, "NotoSansCJK");
    assert!(!map.contains_key(&0), ".notdef drawn for {:?}", map.get(&0));
    for font in ["NotoSans-Regular", "NotoSans-Bold"] {
        assert!(!to_unicode(&bytes, font).contains_key(&0));
    }
    for c in CHINESE.chars().filter(|c| !c.is_ascii()) {
        assert!(map.values().any(|t| t.contains(c)), "{c} not drawn");
    }
    let text: String = pdftotext(&pdf, None, false).split_whitespace().collect();
    assert!(text.contains(&CHINESE[..60]));
    let page = (1..=pages(&pdf))
        .find(|p| pdftotext(&pdf, Some((*p, *p)), false).contains("循证"))
        .unwrap();
    png(&pdf, page, "chinese-page");
}

#[test]
fn extreme_inputs_render() {
    let mut v = cover("ru");
    let unbroken: String = "Безпробелов".chars().cycle().take(20_000).collect();
    v.insert("methodology.process".into(), json!(unbroken));
    let rows: Vec<Value> = (0..200)
        .map(|i| json!({"name": format!("Организация {i}"), "how_consulted": "семинар", "date": "2025-01-01"}))
        .collect();
    v.insert("annexes.stakeholders".into(), Value::Array(rows));
    let mut doc = document(v);
    doc.signoff = (0..6)
        .map(|i| SignOff {
            ministry: format!("Министерство {i}"),
            name: "Иван Петров".into(),
            title: "Директор".into(),
            date: None,
        })
        .collect();
    let options = PdfOptions {
        letter: true,
        signer_kid: Some("KXl3b2N5Yk1ZdmVqT1ZGTnE0bkxRc1d3bXpRa2pGVHc".into()),
        ..PdfOptions::default()
    };
    let bytes = render(Template::builtin(), &doc, &options).unwrap();
    let pdf = write("extreme.pdf", &bytes);
    assert_inside_and_apart(&pdf);
    let text = pdftotext(&pdf, None, false);
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&unbroken[..2000]));
    assert!(text.contains("Организация 199"));
    let n = pages(&pdf);
    png(&pdf, n, "extreme-signoff");

    let empty = render(
        Template::builtin(),
        &document(Values::new()),
        &PdfOptions::default(),
    )
    .unwrap();
    let pdf = write("empty.pdf", &empty);
    assert!(pages(&pdf) >= 3);
    assert!(pdftotext(&pdf, Some((1, 1)), false).contains("Status: DRAFT"));
    assert_eq!(marked_pages(&empty), pages(&pdf));
    // The DRAFT mark is an artifact: drawn in the furniture that opens every page.
    for (_, stream) in objects(&empty).values() {
        let stream = String::from_utf8_lossy(stream);
        if let Some(mark) = stream.find("0.88 g") {
            assert!(stream.starts_with("/Artifact BMC"));
            assert!(
                stream.find("EMC").unwrap() > mark,
                "the DRAFT mark is tagged"
            );
        }
    }
}

#[test]
fn two_exports_are_byte_identical_and_options_change_them() {
    let (doc, _) = reference();
    let options = PdfOptions {
        by_round_table: true,
        created: CREATED.into(),
        ..PdfOptions::default()
    };
    let a = render(Template::builtin(), &doc, &options).unwrap();
    let b = render(Template::builtin(), &doc, &options).unwrap();
    assert!(a == b, "two exports differ");
    let pdf = write("by-round-table.pdf", &a);
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(
        info.contains("Author:          Ministry of Foreign and Diaspora Affairs"),
        "{info}"
    );
    assert!(info.contains("2026"), "{info}");
    let text = squash(&pdftotext(&pdf, None, false));
    let rt1 = text.find("Round table 1").unwrap();
    assert!(text[rt1..].find("Objective 2:").unwrap() < text[rt1..].find("Objective 1:").unwrap());
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")),
        "{fonts}"
    );
    assert!(a.len() < 1_500_000, "{} bytes", a.len());

    let omitted = render(
        Template::builtin(),
        &document(cover("en")),
        &PdfOptions {
            omit_unanswered: true,
            signoff_sheet: false,
            ..PdfOptions::default()
        },
    )
    .unwrap();
    let pdf = write("omitted.pdf", &omitted);
    let text = pdftotext(&pdf, None, false);
    assert!(!text.contains("Objective 1:"));
    assert!(!text.contains("Sign-off sheet"));
}

fn gcm(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gcm-review"))
        .args(args)
        .env("GCM_REVIEW_DATA_DIR", data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_cli_exports_a_review_on_letter_paper_the_same_twice() {
    let dir = tempfile::tempdir().unwrap();
    let id = gcm(
        dir.path(),
        &[
            "new",
            "--member-state",
            "FRA",
            "--cycle",
            "IMRF 2026",
            "--language",
            "fr",
        ],
    )
    .trim()
    .to_string();
    gcm(
        dir.path(),
        &[
            "set",
            &id,
            "methodology.process",
            "--value",
            "Une consultation **large** des ministères.",
        ],
    );
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for file in [&a, &b] {
        gcm(
            dir.path(),
            &[
                "export-pdf",
                &id[..8],
                "-o",
                file.to_str().unwrap(),
                "--letter",
                "--by-round-table",
            ],
        );
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let info = String::from_utf8(Command::new("pdfinfo").arg(&a).output().unwrap().stdout).unwrap();
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let text = squash(&pdftotext(&a, None, false));
    assert!(text.contains("Examen volontaire du PMM"));
    assert!(text.contains("Une consultation large des ministères."));
    assert!(text.contains("Table ronde 1"));
    assert!(text.contains("Feuille de validation"));
}
