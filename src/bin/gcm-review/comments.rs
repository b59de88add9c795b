//! Comments on a review's fields: `comments` lists the threads, `comment` starts one, replies,
//! resolves or reopens. Comments are internal: no export carries them.

use std::io::Write;

use anyhow::Result;
use gcm_review::desk::CommentThread;

use crate::cli::{CommentArgs, CommentsArgs};
use crate::print::{json, local_time};
use crate::DataDir;

/// The first characters of an id, enough to name it again.
fn short(id: &str) -> &str {
    &id[..8.min(id.len())]
}

/// `comments`: each thread with its field, state and comments, in template order.
pub fn list(out: &mut impl Write, data: &DataDir, args: CommentsArgs) -> Result<()> {
    let desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let threads = desk.comments(&id, args.open)?;
    if args.json {
        return json(out, &threads);
    }
    let open = threads.iter().filter(|t| t.open).count();
    for thread in &threads {
        print_thread(out, thread)?;
    }
    writeln!(out, "{open} open thread(s), {} in all", threads.len())?;
    Ok(())
}

/// A thread: its field and state, then each comment with its id, author and time.
fn print_thread(out: &mut impl Write, thread: &CommentThread) -> Result<()> {
    let state = match (&thread.resolved_by, &thread.resolved_at) {
        (Some(by), Some(at)) => format!("resolved by {by}, {}", local_time(at)),
        _ => "open".to_string(),
    };
    writeln!(out, "{}  ({state})", thread.path)?;
    for c in &thread.comments {
        let mark = if c.parent.is_some() { "↳ " } else { "" };
        writeln!(
            out,
            "  {mark}[{}] {}, {}",
            short(&c.id),
            c.author,
            local_time(&c.created_at)
        )?;
        for line in c.text.lines() {
            writeln!(out, "      {line}")?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// `comment`: one of its four actions, then the thread as it is now.
pub fn comment(out: &mut impl Write, data: &DataDir, args: CommentArgs) -> Result<()> {
    let mut desk = data.open()?;
    let id = desk.resolve(&args.review)?;
    let text = args.text.unwrap_or_default();
    let (verb, thread) = if let Some(c) = args.resolve {
        ("resolved", desk.resolve_comment(&id, &c)?)
    } else if let Some(c) = args.reopen {
        ("reopened", desk.reopen_comment(&id, &c)?)
    } else if let Some(c) = args.reply_to {
        ("replied in", desk.reply_comment(&id, &c, &text)?)
    } else {
        let field = args.field.unwrap_or_default();
        ("started", desk.add_comment(&id, &field, &text)?)
    };
    writeln!(
        out,
        "{verb} the thread {} on {}",
        short(&thread.id),
        thread.path
    )?;
    print_thread(out, &thread)
}
