//! Bringing an earlier regional review in from a document: a realistic review in English,
//! French, Spanish and Arabic, written as .docx and converted by LibreOffice to .odt and .pdf,
//! imports with the same placements from each format; lists and bold survive; Arabic reads
//! in logical order; an unrecognised heading leaves its blocks unplaced and kept; a
//! 500-page document works and reports progress.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod documents;

use std::collections::BTreeMap;
use std::time::Instant;

use gcm_review::desk::DocumentProposal;
use gcm_review::store::RevisionKind;
use gcm_review::Desk;
use serde_json::Value;
use tempfile::TempDir;

const FORMATS: [&str; 3] = ["docx", "odt", "pdf"];

/// Every review, whatever its language and format, places its blocks so.
const PINNED: [(&str, &[u32]); 13] = [
    ("methodology.process", &[4]),
    ("methodology.government_contributors", &[6]),
    ("methodology.stakeholders_consulted", &[8]),
    ("policy.legal_framework", &[10]),
    ("policy.coordination", &[12]),
    ("objectives.5.measures", &[16, 17]),
    ("objectives.5.challenges", &[19]),
    ("objectives.7.measures", &[22]),
    ("objectives.7.good_practices", &[24]),
    ("objectives.23.measures", &[26]),
    ("means.financing", &[28]),
    ("means.partnerships", &[30]),
    ("next_steps.priorities", &[32]),
];

/// The title, its intro, the objectives chapter's intro, and 'Acknowledgements' with its text.
const UNPLACED: [u32; 5] = [1, 2, 14, 33, 34];

/// The headings that open a section, a field or an objective.
const STRUCTURE: [(u32, &str); 15] = [
    (3, "methodology"),
    (5, "methodology.government_contributors"),
    (7, "methodology.stakeholders_consulted"),
    (9, "policy"),
    (11, "policy.coordination"),
    (13, "objectives"),
    (15, "objectives.5"),
    (18, "objectives.5.challenges"),
    (20, "objectives.7"),
    (21, "objectives.7.measures"),
    (23, "objectives.7.good_practices"),
    (25, "objectives.23"),
    (27, "means"),
    (29, "means.partnerships"),
    (31, "next_steps"),
];

fn propose(desk: &Desk, lang: &str, ext: &str) -> (String, Vec<u8>, DocumentProposal) {
    let (name, bytes) = documents::review(lang, ext);
    let proposal = desk
        .propose_document(&name, &bytes, "KEN", "IMRF 2026", None, &mut |_| {})
        .unwrap_or_else(|e| panic!("{name}: {} {e}", e.code()));
    (name, bytes, proposal)
}

#[test]
fn every_language_and_format_places_the_same_blocks_in_the_same_fields() {
    let dir = TempDir::new().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let pinned: BTreeMap<String, Vec<u32>> = PINNED
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    for lang in documents::LANGUAGES {
        for ext in FORMATS {
            let (name, _, proposal) = propose(&desk, lang, ext);
            let fields: BTreeMap<String, Vec<u32>> = proposal
                .fields
                .iter()
                .map(|f| (f.path.clone(), f.blocks.clone()))
                .collect();
            assert_eq!(fields, pinned, "{name}: {:#?}", proposal.plan.blocks);
            assert_eq!(proposal.unplaced, UNPLACED, "{name}");
            let structure: Vec<(u32, &str)> = proposal
                .plan
                .blocks
                .iter()
                .filter_map(|b| b.heading.as_deref().map(|h| (b.id, h)))
                .collect();
            assert_eq!(structure, STRUCTURE, "{name}");
            assert_eq!(proposal.plan.language, lang, "{name}");
            assert_eq!(proposal.plan.blocks.len(), 34, "{name}");
        }
    }
}

/// The review's answers after the document's proposal is applied.
fn imported(lang: &str, ext: &str) -> (Desk, TempDir, String, BTreeMap<String, Value>) {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let (name, bytes, proposal) = propose(&desk, lang, ext);
    let outcome = desk.apply_document(&name, &bytes, &proposal.plan).unwrap();
    let values = desk.open_review(&outcome.id).unwrap().values;
    (desk, dir, outcome.id, values)
}

fn text<'a>(values: &'a BTreeMap<String, Value>, path: &str) -> &'a str {
    values.get(path).and_then(Value::as_str).unwrap_or_default()
}

#[test]
fn lists_bold_and_tables_survive_every_format() {
    let expected = [
        ("en", "- Ministry of the Interior\n- Ministry of Labour and **Social Protection**\n- National Bureau of Statistics"),
        ("fr", "- Ministère de l'Intérieur\n- Ministère du Travail et de la **Protection sociale**\n- Institut national de la statistique"),
        ("es", "- Ministerio del Interior\n- Ministerio de Trabajo y **Protección Social**\n- Instituto Nacional de Estadística"),
        ("ar", "- وزارة الداخلية\n- وزارة العمل و**الحماية الاجتماعية**\n- الجهاز الوطني للإحصاء"),
    ];
    for (lang, list) in expected {
        for ext in FORMATS {
            let (_, _, _, values) = imported(lang, ext);
            assert_eq!(
                text(&values, "methodology.government_contributors"),
                list,
                "{lang} {ext}"
            );
            let process = text(&values, "methodology.process");
            assert_eq!(process.matches("**").count(), 4, "{lang} {ext}: {process}");
            let table = text(&values, "methodology.stakeholders_consulted");
            assert_eq!(table.lines().count(), 4, "{lang} {ext}: {table}");
            assert!(
                table
                    .lines()
                    .all(|l| l.starts_with('|') && l.matches('|').count() == 4),
                "{lang} {ext}: {table}"
            );
            let measures = text(&values, "objectives.5.measures");
            assert!(measures.contains("\n\n- **"), "{lang} {ext}: {measures}");
        }
    }
}

#[test]
fn arabic_reads_in_logical_order_from_every_format() {
    for ext in FORMATS {
        let (_, _, _, values) = imported("ar", ext);
        assert_eq!(
            text(&values, "objectives.5.challenges"),
            "لا تزال مدة معالجة الطلبات طويلة في المناطق الريفية.",
            "{ext}"
        );
        assert_eq!(
            text(&values, "objectives.23.measures"),
            "انضم البلد إلى عمليتين استشاريتين إقليميتين.",
            "{ext}"
        );
        // A number inside right-to-left text keeps its digits in order.
        assert!(
            text(&values, "objectives.5.measures").contains("استحدثت في عام 2020"),
            "{ext}: {}",
            text(&values, "objectives.5.measures")
        );
        assert!(
            text(&values, "policy.legal_framework")
                .starts_with("نشرت السياسة الوطنية للهجرة لعام 2019 على "),
            "{ext}"
        );
    }
}

#[test]
fn links_survive_word_and_libreoffice() {
    for ext in ["docx", "odt"] {
        let (_, _, _, values) = imported("en", ext);
        assert_eq!(
            text(&values, "policy.legal_framework"),
            "The national migration policy of 2019 is published at [the ministry's website](https://www.example.org/migration-policy).",
            "{ext}"
        );
    }
    // LibreOffice writes no link annotation for it: the PDF keeps the words only.
    let (_, _, _, values) = imported("en", "pdf");
    assert_eq!(
        text(&values, "policy.legal_framework"),
        "The national migration policy of 2019 is published at the ministry's website."
    );
}

#[test]
fn an_import_keeps_the_file_and_lists_the_unrecognised_heading_and_its_text() {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let (name, bytes, proposal) = propose(&desk, "fr", "docx");
    let outcome = desk.apply_document(&name, &bytes, &proposal.plan).unwrap();
    assert!(outcome.created);
    assert_eq!(outcome.revision, 1);
    let left: Vec<u32> = outcome.left_out.iter().map(|l| l.id).collect();
    assert_eq!(left, UNPLACED);
    let thanks = &outcome.left_out[3];
    assert_eq!(thanks.preview, "Remerciements");
    assert!(
        thanks.reason.contains("matches no section"),
        "{}",
        thanks.reason
    );
    assert_eq!(outcome.left_out[4].reason, "under no recognised heading");

    let history = desk.history(&outcome.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].kind,
        RevisionKind::ImportedDocument { file: name.clone() }
    );
    let kept = desk.source_documents(&outcome.id).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].file_name, name);
    assert_eq!(kept[0].format, "docx");
    assert_eq!(kept[0].left_out.as_array().unwrap().len(), 5);
    assert_eq!(
        kept[0].left_out[4]["markdown"],
        "Le Gouvernement remercie toutes les personnes qui ont contribué."
    );
    assert_eq!(desk.source_document_file(&outcome.id, 1).unwrap(), bytes);

    let review = desk.open_review(&outcome.id).unwrap();
    assert_eq!(review.summary.member_state, "KEN");
    assert_eq!(review.summary.cycle, "IMRF 2026");
    assert_eq!(review.summary.language, "fr");
}

#[test]
fn an_edited_plan_moves_blocks_and_a_second_document_becomes_a_new_revision() {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let (name, bytes, proposal) = propose(&desk, "en", "docx");
    let mut plan = proposal.plan.clone();
    // The acknowledgements go to the follow-up, the objectives chapter's intro to objective
    // 7's data, and objective 23's text is left out.
    for b in &mut plan.blocks {
        match b.id {
            34 => b.field = Some("next_steps.follow_up".into()),
            14 => b.field = Some("objectives.7.data".into()),
            26 => b.field = None,
            _ => {}
        }
    }
    let plan: gcm_review::desk::PlacementPlan =
        serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    let outcome = desk.apply_document(&name, &bytes, &plan).unwrap();
    let values = desk.open_review(&outcome.id).unwrap().values;
    assert_eq!(
        text(&values, "next_steps.follow_up"),
        "The Government thanks everyone who contributed."
    );
    assert!(text(&values, "objectives.7.data").starts_with("This chapter reports"));
    assert!(!values.contains_key("objectives.23.measures"));
    assert!(outcome
        .left_out
        .iter()
        .any(|l| l.id == 26 && !l.reason.is_empty()));

    // The Spanish version as the next revision of the same review, for a new cycle.
    let (es_name, es_bytes) = documents::review("es", "pdf");
    let id = outcome.id.clone();
    let next = desk
        .propose_document(
            &es_name,
            &es_bytes,
            "KEN",
            "IMRF 2030",
            Some(&id[..8]),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(next.plan.into.as_deref(), Some(id.as_str()));
    let second = desk
        .apply_document(&es_name, &es_bytes, &next.plan)
        .unwrap();
    assert!(!second.created);
    assert_eq!(second.revision, 2);
    let values = desk.open_review(&id).unwrap().values;
    assert_eq!(text(&values, "cover.cycle"), "IMRF 2030");
    assert_eq!(
        text(&values, "objectives.5.challenges"),
        "Los plazos de tramitación siguen siendo largos en zonas rurales."
    );
    // Fields the second document does not fill keep their text.
    assert_eq!(
        text(&values, "next_steps.follow_up"),
        "The Government thanks everyone who contributed."
    );
    let history = desk.history(&id).unwrap();
    assert_eq!(
        history[0].kind,
        RevisionKind::ImportedDocument { file: es_name }
    );
    assert_eq!(desk.source_documents(&id).unwrap().len(), 2);
}

#[test]
fn a_plan_applies_only_to_its_own_file_and_template() {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let (name, _, proposal) = propose(&desk, "en", "docx");
    let (_, other) = documents::review("fr", "docx");
    let err = desk
        .apply_document(&name, &other, &proposal.plan)
        .unwrap_err();
    assert_eq!(err.code(), "plan_mismatch", "{err}");
    let (_, bytes) = documents::review("en", "docx");
    let mut plan = proposal.plan.clone();
    plan.blocks[3].field = Some("objectives.24.measures".into());
    assert_eq!(
        desk.apply_document(&name, &bytes, &plan)
            .unwrap_err()
            .code(),
        "invalid_plan"
    );
    let mut plan = proposal.plan.clone();
    plan.blocks[3].field = Some("objectives.7.principles".into());
    assert_eq!(
        desk.apply_document(&name, &bytes, &plan)
            .unwrap_err()
            .code(),
        "invalid_plan"
    );
    let mut plan = proposal.plan.clone();
    plan.blocks[3].kind = gcm_review::document::BlockKind::Table;
    assert_eq!(
        desk.apply_document(&name, &bytes, &plan)
            .unwrap_err()
            .code(),
        "invalid_plan"
    );
    assert!(desk.list(false).unwrap().is_empty());
}

#[test]
fn a_500_page_document_imports_with_progress() {
    let dir = TempDir::new().unwrap();
    let docx = dir.path().join("long-review.docx");
    documents::make(&["long", "500", docx.to_str().unwrap()]);
    documents::convert(dir.path(), "pdf", std::slice::from_ref(&docx));
    let mut desk = Desk::open(dir.path().join("store").as_path()).unwrap();
    for ext in ["docx", "pdf"] {
        let name = format!("long-review.{ext}");
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        let mut reports = Vec::new();
        let started = Instant::now();
        let proposal = desk
            .propose_document(&name, &bytes, "KEN", "IMRF 2026", None, &mut |p| {
                reports.push(p)
            })
            .unwrap();
        let proposed = started.elapsed();
        let outcome = desk.apply_document(&name, &bytes, &proposal.plan).unwrap();
        eprintln!(
            "{name}: {} bytes, {} pages, {} blocks: proposed in {:.1?}, applied in {:.1?} more",
            bytes.len(),
            proposal.pages.unwrap_or(0),
            proposal.plan.blocks.len(),
            proposed,
            started.elapsed() - proposed
        );
        assert!(reports.len() > 1, "{name}: {reports:?}");
        let last = reports.last().unwrap();
        assert_eq!(last.done, last.total, "{name}");
        assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));
        if ext == "pdf" {
            assert_eq!(last.unit, "pages");
            assert!(last.total >= 450, "{name}: {} pages", last.total);
        }
        let values = desk.open_review(&outcome.id).unwrap().values;
        for n in 1..=23 {
            assert!(
                !text(&values, &format!("objectives.{n}.measures")).is_empty(),
                "{name}: objective {n}"
            );
            assert!(
                text(&values, &format!("objectives.{n}.challenges")).starts_with("- Challenges"),
                "{name}: objective {n}"
            );
        }
    }
}

#[test]
fn the_command_line_writes_an_editable_plan_and_applies_it() {
    let dir = TempDir::new().unwrap();
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gcm-review"))
            .arg("--data-dir")
            .arg(dir.path().join("store"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let file = documents::reviews().join("review-ar.odt");
    let file = file.to_str().unwrap();
    let plan = dir.path().join("plan.json");
    let plan_path = plan.to_str().unwrap();
    let base = [
        "import-document",
        file,
        "--member-state",
        "EGY",
        "--cycle",
        "IMRF 2026",
    ];
    let (ok, out, err) = cli(&[&base[..], &["--plan-out", plan_path]].concat());
    assert!(ok, "{err}");
    assert!(out.contains("nothing was changed"), "{out}");
    let (_, listed, _) = cli(&["list", "--json"]);
    assert_eq!(listed.trim(), "[]");
    // Move the acknowledgements' text into the pledges, by hand.
    let mut edited: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(edited["language"], "ar");
    edited["blocks"][33]["field"] = Value::from("next_steps.pledges");
    std::fs::write(&plan, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let (ok, out, err) = cli(&[&base[..], &["--plan", plan_path, "--json"]].concat());
    assert!(ok, "{err}");
    let outcome: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(outcome["created"], true);
    assert_eq!(outcome["leftOut"].as_array().unwrap().len(), 4);
    assert!(outcome["fields"]
        .as_array()
        .unwrap()
        .contains(&Value::from("next_steps.pledges")));
    let id = outcome["id"].as_str().unwrap();
    let (_, history, _) = cli(&["history", id]);
    assert!(history.contains("imported from review-ar.odt"), "{history}");
    // A refused document: one line on stderr, exit code non-zero.
    let bad = dir.path().join("bad.docm");
    std::fs::copy(documents::reviews().join("review-en.docx"), &bad).unwrap();
    let (ok, _, err) = cli(&[
        "import-document",
        bad.to_str().unwrap(),
        "--member-state",
        "EGY",
        "--cycle",
        "IMRF 2026",
    ]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("macros"), "{err}");
}
