//! `generate man|completions DIR`: the manual pages and shell completions, made from the clap
//! definitions in `cli.rs`, so that what is installed always says what the binary does.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs, Generated};

/// Writes what `args` asks for into its folder and prints each file written.
pub fn run(out: &mut impl Write, args: GenerateArgs) -> Result<()> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let written = match args.what {
        Generated::Man => man(&args.dir)?,
        Generated::Completions => completions(&args.dir)?,
    };
    for name in written {
        writeln!(out, "{}", args.dir.join(name).display())?;
    }
    Ok(())
}

/// `gcm-review.1`, then a page per visible command (`gcm-review-keys.1`, ...).
fn man(dir: &Path) -> Result<Vec<String>> {
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    let mut written: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("gcm-review") && name.ends_with(".1"))
        .collect();
    written.sort();
    Ok(written)
}

/// Completions for bash, zsh and fish, under the names those shells look for.
fn completions(dir: &Path) -> Result<Vec<String>> {
    let mut command = Cli::command();
    let mut written = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let path = clap_complete::generate_to(shell, &mut command, "gcm-review", dir)
            .with_context(|| format!("cannot write the {shell} completions"))?;
        written.push(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    Ok(written)
}
