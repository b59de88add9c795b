//! The way back in: `import` a package or review file, `update` a submitted revision.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use gcm_review::desk::{read_import, FieldMap, ImportAction, ImportPreview};
use gcm_review::Desk;

use crate::cli::{ImportArgs, UpdateArgs};
use crate::print::{clip, json, verdict};
use crate::DataDir;

/// `import`: what the file holds and what importing does (all `--dry-run` prints), then the
/// import itself, which the core refuses without `--confirm` when it needs consent.
pub fn import(out: &mut impl Write, data: &DataDir, args: ImportArgs) -> Result<()> {
    let mut desk = data.open()?;
    if let Some(map) = &args.map {
        desk.add_field_map(field_map(map)?);
    }
    let bytes = read_import(&args.file)?;
    let preview = desk.preview_import(&args.file.display().to_string(), &bytes)?;
    if args.dry_run {
        if args.json {
            return json(out, &preview);
        }
        return print_preview(out, &preview);
    }
    let consent = preview
        .consent
        .as_ref()
        .filter(|_| args.confirm)
        .map(|c| c.token.as_str());
    let outcome = desk.import(&bytes, consent)?;
    if args.json {
        return json(out, &outcome);
    }
    print_preview(out, &preview)?;
    let how = if outcome.created {
        "created review"
    } else {
        "added to review"
    };
    writeln!(out, "{how} {} as revision {}", outcome.id, outcome.revision)?;
    Ok(())
}

/// `update`: starts the update of a submitted revision (the last submission by default).
pub fn update(out: &mut impl Write, data: &DataDir, args: UpdateArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let revision = match args.revision {
        Some(r) => r,
        None => last_submission(&desk, &id)?,
    };
    let state = desk.start_update(&id, revision, args.cycle.as_deref())?;
    writeln!(
        out,
        "started the update of revision {revision} as revision {} ({})",
        state.version, state.summary.cycle
    )?;
    Ok(())
}

/// The revision of a review's last submission, which `update` starts from unless told.
fn last_submission(desk: &Desk, id: &str) -> Result<u64> {
    desk.last_submission(id)?
        .map(|s| s.revision)
        .context("this review has no submission to update; give --revision")
}

/// A field map file given with `--map`.
fn field_map(path: &Path) -> Result<FieldMap> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    FieldMap::parse(&text)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("{} is not a field map", path.display()))
}

/// The verdict on the file, the review it holds, and what importing it does to this store.
fn print_preview(out: &mut impl Write, p: &ImportPreview) -> Result<()> {
    match &p.verification {
        Some(v) => verdict(out, v)?,
        None => writeln!(
            out,
            "{}: UNVERIFIED: a review without signature; it is imported marked unverified",
            p.file
        )?,
    }
    writeln!(out, "  review id:   {}", p.review_id)?;
    writeln!(out, "  for:         {} · {}", p.member_state, p.cycle)?;
    match p.action {
        ImportAction::Create => writeln!(out, "  import:      creates the review")?,
        ImportAction::Add { revision } => writeln!(
            out,
            "  import:      becomes the newest revision of the review here (now at revision {revision}; earlier text stays in its history)"
        )?,
        ImportAction::AlreadyImported { revision } => {
            writeln!(out, "  import:      already here, as revision {revision}")?
        }
    }
    if !p.cleared.is_empty() {
        writeln!(
            out,
            "  clears:      {} (answered here, unanswered in the file; kept in History)",
            p.cleared.join(", ")
        )?;
    }
    if let Some(c) = &p.consent {
        writeln!(out, "  WARNING:     {}", c.message)?;
    }
    for m in &p.moved {
        writeln!(out, "  moved:       {} → {}", m.from, m.to)?;
    }
    for u in &p.unplaced {
        let text = match &u.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        writeln!(
            out,
            "  NOT PLACED:  {} ({}): {}",
            u.path,
            u.reason,
            clip(&text, 200)
        )?;
    }
    Ok(())
}
