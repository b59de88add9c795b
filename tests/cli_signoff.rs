//! The command line of interministerial review, pinned whole: `comments` and `comment`,
//! `signoff list | add | approve | status`, `make-approval` on the approver's machine, and
//! `finalize`; their text, `--json` shapes and failures with their hints. Commands run in a
//! scratch folder with relative paths (`--data-dir data` for the coordinator, `--data-dir
//! other` for an approver); ids, times, keys and digests are redacted. After a deliberate
//! change of output, rerun with `INSTA_UPDATE=always` and review the snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use insta::internals::Content;
use tempfile::TempDir;

const PASSPHRASE: &str = "correct horse battery staple";

/// What differs from run to run, and what it is replaced by, in order.
const REDACTIONS: [(&str, &str); 10] = [
    (r"\b[0-9a-f]{64}\b", "[DIGEST]"),
    (
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        "[ID]",
    ),
    (r"\b[0-9a-f]{16}…", "[FOOTER]…"),
    (r"\[[0-9a-f]{8}\]", "[COMMENT]"),
    (r"thread [0-9a-f]{8}", "thread [COMMENT]"),
    (r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){3,}\b", "[FINGERPRINT]"),
    (r"[A-Za-z0-9_-]{43}", "[KID]"),
    (
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
        "[TIME]",
    ),
    (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[LOCAL TIME]"),
    (r"20\d{2}-\d{2}-\d{2}", "[DATE]"),
];

/// An argument as a snapshot's header shows it: a review or comment id (random in every run)
/// as `<id>`, a prefix of one as `<id prefix>`.
fn shown(arg: &str) -> String {
    let hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    let parts: Vec<&str> = arg.split('-').collect();
    if parts.len() == 5 && parts.iter().all(|p| hex(p)) && arg.len() == 36 {
        "<id>".to_string()
    } else if arg.len() == 8 && hex(arg) && arg.chars().any(|c| c.is_ascii_digit()) {
        "<id prefix>".to_string()
    } else {
        arg.to_string()
    }
}

/// A scratch folder holding the data folders of the coordinator (`data`) and an approver
/// (`other`), and the files passed between them.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `gcm-review` on a machine, with the passphrase of its key.
    fn on(&self, machine: &str, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gcm-review"));
        command
            .current_dir(self.path())
            .env_remove("GCM_REVIEW_DATA_DIR")
            .env_remove("GCM_REVIEW_NEW_PASSPHRASE")
            .env("GCM_REVIEW_PASSPHRASE", PASSPHRASE)
            .args(["--data-dir", machine])
            .args(args);
        command
    }

    fn cmd(&self, args: &[&str]) -> Command {
        self.on("data", args)
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

    /// Runs a command and pins its exit code, standard output and standard error, redacted.
    fn snap(&self, name: &str, mut command: Command) {
        let out = command.output().unwrap();
        let args = Content::Seq(
            command
                .get_args()
                .map(|a| Content::from(shown(&a.to_string_lossy())))
                .collect(),
        );
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in REDACTIONS {
            settings.add_filter(pattern, replacement);
        }
        settings.set_raw_info(&Content::Map(vec![("args".into(), args)]));
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

    /// A key and signer on `machine`.
    fn make_key(&self, machine: &str, name: &str, ministry: &str) {
        self.ok(self.on(
            machine,
            &[
                "keys",
                "new",
                "--name",
                name,
                "--title",
                "Permanent Secretary",
                "--ministry",
                ministry,
                "--email",
                "ps@example.go.ke",
            ],
        ));
    }

    /// A review for Kenya with one answer, on the coordinator's machine; its id.
    fn review(&self) -> String {
        let id = self.ok(self.cmd(&[
            "new",
            "--member-state",
            "KEN",
            "--cycle",
            "IMRF 2026",
            "--language",
            "en",
        ]));
        let id = id.trim().to_string();
        self.ok(self.cmd(&[
            "set",
            &id,
            "methodology.process",
            "--value",
            "We consulted ten ministries.",
        ]));
        id
    }
}

#[test]
fn comments_threads_replies_and_resolving() {
    let s = Scratch::new();
    s.make_key("data", "Amina Otieno", "Ministry of Interior");
    let id = s.review();
    s.snap(
        "comment_new",
        s.cmd(&[
            "comment",
            &id,
            "methodology.process",
            "--text",
            "Name the ten ministries.",
        ]),
    );
    let listed = s.ok(s.cmd(&["comments", &id, "--json"]));
    let threads: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let first = threads[0]["id"].as_str().unwrap().to_string();
    s.snap(
        "comment_reply",
        s.cmd(&[
            "comment",
            &id,
            "--reply-to",
            &first[..8],
            "--text",
            "In the annex.\nAll ten.",
        ]),
    );
    s.snap("comments", s.cmd(&["comments", &id]));
    s.snap("comments_json", s.cmd(&["comments", &id, "--json"]));
    s.snap(
        "comment_resolve",
        s.cmd(&["comment", &id, "--resolve", &first]),
    );
    s.snap("comments_open", s.cmd(&["comments", &id, "--open"]));
    s.snap(
        "comment_unknown_field",
        s.cmd(&["comment", &id, "methodology.nowhere", "--text", "Hello"]),
    );
    s.snap(
        "comment_without_text",
        s.cmd(&["comment", &id, "methodology.process"]),
    );
    s.snap("help_comment", s.cmd(&["comment", "--help"]));
}

#[test]
fn signoff_list_approvals_staleness_and_the_final_decision() {
    let s = Scratch::new();
    s.make_key("data", "Amina Otieno", "Ministry of Interior");
    let id = s.review();
    for (entity, approver) in [
        ("Ministry of Labour", "Grace Njeri"),
        ("Ministry of Health", ""),
    ] {
        s.ok(s.cmd(&[
            "signoff",
            "add",
            &id,
            "--entity",
            entity,
            "--approver",
            approver,
            "--title",
            "Permanent Secretary",
        ]));
    }
    s.snap("signoff_list", s.cmd(&["signoff", "list", &id]));
    s.snap(
        "signoff_add_twice",
        s.cmd(&["signoff", "add", &id, "--entity", "ministry of health"]),
    );
    std::fs::write(s.path().join("scan.pdf"), b"%PDF-1.7\n% scanned\n").unwrap();
    s.snap(
        "signoff_approve_paper",
        s.cmd(&[
            "signoff",
            "approve",
            &id,
            "--entity",
            "Ministry of Health",
            "--approver",
            "Peter Kamau",
            "--date",
            "2026-03-02",
            "--attach",
            "scan.pdf",
        ]),
    );
    s.snap(
        "signoff_approve_wrong_fingerprint",
        s.cmd(&[
            "signoff",
            "approve",
            &id,
            "--entity",
            "Ministry of Labour",
            "--fingerprint",
            "0123456789abcdef",
        ]),
    );
    s.snap(
        "signoff_approve_unknown_entity",
        s.cmd(&["signoff", "approve", &id, "--entity", "Ministry of Finance"]),
    );

    // The approver's machine approves the circulated draft with its own key.
    s.ok(s.cmd(&["export-json", &id, "-o", "draft.review.json", "--sign"]));
    s.make_key("other", "Grace Njeri", "Ministry of Labour");
    s.snap(
        "make_approval",
        s.on(
            "other",
            &[
                "make-approval",
                "draft.review.json",
                "-o",
                "labour.approval.json",
            ],
        ),
    );
    s.snap(
        "signoff_approve_untrusted",
        s.cmd(&["signoff", "approve", &id, "--file", "labour.approval.json"]),
    );
    s.snap(
        "signoff_approve_confirmed",
        s.cmd(&[
            "signoff",
            "approve",
            &id,
            "--file",
            "labour.approval.json",
            "--confirm",
        ]),
    );
    s.snap("signoff_status", s.cmd(&["signoff", "status", &id]));
    s.snap("finalize_not_ready", s.cmd(&["finalize", &id]));

    // Everything answered (through the core), then the decision from the command line.
    {
        let mut desk = gcm_review::Desk::open(&s.path().join("data")).unwrap();
        common::complete(&mut desk, &id);
    }
    s.ok(s.cmd(&[
        "signoff",
        "approve",
        &id,
        "--entity",
        "Ministry of Health",
        "--date",
        "2026-03-03",
    ]));
    s.snap("signoff_status_stale", s.cmd(&["signoff", "status", &id]));
    s.snap("finalize_pending", s.cmd(&["finalize", &id]));
    s.snap("finalize_confirmed", s.cmd(&["finalize", &id, "--confirm"]));
    s.snap(
        "set_after_final",
        s.cmd(&[
            "set",
            &id,
            "methodology.process",
            "--value",
            "Twelve ministries.",
        ]),
    );
    s.snap(
        "signoff_status_after_edit",
        s.cmd(&["signoff", "status", &id, "--json"]),
    );
}

#[test]
fn signoff_list_from_the_contributors() {
    let s = Scratch::new();
    s.make_key("data", "Amina Otieno", "Ministry of Interior");
    let id = s.review();
    for (name, email) in [
        ("Ministry of Labour", "labour@example.org"),
        ("Ministry of Health", "health@example.org"),
        ("Kenya National Bureau of Statistics", "knbs@example.org"),
    ] {
        s.ok(s.cmd(&["contributors", "add", &id, "--name", name, "--email", email]));
    }
    s.ok(s.cmd(&["signoff", "add", &id, "--entity", "ministry of health"]));
    s.snap(
        "signoff_add_from_one_contributor",
        s.cmd(&[
            "signoff",
            "add",
            &id,
            "--from-contributors",
            "ministry-of-labour",
        ]),
    );
    s.snap(
        "signoff_add_from_a_listed_contributor",
        s.cmd(&[
            "signoff",
            "add",
            &id,
            "--from-contributors",
            "Ministry of Health",
        ]),
    );
    s.snap(
        "signoff_add_from_contributors",
        s.cmd(&["signoff", "add", &id, "--from-contributors"]),
    );
    s.snap(
        "signoff_add_from_no_contributor_left",
        s.cmd(&["signoff", "add", &id, "--from-contributors"]),
    );
    s.snap(
        "signoff_list_from_contributors",
        s.cmd(&["signoff", "list", &id]),
    );
}
