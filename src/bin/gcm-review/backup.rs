//! `backup list`, `now`, `restore`: list and restore work on the folder, so that a damaged
//! store can be replaced.

use std::io::Write;

use anyhow::Result;
use gcm_review::Desk;

use crate::cli::BackupCommand;
use crate::print::local_time;
use crate::DataDir;

/// `backup …`: the subcommand.
pub fn run(out: &mut impl Write, data: &DataDir, command: BackupCommand) -> Result<()> {
    match command {
        BackupCommand::List => {
            for b in Desk::backups_in(&data.path()?)? {
                let (name, size) = (&b.name, b.size / 1024);
                writeln!(out, "{name}  {}  {size} KiB", local_time(&b.created_at))?;
            }
        }
        BackupCommand::Now => {
            let b = data.open()?.backup_now()?;
            writeln!(out, "made backup {}", b.name)?;
        }
        BackupCommand::Restore { name } => {
            let desk = Desk::restore_backup(&data.path()?, &name)?;
            let reviews = desk.list(false)?.len();
            writeln!(
                out,
                "restored {name}: {reviews} review(s); the previous file was set aside beside it"
            )?;
        }
    }
    Ok(())
}
