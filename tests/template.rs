//! The bundled template and Member States list: the contracts the form, the documents and the
//! secretariat rely on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use gcm_review::template::{member_states, FieldKind, OptionsFrom, TemplateError};
use gcm_review::Template;

/// The official titles, A/RES/73/195 para 16.
const OBJECTIVES: [&str; 23] = [
    "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
    "Provide accurate and timely information at all stages of migration",
    "Ensure that all migrants have proof of legal identity and adequate documentation",
    "Enhance availability and flexibility of pathways for regular migration",
    "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    "Address and reduce vulnerabilities in migration",
    "Save lives and establish coordinated international efforts on missing migrants",
    "Strengthen the transnational response to smuggling of migrants",
    "Prevent, combat and eradicate trafficking in persons in the context of international migration",
    "Manage borders in an integrated, secure and coordinated manner",
    "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral",
    "Use migration detention only as a measure of last resort and work towards alternatives",
    "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    "Provide access to basic services for migrants",
    "Empower migrants and societies to realize full inclusion and social cohesion",
    "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration",
    "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
    "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
    "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
    "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
    "Establish mechanisms for the portability of social security entitlements and earned benefits",
    "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
];

const PRINCIPLES: [&str; 10] = [
    "People-centred",
    "International cooperation",
    "National sovereignty",
    "Rule of law and due process",
    "Sustainable development",
    "Human rights",
    "Gender-responsive",
    "Child-sensitive",
    "Whole-of-government approach",
    "Whole-of-society approach",
];

fn builtin_json() -> serde_json::Value {
    let bytes = std::fs::read("assets/templates/imrf-annex1.json").expect("template file");
    serde_json::from_slice(&bytes).expect("template JSON")
}

#[test]
fn bundled_template_has_no_problem() {
    assert_eq!(Template::builtin().problems(), Vec::<String>::new());
    assert!(Template::builtin().languages.iter().any(|l| l == "en"));
    assert!(Template::builtin().languages.iter().any(|l| l == "fr"));
}

#[test]
fn objectives_are_the_23_with_official_titles() {
    let t = Template::builtin();
    let titles: Vec<&str> = t.objectives.iter().map(|o| o.title.get("en")).collect();
    assert_eq!(titles, OBJECTIVES);
    for (n, o) in t.objectives.iter().enumerate() {
        assert_eq!(o.number as usize, n + 1);
    }
}

#[test]
fn principles_are_the_ten_in_order() {
    let t = Template::builtin();
    let names: Vec<&str> = t.principles.iter().map(|p| p.label.get("en")).collect();
    assert_eq!(names, PRINCIPLES);
    let letters: String = t.principles.iter().map(|p| p.letter.as_str()).collect();
    assert_eq!(letters, "abcdefghij");
}

#[test]
fn round_tables_cover_each_objective_once() {
    let t = Template::builtin();
    let mut seen: Vec<u8> = t
        .round_tables
        .iter()
        .flat_map(|r| r.objectives.clone())
        .collect();
    seen.sort();
    assert_eq!(seen, (1..=23).collect::<Vec<u8>>());
    assert_eq!(t.round_tables[0].objectives, [2, 5, 6, 12, 18]);
}

#[test]
fn field_ids_are_unique_and_design_paths_exist() {
    let t = Template::builtin();
    let paths: Vec<String> = t.fields().iter().map(|f| f.path()).collect();
    let unique: BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "duplicate field paths");
    for path in [
        "cover.member_state",
        "cover.cycle",
        "cover.language",
        "methodology.process",
        "objectives.7.measures",
        "objectives.7.principles",
        "objectives.23.prioritised",
        "means.partnerships",
        "next_steps.priorities",
        "annexes.stakeholders",
    ] {
        assert!(t.field(path).is_some(), "{path} missing");
    }
    for bad in [
        "objectives.24.measures",
        "objectives.0.measures",
        "methodology",
        "methodology.process.x",
        "nope.x",
        "",
    ] {
        assert!(t.field(bad).is_none(), "{bad} resolved");
    }
    let principles = t.field("objectives.7.principles").unwrap();
    assert_eq!(principles.field.kind, FieldKind::Multi);
    assert_eq!(principles.field.options_from, Some(OptionsFrom::Principles));
    assert_eq!(
        t.field("annexes.stakeholders").unwrap().field.kind,
        FieldKind::Table
    );
}

#[test]
fn every_label_is_in_every_language() {
    // Removing one French label must be caught.
    let mut json = builtin_json();
    json["sections"][1]["fields"][0]["label"]
        .as_object_mut()
        .unwrap()
        .remove("fr");
    let err = Template::from_json(json.to_string().as_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains("methodology.process label has no text in 'fr'"),
        "{err}"
    );
}

#[test]
fn invalid_templates_are_refused_with_every_problem() {
    let mut json = builtin_json();
    json["round_tables"][0]["objectives"] = serde_json::json!([2, 5, 6, 12, 18, 3]);
    json["objectives"].as_array_mut().unwrap().pop();
    let fields = json["sections"][1]["fields"].as_array_mut().unwrap();
    let first = fields[0].clone();
    fields.push(first);
    let err = Template::from_json(json.to_string().as_bytes()).unwrap_err();
    let TemplateError::Inconsistent(problems) = &err else {
        panic!("{err}")
    };
    let all = problems.join("\n");
    assert!(all.contains("objectives must be numbered 1 to 23"), "{all}");
    assert!(all.contains("objective 3 is in 2 round tables"), "{all}");
    assert!(
        all.contains("round table 4 names objective 23, which does not exist"),
        "{all}"
    );
    assert!(
        all.contains("field 'methodology.process' is declared twice"),
        "{all}"
    );

    for (bytes, expect) in [
        (b"{".to_vec(), "not valid JSON"),
        (b"[]".to_vec(), "not valid JSON"),
        (vec![b' '; 5 * 1024 * 1024], "more than"),
    ] {
        let err = Template::from_json(&bytes).unwrap_err().to_string();
        assert!(err.contains(expect), "{err}");
    }
    let mut json = builtin_json();
    json["sections"][0]["fields"][0]["kind"] = "slider".into();
    assert!(Template::from_json(json.to_string().as_bytes()).is_err());
}

#[test]
fn member_states_are_the_193_and_2_observers() {
    let states = member_states();
    assert_eq!(states.len(), 195);
    assert_eq!(states.iter().filter(|s| s.observer).count(), 2);
    let codes: BTreeSet<&str> = states.iter().map(|s| s.iso3.as_str()).collect();
    assert_eq!(codes.len(), 195);
    for s in states {
        assert_eq!(s.iso3.len(), 3);
        assert!(s.iso3.chars().all(|c| c.is_ascii_uppercase()));
        assert!(
            !s.name.get("en").is_empty() && s.name.0.contains_key("fr"),
            "{}",
            s.iso3
        );
    }
    let name = |code: &str| {
        gcm_review::template::member_state(code)
            .unwrap()
            .name
            .get("en")
            .to_string()
    };
    assert_eq!(name("BOL"), "Bolivia (Plurinational State of)");
    assert_eq!(name("VAT"), "Holy See");
    assert_eq!(name("PSE"), "State of Palestine");
    assert_eq!(
        name("GBR"),
        "United Kingdom of Great Britain and Northern Ireland"
    );
    // Codes are ISO 3166-1 alpha-3, where Debian's iso-codes list is present to check them.
    if let Ok(iso) = std::fs::read("/usr/share/iso-codes/json/iso_3166-1.json") {
        let iso: serde_json::Value = serde_json::from_slice(&iso).unwrap();
        let known: BTreeSet<&str> = iso["3166-1"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["alpha_3"].as_str().unwrap())
            .collect();
        for code in &codes {
            assert!(known.contains(code), "{code} is not an ISO 3166-1 code");
        }
    }
}
