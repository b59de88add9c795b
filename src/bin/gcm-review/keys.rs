//! The signing key and the senders' keys: `keys new`, `signer`, `list`, `export-public`,
//! `rotate`, `trust`, `untrust`, `known`, `import`.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use gcm_review::desk::{member_state, read_import, KeyTrust, KnownKeyInfo};
use gcm_review::{Desk, Signer};

use crate::cli::{KeysCommand, NewKeyArgs, SignerArgs};
use crate::print::{json, local_time};
use crate::prompt::{new_passphrase, passphrase, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV};
use crate::DataDir;

/// `keys …`: the subcommand, over the store.
pub fn run(out: &mut impl Write, data: &DataDir, command: KeysCommand) -> Result<()> {
    let desk = &mut data.open()?;
    match command {
        KeysCommand::New(args) => new(out, desk, args),
        KeysCommand::Signer(args) => signer(out, desk, args),
        KeysCommand::List => list(out, desk),
        KeysCommand::ExportPublic => json(out, &desk.public_key()?),
        KeysCommand::Rotate => rotate(out, desk),
        KeysCommand::Trust { keys } => trust(out, desk, &keys, true),
        KeysCommand::Untrust { keys } => trust(out, desk, &keys, false),
        KeysCommand::Known { untrusted, json } => known(out, desk, untrusted, json),
        KeysCommand::Import { file } => import(out, desk, &file),
    }
}

/// `keys new`: records who signs, when given, then makes the first key.
fn new(out: &mut impl Write, desk: &mut Desk, args: NewKeyArgs) -> Result<()> {
    if let Some(name) = args.name {
        desk.set_signer(&Signer {
            name,
            title: args.title.unwrap_or_default(),
            ministry: args.ministry.unwrap_or_default(),
            email: args.email.unwrap_or_default(),
        })?;
    }
    let key = desk.create_key(&new_passphrase(PASSPHRASE_ENV)?)?;
    writeln!(out, "created key {}", key.fingerprint)?;
    Ok(())
}

/// `keys signer`: records who signs.
fn signer(out: &mut impl Write, desk: &mut Desk, args: SignerArgs) -> Result<()> {
    let signer = Signer {
        name: args.name,
        title: args.title.unwrap_or_default(),
        ministry: args.ministry.unwrap_or_default(),
        email: args.email.unwrap_or_default(),
    };
    desk.set_signer(&signer)?;
    writeln!(out, "signer: {}", signer.name)?;
    Ok(())
}

/// `keys list`: the user's keys, active first.
fn list(out: &mut impl Write, desk: &Desk) -> Result<()> {
    for key in desk.keys()? {
        let state = match &key.retired_at {
            None => "active".to_string(),
            Some(at) => format!("replaced {}", local_time(at)),
        };
        writeln!(
            out,
            "{}  {}  created {}  {state}",
            key.fingerprint,
            key.kid,
            local_time(&key.created_at)
        )?;
    }
    Ok(())
}

/// `keys rotate`: a new key, endorsed by the current one.
fn rotate(out: &mut impl Write, desk: &mut Desk) -> Result<()> {
    let old = passphrase("Passphrase of the current key", PASSPHRASE_ENV)?;
    let key = desk.rotate_key(&old, &new_passphrase(NEW_PASSPHRASE_ENV)?)?;
    writeln!(
        out,
        "replaced by key {} (endorsed by the previous key)",
        key.fingerprint
    )?;
    Ok(())
}

/// `keys trust` and `keys untrust`: each key, one line.
fn trust(out: &mut impl Write, desk: &mut Desk, keys: &[String], trusted: bool) -> Result<()> {
    let done = if trusted {
        "trusted"
    } else {
        "no longer trusted"
    };
    for key in keys {
        let k = desk.trust_key(key, trusted)?;
        writeln!(out, "{done} {}  {}", k.fingerprint, describe(&k))?;
    }
    Ok(())
}

/// `keys known`: the senders' keys met here, with how far each is trusted.
fn known(out: &mut impl Write, desk: &Desk, untrusted: bool, as_json: bool) -> Result<()> {
    let keys: Vec<KnownKeyInfo> = desk
        .known_keys()?
        .into_iter()
        .filter(|k| !untrusted || !k.trust.is_trusted())
        .collect();
    if as_json {
        return json(out, &keys);
    }
    for k in &keys {
        let trust = match k.trust {
            KeyTrust::Own => "own",
            KeyTrust::Trusted => "trusted",
            KeyTrust::Endorsed => "endorsed",
            KeyTrust::Seen | KeyTrust::New => "NOT TRUSTED",
        };
        writeln!(
            out,
            "{}  {trust:<11}  seen {:>3}  {}",
            k.fingerprint,
            k.seen_count,
            describe(k)
        )?;
    }
    Ok(())
}

/// `keys import`: a sender's public key file.
fn import(out: &mut impl Write, desk: &mut Desk, file: &Path) -> Result<()> {
    let k = desk.import_public_key(&read_import(file)?)?;
    let trust = if k.trust.is_trusted() {
        "trusted"
    } else {
        "not yet trusted"
    };
    writeln!(out, "read key {} ({trust})", k.fingerprint)?;
    if let Some(by) = &k.endorsed_by {
        writeln!(out, "  endorsed by {by}")?;
    }
    Ok(())
}

/// The signer and Member State a known key was last seen with.
fn describe(k: &KnownKeyInfo) -> String {
    let state = k
        .member_state
        .as_deref()
        .map(|iso3| member_state(iso3).map_or(iso3.to_string(), |m| m.name.get("en").to_string()));
    [Some(k.signer.clone()), state]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
