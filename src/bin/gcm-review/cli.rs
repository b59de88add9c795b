//! The commands and their flags as clap parses them; their doc comments are the `--help` text.

pub use crate::cli_contrib::{
    AssignArgs, ContributorsCommand, MergeArgs, OpenRequestArgs, RequestArgs, ResolveArgs,
    ReturnArgs, StatusArgs,
};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The whole command line.
#[derive(Parser)]
#[command(
    name = "gcm-review",
    version,
    about = "Draft, keep and check voluntary GCM reviews"
)]
pub struct Cli {
    /// The folder that holds the review store (default: the user's data folder).
    #[arg(long, global = true, env = "GCM_REVIEW_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, one variant each; those with subcommands hold their group's enum.
#[derive(Subcommand)]
pub enum Command {
    /// Start a review; prints its id.
    New(NewArgs),
    /// List the reviews in the store.
    List(ListArgs),
    /// Show a review's answers.
    Show(ShowArgs),
    /// Set one answer.
    Set(SetArgs),
    /// List a review's revisions, newest first.
    History(HistoryArgs),
    /// Compare two revisions of a review, field by field and word by word
    /// ([-deleted-]{+inserted+}).
    Diff(DiffArgs),
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
    ExportJson(ExportJsonArgs),
    /// Export a review as PDF for interministerial sign-off.
    ExportPdf(ExportPdfArgs),
    /// Package a review for the secretariat: the signed JSON, the PDF, the public key, a README
    /// and a signed manifest in one zip (passphrase from a prompt or GCM_REVIEW_PASSPHRASE).
    Package(PackageArgs),
    /// Import a package, a signed review or an unsigned review document: verified first, then
    /// added as a "submitted" revision of the same review (created if new here).
    Import(ImportArgs),
    /// Bring in an earlier review from a Word, LibreOffice or PDF document, placed into the
    /// template (see --help for the plan).
    #[command(long_about = crate::import_document::LONG_ABOUT)]
    ImportDocument(crate::import_document::ImportDocument),
    /// Start the update of a submitted revision: the next package supersedes it.
    Update(UpdateArgs),
    /// Verify signed reviews and packages; exit code 0 only when every file is valid: intact
    /// and signed by a key this machine trusts (see `keys trust`).
    Verify(VerifyArgs),
    /// The ministries and offices that contribute to a review.
    #[command(subcommand)]
    Contributors(ContributorsCommand),
    /// Assign fields to a contributing entity: field paths, objectives.6, round-table:2 or
    /// section:means (a field may be assigned to several).
    Assign(AssignArgs),
    /// Write the signed contribution request for an entity (passphrase from a prompt or
    /// GCM_REVIEW_PASSPHRASE).
    Request(RequestArgs),
    /// Open a contribution request: prints the id of the workspace made from it, in which
    /// only the assigned fields can be set (show, set and history work on it).
    OpenRequest(OpenRequestArgs),
    /// Return a workspace's contribution: write the signed response (the key is made on first
    /// use, passphrase from a prompt or GCM_REVIEW_PASSPHRASE).
    Return(ReturnArgs),
    /// Merge a contribution response into a review, three ways per field: prints what is
    /// taken, kept and in conflict; conflicts not resolved with --theirs or --mine stay open.
    Merge(MergeArgs),
    /// Resolve a conflict a merge left open on a field.
    Resolve(ResolveArgs),
    /// Where each entity's contribution stands, and the conflicts open.
    Status(StatusArgs),
    /// List a review's comment threads, in template order (internal: never exported).
    Comments(CommentsArgs),
    /// Comment on a field, reply to a comment, or resolve or reopen a thread.
    Comment(CommentArgs),
    /// Find text across a review, as the reader sees it (accents and case ignored unless
    /// --exact): each match with its field, and the count per section and objective.
    Find(FindArgs),
    /// Replace every match of a text across a review, as one revision.
    Replace(ReplaceArgs),
    /// The entities that must approve a review, and their approvals.
    #[command(subcommand)]
    Signoff(SignoffCommand),
    /// Approve a circulated review (package or review file) with your own key: writes an
    /// approval file to send back to the coordinator.
    MakeApproval(MakeApprovalArgs),
    /// Mark the review's current revision final (any later edit returns it to draft).
    Finalize(FinalizeArgs),
    /// Write the manual page and the shell completions of this command line into a folder
    /// (for packagers: `make dist` puts them into the installers).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// `generate`: what packagers install beside the binary, made from these definitions.
#[derive(Args)]
pub struct GenerateArgs {
    /// What to write.
    #[arg(value_enum)]
    pub what: Generated,
    /// The folder to write into (created if missing).
    pub dir: PathBuf,
}

/// What `generate` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Generated {
    /// `gcm-review.1` and one page per command (`gcm-review-export-pdf.1`, ...).
    Man,
    /// Completions for bash, zsh and fish (`gcm-review.bash`, `_gcm-review`, `gcm-review.fish`).
    Completions,
}

/// `find`.
#[derive(Args)]
pub struct FindArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The text to find.
    pub text: String,
    /// Match letter case and accents exactly.
    #[arg(long)]
    pub exact: bool,
    /// Print the matches as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `replace`.
#[derive(Args)]
pub struct ReplaceArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The text to find.
    pub text: String,
    /// What replaces it.
    #[arg(long = "with", value_name = "TEXT")]
    pub with: String,
    /// Match letter case and accents exactly.
    #[arg(long)]
    pub exact: bool,
}

/// `comments`.
#[derive(Args)]
pub struct CommentsArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Only the threads not resolved.
    #[arg(long)]
    pub open: bool,
    /// Print a JSON array of threads.
    #[arg(long)]
    pub json: bool,
}

/// `comment`: a new thread on a field, a reply, or resolving or reopening a thread.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("action").args(["field", "reply_to", "resolve", "reopen"]).required(true))]
pub struct CommentArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The field path to comment on, e.g. objectives.7.measures.
    pub field: Option<String>,
    /// The comment's text (as this machine's signer).
    #[arg(long, value_name = "T", required_unless_present_any = ["resolve", "reopen"])]
    pub text: Option<String>,
    /// Reply to the comment with this id (or a unique prefix of it).
    #[arg(long, value_name = "ID", conflicts_with = "field")]
    pub reply_to: Option<String>,
    /// Resolve the thread of the comment with this id.
    #[arg(long, value_name = "ID", conflicts_with_all = ["field", "text", "reply_to", "reopen"])]
    pub resolve: Option<String>,
    /// Reopen the thread of the comment with this id.
    #[arg(long, value_name = "ID", conflicts_with_all = ["field", "text", "reply_to"])]
    pub reopen: Option<String>,
}

/// `signoff …`.
#[derive(Subcommand)]
pub enum SignoffCommand {
    /// List the entities that must approve the review.
    List {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Add an entity that must approve the review.
    Add(SignoffAddArgs),
    /// Record an approval: signed on paper or given by email (--entity), or given in the app
    /// (--file, the approver's signed approval file).
    Approve(SignoffApproveArgs),
    /// Show who approved which text: approved, stale or outstanding, and whether the review
    /// is final.
    Status {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Print the status as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `signoff add`.
#[derive(Args)]
pub struct SignoffAddArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The entity (ministry, office, local government).
    #[arg(
        long,
        value_name = "E",
        required_unless_present = "from_contributors",
        conflicts_with = "from_contributors"
    )]
    pub entity: Option<String>,
    /// Who approves for it.
    #[arg(long, value_name = "N", default_value = "")]
    pub approver: String,
    /// Their title.
    #[arg(long, value_name = "T", default_value = "")]
    pub title: String,
    /// Add contributing entities of the review instead (`contributors list`): those named (id
    /// or name), or with none named, every one not on the sign-off list yet.
    #[arg(long, value_name = "CONTRIBUTOR", num_args = 0..)]
    pub from_contributors: Option<Vec<String>>,
}

/// `signoff approve`.
#[derive(Args)]
#[command(group = clap::ArgGroup::new("source").args(["entity", "file"]).required(true))]
pub struct SignoffApproveArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The entity that approved (its name on the sign-off list).
    #[arg(long, value_name = "E")]
    pub entity: Option<String>,
    /// How it approved.
    #[arg(long, value_enum, default_value = "paper", conflicts_with = "file")]
    pub method: Method,
    /// Who approved, if not the approver the list names.
    #[arg(long, value_name = "N", conflicts_with = "file")]
    pub approver: Option<String>,
    /// Their title, if not the one the list gives.
    #[arg(long, value_name = "T", conflicts_with = "file")]
    pub title: Option<String>,
    /// When, as YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "file")]
    pub date: Option<String>,
    /// The revision approved (default: the newest).
    #[arg(long, value_name = "N", conflicts_with = "file")]
    pub revision: Option<u64>,
    /// The fingerprint on the paper approved (at least the 16 digits of the footer): names
    /// the revision.
    #[arg(long, value_name = "F", conflicts_with = "file")]
    pub fingerprint: Option<String>,
    /// The scanned page (PDF, PNG or JPEG), kept with the approval.
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    pub attach: Option<PathBuf>,
    /// An approval file made in the approver's app ('gcm-review make-approval').
    #[arg(long, value_name = "APPROVAL.json")]
    pub file: Option<PathBuf>,
    /// Record an approval file whose key is not trusted here (or is not the one the
    /// entity approved with before): only after checking, as the refusal without it explains.
    #[arg(long, requires = "file")]
    pub confirm: bool,
}

/// How an approval recorded by hand was given.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Method {
    /// Signed on paper.
    Paper,
    /// By email.
    Email,
}

/// `make-approval`.
#[derive(Args)]
pub struct MakeApprovalArgs {
    /// The circulated package, signed review or review document you approve.
    pub file: PathBuf,
    /// Where to write the approval file.
    #[arg(short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// The entity you approve for (default: your ministry, as 'keys signer' recorded it).
    #[arg(long, value_name = "E")]
    pub entity: Option<String>,
}

/// `finalize`.
#[derive(Args)]
pub struct FinalizeArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Mark it final although approvals are outstanding or stale (the warning says which).
    #[arg(long)]
    pub confirm: bool,
}

/// `new`.
#[derive(Args)]
pub struct NewArgs {
    /// ISO 3166-1 alpha-3 code of the Member State, e.g. KEN.
    #[arg(long, value_name = "ISO3")]
    pub member_state: String,
    /// The reporting cycle, e.g. "IMRF 2026".
    #[arg(long, value_name = "TEXT")]
    pub cycle: String,
    /// The review's language: ar, zh, en, fr, ru or es.
    #[arg(long, value_name = "CODE")]
    pub language: String,
}

/// `list`.
#[derive(Args)]
pub struct ListArgs {
    /// Print a JSON array of objects.
    #[arg(long)]
    pub json: bool,
}

/// `show`.
#[derive(Args)]
pub struct ShowArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Print the review document as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `set`.
#[derive(Args)]
pub struct SetArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The field path, e.g. objectives.7.measures: `gcm-review template show` lists the
    /// paths and the objective numbers.
    pub field_path: String,
    /// The answer (lists: comma-separated; yes/no: true or false; tables: JSON).
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "file",
        required_unless_present = "file"
    )]
    pub value: Option<String>,
    /// Read the answer from a UTF-8 file.
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
}

/// `history`.
#[derive(Args)]
pub struct HistoryArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
}

/// `diff`.
#[derive(Args)]
pub struct DiffArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The earlier revision (as `history` numbers them).
    pub rev_a: u64,
    /// The later revision.
    pub rev_b: u64,
    /// Print a JSON array of field differences.
    #[arg(long)]
    pub json: bool,
}

/// `export-json`.
#[derive(Args)]
pub struct ExportJsonArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Where to write it.
    #[arg(short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// Sign it with the active key (passphrase from a prompt or GCM_REVIEW_PASSPHRASE).
    #[arg(long)]
    pub sign: bool,
}

/// `export-pdf`.
#[derive(Args)]
pub struct ExportPdfArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Where to write it.
    #[arg(short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// Group the objectives by IMRF round table instead of by number.
    #[arg(long)]
    pub by_round_table: bool,
    /// US Letter paper instead of A4.
    #[arg(long)]
    pub letter: bool,
    /// An internal-review copy: the comments printed after each answer, as numbered notes
    /// (for circulation within government, never for the submission).
    #[arg(long)]
    pub internal_review: bool,
}

/// `package`.
#[derive(Args)]
pub struct PackageArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Where to write the package (.zip).
    #[arg(short = 'o', value_name = "FILE.zip")]
    pub output: PathBuf,
    /// Also write an email draft to the secretariat with the package attached, and record
    /// the submission.
    #[arg(long, value_name = "FILE.eml")]
    pub eml: Option<PathBuf>,
    /// Group the PDF's objectives by IMRF round table.
    #[arg(long)]
    pub by_round_table: bool,
    /// US Letter paper for the PDF instead of A4.
    #[arg(long)]
    pub letter: bool,
}

/// `import`.
#[derive(Args)]
pub struct ImportArgs {
    /// The file.
    pub file: PathBuf,
    /// A field map, for a review written on another template.
    #[arg(long, value_name = "MAP.json")]
    pub map: Option<PathBuf>,
    /// Print what would happen and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
    /// Import even though the document would replace the text of a review that another
    /// key (or none) signed: only after checking, as the refusal without it explains.
    #[arg(long)]
    pub confirm: bool,
}

/// `update`.
#[derive(Args)]
pub struct UpdateArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The submitted revision (default: the last submission).
    #[arg(long, value_name = "N")]
    pub revision: Option<u64>,
    /// The cycle the update is for, e.g. "IMRF 2026".
    #[arg(long, value_name = "TEXT")]
    pub cycle: Option<String>,
}

/// `verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The files (signed reviews or packages).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print a JSON array of verdicts.
    #[arg(long)]
    pub json: bool,
    /// Also exit 0 for intact files whose key is not yet trusted (a first look at a new
    /// sender); a changed key or a broken file still fails.
    #[arg(long)]
    pub allow_untrusted: bool,
}

/// `backup …`.
#[derive(Subcommand)]
pub enum BackupCommand {
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

/// `keys new`: who signs is optional there (a key can be made first, the signer set later).
#[derive(Args)]
pub struct NewKeyArgs {
    /// The signer's name.
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// The signer's title.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The signer's ministry.
    #[arg(long, value_name = "M")]
    pub ministry: Option<String>,
    /// The signer's email.
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
}

/// `keys signer`: who signs, the name required.
#[derive(Args)]
pub struct SignerArgs {
    /// The signer's name.
    #[arg(long, value_name = "N")]
    pub name: String,
    /// The signer's title.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// The signer's ministry.
    #[arg(long, value_name = "M")]
    pub ministry: Option<String>,
    /// The signer's email.
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
}

/// `keys …`.
#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make the signing key (and record who signs).
    New(NewKeyArgs),
    /// Record who signs (name, title, ministry, email), as signed files and packages name them.
    Signer(SignerArgs),
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

/// `template …`.
#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Print the template's sections and field paths.
    Show,
    /// Check a template file (default: the bundled one).
    Validate {
        /// A template JSON file.
        file: Option<PathBuf>,
    },
}
