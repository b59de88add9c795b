//! Fuzzing, replayed: the seed corpora of the fuzz targets (`fuzz/corpus/<target>/`) and every
//! input a target ever crashed on (`tests/vectors/fuzz/<target>/`) go through the same API with
//! the same checks as the targets in `fuzz/fuzz_targets/`. Cheap and deterministic; the
//! fuzzing itself is `scripts/fuzz.sh` (`make fuzz`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use gcm_review::review::{check_value, completeness, validate, word_count, Values};
use gcm_review::sign::{
    canonicalize, sign_value, to_pretty, verify, Signer, SigningKey, Status, VerifyError,
};
use gcm_review::Template;
use serde_json::{Map, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files of a folder, sorted; none when the folder does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    out.sort();
    out
}

/// The seed corpus of a target.
fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    files(&root().join("fuzz/corpus").join(target))
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap()
}

// The checks of each fuzz target.

/// `fuzz_targets/verify_signed.rs`.
fn verify_signed(data: &[u8]) -> Result<(), VerifyError> {
    match verify(data) {
        Ok(verified) => {
            assert!(!verified.kid.is_empty());
            Ok(())
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            assert!(!e.to_string().is_empty());
            Err(e)
        }
    }
}

/// `fuzz_targets/template_load.rs`; the number of fields of a template it accepts.
fn template_load(data: &[u8]) -> Option<usize> {
    let template = Template::from_json(data).ok()?;
    let fields = template.fields();
    for f in &fields {
        let path = f.path();
        let found = template
            .field(&path)
            .unwrap_or_else(|| panic!("{path} is listed by fields() but field() does not find it"));
        let _ = template.option_values(found.field);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for word in text.split(|c: char| c.is_whitespace() || c == '"').take(64) {
            let _ = template.field(word);
        }
    }
    Some(fields.len())
}

/// `fuzz_targets/canonical_json.rs`; the canonical form, when the input is JSON and has one.
fn canonical_json(data: &[u8]) -> Option<Vec<u8>> {
    let value: Value = serde_json::from_slice(data).ok()?;
    let _ = to_pretty(&value);
    let first = canonicalize(&value).ok()?;
    let reparsed: Value = serde_json::from_slice(&first).expect("the canonical form is JSON");
    let second = canonicalize(&reparsed).expect("the canonical form has a canonical form");
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "canonicalisation is not idempotent"
    );
    Some(first)
}

/// `fuzz_targets/review_values.rs`; the values `check_value` accepted, when the input is a
/// JSON object.
fn review_values(data: &[u8]) -> Option<Values> {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = word_count(text);
    }
    let answers: Map<String, Value> = serde_json::from_slice(data).ok()?;
    let template = Template::builtin();
    let mut accepted = Values::new();
    for (path, value) in &answers {
        if let Value::String(text) = value {
            let _ = word_count(text);
        }
        if let Ok(normalised) = check_value(template, path, value) {
            accepted.insert(path.clone(), normalised);
        }
    }
    let _ = completeness(template, &accepted);
    let _ = validate(template, &accepted);
    let raw: Values = answers.into_iter().collect();
    let _ = completeness(template, &raw);
    let _ = validate(template, &raw);
    Some(accepted)
}

/// `fuzz_targets/open_package.rs`.
fn open_package(data: &[u8]) -> Result<(), String> {
    match gcm_review::package::open_package(data) {
        Ok(package) => {
            assert_eq!(package.fingerprint.len(), 64);
            assert!(package.pdf.starts_with(b"%PDF-"));
            Ok(())
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            Err(e.code().to_string())
        }
    }
}

/// `fuzz_targets/markdown_pdf.rs`.
fn markdown_pdf(data: &[u8]) -> Vec<u8> {
    use gcm_review::pdf::{render, PdfOptions};
    use gcm_review::review::ReviewDocument;
    let text = String::from_utf8_lossy(data).into_owned();
    let template = Template::builtin();
    let mut values = Values::new();
    values.insert("cover.member_state".into(), Value::from("KEN"));
    values.insert("cover.cycle".into(), Value::from("IMRF 2026"));
    values.insert("cover.language".into(), Value::from("ar"));
    values.insert("methodology.process".into(), Value::from(text.clone()));
    values.insert("objectives.7.measures".into(), Value::from(text));
    let document = ReviewDocument::new(
        template,
        "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90",
        1,
        &values,
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    );
    let pdf = render(template, &document, &PdfOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    pdf
}

// The seed corpora, replayed.

#[test]
fn open_package_corpus_replays_and_only_the_valid_package_opens() {
    let all = seeds("open_package");
    assert!(all.len() >= 2, "the open_package seeds are missing");
    for (path, bytes) in &all {
        let outcome = open_package(bytes);
        if name(path) == "valid.zip" {
            assert!(outcome.is_ok(), "{}: {:?}", path.display(), outcome.err());
        } else {
            assert!(outcome.is_err(), "{} opened", path.display());
        }
    }
}

#[test]
fn open_package_refuses_truncations_and_survives_byte_flips_of_the_valid_package() {
    let valid = fs::read(root().join("fuzz/corpus/open_package/valid.zip")).unwrap();
    for len in (0..valid.len()).step_by(997) {
        assert!(
            open_package(&valid[..len]).is_err(),
            "a prefix of {len} bytes opened"
        );
    }
    for i in (0..valid.len()).step_by(211) {
        let mut flipped = valid.clone();
        flipped[i] ^= 0x41;
        let _ = open_package(&flipped);
    }
}

#[test]
fn markdown_pdf_corpus_renders() {
    let all = seeds("markdown_pdf");
    assert!(!all.is_empty(), "the markdown_pdf seeds are missing");
    for (_, bytes) in &all {
        markdown_pdf(bytes);
    }
}

#[test]
fn verify_signed_corpus_replays_and_only_the_signed_vector_verifies() {
    let all = seeds("verify_signed");
    assert!(all.len() >= 5, "the verify_signed seeds are missing");
    for (path, bytes) in &all {
        let outcome = verify_signed(bytes);
        if name(path) == "signed.review.json" {
            assert!(outcome.is_ok(), "{}: {:?}", path.display(), outcome.err());
        } else {
            assert!(outcome.is_err(), "{} verified", path.display());
        }
    }
}

#[test]
fn verify_signed_refuses_every_truncation_and_survives_byte_flips_of_the_signed_vector() {
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
        let _ = verify_signed(&flipped);
    }
}

#[test]
fn template_load_corpus_replays_and_the_seed_is_the_bundled_template() {
    let all = seeds("template_load");
    assert!(!all.is_empty(), "the template_load seeds are missing");
    for (_, bytes) in &all {
        let _ = template_load(bytes);
    }
    let seed = fs::read(root().join("fuzz/corpus/template_load/imrf-annex1.json")).unwrap();
    let bundled = fs::read(root().join("assets/templates/imrf-annex1.json")).unwrap();
    let fields = template_load(&seed).expect("the seed template loads");
    assert_eq!(fields, Template::builtin().fields().len());
    assert_eq!(
        template_load(&bundled),
        Some(fields),
        "the seed is an old copy of assets/templates/imrf-annex1.json"
    );
}

#[test]
fn canonical_json_corpus_replays_and_the_rfc_vectors_keep_their_canonical_form() {
    let all = seeds("canonical_json");
    assert!(!all.is_empty(), "the canonical_json seeds are missing");
    for (path, bytes) in &all {
        let canonical = canonical_json(bytes);
        let stem = name(path).trim_end_matches(".json");
        let expected = root()
            .join("tests/vectors")
            .join(format!("{stem}.canonical"));
        if expected.exists() {
            assert_eq!(
                canonical.as_deref(),
                Some(fs::read(&expected).unwrap().as_slice()),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn review_values_corpus_replays_and_good_answers_are_accepted() {
    let all = seeds("review_values");
    assert!(!all.is_empty(), "the review_values seeds are missing");
    for (_, bytes) in &all {
        let _ = review_values(bytes);
    }
    let full = fs::read(root().join("fuzz/corpus/review_values/full_review.json")).unwrap();
    let accepted = review_values(&full).expect("the seed is a JSON object");
    for path in [
        "cover.member_state",
        "cover.date",
        "policy.implementation_plan",
        "objectives.7.principles",
        "annexes.stakeholders",
    ] {
        assert!(accepted.contains_key(path), "{path} was refused");
    }
}

// Inputs a fuzz target crashed on, each with the clean outcome it must now get.

#[test]
fn every_crash_input_replays_without_a_panic() {
    for target in [
        "verify_signed",
        "template_load",
        "canonical_json",
        "review_values",
    ] {
        for (path, bytes) in files(&root().join("tests/vectors/fuzz").join(target))
            .into_iter()
            .map(|p| {
                let b = fs::read(&p).unwrap();
                (p, b)
            })
        {
            eprintln!("{target}: {}", path.display());
            match target {
                "verify_signed" => drop(verify_signed(&bytes)),
                "template_load" => drop(template_load(&bytes)),
                "canonical_json" => drop(canonical_json(&bytes)),
                _ => drop(review_values(&bytes)),
            }
        }
    }
}

/// canonical_json found: a double that is a whole number beyond ±(2^53 − 1) but below 2^64
/// (`1e16`, or `14886588926290458385e0` as the fuzzer wrote it) gets a canonical form that is
/// an integer literal, which `canonicalize` then refuses as an unsafe integer: the canonical
/// form has no canonical form. Such a number must be refused from the start, or its canonical
/// form must read back to itself.
#[test]
fn an_integral_double_beyond_the_safe_range_is_refused_or_stable() {
    for text in [
        "1e16",
        "-1e16",
        "9007199254740992.0",
        "14886588926290458385e0",
    ] {
        let value: Value = serde_json::from_str(text).unwrap();
        match canonicalize(&value) {
            Err(e) => assert!(
                e.to_string().contains("too large to be signed exactly"),
                "{text}: {e}"
            ),
            Ok(first) => {
                let again = canonicalize(&serde_json::from_slice(&first).unwrap());
                assert_eq!(
                    again.as_deref().ok(),
                    Some(first.as_slice()),
                    "{text}: its canonical form {} does not read back to itself: {again:?}",
                    String::from_utf8_lossy(&first)
                );
            }
        }
    }
}

/// The same through signing: a review holding such a number is either refused when signed or
/// verifies afterwards; a signature its own app cannot check is the one outcome not allowed.
#[test]
fn a_review_with_an_integral_double_beyond_the_safe_range_signs_only_if_it_verifies() {
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
    let review = Value::Object(review);
    if let Ok(signed) = sign_value(
        &review,
        &signer,
        Status::Draft,
        &key,
        "2026-03-02T09:30:00Z",
    ) {
        let verified = verify(signed.file_bytes());
        assert!(
            verified.is_ok(),
            "signed, then refused by verify: {}",
            verified.unwrap_err()
        );
    }
}
