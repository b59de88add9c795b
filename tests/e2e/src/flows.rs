//! The steps a user repeats across tests: create a review, open one, move around the editor.

use serde_json::Value;

use crate::App;

/// What the user chooses in the New review dialog.
#[derive(Debug, Clone, Copy)]
pub struct NewReview<'a> {
    /// What they type into the Member State search.
    pub search: &'a str,
    /// The Member State they then pick (ISO 3166-1 alpha-3).
    pub member_state: &'a str,
    /// The language of the review.
    pub language: &'a str,
}

impl NewReview<'static> {
    /// Kenya, typed as "Ken", written in English.
    pub const KENYA: NewReview<'static> = NewReview {
        search: "Ken",
        member_state: "KEN",
        language: "en",
    };
}

/// A row of the Home list (reviews or trash).
pub const ROW: &str = ".review-row[data-review-id]";
/// Shown only in the editor.
const EDITOR: &str = "#save-state";
/// The first field of the section the editor shows.
pub const EDITOR_FIELD: &str = "#main-pane [data-field]";

/// The first-run guide's dialog.
pub const GUIDE: &str = "#first-run-guide";

impl App {
    /// Waits until the app has booted (Home, or the page saying why it cannot start); if the
    /// first-run guide opened (it opens before Home renders), skips it and waits until it is gone.
    pub fn skip_first_run_guide(&self) {
        self.wait_for("#home, .fatal");
        self.skip_guide_if_open();
    }

    /// Skips the first-run guide if it is open now: after Home rendered (a restored store may
    /// never have seen it), the guide is either there already or will not open.
    pub fn skip_guide_if_open(&self) {
        if self.find(GUIDE).is_some() {
            self.click("#guide-skip");
            self.wait_gone(GUIDE);
        }
    }

    /// Waits for Home, then creates a review through the New review dialog (keeping the
    /// proposed cycle) and waits for its editor.
    pub fn create_review(&self, review: NewReview<'_>) {
        self.create_review_in_cycle(review, None);
    }

    /// Like [`App::create_review`]; with `Some(cycle)`, the proposed cycle is emptied and
    /// `cycle` typed in its place.
    pub fn create_review_in_cycle(&self, review: NewReview<'_>, cycle: Option<&str>) {
        self.wait_for("#home");
        self.click("#new-review");
        self.wait_for("#new-review-dialog");
        self.type_text("#member-state-search", review.search);
        self.choose("#member-state", review.member_state);
        self.choose("#review-language", review.language);
        if let Some(cycle) = cycle {
            self.clear_text("#cycle");
            self.type_text("#cycle", cycle);
        }
        self.click("#create-review");
        self.wait_gone("#new-review-dialog");
        self.wait_editor_or_open_row();
    }

    /// Waits for the editor; if Home is shown instead, opens its first review.
    fn wait_editor_or_open_row(&self) {
        let open = format!("{ROW} [data-action=\"open\"]");
        let editor_shown = self.wait_until("the editor or the new review's row", |app| {
            if app.find(EDITOR).is_some() {
                Some(true)
            } else {
                app.find(&open).map(|_| false)
            }
        });
        if !editor_shown {
            self.click(&open);
        }
        self.wait_editor();
    }

    /// Opens review `id` from Home (the first row when `id` is None) and waits for its editor.
    pub fn open_review(&self, id: Option<&str>) {
        let row = id.map_or_else(
            || ROW.to_string(),
            |id| format!("[data-review-id=\"{id}\"]"),
        );
        self.click(&format!("{row} [data-action=\"open\"]"));
        self.wait_editor();
    }

    /// Waits until the editor shows the fields of a section.
    pub fn wait_editor(&self) {
        self.wait_for(EDITOR);
        self.wait_for(EDITOR_FIELD);
    }

    /// The ids of the reviews Home lists now, in the order shown.
    pub fn review_ids(&self) -> Vec<String> {
        self.attrs(ROW, "data-review-id")
    }

    /// Waits until Home lists exactly `count` reviews; returns their ids in the order shown.
    pub fn wait_review_ids(&self, count: usize) -> Vec<String> {
        self.wait_until(&format!("Home to list {count} reviews"), |app| {
            Some(app.review_ids()).filter(|ids| ids.len() == count)
        })
    }

    /// Shows a part of the review from the navigation pane (`methodology`, `objectives.7`).
    pub fn go_to(&self, nav: &str) {
        self.click(&format!("[data-nav=\"{nav}\"]"));
        self.wait_for(&format!("[data-nav=\"{nav}\"][aria-current=\"true\"]"));
    }

    /// Leaves the editor for Home (pending edits are saved first).
    pub fn back_home(&self) {
        self.click("#back-home");
        self.wait_for("#home");
    }
}

/// The environment variable that replaces the native file dialogs by a folder: saves go there
/// under the suggested name, opens read its files.
pub const AUTOMATION_DIR: &str = "GCM_REVIEW_AUTOMATION_DIR";

impl App {
    /// Empties the text input matching `css`.
    pub fn clear_text(&self, css: &str) {
        let el = self.wait_for(css);
        if let Err(e) = self.block_on(el.clear()) {
            self.fail(&format!("could not empty `{css}`: {e}"));
        }
    }

    /// Opens Settings from the header and waits for it.
    pub fn open_settings(&self) {
        self.click("#open-settings");
        self.wait_for("#settings-panel");
    }

    /// Closes Settings with its close button.
    pub fn close_settings(&self) {
        self.click("#settings-close");
        self.wait_gone("#settings-panel");
    }
}

impl App {
    /// Runs `script` in the page (as a function body; `args` are `arguments[0]`, ...) and
    /// returns what it returns. For reading state: actions go through clicks and keystrokes.
    pub fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.block_on(self.client().execute(script, args))
            .unwrap_or_else(|e| self.fail(&format!("the page script failed: {e}")))
    }

    /// Like [`App::script`] for a script that finishes later: it calls its last argument with
    /// the result. Fails if that takes longer than a minute.
    pub fn script_async(&self, script: &str, args: Vec<Value>) -> Value {
        let run = self.client().execute_async(script, args);
        match self.block_on_for(std::time::Duration::from_secs(60), run) {
            Some(Ok(value)) => value,
            Some(Err(e)) => self.fail(&format!("the page script failed: {e}")),
            None => self.fail("the page script did not finish within a minute"),
        }
    }
}
