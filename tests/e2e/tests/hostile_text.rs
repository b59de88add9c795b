//! Hostile text typed into a review shows as inert text: script-injection, bidi-override,
//! invisible-character and homoglyph payloads typed into a richtext (a paragraph each), a text field, a table
//! cell, a History milestone and the cycle of the New review dialog run no script, create no
//! element, trigger no navigation, and read back exactly as typed, both while typing and after
//! a restart (when the stored text is rendered again). The content security policy blocks an
//! inline script injected into the page.

use gcm_review_e2e::hostile::{assert_clean, assert_unchanged, page_state, PAYLOADS};
use gcm_review_e2e::sources::message;
use gcm_review_e2e::{App, NewReview};
use serde_json::{json, Value};

/// Repeated into one very long payload without spaces.
const LONG_UNIT: &str = "<img src=x onerror=window.__pwned=1>";
const LONG_REPEAT: usize = 25;

/// The cycle typed into the New review dialog, shown in the editor's title and on Home.
const CYCLE: &str = "IMRF 2026 <svg onload=window.__pwned=1> {state} $& \
    \u{2067}\u{062F}\u{0648}\u{0631}\u{0629}\u{2069} K\u{0435}ny\u{0430}\u{202E}";
/// The milestone label, shown as a badge in History (the input takes 120 UTF-16 units).
const MILESTONE: &str = "<img src=x onerror=window.__pwned=1>\u{202E}fdp.exe {label} $' \
    \u{FF1C}script\u{FF1E} [x](javascript:alert(1))";

const RICHTEXT: &str = "methodology.process";
const TEXT: &str = "cover.lead_entity";
const TABLE: &str = "annexes.stakeholders";
/// The name cell of the table's first row.
const CELL: &str = "[data-field=\"annexes.stakeholders\"][data-row=\"0\"][data-column=\"name\"]";
const BADGE: &str = "#history-panel .badges .badge";

/// The `textContent` of every element matching `arguments[0]`.
const TEXTS: &str =
    "return [...document.querySelectorAll(arguments[0])].map((el) => el.textContent);";
/// The `value` of the element matching `arguments[0]`.
const VALUE: &str = "return document.querySelector(arguments[0])?.value ?? null;";

/// Injects an inline script and tries `eval`; says what ran, what threw and what was reported.
const CSP_PROBE: &str = r#"
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__csp = 1';
    document.head.append(script);
    let evalThrew = false;
    try { eval('window.__eval = 1'); } catch (e) { evalThrew = String(e); }
    script.remove();
    return {
      inlineRan: typeof window.__csp !== 'undefined',
      evalRan: typeof window.__eval !== 'undefined',
      evalThrew,
      meta: document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content ?? null,
    };
"#;
const CSP_VIOLATIONS: &str = "return window.__cspViolations ?? [];";

/// The text typed into each field.
struct Typed {
    richtext: String,
    text: String,
    cell: String,
}

impl Typed {
    /// Each payload typed once: every third one on its own line in the richtext, the others
    /// in the text field (with the long payload) and the table cell, separated by spaces.
    fn new() -> Typed {
        let share = |first: usize| PAYLOADS.iter().skip(first).step_by(3).copied();
        let long = LONG_UNIT.repeat(LONG_REPEAT);
        Typed {
            richtext: share(0).collect::<Vec<_>>().join("\n"),
            text: share(1)
                .chain([long.as_str()])
                .collect::<Vec<_>>()
                .join(" "),
            cell: share(2).collect::<Vec<_>>().join(" "),
        }
    }
}

/// `text` as WebDriver keystrokes: a line break is the Enter key (U+E007).
fn keys(text: &str) -> String {
    text.replace('\n', "\u{E007}")
}

#[test]
fn hostile_text() {
    check_payloads();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let typed = Typed::new();

    let app = App::start(data.path());
    app.wait_for("#home");
    assert_eq!(
        app.script("return typeof window.__TAURI__;", vec![]),
        json!("object"),
        "page scripts run beside the page's own globals"
    );
    let clean = page_state(&app);
    assert_clean(&clean);

    app.create_review_in_cycle(NewReview::KENYA, Some(CYCLE));
    app.go_to("methodology");
    app.type_into(RICHTEXT, &keys(&typed.richtext));
    app.go_to("cover");
    app.type_into(TEXT, &typed.text);
    app.go_to("annexes");
    app.click(&format!("[data-field=\"{TABLE}\"] .add-row"));
    app.type_text(CELL, &typed.cell);
    app.wait_saved();
    add_milestone(&app);
    assert_unchanged(&app, &clean, "after typing");
    check_editor(&app, &typed);
    app.back_home();
    check_home(&app, &clean);
    app.quit();

    let app = App::start(data.path());
    check_home(&app, &clean);
    app.open_review(None);
    check_editor(&app, &typed);
    check_revision_view(&app, &typed);
    assert_unchanged(&app, &clean, "after the restart");
    app.go_to("methodology");
    open_history(&app);
    app.screenshot("hostile");
    check_csp(&app);
    app.quit();
}

/// At least 50 payloads, none of which the keyboard would type as something else, and a
/// milestone the input takes whole.
fn check_payloads() {
    assert!(PAYLOADS.len() >= 50, "{} payloads", PAYLOADS.len());
    let typable = |text: &str| {
        text.chars().all(|c| {
            !c.is_control() && !matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{FE50}'..='\u{FE8F}')
        })
    };
    for payload in PAYLOADS.iter().chain([&CYCLE, &MILESTONE]) {
        assert!(typable(payload), "{payload:?} holds a key, not text");
    }
    assert!(
        MILESTONE.encode_utf16().count() <= 120,
        "the milestone fits"
    );
    assert_eq!(CYCLE.trim(), CYCLE, "the core trims the cycle");
    assert_eq!(MILESTONE.trim(), MILESTONE, "the core trims milestones");
}

/// Marks the current revision with [`MILESTONE`] and waits for its badge.
fn add_milestone(app: &App) {
    open_history(app);
    app.type_text("#milestone-label", MILESTONE);
    assert_eq!(
        app.script(VALUE, vec![json!("#milestone-label")]),
        json!(MILESTONE),
        "the milestone input holds the label"
    );
    app.click("#add-milestone");
    app.wait_for(BADGE);
    assert_eq!(texts(app, BADGE), [MILESTONE], "the milestone badge");
    app.click("#open-history");
    app.wait_gone("#history-panel");
}

/// Every field holds its text exactly, and the cycle shows as text in the title.
fn check_editor(app: &App, typed: &Typed) {
    let title = message(
        "en",
        "editor.title",
        &[("state", "Kenya"), ("cycle", CYCLE)],
    );
    assert_eq!(texts(app, ".review-title"), [title.as_str()], "the title");
    app.go_to("cover");
    assert_eq!(app.field_value("cover.cycle"), CYCLE, "the cycle field");
    assert_eq!(app.field_value(TEXT), typed.text, "the text field {TEXT}");
    app.go_to("methodology");
    assert_eq!(
        app.field_text(RICHTEXT),
        typed.richtext,
        "the richtext {RICHTEXT}, a paragraph a line"
    );
    app.go_to("annexes");
    assert_eq!(
        app.script(VALUE, vec![json!(CELL)]),
        json!(typed.cell),
        "the name cell of {TABLE}"
    );
}

/// Home shows the cycle as text, and nothing on it ran or navigated.
fn check_home(app: &App, clean: &Value) {
    app.wait_review_ids(1);
    assert_eq!(
        texts(app, ".review-meta [dir=\"auto\"]"),
        [CYCLE],
        "the cycle on Home"
    );
    assert_unchanged(app, clean, "on Home");
}

/// Opens the History panel and waits until it has loaded its list (loading it renders the
/// panel again, which takes the focus out of the milestone input).
fn open_history(app: &App) {
    app.click("#open-history");
    app.wait_for("#history-panel [data-revision]");
}

/// The newest revision, viewed read-only in History, shows the stored text as text: the
/// richtext, the text field and the table cell, and the milestone badge in the list.
fn check_revision_view(app: &App, typed: &Typed) {
    app.go_to("methodology");
    let stored = app.field_value(RICHTEXT);
    open_history(app);
    assert_eq!(
        texts(app, BADGE),
        [MILESTONE],
        "the milestone badge after the restart"
    );
    app.click("#history-panel .revisions > li:first-child [data-action=\"view\"]");
    app.wait_for("#revision-view");
    let shown = texts(app, "#revision-view .ro-text");
    // The revision view shows the stored Markdown of the richtext as text (read back into the
    // editor, it is the typed text again: `check_editor`).
    for (what, text) in [("richtext", &stored), ("text field", &typed.text)] {
        assert!(
            shown.contains(text),
            "the revision view shows the {what} as typed"
        );
    }
    assert!(
        texts(app, "#revision-view .ro-table td").contains(&typed.cell),
        "the revision view shows the table cell as typed"
    );
    app.click("#open-history");
    app.wait_gone("#history-panel");
}

/// An inline script added to the page does not run, and `eval` is refused: the policy (sent
/// as a header) has `script-src 'self'` without `'unsafe-inline'` or `'unsafe-eval'`.
fn check_csp(app: &App) {
    let probe = app.script(CSP_PROBE, vec![]);
    assert_eq!(
        probe["inlineRan"],
        json!(false),
        "inline script ran: {probe}"
    );
    assert_eq!(probe["evalRan"], json!(false), "eval ran: {probe}");
    assert!(
        probe["evalThrew"].is_string(),
        "eval did not throw: {probe}"
    );
    let violations = app.wait_until("the page to report the blocked inline script", |app| {
        let reported = app.script(CSP_VIOLATIONS, vec![]);
        reported
            .as_array()
            .is_some_and(|all| !all.is_empty())
            .then_some(reported)
    });
    assert!(
        violations
            .as_array()
            .into_iter()
            .flatten()
            .all(|directive| directive
                .as_str()
                .is_some_and(|d| d.starts_with("script-src"))),
        "the violations reported: {violations}"
    );
}

/// The `textContent` of every element matching `css`.
fn texts(app: &App, css: &str) -> Vec<String> {
    let found = app.script(TEXTS, vec![json!(css)]);
    found
        .as_array()
        .into_iter()
        .flatten()
        .map(|text| text.as_str().unwrap_or_default().to_string())
        .collect()
}
