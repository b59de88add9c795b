//! `template show` and `template validate`.

use std::io::Write;

use anyhow::{Context, Result};
use gcm_review::Template;

use crate::cli::TemplateCommand;

/// `template …`: the subcommand, over the bundled template or a file.
pub fn run(out: &mut impl Write, command: TemplateCommand) -> Result<()> {
    match command {
        TemplateCommand::Show => show(out, Template::builtin()),
        TemplateCommand::Validate { file } => {
            let template = match file {
                Some(file) => {
                    let bytes = std::fs::read(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    Template::from_json(&bytes)
                        .with_context(|| format!("{} is not a valid template", file.display()))?
                }
                None => Template::builtin().clone(),
            };
            writeln!(
                out,
                "ok: {} {}: {} sections, {} objectives, {} fields",
                template.id,
                template.version,
                template.sections.len(),
                template.objectives.len(),
                template.fields().len()
            )?;
            Ok(())
        }
    }
}

/// Each section, then its fields: path, kind, whether required, word limit and label. The
/// fields of a section repeated per objective show the template's objective numbers in the
/// path (`objectives.<1-23>.measures`).
fn show(out: &mut impl Write, template: &Template) -> Result<()> {
    writeln!(out, "{} {}", template.id, template.version)?;
    let numbers = template.objectives.iter().map(|o| o.number);
    let objectives = match (numbers.clone().min(), numbers.max()) {
        (Some(first), Some(last)) => format!("<{first}-{last}>"),
        _ => "<n>".to_string(),
    };
    for section in &template.sections {
        let number = section.number.as_deref().unwrap_or("-");
        writeln!(out, "{number} {} ({})", section.title.get("en"), section.id)?;
        let prefix = match section.repeat {
            Some(_) => format!("{}.{objectives}", section.id),
            None => section.id.clone(),
        };
        for field in &section.fields {
            let kind = serde_json::to_value(field.kind)?;
            let limit = field
                .word_limit
                .map(|l| format!(" ≤{l} words"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<40} {:<9}{}{}  {}",
                format!("{prefix}.{}", field.id),
                kind.as_str().unwrap_or_default(),
                if field.required { " required" } else { "" },
                limit,
                field.label.get("en")
            )?;
        }
    }
    Ok(())
}
