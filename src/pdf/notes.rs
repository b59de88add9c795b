//! The comments of an internal-review copy, printed as numbered notes after each answer: the
//! first comment of a thread as `[n]`, its replies as `[n.1]`, `[n.2]`, ..., with who wrote
//! each and when, and who resolved the thread. Comments are text as typed, never Markdown.

use super::blocks::Context;
use super::circulation::{words, NoteThread};
use super::page::{Block, Para};
use super::text::Span;

/// Size of the notes' text.
const NOTE: f32 = 8.5;

impl Context<'_> {
    /// The comment threads on `path`, if this copy prints comments.
    fn threads(&self, path: &str) -> &[NoteThread] {
        self.notes
            .and_then(|n| n.get(path))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether this copy prints comments on `path`.
    pub(super) fn has_notes(&self, path: &str) -> bool {
        !self.threads(path).is_empty()
    }

    /// The numbered notes on `path`, after its answer.
    pub(super) fn notes(&self, path: &str, blocks: &mut Vec<Block>) {
        let threads = self.threads(path);
        if threads.is_empty() {
            return;
        }
        let c = words(self.lang);
        blocks.push(Block::Para(Para {
            spans: vec![Span::bold(c.comments)],
            size: NOTE,
            indent: 12.0,
            before: 4.0,
            after: 1.0,
            keep: true,
            gray: 0.3,
            ..Para::default()
        }));
        for thread in threads {
            let n = self.numbered.get() + 1;
            self.numbered.set(n);
            for (i, note) in thread.comments.iter().enumerate() {
                let number = if i == 0 {
                    format!("[{n}]")
                } else {
                    format!("[{n}.{i}]")
                };
                let mut spans = vec![
                    Span::bold(format!("{number} {}, {}: ", note.author, note.date)),
                    Span::plain(note.text.clone()),
                ];
                if let (0, Some((by, date))) = (i, &thread.resolved) {
                    let resolved = c.resolved.replace("{by}", by).replace("{date}", date);
                    spans.push(Span::italic(format!(" ({resolved})")));
                }
                blocks.push(Block::Para(Para {
                    spans,
                    size: NOTE,
                    indent: if i == 0 { 12.0 } else { 24.0 },
                    before: 1.0,
                    after: 1.0,
                    gray: 0.25,
                    ..Para::default()
                }));
            }
        }
    }

    /// The notice on the cover of an internal-review copy.
    pub(super) fn internal_notice(&self) -> Block {
        Block::Para(Para {
            spans: vec![Span::bold(words(self.lang).internal)],
            size: 10.0,
            before: 24.0,
            after: 4.0,
            ..Para::default()
        })
    }
}
