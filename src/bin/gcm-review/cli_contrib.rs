//! The command line's arguments for whole-of-government drafting: contributing entities,
//! assignments, requests, the contributor's side, merging and status.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// `contributors …`.
#[derive(Subcommand)]
pub enum ContributorsCommand {
    /// Add a contributing entity to a review; prints its id.
    Add {
        /// The review id, or a unique prefix of it.
        review: String,
        /// The entity's name, e.g. "Ministry of Labour".
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The ministry or office it belongs to.
        #[arg(long, value_name = "M")]
        ministry: Option<String>,
        /// Its contact email.
        #[arg(long, value_name = "E")]
        email: String,
    },
    /// List a review's contributing entities and what is assigned to them.
    List {
        /// The review id, or a unique prefix of it.
        review: String,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
}

/// `assign`.
#[derive(Args)]
pub struct AssignArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The entity: its id or its name.
    pub entity: String,
    /// What to assign: field paths, objectives.N, round-table:N, section:ID.
    #[arg(required = true, value_name = "FIELDS")]
    pub fields: Vec<String>,
    /// Take these assignments back instead.
    #[arg(long)]
    pub remove: bool,
}

/// `request`.
#[derive(Args)]
pub struct RequestArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The entity: its id or its name.
    pub entity: String,
    /// Where to write the request (.zip, or .docx with --docx).
    #[arg(short = 'o', value_name = "FILE.zip")]
    pub output: PathBuf,
    /// Write the request as a Word form (.docx) to fill in with Word or LibreOffice, instead
    /// of the app's signed file (no key needed).
    #[arg(long)]
    pub docx: bool,
    /// Also write an email draft to the entity's contact with the request (or, with --docx,
    /// the Word form and how to fill it in) attached.
    #[arg(long, value_name = "FILE.eml")]
    pub eml: Option<PathBuf>,
    /// When the contribution is due, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// What you ask of the entity, in your words.
    #[arg(long, value_name = "TEXT")]
    pub instructions: Option<String>,
}

/// `open-request`.
#[derive(Args)]
pub struct OpenRequestArgs {
    /// The request file (.zip).
    pub file: PathBuf,
}

/// `return`.
#[derive(Args)]
pub struct ReturnArgs {
    /// The workspace id (as open-request printed it), or a unique prefix of it.
    pub workspace: String,
    /// Where to write the response (.zip).
    #[arg(short = 'o', value_name = "FILE.zip")]
    pub output: PathBuf,
    /// Also write an email draft back to the coordinator with the response attached.
    #[arg(long, value_name = "FILE.eml")]
    pub eml: Option<PathBuf>,
    /// A comment on a field for the coordinator, as PATH=TEXT (repeatable).
    #[arg(long, value_name = "PATH=TEXT")]
    pub comment: Vec<String>,
}

/// `merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The response file (.zip), or the Word form returned filled in (.docx), recognised by
    /// its content.
    pub file: PathBuf,
    /// Print what merging would do and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the preview (and what the merge did) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Resolve the conflict on this field by taking the contributor's answer (repeatable).
    #[arg(long, value_name = "PATH")]
    pub theirs: Vec<String>,
    /// Resolve the conflict on this field by keeping your answer (repeatable).
    #[arg(long, value_name = "PATH")]
    pub mine: Vec<String>,
    /// Keep the response without merging it yet.
    #[arg(long, conflicts_with = "dry_run")]
    pub keep: bool,
    /// Merge even though the response is signed with another key than the entity's earlier
    /// ones: only after checking the new key's fingerprint with the entity.
    #[arg(long)]
    pub confirm: bool,
}

/// `resolve`.
#[derive(Args)]
#[command(group(
    clap::ArgGroup::new("how")
        .required(true)
        .args(["theirs", "mine", "value", "file"])
))]
pub struct ResolveArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// The field whose conflict to resolve.
    pub field_path: String,
    /// Only the conflict from this entity (its id or name), when several are open.
    #[arg(long, value_name = "ENTITY")]
    pub entity: Option<String>,
    /// Take the contributor's answer.
    #[arg(long)]
    pub theirs: bool,
    /// Keep your answer.
    #[arg(long)]
    pub mine: bool,
    /// Write this answer, made of both.
    #[arg(long, value_name = "TEXT")]
    pub value: Option<String>,
    /// Write the answer in this UTF-8 file, made of both.
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
}

/// `status`.
#[derive(Args)]
pub struct StatusArgs {
    /// The review id, or a unique prefix of it.
    pub review: String,
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
}
