//! Fuzzing, replayed: the seed corpora of the fuzz targets (`fuzz/corpus/<target>/`) and every
//! input a target ever crashed on (`tests/vectors/fuzz/<target>/`) go through the same API with
//! the same checks as the targets in `fuzz/fuzz_targets/`, and each file gets the outcome
//! listed for it here. Cheap and deterministic; the fuzzing itself is `scripts/fuzz.sh`
//! (`make fuzz`).
//!
//! Every target must have a seed folder holding files, every seed an outcome listed here, and
//! every listed outcome a file: a missing folder, an empty one, an unlisted or a vanished seed
//! fails. Seeds named `fail_*` are the ones a target must refuse.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod targets;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use gcm_review::sign::{canonicalize, sign_value, verify, Signer, SigningKey, Status};
use gcm_review::Template;
use serde_json::Value;
use targets::{
    canonical_json, markdown_pdf, open_package, review_values, template_load, verify_signed,
    Canonical,
};

/// The fuzz targets (`fuzz/fuzz_targets/*.rs`), each replayed by a test below.
const TARGETS: [&str; 6] = [
    "canonical_json",
    "markdown_pdf",
    "open_package",
    "review_values",
    "template_load",
    "verify_signed",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap()
}

/// The files of a folder (a README aside), sorted; fails, naming the folder, when it does not
/// exist or holds no file.
fn files(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && name(p) != "README.md")
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{} holds no files", dir.display());
    out
}

/// The sub-folders of a folder, sorted.
fn folders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| name(&p).to_string())
        .collect();
    out.sort();
    out
}

/// The files of `dir`, each with the outcome `expected` lists for it; every file must be listed
/// and every listed name must be a file. `refusal` tells the outcomes that refuse, which must be
/// exactly the files named `fail_*`.
fn replay<'a, T>(
    dir: &Path,
    expected: &'a [(&str, T)],
    refusal: fn(&T) -> bool,
) -> Vec<(&'a str, Vec<u8>, &'a T)> {
    let on_disk: Vec<String> = files(dir).iter().map(|p| name(p).to_string()).collect();
    let mut listed: Vec<String> = expected.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk,
        listed,
        "{}: the files and the outcomes listed for them differ",
        dir.display()
    );
    for (file, outcome) in expected {
        assert_eq!(
            file.starts_with("fail_"),
            refusal(outcome),
            "{}/{file}: only `fail_*` files are refused",
            dir.display()
        );
    }
    expected
        .iter()
        .map(|(file, outcome)| (*file, fs::read(dir.join(file)).unwrap(), outcome))
        .collect()
}

fn seeds<'a, T>(
    target: &str,
    expected: &'a [(&str, T)],
    refusal: fn(&T) -> bool,
) -> Vec<(&'a str, Vec<u8>, &'a T)> {
    replay(&root().join("fuzz/corpus").join(target), expected, refusal)
}

#[test]
fn every_fuzz_target_has_seeds_and_a_replay_here() {
    let stems = |dir: &Path| -> Vec<String> {
        files(dir)
            .iter()
            .filter_map(|p| name(p).strip_suffix(".rs").map(str::to_string))
            .collect()
    };
    assert_eq!(stems(&root().join("fuzz/fuzz_targets")), TARGETS);
    assert_eq!(folders(&root().join("fuzz/corpus")), TARGETS);
    for target in TARGETS {
        files(&root().join("fuzz/corpus").join(target));
    }
    let script = fs::read_to_string(root().join("scripts/fuzz.sh")).unwrap();
    let listed = script
        .lines()
        .find_map(|l| l.strip_prefix("all_targets=("))
        .and_then(|l| l.strip_suffix(')'))
        .expect("scripts/fuzz.sh lists all_targets");
    let mut listed: Vec<&str> = listed.split_whitespace().collect();
    listed.sort();
    assert_eq!(listed, TARGETS, "scripts/fuzz.sh fuzzes other targets");
}

// The seed corpora, replayed.

/// `None`: the input is accepted; `Some(code)`: refused with that error code.
type Code = Option<&'static str>;

fn refuses(code: &Code) -> bool {
    code.is_some()
}

#[test]
fn open_package_seeds_get_their_outcome() {
    let expected: &[(&str, Code)] = &[
        ("fail_empty.zip", Some("not_zip")),
        ("fail_truncated.zip", Some("not_zip")),
        ("valid.zip", None),
    ];
    for (file, bytes, code) in seeds("open_package", expected, refuses) {
        let outcome = open_package(&bytes);
        assert_eq!(
            outcome.as_ref().err().map(|e| e.code().as_str()),
            *code,
            "{file}"
        );
    }
}

#[test]
fn open_package_refuses_truncations_and_byte_flips_change_nothing_that_opens() {
    let valid = fs::read(root().join("fuzz/corpus/open_package/valid.zip")).unwrap();
    let original = open_package(&valid).unwrap();
    for len in (0..valid.len()).step_by(997) {
        assert!(
            open_package(&valid[..len]).is_err(),
            "a prefix of {len} bytes opened"
        );
    }
    let mut refused = 0;
    for i in (0..valid.len()).step_by(211) {
        let mut flipped = valid.clone();
        flipped[i] ^= 0x41;
        match open_package(&flipped) {
            Err(_) => refused += 1,
            // Only bytes no check covers (a time stamp, say) may change and still open.
            Ok(package) => {
                assert_eq!(package.fingerprint, original.fingerprint, "byte {i}");
                assert!(package.pdf == original.pdf, "byte {i}: another PDF");
                assert!(package.review_file == original.review_file, "byte {i}");
            }
        }
    }
    assert!(refused > 0);
}

#[test]
fn markdown_pdf_seeds_render_the_same_pdf_every_time() {
    for path in files(&root().join("fuzz/corpus/markdown_pdf")) {
        assert!(!name(&path).starts_with("fail_"), "any text renders");
        let bytes = fs::read(&path).unwrap();
        let pdf = markdown_pdf(&bytes);
        let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(16)..]).into_owned();
        assert!(
            tail.trim_end().ends_with("%%EOF"),
            "{}: {tail:?}",
            path.display()
        );
        assert!(
            markdown_pdf(&bytes) == pdf,
            "{}: not deterministic",
            path.display()
        );
    }
}

/// The RFC 8037 example key the signed vectors are signed with.
const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

#[test]
fn verify_signed_seeds_get_their_outcome() {
    let expected: &[(&str, Code)] = &[
        ("fail_alg_hs256.review.json", Some("unsupported_algorithm")),
        ("fail_alg_none.review.json", Some("unsupported_algorithm")),
        ("fail_changed_answer.review.json", Some("mismatch")),
        ("fail_duplicate_member.review.json", Some("not_json")),
        ("fail_kid_mismatch.review.json", Some("key_id_mismatch")),
        ("fail_private_key_in_header.review.json", Some("bad_key")),
        ("fail_truncated.review.json", Some("not_json")),
        ("fail_unknown_format.review.json", Some("unknown_format")),
        (
            "fail_unsigned_review.review.json",
            Some("not_signed_review"),
        ),
        ("fail_wrong_typ.review.json", Some("wrong_type")),
        ("signed.review.json", None),
    ];
    for (file, bytes, code) in seeds("verify_signed", expected, refuses) {
        match (verify_signed(&bytes), code) {
            (Ok(verified), None) => assert_eq!(verified.kid, RFC8037_KID, "{file}"),
            (outcome, code) => {
                assert_eq!(outcome.err().map(|e| e.code().as_str()), *code, "{file}")
            }
        }
    }
}

#[test]
fn verify_signed_refuses_every_truncation_and_every_byte_flip_of_the_signed_vector() {
    let signed = fs::read(root().join("fuzz/corpus/verify_signed/signed.review.json")).unwrap();
    let end = signed.iter().rposition(|&b| b == b'}').unwrap();
    for len in 0..end {
        assert!(
            verify_signed(&signed[..len]).is_err(),
            "a prefix of {len} bytes verified"
        );
    }
    for i in (0..signed.len()).step_by(7) {
        let mut flipped = signed.clone();
        flipped[i] ^= 0x20;
        let outcome = verify_signed(&flipped);
        assert!(outcome.is_err(), "flipping byte {i} verified: {outcome:?}");
    }
}

/// How a template seed must fare: `Ok(fields)`, or refused with a message containing the text.
type Loads = Result<usize, &'static str>;

#[test]
fn template_load_seeds_get_their_outcome_and_the_good_one_is_the_bundled_template() {
    let expected: &[(&str, Loads)] = &[
        (
            "fail_inconsistent.json",
            Err("2 problem(s): it declares no language; \
                 objectives must be numbered 1 to 23 in order, found []"),
        ),
        (
            "fail_missing_members.json",
            Err("not valid JSON of the template format: missing field `languages`"),
        ),
        (
            "fail_truncated.json",
            Err("not valid JSON of the template format: EOF while parsing"),
        ),
        ("imrf-annex1.json", Ok(Template::builtin().fields().len())),
    ];
    for (file, bytes, loads) in seeds("template_load", expected, Result::is_err) {
        match (template_load(&bytes), loads) {
            (Ok(walk), Ok(fields)) => assert_eq!(walk.fields, *fields, "{file}"),
            (Err(e), Err(text)) => assert!(e.to_string().contains(text), "{file}: {e}"),
            (outcome, _) => panic!("{file}: {outcome:?}, not {loads:?}"),
        }
    }
    let seed = fs::read(root().join("fuzz/corpus/template_load/imrf-annex1.json")).unwrap();
    let bundled = fs::read(root().join("assets/templates/imrf-annex1.json")).unwrap();
    assert_eq!(
        template_load(&bundled).unwrap(),
        template_load(&seed).unwrap(),
        "the seed is an old copy of assets/templates/imrf-annex1.json"
    );
}

/// How a canonical_json seed must fare.
#[derive(Debug)]
enum Canon {
    /// Canonical form as in this vector of `tests/vectors/`.
    Vector(&'static str),
    /// Already canonical: its canonical form is the file without its final newline.
    Itself,
    /// This canonical form.
    Is(&'static str),
    /// Written in the readable form: `to_pretty` gives the file back.
    Pretty,
    /// No canonical form, for a reason whose message contains the text.
    Refused(&'static str),
    /// Not JSON, so the target stops there.
    NotJson,
}

fn canon_refuses(c: &Canon) -> bool {
    matches!(c, Canon::Refused(_) | Canon::NotJson)
}

/// Asserts that `data` fares as `expected` through the canonical_json target.
fn assert_canonical(file: &str, data: &[u8], expected: &Canon) {
    let text = String::from_utf8_lossy(data);
    match (canonical_json(data), expected) {
        (Canonical::Form { canonical, .. }, Canon::Vector(vector)) => {
            let want = fs::read_to_string(root().join("tests/vectors").join(vector))
                .unwrap_or_else(|e| panic!("{file}: tests/vectors/{vector}: {e}"));
            assert_eq!(canonical, want, "{file}");
        }
        (Canonical::Form { canonical, .. }, Canon::Itself) => {
            assert_eq!(canonical, text.trim_end(), "{file}");
        }
        (Canonical::Form { canonical, .. }, Canon::Is(form)) => {
            assert_eq!(canonical, *form, "{file}");
        }
        (Canonical::Form { pretty, .. }, Canon::Pretty) => assert_eq!(pretty, text, "{file}"),
        (Canonical::Refused(e), Canon::Refused(reason)) => {
            assert!(e.to_string().contains(reason), "{file}: {e}");
        }
        (Canonical::NotJson, Canon::NotJson) => {}
        (got, _) => panic!("{file}: {got:?}, not {expected:?}"),
    }
}

#[test]
fn canonical_json_seeds_get_their_outcome() {
    let expected: &[(&str, Canon)] = &[
        ("deepest_nesting.json", Canon::Itself),
        ("fail_not_json.txt", Canon::NotJson),
        ("fail_too_deep.json", Canon::NotJson),
        (
            "fail_unsafe_integer.json",
            Canon::Refused("the number 9007199254740993 is too large to be signed exactly"),
        ),
        (
            "rfc8785-sorting.json",
            Canon::Vector("rfc8785-sorting.canonical"),
        ),
        (
            "rfc8785-values.json",
            Canon::Vector("rfc8785-values.canonical"),
        ),
        ("signed.review.json", Canon::Pretty),
    ];
    for (file, bytes, outcome) in seeds("canonical_json", expected, canon_refuses) {
        assert_canonical(file, &bytes, outcome);
    }
}

/// How a review_values seed must fare.
#[derive(Debug)]
enum Seed {
    /// Answers, every one refused; these are their paths.
    AllRefused(&'static [&'static str]),
    /// Answers: every one accepted but those at these paths.
    Answers { refused: &'static [&'static str] },
    /// Text that is not a JSON object, of this many words.
    Text { words: usize },
}

#[test]
fn review_values_seeds_get_their_outcome() {
    let expected: &[(&str, Seed)] = &[
        (
            "fail_invalid_values.json",
            Seed::AllRefused(&[
                "",
                "annexes.stakeholders",
                "cover",
                "cover.date",
                "cover.member_state",
                "objectives..measures",
                "objectives.1.prioritised",
                "objectives.7.principles",
                "objectives.99.measures",
                "policy.implementation_plan",
            ]),
        ),
        (
            "full_review.json",
            Seed::Answers {
                refused: &["next_steps.budget"],
            },
        ),
        (
            "signed_answers.json",
            Seed::Answers {
                refused: &[
                    "annexes.\u{1F600}",
                    "annexes.\u{FB33}",
                    "next_steps.budget",
                    "objectives.7.principles",
                ],
            },
        ),
        ("words.txt", Seed::Text { words: 15 }),
    ];
    let paths =
        |paths: &[&str]| -> BTreeSet<String> { paths.iter().map(|p| p.to_string()).collect() };
    let all_refused = |seed: &Seed| matches!(seed, Seed::AllRefused(_));
    for (file, bytes, seed) in seeds("review_values", expected, all_refused) {
        let got = review_values(&bytes);
        match (seed, got.checked) {
            (Seed::AllRefused(refused), Some((accepted, got_refused))) => {
                assert_eq!(got_refused, paths(refused), "{file}");
                assert!(accepted.is_empty(), "{file}: {accepted:?} accepted");
            }
            (Seed::Answers { refused }, Some((accepted, got_refused))) => {
                assert_eq!(got_refused, paths(refused), "{file}");
                assert!(!accepted.is_empty(), "{file}: nothing accepted");
            }
            (Seed::Text { words }, None) => assert_eq!(got.words, Some(*words), "{file}"),
            (_, checked) => panic!("{file}: {checked:?}, not {seed:?}"),
        }
    }
}

// Inputs a fuzz target crashed on, each with the clean outcome it must now get.

#[test]
fn every_crash_input_folder_is_a_target_replayed_here() {
    assert_eq!(
        folders(&root().join("tests/vectors/fuzz")),
        ["canonical_json"],
        "replay each target's crash inputs in a test here"
    );
}

#[test]
fn canonical_json_crash_inputs_get_a_stable_canonical_form() {
    let dir = root().join("tests/vectors/fuzz/canonical_json");
    let expected: &[(&str, Canon)] = &[
        (
            "integral_double_beyond_safe_range.json",
            Canon::Is("10000000000000000"),
        ),
        (
            "integral_double_beyond_safe_range_as_found.json",
            Canon::Is(r#"{"word_limit":[14886588926290459000]}"#),
        ),
    ];
    for (file, bytes, outcome) in replay(&dir, expected, canon_refuses) {
        assert_canonical(file, &bytes, outcome);
    }
}

/// canonical_json found: a double that is a whole number beyond ±(2^53 − 1) but below 2^64
/// (`1e16`, or `14886588926290458385e0` as the fuzzer wrote it) got a canonical form that is an
/// integer literal, which `canonicalize` then refused as an unsafe integer: the canonical form
/// had no canonical form. Such a number now has the canonical form ECMAScript gives the double,
/// and that form reads back to itself. (Refusing such numbers instead would be a deliberate
/// change of the format, made here.)
#[test]
fn an_integral_double_beyond_the_safe_range_has_a_stable_canonical_form() {
    for (text, form) in [
        ("1e16", "10000000000000000"),
        ("-1e16", "-10000000000000000"),
        ("9007199254740992.0", "9007199254740992"),
        ("14886588926290458385e0", "14886588926290459000"),
    ] {
        let value: Value = serde_json::from_str(text).unwrap();
        let first = canonicalize(&value).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(String::from_utf8_lossy(&first), form, "{text}");
        let again = canonicalize(&serde_json::from_slice(&first).unwrap());
        assert_eq!(
            again.as_deref().ok(),
            Some(first.as_slice()),
            "{text}: its canonical form {form} does not read back to itself: {again:?}"
        );
    }
}

/// The same through signing: a review holding such a number signs, and the signature verifies
/// with the number's canonical form kept; a signature its own app cannot check is what the
/// fuzzer's input led to.
#[test]
fn a_review_with_an_integral_double_beyond_the_safe_range_signs_and_verifies() {
    let file: Value = serde_json::from_slice(
        &fs::read(root().join("fuzz/corpus/verify_signed/signed.review.json")).unwrap(),
    )
    .unwrap();
    let mut review = file["review"].as_object().unwrap().clone();
    for member in ["signer", "status", "signed"] {
        review.remove(member);
    }
    review["answers"]["next_steps.budget"] = serde_json::from_str("1e16").unwrap();
    let signer = Signer {
        name: "Amina Diallo".to_string(),
        title: "Directrice".to_string(),
        ministry: "Ministère de l'Intérieur".to_string(),
        email: "a.diallo@example.org".to_string(),
    };
    let key = SigningKey::generate().unwrap();
    let signed = sign_value(
        &Value::Object(review),
        &signer,
        Status::Draft,
        &key,
        "2026-03-02T09:30:00Z",
    )
    .unwrap_or_else(|e| panic!("refused to sign: {e}"));
    let verified = verify(signed.file_bytes())
        .unwrap_or_else(|e| panic!("signed, then refused by verify: {e}"));
    assert_eq!(verified.kid, key.kid());
    let budget = &verified.review["answers"]["next_steps.budget"];
    assert_eq!(canonicalize(budget).unwrap(), b"10000000000000000");
}
