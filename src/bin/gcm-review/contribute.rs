//! Whole-of-government drafting, the contributor's commands: `open-request` and `return`. The
//! workspace is a review: `show`, `set` and `history` work on it.

use std::io::Write;

use anyhow::{Context, Result};
use gcm_review::desk::{display_name, read_import, write_file, KeyTrust};

use crate::cli::{OpenRequestArgs, ReturnArgs};
use crate::prompt::key_passphrase;
use crate::DataDir;

/// `open-request`: the workspace's id on standard output (for scripts), who asked and with
/// which key on standard error (for the person, to check the fingerprint).
pub fn open_request(out: &mut impl Write, data: &DataDir, args: OpenRequestArgs) -> Result<()> {
    let mut desk = data.open()?;
    let opened = desk.open_request(&read_import(&args.file)?)?;
    writeln!(out, "{}", opened.workspace)?;
    let info = &opened.info;
    let c = &info.coordinator;
    let trust = match opened.trust {
        KeyTrust::Own => "this machine's own key",
        KeyTrust::Trusted => "trusted",
        KeyTrust::Endorsed => "endorsed by a trusted key",
        KeyTrust::Seen | KeyTrust::New => {
            "not yet trusted: check it with the coordinator, then 'gcm-review keys trust FINGERPRINT'"
        }
    };
    let mut err = std::io::stderr().lock();
    let again = if opened.created {
        ""
    } else {
        " (opened before)"
    };
    writeln!(
        err,
        "contribution requested by {}, {}, {} <{}>{again}",
        c.name, c.title, c.ministry, c.email
    )?;
    writeln!(err, "  key:      {} ({trust})", info.fingerprint)?;
    if let Some(change) = &opened.key_change {
        writeln!(err, "  KEY CHANGED: {}", change.message)?;
    }
    writeln!(
        err,
        "  for:      {}; {} field(s) to write{}",
        info.entity.name,
        info.fields.len(),
        info.due
            .as_deref()
            .map(|d| format!(", due {d}"))
            .unwrap_or_default()
    )?;
    if !info.instructions.is_empty() {
        writeln!(err, "  asks:     {}", info.instructions)?;
    }
    Ok(())
}

/// `return`: the comments given, then the signed response written and recorded; with `--eml`
/// the draft back to the coordinator.
pub fn give_back(out: &mut impl Write, data: &DataDir, args: ReturnArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.workspace)?;
    for comment in &args.comment {
        let (path, text) = comment
            .split_once('=')
            .with_context(|| format!("give a comment as PATH=TEXT, not \"{comment}\""))?;
        desk.set_contribution_comment(&id, path.trim(), text)?;
    }
    let response = desk.return_contribution(&id, &key_passphrase()?, None)?;
    write_file(&args.output, &response.bytes)?;
    desk.record_return(&response)?;
    writeln!(
        out,
        "wrote {} ({} changed field(s): {})",
        args.output.display(),
        response.fields.len(),
        response.fields.join(", ")
    )?;
    let made = if response.key_created {
        " (made now)"
    } else {
        ""
    };
    writeln!(out, "  signed with key {}{made}", response.fingerprint)?;
    let Some(eml) = args.eml else {
        return Ok(());
    };
    let draft = desk.email_response(&id, &display_name(&args.output), &response.bytes)?;
    write_file(&eml, &draft.bytes)?;
    writeln!(out, "wrote {} (draft to {})", eml.display(), draft.to)?;
    Ok(())
}
