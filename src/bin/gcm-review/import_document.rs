//! `gcm-review import-document`: a regional-review document (Word, LibreOffice, PDF) placed
//! into the template, proposed as an editable plan, then applied.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use gcm_review::desk::{write_file, PlacementPlan};
use gcm_review::Desk;

/// What `import-document --help` says: the command and the plan's shape.
pub const LONG_ABOUT: &str = "Bring in an earlier review written in Word (.docx), LibreOffice (.odt) or as a PDF with a
text layer, placed into the template.

Without --plan-out or --plan, the proposal is applied as it is. With --plan-out, the
proposal is written as an editable plan and nothing changes; edit it, then apply it with
--plan. The plan is JSON:

  { \"format\": \"gcm-review-placement/1\", \"file\": \"review.docx\", \"sha256\": \"<of the file>\",
    \"memberState\": \"KEN\", \"cycle\": \"IMRF 2026\", \"language\": \"en\", \"into\": null,
    \"blocks\": [ { \"id\": 4, \"kind\": \"paragraph\", \"preview\": \"The review was...\",
                  \"field\": \"methodology.process\", \"heading\": null,
                  \"reason\": \"right under '1. Methodology': its first text field\" } ] }

Change a block's \"field\" to another field path (see `gcm-review template show`) or to
null to leave it out; blocks placed in one field are joined in document order. A heading
whose \"heading\" is set opens a section or objective and is not content. Left-out blocks
are listed and kept in the store with the original file.";

/// The arguments of `import-document`.
#[derive(Args)]
pub struct ImportDocument {
    /// The document (.docx, .odt or .pdf).
    file: PathBuf,
    /// ISO 3166-1 alpha-3 code of the Member State, e.g. KEN.
    #[arg(long, value_name = "ISO3")]
    member_state: String,
    /// The reporting cycle the review is for, e.g. "IMRF 2026".
    #[arg(long, value_name = "TEXT")]
    cycle: String,
    /// Add the document as a new revision of this review instead of creating one.
    #[arg(long, value_name = "REVIEW")]
    into: Option<String>,
    /// Write the proposed plan to this file and change nothing.
    #[arg(long, value_name = "PLAN.json", conflicts_with = "plan")]
    plan_out: Option<PathBuf>,
    /// Apply this (edited) plan.
    #[arg(long, value_name = "PLAN.json")]
    plan: Option<PathBuf>,
    /// Print the proposal or the outcome as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs the command.
pub fn run(out: &mut impl Write, desk: &mut Desk, args: ImportDocument) -> Result<()> {
    let bytes = gcm_review::desk::read_import(&args.file)?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.file.display().to_string());
    let plan = match &args.plan {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str::<PlacementPlan>(&text)
                .with_context(|| format!("{} is not a placement plan", path.display()))?
        }
        None => {
            let shown = std::io::stderr().is_terminal();
            let mut progress = |p: gcm_review::desk::DocumentProgress| {
                if shown {
                    eprint!("\rreading {} {}/{}   ", p.unit, p.done, p.total);
                }
            };
            let into = args.into.as_deref();
            let proposal = desk.propose_document(
                &name,
                &bytes,
                &args.member_state,
                &args.cycle,
                into,
                &mut progress,
            )?;
            if shown {
                eprint!("\r{}\r", " ".repeat(40));
            }
            if let Some(path) = &args.plan_out {
                write_file(
                    path,
                    serde_json::to_string_pretty(&proposal.plan)?.as_bytes(),
                )?;
                if args.json {
                    writeln!(out, "{}", serde_json::to_string_pretty(&proposal)?)?;
                } else {
                    print_plan(out, &proposal.plan)?;
                    writeln!(
                        out,
                        "plan written to {}; nothing was changed",
                        path.display()
                    )?;
                }
                return Ok(());
            }
            proposal.plan
        }
    };
    let outcome = desk.apply_document(&name, &bytes, &plan)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&outcome)?)?;
        return Ok(());
    }
    print_plan(out, &plan)?;
    let how = if outcome.created {
        "created review"
    } else {
        "added to review"
    };
    writeln!(
        out,
        "{how} {} as revision {} (imported from {})",
        outcome.id, outcome.revision, outcome.file
    )?;
    if !outcome.left_out.is_empty() {
        writeln!(
            out,
            "left out, kept with the original file: {} block(s)",
            outcome.left_out.len()
        )?;
    }
    Ok(())
}

/// One line per block: id, kind, where it goes, preview.
fn print_plan(out: &mut impl Write, plan: &PlacementPlan) -> Result<()> {
    for b in &plan.blocks {
        let place = match (&b.field, &b.heading) {
            (Some(f), _) => f.clone(),
            (None, Some(h)) => format!("[{h}]"),
            (None, None) => "(left out)".to_string(),
        };
        writeln!(
            out,
            "{:>5}  {:<9}  {:<36}  {}",
            b.id,
            b.kind.as_str(),
            place,
            b.preview
        )?;
    }
    Ok(())
}
