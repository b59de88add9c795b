//! The command line's output, pinned whole: `--help`, each command's text and `--json` shapes,
//! the verdicts of `verify`, and failures with their one line and exit code. Commands run in a
//! scratch folder with relative paths (`--data-dir data`, `--data-dir other` for a second
//! machine), so that a snapshot names no path of the machine; ids, times, keys and digests are
//! redacted. After a deliberate change of output, review the new snapshots with
//! `cargo insta review` (or rerun with `INSTA_UPDATE=always`) and commit them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::path::Path;
use std::process::Command;

use insta::internals::Content;
use serde_json::Value;
use tempfile::TempDir;

const PASSPHRASE: &str = "correct horse battery staple";

/// What differs from run to run, and what it is replaced by; the order matters (a digest
/// first, so that the key id pattern does not take a part of it).
const REDACTIONS: [(&str, &str); 7] = [
    (r"\b[0-9a-f]{64}\b", "[DIGEST]"),
    (
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        "[ID]",
    ),
    (r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){3,}\b", "[FINGERPRINT]"),
    (r"[A-Za-z0-9_-]{43}", "[KID]"),
    (
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[TIME]",
    ),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[LOCAL TIME]"),
    (r"\d{4}-\d{2}-\d{2}", "[DATE]"),
];

/// The command a snapshot pins, as its header shows it: the arguments, with the review's id
/// (random in every run) shown as `<review>`, and the environment the test set.
fn header(args: Vec<String>, env: Vec<String>) -> Content {
    let list = |items: Vec<String>| Content::Seq(items.into_iter().map(Content::from).collect());
    let mut shown = vec![(Content::from("args".to_string()), list(args))];
    if !env.is_empty() {
        shown.push((Content::from("env".to_string()), list(env)));
    }
    Content::Map(shown)
}

/// A scratch folder that holds the data folders of two machines and the files passed between
/// them, and the ids of the reviews made there.
struct Scratch {
    dir: TempDir,
    ids: RefCell<Vec<String>>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
            ids: RefCell::new(Vec::new()),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `gcm-review` without a data folder, in the scratch folder, with nothing of the caller's
    /// environment that changes what it prints.
    fn bare(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gcm-review"));
        command
            .current_dir(self.path())
            .env_remove("GCM_REVIEW_DATA_DIR")
            .env_remove("GCM_REVIEW_PASSPHRASE")
            .env_remove("GCM_REVIEW_NEW_PASSPHRASE")
            .env_remove("CLICOLOR_FORCE")
            .args(args);
        command
    }

    /// `gcm-review` on a machine: `data` (the author's) or `other` (the secretariat's).
    fn on(&self, machine: &str, args: &[&str]) -> Command {
        let mut command = self.bare(&["--data-dir", machine]);
        command.args(args);
        command
    }

    /// `gcm-review` on the author's machine.
    fn cmd(&self, args: &[&str]) -> Command {
        self.on("data", args)
    }

    /// `gcm-review` on the author's machine, with the passphrase of the signing key.
    fn signing(&self, args: &[&str]) -> Command {
        let mut command = self.cmd(args);
        command.env("GCM_REVIEW_PASSPHRASE", PASSPHRASE);
        command
    }

    /// Runs a command that must succeed; its standard output.
    fn ok(&self, mut command: Command) -> String {
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "{command:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command and pins its exit code, standard output and standard error, redacted,
    /// as the snapshot `name`.
    fn snap(&self, name: &str, mut command: Command) {
        let out = command.output().unwrap();
        let ids = self.ids.borrow();
        let shown = |arg: &str| match ids.iter().find(|id| arg.len() >= 4 && id.starts_with(arg)) {
            Some(id) if id == arg => "<review>".to_string(),
            Some(_) => "<review prefix>".to_string(),
            None => arg.to_string(),
        };
        let env = command
            .get_envs()
            .filter_map(|(k, v)| Some(format!("{}={}", k.to_str()?, v?.to_str()?)))
            .collect();
        let args = command
            .get_args()
            .map(|a| shown(&a.to_string_lossy()))
            .collect();
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in REDACTIONS {
            settings.add_filter(pattern, replacement);
        }
        settings.set_raw_info(&header(args, env));
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(
                name,
                format!(
                    "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
                    out.status
                        .code()
                        .map_or("none (a signal)".into(), |c| c.to_string()),
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )
            )
        });
    }

    /// Remembers a review's id, so that snapshots show it as `<review>`.
    fn known(&self, id: &str) -> String {
        self.ids.borrow_mut().push(id.to_string());
        id.to_string()
    }

    /// A review for `iso3`, its id.
    fn review(&self, iso3: &str) -> String {
        let args = ["new", "--member-state", iso3, "--cycle", "IMRF 2026"];
        let id = self.ok(self.cmd(&[&args[..], &["--language", "en"]].concat()));
        self.known(id.trim())
    }

    /// Sets one answer.
    fn set(&self, id: &str, path: &str, value: &str) {
        self.ok(self.cmd(&["set", id, path, "--value", value]));
    }

    /// Makes the signing key, with who signs.
    fn make_key(&self) {
        self.ok(self.signing(&[
            "keys",
            "new",
            "--name",
            "Amina Otieno",
            "--title",
            "Director of Migration Policy",
            "--ministry",
            "Ministry of Interior",
            "--email",
            "amina@example.org",
        ]));
    }
}

#[test]
fn help_of_the_command_and_its_subcommands() {
    let s = Scratch::new();
    s.snap("help", s.bare(&["--help"]));
    for command in ["set", "verify", "keys", "package", "import", "merge"] {
        s.snap(&format!("help_{command}"), s.bare(&[command, "--help"]));
    }
}

#[test]
fn a_review_from_new_to_diff() {
    let s = Scratch::new();
    let new = [
        "new",
        "--member-state",
        "KEN",
        "--cycle",
        "IMRF 2026",
        "--language",
        "en",
    ];
    s.snap("new", s.cmd(&new));
    let list: Value = serde_json::from_str(&s.ok(s.cmd(&["list", "--json"]))).unwrap();
    let id = s.known(list[0]["id"].as_str().unwrap());
    let short = &id[..8];
    s.set(short, "methodology.process", "Ministries met monthly.");
    s.set(
        short,
        "objectives.7.principles",
        "human_rights,child_sensitive",
    );
    s.snap(
        "set",
        s.cmd(&[
            "set",
            short,
            "methodology.process",
            "--value",
            "Ministries met weekly.",
        ]),
    );
    s.ok(s.cmd(&["set", short, "objectives.7.prioritised", "--value", "true"]));

    s.snap("list_json", s.cmd(&["list", "--json"]));
    s.snap("show", s.cmd(&["show", short]));
    s.snap("history", s.cmd(&["history", short]));
    s.snap("diff", s.cmd(&["diff", short, "2", "4"]));
    s.snap("diff_json", s.cmd(&["diff", short, "2", "4", "--json"]));
    s.snap("diff_unknown_revision", s.cmd(&["diff", short, "1", "9"]));
}

#[test]
fn verdicts_valid_untrusted_and_invalid_with_their_exit_codes() {
    let s = Scratch::new();
    let id = s.review("SEN");
    s.set(&id, "methodology.process", "Ministries met monthly.");
    s.make_key();
    s.ok(s.signing(&["export-json", &id, "-o", "review.json", "--sign"]));

    s.snap("verify_valid", s.cmd(&["verify", "review.json"]));
    s.snap("verify_json", s.cmd(&["verify", "review.json", "--json"]));
    s.snap(
        "verify_untrusted",
        s.on("other", &["verify", "review.json"]),
    );
    s.snap(
        "verify_untrusted_allowed",
        s.on("other", &["verify", "review.json", "--allow-untrusted"]),
    );
    s.snap("keys_known", s.on("other", &["keys", "known"]));

    let text = std::fs::read_to_string(s.path().join("review.json")).unwrap();
    let tampered = text.replace("met monthly", "met weekly");
    assert_ne!(tampered, text);
    std::fs::write(s.path().join("tampered.json"), tampered).unwrap();
    s.snap("verify_invalid", s.cmd(&["verify", "tampered.json"]));
    s.snap(
        "verify_many",
        s.on(
            "other",
            &["verify", "review.json", "tampered.json", "missing.json"],
        ),
    );
}

#[test]
fn failures_name_the_command_or_flag_that_fixes_them() {
    let s = Scratch::new();
    let id = s.review("KEN");
    s.snap(
        "package_without_signer",
        s.signing(&["package", &id, "-o", "review.zip"]),
    );
    s.ok(s.cmd(&["keys", "signer", "--name", "Amina Otieno"]));
    s.snap(
        "package_without_key",
        s.signing(&["package", &id, "-o", "review.zip"]),
    );
    s.make_key();
    s.snap("keys_new_twice", s.signing(&["keys", "new"]));
    let mut wrong = s.cmd(&["export-json", &id, "-o", "review.json", "--sign"]);
    wrong.env("GCM_REVIEW_PASSPHRASE", "not the passphrase");
    s.snap("wrong_passphrase", wrong);
    s.snap("keys_trust_unknown", s.cmd(&["keys", "trust", "ZZZZ-ZZZZ"]));
    assert!(!s.path().join("review.zip").exists());
    assert!(!s.path().join("review.json").exists());
}

#[test]
fn template_show_begins_with_the_cover_and_the_objective_range() {
    let s = Scratch::new();
    let text = s.ok(s.bare(&["template", "show"]));
    let head: Vec<&str> = text.lines().take(12).collect();
    let objectives: Vec<&str> = text.lines().filter(|l| l.contains(".<")).collect();
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("template_show_head", head.join("\n"));
        insta::assert_snapshot!("template_show_objective_fields", objectives.join("\n"));
    });
}

#[test]
fn an_import_that_replaces_another_keys_text_waits_for_confirm() {
    let s = Scratch::new();
    let id = s.review("KEN");
    s.set(&id, "methodology.process", "Ministries met monthly.");
    s.make_key();
    s.ok(s.signing(&["package", &id, "-o", "first.zip"]));
    let other = |args: &[&str]| {
        let mut command = s.on("other", args);
        command.env("GCM_REVIEW_PASSPHRASE", PASSPHRASE);
        command
    };
    s.ok(other(&["import", "first.zip"]));
    s.ok(other(&[
        "keys",
        "new",
        "--name",
        "Someone Else",
        "--title",
        "Adviser",
        "--ministry",
        "Ministry of Labour",
        "--email",
        "someone@example.org",
    ]));
    s.ok(other(&[
        "set",
        &id,
        "methodology.process",
        "--value",
        "Changed.",
    ]));
    s.ok(other(&["package", &id, "-o", "second.zip"]));

    s.snap(
        "import_dry_run",
        s.cmd(&["import", "second.zip", "--dry-run"]),
    );
    s.snap("import_needs_consent", s.cmd(&["import", "second.zip"]));
    s.snap(
        "import_confirmed",
        s.cmd(&["import", "second.zip", "--confirm"]),
    );
}

#[test]
fn contributions_from_request_to_merge() {
    let s = Scratch::new();
    let id = s.review("KEN");
    s.set(&id, "objectives.6.measures", "Labour attachés were posted.");
    s.set(&id, "objectives.6.data", "Surveys.");
    s.make_key();
    s.snap(
        "contributors_add",
        s.cmd(&[
            "contributors",
            "add",
            &id,
            "--name",
            "Ministry of Labour",
            "--email",
            "labour@example.org",
        ]),
    );
    s.snap(
        "assign",
        s.cmd(&[
            "assign",
            &id,
            "ministry of labour",
            "objectives.6",
            "methodology.process",
        ]),
    );
    s.snap("contributors_list", s.cmd(&["contributors", "list", &id]));
    s.snap("status_before", s.cmd(&["status", &id]));
    s.snap(
        "request",
        s.signing(&[
            "request",
            &id,
            "ministry-of-labour",
            "-o",
            "request.zip",
            "--eml",
            "request.eml",
            "--due",
            "2099-01-31",
            "--instructions",
            "Please update objective 6.",
        ]),
    );
    assert!(s.path().join("request.eml").exists());

    // The ministry's machine: the workspace is addressed like a review.
    let ministry = |args: &[&str]| {
        let mut command = s.on("other", args);
        command.env("GCM_REVIEW_PASSPHRASE", PASSPHRASE);
        command
    };
    s.ok(ministry(&[
        "keys",
        "signer",
        "--name",
        "Peter Mwangi",
        "--ministry",
        "Ministry of Labour",
        "--email",
        "peter@example.org",
    ]));
    s.snap("open_request", ministry(&["open-request", "request.zip"]));
    let ws = s.ok(ministry(&["open-request", "request.zip"]));
    let ws = s.known(ws.trim());
    s.ok(ministry(&[
        "set",
        &ws,
        "objectives.6.measures",
        "--value",
        "Labour attachés were posted in six countries.",
    ]));
    s.ok(ministry(&[
        "set",
        &ws,
        "objectives.6.data",
        "--value",
        "Labour force survey.",
    ]));
    s.snap(
        "set_not_assigned",
        ministry(&["set", &ws, "means.financing", "--value", "x"]),
    );
    s.snap("show_workspace", ministry(&["show", &ws]));
    s.snap("history_workspace", ministry(&["history", &ws]));
    s.snap(
        "return",
        ministry(&[
            "return",
            &ws,
            "-o",
            "response.zip",
            "--eml",
            "response.eml",
            "--comment",
            "objectives.6.measures=From the 2025 annual report.",
        ]),
    );

    // Back on the coordinator's machine, who changed one of the same fields meanwhile.
    s.set(&id, "objectives.6.data", "Administrative records.");
    s.snap(
        "merge_dry_run",
        s.cmd(&["merge", &id, "response.zip", "--dry-run"]),
    );
    s.snap("merge", s.cmd(&["merge", &id, "response.zip"]));
    s.snap("status_conflict", s.cmd(&["status", &id]));
    s.snap(
        "resolve",
        s.cmd(&["resolve", &id, "objectives.6.data", "--theirs"]),
    );
    s.snap("status_json", s.cmd(&["status", &id, "--json"]));
    s.snap("history_merged", s.cmd(&["history", &id]));
    s.snap("merge_again", s.cmd(&["merge", &id, "response.zip"]));
    s.snap("merge_request_file", s.cmd(&["merge", &id, "request.zip"]));
}

/// The Python that has python-docx: the system's (Debian's python3-docx), else `python3`.
fn python_with_docx() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 with python-docx is needed (apt-get install python3-docx; make test does)")
}

#[test]
fn contributions_as_a_word_form() {
    let s = Scratch::new();
    let id = s.review("KEN");
    s.set(&id, "objectives.6.measures", "Labour attachés were posted.");
    s.set(&id, "objectives.6.data", "Surveys.");
    s.make_key();
    s.ok(s.cmd(&[
        "contributors",
        "add",
        &id,
        "--name",
        "Ministry of Labour",
        "--email",
        "labour@example.org",
    ]));
    s.ok(s.cmd(&["assign", &id, "ministry of labour", "objectives.6"]));
    s.snap(
        "request_docx",
        s.cmd(&[
            "request",
            &id,
            "ministry-of-labour",
            "--docx",
            "-o",
            "request.docx",
            "--due",
            "2099-01-31",
            "--eml",
            "request.eml",
        ]),
    );
    // The draft to the ministry carries the form.
    let eml = std::fs::read_to_string(s.path().join("request.eml")).unwrap();
    assert!(
        eml.contains("labour@example.org") && eml.contains("request.docx"),
        "{eml}"
    );
    // The ministry fills it in (python-docx), changes one answer, deletes one box.
    std::fs::write(
        s.path().join("answers.json"),
        r#"{"fill": {"objectives.6.measures": ["Labour attachés were posted in six countries."]}, "delete": ["objectives.6.data"]}"#,
    )
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents/fill_form.py");
    let status = Command::new(python_with_docx())
        .current_dir(s.path())
        .arg(script)
        .args(["request.docx", "returned.bin", "answers.json"])
        .status()
        .unwrap();
    assert!(status.success());
    // Recognised by its content, whatever its name.
    s.snap(
        "merge_docx_dry_run",
        s.cmd(&["merge", &id, "returned.bin", "--dry-run"]),
    );
    s.snap("merge_docx", s.cmd(&["merge", &id, "returned.bin"]));
    s.snap("history_merged_docx", s.cmd(&["history", &id]));
    std::fs::copy(
        s.path().join("returned.bin"),
        s.path().join("returned.docm"),
    )
    .unwrap();
    s.snap("merge_docm", s.cmd(&["merge", &id, "returned.docm"]));
}
