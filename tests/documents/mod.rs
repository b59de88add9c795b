//! Regional-review documents made by the tests themselves: written as .docx by
//! `make_review.py` (python3-docx), converted to .odt and .pdf by LibreOffice headless.
//! Missing tools fail the tests: `make test` installs them (scripts/deps.sh).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The languages of the realistic review.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "es", "ar"];

/// The Python that has python-docx: the system's (Debian's python3-docx), else `python3`.
pub fn python() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 with python-docx is needed (apt-get install python3-docx; make test does)")
}

/// Runs `make_review.py` with `args`.
pub fn make(args: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents/make_review.py");
    let out = Command::new(python())
        .arg(script)
        .args(args)
        .output()
        .expect("run make_review.py");
    assert!(
        out.status.success(),
        "make_review.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Converts `files` to `format` (odt or pdf) into `dir` with LibreOffice headless, in one call.
pub fn convert(dir: &Path, format: &str, files: &[PathBuf]) {
    let home = dir.join(format!("lo-home-{format}"));
    std::fs::create_dir_all(&home).expect("LibreOffice profile folder");
    let out = Command::new("soffice")
        .env("HOME", &home)
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice is needed (apt-get install libreoffice-writer-nogui; make test does)");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in files {
        let converted = dir.join(f.with_extension(format).file_name().expect("a file name"));
        assert!(
            converted.exists(),
            "soffice did not write {}",
            converted.display()
        );
    }
}

/// The folder with review-<lang>.docx, .odt and .pdf for every language, made once per test
/// binary.
pub fn reviews() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // One folder per test binary under the target folder, made anew on each run.
        let binary = std::env::current_exe().expect("the test binary");
        let stem = binary
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("documents-{stem}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let docx: Vec<PathBuf> = LANGUAGES
            .iter()
            .map(|l| {
                let path = dir.join(format!("review-{l}.docx"));
                make(&[l, path.to_str().expect("a UTF-8 path")]);
                path
            })
            .collect();
        convert(&dir, "odt", &docx);
        convert(&dir, "pdf", &docx);
        dir
    })
}

/// The bytes of review-<lang>.<ext>.
pub fn review(lang: &str, ext: &str) -> (String, Vec<u8>) {
    let name = format!("review-{lang}.{ext}");
    let bytes = std::fs::read(reviews().join(&name)).expect("a converted review");
    (name, bytes)
}
