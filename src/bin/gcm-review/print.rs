//! What several commands print alike: JSON, local times, clipped columns, the verdict on a
//! file and the summary table of many, and the progress bar.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use chrono::{DateTime, Local};
use gcm_review::desk::{KeyTrust, Verdict, Verification};
use serde::Serialize;

/// Prints a value as indented JSON, the shape `--json` promises.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    writeln!(out, "{}", serde_json::to_string_pretty(value)?)?;
    Ok(())
}

/// An RFC 3339 time as the user's local date and minute; anything else as it is.
pub fn local_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// `text` cut to `width` characters, with an ellipsis where it was cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// A progress bar on standard error, when it is a terminal and there is more than one file.
pub struct Progress {
    total: usize,
    shown: bool,
}

impl Progress {
    /// A bar for `total` files, drawn only where someone watches.
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            shown: total > 1 && std::io::stderr().is_terminal(),
        }
    }

    /// Redraws the bar with `done` files done.
    pub fn show(&self, done: usize) {
        if self.shown {
            let width = 30;
            let filled = done * width / self.total.max(1);
            eprint!(
                "\rverifying {done:>5}/{} [{}{}]",
                self.total,
                "#".repeat(filled),
                ".".repeat(width - filled)
            );
        }
    }

    /// Erases the bar.
    pub fn clear(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

/// Many verdicts: one line per file, then the totals.
pub fn summary(out: &mut impl Write, verdicts: &[Verification]) -> Result<()> {
    writeln!(
        out,
        "{:<8}  {:<34}  {:<24}  FILE",
        "VERDICT", "REVIEW", "SIGNER"
    )?;
    for v in verdicts {
        let verdict = match v.verdict {
            Verdict::Valid => "valid",
            Verdict::UntrustedKey => "untrusted",
            Verdict::KeyChanged => "KEY CHANGED",
            Verdict::Invalid => "INVALID",
        };
        let review = v.review.clone().unwrap_or_default();
        let signer = v
            .signer
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default();
        writeln!(
            out,
            "{verdict:<8}  {:<34}  {:<24}  {}",
            clip(&review, 34),
            clip(&signer, 24),
            v.file
        )?;
        if let Some(reason) = &v.reason {
            writeln!(out, "{:<8}  why: {reason}", "")?;
        }
    }
    let count = |verdict| verdicts.iter().filter(|v| v.verdict == verdict).count();
    writeln!(
        out,
        "\n{} file(s): {} valid, {} intact but signed by a key not yet trusted, {} with a changed key, {} invalid",
        verdicts.len(),
        count(Verdict::Valid),
        count(Verdict::UntrustedKey),
        count(Verdict::KeyChanged),
        count(Verdict::Invalid)
    )?;
    Ok(())
}

/// One verdict in full: what it means, why, who signed, with which key, and what the file is.
pub fn verdict(out: &mut impl Write, v: &Verification) -> Result<()> {
    let verdict = match v.verdict {
        Verdict::Valid => "VALID",
        Verdict::UntrustedKey => {
            "the signature holds, but the key is NOT YET TRUSTED on this machine: check its fingerprint with the sender, then 'gcm-review keys trust FINGERPRINT'"
        }
        Verdict::KeyChanged => "KEY CHANGED: the signature holds, but not with this Member State's key",
        Verdict::Invalid => "INVALID",
    };
    writeln!(out, "{}: {verdict}", v.file)?;
    if let Some(reason) = &v.reason {
        writeln!(out, "  why:         {reason}")?;
    }
    if let Some(s) = &v.signer {
        writeln!(
            out,
            "  signed by:   {}, {}, {} <{}>",
            s.name, s.title, s.ministry, s.email
        )?;
    }
    if let (Some(fingerprint), Some(review)) = (&v.fingerprint, &v.review) {
        writeln!(out, "  key:         {fingerprint}{}", trust(v))?;
        writeln!(out, "  review:      {review}")?;
        signed_facts(out, v)?;
    }
    Ok(())
}

/// How far the key of a verdict is trusted, as a parenthesis after its fingerprint.
fn trust(v: &Verification) -> String {
    match v.trust {
        Some(KeyTrust::Own) => " (this machine's own key)".to_string(),
        Some(KeyTrust::Trusted) => " (trusted)".to_string(),
        Some(KeyTrust::Endorsed) => format!(
            " (endorsed by trusted key {})",
            v.endorsed_by.as_deref().unwrap_or_default()
        ),
        Some(KeyTrust::Seen | KeyTrust::New) | None => " (not yet trusted)".to_string(),
    }
}

/// The facts of an intact signed file: template, status, time, history and contents.
fn signed_facts(out: &mut impl Write, v: &Verification) -> Result<()> {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    writeln!(out, "  template:    {}", text(&v.template))?;
    writeln!(
        out,
        "  status:      {}",
        v.status.map_or("", |s| s.as_str())
    )?;
    writeln!(out, "  signed at:   {}", text(&v.signed))?;
    writeln!(
        out,
        "  same key:    {} file(s) verified here before",
        v.seen_before
    )?;
    if let Some(digest) = &v.digest {
        writeln!(out, "  digest:      {digest}")?;
    }
    match (&v.supersedes, &v.supersedes_known) {
        (Some(d), Some(known)) => writeln!(out, "  supersedes:  {d} ({known})")?,
        (Some(d), None) => writeln!(out, "  supersedes:  {d} (not known here)")?,
        (None, _) => writeln!(out, "  supersedes:  nothing (a first submission)")?,
    }
    if !v.members.is_empty() {
        writeln!(out, "  package:     {}", v.members.join(", "))?;
    }
    Ok(())
}
