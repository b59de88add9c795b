//! Field paths: `section.field`, or `objectives.<n>.field` in a section repeated per objective.

use super::{Field, Repeat, Section, Template};

/// A field path resolved against a template.
#[derive(Debug, Clone, Copy)]
pub struct FieldRef<'t> {
    /// The section the field is in.
    pub section: &'t Section,
    /// The field.
    pub field: &'t Field,
    /// The objective number, in a section repeated per objective.
    pub objective: Option<u8>,
}

impl<'t> FieldRef<'t> {
    /// The field's path.
    pub fn path(&self) -> String {
        match self.objective {
            Some(n) => format!("{}.{}.{}", self.section.id, n, self.field.id),
            None => format!("{}.{}", self.section.id, self.field.id),
        }
    }
}

impl Template {
    /// Resolves a field path, or `None` when the template has no such field.
    pub fn field(&self, path: &str) -> Option<FieldRef<'_>> {
        let mut parts = path.split('.');
        let section = self.section(parts.next()?)?;
        let objective = match section.repeat {
            Some(Repeat::Objectives) => {
                let n: u8 = parts.next()?.parse().ok()?;
                self.objective(n)?;
                Some(n)
            }
            None => None,
        };
        let id = parts.next()?;
        let field = section.fields.iter().find(|f| f.id == id)?;
        match parts.next() {
            Some(_) => None,
            None => Some(FieldRef {
                section,
                field,
                objective,
            }),
        }
    }

    /// Every field of the template, in template order, objectives expanded.
    pub fn fields(&self) -> Vec<FieldRef<'_>> {
        let mut out = Vec::new();
        for section in &self.sections {
            match section.repeat {
                Some(Repeat::Objectives) => {
                    for objective in &self.objectives {
                        out.extend(section.fields.iter().map(|field| FieldRef {
                            section,
                            field,
                            objective: Some(objective.number),
                        }));
                    }
                }
                None => out.extend(section.fields.iter().map(|field| FieldRef {
                    section,
                    field,
                    objective: None,
                })),
            }
        }
        out
    }
}
