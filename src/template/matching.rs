//! Heading rules for placing a document written outside the app (a regional review in Word or
//! PDF) on a template: per section and per field, the headings national reviews use for it in
//! each language; per language, the words that precede an objective's number. Objective titles
//! come from the template itself. The rules are data beside the template
//! (`assets/templates/<id>.matching.json`, described in `assets/templates/FORMAT.md`), so a new
//! template version brings its own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Template, TemplateVersion};

/// The rules bundled for the bundled template.
const BUILTIN: &str = include_str!("../../assets/templates/imrf-annex1.matching.json");

/// Headings, by language code.
pub type Synonyms = BTreeMap<String, Vec<String>>;

/// How one section and its fields are recognised.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRules {
    /// Headings of the section itself (the section's title is always one).
    #[serde(default)]
    pub headings: Synonyms,
    /// Sub-headings of its fields, by field id (each field's label is always one).
    #[serde(default)]
    pub fields: BTreeMap<String, Synonyms>,
}

/// The heading rules of one template version.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    /// The template they are for.
    pub template: TemplateVersion,
    /// Words before an objective's number ("Objective 7", "Obj. 7", "الهدف 7", "目标7"), by
    /// language.
    pub objective_words: Synonyms,
    /// Rules per section id.
    pub sections: BTreeMap<String, SectionRules>,
}

impl Matching {
    /// The rules of the bundled template; none if the bundled file does not read (the test
    /// suite checks that it does).
    pub fn builtin() -> Matching {
        serde_json::from_str(BUILTIN).unwrap_or_else(|_| Matching {
            template: TemplateVersion {
                id: String::new(),
                version: String::new(),
            },
            objective_words: Synonyms::new(),
            sections: BTreeMap::new(),
        })
    }

    /// Parses rules from JSON.
    pub fn from_json(text: &str) -> Result<Matching, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// Every inconsistency between heading rules and their template, one sentence each: another
/// template, unknown sections, fields or languages, empty headings, and a heading given to
/// two fields of one section or to two sections (which would make placement ambiguous).
pub fn matching_problems(template: &Template, rules: &Matching) -> Vec<String> {
    let mut problems = Vec::new();
    if rules.template.id != template.id || rules.template.version != template.version {
        problems.push(format!(
            "the heading rules are for template {} {}, not {} {}",
            rules.template.id, rules.template.version, template.id, template.version
        ));
    }
    let check = |problems: &mut Vec<String>,
                 what: &str,
                 synonyms: &Synonyms,
                 seen: &mut BTreeMap<String, String>| {
        for (language, words) in synonyms {
            if !template.languages.contains(language) {
                problems.push(format!(
                    "{what} has headings in '{language}', which the template does not have"
                ));
            }
            for word in words {
                let norm = normalize_heading(word);
                if norm.is_empty() {
                    problems.push(format!("{what} has an empty heading in '{language}'"));
                } else if let Some(other) = seen.insert(norm.clone(), what.to_string()) {
                    if other != what {
                        problems.push(format!(
                            "the heading '{word}' ({language}) is given to both {other} and {what}"
                        ));
                    }
                }
            }
        }
    };
    let mut words = BTreeMap::new();
    check(
        &mut problems,
        "objective numbers",
        &rules.objective_words,
        &mut words,
    );
    for language in &template.languages {
        if rules
            .objective_words
            .get(language)
            .is_none_or(|w| w.is_empty())
        {
            problems.push(format!(
                "no word introduces an objective's number in '{language}'"
            ));
        }
    }
    let mut section_headings = BTreeMap::new();
    for (id, section) in &rules.sections {
        let Some(declared) = template.section(id) else {
            problems.push(format!(
                "the heading rules name section '{id}', which the template does not have"
            ));
            continue;
        };
        check(
            &mut problems,
            &format!("section {id}"),
            &section.headings,
            &mut section_headings,
        );
        let mut field_headings = BTreeMap::new();
        for (field, synonyms) in &section.fields {
            if !declared.fields.iter().any(|f| &f.id == field) {
                problems.push(format!(
                    "the heading rules name field '{id}.{field}', which the template does not have"
                ));
            }
            check(
                &mut problems,
                &format!("field {id}.{field}"),
                synonyms,
                &mut field_headings,
            );
        }
    }
    problems
}

/// A heading as it is compared: lower case, apostrophes unified, Arabic diacritics and
/// tatweel dropped, Arabic-Indic digits made ASCII, a leading section number ("3.", "3.2",
/// "II.", "(a)") removed, punctuation made space, spaces collapsed.
pub fn normalize_heading(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            '\u{0660}'..='\u{0669}' => s.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => s.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' => s.push('\''),
            '-' | '\'' => s.push(c),
            c if c.is_alphanumeric() => s.push(c),
            _ => s.push(' '),
        }
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    // A leading section number: digits and dots, or a roman numeral or letter before a
    // period or parenthesis in the original.
    if let Some(first) = words.first() {
        let trimmed = text.trim_start();
        let roman = first.chars().all(|c| "ivxlc".contains(c)) && first.len() <= 4;
        let marked = trimmed
            .chars()
            .nth(first.chars().count())
            .is_some_and(|c| c == '.' || c == ')');
        if first.chars().all(|c| c.is_ascii_digit()) && first.len() <= 2 && words.len() > 1
            || (roman || first.chars().count() == 1) && marked && words.len() > 1
        {
            words.remove(0);
            while words
                .first()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 2)
                && words.len() > 1
            {
                words.remove(0);
            }
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_compared_without_numbers_case_or_diacritics() {
        assert_eq!(
            normalize_heading("1. Methodology of the Review"),
            "methodology of the review"
        );
        assert_eq!(normalize_heading("3.2.1 Data"), "data");
        assert_eq!(normalize_heading("II. Policy"), "policy");
        assert_eq!(
            normalize_heading("Méthodologie de l’examen"),
            "méthodologie de l'examen"
        );
        assert_eq!(
            normalize_heading("Obj. 7 – Vulnerabilities"),
            "obj 7 vulnerabilities"
        );
        assert_eq!(normalize_heading("الهدفُ ٧"), "الهدف 7");
        assert_eq!(normalize_heading("Follow-up"), "follow-up");
    }

    #[test]
    fn the_bundled_rules_fit_the_bundled_template() {
        let problems = matching_problems(Template::builtin(), &Matching::builtin());
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
