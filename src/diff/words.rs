//! Word diffs in any script: lines first, then words within the lines that changed.
//!
//! A word is a run of letters, digits and marks (so Arabic with its vowel marks stays one word);
//! spaces and punctuation are tokens of their own; Chinese and Japanese, written without spaces,
//! are compared character by character. Where lines changed, each old line is paired with the
//! new line most like it (a table row with its edited self, a paragraph with its rewrite), and
//! only paired lines are compared word by word; lines with no counterpart are deleted or
//! inserted whole. The diff itself is Myers' algorithm from `similar`, without a deadline, and
//! every tie is broken the same way, so the same texts always give the same chunks.

use std::collections::BTreeMap;

use similar::{capture_diff_slices, Algorithm, DiffTag};

use super::{Chunk, Op};

/// Above this many tokens in two texts compared word by word, they are shown as deleted and
/// inserted whole: the word diff of two long, wholly different texts costs time that grows
/// with the product of their lengths.
const MAX_BLOCK_TOKENS: usize = 20_000;

/// Above this many (old line, new line) candidates in one block of changed lines, the block is
/// compared word by word as one text instead of line by line.
const MAX_PAIRS: usize = 10_000;

/// How alike two lines must be, in thousandths (Dice's coefficient over their words), to be
/// compared word by word rather than replaced whole.
const PAIR_THRESHOLD: u32 = 500;

/// The word diff of two texts: lines that are the same in both are kept whole; changed lines
/// are paired with their most similar counterpart and compared word by word. Adjacent chunks
/// of one kind are merged, and a space between two changes joins them, so that `a b c` to
/// `x y z` reads as one replacement.
pub fn word_diff(before: &str, after: &str) -> Vec<Chunk> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let mut chunks = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (tag, o, n) = op.as_tag_tuple();
        let old = old.get(o).unwrap_or_default();
        let new = new.get(n).unwrap_or_default();
        match tag {
            DiffTag::Equal => push(&mut chunks, Op::Equal, old.concat()),
            DiffTag::Delete => push(&mut chunks, Op::Delete, old.concat()),
            DiffTag::Insert => push(&mut chunks, Op::Insert, new.concat()),
            DiffTag::Replace => lines(&mut chunks, old, new),
        }
    }
    tidy(chunks)
}

/// Two answers as wholes: one deletion and one insertion, for answers that are one value (a
/// choice, a date, yes or no) where a word diff would split a name.
pub fn whole(before: &str, after: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    if before != after {
        push(&mut chunks, Op::Delete, before.to_string());
        push(&mut chunks, Op::Insert, after.to_string());
    } else {
        push(&mut chunks, Op::Equal, before.to_string());
    }
    chunks
}

/// The chunks as one text, git's word-diff style: `[-deleted-]{+inserted+}`. A line break that
/// ends a deleted or inserted run is written after the closing mark, so that a whole line
/// deleted or inserted reads as one line.
pub fn marked(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for chunk in chunks {
        let (open, close) = match chunk.op {
            Op::Equal => {
                out.push_str(&chunk.text);
                continue;
            }
            Op::Delete => ("[-", "-]"),
            Op::Insert => ("{+", "+}"),
        };
        let text = chunk.text.trim_end_matches('\n');
        if text.is_empty() {
            out.push_str(open);
            out.push_str(&chunk.text);
            out.push_str(close);
            continue;
        }
        out.push_str(open);
        out.push_str(text);
        out.push_str(close);
        out.push_str(chunk.text.get(text.len()..).unwrap_or_default());
    }
    out
}

/// A block of changed lines: each old line paired with a similar new one, in order, so as to
/// make the pairs as alike as possible; paired lines compared word by word, the others whole.
fn lines(chunks: &mut Vec<Chunk>, old: &[&str], new: &[&str]) {
    if old.len().saturating_mul(new.len()) > MAX_PAIRS {
        words(chunks, &old.concat(), &new.concat());
        return;
    }
    let old_bags: Vec<_> = old.iter().map(|l| bag(l)).collect();
    let new_bags: Vec<_> = new.iter().map(|l| bag(l)).collect();
    let (m, n) = (old.len(), new.len());
    let alike = |i: usize, j: usize| match (old_bags.get(i), new_bags.get(j)) {
        (Some(a), Some(b)) => similarity(a, b),
        _ => 0,
    };
    let mut likeness = vec![vec![0u32; n]; m];
    for (i, row) in likeness.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = alike(i, j);
        }
    }
    let at = |i: usize, j: usize| likeness.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    // best[i][j]: the most likeness pairing old[..i] with new[..j] can reach.
    let mut best = vec![vec![0u64; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            let skip = best[i - 1][j].max(best[i][j - 1]);
            let pair = at(i - 1, j - 1);
            best[i][j] = if pair >= PAIR_THRESHOLD {
                skip.max(best[i - 1][j - 1] + u64::from(pair))
            } else {
                skip
            };
        }
    }
    enum Step {
        Pair(usize, usize),
        Old(usize),
        New(usize),
    }
    let mut steps = Vec::with_capacity(m + n);
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let pair = if i > 0 && j > 0 { at(i - 1, j - 1) } else { 0 };
        if pair >= PAIR_THRESHOLD && best[i][j] == best[i - 1][j - 1] + u64::from(pair) {
            steps.push(Step::Pair(i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if i > 0 && (j == 0 || best[i][j] == best[i - 1][j]) {
            steps.push(Step::Old(i - 1));
            i -= 1;
        } else {
            steps.push(Step::New(j - 1));
            j -= 1;
        }
    }
    let line = |lines: &[&str], k: usize| lines.get(k).copied().unwrap_or_default().to_string();
    for step in steps.into_iter().rev() {
        match step {
            Step::Pair(a, b) => words(chunks, &line(old, a), &line(new, b)),
            Step::Old(a) => push(chunks, Op::Delete, line(old, a)),
            Step::New(b) => push(chunks, Op::Insert, line(new, b)),
        }
    }
}

/// The words of a line (not its spaces or punctuation), counted.
fn bag(line: &str) -> BTreeMap<&str, u32> {
    let mut bag = BTreeMap::new();
    for token in tokens(line) {
        if token
            .chars()
            .all(|c| c.is_whitespace() || is_punctuation(c))
        {
            continue;
        }
        *bag.entry(token).or_insert(0) += 1;
    }
    bag
}

/// Dice's coefficient of two bags of words, in thousandths.
fn similarity(a: &BTreeMap<&str, u32>, b: &BTreeMap<&str, u32>) -> u32 {
    let total: u32 = a.values().sum::<u32>() + b.values().sum::<u32>();
    if total == 0 {
        return 0;
    }
    let common: u32 = a
        .iter()
        .map(|(word, count)| (*count).min(b.get(word).copied().unwrap_or(0)))
        .sum();
    // At most 2000 * common / total <= 1000.
    u32::try_from(2000 * u64::from(common) / u64::from(total)).unwrap_or(1000)
}

fn words(chunks: &mut Vec<Chunk>, before: &str, after: &str) {
    let old = tokens(before);
    let new = tokens(after);
    if old.len() + new.len() > MAX_BLOCK_TOKENS {
        push(chunks, Op::Delete, before.to_string());
        push(chunks, Op::Insert, after.to_string());
        return;
    }
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (tag, o, n) = op.as_tag_tuple();
        let old = old.get(o).unwrap_or_default().concat();
        let new = new.get(n).unwrap_or_default().concat();
        match tag {
            DiffTag::Equal => push(chunks, Op::Equal, old),
            DiffTag::Delete => push(chunks, Op::Delete, old),
            DiffTag::Insert => push(chunks, Op::Insert, new),
            DiffTag::Replace => {
                push(chunks, Op::Delete, old);
                push(chunks, Op::Insert, new);
            }
        }
    }
}

fn push(chunks: &mut Vec<Chunk>, op: Op, text: String) {
    if !text.is_empty() {
        chunks.push(Chunk { op, text });
    }
}

/// Joins spaces between two changes into them, then makes each run of changes one deletion
/// followed by one insertion, and merges what is equal.
fn tidy(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let changed = |c: Option<&Chunk>| c.is_some_and(|c| c.op != Op::Equal);
    let mut spread = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let between = i > 0 && changed(chunks.get(i - 1)) && changed(chunks.get(i + 1));
        let space = chunk.text.chars().all(|c| c.is_whitespace() && c != '\n');
        if chunk.op == Op::Equal && between && space {
            spread.push(Chunk {
                op: Op::Delete,
                text: chunk.text.clone(),
            });
            spread.push(Chunk {
                op: Op::Insert,
                text: chunk.text.clone(),
            });
        } else {
            spread.push(chunk.clone());
        }
    }
    let mut out: Vec<Chunk> = Vec::with_capacity(spread.len());
    let (mut deleted, mut inserted) = (String::new(), String::new());
    for chunk in spread {
        match chunk.op {
            Op::Delete => deleted.push_str(&chunk.text),
            Op::Insert => inserted.push_str(&chunk.text),
            Op::Equal => {
                flush(&mut out, &mut deleted, &mut inserted);
                match out.last_mut() {
                    Some(last) if last.op == Op::Equal => last.text.push_str(&chunk.text),
                    _ => out.push(chunk),
                }
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

fn flush(out: &mut Vec<Chunk>, deleted: &mut String, inserted: &mut String) {
    push(out, Op::Delete, std::mem::take(deleted));
    push(out, Op::Insert, std::mem::take(inserted));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letters, digits and marks: runs join.
    Word,
    /// Spaces other than line breaks: runs join.
    Space,
    /// A line break, an ideograph, a punctuation mark: each alone.
    Single,
}

/// Splits text into words, runs of spaces, and single characters; the tokens joined give the
/// text back.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let class = class(c);
        let joins = class != Class::Single && previous == Some(class);
        if !joins && i > start {
            out.extend(text.get(start..i));
            start = i;
        }
        previous = Some(class);
    }
    if start < text.len() {
        out.extend(text.get(start..));
    }
    out
}

fn class(c: char) -> Class {
    if c == '\n' || is_cjk(c) || is_punctuation(c) {
        Class::Single
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Word
    }
}

/// Scripts written without spaces between words: Han, kana, Bopomofo, and their punctuation
/// and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x31FF    // kana, Bopomofo, strokes
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // half-width and full-width forms
        | 0x20000..=0x3FFFF) // extensions B and later
}

/// Punctuation and symbols that separate words: ASCII, Latin-1, general punctuation (not the
/// invisible joiners and direction marks, which belong to the word they sit in) and Arabic.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0x00A1..=0x00AC | 0x00AE..=0x00BF | 0x00D7 | 0x00F7
            | 0x2010..=0x2027 | 0x2030..=0x205E
            | 0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4
            | 0x2E00..=0x2E7F)
}

#[cfg(test)]
mod tests {
    use super::{marked, tokens, word_diff};

    #[test]
    fn tokens_give_the_text_back() {
        for text in [
            "",
            "a",
            "The plan, adopted.\n\n- one",
            "安全、有序 GCM",
            "الهجرة، الآمنة",
        ] {
            assert_eq!(tokens(text).concat(), text);
        }
        assert_eq!(
            tokens("whole-of-government  plan"),
            ["whole", "-", "of", "-", "government", "  ", "plan"]
        );
        assert_eq!(tokens("GCM全球契约"), ["GCM", "全", "球", "契", "约"]);
        // The shadda and fatha are marks: the word stays whole.
        assert_eq!(tokens("تَعَاوُن دولي"), ["تَعَاوُن", " ", "دولي"]);
    }

    #[test]
    fn a_space_between_changes_joins_them() {
        let chunks = word_diff("we met the quick fox today", "we met a slow dog today");
        assert_eq!(
            marked(&chunks),
            "we met [-the quick fox-]{+a slow dog+} today"
        );
    }

    #[test]
    fn texts_come_back_from_the_chunks() {
        let (a, b) = ("One.\nTwo three.\nFour.", "One.\nTwo 3.\nFive.\nSix");
        let chunks = word_diff(a, b);
        let side = |skip| {
            chunks
                .iter()
                .filter(|c| c.op != skip)
                .map(|c| c.text.as_str())
                .collect::<String>()
        };
        assert_eq!(side(super::Op::Insert), a);
        assert_eq!(side(super::Op::Delete), b);
    }
}
