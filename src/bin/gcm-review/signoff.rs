//! Sign-off: `signoff list | add | approve | status`, `make-approval` on the approver's side,
//! and `finalize`, the coordinator's decision that the current revision is final.

use std::io::Write;

use anyhow::{Context, Result};
use gcm_review::desk::{
    write_file, ApprovalInfo, ApprovalMethod, Attachment, EntityState, NewApproval,
    NewSignoffEntity, SignoffStatus,
};

use crate::cli::{
    FinalizeArgs, MakeApprovalArgs, Method, SignoffAddArgs, SignoffApproveArgs, SignoffCommand,
};
use crate::print::json;
use crate::prompt::key_passphrase;
use crate::DataDir;

/// `signoff …`.
pub fn run(out: &mut impl Write, data: &DataDir, command: SignoffCommand) -> Result<()> {
    match command {
        SignoffCommand::List {
            review,
            json: as_json,
        } => {
            let desk = data.open()?;
            let list = desk.signoff_list(&desk.resolve(&review)?)?;
            if as_json {
                return json(out, &list);
            }
            for e in &list {
                writeln!(out, "{}  {}", e.entity, who(&e.approver, &e.title))?;
            }
            writeln!(out, "{} entit(ies) must approve", list.len())?;
            Ok(())
        }
        SignoffCommand::Add(args) => add(out, data, args),
        SignoffCommand::Approve(args) => approve(out, data, args),
        SignoffCommand::Status {
            review,
            json: as_json,
        } => {
            let desk = data.open()?;
            let id = desk.resolve(&review)?;
            let status = desk.signoff_status(&id)?;
            if as_json {
                return json(out, &status);
            }
            print_status(out, &id, &status)
        }
    }
}

/// "Grace Njeri, Permanent Secretary", without empty parts.
fn who(name: &str, title: &str) -> String {
    [name, title]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How an approval was given, in words.
fn method(m: ApprovalMethod) -> &'static str {
    match m {
        ApprovalMethod::Paper => "signed on paper",
        ApprovalMethod::Email => "by email",
        ApprovalMethod::App => "in the app",
    }
}

fn add(out: &mut impl Write, data: &DataDir, args: SignoffAddArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    if let Some(wanted) = &args.from_contributors {
        for entity in desk.add_signoff_from_contributors(&id, wanted)? {
            writeln!(out, "added {} to the sign-off list", entity.entity)?;
        }
        return Ok(());
    }
    let entity = desk.add_signoff_entity(
        &id,
        &NewSignoffEntity {
            entity: args.entity.unwrap_or_default(),
            approver: args.approver,
            title: args.title,
        },
    )?;
    writeln!(out, "added {} to the sign-off list", entity.entity)?;
    Ok(())
}

fn approve(out: &mut impl Write, data: &DataDir, args: SignoffApproveArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let info = if let Some(file) = &args.file {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let check = desk.check_approval_file(&id, &bytes)?;
        let token = check.consent.filter(|_| args.confirm).map(|c| c.token);
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        desk.record_approval_file(&id, &name.unwrap_or_default(), &bytes, token.as_deref())?
    } else {
        let attachment = match &args.attach {
            Some(path) => Some(Attachment {
                name: path.display().to_string(),
                bytes: std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            }),
            None => None,
        };
        desk.record_approval(
            &id,
            &NewApproval {
                entity: args.entity.unwrap_or_default(),
                method: match args.method {
                    Method::Paper => ApprovalMethod::Paper,
                    Method::Email => ApprovalMethod::Email,
                },
                approver: args.approver,
                title: args.title,
                date: args.date,
                revision: args.revision,
                fingerprint: args.fingerprint,
                attachment,
            },
        )?
    };
    writeln!(
        out,
        "recorded the approval of {} by {} ({}, {}), of revision {}",
        info.entity,
        who(&info.record.approver, &info.record.title),
        method(info.record.method),
        &info.record.date[..10.min(info.record.date.len())],
        info.record.revision
    )?;
    if info.stale {
        writeln!(
            out,
            "it is stale: {} changed since",
            info.changed.join(", ")
        )?;
    }
    Ok(())
}

/// The header line, then one line per entity, with what changed since a stale approval.
fn print_status(out: &mut impl Write, id: &str, s: &SignoffStatus) -> Result<()> {
    let status = match (&s.final_decision, &s.last_final_decision) {
        (Some(d), _) => format!("final, by {} on {}", d.decided_by, &d.decided_at[..10]),
        (None, Some(d)) => format!(
            "draft (revision {} was marked final by {} on {}; edited since)",
            d.revision,
            d.decided_by,
            &d.decided_at[..10]
        ),
        (None, None) => "draft".to_string(),
    };
    writeln!(out, "{} · revision {} · {status}", s.summary, s.head)?;
    writeln!(out, "fingerprint {}", s.fingerprint)?;
    for e in &s.entities {
        let state = match e.state {
            EntityState::Outstanding => "outstanding",
            EntityState::Approved => "approved",
            EntityState::Stale => "STALE",
        };
        writeln!(out, "  {:<12} {}", state, e.entity.entity)?;
        match &e.approval {
            None => writeln!(
                out,
                "{:15}awaiting {}",
                "",
                who(&e.entity.approver, &e.entity.title)
            )?,
            Some(a) => print_approval(out, id, s.head, a)?,
        }
    }
    Ok(())
}

fn print_approval(out: &mut impl Write, id: &str, head: u64, a: &ApprovalInfo) -> Result<()> {
    let r = &a.record;
    writeln!(
        out,
        "{:15}{} · {} {} · revision {} · {}…",
        "",
        who(&r.approver, &r.title),
        method(r.method),
        &r.date[..10.min(r.date.len())],
        r.revision,
        &r.fingerprint[..16]
    )?;
    if let Some(key) = &a.key_fingerprint {
        let trust = a.key_trust.map_or("", |t| {
            if t.is_trusted() {
                ""
            } else {
                " (not yet trusted)"
            }
        });
        writeln!(out, "{:15}key {key}{trust}", "")?;
    }
    if a.stale {
        let shown = a
            .changed
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = match a.changed.len() {
            n if n > 5 => format!(" and {} more", n - 5),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:15}changed since: {shown}{more} ('gcm-review diff {id} {} {head}')",
            "", r.revision
        )?;
    }
    Ok(())
}

/// `make-approval`: the approver's side.
pub fn make(out: &mut impl Write, data: &DataDir, args: MakeApprovalArgs) -> Result<()> {
    let desk = data.open()?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let made = desk.make_approval(&bytes, args.entity.as_deref(), &key_passphrase()?)?;
    write_file(&args.output, &made.bytes)?;
    writeln!(
        out,
        "wrote {}: {} approves revision {} of review {} (fingerprint {}…)",
        args.output.display(),
        made.entity,
        made.revision,
        made.review,
        &made.fingerprint[..16]
    )?;
    Ok(())
}

/// `finalize`: the coordinator's decision.
pub fn finalize(out: &mut impl Write, data: &DataDir, args: FinalizeArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let decision = desk.finalize(&id, args.confirm)?;
    writeln!(
        out,
        "revision {} is final, by {} on {}",
        decision.revision,
        decision.decided_by,
        &decision.decided_at[..10]
    )?;
    for warning in &decision.accepted {
        writeln!(out, "  accepted: {warning}")?;
    }
    Ok(())
}
