//! End-to-end harness of GCM Review Desk: runs the real app in its real webview through
//! `tauri-driver` (WebKitWebDriver underneath) and drives it the way a user does.
//!
//! [`App::start`] launches the app on a data folder of the test's choosing; the helpers wait for
//! what the user would wait for (an element, a text, "Saved") with a bounded time, and fail with
//! a message naming what did not happen and a screenshot of the window at that moment.
//! Everything is blocking: the harness owns its async runtime, so tests are plain `#[test]`s and
//! [`Drop`] can still close the app properly after a failed assertion.
//!
//! Scripts run in the page only read state (focus, attributes) or audit it (axe-core, or text
//! made larger for a moment); every action goes through WebDriver clicks and keystrokes.
//!
//! Run with `make test-e2e`, or: `cargo build -p gcm-review-desk`, then
//! `xvfb-run -a -s "-screen 0 1280x1024x24" cargo test -p gcm-review-e2e -- --test-threads=1`.
//! Screenshots and the driver's log go to `artifacts/e2e/`.
#![forbid(unsafe_code)]

pub mod documents;
mod editing;
mod flows;
pub mod hostile;
pub mod paths;
pub mod procs;
pub mod sources;

use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::future::Future;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread::sleep;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::runtime::Runtime;

pub use flows::{NewReview, AUTOMATION_DIR, EDITOR_FIELD, GUIDE, ROW};
pub use procs::Memory;

/// How long a helper waits for something the user would see before it fails.
pub const WAIT: Duration = Duration::from_secs(15);
/// How long starting the app (driver, webview, first page) may take.
const START_WAIT: Duration = Duration::from_secs(60);

/// The longest one WebDriver command may take (a PDF export's click included).
const COMMAND_WAIT: Duration = Duration::from_secs(120);
/// How long closing the app may take.
const QUIT_WAIT: Duration = Duration::from_secs(15);
/// Between two looks at the page.
const POLL: Duration = Duration::from_millis(100);

/// The running app and the WebDriver session that drives it.
pub struct App {
    rt: Runtime,
    client: Option<Client>,
    driver: Option<Child>,
    app_name: String,
}

impl App {
    /// Starts `tauri-driver` with the app's store in `data_dir`, then opens a session, which
    /// launches the app. Fails if the app binary or `tauri-driver` is missing.
    pub fn start(data_dir: &Path) -> App {
        App::start_with_env(data_dir, &[])
    }

    /// Like [`App::start`], with `extra` variables added to the app's environment (for example
    /// `GCM_REVIEW_AUTOMATION_DIR`, which replaces the native file dialogs by a folder). If the
    /// first-run guide opens, it is skipped as a user would, so every test begins on Home.
    pub fn start_with_env(data_dir: &Path, extra: &[(&str, &OsStr)]) -> App {
        let app = App::launch(data_dir, extra);
        app.skip_first_run_guide();
        app
    }

    /// Like [`App::start_with_env`], leaving the first-run guide open if it opens.
    pub fn launch(data_dir: &Path, extra: &[(&str, &OsStr)]) -> App {
        let app_binary = paths::app_binary();
        let driver_binary = paths::tauri_driver();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the async runtime: {e}"));
        let [port, native_port] = free_ports();
        let log = driver_log();
        let driver = Command::new(&driver_binary)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(app_environment(data_dir))
            .envs(extra.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_or_else(|_| Stdio::null(), Stdio::from))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", driver_binary.display()));
        let mut app = App {
            rt,
            client: None,
            driver: Some(driver),
            app_name: file_name(&app_binary),
        };
        app.wait_for_driver(port, native_port);
        let client = app.block_on(connect(port, &app_binary));
        app.client = Some(client);
        app
    }

    /// Closes the app (ends the session), stops `tauri-driver` with SIGTERM and waits for both.
    /// Fails if the app did not exit by itself.
    pub fn quit(mut self) {
        let problems = self.shutdown();
        assert!(
            problems.is_empty(),
            "quitting the app: {}",
            problems.join("; ")
        );
    }

    /// The process id of the app (a descendant of `tauri-driver`), once it runs.
    pub fn app_pid(&self) -> Option<u32> {
        let driver = self.driver.as_ref()?.id();
        procs::descendants_named(driver, &self.app_name)
            .first()
            .copied()
    }

    /// The resident memory of the app and of its web processes.
    pub fn memory(&self) -> Memory {
        let pid = self
            .app_pid()
            .unwrap_or_else(|| self.fail("the app process was not found under tauri-driver"));
        procs::memory(pid)
    }

    /* ---------- waiting and reading ---------- */

    /// Calls `probe` until it returns something, and returns that; fails after [`WAIT`] saying
    /// it was waiting for `what`.
    pub fn wait_until<T>(&self, what: &str, probe: impl FnMut(&App) -> Option<T>) -> T {
        self.poll(probe)
            .unwrap_or_else(|| self.fail(&format!("waited {WAIT:?} for {what}")))
    }

    /// Waits until `css` matches an element and returns it.
    pub fn wait_for(&self, css: &str) -> Element {
        self.wait_until(&format!("an element matching `{css}`"), |app| app.find(css))
    }

    /// Waits until `css` matches nothing.
    pub fn wait_gone(&self, css: &str) {
        self.wait_until(&format!("`{css}` to go away"), |app| {
            app.find(css).is_none().then_some(())
        });
    }

    /// The first element matching `css` now, if any.
    pub fn find(&self, css: &str) -> Option<Element> {
        self.block_on(self.client().find(Locator::Css(css))).ok()
    }

    /// The value of attribute `name` on every element matching `css`, in document order.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        // Read in one script, so that the page cannot render between finding the elements and
        // reading them: element by element, a row replaced meanwhile went stale and was
        // silently dropped, and a list of two read as a list of one.
        let read = self.client().execute(
            "return Array.from(document.querySelectorAll(arguments[0]))\
             .map((e) => e.getAttribute(arguments[1])).filter((v) => v !== null);",
            vec![css.into(), name.into()],
        );
        // A page between two states (a script cannot run) reads as nothing found yet, as the
        // waits that poll this expect.
        let found = self.block_on(read).unwrap_or_default();
        found
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until an element matching `css` shows text containing `needle`; returns its text.
    /// Letter case is ignored: style sheets may change it (`text-transform`).
    pub fn wait_text(&self, css: &str, needle: &str) -> String {
        let needle_lower = needle.to_lowercase();
        self.poll(|app| {
            app.texts(css)
                .into_iter()
                .find(|text| text.to_lowercase().contains(&needle_lower))
        })
        .unwrap_or_else(|| {
            let shown = self.texts(css);
            self.fail(&format!("no `{css}` shows {needle:?} (shown: {shown:?})"))
        })
    }

    /// The visible text of every element matching `css` now.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let elements = self
            .block_on(self.client().find_all(Locator::Css(css)))
            .unwrap_or_default();
        elements
            .iter()
            .filter_map(|el| self.block_on(el.text()).ok())
            .collect()
    }

    /// The visible text of the element matching `css` now ("" if there is none).
    pub fn text(&self, css: &str) -> String {
        self.find(css)
            .and_then(|el| self.block_on(el.text()).ok())
            .unwrap_or_default()
    }

    /// The current value of the field `[data-field="<path>"]`.
    pub fn field_value(&self, path: &str) -> String {
        let el = self.wait_for(&field(path));
        self.block_on(el.prop("value"))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits until field `path` holds exactly `expected`.
    pub fn wait_field_value(&self, path: &str, expected: &str) {
        let found = self.poll(|app| (app.field_value(path) == expected).then_some(()));
        if found.is_none() {
            let shown = self.field_value(path);
            self.fail(&format!("field {path} holds {shown:?}, not {expected:?}"));
        }
    }

    /// The `data-field` of the focused element (`document.activeElement`), if it has one.
    pub fn focused_field(&self) -> Option<String> {
        let script =
            "const el = document.activeElement; return el ? el.getAttribute('data-field') : null;";
        match self.block_on(self.client().execute(script, vec![])) {
            Ok(Value::String(path)) => Some(path),
            _ => None,
        }
    }

    /// Waits until the focused element is the field `path`.
    pub fn wait_focus(&self, path: &str) {
        if self
            .poll(|app| (app.focused_field()? == path).then_some(()))
            .is_none()
        {
            let focused = self.focused_field();
            self.fail(&format!(
                "the focus is on {focused:?}, not on the field {path}"
            ));
        }
    }

    /// Waits until `#save-state` says everything is saved; fails at once if saving failed.
    pub fn wait_saved(&self) {
        let state = self.poll(|app| {
            let el = app.find("#save-state")?;
            let state = app.block_on(el.attr("data-save-state")).ok().flatten()?;
            matches!(state.as_str(), "saved" | "error").then_some(state)
        });
        match state.as_deref() {
            Some("saved") => {}
            Some(_) => self.fail(&format!("saving failed: {:?}", self.text("#save-state"))),
            None => self.fail(&format!(
                "`#save-state` never reached data-save-state=\"saved\" (it shows {:?})",
                self.text("#save-state")
            )),
        }
    }

    /* ---------- acting ---------- */

    /// Clicks the element matching `css`, waiting until it exists and accepts the click.
    pub fn click(&self, css: &str) {
        let mut last_error = String::from("no such element");
        let clicked = self.poll(|app| {
            let el = app.find(css)?;
            match app.block_on(el.click()) {
                Ok(()) => Some(()),
                Err(e) => {
                    last_error = e.to_string();
                    None
                }
            }
        });
        if clicked.is_none() {
            self.fail(&format!("could not click `{css}`: {last_error}"));
        }
    }

    /// Types `text` into `css` as keystrokes (WebDriver puts the caret at the end first).
    pub fn type_text(&self, css: &str, text: &str) {
        let el = self.wait_for(css);
        if let Err(e) = self.block_on(el.send_keys(text)) {
            self.fail(&format!("could not type into `{css}`: {e}"));
        }
    }

    /// Types `text` into the field `[data-field="<path>"]` like a user.
    pub fn type_into(&self, path: &str, text: &str) {
        self.type_text(&field(path), text);
    }

    /// Sends `keys` to the focused element as a keyboard-only user types them: text, and
    /// `fantoccini::key::Key` characters for the other keys. A modifier (Alt, Control, Shift)
    /// stays down until the end of `keys`, so `"\u{E00A}\u{E015}"` is Alt+ArrowDown.
    pub fn press(&self, keys: &str) {
        let focused = self
            .block_on(self.client().active_element())
            .unwrap_or_else(|e| self.fail(&format!("no element has the focus: {e}")));
        if let Err(e) = self.block_on(focused.send_keys(keys)) {
            self.fail(&format!(
                "could not send {keys:?} to the focused element: {e}"
            ));
        }
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub fn choose(&self, css: &str, value: &str) {
        self.click(&format!("{css} option[value=\"{value}\"]"));
        self.wait_until(&format!("`{css}` to take the value {value:?}"), |app| {
            let el = app.find(css)?;
            let now = app.block_on(el.prop("value")).ok().flatten()?;
            (now == value).then_some(())
        });
    }

    /// Saves a PNG of the window to `artifacts/e2e/<name>.png` once the page has painted.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        self.wait_for_paint();
        let png = self
            .block_on(self.client().screenshot())
            .unwrap_or_else(|e| panic!("screenshot {name} failed: {e}"));
        assert!(
            png.starts_with(b"\x89PNG"),
            "screenshot {name} is not a PNG"
        );
        let path = paths::artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /* ---------- plumbing ---------- */

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .unwrap_or_else(|| panic!("the WebDriver session is not open"))
    }

    /// Runs one WebDriver exchange. A webview that never answers fails the test after
    /// [`COMMAND_WAIT`] rather than holding the whole run until the machine's limit.
    fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.block_on_for(COMMAND_WAIT, future).unwrap_or_else(|| {
            self.fail(&format!(
                "the webview did not answer a WebDriver command within {COMMAND_WAIT:?}"
            ))
        })
    }

    /// Runs `future` for at most `limit`; None if it took longer.
    fn block_on_for<F: Future>(&self, limit: Duration, future: F) -> Option<F::Output> {
        self.rt
            .block_on(async { tokio::time::timeout(limit, future).await })
            .ok()
    }

    /// Calls `probe` until it returns something or [`WAIT`] has passed.
    fn poll<T>(&self, mut probe: impl FnMut(&App) -> Option<T>) -> Option<T> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(found) = probe(self) {
                return Some(found);
            }
            if Instant::now() >= deadline {
                return None;
            }
            sleep(POLL);
        }
    }

    /// Waits for two animation frames, so a screenshot shows the latest state of the page.
    fn wait_for_paint(&self) {
        let script = "const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let frames = self.client().execute_async(script, vec![]);
        let _ = self.block_on_for(Duration::from_secs(5), frames);
    }

    /// Fails the test with `message`, after saving a screenshot of the window.
    fn fail(&self, message: &str) -> ! {
        let name = format!("failure-{}", paths::program_name());
        let shot = self
            .client
            .as_ref()
            .and_then(|client| self.block_on_for(Duration::from_secs(5), client.screenshot()));
        let saved = match shot {
            Some(Ok(png)) => {
                let path = paths::artifacts_dir().join(format!("{name}.png"));
                std::fs::write(&path, png).ok().map(|()| path)
            }
            _ => None,
        };
        match saved {
            Some(path) => panic!("{message} (window at that moment: {})", path.display()),
            None => panic!("{message}"),
        }
    }

    /// Waits until WebKitWebDriver listens on `native_port` and `tauri-driver` on `port`
    /// answers `/status` (forwarded to WebKitWebDriver).
    fn wait_for_driver(&mut self, port: u16, native_port: u16) {
        let deadline = Instant::now() + START_WAIT;
        while !(TcpStream::connect(("127.0.0.1", native_port)).is_ok() && driver_ready(port)) {
            if let Some(Ok(Some(status))) = self.driver.as_mut().map(Child::try_wait) {
                panic!(
                    "tauri-driver exited ({status}); see {}",
                    log_path().display()
                );
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver is not ready on port {port} after {START_WAIT:?}; see {}",
                log_path().display()
            );
            sleep(POLL);
        }
    }

    /// Closes the session, waits for the app to exit and stops `tauri-driver`.
    /// Returns what went wrong; ends leftovers by their id.
    fn shutdown(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let driver_pid = self.driver.as_ref().map(Child::id);
        let app_tree = driver_pid
            .map(|pid| procs::subtrees_named(pid, &self.app_name))
            .unwrap_or_default();
        if let Some(client) = self.client.take() {
            match self.block_on_for(QUIT_WAIT, client.close()) {
                Some(Ok(())) => {}
                Some(Err(e)) => problems.push(format!("closing the session failed: {e}")),
                None => problems.push(format!("closing the session took more than {QUIT_WAIT:?}")),
            }
        }
        if !procs::wait_gone(&app_tree, QUIT_WAIT) {
            problems.push(format!(
                "the app or its web processes still ran {QUIT_WAIT:?} after the session closed"
            ));
            app_tree.iter().copied().for_each(procs::terminate);
            procs::wait_gone(&app_tree, QUIT_WAIT);
        }
        if let Some(mut driver) = self.driver.take() {
            procs::terminate(driver.id());
            if !wait_exit(&mut driver, QUIT_WAIT) {
                problems.push(format!(
                    "tauri-driver did not stop within {QUIT_WAIT:?} of SIGTERM"
                ));
            }
        }
        problems
    }
}

impl Drop for App {
    fn drop(&mut self) {
        for problem in self.shutdown() {
            eprintln!("while closing the app: {problem}");
        }
    }
}

/// Runs the `gcm-review` command line on the data folder `data` with `env` set; fails the test
/// with its one-line reason if it fails, else returns what it printed, trimmed.
pub fn cli_with_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(paths::cli_binary())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("running gcm-review: {e}"));
    assert!(
        out.status.success(),
        "gcm-review {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs the `gcm-review` command line on the data folder `data` (see [`cli_with_env`]).
pub fn cli(data: &Path, args: &[&str]) -> String {
    cli_with_env(data, args, &[])
}

/// The CSS selector of a review field.
pub fn field(path: &str) -> String {
    format!("[data-field=\"{path}\"]")
}

/// Opens a WebDriver session on `tauri-driver`, which launches `app`.
async fn connect(port: u16, app: &Path) -> Client {
    let capabilities = json!({
        "browserName": "wry",
        "tauri:options": { "application": app },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object literal")
    };
    let mut builder = ClientBuilder::rustls()
        .unwrap_or_else(|e| panic!("cannot set up the WebDriver client: {e}"));
    builder.capabilities(capabilities);
    let url = format!("http://127.0.0.1:{port}");
    match tokio::time::timeout(START_WAIT, builder.connect(&url)).await {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => panic!(
            "could not launch {} through tauri-driver: {e}; see {}",
            app.display(),
            log_path().display()
        ),
        Err(_) => panic!(
            "launching {} took more than {START_WAIT:?}; see {}",
            app.display(),
            log_path().display()
        ),
    }
}

/// The environment of `tauri-driver`, inherited by WebKitWebDriver and the app: the store in
/// `data_dir`, the webview's own storage in a folder beside it (never the user's profile, and
/// the same again after a restart), and an English locale. Creates the storage folders.
fn app_environment(data_dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let profile = data_dir.join("webview-profile");
    let folders = [
        ("XDG_DATA_HOME", profile.join("data")),
        ("XDG_CACHE_HOME", profile.join("cache")),
        ("XDG_CONFIG_HOME", profile.join("config")),
    ];
    for (_, folder) in &folders {
        std::fs::create_dir_all(folder)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", folder.display()));
    }
    let mut env = vec![
        ("GCM_REVIEW_DATA_DIR", data_dir.to_path_buf()),
        ("LC_ALL", PathBuf::from("C.UTF-8")),
    ];
    env.extend(folders);
    env
}

/// True when the WebDriver server on `port` answers `GET /status` with 200.
fn driver_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut response = Vec::new();
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_end(&mut response).is_ok()
        && response.starts_with(b"HTTP/1.1 200")
}

/// Two distinct TCP ports that were free a moment ago.
fn free_ports() -> [u16; 2] {
    let bind = || {
        TcpListener::bind(("127.0.0.1", 0))
            .unwrap_or_else(|e| panic!("cannot find a free port: {e}"))
    };
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| {
        l.local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    [port(&a), port(&b)]
}

/// `artifacts/e2e/<test program>.log`: the output of `tauri-driver` and the app.
fn log_path() -> PathBuf {
    paths::artifacts_dir().join(format!("{}.log", paths::program_name()))
}

/// Opens the log: emptied at the first start in this test program, appended to afterwards.
fn driver_log() -> File {
    static FIRST: OnceLock<()> = OnceLock::new();
    let fresh = FIRST.set(()).is_ok();
    let path = log_path();
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(!fresh)
        .truncate(fresh)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let _ = writeln!(file, "==== app start");
    file
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Waits for `child` to exit; false if it still runs after `limit`.
fn wait_exit(child: &mut Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= deadline => return false,
            Ok(None) => sleep(POLL),
        }
    }
}
