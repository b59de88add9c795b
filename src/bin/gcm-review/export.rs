//! What leaves the machine: `export-json`, `export-pdf`, `package`. Each file is made in
//! memory by the core, written whole, and only then recorded.

use std::io::Write;

use anyhow::Result;
use gcm_review::desk::{write_file, PdfOptions};

use crate::cli::{ExportJsonArgs, ExportPdfArgs, PackageArgs};
use crate::prompt::key_passphrase;
use crate::DataDir;

/// `export-json`: the review document, signed with `--sign`.
pub fn json(out: &mut impl Write, data: &DataDir, args: ExportJsonArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let passphrase = if args.sign {
        Some(key_passphrase()?)
    } else {
        None
    };
    let export = desk.export_json(&id, passphrase.as_ref())?;
    write_file(&args.output, &export.bytes)?;
    let signed = if args.sign { "signed" } else { "unsigned" };
    let status = export.status.as_str();
    writeln!(out, "wrote {} ({signed}, {status})", args.output.display())?;
    Ok(())
}

/// `export-pdf`: the sign-off PDF.
pub fn pdf(out: &mut impl Write, data: &DataDir, args: ExportPdfArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let options = PdfOptions {
        by_round_table: args.by_round_table,
        letter: args.letter,
        internal_review: args.internal_review,
        ..Default::default()
    };
    write_file(&args.output, &desk.export_pdf(&id, &options)?)?;
    writeln!(out, "wrote {}", args.output.display())?;
    Ok(())
}

/// `package`: build the package, write it, record it; with `--eml` the same for the email
/// draft, which records the submission.
pub fn package(out: &mut impl Write, data: &DataDir, args: PackageArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let options = PdfOptions {
        by_round_table: args.by_round_table,
        letter: args.letter,
        ..Default::default()
    };
    let package = desk.package(&id, &key_passphrase()?, &options)?;
    write_file(&args.output, &package.bytes)?;
    desk.record_package(&package)?;
    let status = package.status.as_str();
    writeln!(out, "wrote {} ({status})", args.output.display())?;
    writeln!(out, "  review digest: {}", package.digest)?;
    let Some(eml) = args.eml else {
        return Ok(());
    };
    let name = args
        .output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or(package.file_name);
    let draft = desk.email_package(&id, &name, &package.bytes)?;
    write_file(&eml, &draft.bytes)?;
    desk.record_email(&draft)?;
    writeln!(out, "wrote {} (draft to {})", eml.display(), draft.to)?;
    Ok(())
}
