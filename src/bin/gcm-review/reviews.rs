//! The reviews and their answers: `new`, `list`, `show`, `set`, `history`, `diff`.

use std::io::Write;

use anyhow::{Context, Result};
use gcm_review::desk::{is_answered, marked, member_state, Change, FieldDiff, FieldKind};
use gcm_review::{NewReview, ReviewState, Template};

use crate::cli::{DiffArgs, HistoryArgs, ListArgs, NewArgs, SetArgs, ShowArgs};
use crate::print::{json, local_time};
use crate::DataDir;

/// `new`: starts a review and prints its id.
pub fn new(out: &mut impl Write, data: &DataDir, args: NewArgs) -> Result<()> {
    let review = data.open()?.create(NewReview {
        member_state: args.member_state,
        cycle: args.cycle,
        language: args.language,
    })?;
    writeln!(out, "{}", review.id)?;
    Ok(())
}

/// `list`: one line per review, last saved first.
pub fn list(out: &mut impl Write, data: &DataDir, args: ListArgs) -> Result<()> {
    let reviews = data.open()?.list(false)?;
    if args.json {
        return json(out, &reviews);
    }
    for r in reviews {
        writeln!(
            out,
            "{}  {:<30}  {:<12}  {}  {}  {:>3}%",
            r.id,
            r.member_state_name,
            r.cycle,
            r.language,
            local_time(&r.updated_at),
            r.completeness
        )?;
    }
    Ok(())
}

/// `show`: the answered fields in template order, or the review document as JSON.
pub fn show(out: &mut impl Write, data: &DataDir, args: ShowArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    if args.json {
        return json(out, &desk.document(&id)?);
    }
    let editable = match desk.workspace(&id)? {
        Some(w) => {
            writeln!(
                out,
                "contribution for {}, requested by {}{}; answers you can change are marked *",
                w.entity.name,
                w.coordinator.name,
                w.due.map(|d| format!(", due {d}")).unwrap_or_default()
            )?;
            writeln!(out, "  you can set: {}", w.fields.join(", "))?;
            Some(w.fields)
        }
        None => None,
    };
    print_review(out, desk.template(), &desk.open_review(&id)?, editable)
}

/// `set`: one answer, from the command line or a file, saved as a revision.
pub fn set(out: &mut impl Write, data: &DataDir, args: SetArgs) -> Result<()> {
    let text = match (args.value, args.file) {
        (Some(text), _) => text,
        (None, Some(file)) => std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?,
        (None, None) => anyhow::bail!("give the answer with --value TEXT or --file F"),
    };
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let saved = desk.set_text(&id, &args.field_path, &text)?;
    writeln!(
        out,
        "saved {} as revision {}",
        args.field_path, saved.revision
    )?;
    if let Some(d) = saved.left_final {
        writeln!(
            out,
            "note: revision {} was marked final by {} on {}; this edit makes the review a draft \
             again ('gcm-review finalize' marks it final)",
            d.revision,
            d.decided_by,
            &d.decided_at[..10]
        )?;
    }
    Ok(())
}

/// `history`: one line per revision, newest first, with the fields it changed.
pub fn history(out: &mut impl Write, data: &DataDir, args: HistoryArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    for r in desk.history(&id)? {
        let kind = serde_json::to_value(&r.kind)?;
        let kind = match (kind["kind"].as_str(), kind["importedFrom"].as_str()) {
            (_, Some(file)) => format!("imported from {file}"),
            (Some("merge"), _) => match kind["provenance"].as_str() {
                Some(provenance) => format!("merged: {provenance}"),
                None => format!("merged from {}", kind["entity"].as_str().unwrap_or("")),
            },
            (Some("opened_request"), _) => "opened from a request".to_string(),
            (Some("resolve"), _) => "conflicts resolved".to_string(),
            (kind, _) => kind.unwrap_or_default().to_string(),
        };
        let marks: String = r.milestones.iter().map(|m| format!("  [{m}]")).collect();
        writeln!(
            out,
            "{:>5}  {}  {:<9}  {}{}",
            r.number,
            local_time(&r.created_at),
            kind,
            r.paths.join(", "),
            marks
        )?;
    }
    Ok(())
}

/// `diff`: the fields that differ between two revisions, word by word.
pub fn diff(out: &mut impl Write, data: &DataDir, args: DiffArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let diffs = desk.compare(&id, args.rev_a, args.rev_b)?;
    if args.json {
        return json(out, &diffs);
    }
    print_diff(out, desk.template(), &diffs, (args.rev_a, args.rev_b))
}

/// A review's heading, then each answered field under its section, then what is missing.
fn print_review(
    out: &mut impl Write,
    template: &Template,
    state: &ReviewState,
    editable: Option<Vec<String>>,
) -> Result<()> {
    let s = &state.summary;
    let name = member_state(&s.member_state)
        .map(|m| m.name.get(&s.language).to_string())
        .unwrap_or_else(|| s.member_state_name.clone());
    writeln!(
        out,
        "{name} · {} · {} · revision {} · {}% complete",
        s.cycle, s.language, state.version, state.completeness.percent
    )?;
    let mut section = "";
    for field in template.fields() {
        let path = field.path();
        let Some(value) = state.values.get(&path).filter(|v| is_answered(v)) else {
            continue;
        };
        if section != field.section.id {
            section = &field.section.id;
            let number = field.section.number.as_deref().unwrap_or("");
            writeln!(out, "\n{number} {}", field.section.title.get("en"))?;
        }
        let text = match (field.field.kind, value) {
            (FieldKind::Text | FieldKind::Richtext | FieldKind::Date | FieldKind::Choice, v) => {
                v.as_str().unwrap_or_default().to_string()
            }
            (_, v) => v.to_string(),
        };
        let mark = match &editable {
            Some(fields) if fields.contains(&path) => " *",
            _ => "",
        };
        writeln!(out, "  {path}:{mark}")?;
        for line in text.lines() {
            writeln!(out, "    {line}")?;
        }
    }
    let missing = state.completeness.missing.len();
    writeln!(out, "\n{missing} required answer(s) missing")?;
    Ok(())
}

/// Each changed field: its path and English label, then its text with `[-deleted-]` and
/// `{+inserted+}` words, indented.
fn print_diff(
    out: &mut impl Write,
    template: &Template,
    diffs: &[FieldDiff],
    (a, b): (u64, u64),
) -> Result<()> {
    if diffs.is_empty() {
        writeln!(out, "no differences between revisions {a} and {b}")?;
        return Ok(());
    }
    for (i, d) in diffs.iter().enumerate() {
        let label = match template.field(&d.path) {
            Some(f) => match f.objective {
                Some(n) => format!("{} (objective {n})", f.field.label.get("en")),
                None => f.field.label.get("en").to_string(),
            },
            None => "not in the template".to_string(),
        };
        let change = match d.change {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        };
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}: {label} ({change})", d.path)?;
        for line in marked(&d.words).trim_end_matches('\n').split('\n') {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}
