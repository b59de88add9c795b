//! Find and replace across a whole review: every text answer, richtext answer and table cell,
//! in template order, counted per section and objective. Text is compared as the reader sees
//! it: a richtext answer's Markdown escapes, emphasis markers and link addresses are not part
//! of its text. Loose matching ignores letter case and diacritics (French accents, Arabic
//! harakat and tatweel, hamza carriers), so "reforme" finds "Réforme".
//! Replacing all is one save, hence one revision, undone by restoring the one before.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::{Desk, DeskError, SaveOutcome};
use crate::document::escape;
use crate::review::Values;
use crate::template::{FieldKind, FieldRef};

/// The most characters a search text may have.
pub const MAX_FIND_CHARS: usize = 500;

/// What to look for, and how.
#[derive(Debug, Clone)]
pub struct FindQuery {
    /// The text, as the user typed it.
    pub text: String,
    /// Whether letter case and diacritics are ignored.
    pub loose: bool,
}

/// One match in a review.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindMatch {
    /// The field it is in.
    pub path: String,
    /// The navigation entry showing the field: a section id or `objectives.<n>`.
    pub place: String,
    /// The table row and column, for a match in a table cell.
    pub row: Option<usize>,
    /// The table column id, for a match in a table cell.
    pub column: Option<String>,
    /// Its number among the matches of the field (or cell), from 0.
    pub index: usize,
    /// The text matched, as the reader sees it.
    pub text: String,
    /// How many times `text` itself occurs in the field's text before this match: where the
    /// editor finds it.
    pub occurrence: usize,
    /// Some words around the match.
    pub excerpt: String,
}

/// The matches of one section or objective.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceCount {
    /// A section id or `objectives.<n>`.
    pub place: String,
    /// How many matches it has.
    pub count: usize,
}

/// Every match of a search, in template order.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindResult {
    /// How many matches there are.
    pub total: usize,
    /// The count per section and objective, in template order, places without a match left out.
    pub places: Vec<PlaceCount>,
    /// The matches.
    pub matches: Vec<FindMatch>,
}

/// What a replace changed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplaceOutcome {
    /// How many matches were replaced.
    pub replaced: usize,
    /// The save (one revision), or null when nothing matched.
    pub saved: Option<SaveOutcome>,
}

/// Which matches a replace changes: `{ "kind": "all" }` or
/// `{ "kind": "one", "path", "row", "column", "index" }` over IPC.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ReplaceTarget {
    /// Every match.
    All,
    /// One match: its field, table cell and index, as [`FindMatch`] gives them.
    One {
        /// The field.
        path: String,
        /// The table row, for a cell.
        row: Option<usize>,
        /// The table column, for a cell.
        column: Option<String>,
        /// The match's number in the field or cell.
        index: usize,
    },
}

/// A character as the reader sees it: where it is in the stored text (escape included).
#[derive(Debug, Clone, Copy)]
struct Seen {
    c: char,
    start: usize,
    end: usize,
}

/// The text the reader sees of a stored value: all of it for plain text; for Markdown, without
/// escapes, emphasis markers, link brackets and link addresses.
fn seen(text: &str, markdown: bool) -> Vec<Seen> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |(b, _)| *b);
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let next = chars.get(i + 1).map(|(_, c)| *c);
        if !markdown {
            out.push(Seen {
                c,
                start,
                end: end_of(i),
            });
            i += 1;
            continue;
        }
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(Seen {
                    c: next.unwrap_or(c),
                    start,
                    end: end_of(i + 1),
                });
                i += 2;
            }
            '*' if {
                let before = i.checked_sub(1).map(|p| chars[p].1);
                !before.is_none_or(char::is_whitespace) || !next.is_none_or(char::is_whitespace)
            } =>
            {
                i += 1
            }
            '[' => i += 1,
            ']' if next == Some('(') => {
                let mut depth = 0usize;
                i += 1;
                while i < chars.len() {
                    match chars[i].1 {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                out.push(Seen {
                    c,
                    start,
                    end: end_of(i),
                });
                i += 1;
            }
        }
    }
    out
}

/// A character as loose matching compares it: lower case, without diacritics or tatweel.
fn fold(c: char, out: &mut Vec<char>) {
    for lower in c.to_lowercase() {
        for d in lower.to_string().nfd() {
            if !is_combining_mark(d) && d != '\u{0640}' {
                out.push(d);
            }
        }
    }
}

/// The matches of `query` in `seen`: ranges of indices into `seen`, end exclusive.
fn matches(seen: &[Seen], query: &FindQuery) -> Vec<(usize, usize)> {
    let mut hay: Vec<(char, usize)> = Vec::with_capacity(seen.len());
    let mut needle = Vec::new();
    let mut buf = Vec::new();
    for (i, s) in seen.iter().enumerate() {
        if query.loose {
            buf.clear();
            fold(s.c, &mut buf);
            hay.extend(buf.iter().map(|c| (*c, i)));
        } else {
            hay.push((s.c, i));
        }
    }
    for c in query.text.chars() {
        if query.loose {
            fold(c, &mut needle);
        } else {
            needle.push(c);
        }
    }
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        let whole_start = at == 0 || hay[at - 1].1 != hay[at].1;
        let last = at + needle.len() - 1;
        let whole_end = last + 1 == hay.len() || hay[last + 1].1 != hay[last].1;
        if whole_start && whole_end && hay[at..=last].iter().zip(&needle).all(|(h, n)| h.0 == *n) {
            out.push((hay[at].1, hay[last].1 + 1));
            at = last + 1;
        } else {
            at += 1;
        }
    }
    out
}

/// The navigation entry of a field: its section, or its objective.
fn place_of(field: &FieldRef<'_>) -> String {
    match field.objective {
        Some(n) => format!("{}.{n}", field.section.id),
        None => field.section.id.clone(),
    }
}

/// Up to `n` characters of `seen` on either side of `[from, to)`, on one line.
fn excerpt(seen: &[Seen], from: usize, to: usize) -> String {
    const AROUND: usize = 40;
    let start = from.saturating_sub(AROUND);
    let end = (to + AROUND).min(seen.len());
    let text: String = seen[start..end].iter().map(|s| s.c).collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{}{text}{}",
        if start > 0 { "…" } else { "" },
        if end < seen.len() { "…" } else { "" }
    )
}

/// One searchable text of a review: a field's value or a table cell.
struct Piece<'a> {
    path: String,
    place: String,
    row: Option<usize>,
    column: Option<String>,
    text: &'a str,
    markdown: bool,
}

/// The texts of a review that find looks in, in template order.
fn pieces<'a>(fields: &[FieldRef<'_>], values: &'a Values) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    for field in fields {
        let path = field.path();
        let place = place_of(field);
        match (field.field.kind, values.get(&path)) {
            (FieldKind::Text | FieldKind::Richtext, Some(Value::String(text))) => out.push(Piece {
                markdown: field.field.kind == FieldKind::Richtext,
                path,
                place,
                row: None,
                column: None,
                text,
            }),
            (FieldKind::Table, Some(Value::Array(rows))) => {
                for (r, row) in rows.iter().enumerate() {
                    for column in &field.field.columns {
                        if column.kind != FieldKind::Text {
                            continue;
                        }
                        if let Some(Value::String(text)) = row.get(&column.id) {
                            out.push(Piece {
                                path: path.clone(),
                                place: place.clone(),
                                row: Some(r),
                                column: Some(column.id.clone()),
                                text,
                                markdown: false,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The matches of `query` in one piece.
fn piece_matches(piece: &Piece<'_>, query: &FindQuery) -> Vec<FindMatch> {
    let seen = seen(piece.text, piece.markdown);
    let chars: Vec<char> = seen.iter().map(|s| s.c).collect();
    matches(&seen, query)
        .into_iter()
        .enumerate()
        .map(|(index, (from, to))| {
            let text: String = chars[from..to].iter().collect();
            let wanted: Vec<char> = text.chars().collect();
            let occurrence = (0..from)
                .filter(|&i| chars[i..].starts_with(&wanted))
                .count();
            FindMatch {
                path: piece.path.clone(),
                place: piece.place.clone(),
                row: piece.row,
                column: piece.column.clone(),
                index,
                text,
                occurrence,
                excerpt: excerpt(&seen, from, to),
            }
        })
        .collect()
}

/// `text` with the matches `which` (indices into its matches) replaced by `with`, written as
/// the stored text writes it; the emphasis and links around a match stay.
fn replaced(
    text: &str,
    markdown: bool,
    query: &FindQuery,
    with: &str,
    which: impl Fn(usize) -> bool,
) -> (String, usize) {
    let seen = seen(text, markdown);
    let with = if markdown {
        escape(with)
    } else {
        with.to_string()
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut count = 0;
    for (index, (from, to)) in matches(&seen, query).into_iter().enumerate() {
        if !which(index) {
            continue;
        }
        count += 1;
        for (k, s) in seen[from..to].iter().enumerate() {
            out.push_str(&text[copied..s.start]);
            if k == 0 {
                out.push_str(&with);
            }
            copied = s.end;
        }
    }
    out.push_str(&text[copied..]);
    (out, count)
}

fn checked(query: &FindQuery) -> Result<(), DeskError> {
    if query.text.chars().count() > MAX_FIND_CHARS {
        return Err(DeskError::Invalid(format!(
            "search for at most {MAX_FIND_CHARS} characters"
        )));
    }
    Ok(())
}

impl Desk {
    /// Every match of `query` in review `id`, counted per section and objective.
    pub fn find(&self, id: &str, query: &FindQuery) -> Result<FindResult, DeskError> {
        checked(query)?;
        let (_, values) = self.store.versioned_values(id)?;
        let fields = self.template.fields();
        let mut found: Vec<FindMatch> = Vec::new();
        for piece in pieces(&fields, &values) {
            found.extend(piece_matches(&piece, query));
        }
        let mut places: Vec<PlaceCount> = Vec::new();
        for m in &found {
            match places.last_mut() {
                Some(last) if last.place == m.place => last.count += 1,
                _ => places.push(PlaceCount {
                    place: m.place.clone(),
                    count: 1,
                }),
            }
        }
        Ok(FindResult {
            total: found.len(),
            places,
            matches: found,
        })
    }

    /// Replaces the matches of `query` (all, or one) by `with`, as one save based on `base`:
    /// one revision. Nothing matched: nothing saved.
    pub fn replace(
        &mut self,
        id: &str,
        base: u64,
        query: &FindQuery,
        with: &str,
        target: &ReplaceTarget,
    ) -> Result<ReplaceOutcome, DeskError> {
        checked(query)?;
        let (_, values) = self.store.versioned_values(id)?;
        let fields = self.template.fields();
        let mut changes = Values::new();
        let mut total = 0;
        for piece in pieces(&fields, &values) {
            let wanted = |index: usize| match target {
                ReplaceTarget::All => true,
                ReplaceTarget::One {
                    path,
                    row,
                    column,
                    index: one,
                } => {
                    *path == piece.path
                        && *row == piece.row
                        && *column == piece.column
                        && *one == index
                }
            };
            let (text, count) = replaced(piece.text, piece.markdown, query, with, wanted);
            if count == 0 {
                continue;
            }
            total += count;
            let value = changes
                .entry(piece.path.clone())
                .or_insert_with(|| values.get(&piece.path).cloned().unwrap_or(Value::Null));
            match (piece.row, &piece.column) {
                (Some(r), Some(c)) => {
                    if let Some(cell) = value.get_mut(r).and_then(|row| row.get_mut(c)) {
                        *cell = Value::String(text);
                    }
                }
                _ => *value = Value::String(text),
            }
        }
        if changes.is_empty() {
            return Ok(ReplaceOutcome {
                replaced: 0,
                saved: None,
            });
        }
        let saved = self.save(id, base, changes)?;
        Ok(ReplaceOutcome {
            replaced: total,
            saved: Some(saved),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, loose: bool) -> FindQuery {
        FindQuery {
            text: text.into(),
            loose,
        }
    }

    fn found(text: &str, markdown: bool, query: &FindQuery) -> Vec<String> {
        let seen = seen(text, markdown);
        matches(&seen, query)
            .into_iter()
            .map(|(a, b)| seen[a..b].iter().map(|s| s.c).collect())
            .collect()
    }

    #[test]
    fn markdown_is_searched_as_the_reader_sees_it() {
        let text = "The **national** plan, see [the plan](https://example.org/plan) and 1 \\* 2.";
        assert_eq!(
            found(text, true, &q("national plan", false)),
            ["national plan"]
        );
        assert_eq!(found(text, true, &q("plan", false)).len(), 2);
        assert_eq!(found(text, true, &q("example", false)).len(), 0);
        assert_eq!(found(text, true, &q("1 * 2", false)), ["1 * 2"]);
        assert_eq!(found(text, false, &q("**national**", false)).len(), 1);
    }

    #[test]
    fn loose_matching_ignores_case_accents_and_harakat() {
        assert_eq!(
            found("Réforme, RÉFORME et reforme", false, &q("reforme", true)).len(),
            3
        );
        assert_eq!(found("Réforme", false, &q("reforme", false)).len(), 0);
        // "الْهِجْرَة" with harakat, and with tatweel; hamza carriers fold to the bare letter.
        let arabic = "الْهِجْرَة والهـجرة والهجرة";
        assert_eq!(found(arabic, false, &q("الهجرة", true)).len(), 3);
        assert_eq!(found(arabic, false, &q("الهجرة", false)).len(), 1);
        assert_eq!(found("أمن", false, &q("امن", true)).len(), 1);
    }

    #[test]
    fn replacing_keeps_emphasis_and_links_and_escapes_the_new_text() {
        let all = |_| true;
        let (text, n) = replaced(
            "The **national** plan.",
            true,
            &q("national plan", false),
            "strategy",
            all,
        );
        assert_eq!((text.as_str(), n), ("The **strategy**.", 1));
        let (text, n) = replaced(
            "[Réforme](https://x.org) et réforme",
            true,
            &q("reforme", true),
            "loi *2*",
            all,
        );
        assert_eq!(
            (text.as_str(), n),
            ("[loi \\*2\\*](https://x.org) et loi \\*2\\*", 2)
        );
        let (text, n) = replaced("a b a", false, &q("a", false), "c", |i| i == 1);
        assert_eq!((text.as_str(), n), ("a b c", 1));
    }
}
