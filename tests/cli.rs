//! The command line, as scripts use it: commands, flags, output shapes and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn cli(data: &Path, args: &[&str]) -> Output {
    cli_env(data, args, &[])
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = cli(data, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(data: &Path, args: &[&str]) -> String {
    let out = cli(data, args);
    assert!(!out.status.success(), "{args:?} succeeded");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line of reason: {err}"
    );
    err
}

/// Starts a review for Kenya and returns what `new` printed.
fn new_kenya(d: &Path) -> String {
    let args = [
        "new",
        "--member-state",
        "KEN",
        "--cycle",
        "IMRF 2026",
        "--language",
        "en",
    ];
    ok(d, &args)
}

#[test]
fn new_set_show_list_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = new_kenya(d);
    let id = id.trim();
    assert_eq!(id.len(), 36, "prints the id: {id}");
    let short = &id[..8];
    ok(
        d,
        &[
            "set",
            short,
            "methodology.process",
            "--value",
            "Ministries met **monthly**.",
        ],
    );
    let file = d.join("measures.md");
    std::fs::write(&file, "- Shelters\n- مراكز إيواء\n").unwrap();
    ok(
        d,
        &[
            "set",
            short,
            "objectives.7.measures",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    ok(
        d,
        &[
            "set",
            short,
            "objectives.7.principles",
            "--value",
            "human_rights,child_sensitive",
        ],
    );
    ok(
        d,
        &["set", short, "objectives.7.prioritised", "--value", "true"],
    );

    let list: Value = serde_json::from_str(&ok(d, &["list", "--json"])).unwrap();
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["memberState"], "KEN");
    assert_eq!(list[0]["cycle"], "IMRF 2026");
    assert!(ok(d, &["list"]).contains("Kenya"));

    let doc: Value = serde_json::from_str(&ok(d, &["show", id, "--json"])).unwrap();
    assert_eq!(doc["format"], "gcm-review/1");
    assert_eq!(doc["template"]["id"], "imrf-annex1");
    assert_eq!(doc["revision"], 5);
    assert_eq!(doc["cover"]["member_state"], "KEN");
    assert_eq!(
        doc["answers"]["methodology.process"],
        "Ministries met **monthly**."
    );
    assert_eq!(
        doc["answers"]["objectives.7.measures"],
        "- Shelters\n- مراكز إيواء\n"
    );
    assert_eq!(
        doc["answers"]["objectives.7.principles"],
        serde_json::json!(["human_rights", "child_sensitive"])
    );
    assert_eq!(doc["answers"]["objectives.7.prioritised"], true);

    let text = ok(d, &["show", short]);
    assert!(text.contains("Kenya · IMRF 2026"), "{text}");
    assert!(text.contains("objectives.7.measures"), "{text}");

    let history = ok(d, &["history", short]);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 5, "{history}");
    assert!(
        lines[0].trim_start().starts_with('5') && lines[0].contains("objectives.7.prioritised")
    );
    assert!(lines[4].contains("create"));
}

#[test]
fn data_dir_comes_from_the_environment_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gcm-review"))
        .args([
            "new",
            "--member-state",
            "FRA",
            "--cycle",
            "IMRF 2026",
            "--language",
            "fr",
        ])
        .env("GCM_REVIEW_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("reviews.sqlite3").exists());
}

#[test]
fn failures_exit_non_zero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = new_kenya(d);
    let id = id.trim();
    assert!(fails(
        d,
        &[
            "new",
            "--member-state",
            "XXX",
            "--cycle",
            "c",
            "--language",
            "en"
        ]
    )
    .contains("'XXX' is not a UN Member State"));
    assert!(fails(d, &["show", "nope"]).contains("no review matches 'nope'"));
    assert!(
        fails(d, &["set", id, "objectives.24.measures", "--value", "x"])
            .contains("no field 'objectives.24.measures'")
    );
    assert!(fails(
        d,
        &["set", id, "objectives.7.principles", "--value", "gravity"]
    )
    .contains("does not offer 'gravity'"));
    assert!(fails(
        d,
        &[
            "set",
            id,
            "methodology.process",
            "--file",
            "/nonexistent/file"
        ]
    )
    .contains("cannot read"));
    new_kenya(d);
    // Two ids that start alike are unlikely; an empty prefix is ambiguous or not found, never a guess.
    assert!(!cli(d, &["show", ""]).status.success());
}

#[test]
fn template_show_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let shown = ok(d, &["template", "show"]);
    assert!(shown.contains("objectives.<1-23>.measures"), "{shown}");
    assert!(shown.contains("methodology.process"));
    assert!(ok(d, &["template", "validate"]).starts_with("ok: imrf-annex1"));
    let bad = d.join("bad.json");
    let mut json: Value =
        serde_json::from_slice(&std::fs::read("assets/templates/imrf-annex1.json").unwrap())
            .unwrap();
    json["objectives"].as_array_mut().unwrap().truncate(20);
    std::fs::write(&bad, json.to_string()).unwrap();
    let err = fails(d, &["template", "validate", bad.to_str().unwrap()]);
    assert!(
        err.contains("not a valid template") && err.contains("numbered 1 to 23"),
        "{err}"
    );
    std::fs::write(&bad, "not json").unwrap();
    assert!(fails(d, &["template", "validate", bad.to_str().unwrap()]).contains("not valid JSON"));
}

fn cli_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gcm-review"));
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("GCM_REVIEW_DATA_DIR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run gcm-review")
}

const PASS: (&str, &str) = ("GCM_REVIEW_PASSPHRASE", "correct horse battery staple");

#[test]
fn keys_export_json_and_verify() {
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
    ok(
        d,
        &[
            "set",
            id,
            "methodology.process",
            "--value",
            "Le comité interministériel s'est réuni.",
        ],
    );

    let out = cli_env(d, &["export-json", id, "-o", "x.json", "--sign"], &[PASS]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("gcm-review keys"));

    let keys = [
        "keys",
        "new",
        "--name",
        "Awa Diop",
        "--title",
        "Directrice",
        "--ministry",
        "Ministère des Affaires étrangères",
        "--email",
        "awa@example.org",
    ];
    let out = cli_env(d, &keys, &[PASS]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = ok(d, &["keys", "list"]);
    assert!(listed.contains("active"), "{listed}");
    let jwk: Value = serde_json::from_str(&ok(d, &["keys", "export-public"])).unwrap();
    assert_eq!(
        (jwk["kty"].as_str(), jwk["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    assert!(jwk.get("d").is_none(), "no private part in the public key");

    // The sign-off sheet of the PDF names the key that signs the JSON.
    let pdf = d.join("review.pdf");
    ok(d, &["export-pdf", id, "-o", pdf.to_str().unwrap()]);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    // Lines may break after a '-' of the key id, and pdftotext drops such a hyphen: compare
    // without spaces and hyphens.
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect()
    };
    let text = plain(&String::from_utf8_lossy(&text.stdout));
    assert!(
        text.contains(&plain(jwk["kid"].as_str().unwrap())),
        "the key id is on the sign-off sheet: {text}"
    );

    let signed = d.join("review.json");
    let signed_s = signed.to_str().unwrap();
    let out = cli_env(
        d,
        &["export-json", id, "-o", signed_s, "--sign"],
        &[("GCM_REVIEW_PASSPHRASE", "not the passphrase")],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is not the one"));
    assert!(!signed.exists(), "nothing written on a wrong passphrase");

    let out = cli_env(d, &["export-json", id, "-o", signed_s, "--sign"], &[PASS]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file: Value = serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
    assert_eq!(file["review"]["status"], "draft");
    assert_eq!(file["review"]["signer"]["name"], "Awa Diop");
    let text = std::fs::read_to_string(&signed).unwrap();
    assert!(!text.contains("\"d\""), "no private key in the file");

    let verdict: Value = serde_json::from_str(&ok(d, &["verify", signed_s, "--json"])).unwrap();
    assert_eq!(verdict[0]["verdict"], "valid");
    assert_eq!(verdict[0]["status"], "draft");

    // Another machine has never seen the key: the signature holds, but the key is not trusted,
    // and seeing it again does not make it trusted. Only `keys trust`, after the fingerprint
    // was checked, makes the verdict "valid".
    let other = tempfile::tempdir().unwrap();
    let o = other.path();
    let out = cli(o, &["verify", signed_s, "--json"]);
    assert!(!out.status.success(), "an untrusted key is not valid");
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict[0]["verdict"], "untrusted_key");
    assert_eq!(verdict[0]["trust"], "new");
    let verdict: Value =
        serde_json::from_str(&ok(o, &["verify", signed_s, "--json", "--allow-untrusted"])).unwrap();
    assert_eq!(
        verdict[0]["verdict"], "untrusted_key",
        "seen is not trusted"
    );
    assert_eq!(verdict[0]["trust"], "seen");
    let shown = ok(o, &["verify", signed_s, "--allow-untrusted"]);
    assert!(
        shown.contains("NOT YET TRUSTED")
            && shown.contains("Awa Diop")
            && shown.contains("2 file(s) verified here before"),
        "{shown}"
    );
    let fingerprint = verdict[0]["fingerprint"].as_str().unwrap().to_string();
    let known = ok(o, &["keys", "known", "--untrusted"]);
    assert!(
        known.contains(&fingerprint) && known.contains("NOT TRUSTED"),
        "{known}"
    );
    // The fingerprint as read aloud, without hyphens and in lower case, is enough.
    let typed = fingerprint.replace('-', "").to_lowercase();
    let trusted = ok(o, &["keys", "trust", &typed]);
    assert!(trusted.contains(&fingerprint), "{trusted}");
    let verdict: Value = serde_json::from_str(&ok(o, &["verify", signed_s, "--json"])).unwrap();
    assert_eq!(verdict[0]["verdict"], "valid");
    assert_eq!(verdict[0]["trust"], "trusted");
    assert!(ok(o, &["keys", "known", "--untrusted"]).trim().is_empty());
    ok(o, &["keys", "untrust", &fingerprint]);
    assert!(!cli(o, &["verify", signed_s]).status.success());
    let out = cli(o, &["keys", "trust", "ZZZZ-ZZZZ-ZZZZ"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no key met on this machine"));

    // A changed file, a missing file and garbage: non-zero, every file reported.
    let tampered = d.join("tampered.json");
    std::fs::write(&tampered, text.replace("s'est réuni", "s'est reuni")).unwrap();
    let garbage = d.join("garbage.json");
    std::fs::write(&garbage, [0xffu8; 300]).unwrap();
    let out = cli(
        d,
        &[
            "verify",
            signed_s,
            tampered.to_str().unwrap(),
            garbage.to_str().unwrap(),
            "/nonexistent.json",
        ],
    );
    assert!(!out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(shown.matches("INVALID").count(), 3, "{shown}");
    assert!(shown.contains("changed after signing"), "{shown}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 of 4 file(s) are not valid"));

    // Rotation: the new key is endorsed by the old one, and exports use it.
    let out = cli_env(
        d,
        &["keys", "rotate"],
        &[PASS, ("GCM_REVIEW_NEW_PASSPHRASE", "a new long passphrase")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let jwk2: Value = serde_json::from_str(&ok(d, &["keys", "export-public"])).unwrap();
    assert_ne!(jwk2["kid"], jwk["kid"]);
    let endorsement =
        gcm_review::sign::verify_endorsement(jwk2["endorsement"].as_str().unwrap()).unwrap();
    assert_eq!(endorsement.old_kid, jwk["kid"].as_str().unwrap());
    assert_eq!(ok(d, &["keys", "list"]).lines().count(), 2);
}

#[test]
fn diff_shows_two_revisions_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = new_kenya(d);
    let short = &id.trim()[..8];
    let set = |path: &str, value: &str| ok(d, &["set", short, path, "--value", value]);
    set(
        "methodology.process",
        "Ministries met monthly.\n\nالوزارات اجتمعت شهريا.",
    );
    set(
        "methodology.process",
        "Ministries met weekly.\n\nالوزارات اجتمعت أسبوعيا.",
    );
    set("objectives.7.principles", "human_rights");

    let shown = ok(d, &["diff", short, "2", "4"]);
    assert_eq!(
        shown,
        "methodology.process: Preparation and coordination of the review (changed)\n\
         \x20   Ministries met [-monthly-]{+weekly+}.\n\
         \x20   \n\
         \x20   الوزارات اجتمعت [-شهريا-]{+أسبوعيا+}.\n\
         \n\
         objectives.7.principles: Guiding principles applied (objective 7) (added)\n\
         \x20   {+(f) Human rights+}\n",
        "{shown}"
    );

    let json: Value = serde_json::from_str(&ok(d, &["diff", short, "4", "2", "--json"])).unwrap();
    let diffs = json.as_array().unwrap();
    assert_eq!(diffs.len(), 2, "{json:#}");
    assert_eq!(diffs[0]["path"], "methodology.process");
    assert_eq!(diffs[0]["change"], "changed");
    assert_eq!(
        diffs[0]["words"][1],
        serde_json::json!({ "op": "delete", "text": "weekly" })
    );
    assert_eq!(
        diffs[0]["words"][2],
        serde_json::json!({ "op": "insert", "text": "monthly" })
    );
    assert_eq!(diffs[1]["change"], "removed");
    assert_eq!(diffs[1]["before"], serde_json::json!(["human_rights"]));
    assert_eq!(diffs[1]["after"], Value::Null);

    assert_eq!(
        ok(d, &["diff", short, "3", "3"]),
        "no differences between revisions 3 and 3\n"
    );
    assert_eq!(ok(d, &["diff", short, "1", "1", "--json"]).trim(), "[]");
}

#[test]
fn diff_of_a_revision_that_does_not_exist_fails_with_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = new_kenya(d);
    let id = id.trim();
    ok(d, &["set", id, "methodology.process", "--value", "Met."]);
    let err = fails(d, &["diff", id, "1", "7"]);
    assert!(err.contains("no revision 7"), "{err}");
    assert!(err.contains("revisions are 1 to 2"), "{err}");
    let err = fails(d, &["diff", id, "0", "2"]);
    assert!(err.contains("no revision 0"), "{err}");
    assert!(fails(d, &["diff", "nope", "1", "2"]).contains("no review matches 'nope'"));
}

#[test]
fn generate_writes_manual_pages_and_completions_from_the_definitions() {
    let d = tempfile::tempdir().unwrap();
    let man = d.path().join("man");
    let listed = ok(d.path(), &["generate", "man", man.to_str().unwrap()]);
    let page = std::fs::read_to_string(man.join("gcm-review.1")).unwrap();
    assert!(page.contains("\n.TH gcm-review 1"), "{page}");
    assert!(
        page.contains("GCM_REVIEW_DATA_DIR"),
        "the global flag's variable"
    );
    let export_pdf = std::fs::read_to_string(man.join("gcm-review-export-pdf.1")).unwrap();
    assert!(export_pdf.contains("by\\-round\\-table"), "{export_pdf}");
    assert!(listed
        .lines()
        .any(|l| l.ends_with("gcm-review-keys-rotate.1")));
    assert!(
        !man.join("gcm-review-generate.1").exists(),
        "generate stays hidden"
    );

    let completions = d.path().join("completions");
    ok(
        d.path(),
        &["generate", "completions", completions.to_str().unwrap()],
    );
    let bash = std::fs::read_to_string(completions.join("gcm-review.bash")).unwrap();
    assert!(
        bash.contains("export-pdf") && bash.contains("complete -F"),
        "{bash}"
    );
    assert!(completions.join("_gcm-review").is_file(), "zsh");
    assert!(completions.join("gcm-review.fish").is_file(), "fish");
}
