//! Find and replace across a review from the command line: matches as the reader sees the
//! text (Markdown markup and link addresses are not text), per section and objective, case
//! and diacritics ignored unless `--exact`, table cells included; `replace` is one revision and
//! keeps the emphasis around what it replaced.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn ok(data: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gcm-review"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(data: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data, args)).unwrap()
}

#[test]
fn find_counts_per_place_and_replace_is_one_revision() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = ok(
        d,
        &[
            "new",
            "--member-state",
            "SEN",
            "--cycle",
            "IMRF 2026",
            "--language",
            "fr",
        ],
    );
    let id = id.trim();
    let answers = [
        (
            "methodology.process",
            "La **réforme** de la loi; voir [la Réforme](https://example.org/reforme).",
        ),
        ("objectives.7.measures", "Une RÉFORME nationale et الْهِجْرَة."),
        ("objectives.7.challenges", "La reforme tarde; الهجرة."),
    ];
    for (path, value) in answers {
        ok(d, &["set", id, path, "--value", value]);
    }
    ok(
        d,
        &[
            "set",
            id,
            "annexes.stakeholders",
            "--value",
            r#"[{"name": "Comité de réforme", "category": "", "how_consulted": "", "date": ""}]"#,
        ],
    );

    let found = json(d, &["find", id, "reforme", "--json"]);
    assert_eq!(found["total"], 5, "{found}");
    let places: Vec<(String, u64)> = found["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["place"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("methodology".into(), 2),
            ("objectives.7".into(), 2),
            ("annexes".into(), 1)
        ],
        "per section and objective, the link address not counted"
    );
    let cell = &found["matches"][4];
    assert_eq!(
        (cell["row"].clone(), cell["column"].clone()),
        (Value::from(0), Value::from("name"))
    );
    assert_eq!(
        json(d, &["find", id, "reforme", "--exact", "--json"])["total"],
        1
    );
    assert_eq!(
        json(d, &["find", id, "الهجرة", "--json"])["total"],
        2,
        "harakat ignored"
    );
    assert_eq!(
        json(d, &["find", id, "الهجرة", "--exact", "--json"])["total"],
        1
    );

    let before = ok(d, &["history", id]).lines().count();
    let said = ok(d, &["replace", id, "réforme", "--with", "modernisation"]);
    assert!(
        said.starts_with("replaced 5 match(es) as revision"),
        "{said}"
    );
    assert_eq!(
        ok(d, &["history", id]).lines().count(),
        before + 1,
        "one revision"
    );
    let shown = json(d, &["show", id, "--json"]);
    let answers = &shown["answers"];
    assert_eq!(
        answers["methodology.process"],
        "La **modernisation** de la loi; voir [la modernisation](https://example.org/reforme)."
    );
    assert_eq!(
        answers["objectives.7.measures"],
        "Une modernisation nationale et الْهِجْرَة."
    );
    assert_eq!(
        answers["annexes.stakeholders"][0]["name"],
        "Comité de modernisation"
    );
    assert_eq!(
        ok(d, &["replace", id, "réforme", "--with", "x"]).trim(),
        "no match: nothing changed"
    );
}
