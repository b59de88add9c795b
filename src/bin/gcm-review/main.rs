//! `gcm-review`: the command line over the GCM Review Desk core, for scripts, tests and the
//! secretariat. Every command parses its arguments, makes one call into [`gcm_review::Desk`]
//! and prints what came back; the modules are the command groups, `print` what they share.

mod backup;
mod cli;
mod cli_contrib;
mod comments;
mod contribute;
mod coordinate;
mod export;
mod find;
mod generate;
mod import;
mod import_document;
mod keys;
mod print;
mod prompt;
mod reviews;
mod signoff;
mod template;
mod verify;

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use gcm_review::{data_dir, Desk, DeskError, ErrorCode};

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gcm-review: {}", report(&e));
            ExitCode::FAILURE
        }
    }
}

/// Runs one command, writing what it prints to standard output.
fn run(cli: Cli) -> Result<()> {
    let data = DataDir(cli.data_dir);
    let out = &mut std::io::stdout().lock();
    match cli.command {
        Command::New(args) => reviews::new(out, &data, args),
        Command::List(args) => reviews::list(out, &data, args),
        Command::Show(args) => reviews::show(out, &data, args),
        Command::Set(args) => reviews::set(out, &data, args),
        Command::History(args) => reviews::history(out, &data, args),
        Command::Diff(args) => reviews::diff(out, &data, args),
        Command::Template(command) => template::run(out, command),
        Command::Keys(command) => keys::run(out, &data, command),
        Command::Backup(command) => backup::run(out, &data, command),
        Command::ExportJson(args) => export::json(out, &data, args),
        Command::ExportPdf(args) => export::pdf(out, &data, args),
        Command::Package(args) => export::package(out, &data, args),
        Command::Import(args) => import::import(out, &data, args),
        Command::ImportDocument(args) => import_document::run(out, &mut data.open()?, args),
        Command::Update(args) => import::update(out, &data, args),
        Command::Verify(args) => verify::run(out, &data, args),
        Command::Comments(args) => comments::list(out, &data, args),
        Command::Comment(args) => comments::comment(out, &data, args),
        Command::Find(args) => find::find(out, &data, args),
        Command::Replace(args) => find::replace(out, &data, args),
        Command::Signoff(command) => signoff::run(out, &data, command),
        Command::MakeApproval(args) => signoff::make(out, &data, args),
        Command::Finalize(args) => signoff::finalize(out, &data, args),
        Command::Contributors(command) => coordinate::contributors(out, &data, command),
        Command::Assign(args) => coordinate::assign(out, &data, args),
        Command::Request(args) => coordinate::request(out, &data, args),
        Command::OpenRequest(args) => contribute::open_request(out, &data, args),
        Command::Return(args) => contribute::give_back(out, &data, args),
        Command::Merge(args) => coordinate::merge(out, &data, args),
        Command::Resolve(args) => coordinate::resolve(out, &data, args),
        Command::Status(args) => coordinate::status(out, &data, args),
        Command::Generate(args) => generate::run(out, args),
    }
}

/// The data folder as the command line or the environment gives it.
pub struct DataDir(Option<PathBuf>);

impl DataDir {
    /// The folder itself, which may hold no store yet (or a damaged one, for `backup`).
    pub fn path(&self) -> Result<PathBuf, DeskError> {
        data_dir(self.0.clone())
    }

    /// The store in that folder, opened.
    pub fn open(&self) -> Result<Desk, DeskError> {
        Desk::open(&self.path()?)
    }
}

/// A reader such as `head` closed the output: not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The one line printed on failure: the reasons, outermost first, then, where the remedy on
/// the command line is not the app's, the command or flag that fixes it, in parentheses.
fn report(e: &anyhow::Error) -> String {
    let reasons: Vec<String> = e.chain().map(ToString::to_string).collect();
    let reason = reasons.join(": ");
    match e.chain().find_map(hint) {
        Some(hint) => format!("{reason} ({hint})"),
        None => reason,
    }
}

/// What to type to fix a failure, for those whose remedy the core words for the app
/// (Settings, a button) or leaves to the face: the one place the command line adds its own.
fn hint(e: &(dyn Error + 'static)) -> Option<&'static str> {
    if let Some(e) = e.downcast_ref::<DeskError>() {
        return match e.code() {
            ErrorCode::NoSigner => Some(
                "say who signs: 'gcm-review keys signer --name N --title T --ministry M --email E', \
                 or the same flags to 'gcm-review keys new'",
            ),
            ErrorCode::NoKey => {
                Some("make one: 'gcm-review keys new --name N --title T --ministry M --email E'")
            }
            ErrorCode::KeyExists => Some("that is 'gcm-review keys rotate'"),
            ErrorCode::WrongPassphrase => Some(
                "type it again at the prompt; when GCM_REVIEW_PASSPHRASE is set, it is used \
                 instead",
            ),
            ErrorCode::WeakPassphrase => Some(
                "give a longer one at the prompt or in GCM_REVIEW_PASSPHRASE \
                 (GCM_REVIEW_NEW_PASSPHRASE for 'keys rotate')",
            ),
            ErrorCode::NeedsConsent | ErrorCode::ApprovalsPending => {
                Some("nothing was changed; after checking, run again with --confirm")
            }
            ErrorCode::NotReady => Some("'gcm-review show' lists the required answers missing"),
            ErrorCode::EntityNotFound => Some(
                "'gcm-review signoff list' shows the list; 'gcm-review signoff add --entity E' \
                 adds one",
            ),
            ErrorCode::KeyNotFound => Some(
                "'gcm-review keys known' lists the keys met here; 'gcm-review verify FILE' or \
                 'gcm-review keys import FILE' adds a sender's",
            ),
            ErrorCode::NoDataDir => Some("e.g. 'gcm-review --data-dir /media/usb/reviews list'"),
            ErrorCode::KeyChanged => Some(
                "nothing was changed; after checking the new key's fingerprint with the entity, \
                 run again with --confirm",
            ),
            ErrorCode::NotAssigned => {
                Some("'gcm-review show WORKSPACE' marks the fields you can set with *")
            }
            ErrorCode::UnknownContributor => {
                Some("'gcm-review contributors list REVIEW' lists them")
            }
            ErrorCode::NotAWorkspace => Some("'gcm-review open-request FILE' makes one"),
            _ => None,
        };
    }
    match e.downcast_ref::<verify::NotAllValid>()? {
        v if v.untrusted > 0 => Some(
            "a key not yet trusted counts: check its fingerprint with the sender, then \
             'gcm-review keys trust FINGERPRINT', or pass --allow-untrusted for a first look",
        ),
        _ => None,
    }
}
