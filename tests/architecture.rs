//! The house as ARCHITECTURE.md draws it: the stages depend forward only, the two faces (the
//! CLI and the desktop shell) reach the core through the application layer alone, and no
//! source file grows past about 600 lines without saying why.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each stage and the earlier stages it may use (`crate::ErrorCode` is the shared contract).
const STAGES: &[(&str, &[&str])] = &[
    ("template", &[]),
    ("review", &["template"]),
    ("document", &["template"]),
    ("store", &["review", "template"]),
    ("sign", &["review", "template"]),
    ("diff", &["review", "template"]),
    ("pdf", &["review", "template", "sign"]),
    ("package", &["review", "template", "sign", "pdf"]),
];

/// The stages, which the faces do not name: they go through `gcm_review::desk`.
const FORBIDDEN_TO_FACES: &[&str] = &[
    "template", "review", "document", "store", "sign", "diff", "pdf", "package",
];

/// Files may be longer than this only if their first doc comment says why ("Long because").
const MAX_LINES: usize = 650;

fn files(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            files(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|x| extensions.iter().any(|e| x == *e))
        {
            out.push(path);
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `crate::<module>` paths a file names.
fn crate_modules(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

#[test]
fn stages_depend_forward_only() {
    let known: BTreeSet<&str> = STAGES.iter().map(|(s, _)| *s).chain(["desk"]).collect();
    for (stage, allowed) in STAGES {
        let mut sources = Vec::new();
        files(&Path::new("src").join(stage), &["rs"], &mut sources);
        assert!(!sources.is_empty(), "src/{stage} holds the {stage} stage");
        for file in sources {
            let used = crate_modules(&read(&file), "crate::");
            let wrong: Vec<&String> = used
                .iter()
                .filter(|m| known.contains(m.as_str()))
                .filter(|m| m.as_str() != *stage && !allowed.contains(&m.as_str()))
                .collect();
            assert!(
                wrong.is_empty(),
                "{} (stage {stage}) uses {wrong:?}, which do not come before it",
                file.display()
            );
        }
    }
}

#[test]
fn the_faces_reach_the_core_through_the_application_layer_alone() {
    let mut sources = Vec::new();
    files(Path::new("src/bin"), &["rs"], &mut sources);
    files(Path::new("src-tauri/src"), &["rs"], &mut sources);
    assert!(sources.len() > 5, "the CLI and the shell sources are there");
    for file in sources {
        let used = crate_modules(&read(&file), "gcm_review::");
        let wrong: Vec<&String> = used
            .iter()
            .filter(|m| FORBIDDEN_TO_FACES.contains(&m.as_str()))
            .collect();
        assert!(
            wrong.is_empty(),
            "{} names the stages {wrong:?}: use what gcm_review::desk re-exports",
            file.display()
        );
    }
}

#[test]
fn no_source_file_is_long_without_saying_why() {
    let mut sources = Vec::new();
    files(Path::new("src"), &["rs"], &mut sources);
    files(Path::new("src-tauri/src"), &["rs"], &mut sources);
    files(Path::new("ui"), &["js", "css"], &mut sources);
    let long: Vec<String> = sources
        .iter()
        .filter_map(|file| {
            let text = read(file);
            let lines = text.lines().count();
            let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
            (lines > MAX_LINES && !head.contains("Long because"))
                .then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files too long to read in one go: {long:?}"
    );
}

/// Functions may be longer than this only if their doc comment says why ("Long because").
const MAX_FUNCTION_LINES: usize = 80;

/// The functions of a rustfmt-formatted file longer than [`MAX_FUNCTION_LINES`] whose doc
/// comment does not say why: a `fn` line, its body up to the closing brace at its indentation.
fn long_functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(super) fn ",
            "pub(crate) fn ",
            "async fn ",
            "pub async fn ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if !is_fn || line.trim_end().ends_with(';') {
            i += 1;
            continue;
        }
        let end = (i + 1..lines.len())
            .find(|&j| {
                let l = lines[j];
                l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
            })
            .unwrap_or(lines.len());
        let length = end - i;
        let mut doc: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .take_while(|l| {
                let t = l.trim_start();
                t.starts_with("///") || t.starts_with("#[") || t.starts_with("//")
            })
            .map(|l| l.trim_start().trim_start_matches('/').trim())
            .collect();
        doc.reverse();
        let doc = doc.join(" ");
        let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
        if length > MAX_FUNCTION_LINES && !doc.contains("Long because") {
            let name = trimmed[trimmed.find("fn ").unwrap_or(0)..]
                .split(['(', '<'])
                .next()
                .unwrap_or(trimmed)
                .to_string();
            found.push((i + 1, name, length));
        }
        i = end.max(i + 1);
    }
    found
}

#[test]
fn no_function_is_long_without_saying_why() {
    let mut sources = Vec::new();
    files(Path::new("src"), &["rs"], &mut sources);
    files(Path::new("src-tauri/src"), &["rs"], &mut sources);
    let long: Vec<String> = sources
        .iter()
        .flat_map(|file| {
            long_functions(&read(file))
                .into_iter()
                .map(move |(line, name, length)| {
                    format!("{}:{line} {name} ({length} lines)", file.display())
                })
        })
        .collect();
    assert!(
        long.is_empty(),
        "functions too long to read in one go: {long:#?}"
    );
}
