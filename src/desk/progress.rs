//! Completeness kept across saves, so that a save reads back nothing but its own fields.
//!
//! For each review recently opened or saved, the desk keeps which field paths are answered at
//! one version. A save based on `base` brings that forward to the version it committed when
//! the known version lies from `base` up to the version the commit was written on: the fields
//! changed after `base` are then exactly those the save wrote and those the commit reports
//! other writers changed (`Commit::others`, with their values in `merged`), and every other
//! field is as it was. Any other case (a review written through another path of this desk, by
//! another window or process since a version older than the base, or not known at all) is
//! read whole once, as before. Completeness is computed again only when a field turned from
//! answered to unanswered or back.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard};

use crate::review::{completeness_of, is_answered, Completeness, Values};
use crate::store::Commit;
use crate::template::Template;

/// How many reviews' progress is kept (the most recently used ones).
const KEEP: usize = 8;

/// What is known of one review.
struct Known {
    id: String,
    /// The version `answered` describes.
    version: u64,
    /// The field paths answered at that version.
    answered: BTreeSet<String>,
    /// Its completeness.
    completeness: Completeness,
}

/// The desk's progress of recently used reviews, most recent first.
#[derive(Default)]
pub(super) struct Progress(Mutex<Vec<Known>>);

impl Progress {
    fn known(&self) -> MutexGuard<'_, Vec<Known>> {
        // The list is only ever replaced whole or edited in place; a panic elsewhere cannot
        // leave it half-updated in a way that matters (an entry is at worst dropped).
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Remembers review `id` as `values` at `version`; returns its completeness.
    pub(super) fn remember(
        &self,
        template: &Template,
        id: &str,
        version: u64,
        values: &Values,
    ) -> Completeness {
        let answered: BTreeSet<String> = values
            .iter()
            .filter(|(_, v)| is_answered(v))
            .map(|(p, _)| p.clone())
            .collect();
        let completeness = completeness_of(template, &|p| answered.contains(p));
        let mut known = self.known();
        known.retain(|k| k.id != id);
        known.insert(
            0,
            Known {
                id: id.to_string(),
                version,
                answered,
                completeness: completeness.clone(),
            },
        );
        known.truncate(KEEP);
        completeness
    }

    /// Brings review `id` forward over a save based on `base` that asked for `changes` and
    /// made `commit`; returns the completeness at the commit's version, or None when what is
    /// known cannot be brought forward (see the module's notes) and the review must be read.
    pub(super) fn saved(
        &self,
        template: &Template,
        id: &str,
        base: u64,
        changes: &Values,
        commit: &Commit,
    ) -> Option<Completeness> {
        let mut known = self.known();
        let at = known.iter().position(|k| k.id == id)?;
        if known[at].version < base || known[at].version > commit.previous {
            known.remove(at);
            return None;
        }
        let mut entry = known.remove(at);
        let mut flipped = false;
        let others = commit
            .others
            .iter()
            .map(|p| (p, commit.merged.get(p).is_some_and(is_answered)));
        let own = changes.iter().map(|(p, v)| (p, is_answered(v)));
        for (path, answered) in others.chain(own) {
            if answered != entry.answered.contains(path) {
                flipped = true;
                if answered {
                    entry.answered.insert(path.clone());
                } else {
                    entry.answered.remove(path);
                }
            }
        }
        if flipped {
            entry.completeness = completeness_of(template, &|p| entry.answered.contains(p));
        }
        entry.version = commit.version;
        let completeness = entry.completeness.clone();
        known.insert(0, entry);
        Some(completeness)
    }
}
