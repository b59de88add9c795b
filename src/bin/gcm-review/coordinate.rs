//! Whole-of-government drafting, the coordinator's commands: `contributors add|list`,
//! `assign`, `request`, `merge`, `resolve`, `status`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Context, Result};
use gcm_review::desk::{
    is_word_document, marked, read_import, write_file, Contributor, MergeDecision, MergeOutcome,
    MergePreview, NewContributor, RequestOptions, Resolution,
};
use gcm_review::Desk;
use serde_json::json;

use crate::cli::{
    AssignArgs, ContributorsCommand, MergeArgs, RequestArgs, ResolveArgs, StatusArgs,
};
use crate::print::{clip, json, local_time};
use crate::prompt::key_passphrase;
use crate::DataDir;

/// `contributors …`.
pub fn contributors(
    out: &mut impl Write,
    data: &DataDir,
    command: ContributorsCommand,
) -> Result<()> {
    let mut desk = data.open()?;
    match command {
        ContributorsCommand::Add {
            review,
            name,
            ministry,
            email,
        } => {
            let id = desk.resolve(&review)?;
            let entity = desk.add_contributor(
                &id,
                &NewContributor {
                    name,
                    ministry: ministry.unwrap_or_default(),
                    email,
                },
            )?;
            writeln!(out, "{}", entity.id)?;
        }
        ContributorsCommand::List {
            review,
            json: as_json,
        } => {
            let id = desk.resolve(&review)?;
            let all = desk.contributors(&id)?;
            if as_json {
                return json(out, &all);
            }
            for c in &all {
                print_contributor(out, c)?;
            }
            if all.is_empty() {
                writeln!(out, "no contributing entities yet")?;
            }
        }
    }
    Ok(())
}

fn print_contributor(out: &mut impl Write, c: &Contributor) -> Result<()> {
    let ministry = if c.ministry.is_empty() {
        String::new()
    } else {
        format!(", {}", c.ministry)
    };
    writeln!(out, "{}  {}{ministry} <{}>", c.id, c.name, c.email)?;
    let assigned = if c.assignment.is_empty() {
        "nothing yet".to_string()
    } else {
        format!("{} ({} fields)", c.assignment.join(", "), c.fields.len())
    };
    writeln!(out, "    assigned: {assigned}")?;
    Ok(())
}

/// `assign`: adds (or with `--remove` takes back) an entity's assignments.
pub fn assign(out: &mut impl Write, data: &DataDir, args: AssignArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let entity = if args.remove {
        desk.unassign(&id, &args.entity, &args.fields)?
    } else {
        desk.assign(&id, &args.entity, &args.fields)?
    };
    print_contributor(out, &entity)
}

/// `request`: builds the request, writes it, records it; with `--eml` the email draft too.
pub fn request(out: &mut impl Write, data: &DataDir, args: RequestArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let options = RequestOptions {
        due: args.due,
        instructions: args.instructions.unwrap_or_default(),
    };
    let request = if args.docx {
        desk.request_form(&id, &args.entity, &options)?
    } else {
        desk.request_contribution(&id, &args.entity, &options, &key_passphrase()?)?
    };
    write_file(&args.output, &request.bytes)?;
    desk.record_request(&request)?;
    writeln!(
        out,
        "wrote {} ({} fields, from revision {}{})",
        args.output.display(),
        request.fields.len(),
        request.revision,
        request
            .due
            .as_deref()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default()
    )?;
    if args.docx {
        writeln!(
            out,
            "  a Word form: send it by email; merge the document it comes back as"
        )?;
    } else {
        writeln!(out, "  signed with key {}", request.fingerprint)?;
    }
    if let Some(earlier) = &request.supersedes {
        writeln!(out, "  supersedes request {earlier}")?;
    }
    let Some(eml) = args.eml else {
        return Ok(());
    };
    let name = gcm_review::desk::display_name(&args.output);
    let draft = if args.docx {
        desk.email_form(&id, &name, &request.bytes)?
    } else {
        desk.email_request(&name, &request.bytes)?
    };
    write_file(&eml, &draft.bytes)?;
    writeln!(out, "wrote {} (draft to {})", eml.display(), draft.to)?;
    Ok(())
}

/// `merge`: the preview, then (unless `--dry-run`) the merge or, with `--keep`, the response
/// kept for later.
pub fn merge(out: &mut impl Write, data: &DataDir, args: MergeArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let bytes = read_import(&args.file)?;
    if is_word_document(&bytes) {
        return merge_form(out, &mut desk, &id, args, &bytes);
    }
    let preview = desk.merge_preview(&id, &bytes)?;
    if args.dry_run || args.keep {
        if args.keep {
            desk.keep_response(&id, &bytes)?;
        }
        if args.json {
            return json(out, &json!({ "preview": preview, "merged": null }));
        }
        print_preview(out, &desk, &preview)?;
        let what = if args.keep {
            "kept the response; nothing was merged yet"
        } else {
            "nothing was changed (--dry-run)"
        };
        writeln!(out, "{what}")?;
        return Ok(());
    }
    let decision = decision(&args, &preview);
    let outcome = desk.merge(&id, &bytes, &decision)?;
    if args.json {
        return json(out, &json!({ "preview": preview, "merged": outcome }));
    }
    print_preview(out, &desk, &preview)?;
    print_outcome(out, &outcome)
}

/// The conflicts resolved on the command line, against the preview's head.
fn decision(args: &MergeArgs, preview: &MergePreview) -> MergeDecision {
    let mut resolutions = BTreeMap::new();
    for path in &args.theirs {
        resolutions.insert(path.clone(), Resolution::Theirs);
    }
    for path in &args.mine {
        resolutions.insert(path.clone(), Resolution::Mine);
    }
    MergeDecision {
        head: preview.head,
        resolutions,
        consent: args.confirm.then(|| preview.fingerprint.clone()),
    }
}

fn print_outcome(out: &mut impl Write, outcome: &MergeOutcome) -> Result<()> {
    writeln!(
        out,
        "merged as revision {}: {} taken, {} kept, {} conflict(s) resolved, {} left open",
        outcome.revision,
        outcome.taken.len(),
        outcome.kept.len(),
        outcome.resolved.len(),
        outcome.open.len()
    )?;
    Ok(())
}

/// `merge` of a Word form returned filled in: the same preview and merge, with what reading
/// the document found (answers not given, content not taken).
fn merge_form(
    out: &mut impl Write,
    desk: &mut Desk,
    id: &str,
    args: MergeArgs,
    bytes: &[u8],
) -> Result<()> {
    if args.keep {
        anyhow::bail!("--keep is for the app's response files: preview a Word document with --dry-run, or merge it");
    }
    let name = gcm_review::desk::display_name(&args.file);
    let preview = desk.form_merge_preview(id, &name, bytes)?;
    let print = |out: &mut dyn Write, desk: &Desk| -> Result<()> {
        let mut buffer = Vec::new();
        print_preview(&mut buffer, desk, &preview.merge)?;
        for path in &preview.no_answer {
            writeln!(buffer, "no answer given (its box was deleted): {path}")?;
        }
        for n in &preview.not_taken {
            let place = n.path.as_deref().unwrap_or("the document");
            writeln!(buffer, "not taken, in {place}: {}", n.what)?;
        }
        out.write_all(&buffer)?;
        Ok(())
    };
    if args.dry_run {
        if args.json {
            return json(out, &json!({ "preview": preview, "merged": null }));
        }
        print(out, desk)?;
        writeln!(out, "nothing was changed (--dry-run)")?;
        return Ok(());
    }
    let decision = decision(&args, &preview.merge);
    let outcome = desk.form_merge(id, &name, bytes, &decision)?;
    if args.json {
        return json(out, &json!({ "preview": preview, "merged": outcome }));
    }
    print(out, desk)?;
    print_outcome(out, &outcome)
}

/// A preview: who returned what, with which key, and each field's fate; conflicts word by
/// word, from your answer to theirs.
fn print_preview(out: &mut impl Write, desk: &Desk, p: &MergePreview) -> Result<()> {
    writeln!(
        out,
        "response from {} ({}), returned {}",
        p.entity_name,
        p.contributor.name,
        local_time(&p.returned)
    )?;
    writeln!(
        out,
        "  to request {} (from revision {}); the review is at revision {}",
        p.request, p.base_revision, p.head
    )?;
    match &p.provenance {
        Some(provenance) => writeln!(out, "  {provenance} (not signed)")?,
        None => writeln!(out, "  key: {}", p.fingerprint)?,
    }
    if let Some(change) = &p.key_change {
        writeln!(out, "  KEY CHANGED: {change}")?;
    }
    if let Some(newer) = &p.superseded_by {
        writeln!(
            out,
            "  note: request {newer} superseded this one; merged against this one's base"
        )?;
    }
    if let Some(revision) = p.merged_before {
        writeln!(
            out,
            "  note: this response was merged before, as revision {revision}"
        )?;
    }
    for (label, paths) in [
        ("taken", &p.taken),
        ("kept", &p.kept),
        ("same", &p.same),
        ("conflicts", &p.conflicts),
        ("not assigned, not applied", &p.unassigned),
    ] {
        match paths.len() {
            0 => writeln!(out, "{label} (0)")?,
            n => writeln!(out, "{label} ({n}): {}", paths.join(", "))?,
        }
    }
    for u in &p.unplaced {
        writeln!(out, "not placed: {} ({})", u.path, u.reason)?;
    }
    for f in p.fields.iter().filter(|f| p.conflicts.contains(&f.path)) {
        let label = desk
            .template()
            .field(&f.path)
            .map(|r| r.field.label.get("en").to_string())
            .unwrap_or_default();
        writeln!(
            out,
            "\n{}: {label} (conflict: [-yours-]{{+theirs+}})",
            f.path
        )?;
        for line in marked(&f.words).trim_end_matches('\n').split('\n') {
            writeln!(out, "    {line}")?;
        }
        if let Some(comment) = &f.comment {
            writeln!(out, "    comment: {comment}")?;
        }
    }
    if !p.conflicts.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

/// `resolve`: the open conflict on a field (from one entity, if several are open).
pub fn resolve(out: &mut impl Write, data: &DataDir, args: ResolveArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let entity = args
        .entity
        .as_deref()
        .map(|e| desk.contributor(&id, e))
        .transpose()?;
    let open: Vec<_> = desk
        .open_conflicts(&id)?
        .into_iter()
        .filter(|c| c.path == args.field_path)
        .filter(|c| entity.as_ref().is_none_or(|e| e.id == c.entity))
        .collect();
    let conflict = match &open[..] {
        [one] => one,
        [] => anyhow::bail!("no conflict is open on {}", args.field_path),
        _ => anyhow::bail!(
            "several entities' conflicts are open on {}: give --entity",
            args.field_path
        ),
    };
    let how = match (args.theirs, args.mine, args.value, args.file) {
        (true, _, _, _) => Resolution::Theirs,
        (_, true, _, _) => Resolution::Mine,
        (_, _, Some(text), _) => Resolution::Both { value: json!(text) },
        (_, _, _, Some(file)) => Resolution::Both {
            value: json!(std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?),
        },
        _ => anyhow::bail!("say how: --theirs, --mine, --value TEXT or --file F"),
    };
    let done = desk.resolve_conflicts(&id, &[(conflict.id, how)].into())?;
    writeln!(
        out,
        "resolved {} ({}); the review is at revision {}",
        args.field_path, conflict.entity_name, done.revision
    )?;
    Ok(())
}

/// `status`: one line per entity, then the conflicts open.
pub fn status(out: &mut impl Write, data: &DataDir, args: StatusArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let status = desk.contribution_status(&id)?;
    if args.json {
        return json(out, &status);
    }
    writeln!(
        out,
        "{:<28}  {:<14}  {:<10}  {:<16}  {:>6}  {:>9}",
        "ENTITY", "STATE", "DUE", "REQUESTED", "FIELDS", "RESPONSES"
    )?;
    for e in &status.entities {
        let state = serde_json::to_value(e.state)?;
        let state = state.as_str().unwrap_or_default().replace('_', " ");
        let (due, requested) = match &e.request {
            Some(r) => (
                r.due.clone().unwrap_or_else(|| "-".into()),
                local_time(&r.created_at),
            ),
            None => ("-".into(), "-".into()),
        };
        writeln!(
            out,
            "{:<28}  {state:<14}  {due:<10}  {requested:<16}  {:>6}  {:>9}",
            clip(&e.entity.name, 28),
            e.entity.fields.len(),
            e.responses
        )?;
    }
    for c in desk.open_conflicts(&id)? {
        writeln!(
            out,
            "conflict open: {} ({}, since revision {})",
            c.path, c.entity_name, c.opened_revision
        )?;
    }
    Ok(())
}
