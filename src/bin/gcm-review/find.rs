//! Find and replace across a review: `find` lists the matches and counts them per section and
//! objective; `replace` replaces every match as one revision.

use std::io::Write;

use anyhow::Result;
use gcm_review::desk::{FindQuery, ReplaceTarget};

use crate::cli::{FindArgs, ReplaceArgs};
use crate::print::json;
use crate::DataDir;

/// `find`: each match (field, table cell, words around it), then the counts.
pub fn find(out: &mut impl Write, data: &DataDir, args: FindArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let query = FindQuery {
        text: args.text,
        loose: !args.exact,
    };
    let found = desk.find(&id, &query)?;
    if args.json {
        return json(out, &found);
    }
    for m in &found.matches {
        let cell = match (m.row, &m.column) {
            (Some(row), Some(column)) => format!(" row {} {column}", row + 1),
            _ => String::new(),
        };
        writeln!(out, "{}{cell}: {}", m.path, m.excerpt)?;
    }
    for place in &found.places {
        writeln!(out, "{:>5}  {}", place.count, place.place)?;
    }
    writeln!(out, "{} match(es)", found.total)?;
    Ok(())
}

/// `replace`: every match, as one revision.
pub fn replace(out: &mut impl Write, data: &DataDir, args: ReplaceArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let base = desk.open_review(&id)?.version;
    let query = FindQuery {
        text: args.text,
        loose: !args.exact,
    };
    let outcome = desk.replace(&id, base, &query, &args.with, &ReplaceTarget::All)?;
    match outcome.saved {
        Some(saved) => writeln!(
            out,
            "replaced {} match(es) as revision {}",
            outcome.replaced, saved.revision
        )?,
        None => writeln!(out, "no match: nothing changed")?,
    }
    Ok(())
}
