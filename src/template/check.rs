//! Loading a template from untrusted bytes and checking that it is whole and consistent.

use std::collections::BTreeSet;

use thiserror::Error;

use super::{FieldKind, Localized, OptionsFrom, Repeat, Template};

/// The largest template file accepted.
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;

/// Why a template was refused.
#[derive(Debug, Error)]
pub enum TemplateError {
    /// The file is larger than any real template.
    #[error("the template is {size} bytes, more than the {max} a template may have")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The file is not a template in the documented format.
    #[error("the template is not valid JSON of the template format: {0}")]
    Format(#[from] serde_json::Error),
    /// The template parses but is inconsistent; every problem is listed.
    #[error("the template has {} problem(s): {}", .0.len(), .0.join("; "))]
    Inconsistent(Vec<String>),
}

impl Template {
    /// Parses and checks a template; refuses it with every problem found.
    pub fn from_json(bytes: &[u8]) -> Result<Template, TemplateError> {
        if bytes.len() > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::TooLarge {
                size: bytes.len(),
                max: MAX_TEMPLATE_BYTES,
            });
        }
        let template: Template = serde_json::from_slice(bytes)?;
        let problems = template.problems();
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(TemplateError::Inconsistent(problems))
        }
    }

    /// Every inconsistency between the template and heading rules for importing documents
    /// onto it (see [`super::matching_problems`]), as one sentence each.
    pub fn heading_rule_problems(&self, rules: &super::Matching) -> Vec<String> {
        super::matching_problems(self, rules)
    }

    /// Every inconsistency in the template, as one sentence each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.languages.is_empty() {
            problems.push("it declares no language".to_string());
        }
        self.check_objectives(&mut problems);
        self.check_round_tables(&mut problems);
        self.check_sections(&mut problems);
        self.check_labels(&mut problems);
        problems
    }

    fn check_objectives(&self, problems: &mut Vec<String>) {
        let numbers: Vec<u8> = self.objectives.iter().map(|o| o.number).collect();
        if numbers != (1..=23).collect::<Vec<u8>>() {
            problems.push(format!(
                "objectives must be numbered 1 to 23 in order, found {numbers:?}"
            ));
        }
        let mut ids = BTreeSet::new();
        for p in &self.principles {
            if !ids.insert(p.id.as_str()) {
                problems.push(format!("principle id '{}' is used twice", p.id));
            }
        }
    }

    fn check_round_tables(&self, problems: &mut Vec<String>) {
        for objective in &self.objectives {
            let tables = self
                .round_tables
                .iter()
                .filter(|t| t.objectives.contains(&objective.number))
                .count();
            if tables != 1 {
                problems.push(format!(
                    "objective {} is in {tables} round tables; it must be in exactly one",
                    objective.number
                ));
            }
        }
        for table in &self.round_tables {
            for n in &table.objectives {
                if self.objective(*n).is_none() {
                    problems.push(format!(
                        "round table {} names objective {n}, which does not exist",
                        table.number
                    ));
                }
            }
        }
    }

    fn check_sections(&self, problems: &mut Vec<String>) {
        let mut section_ids = BTreeSet::new();
        for section in &self.sections {
            if !section_ids.insert(section.id.as_str()) {
                problems.push(format!("section id '{}' is used twice", section.id));
            }
            if section.id.contains('.') || section.id.is_empty() {
                problems.push(format!("section id '{}' must be a plain word", section.id));
            }
            let mut field_ids = BTreeSet::new();
            for field in &section.fields {
                let path = format!("{}.{}", section.id, field.id);
                if !field_ids.insert(field.id.as_str()) {
                    problems.push(format!("field '{path}' is declared twice"));
                }
                if field.id.contains('.') || field.id.is_empty() {
                    problems.push(format!("field id '{path}' must be a plain word"));
                }
                let has_options = !field.options.is_empty() || field.options_from.is_some();
                match field.kind {
                    FieldKind::Choice | FieldKind::Multi if !has_options => {
                        problems.push(format!("field '{path}' offers no options"))
                    }
                    FieldKind::Table if field.columns.is_empty() => {
                        problems.push(format!("table '{path}' has no columns"))
                    }
                    _ => {}
                }
                if field.tables && field.kind != FieldKind::Richtext {
                    problems.push(format!("field '{path}' takes tables but is not richtext"))
                }
                let mut values = BTreeSet::new();
                for option in &field.options {
                    if !values.insert(option.value.as_str()) {
                        problems.push(format!("field '{path}' offers '{}' twice", option.value));
                    }
                }
                if field.options_from == Some(OptionsFrom::Principles) && self.principles.is_empty()
                {
                    problems.push(format!(
                        "field '{path}' draws on principles, but none exist"
                    ));
                }
            }
            if section.repeat == Some(Repeat::Objectives) && self.objectives.is_empty() {
                problems.push(format!(
                    "section '{}' repeats over no objective",
                    section.id
                ));
            }
        }
    }

    fn check_labels(&self, problems: &mut Vec<String>) {
        let mut texts: Vec<(String, &Localized)> = vec![("title".into(), &self.title)];
        for p in &self.principles {
            texts.push((format!("principle {}", p.id), &p.label));
        }
        for o in &self.objectives {
            texts.push((format!("objective {} title", o.number), &o.title));
            texts.push((format!("objective {} short name", o.number), &o.short));
        }
        for t in &self.round_tables {
            texts.push((format!("round table {}", t.number), &t.title));
        }
        for s in &self.sections {
            texts.push((format!("section {} title", s.id), &s.title));
            texts.push((format!("section {} guidance", s.id), &s.guidance));
            for f in &s.fields {
                let path = format!("{}.{}", s.id, f.id);
                texts.push((format!("{path} label"), &f.label));
                if let Some(help) = &f.help {
                    texts.push((format!("{path} help"), help));
                }
                for o in &f.options {
                    texts.push((format!("{path} option {}", o.value), &o.label));
                }
                for c in &f.columns {
                    texts.push((format!("{path} column {}", c.id), &c.label));
                    for o in &c.options {
                        texts.push((
                            format!("{path} column {} option {}", c.id, o.value),
                            &o.label,
                        ));
                    }
                }
            }
        }
        for (what, text) in texts {
            for language in &self.languages {
                if text.0.get(language).is_none_or(|t| t.trim().is_empty()) {
                    problems.push(format!("{what} has no text in '{language}'"));
                }
            }
        }
    }
}
