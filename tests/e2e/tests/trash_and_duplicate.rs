//! Duplicating a review adds a second one; deleting it (after confirming) moves it to the
//! Trash, from which it is restored.

use fantoccini::key::Key;
use gcm_review_e2e::{App, NewReview};

#[test]
fn trash_and_duplicate() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    app.back_home();
    let original = app.wait_review_ids(1).remove(0);

    app.click(&row_action(&original, "duplicate"));
    let copy = app
        .wait_review_ids(2)
        .into_iter()
        .find(|id| *id != original)
        .unwrap_or_else(|| panic!("the copy has its own id"));
    // The list is settled once the copy's row has the focus (the last step of a duplicate):
    // a click before that could land on a row that is about to move.
    app.wait_until("the copy's row to have the focus", |app| {
        let focused = app.script(
            "return document.activeElement?.closest('[data-review-id]')?.dataset.reviewId ?? null",
            vec![],
        );
        (focused.as_str() == Some(copy.as_str())).then_some(())
    });

    // Delete the copy from the keyboard, as a keyboard user would: its Delete button has the
    // focus when Enter is pressed, so the key goes to that row whatever the pointer would hit.
    let delete = row_action(&copy, "delete");
    app.script(
        "document.querySelector(arguments[0]).focus()",
        vec![delete.clone().into()],
    );
    let focused = app.script(
        "return document.activeElement?.closest('[data-review-id]')?.dataset.reviewId ?? null",
        vec![],
    );
    assert_eq!(
        focused.as_str(),
        Some(copy.as_str()),
        "the copy's Delete has the focus"
    );
    app.press(&char::from(Key::Enter).to_string());
    app.wait_for("#confirm-dialog");
    app.click("#confirm-ok");
    assert_eq!(
        app.wait_review_ids(1),
        [original.as_str()],
        "the deleted review left the list"
    );

    app.click("#show-trash");
    assert_eq!(
        app.wait_review_ids(1),
        [copy.as_str()],
        "the Trash lists the deleted review"
    );
    app.screenshot("trash");
    app.click(&row_action(&copy, "restore"));
    app.wait_review_ids(0);

    app.click("#show-reviews");
    let mut ids = app.wait_review_ids(2);
    ids.sort();
    let mut expected = vec![original, copy];
    expected.sort();
    assert_eq!(ids, expected, "the restored review is back in the list");
    app.quit();
}

/// The button `action` (open, duplicate, delete, restore) of the row of review `id`.
fn row_action(id: &str, action: &str) -> String {
    format!("[data-review-id=\"{id}\"] [data-action=\"{action}\"]")
}
