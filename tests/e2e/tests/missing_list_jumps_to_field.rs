//! An entry of "What is missing" takes the user to the missing answer, cursor in the field.

use gcm_review_e2e::{App, NewReview};

const MISSING: &str = "cover.lead_entity";

#[test]
fn missing_list_jumps_to_field() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    app.go_to("methodology");

    app.click("#open-missing");
    app.click(&format!("[data-missing-path=\"{MISSING}\"]"));
    app.wait_for("[data-nav=\"cover\"][aria-current=\"true\"]");
    app.wait_focus(MISSING);
    app.quit();
}
