//! `verify`: signed reviews and packages, one or a whole inbox of them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use gcm_review::desk::{Verdict, Verification};

use crate::cli::VerifyArgs;
use crate::print::{json, summary, verdict, Progress};
use crate::DataDir;

/// Some of the files verified are not valid: the command fails once every verdict is printed.
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} file(s) are not valid")]
pub struct NotAllValid {
    /// How many files failed.
    pub failed: usize,
    /// How many were verified.
    pub total: usize,
    /// How many of those failed only because their key is not yet trusted here.
    pub untrusted: usize,
}

/// `verify`: the verdict on each file (in full for one, as a table for many), then a failure
/// unless every file is valid (or, with `--allow-untrusted`, intact).
pub fn run(out: &mut impl Write, data: &DataDir, args: VerifyArgs) -> Result<()> {
    let mut desk = data.open()?;
    let paths: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let bar = Progress::new(paths.len());
    let verdicts = desk.verify_paths(&paths, |done, _| bar.show(done))?;
    bar.clear();
    if args.json {
        json(out, &verdicts)?;
    } else if let [one] = verdicts.as_slice() {
        verdict(out, one)?;
    } else {
        summary(out, &verdicts)?;
    }
    outcome(&verdicts, args.allow_untrusted)
}

/// Success when every verdict passes.
fn outcome(verdicts: &[Verification], allow_untrusted: bool) -> Result<()> {
    let count =
        |failing: &dyn Fn(Verdict) -> bool| verdicts.iter().filter(|v| failing(v.verdict)).count();
    let failed = count(&|v| match v {
        Verdict::Valid => false,
        Verdict::UntrustedKey => !allow_untrusted,
        Verdict::KeyChanged | Verdict::Invalid => true,
    });
    let untrusted = count(&|v| v == Verdict::UntrustedKey && !allow_untrusted);
    if failed == 0 {
        return Ok(());
    }
    Err(NotAllValid {
        failed,
        total: verdicts.len(),
        untrusted,
    }
    .into())
}
