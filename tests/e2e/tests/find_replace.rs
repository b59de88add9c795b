//! Find and replace across the whole review: Ctrl+F opens it on the search box; matches are
//! counted per section and objective, accents and case ignored by default (French accents,
//! Arabic harakat), exactly when asked; Enter shows the next match in its field, the cursor
//! staying in the search box; Replace all changes every match as one save, one revision, and
//! the fields show the new text. Back on Home, a click on the review's name opens it. Spelling
//! is checked in the review's language, and the switch in Settings lasts.

use fantoccini::key::Key;
use gcm_review_e2e::{cli, field, App, NewReview};
use serde_json::Value;

const COVER: &str = "cover.lead_entity";
const PROCESS: &str = "methodology.process";
const MEASURES: &str = "objectives.7.measures";

fn keys(list: &[Key]) -> String {
    list.iter().map(|k| char::from(*k)).collect()
}

/// The number of revisions of the only review, and the review document (`show --json`: the
/// cover's fields under `cover`, the others under `answers`), read with the command line.
fn revisions_and_answers(data: &std::path::Path) -> (usize, Value) {
    let list: Value = serde_json::from_str(&cli(data, &["list", "--json"]))
        .unwrap_or_else(|e| panic!("list --json: {e}"));
    let id = list[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no review: {list}"))
        .to_string();
    let revision = list[0]["revision"]
        .as_u64()
        .unwrap_or_else(|| panic!("no revision: {list}"));
    let shown: Value = serde_json::from_str(&cli(data, &["show", &id, "--json"]))
        .unwrap_or_else(|e| panic!("show --json: {e}"));
    (revision as usize, shown)
}

/// Waits until the search reports `total` matches.
fn wait_total(app: &App, total: usize) {
    let want = total.to_string();
    app.wait_until(&format!("{total} matches"), |app| {
        (app.attrs("#find-status", "data-total").first() == Some(&want)).then_some(())
    });
}

/// The places listed with their counts, in order.
fn places(app: &App) -> Vec<(String, String)> {
    let names = app.attrs("#find-places li", "data-place");
    let counts = app.attrs("#find-places li", "data-count");
    names.into_iter().zip(counts).collect()
}

#[test]
fn find_replace() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    app.type_into(COVER, "Ministère de la Réforme");
    app.go_to("methodology");
    app.type_into(PROCESS, "La réforme de la loi. La reforme continue.");
    app.go_to("objectives.7");
    app.type_into(MEASURES, "Une RÉFORME nationale; الْهِجْرَة والهجرة.");
    app.wait_saved();

    // Ctrl+F from the answer: the panel opens on the search box.
    app.click(&field(MEASURES));
    app.press(&format!("{}f", keys(&[Key::Control])));
    app.wait_for("#find-text:focus");
    app.press("reforme");
    wait_total(&app, 4);
    assert_eq!(
        places(&app),
        [
            ("cover".to_string(), "1".to_string()),
            ("methodology".to_string(), "2".to_string()),
            ("objectives.7".to_string(), "1".to_string())
        ],
        "the matches per section and objective"
    );
    app.screenshot("find-replace");

    // Enter shows each match in turn in its field; the cursor stays in the search box.
    app.press(&keys(&[Key::Enter]));
    app.wait_for(&format!("{}.find-current", field(COVER)));
    app.press(&keys(&[Key::Enter]));
    app.wait_text(&format!("{} .find-hit", field(PROCESS)), "réforme");
    app.press(&keys(&[Key::Enter]));
    app.wait_text(&format!("{} .find-hit", field(PROCESS)), "reforme");
    app.press(&keys(&[Key::Enter]));
    app.wait_text(&format!("{} .find-hit", field(MEASURES)), "RÉFORME");
    app.wait_for("#find-text:focus");

    // Exact matching: only the unaccented lower-case one.
    app.click("#find-loose");
    wait_total(&app, 1);
    app.click("#find-loose");
    wait_total(&app, 4);

    // Arabic without harakat finds the word with them.
    app.clear_text("#find-text");
    app.type_text("#find-text", "الهجرة");
    wait_total(&app, 2);

    // Replace all: one save, one revision.
    app.clear_text("#find-text");
    app.type_text("#find-text", "reforme");
    wait_total(&app, 4);
    let (before, _) = revisions_and_answers(data.path());
    app.type_text("#find-with", "modernisation");
    app.click("#find-replace-all");
    wait_total(&app, 0);
    app.wait_saved();
    app.wait_field_value(MEASURES, "Une modernisation nationale; الْهِجْرَة والهجرة.");
    let (after, shown) = revisions_and_answers(data.path());
    assert_eq!(after, before + 1, "replace all is one revision");
    assert_eq!(
        shown["cover"]["lead_entity"],
        "Ministère de la modernisation"
    );
    let answers = &shown["answers"];
    assert_eq!(
        answers[PROCESS],
        "La modernisation de la loi. La modernisation continue."
    );
    assert_eq!(
        answers[MEASURES],
        "Une modernisation nationale; الْهِجْرَة والهجرة."
    );

    // On Home, a click on the review's name opens it.
    app.back_home();
    app.click(".review-row .review-name");
    app.wait_editor();

    // Spelling is checked in the review's language until Settings turn it off, which lasts.
    app.go_to("methodology");
    assert_eq!(
        spelling(&app),
        ("true".to_string(), "en".to_string()),
        "spelling on, in English"
    );
    app.click("#open-settings");
    app.click("#spellcheck-on");
    app.wait_until("spelling to be off in the answers", |app| {
        (spelling(app).0 == "false").then_some(())
    });
    app.click("#settings-done");
    app.quit();
    let app = App::start(data.path());
    app.open_review(None);
    app.go_to("methodology");
    assert_eq!(
        spelling(&app).0,
        "false",
        "spelling stays off after a restart"
    );
    app.quit();
}

/// The `spellcheck` and `lang` of the first answer on screen.
fn spelling(app: &App) -> (String, String) {
    let css = field(PROCESS);
    let attr = |name: &str| app.attrs(&css, name).first().cloned().unwrap_or_default();
    (attr("spellcheck"), attr("lang"))
}
