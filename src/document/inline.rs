//! Inline content: runs of text that are bold, italic or links, written as the Markdown
//! subset of answers (`**bold**`, `*italic*`, `[text](https://...)`), everything else escaped
//! so that text is never read as markup.

/// One run of text with its look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Run {
    text: String,
    bold: bool,
    italic: bool,
    link: Option<String>,
}

/// A paragraph's (or a cell's) inline content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    runs: Vec<Run>,
}

/// Schemes a link may have; other links are kept as their text.
const LINK_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

impl Inline {
    /// Adds text with its look; a link whose target is not a web or mail address is kept as
    /// plain text.
    pub fn push(&mut self, text: &str, bold: bool, italic: bool, link: Option<&str>) {
        if text.is_empty() {
            return;
        }
        let link = link
            .map(str::trim)
            .filter(|l| {
                let lower = l.to_ascii_lowercase();
                LINK_SCHEMES.iter().any(|s| lower.starts_with(s))
                    && !l.contains(|c: char| c.is_whitespace() || c == ')' || c == '(')
            })
            .map(str::to_string);
        let blank = text.chars().all(char::is_whitespace);
        match self.runs.last_mut() {
            Some(last)
                if blank || (last.bold == bold && last.italic == italic && last.link == link) =>
            {
                last.text.push_str(text)
            }
            _ => self.runs.push(Run {
                text: text.to_string(),
                bold,
                italic,
                link,
            }),
        }
    }

    /// Adds a line break inside the paragraph (kept as a space).
    pub fn push_break(&mut self) {
        if let Some(last) = self.runs.last_mut() {
            last.text.push(' ');
        }
    }

    /// Appends another paragraph's content, separated by a space (table cells).
    pub fn append(&mut self, other: Inline) {
        if !self.runs.is_empty() && !other.runs.is_empty() {
            self.push(" ", false, false, None);
        }
        for run in other.runs {
            self.push(&run.text, run.bold, run.italic, run.link.as_deref());
        }
    }

    /// Calls `f` with each run: its text, whether bold, italic, and its link.
    pub fn each(&self, mut f: impl FnMut(&str, bool, bool, Option<&str>)) {
        for run in &self.runs {
            f(&run.text, run.bold, run.italic, run.link.as_deref());
        }
    }

    /// The text without markup, spaces collapsed.
    pub fn plain(&self) -> String {
        collapse(
            &self
                .runs
                .iter()
                .map(|r| r.text.as_str())
                .collect::<String>(),
        )
    }

    /// Whether every run that has text is bold (and there is text).
    pub fn all_bold(&self) -> bool {
        let mut visible = self.runs.iter().filter(|r| !r.text.trim().is_empty());
        let mut any = false;
        for run in &mut visible {
            if !run.bold {
                return false;
            }
            any = true;
        }
        any
    }

    /// The content in the Markdown subset.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let runs = self.normalised();
        for run in &runs {
            let text = collapse_keep_edges(&run.text);
            let core = text.trim();
            if core.is_empty() {
                out.push_str(if text.is_empty() { "" } else { " " });
                continue;
            }
            if text.starts_with(' ') {
                out.push(' ');
            }
            let mut piece = escape(core);
            if run.italic {
                piece = format!("*{piece}*");
            }
            if run.bold {
                piece = format!("**{piece}**");
            }
            if let Some(link) = &run.link {
                piece = format!("[{piece}]({link})");
            }
            out.push_str(&piece);
            if text.ends_with(' ') {
                out.push(' ');
            }
        }
        let out = collapse(&out);
        escape_start(&out)
    }

    /// The runs with spaces collapsed across run boundaries.
    fn normalised(&self) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut last_space = true;
        for run in &self.runs {
            let mut text = String::new();
            for c in run.text.chars() {
                let space = c.is_whitespace();
                if space && last_space {
                    continue;
                }
                text.push(if space { ' ' } else { c });
                last_space = space;
            }
            if !text.is_empty() {
                runs.push(Run {
                    text,
                    ..run.clone()
                });
            }
        }
        runs
    }
}

/// Collapses runs of white space into one space and trims the ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses inner white space, keeping one space at either end if there was any.
fn collapse_keep_edges(text: &str) -> String {
    let core = collapse(text);
    let start = if text.starts_with(char::is_whitespace) && !core.is_empty() {
        " "
    } else {
        ""
    };
    let end = if text.ends_with(char::is_whitespace) && !core.is_empty() {
        " "
    } else {
        ""
    };
    if core.is_empty() && !text.is_empty() {
        return " ".into();
    }
    format!("{start}{core}{end}")
}

/// Escapes the characters that Markdown reads as markup inside a line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would make a line start a heading, a list, a quote or a rule.
fn escape_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let after = &text[digits..];
    if digits > 0 && (after.starts_with(". ") || after.starts_with(") ")) {
        return format!("{}\\{}", &text[..digits], after);
    }
    if text.starts_with(['#', '-', '+', '=']) {
        return format!("\\{text}");
    }
    text.to_string()
}

/// The text of a Markdown-subset answer without its markup, for previews.
pub fn plain_of(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '*' | '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    collapse(&out)
}

/// Closes the innermost of the `open` tables (each a list of rows of cells) and returns its
/// rows when it stood on its own; a table inside a cell is not a table of the answer, so its
/// text joins that cell and nothing is returned.
pub(crate) fn close_table(open: &mut Vec<Vec<Vec<Inline>>>) -> Option<Vec<Vec<Inline>>> {
    let rows = open.pop()?;
    let Some(row) = open.last_mut().and_then(|t| t.last_mut()) else {
        return Some(rows);
    };
    let mut inner = Inline::default();
    for cell in rows.into_iter().flatten() {
        inner.append(cell);
    }
    match row.last_mut() {
        Some(cell) => cell.append(inner),
        None => row.push(inner),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Inline {
        let mut inline = Inline::default();
        inline.push(text, false, false, None);
        inline
    }

    /// A table in a cell of another gives its text to that cell; the outer table is the one
    /// the answer gets, whole.
    #[test]
    fn a_table_inside_a_cell_joins_the_cell() {
        let mut open = vec![
            vec![vec![cell("Outer")]],
            vec![vec![cell("inner"), cell("text")]],
        ];
        assert!(close_table(&mut open).is_none());
        let rows = close_table(&mut open).unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), 1);
        let text = rows[0][0].plain();
        assert!(
            text.contains("Outer") && text.contains("inner") && text.contains("text"),
            "{text}"
        );
        assert!(open.is_empty() && close_table(&mut open).is_none());
    }

    #[test]
    fn bold_italic_and_links_become_markdown() {
        let mut inline = Inline::default();
        inline.push("The review was led by the ", false, false, None);
        inline.push("National Mechanism ", true, false, None);
        inline.push("with ", false, false, None);
        inline.push("all", false, true, None);
        inline.push(" ministries; see ", false, false, None);
        inline.push("the policy", false, false, Some("https://example.org/p"));
        inline.push(" and ", false, false, None);
        inline.push("this", false, false, Some("javascript:alert(1)"));
        inline.push(" (1 * 2_3).", false, false, None);
        assert_eq!(
            inline.markdown(),
            "The review was led by the **National Mechanism** with *all* ministries; see \
             [the policy](https://example.org/p) and this (1 \\* 2\\_3)."
        );
        assert_eq!(
            plain_of(&inline.markdown()),
            "The review was led by the National Mechanism with all ministries; see the policy and this (1 * 2_3)."
        );
    }

    #[test]
    fn a_line_never_starts_markup() {
        let mut inline = Inline::default();
        inline.push("1. Methodology", false, false, None);
        assert_eq!(inline.markdown(), "1\\. Methodology");
        let mut inline = Inline::default();
        inline.push("- dash", false, false, None);
        assert_eq!(inline.markdown(), "\\- dash");
    }
}
