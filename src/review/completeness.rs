//! How far a review is: per section, per objective, overall, and what is still missing.

use serde::Serialize;

use super::{is_answered, Values};
use crate::template::{Repeat, Section, Template};

/// How complete a review is, as the editor and the home screen show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completeness {
    /// Required answers given, as a whole percentage of those asked for.
    pub percent: u8,
    /// Per section, in template order.
    pub sections: Vec<SectionProgress>,
    /// Per objective, by number.
    pub objectives: Vec<ObjectiveProgress>,
    /// The required answers still missing, in template order.
    pub missing: Vec<Missing>,
}

/// Progress of one section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionProgress {
    /// The section id.
    pub id: String,
    /// `filled` as a whole percentage of `required`.
    pub percent: u8,
    /// Required answers given.
    pub filled: usize,
    /// Required answers asked for.
    pub required: usize,
}

/// Progress of one objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectiveProgress {
    /// The objective number.
    pub number: u8,
    /// `filled` as a whole percentage of `required`.
    pub percent: u8,
    /// Whether the review reports on it (prioritised, or any field answered).
    pub reported: bool,
    /// Required answers given.
    pub filled: usize,
    /// Required answers asked for.
    pub required: usize,
}

/// A required answer not yet given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Missing {
    /// Its field path (for an objectives section with nothing reported: the section id).
    pub path: String,
    /// The section it is in.
    pub section: String,
}

fn percent(filled: usize, required: usize) -> u8 {
    (filled * 100)
        .checked_div(required)
        .map_or(100, |p| p.min(100) as u8)
}

/// Measures a review's answers against the template. In the objectives section only the
/// objectives reported on count, and the section asks for at least one of them.
pub fn completeness(template: &Template, values: &Values) -> Completeness {
    completeness_of(template, &|path: &str| {
        values.get(path).is_some_and(is_answered)
    })
}

/// Completeness as [`completeness`] measures it, from whether each field path is answered
/// (see [`is_answered`]): what a caller that keeps only that, not the answers, needs.
pub fn completeness_of(template: &Template, answered: &dyn Fn(&str) -> bool) -> Completeness {
    let mut out = Completeness {
        percent: 0,
        sections: Vec::new(),
        objectives: Vec::new(),
        missing: Vec::new(),
    };
    let (mut total_filled, mut total_required) = (0, 0);
    for section in &template.sections {
        let (filled, required) = match section.repeat {
            Some(Repeat::Objectives) => objectives(template, section, answered, &mut out),
            None => {
                let mut filled = 0;
                let mut required = 0;
                for field in section.fields.iter().filter(|f| f.required) {
                    let path = format!("{}.{}", section.id, field.id);
                    required += 1;
                    if answered(&path) {
                        filled += 1;
                    } else {
                        out.missing.push(Missing {
                            path,
                            section: section.id.clone(),
                        });
                    }
                }
                (filled, required)
            }
        };
        total_filled += filled;
        total_required += required;
        out.sections.push(SectionProgress {
            id: section.id.clone(),
            percent: percent(filled, required),
            filled,
            required,
        });
    }
    out.percent = percent(total_filled, total_required);
    out
}

fn objectives(
    template: &Template,
    section: &Section,
    answered: &dyn Fn(&str) -> bool,
    out: &mut Completeness,
) -> (usize, usize) {
    let (mut filled, mut required) = (0, 0);
    for objective in &template.objectives {
        let path = |field: &str| format!("{}.{}.{}", section.id, objective.number, field);
        let reported = section.fields.iter().any(|f| answered(&path(&f.id)));
        let mut progress = ObjectiveProgress {
            number: objective.number,
            percent: 0,
            reported,
            filled: 0,
            required: 0,
        };
        for field in section.fields.iter().filter(|f| f.required) {
            progress.required += 1;
            if answered(&path(&field.id)) {
                progress.filled += 1;
            } else if reported {
                out.missing.push(Missing {
                    path: path(&field.id),
                    section: section.id.clone(),
                });
            }
        }
        progress.percent = percent(progress.filled, progress.required);
        if reported {
            filled += progress.filled;
            required += progress.required;
        }
        out.objectives.push(progress);
    }
    if required == 0 {
        // Nothing reported yet: the section asks for one objective.
        out.missing.push(Missing {
            path: section.id.clone(),
            section: section.id.clone(),
        });
        return (0, 1);
    }
    (filled, required)
}
