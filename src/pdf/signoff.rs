//! The sign-off sheet drawn from the review's sign-off list: each recorded approval with what
//! it approved (the revision, the fingerprint, how and when, "stale" where the text changed
//! since), then a blank signature block for every entity whose approval of this text is
//! outstanding or stale.

use super::blocks::{heading, para};
use super::circulation::{words, SheetApproval, SheetEntry, Words};
use super::labels::Labels;
use super::markdown::BODY;
use super::page::Block;
use super::text::{ltr, Span};
use crate::sign::fingerprint_groups;

/// The blocks after the sheet's introduction, for a sign-off list.
pub(super) fn sheet(
    w: &Labels,
    lang: &str,
    entries: &[SheetEntry],
    fingerprint: &str,
) -> Vec<Block> {
    let c = words(lang);
    let mut blocks = Vec::new();
    let recorded: Vec<(&SheetEntry, &SheetApproval)> = entries
        .iter()
        .filter_map(|e| e.approval.as_ref().map(|a| (e, a)))
        .collect();
    if !recorded.is_empty() {
        blocks.push(heading(c.approvals, 1, None));
        for (entry, approval) in recorded {
            approval_blocks(w, c, entry, approval, fingerprint, &mut blocks);
        }
    }
    let open: Vec<&SheetEntry> = entries
        .iter()
        .filter(|e| e.approval.as_ref().is_none_or(|a| a.stale))
        .collect();
    if !open.is_empty() {
        blocks.push(heading(c.awaiting, 1, None));
        blocks.extend(open.into_iter().map(|e| Block::Form {
            fields: vec![
                (c.entity.to_string(), e.entity.clone()),
                (w.name.to_string(), e.approver.clone()),
                (w.title.to_string(), e.title.clone()),
                (w.date.to_string(), String::new()),
                (w.signature.to_string(), String::new()),
            ],
        }));
    }
    blocks
}

/// One recorded approval: the entity, who approved, when and how, what they approved.
fn approval_blocks(
    w: &Labels,
    c: &Words,
    entry: &SheetEntry,
    a: &SheetApproval,
    fingerprint: &str,
    blocks: &mut Vec<Block>,
) {
    let small = 9.5;
    let labelled = |label: &str, value: String| {
        para(
            vec![Span::bold(format!("{label}: ")), Span::plain(value)],
            small,
        )
    };
    let who = [a.approver.as_str(), a.title.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    blocks.push(Block::Para(super::page::Para {
        spans: vec![Span::bold(entry.entity.clone())],
        size: BODY,
        before: 8.0,
        after: 1.0,
        keep: true,
        ..Default::default()
    }));
    blocks.push(labelled(w.name, who));
    blocks.push(labelled(
        c.approved_on,
        format!("{} · {}: {}", ltr(&a.date), c.method, c.method(a.method)),
    ));
    blocks.push(labelled(
        c.approved_fingerprint,
        format!(
            "{} · {}",
            a.fingerprint,
            c.approved_revision.replace("{n}", &a.revision.to_string())
        ),
    ));
    if let Some(kid) = &a.kid {
        let shown = fingerprint_groups(kid).unwrap_or_else(|| kid.clone());
        blocks.push(labelled(c.approver_key, shown));
    }
    if a.stale {
        blocks.push(para(vec![Span::bold(c.stale)], small));
    } else if a.fingerprint != fingerprint {
        blocks.push(para(vec![Span::italic(c.unchanged)], small));
    }
}
