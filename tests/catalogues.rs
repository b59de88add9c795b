//! The UI's message catalogues: one for each of the six UN languages, every language has every
//! key, none is empty, each translation uses the same placeholders as English, plural messages
//! have the forms their language needs, and every English key is used somewhere in the UI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

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

/// The six UN languages, by the file name of their catalogue.
const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The plural forms (Intl.PluralRules categories) each language's plural messages must have at
/// least. The UI falls back to `other` for a category a message lacks, so French and Spanish,
/// whose `many` only applies to millions, may leave it out.
fn required_plural_forms(lang: &str) -> &'static [&'static str] {
    match lang {
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "ru" => &["one", "few", "many", "other"],
        "zh" => &["other"],
        _ => &["one", "other"],
    }
}

const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[test]
fn there_is_a_catalogue_for_each_un_language_and_no_other() {
    let mut want: Vec<String> = UN_LANGUAGES.iter().map(|l| l.to_string()).collect();
    want.sort();
    assert_eq!(
        languages(),
        want,
        "ui/i18n must hold exactly the six UN languages"
    );
}

#[test]
fn plural_messages_have_the_forms_their_language_needs() {
    let english = catalogue("en");
    for lang in UN_LANGUAGES {
        let messages = catalogue(lang);
        for (key, value) in &messages {
            let english_is_plural = english.get(key).is_some_and(Value::is_object);
            let Value::Object(forms) = value else {
                assert!(!english_is_plural, "{lang} {key} should have plural forms");
                continue;
            };
            assert!(
                english_is_plural,
                "{lang} {key} has plural forms, English does not"
            );
            for form in forms.keys() {
                assert!(
                    PLURAL_CATEGORIES.contains(&form.as_str()),
                    "{lang} {key} has an unknown plural form {form:?}"
                );
            }
            for form in required_plural_forms(lang) {
                assert!(
                    forms.contains_key(*form),
                    "{lang} {key} lacks the {form:?} form"
                );
            }
        }
    }
}

/// The text of every script and page of the UI.
fn ui_sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            ui_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "js" || e == "html") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
            out.push('\n');
        }
    }
}

/// Whether the UI refers to `key`: as a quoted literal, or through a key built from its parent,
/// as in `` t(`error.${code}`) `` or `t('error.' + code)`.
fn is_used(key: &str, sources: &str) -> bool {
    if ['\'', '"', '`']
        .iter()
        .any(|q| sources.contains(&format!("{q}{key}{q}")))
    {
        return true;
    }
    let Some((parent, _)) = key.rsplit_once('.') else {
        return false;
    };
    sources.contains(&format!("`{parent}.${{"))
        || ['\'', '"', '`']
            .iter()
            .any(|q| sources.contains(&format!("{q}{parent}.{q}")))
}

#[test]
fn every_english_key_is_used_in_the_ui() {
    let mut sources = String::new();
    ui_sources(Path::new("ui"), &mut sources);
    assert!(sources.contains("t('"), "the UI sources look empty");
    let english = catalogue("en");
    let unused: Vec<&String> = english
        .keys()
        .filter(|key| !is_used(key, &sources))
        .collect();
    assert!(
        unused.is_empty(),
        "keys that no script or page of ui/ uses: {unused:?}"
    );
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
    for lang in UN_LANGUAGES.iter().filter(|l| **l != "en") {
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

/// Codes the UI gives a failure itself: the core could not be reached, or gave no code.
const UI_ONLY_CODES: [&str; 2] = ["unavailable", "unknown"];

#[test]
fn every_error_code_has_a_message_in_every_language_and_every_message_a_code() {
    let codes: BTreeSet<&str> = gcm_review::ErrorCode::all().map(|c| c.as_str()).collect();
    for lang in languages() {
        let messages = catalogue(&lang);
        let missing: Vec<&&str> = codes
            .iter()
            .filter(|c| !messages.contains_key(&format!("error.{c}")))
            .collect();
        assert!(
            missing.is_empty(),
            "{lang}: codes with no message: {missing:?}"
        );
    }
    let english = catalogue("en");
    let orphans: Vec<&str> = english
        .keys()
        .filter_map(|k| k.strip_prefix("error."))
        .filter(|c| !codes.contains(c) && !UI_ONLY_CODES.contains(c))
        .collect();
    assert!(
        orphans.is_empty(),
        "messages for codes nothing emits: {orphans:?}"
    );
    let reasons: Vec<&str> = english
        .keys()
        .filter_map(|k| k.strip_prefix("verify.reason."))
        .filter(|c| !codes.contains(c))
        .collect();
    assert!(
        reasons.is_empty(),
        "verdict reasons nothing emits: {reasons:?}"
    );
    let mut sources = String::new();
    ui_sources(Path::new("ui"), &mut sources);
    for code in UI_ONLY_CODES {
        assert!(
            sources.contains(&format!("'{code}'")) || sources.contains(&format!("error.{code}")),
            "{code}"
        );
    }
}

#[test]
fn the_architecture_lists_exactly_the_error_codes() {
    let text = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    let section = text
        .split("\n## Error codes\n")
        .nth(1)
        .expect("ARCHITECTURE.md has a section 'Error codes'");
    let section = section.split("\n## ").next().unwrap_or_default();
    let listed: BTreeSet<&str> = section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .filter(|w| !UI_ONLY_CODES.contains(w))
        .collect();
    let codes: BTreeSet<&str> = gcm_review::ErrorCode::all().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes, "ARCHITECTURE.md's list of error codes");
}
