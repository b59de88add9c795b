//! Assignments: what a coordinator asks an entity to write, as a whole section, an objective
//! (by number, or all those of a round table), or a single field, resolved to field paths.

use std::collections::BTreeSet;
use std::fmt;

use super::ContribError;
use crate::template::{Repeat, Template};

/// One part of the template assigned to an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Selector {
    /// Every field of a section (`section:means`); for the objectives section, of every
    /// objective.
    Section(String),
    /// Every field of one objective (`objectives.6`, or `objective:6`).
    Objective(u8),
    /// Every field of the objectives of an IMRF round table (`round-table:2`).
    RoundTable(u8),
    /// One field (`objectives.6.measures`, `methodology.process`).
    Field(String),
}

impl fmt::Display for Selector {
    /// The canonical spelling, as stored and as requests carry it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Section(id) => write!(f, "section:{id}"),
            Selector::Objective(n) => write!(f, "objectives.{n}"),
            Selector::RoundTable(n) => write!(f, "round-table:{n}"),
            Selector::Field(path) => f.write_str(path),
        }
    }
}

impl Selector {
    /// Reads a selector as typed, checked against the template.
    pub fn parse(template: &Template, text: &str) -> Result<Selector, ContribError> {
        let text = text.trim();
        let bad = || ContribError::BadSelector(text.to_string());
        let number = |n: &str| n.trim().parse::<u8>().map_err(|_| bad());
        let selector = if let Some(id) = text.strip_prefix("section:") {
            Selector::Section(id.trim().to_string())
        } else if let Some(n) = text
            .strip_prefix("round-table:")
            .or_else(|| text.strip_prefix("round_table:"))
        {
            Selector::RoundTable(number(n)?)
        } else if let Some(n) = text.strip_prefix("objective:") {
            Selector::Objective(number(n)?)
        } else {
            match text.split('.').collect::<Vec<_>>()[..] {
                [section, n] if template.section(section).is_some_and(is_repeated) => {
                    Selector::Objective(number(n)?)
                }
                _ => Selector::Field(text.to_string()),
            }
        };
        if selector.paths(template).is_empty() {
            return Err(bad());
        }
        Ok(selector)
    }

    /// The field paths it covers, in template order; empty if it names nothing.
    pub fn paths(&self, template: &Template) -> Vec<String> {
        let objectives = |numbers: &[u8]| -> Vec<String> {
            template
                .fields()
                .into_iter()
                .filter(|f| f.objective.is_some_and(|n| numbers.contains(&n)))
                .map(|f| f.path())
                .collect()
        };
        match self {
            Selector::Section(id) => template
                .fields()
                .into_iter()
                .filter(|f| &f.section.id == id)
                .map(|f| f.path())
                .collect(),
            Selector::Objective(n) => objectives(&[*n]),
            Selector::RoundTable(n) => template
                .round_tables
                .iter()
                .find(|t| t.number == *n)
                .map(|t| objectives(&t.objectives))
                .unwrap_or_default(),
            Selector::Field(path) => template
                .field(path)
                .map(|f| vec![f.path()])
                .unwrap_or_default(),
        }
    }
}

fn is_repeated(section: &crate::template::Section) -> bool {
    section.repeat == Some(Repeat::Objectives)
}

/// Every field path the selectors cover (an unreadable selector covers none).
pub fn assigned_paths(template: &Template, selectors: &[String]) -> BTreeSet<String> {
    selectors
        .iter()
        .filter_map(|s| Selector::parse(template, s).ok())
        .flat_map(|s| s.paths(template))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Selector;
    use crate::template::Template;

    #[test]
    fn selectors_read_as_the_issue_spells_them_and_refuse_what_names_nothing() {
        let t = Template::builtin();
        let read = |s: &str| Selector::parse(t, s).map(|s| (s.to_string(), s.paths(t).len()));
        assert_eq!(read("objectives.6").unwrap(), ("objectives.6".into(), 6));
        assert_eq!(read("objective:6").unwrap(), ("objectives.6".into(), 6));
        assert_eq!(read("round-table:2").unwrap().0, "round-table:2");
        assert_eq!(read("section:means").unwrap(), ("section:means".into(), 4));
        assert_eq!(read("section:objectives").unwrap().1, 23 * 6);
        assert_eq!(
            read(" methodology.process ").unwrap(),
            ("methodology.process".into(), 1)
        );
        for bad in [
            "objectives.24",
            "section:nothing",
            "round-table:9",
            "methodology.nothing",
            "",
            "objectives.6.nothing",
        ] {
            assert_eq!(
                Selector::parse(t, bad).unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
    }
}
