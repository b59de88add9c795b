//! Everything with the keyboard alone: create a review, move to a field with the next-field
//! shortcut, fill it, open History with its shortcut, tab to an older revision and restore it,
//! then open Help with F1 and close it with Escape.
//! Every keystroke goes to the focused element; nothing is clicked.

use fantoccini::key::Key;
use gcm_review_e2e::{App, EDITOR_FIELD};
use serde_json::{json, Value};

const PATH: &str = "methodology.process";
const FIRST: &str = "Consultations were held with the 47 county governments.";
const MORE: &str = " Diaspora associations joined later.";
/// More presses of a key than a user would make to reach something before the test gives up.
const MAX_PRESSES: usize = 40;

#[test]
fn keyboard_only() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());

    // Home puts the focus on New review; the dialog opens on the Member State search.
    app.wait_for("#home");
    wait_focus_on(&app, "#new-review");
    app.press(&keys(&[Key::Enter]));
    wait_focus_on(&app, "#member-state-search");
    app.press("Ken");
    app.wait_until("Kenya to be picked", |app| {
        let picked = app.script(
            "return document.getElementById('member-state').value;",
            vec![],
        );
        (picked == "KEN").then_some(())
    });
    app.press(&keys(&[Key::Enter]));
    wait_focus_on(&app, "#cycle");
    app.press(&keys(&[Key::Enter]));
    app.wait_gone("#new-review-dialog");
    app.wait_for(EDITOR_FIELD);

    // Alt+ArrowDown goes from field to field, into the next section after the last one.
    let next_field = keys(&[Key::Alt, Key::Down]);
    press_until(&app, &next_field, &format!("[data-field=\"{PATH}\"]"));
    app.press(FIRST);
    app.wait_saved();
    app.press(MORE);
    app.wait_saved();
    app.wait_field_value(PATH, &format!("{FIRST}{MORE}"));

    // Ctrl+Shift+H opens History on its heading; Tab reaches the older revision's Restore.
    app.press(&format!("{}h", keys(&[Key::Control, Key::Shift])));
    app.wait_for("#history-panel [data-revision]");
    wait_focus_on(&app, "#history-panel-title");
    let restore = "#history-panel .revisions > li:nth-child(2) [data-action=\"restore\"]";
    app.wait_for(restore);
    press_until(&app, &keys(&[Key::Tab]), restore);
    let ring = app.script(
        "const style = getComputedStyle(document.activeElement);
         return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;",
        vec![],
    );
    assert_eq!(
        ring,
        Value::Bool(true),
        "the focused button shows a focus ring"
    );
    app.press(&keys(&[Key::Enter]));
    app.wait_for("#confirm-dialog");
    wait_focus_on(&app, "#confirm-ok");
    app.press(&keys(&[Key::Enter]));
    app.wait_gone("#confirm-dialog");
    app.wait_field_value(PATH, FIRST);
    app.wait_for("#history-panel .revisions > li:first-child .revision-kind");
    app.screenshot("keyboard-only-restored");

    // Escape closes History and gives the focus back to its button.
    app.press(&keys(&[Key::Escape]));
    app.wait_gone("#history-panel");
    wait_focus_on(&app, "#open-history");

    // F1 opens Help on its title; Escape closes it and the focus comes back.
    app.press(&keys(&[Key::F1]));
    app.wait_for("#help-dialog[open]");
    wait_focus_on(&app, "#help-title");
    app.wait_text("#shortcuts-review", "Alt");
    app.press(&keys(&[Key::Escape]));
    app.wait_gone("#help-dialog");
    wait_focus_on(&app, "#open-history");
    app.quit();
}

/// The keys as one string for `App::press`.
fn keys(list: &[Key]) -> String {
    list.iter().map(|&key| char::from(key)).collect()
}

/// True when the focused element matches `css`.
fn focus_matches(app: &App, css: &str) -> bool {
    let script = "return Boolean(document.activeElement?.matches(arguments[0]));";
    app.script(script, vec![json!(css)]) == Value::Bool(true)
}

/// Waits until the focused element matches `css`.
fn wait_focus_on(app: &App, css: &str) {
    app.wait_until(&format!("the focus on `{css}`"), |app| {
        focus_matches(app, css).then_some(())
    });
}

/// Presses `key` until the focus is on `css`, as a user tabbing along would.
fn press_until(app: &App, key: &str, css: &str) {
    for _ in 0..MAX_PRESSES {
        if focus_matches(app, css) {
            return;
        }
        app.press(key);
    }
    let focused = app.script(
        "const el = document.activeElement; return el ? el.outerHTML.slice(0, 200) : null;",
        vec![],
    );
    panic!(
        "{MAX_PRESSES} presses of {key:?} did not bring the focus to `{css}` (it is on {focused})"
    );
}
