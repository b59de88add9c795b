//! An automated accessibility audit with axe-core (installed by `npm ci` from the committed
//! package-lock.json; `make deps-test` runs it) of Home, the New review dialog, the editor, the
//! History, What is missing and Contributions panels, the comparison of two revisions, the Settings, Help,
//! Export PDF and package dialogs, and the document import with its placement view, in English
//! and in Arabic. Any violation of impact
//! serious or critical fails the test with the list of them; the lesser ones are printed.
//! At the end, the editor at twice the text size must still fit the window's width.

use fantoccini::key::Key;
use gcm_review_e2e::paths::workspace_root;
use gcm_review_e2e::{documents, App, NewReview, AUTOMATION_DIR};
use serde_json::Value;

/// WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmarks, headings).
const RUN: &str = "const done = arguments[arguments.length - 1];
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
    window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((result) => done(result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      }))))
      .catch((error) => done({ error: String(error) }));";

#[test]
fn accessibility_audit() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let files = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    documents::review_docx("en", &files.path().join("review-en.docx"));
    let app = App::start_with_env(data.path(), &[(AUTOMATION_DIR, files.path().as_os_str())]);
    let mut serious = Vec::new();
    app.create_review(NewReview::KENYA);
    app.go_to("methodology");
    app.type_into(
        "methodology.process",
        "Consultations with 47 county governments.",
    );
    app.wait_saved();

    for lang in ["en", "ar"] {
        app.choose("#ui-language", lang);
        app.wait_for(&format!("html[lang=\"{lang}\"]"));
        app.back_home();
        serious.extend(audit(&app, &format!("Home ({lang})")));
        app.screenshot(&format!("home-{lang}"));
        app.click("#new-review");
        app.wait_for("#new-review-dialog");
        app.type_text("#member-state-search", "Ken");
        serious.extend(audit(&app, &format!("the New review dialog ({lang})")));
        app.screenshot(&format!("new-review-{lang}"));
        app.click("#cancel-review");
        app.wait_gone("#new-review-dialog");
        app.click("#import-document");
        app.wait_for("#document-dialog");
        app.choose("#document-member-state", "KEN");
        serious.extend(audit(&app, &format!("the document import dialog ({lang})")));
        app.click("#document-choose");
        app.wait_for("#placement-dialog[open] [data-block]");
        serious.extend(audit(&app, &format!("the placement view ({lang})")));
        app.click("#placement-cancel");
        app.wait_gone("#placement-dialog");
        app.open_review(None);
        app.go_to("methodology");
        serious.extend(audit(&app, &format!("the editor ({lang})")));
        app.go_to("objectives.7");
        serious.extend(audit(&app, &format!("an objective ({lang})")));

        app.click("#open-history");
        app.wait_for("#history-panel [data-revision]");
        serious.extend(audit(&app, &format!("the History panel ({lang})")));
        app.click("#history-panel [data-action=\"compare\"]");
        app.wait_for("#compare-dialog .diff-field");
        serious.extend(audit(&app, &format!("the comparison ({lang})")));
        close_dialog(&app, "#compare-dialog");
        app.click("#open-history");
        app.wait_gone("#history-panel");

        app.click("#open-missing");
        app.wait_for("#missing-panel");
        serious.extend(audit(&app, &format!("the What is missing panel ({lang})")));
        app.click("#open-missing");
        app.wait_gone("#missing-panel");

        app.click("[data-comment-badge=\"objectives.7.measures\"]");
        app.wait_for("#comments-panel #comment-new");
        serious.extend(audit(&app, &format!("a field's comments ({lang})")));
        app.click("#comments-panel [data-action=\"comments-back\"]");
        app.wait_for("#comments-panel #comments-count");
        serious.extend(audit(&app, &format!("the Comments panel ({lang})")));
        app.click("#open-signoff");
        app.wait_for("#signoff-panel #signoff-summary");
        app.click("#signoff-from-contributors");
        app.wait_for("#signoff-from-contributors[aria-expanded=\"true\"]");
        app.wait_for("#signoff-candidates [data-candidates]");
        serious.extend(audit(&app, &format!("the Sign-off panel ({lang})")));
        app.click("#open-signoff");
        app.wait_gone("#signoff-panel");
        app.click("#open-contributions");
        app.wait_for("#contributions-panel .entity-area .empty");
        serious.extend(audit(&app, &format!("the Contributions panel ({lang})")));
        app.click("#open-contributions");
        app.wait_gone("#contributions-panel");

        for (button, dialog) in [
            ("#export-pdf", "#pdf-dialog"),
            ("#export-package", "#export-dialog"),
        ] {
            app.click(button);
            app.wait_for(dialog);
            serious.extend(audit(&app, &format!("{dialog} ({lang})")));
            close_dialog(&app, dialog);
        }

        app.open_settings();
        serious.extend(audit(&app, &format!("the Settings dialog ({lang})")));
        app.close_settings();

        app.click("#open-help");
        app.wait_for("#help-dialog");
        serious.extend(audit(&app, &format!("the Help dialog ({lang})")));
        app.screenshot(&format!("help-{lang}"));
        app.click("#help-close");
        app.wait_gone("#help-dialog");
    }
    assert!(
        serious.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        serious.join("\n")
    );

    for lang in ["ar", "en"] {
        check_double_text_size(&app, lang);
    }
    app.quit();
}

/// Closes the modal dialog `css` with Escape, as a keyboard user does.
fn close_dialog(app: &App, css: &str) {
    app.wait_for(&format!("{css}[open]"));
    app.press(&char::from(Key::Escape).to_string());
    app.wait_gone(css);
}

/// Runs axe-core on the page as it is; returns the serious and critical violations, one line
/// each, and prints the others.
fn audit(app: &App, page: &str) -> Vec<String> {
    inject_axe(app);
    let found = app.script_async(RUN, vec![]);
    if let Some(error) = found.get("error") {
        panic!("axe-core failed on {page}: {error}");
    }
    let mut serious = Vec::new();
    for violation in found.as_array().into_iter().flatten() {
        let impact = violation["impact"].as_str().unwrap_or("unknown");
        let line = format!(
            "{page}: [{impact}] {} ({}): {}",
            violation["id"].as_str().unwrap_or_default(),
            violation["help"].as_str().unwrap_or_default(),
            violation["nodes"]
                .as_array()
                .map(|nodes| nodes
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" | "))
                .unwrap_or_default()
        );
        if matches!(impact, "serious" | "critical") {
            serious.push(line);
        } else {
            eprintln!("note: {line}");
        }
    }
    serious
}

/// Adds axe-core to the page once (a new page after a reload starts without it).
fn inject_axe(app: &App) {
    if app.script("return Boolean(window.axe);", vec![]) == Value::Bool(true) {
        return;
    }
    let path = workspace_root().join("node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): install it with `npm ci` (or `make deps-test`)",
            path.display()
        )
    });
    app.script(&format!("{source}\nreturn true;"), vec![]);
    assert_eq!(
        app.script("return typeof window.axe?.run;", vec![]),
        Value::String("function".into()),
        "axe-core is loaded into the page"
    );
}

/// With the text twice its size (as a user's zoom or font setting makes it), the editor's
/// header, navigation and fields still fit the window: no sideways scrolling, nothing cut off.
fn check_double_text_size(app: &App, lang: &str) {
    app.choose("#ui-language", lang);
    app.wait_for(&format!("html[lang=\"{lang}\"]"));
    app.go_to("methodology");
    app.script(
        "document.documentElement.style.fontSize = '200%'; return true;",
        vec![],
    );
    let wide = app.script(
        "return [document.documentElement.scrollWidth, window.innerWidth,
            [...document.querySelectorAll('.app-header button, .app-header label, .nav-item, .field-label')]
              .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
              .map((el) => el.id || el.className || el.tagName)];",
        vec![],
    );
    app.screenshot(&format!("editor-text-200-{lang}"));
    app.script(
        "document.documentElement.style.fontSize = ''; return true;",
        vec![],
    );
    let (page, window) = (wide[0].as_u64(), wide[1].as_u64());
    assert!(
        page <= window,
        "{lang}: at twice the text size the page is {page:?} px wide in a {window:?} px window"
    );
    assert_eq!(
        wide[2],
        Value::Array(vec![]),
        "{lang}: at twice the text size these elements cut their text off"
    );
}
