//! Comments on a review's fields, for interministerial review: threads with their replies,
//! resolved and reopened, counted per field, section and objective for the editor's badges and
//! navigation. Internal: kept beside the review in the store, never in its document, so no
//! signed file, package or submission PDF can carry one; only an internal-review PDF prints
//! them.

use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use super::{Desk, DeskError};
use crate::review::ValueError;
use crate::store::{now, AuthorKind, CommentRecord, NewComment};

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// The shortest comment id prefix accepted.
const MIN_ID_PREFIX: usize = 4;

/// A comment thread on one field: the first comment and its replies.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentThread {
    /// The id of its first comment, which names the thread.
    pub id: String,
    /// The field path it is about (the UI's `data-field`).
    pub path: String,
    /// The template section the field is in, for the navigation.
    pub section: String,
    /// The objective, for a field of the objectives section.
    pub objective: Option<u8>,
    /// Not resolved.
    pub open: bool,
    /// When it was resolved, if it is.
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// The first comment, then the replies, oldest first.
    pub comments: Vec<CommentRecord>,
}

/// How many comment threads are open, for the badges on fields and in the navigation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentCounts {
    /// Open threads in the whole review.
    pub open: usize,
    /// All threads, open or resolved.
    pub total: usize,
    /// Open threads by field path (fields with none left out).
    pub by_field: BTreeMap<String, usize>,
    /// Open threads by section id.
    pub by_section: BTreeMap<String, usize>,
    /// Open threads by objective number.
    pub by_objective: BTreeMap<u8, usize>,
}

/// Groups comments (oldest first) into threads, oldest thread first.
fn threads(comments: Vec<CommentRecord>) -> Vec<(CommentRecord, Vec<CommentRecord>)> {
    let mut roots: Vec<(CommentRecord, Vec<CommentRecord>)> = Vec::new();
    let mut replies: Vec<CommentRecord> = Vec::new();
    for c in comments {
        if c.parent.is_none() {
            roots.push((c, Vec::new()));
        } else {
            replies.push(c);
        }
    }
    for reply in replies {
        let parent = reply.parent.clone();
        if let Some((_, list)) = roots
            .iter_mut()
            .find(|(r, _)| Some(&r.id) == parent.as_ref())
        {
            list.push(reply);
        }
    }
    roots
}

/// The text of a new comment, trimmed, or why it cannot be one.
fn checked_text(text: &str) -> Result<&str, DeskError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DeskError::BadComment("a comment needs some text".into()));
    }
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(DeskError::BadComment(format!(
            "a comment holds at most {MAX_COMMENT_CHARS} characters: shorten it, or put the \
             text in the answer itself"
        )));
    }
    Ok(text)
}

impl Desk {
    /// A thread as the faces show it.
    fn thread(&self, root: CommentRecord, replies: Vec<CommentRecord>) -> CommentThread {
        let field = self.template.field(&root.path);
        CommentThread {
            id: root.id.clone(),
            section: field
                .as_ref()
                .map(|f| f.section.id.clone())
                .unwrap_or_else(|| root.path.split('.').next().unwrap_or("").to_string()),
            objective: field.and_then(|f| f.objective),
            path: root.path.clone(),
            open: root.resolved_at.is_none(),
            resolved_at: root.resolved_at.clone(),
            resolved_by: root.resolved_by.clone(),
            comments: std::iter::once(root).chain(replies).collect(),
        }
    }

    /// The comment threads of a review (only the open ones with `open_only`), in template
    /// order of their fields, then oldest first: what the Comments panel lists, each with the
    /// path to jump to.
    pub fn comments(&self, id: &str, open_only: bool) -> Result<Vec<CommentThread>, DeskError> {
        let order: BTreeMap<String, usize> = self
            .template
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path(), i))
            .collect();
        let mut out: Vec<CommentThread> = threads(self.store.comments(id)?)
            .into_iter()
            .map(|(root, replies)| self.thread(root, replies))
            .filter(|t| t.open || !open_only)
            .collect();
        out.sort_by_key(|t| order.get(&t.path).copied().unwrap_or(usize::MAX));
        Ok(out)
    }

    /// How many threads are open, per field, section and objective.
    pub fn comment_counts(&self, id: &str) -> Result<CommentCounts, DeskError> {
        let mut counts = CommentCounts::default();
        for thread in self.comments(id, false)? {
            counts.total += 1;
            if !thread.open {
                continue;
            }
            counts.open += 1;
            *counts.by_field.entry(thread.path.clone()).or_default() += 1;
            *counts.by_section.entry(thread.section.clone()).or_default() += 1;
            if let Some(n) = thread.objective {
                *counts.by_objective.entry(n).or_default() += 1;
            }
        }
        Ok(counts)
    }

    /// The thread a comment (by id, or a unique prefix of at least four characters) is in.
    fn thread_of(&self, id: &str, comment: &str) -> Result<CommentThread, DeskError> {
        let wanted = comment.trim().to_ascii_lowercase();
        let all = self.comments(id, false)?;
        let matches = |exact: bool| -> Vec<&CommentThread> {
            all.iter()
                .filter(|t| {
                    t.comments.iter().any(|c| {
                        if exact {
                            c.id == wanted
                        } else {
                            c.id.starts_with(&wanted)
                        }
                    })
                })
                .collect()
        };
        let found = match matches(true)[..] {
            [one] => Some(one),
            _ if wanted.len() < MIN_ID_PREFIX => None,
            _ => match matches(false)[..] {
                [one] => Some(one),
                [] => None,
                _ => return Err(DeskError::AmbiguousComment(comment.to_string())),
            },
        };
        found
            .cloned()
            .ok_or_else(|| DeskError::CommentNotFound(comment.to_string()))
    }

    /// The full id of a comment named by id or prefix.
    fn comment_id(&self, id: &str, comment: &str) -> Result<String, DeskError> {
        let wanted = comment.trim().to_ascii_lowercase();
        let thread = self.thread_of(id, comment)?;
        thread
            .comments
            .iter()
            .find(|c| c.id == wanted)
            .or_else(|| thread.comments.iter().find(|c| c.id.starts_with(&wanted)))
            .map(|c| c.id.clone())
            .ok_or_else(|| DeskError::CommentNotFound(comment.to_string()))
    }

    /// Stores a comment and returns its thread.
    fn put_comment(
        &mut self,
        id: &str,
        path: &str,
        parent: Option<&str>,
        author: (&str, AuthorKind),
        text: &str,
    ) -> Result<CommentThread, DeskError> {
        let text = checked_text(text)?;
        let comment = Uuid::new_v4().to_string();
        let stored = self.store.add_comment(
            id,
            &NewComment {
                id: &comment,
                path,
                parent,
                author: author.0,
                author_kind: author.1,
                text,
                created_at: &now(),
            },
        )?;
        if stored.is_none() {
            return Err(DeskError::CommentNotFound(
                parent.unwrap_or_default().to_string(),
            ));
        }
        self.thread_of(id, &comment)
    }

    /// The name comments are signed with here: the signer identity of this machine.
    fn author(&self) -> Result<String, DeskError> {
        let signer = self.signer()?.ok_or(DeskError::NoSigner)?;
        Ok(signer.name)
    }

    /// Starts a thread on a field, written by this machine's signer.
    pub fn add_comment(
        &mut self,
        id: &str,
        path: &str,
        text: &str,
    ) -> Result<CommentThread, DeskError> {
        if self.template.field(path).is_none() {
            return Err(ValueError::UnknownField(path.to_string()).into());
        }
        let author = self.author()?;
        self.put_comment(id, path, None, (&author, AuthorKind::Signer), text)
    }

    /// Starts a thread on a field written by a contributing entity: a comment that came back
    /// in its contribution response.
    pub fn add_contributor_comment(
        &mut self,
        id: &str,
        path: &str,
        contributor: &str,
        text: &str,
    ) -> Result<CommentThread, DeskError> {
        if self.template.field(path).is_none() {
            return Err(ValueError::UnknownField(path.to_string()).into());
        }
        let contributor = contributor.trim();
        if contributor.is_empty() {
            return Err(DeskError::Invalid(
                "name the contributor the comment is from".into(),
            ));
        }
        self.put_comment(id, path, None, (contributor, AuthorKind::Contributor), text)
    }

    /// Replies to a comment (by id or unique prefix); the reply joins its thread.
    pub fn reply_comment(
        &mut self,
        id: &str,
        comment: &str,
        text: &str,
    ) -> Result<CommentThread, DeskError> {
        let parent = self.comment_id(id, comment)?;
        let thread = self.thread_of(id, &parent)?;
        let author = self.author()?;
        self.put_comment(
            id,
            &thread.path,
            Some(&parent),
            (&author, AuthorKind::Signer),
            text,
        )
    }

    /// Resolves the thread a comment is in, as this machine's signer.
    pub fn resolve_comment(&mut self, id: &str, comment: &str) -> Result<CommentThread, DeskError> {
        let thread = self.thread_of(id, comment)?;
        let author = self.author()?;
        self.store
            .set_thread_resolved(id, &thread.id, Some((&author, &now())))?;
        self.thread_of(id, &thread.id)
    }

    /// Reopens a resolved thread.
    pub fn reopen_comment(&mut self, id: &str, comment: &str) -> Result<CommentThread, DeskError> {
        let thread = self.thread_of(id, comment)?;
        self.store.set_thread_resolved(id, &thread.id, None)?;
        self.thread_of(id, &thread.id)
    }
}
