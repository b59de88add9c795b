//! The UI's message catalogues: every language has every key, none is empty, and each
//! translation uses the same placeholders as English.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use serde_json::{Map, Value};

fn catalogue(lang: &str) -> Map<String, Value> {
    let text = std::fs::read_to_string(format!("ui/i18n/{lang}.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn languages() -> Vec<String> {
    let mut langs: Vec<String> = std::fs::read_dir("ui/i18n")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(String::from)
        })
        .collect();
    langs.sort();
    langs
}

/// The strings of a message: itself, or its plural forms.
fn forms(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Object(forms) => forms
            .values()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => vec![],
    }
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.insert(name.to_string());
        }
        rest = &rest[start + len..];
    }
    out
}

#[test]
fn every_language_has_every_key_filled_with_the_same_placeholders() {
    let english = catalogue("en");
    assert!(english.len() > 100, "the English catalogue looks truncated");
    let langs = languages();
    assert!(langs.contains(&"fr".to_string()), "{langs:?}");
    for lang in langs.iter().filter(|l| *l != "en") {
        let other = catalogue(lang);
        let missing: Vec<&String> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        for (key, value) in &english {
            let theirs = forms(&other[key]);
            assert!(
                !theirs.is_empty() && theirs.iter().all(|s| !s.trim().is_empty()),
                "{lang} {key} is empty"
            );
            let want: BTreeSet<String> =
                forms(value).iter().flat_map(|s| placeholders(s)).collect();
            for form in &theirs {
                let have = placeholders(form);
                assert!(
                    have.is_subset(&want),
                    "{lang} {key} uses {have:?}, English offers {want:?}"
                );
            }
        }
    }
    for (key, value) in &english {
        assert!(
            forms(value).iter().all(|s| !s.trim().is_empty()),
            "en {key} is empty"
        );
    }
}
