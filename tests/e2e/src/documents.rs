//! Regional-review documents for the tests, made as the core's tests make them: written as
//! .docx by `tests/documents/make_review.py` (python-docx), converted to PDF by LibreOffice
//! headless. A missing tool fails the test with how to install it.

use std::path::Path;
use std::process::Command;

use crate::paths::workspace_root;

/// Writes the regional review in `lang` (`en`, `fr`, `es`, `ar`) to `out` as .docx.
pub fn review_docx(lang: &str, out: &Path) {
    make_review(&[lang, path_str(out)]);
}

/// Writes a long regional review of about `pages` pages to `out` as .docx.
pub fn long_review_docx(pages: u32, out: &Path) {
    make_review(&["long", &pages.to_string(), path_str(out)]);
}

/// Converts `docx` to a PDF in `dir` with LibreOffice headless (its profile beside `docx`).
pub fn to_pdf(docx: &Path, dir: &Path) {
    let home = docx.with_file_name("lo-home");
    let done = Command::new("soffice")
        .env("HOME", &home)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice is needed (apt-get install libreoffice-writer-nogui): {e}")
        });
    let pdf = dir.join(docx.with_extension("pdf").file_name().unwrap_or_default());
    assert!(
        done.status.success() && pdf.is_file(),
        "soffice did not write {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&done.stderr)
    );
}

/// Runs `make_review.py` with `args`, with the Python that has python-docx.
fn make_review(args: &[&str]) {
    let script = workspace_root().join("tests/documents/make_review.py");
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!("python3 with python-docx is needed (apt-get install python3-docx)")
        });
    let done = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
    assert!(
        done.status.success(),
        "make_review.py failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

fn path_str(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", path.display()))
}
