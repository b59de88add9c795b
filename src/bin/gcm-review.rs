//! `gcm-review`: the command line over the GCM Review Desk core, for scripts, tests and the
//! secretariat. Every command is one call into [`gcm_review::Desk`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::{DateTime, Local};
use clap::{Parser, Subcommand};
use gcm_review::desk::write_file;
use gcm_review::desk::{
    ImportAction, ImportPreview, KeyTrust, KnownKeyInfo, Verdict, Verification,
};
use gcm_review::diff::{marked, Change, FieldDiff};
use gcm_review::review::is_answered;
use gcm_review::sign::Passphrase;
use gcm_review::template::{member_state, FieldKind, FieldMap};
use gcm_review::{data_dir, Desk, NewReview, Signer, Template};

#[path = "cli/import_document.rs"]
mod import_document;

#[derive(Parser)]
#[command(
    name = "gcm-review",
    version,
    about = "Draft, keep and check voluntary GCM reviews"
)]
struct Cli {
    /// The folder that holds the review store (default: the user's data folder).
    #[arg(long, global = true, env = "GCM_REVIEW_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a review; prints its id.
    New {
        /// ISO 3166-1 alpha-3 code of the Member State, e.g. KEN.
        #[arg(long, value_name = "ISO3")]
        member_state: String,
        /// The reporting cycle, e.g. "IMRF 2026".
        #[arg(long, value_name = "TEXT")]
        cycle: String,
        /// The review's language: ar, zh, en, fr, ru or es.
        #[arg(long, value_name = "CODE")]
        language: String,
    },
    /// List the reviews in the store.
    List {
        /// Print a JSON array of objects.
        #[arg(long)]
        json: bool,
    },
    /// Show a review's answers.
    Show {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Print the review document as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set one answer.
    Set {
        /// The review id, or a unique prefix of it.
        review: String,
        /// The field path, e.g. objectives.7.measures.
        field_path: String,
        /// The answer (lists: comma-separated; yes/no: true or false; tables: JSON).
        #[arg(
            long,
            value_name = "TEXT",
            conflicts_with = "file",
            required_unless_present = "file"
        )]
        value: Option<String>,
        /// Read the answer from a UTF-8 file.
        #[arg(long, value_name = "F")]
        file: Option<PathBuf>,
    },
    /// List a review's revisions, newest first.
    History {
        /// The review id, or a unique prefix of it.
        review: String,
    },
    /// Compare two revisions of a review, field by field and word by word
    /// ([-deleted-]{+inserted+}).
    Diff {
        /// The review id, or a unique prefix of it.
        review: String,
        /// The earlier revision (as `history` numbers them).
        rev_a: u64,
        /// The later revision.
        rev_b: u64,
        /// Print a JSON array of field differences.
        #[arg(long)]
        json: bool,
    },
    /// Show or check the template.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Manage the signing key.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// List, make or restore backups of the store (restore works when the store is damaged).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Export a review as JSON, signed with --sign.
    ExportJson {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Where to write it.
        #[arg(short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// Sign it with the active key (passphrase from a prompt or GCM_REVIEW_PASSPHRASE).
        #[arg(long)]
        sign: bool,
    },
    /// Export a review as PDF for interministerial sign-off.
    ExportPdf {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Where to write it.
        #[arg(short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// Group the objectives by IMRF round table instead of by number.
        #[arg(long)]
        by_round_table: bool,
        /// US Letter paper instead of A4.
        #[arg(long)]
        letter: bool,
    },
    /// Package a review for the secretariat: the signed JSON, the PDF, the public key, a README
    /// and a signed manifest in one zip (passphrase from a prompt or GCM_REVIEW_PASSPHRASE).
    Package {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Where to write the package (.zip).
        #[arg(short = 'o', value_name = "FILE.zip")]
        output: PathBuf,
        /// Also write an email draft to the secretariat with the package attached, and record
        /// the submission.
        #[arg(long, value_name = "FILE.eml")]
        eml: Option<PathBuf>,
        /// Group the PDF's objectives by IMRF round table.
        #[arg(long)]
        by_round_table: bool,
        /// US Letter paper for the PDF instead of A4.
        #[arg(long)]
        letter: bool,
    },
    /// Import a package, a signed review or an unsigned review document: verified first, then
    /// added as a "submitted" revision of the same review (created if new here).
    Import {
        /// The file.
        file: PathBuf,
        /// A field map, for a review written on another template.
        #[arg(long, value_name = "MAP.json")]
        map: Option<PathBuf>,
        /// Print what would happen and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
        /// Import even though the document would replace the text of a review that another
        /// key (or none) signed: only after checking, as the refusal without it explains.
        #[arg(long)]
        confirm: bool,
    },
    /// Bring in an earlier review from a Word, LibreOffice or PDF document, placed into the
    /// template (see --help for the plan).
    #[command(long_about = import_document::LONG_ABOUT)]
    ImportDocument(import_document::ImportDocument),
    /// Start the update of a submitted revision: the next package supersedes it.
    Update {
        /// The review id, or a unique prefix of it.
        review: String,
        /// The submitted revision (default: the last submission).
        #[arg(long, value_name = "N")]
        revision: Option<u64>,
        /// The cycle the update is for, e.g. "IMRF 2026".
        #[arg(long, value_name = "TEXT")]
        cycle: Option<String>,
    },
    /// Verify signed reviews and packages; exit code 0 only when every file is valid: intact
    /// and signed by a key this machine trusts (see `keys trust`).
    Verify {
        /// The files (signed reviews or packages).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print a JSON array of verdicts.
        #[arg(long)]
        json: bool,
        /// Also exit 0 for intact files whose key is not yet trusted (a first look at a new
        /// sender); a changed key or a broken file still fails.
        #[arg(long)]
        allow_untrusted: bool,
    },
}

#[derive(Subcommand)]
enum BackupCommand {
    /// List the backups, newest first.
    List,
    /// Make a backup now.
    Now,
    /// Replace the store by a backup; the current file is set aside, not deleted.
    Restore {
        /// The backup's name, as `backup list` shows it.
        name: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Make the signing key (and record who signs).
    New {
        /// The signer's name.
        #[arg(long, value_name = "N")]
        name: Option<String>,
        /// The signer's title.
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// The signer's ministry.
        #[arg(long, value_name = "M")]
        ministry: Option<String>,
        /// The signer's email.
        #[arg(long, value_name = "E")]
        email: Option<String>,
    },
    /// List the signing keys, active first.
    List,
    /// Print the active public key (JWK) for the secretariat.
    ExportPublic,
    /// Replace the key; the old key endorses the new one (new passphrase from a prompt or
    /// GCM_REVIEW_NEW_PASSPHRASE).
    Rotate,
    /// Trust senders' keys, after checking each fingerprint with its holder (read aloud in
    /// groups): their signatures become "valid" here.
    Trust {
        /// Key ids or fingerprints (groups, hyphens optional; a unique beginning is enough).
        #[arg(required = true, value_name = "FINGERPRINT")]
        keys: Vec<String>,
    },
    /// Stop trusting senders' keys.
    Untrust {
        /// Key ids or fingerprints.
        #[arg(required = true, value_name = "FINGERPRINT")]
        keys: Vec<String>,
    },
    /// List the senders' keys met in verified files, with how far each is trusted.
    Known {
        /// Only the keys not yet trusted.
        #[arg(long)]
        untrusted: bool,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Read a sender's public key file (as `keys export-public` writes it); an endorsement
    /// inside it is verified, and carries trust from the key it names.
    Import {
        /// The public key file (JSON).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// Print the template's sections and field paths.
    Show,
    /// Check a template file (default: the bundled one).
    Validate {
        /// A template JSON file.
        file: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let reasons: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("gcm-review: {}", reasons.join(": "));
            ExitCode::FAILURE
        }
    }
}

/// A reader such as `head` closed the output: not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> Result<()> {
    let desk = || -> Result<Desk> { Ok(Desk::open(&data_dir(cli.data_dir.clone())?)?) };
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::New {
            member_state,
            cycle,
            language,
        } => {
            let review = desk()?.create(NewReview {
                member_state,
                cycle,
                language,
            })?;
            writeln!(out, "{}", review.id)?;
        }
        Command::List { json } => {
            let reviews = desk()?.list(false)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&reviews)?)?;
            } else {
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
            }
        }
        Command::Show { review, json } => {
            let desk = desk()?;
            let id = desk.resolve(&review)?;
            if json {
                let document = desk.document(&id)?;
                writeln!(out, "{}", serde_json::to_string_pretty(&document)?)?;
            } else {
                show(&mut out, &desk, &id)?;
            }
        }
        Command::Set {
            review,
            field_path,
            value,
            file,
        } => {
            let text = match (value, file) {
                (Some(text), _) => text,
                (None, Some(file)) => std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?,
                (None, None) => anyhow::bail!("give the answer with --value TEXT or --file F"),
            };
            let mut desk = desk()?;
            let id = desk.resolve(&review)?;
            let saved = desk.set_text(&id, &field_path, &text)?;
            writeln!(out, "saved {field_path} as revision {}", saved.revision)?;
        }
        Command::History { review } => {
            let desk = desk()?;
            let id = desk.resolve(&review)?;
            for r in desk.history(&id)? {
                let kind = serde_json::to_value(&r.kind)?;
                let kind = match kind["importedFrom"].as_str() {
                    Some(file) => format!("imported from {file}"),
                    None => kind["kind"].as_str().unwrap_or_default().to_string(),
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
        }
        Command::Diff {
            review,
            rev_a,
            rev_b,
            json,
        } => {
            let desk = desk()?;
            let id = desk.resolve(&review)?;
            let diffs = desk.compare(&id, rev_a, rev_b)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&diffs)?)?;
            } else {
                print_diff(&mut out, desk.template(), &diffs, (rev_a, rev_b))?;
            }
        }
        Command::Keys(command) => keys(&mut out, &mut desk()?, command)?,
        Command::Backup(BackupCommand::List) => {
            for b in Desk::backups_in(&data_dir(cli.data_dir.clone())?)? {
                writeln!(
                    out,
                    "{}  {}  {} KiB",
                    b.name,
                    local_time(&b.created_at),
                    b.size / 1024
                )?;
            }
        }
        Command::Backup(BackupCommand::Now) => {
            let b = desk()?.backup_now()?;
            writeln!(out, "made backup {}", b.name)?;
        }
        Command::Backup(BackupCommand::Restore { name }) => {
            let dir = data_dir(cli.data_dir.clone())?;
            let desk = Desk::restore_backup(&dir, &name)?;
            let reviews = desk.list(false)?.len();
            writeln!(
                out,
                "restored {name}: {reviews} review(s); the previous file was set aside beside it"
            )?;
        }
        Command::ExportJson {
            review,
            output,
            sign,
        } => {
            let desk = desk()?;
            let id = desk.resolve(&review)?;
            let passphrase = if sign {
                Some(passphrase("Passphrase of the signing key", PASSPHRASE_ENV)?)
            } else {
                None
            };
            let export = desk.export_json(&id, passphrase.as_ref())?;
            write_file(&output, &export.bytes)?;
            let signed = if sign { "signed" } else { "unsigned" };
            let status = export.status.as_str();
            writeln!(out, "wrote {} ({signed}, {status})", output.display())?;
        }
        Command::ExportPdf {
            review,
            output,
            by_round_table,
            letter,
        } => {
            let desk = desk()?;
            let id = desk.resolve(&review)?;
            let options = gcm_review::pdf::PdfOptions {
                by_round_table,
                letter,
                ..Default::default()
            };
            let bytes = desk.export_pdf(&id, &options)?;
            write_file(&output, &bytes)?;
            writeln!(out, "wrote {}", output.display())?;
        }
        Command::Package {
            review,
            output,
            eml,
            by_round_table,
            letter,
        } => {
            let mut desk = desk()?;
            let id = desk.resolve(&review)?;
            let options = gcm_review::pdf::PdfOptions {
                by_round_table,
                letter,
                ..Default::default()
            };
            let passphrase = passphrase("Passphrase of the signing key", PASSPHRASE_ENV)?;
            let package = desk.package(&id, &passphrase, &options)?;
            write_file(&output, &package.bytes)?;
            desk.record_package(&package)?;
            let status = package.status.as_str();
            writeln!(out, "wrote {} ({status})", output.display())?;
            writeln!(out, "  review digest: {}", package.digest)?;
            if let Some(eml) = eml {
                let name = output
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or(package.file_name);
                let draft = desk.email_package(&id, &name, &package.bytes)?;
                write_file(&eml, &draft.bytes)?;
                desk.record_email(&draft)?;
                writeln!(out, "wrote {} (draft to {})", eml.display(), draft.to)?;
            }
        }
        Command::Import {
            file,
            map,
            dry_run,
            json,
            confirm,
        } => {
            let mut desk = desk()?;
            if let Some(map) = map {
                let text = std::fs::read_to_string(&map)
                    .with_context(|| format!("cannot read {}", map.display()))?;
                let map = FieldMap::parse(&text)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("{} is not a field map", map.display()))?;
                desk.add_field_map(map);
            }
            let bytes = read_input(&file)?;
            let name = file.display().to_string();
            let preview = desk.preview_import(&name, &bytes)?;
            if dry_run {
                if json {
                    writeln!(out, "{}", serde_json::to_string_pretty(&preview)?)?;
                } else {
                    print_preview(&mut out, &preview)?;
                }
                return Ok(());
            }
            let consent = match (&preview.consent, confirm) {
                (Some(c), true) => Some(c.token.as_str()),
                (Some(c), false) => anyhow::bail!(
                    "{}; nothing was changed (after checking, run again with --confirm)",
                    c.message
                ),
                (None, _) => None,
            };
            let outcome = desk.import(&bytes, consent)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&outcome)?)?;
            } else {
                print_preview(&mut out, &preview)?;
                let how = if outcome.created {
                    "created review"
                } else {
                    "added to review"
                };
                writeln!(out, "{how} {} as revision {}", outcome.id, outcome.revision)?;
            }
        }
        Command::ImportDocument(args) => import_document::run(&mut out, &mut desk()?, args)?,
        Command::Update {
            review,
            revision,
            cycle,
        } => {
            let mut desk = desk()?;
            let id = desk.resolve(&review)?;
            let revision = match revision {
                Some(r) => r,
                None => desk
                    .last_submission(&id)?
                    .map(|s| s.revision)
                    .context("this review has no submission to update; give --revision")?,
            };
            let state = desk.start_update(&id, revision, cycle.as_deref())?;
            writeln!(
                out,
                "started the update of revision {revision} as revision {} ({})",
                state.version, state.summary.cycle
            )?;
        }
        Command::Verify {
            files,
            json,
            allow_untrusted,
        } => {
            let mut desk = desk()?;
            let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            let bar = Progress::new(paths.len());
            let verdicts = desk.verify_paths(&paths, |done, _| bar.show(done))?;
            bar.clear();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&verdicts)?)?;
            } else if verdicts.len() == 1 {
                print_verdict(&mut out, &verdicts[0])?;
            } else {
                print_summary(&mut out, &verdicts)?;
            }
            let failed = |v: &&Verification| match v.verdict {
                Verdict::Valid => false,
                Verdict::UntrustedKey => !allow_untrusted,
                Verdict::KeyChanged | Verdict::Invalid => true,
            };
            let failed = verdicts.iter().filter(failed).count();
            if failed > 0 {
                let hint = if allow_untrusted {
                    ""
                } else {
                    " (a key not yet trusted counts: check its fingerprint, then 'gcm-review keys trust FINGERPRINT')"
                };
                anyhow::bail!("{failed} of {} file(s) are not valid{hint}", verdicts.len());
            }
        }
        Command::Template(TemplateCommand::Show) => template_show(&mut out, Template::builtin())?,
        Command::Template(TemplateCommand::Validate { file }) => {
            let template = match file {
                Some(file) => {
                    let bytes = std::fs::read(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    Template::from_json(&bytes)
                        .with_context(|| format!("{} is not a valid template", file.display()))?
                }
                None => Template::builtin().clone(),
            };
            writeln!(
                out,
                "ok: {} {}: {} sections, {} objectives, {} fields",
                template.id,
                template.version,
                template.sections.len(),
                template.objectives.len(),
                template.fields().len()
            )?;
        }
    }
    Ok(())
}

const PASSPHRASE_ENV: &str = "GCM_REVIEW_PASSPHRASE";
const NEW_PASSPHRASE_ENV: &str = "GCM_REVIEW_NEW_PASSPHRASE";

/// A passphrase from the environment (for scripts) or a prompt that does not echo, held in
/// memory that is wiped on drop from the moment it is read.
fn passphrase(prompt: &str, env: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Passphrase::new(p));
    }
    rpassword::prompt_password(format!("{prompt}: "))
        .map(Passphrase::new)
        .with_context(|| format!("cannot read the passphrase; set {env} to give it"))
}

/// A new passphrase, asked twice when prompted.
fn new_passphrase(env: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Passphrase::new(p));
    }
    let first = passphrase("New passphrase (at least 10 characters)", env)?;
    let again = passphrase("The same passphrase again", env)?;
    anyhow::ensure!(
        first.expose_secret() == again.expose_secret(),
        "the two passphrases differ; nothing was changed"
    );
    Ok(first)
}

/// Reads a file to import, no larger than a package may be.
fn read_input(file: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| {
            f.take(gcm_review::package::MAX_PACKAGE_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .with_context(|| format!("cannot read {}", file.display()))?;
    Ok(bytes)
}

/// A progress bar on standard error, when it is a terminal and there is more than one file.
struct Progress {
    total: usize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            shown: total > 1 && std::io::stderr().is_terminal(),
        }
    }

    fn show(&self, done: usize) {
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

    fn clear(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

/// One line per file, then the totals.
fn print_summary(out: &mut impl Write, verdicts: &[Verification]) -> Result<()> {
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

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(width - 1).collect();
    clipped.push('…');
    clipped
}

fn print_preview(out: &mut impl Write, p: &ImportPreview) -> Result<()> {
    match &p.verification {
        Some(v) => print_verdict(out, v)?,
        None => writeln!(
            out,
            "{}: UNVERIFIED: a review without signature; it is imported marked unverified",
            p.file
        )?,
    }
    writeln!(out, "  review id:   {}", p.review_id)?;
    writeln!(out, "  for:         {} · {}", p.member_state, p.cycle)?;
    match p.action {
        ImportAction::Create => writeln!(out, "  import:      creates the review")?,
        ImportAction::Add { revision } => writeln!(
            out,
            "  import:      becomes the newest revision of the review here (now at revision {revision}; earlier text stays in its history)"
        )?,
        ImportAction::AlreadyImported { revision } => {
            writeln!(out, "  import:      already here, as revision {revision}")?
        }
    }
    if !p.cleared.is_empty() {
        writeln!(
            out,
            "  clears:      {} (answered here, unanswered in the file; kept in History)",
            p.cleared.join(", ")
        )?;
    }
    if let Some(c) = &p.consent {
        writeln!(out, "  WARNING:     {}", c.message)?;
    }
    for m in &p.moved {
        writeln!(out, "  moved:       {} → {}", m.from, m.to)?;
    }
    for u in &p.unplaced {
        let text = match &u.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        writeln!(
            out,
            "  NOT PLACED:  {} ({}): {}",
            u.path,
            u.reason,
            clip(&text, 200)
        )?;
    }
    Ok(())
}

fn print_verdict(out: &mut impl Write, v: &Verification) -> Result<()> {
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
        let trust = match v.trust {
            Some(KeyTrust::Own) => " (this machine's own key)".to_string(),
            Some(KeyTrust::Trusted) => " (trusted)".to_string(),
            Some(KeyTrust::Endorsed) => format!(
                " (endorsed by trusted key {})",
                v.endorsed_by.as_deref().unwrap_or_default()
            ),
            Some(KeyTrust::Seen | KeyTrust::New) | None => " (not yet trusted)".to_string(),
        };
        writeln!(out, "  key:         {fingerprint}{trust}")?;
        writeln!(out, "  review:      {review}")?;
        writeln!(
            out,
            "  template:    {}",
            v.template.as_deref().unwrap_or_default()
        )?;
        writeln!(
            out,
            "  status:      {}",
            v.status.map_or("", |s| s.as_str())
        )?;
        writeln!(
            out,
            "  signed at:   {}",
            v.signed.as_deref().unwrap_or_default()
        )?;
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
    }
    Ok(())
}

fn keys(out: &mut impl Write, desk: &mut Desk, command: KeysCommand) -> Result<()> {
    match command {
        KeysCommand::New {
            name,
            title,
            ministry,
            email,
        } => {
            if name.is_some() {
                let signer = Signer {
                    name: name.unwrap_or_default(),
                    title: title.unwrap_or_default(),
                    ministry: ministry.unwrap_or_default(),
                    email: email.unwrap_or_default(),
                };
                desk.set_signer(&signer)?;
            }
            let key = desk.create_key(&new_passphrase(PASSPHRASE_ENV)?)?;
            writeln!(out, "created key {}", key.fingerprint)?;
        }
        KeysCommand::List => {
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
        }
        KeysCommand::ExportPublic => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&desk.public_key()?)?
            )?;
        }
        KeysCommand::Rotate => {
            let old = passphrase("Passphrase of the current key", PASSPHRASE_ENV)?;
            let key = desk.rotate_key(&old, &new_passphrase(NEW_PASSPHRASE_ENV)?)?;
            writeln!(
                out,
                "replaced by key {} (endorsed by the previous key)",
                key.fingerprint
            )?;
        }
        KeysCommand::Trust { keys } => {
            for key in keys {
                let k = desk.trust_key(&key, true)?;
                writeln!(out, "trusted {}  {}", k.fingerprint, describe_key(&k))?;
            }
        }
        KeysCommand::Untrust { keys } => {
            for key in keys {
                let k = desk.trust_key(&key, false)?;
                writeln!(
                    out,
                    "no longer trusted {}  {}",
                    k.fingerprint,
                    describe_key(&k)
                )?;
            }
        }
        KeysCommand::Known { untrusted, json } => {
            let keys: Vec<KnownKeyInfo> = desk
                .known_keys()?
                .into_iter()
                .filter(|k| !untrusted || !k.trust.is_trusted())
                .collect();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&keys)?)?;
            } else {
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
                        describe_key(k)
                    )?;
                }
            }
        }
        KeysCommand::Import { file } => {
            let bytes = read_input(&file)?;
            let k = desk.import_public_key(&bytes)?;
            let trust = if k.trust.is_trusted() {
                "trusted"
            } else {
                "not yet trusted"
            };
            writeln!(out, "read key {} ({trust})", k.fingerprint)?;
            if let Some(by) = &k.endorsed_by {
                writeln!(out, "  endorsed by {by}")?;
            }
        }
    }
    Ok(())
}

/// The signer and Member State a known key was last seen with.
fn describe_key(k: &KnownKeyInfo) -> String {
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

fn local_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn show(out: &mut impl Write, desk: &Desk, id: &str) -> Result<()> {
    let state = desk.open_review(id)?;
    let template = desk.template();
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
        writeln!(out, "  {path}:")?;
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

fn template_show(out: &mut impl Write, template: &Template) -> Result<()> {
    writeln!(out, "{} {}", template.id, template.version)?;
    for section in &template.sections {
        let number = section.number.as_deref().unwrap_or("-");
        writeln!(out, "{number} {} ({})", section.title.get("en"), section.id)?;
        let prefix = match section.repeat {
            Some(_) => format!("{}.<1-23>", section.id),
            None => section.id.clone(),
        };
        for field in &section.fields {
            let kind = serde_json::to_value(field.kind)?;
            let limit = field
                .word_limit
                .map(|l| format!(" ≤{l} words"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<40} {:<9}{}{}  {}",
                format!("{prefix}.{}", field.id),
                kind.as_str().unwrap_or_default(),
                if field.required { " required" } else { "" },
                limit,
                field.label.get("en")
            )?;
        }
    }
    Ok(())
}
