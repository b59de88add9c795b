//! Where the harness finds the programs it drives and where it writes what it produces.
//!
//! A missing program is a failure with a message saying how to get it, never a skipped test.

use std::env;
use std::path::{Path, PathBuf};

/// The repository root (the Cargo workspace).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The desktop app under test: `$GCM_REVIEW_APP`, else `target/debug/gcm-review-desk`.
pub fn app_binary() -> PathBuf {
    program(
        "GCM_REVIEW_APP",
        &["target/debug/gcm-review-desk"],
        "the GCM Review Desk app",
        "build it with `cargo build -p gcm-review-desk`",
    )
}

/// The command-line tool: `$GCM_REVIEW_CLI`, else `target/debug/gcm-review`, else
/// `target/release/gcm-review` (which `cargo bench -p gcm-review` builds).
pub fn cli_binary() -> PathBuf {
    program(
        "GCM_REVIEW_CLI",
        &["target/debug/gcm-review", "target/release/gcm-review"],
        "the gcm-review command-line tool",
        "build it with `cargo build -p gcm-review`",
    )
}

/// `tauri-driver`, found on `PATH`, else in `$CARGO_HOME/bin` or `~/.cargo/bin`.
pub fn tauri_driver() -> PathBuf {
    let on_path = env::var_os("PATH")
        .map(|path| env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    on_path
        .into_iter()
        .chain(cargo_home.map(|home| home.join("bin")))
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "tauri-driver was not found on PATH nor in the Cargo bin folder; \
                 install it with `cargo install tauri-driver --locked` \
                 (it also needs WebKitWebDriver: `apt-get install webkit2gtk-driver`)"
            )
        })
}

/// `<workspace>/artifacts/e2e`, created if needed: screenshots and logs.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("artifacts").join("e2e");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create the artifacts folder {}: {e}", dir.display()));
    dir
}

/// The name of the running test program without Cargo's hash (`draft_survives_restart`).
pub fn program_name() -> String {
    let exe = env::current_exe().ok();
    let stem = exe
        .as_deref()
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "e2e".into());
    match stem.rsplit_once('-') {
        Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_string(),
        _ => stem,
    }
}

/// `$var` if set, else the first of `defaults` (under the workspace) that exists; the absolute
/// path of an existing file.
fn program(var: &str, defaults: &[&str], what: &str, hint: &str) -> PathBuf {
    let root = workspace_root();
    let path = env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        let candidates: Vec<PathBuf> = defaults.iter().map(|d| root.join(d)).collect();
        let found = candidates.iter().find(|p| p.is_file());
        found.or(candidates.first()).cloned().unwrap_or_default()
    });
    path.canonicalize().unwrap_or_else(|e| {
        panic!(
            "{what} was not found at {} ({e}): {hint}, or set {var}",
            path.display()
        )
    })
}
