//! Word counts as a ministry official expects them, in any script.

/// Counts the words of an answer in the Markdown subset. List and heading markers are not
/// words; each Chinese or Japanese character counts as one word, as word processors count them.
pub fn word_count(text: &str) -> usize {
    text.lines()
        .map(|line| count_line(strip_marker(line)))
        .sum()
}

fn strip_marker(line: &str) -> &str {
    let line = line.trim_start();
    for marker in ["- ", "* ", "+ ", "> "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest;
        }
    }
    let hashes = line.len() - line.trim_start_matches('#').len();
    if hashes > 0 && line[hashes..].starts_with(' ') {
        return &line[hashes..];
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest;
        }
    }
    line
}

fn count_line(line: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in line.chars() {
        if is_ideograph(c) {
            words += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if c.is_whitespace() || c == '|' {
            in_word = false;
        }
    }
    words
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::word_count;

    #[test]
    fn counts_words_not_markup() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  \n "), 0);
        assert_eq!(word_count("The **national** plan, adopted in 2021."), 6);
        assert_eq!(word_count("- one\n- two three\n1. four\n10) five"), 5);
        assert_eq!(word_count("## Heading here"), 2);
        assert_eq!(word_count("| a | b |\n|---|---|\n| c d | e |"), 5);
        assert_eq!(word_count("whole-of-government"), 1);
    }

    #[test]
    fn counts_in_every_un_script() {
        assert_eq!(word_count("الهجرة الآمنة والمنظمة"), 3);
        assert_eq!(word_count("Безопасная миграция"), 2);
        assert_eq!(word_count("安全、有序和正常移民"), 9);
        assert_eq!(word_count("GCM 全球契约"), 5);
    }
}
