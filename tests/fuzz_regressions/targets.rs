//! The checks of each fuzz target in `fuzz/fuzz_targets/`, made on the same API, each
//! returning what the target got so that a replay can assert it.

use std::collections::BTreeSet;

use gcm_review::package::{OpenedPackage, PackageError};
use gcm_review::review::{check_value, completeness, validate, word_count, Values};
use gcm_review::sign::{canonicalize, to_pretty, verify, CanonicalError, Verified, VerifyError};
use gcm_review::template::{FieldRef, TemplateError};
use gcm_review::Template;
use serde_json::{Map, Value};

/// `fuzz_targets/verify_signed.rs`.
pub fn verify_signed(data: &[u8]) -> Result<Verified, VerifyError> {
    let outcome = verify(data);
    match &outcome {
        Ok(verified) => assert!(!verified.kid.is_empty()),
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let message = e.to_string();
            assert!(!message.is_empty() && !message.contains('\n'), "{message}");
        }
    }
    outcome
}

/// What walking a template found: its fields and the options they offer.
#[derive(Debug, PartialEq, Eq)]
pub struct Walk {
    pub fields: usize,
    pub options: usize,
}

fn key(f: &FieldRef<'_>) -> (String, Option<u8>, String) {
    (f.section.id.clone(), f.objective, f.field.id.clone())
}

/// `fuzz_targets/template_load.rs`.
pub fn template_load(data: &[u8]) -> Result<Walk, TemplateError> {
    let template = Template::from_json(data)?;
    let fields = template.fields();
    let listed: BTreeSet<_> = fields.iter().map(key).collect();
    let mut options = 0;
    for f in &fields {
        let path = f.path();
        let found = template
            .field(&path)
            .unwrap_or_else(|| panic!("{path} is listed by fields() but field() does not find it"));
        assert_eq!(key(&found), key(f), "{path} resolves to another field");
        options += template.option_values(found.field).len();
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for word in text.split(|c: char| c.is_whitespace() || c == '"').take(64) {
            if let Some(found) = template.field(word) {
                assert!(listed.contains(&key(&found)), "{word}: not in fields()");
            }
        }
    }
    Ok(Walk {
        fields: fields.len(),
        options,
    })
}

/// What `fuzz_targets/canonical_json.rs` got from an input.
#[derive(Debug)]
pub enum Canonical {
    NotJson,
    Refused(CanonicalError),
    Form { canonical: String, pretty: String },
}

/// `fuzz_targets/canonical_json.rs`, with the readable form held to the canonical one.
pub fn canonical_json(data: &[u8]) -> Canonical {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return Canonical::NotJson;
    };
    let pretty = to_pretty(&value);
    let first = match canonicalize(&value) {
        Err(e) => {
            assert_eq!(pretty.err(), Some(e.clone()), "to_pretty disagrees");
            return Canonical::Refused(e);
        }
        Ok(first) => first,
    };
    let pretty = pretty.expect("to_pretty refuses what canonicalize accepts");
    let reparsed: Value = serde_json::from_slice(&first).expect("the canonical form is JSON");
    let second = canonicalize(&reparsed).expect("the canonical form has a canonical form");
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "canonicalisation is not idempotent"
    );
    let readable: Value = serde_json::from_slice(&pretty).expect("the readable form is JSON");
    assert_eq!(
        canonicalize(&readable).unwrap(),
        first,
        "the readable form reads back otherwise"
    );
    Canonical::Form {
        canonical: String::from_utf8(first).expect("the canonical form is UTF-8"),
        pretty: String::from_utf8(pretty).expect("the readable form is UTF-8"),
    }
}

/// What `fuzz_targets/review_values.rs` got: the text's word count, and for a JSON object the
/// answers `check_value` accepted (normalised) and the paths it refused.
#[derive(Debug)]
pub struct Answers {
    pub words: Option<usize>,
    pub checked: Option<(Values, BTreeSet<String>)>,
}

/// `fuzz_targets/review_values.rs`, with `validate` held to `check_value`.
pub fn review_values(data: &[u8]) -> Answers {
    let counted = |text: &str| {
        let n = word_count(text);
        assert!(n <= text.chars().count(), "{n} words in {text:?}");
        n
    };
    let words = std::str::from_utf8(data).ok().map(counted);
    let Ok(answers) = serde_json::from_slice::<Map<String, Value>>(data) else {
        return Answers {
            words,
            checked: None,
        };
    };
    let template = Template::builtin();
    let mut accepted = Values::new();
    let mut refused = BTreeSet::new();
    for (path, value) in &answers {
        if let Value::String(text) = value {
            counted(text);
        }
        match check_value(template, path, value) {
            Ok(normalised) => {
                let again = check_value(template, path, &normalised);
                assert_eq!(
                    again.ok().as_ref(),
                    Some(&normalised),
                    "{path}: not normalised"
                );
                accepted.insert(path.clone(), normalised);
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                refused.insert(path.clone());
            }
        }
    }
    let invalid = |values: &Values| -> BTreeSet<String> {
        assert!(completeness(template, values).percent <= 100);
        let diagnostics = validate(template, values);
        diagnostics
            .into_iter()
            .filter(|d| d.code == "invalid")
            .map(|d| d.path)
            .collect()
    };
    assert_eq!(
        invalid(&accepted),
        BTreeSet::new(),
        "accepted, then invalid"
    );
    let raw: Values = answers.into_iter().collect();
    assert_eq!(invalid(&raw), refused, "validate and check_value disagree");
    Answers {
        words,
        checked: Some((accepted, refused)),
    }
}

/// `fuzz_targets/open_package.rs`.
pub fn open_package(data: &[u8]) -> Result<OpenedPackage, PackageError> {
    let outcome = gcm_review::package::open_package(data);
    match &outcome {
        Ok(package) => {
            assert_eq!(package.fingerprint.len(), 64);
            assert!(package.pdf.starts_with(b"%PDF-"));
        }
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            assert!(!e.to_string().is_empty());
        }
    }
    outcome
}

/// `fuzz_targets/markdown_pdf.rs`.
pub fn markdown_pdf(data: &[u8]) -> Vec<u8> {
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
    let pdf = render(template, &document, &PdfOptions::default())
        .unwrap_or_else(|e| panic!("no PDF: {e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    pdf
}
