//! The interface in each of the six UN languages, chosen from the header's language menu: the
//! page's language and direction follow (Arabic mirrors the whole window), no label overflows
//! its box, and answers typed in Arabic and in Chinese, mixed with Latin words and digits, are
//! saved as typed. The first start speaks the language of the system's locale.

use std::ffi::OsStr;

use gcm_review_e2e::sources::{message, section_title};
use gcm_review_e2e::{cli, App, NewReview};
use serde_json::Value;

const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];
const ARABIC_FIELD: &str = "methodology.process";
const ARABIC: &str = "عُقدت مشاورات مع 47 حكومة محلية ومع IOM وUNHCR في عام 2025.";
const CHINESE_FIELD: &str = "methodology.data_sources";
const CHINESE: &str = "数据来自 2024 年人口普查和 IOM DTM 报告。";

#[test]
fn six_languages() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    app.go_to("methodology");

    for lang in LANGUAGES {
        switch_to(&app, lang);
        check_direction(&app, lang);
        check_nothing_overflows(&app, lang);
        app.screenshot(&format!("editor-{lang}"));
        if lang == "ar" {
            type_and_save(&app, ARABIC_FIELD, ARABIC);
        }
        if lang == "zh" {
            type_and_save(&app, CHINESE_FIELD, CHINESE);
        }
    }

    app.back_home();
    let id = app
        .review_ids()
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("Home lists the review"));
    app.quit();

    let shown = cli(data.path(), &["show", &id, "--json"]);
    let document: Value = serde_json::from_str(&shown)
        .unwrap_or_else(|e| panic!("`gcm-review show --json` printed no JSON ({e}): {shown}"));
    let text = document.to_string();
    for answer in [ARABIC, CHINESE] {
        assert!(
            text.contains(answer),
            "the saved review holds {answer:?}: {shown}"
        );
    }
}

/// Without a stored choice, the interface takes the language of the system's locale, whatever
/// its form, and English when the UI is not translated into it.
#[test]
fn first_start_follows_the_system_locale() {
    for (locale, lang) in [
        ("zh_CN.UTF-8", "zh"),
        ("es_ES.UTF-8", "es"),
        ("ar_EG.UTF-8", "ar"),
        ("de_DE.UTF-8", "en"),
    ] {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
        let app = App::start_with_env(data.path(), &[("LC_ALL", OsStr::new(locale))]);
        app.wait_for("#home");
        app.wait_for(&format!("html[lang=\"{lang}\"]"));
        app.wait_text("#new-review", &message(lang, "home.new", &[]));
        app.quit();
    }
}

/// Chooses `lang` in the header's menu and waits until the interface speaks it.
fn switch_to(app: &App, lang: &str) {
    app.choose("#ui-language", lang);
    app.wait_for(&format!("html[lang=\"{lang}\"]"));
    app.wait_text("#open-history", &message(lang, "editor.history", &[]));
    app.wait_text(
        "[data-nav=\"methodology\"]",
        &section_title(lang, "methodology"),
    );
    let options = app.attrs("#ui-language option", "value");
    assert_eq!(
        options, LANGUAGES,
        "the language menu lists the six languages"
    );
}

/// Arabic is right to left, with the navigation on the right; the others left to right.
fn check_direction(app: &App, lang: &str) {
    let expected = if lang == "ar" { "rtl" } else { "ltr" };
    app.wait_for(&format!("html[dir=\"{expected}\"]"));
    let script = "const nav = document.getElementById('nav').getBoundingClientRect();
        const main = document.getElementById('main-pane').getBoundingClientRect();
        const back = document.getElementById('back-home').getBoundingClientRect();
        const help = document.getElementById('open-help').getBoundingClientRect();
        return [nav.left > main.left, back.left > help.left, getComputedStyle(document.querySelector('.back-arrow')).transform];";
    let found = app.script(script, vec![]);
    let mirrored = lang == "ar";
    assert_eq!(
        found[0],
        Value::Bool(mirrored),
        "{lang}: the navigation is on the {} of the main pane",
        if mirrored { "right" } else { "left" }
    );
    assert_eq!(
        found[1],
        Value::Bool(mirrored),
        "{lang}: Back to Home is at the {} of the header",
        if mirrored { "right" } else { "left" }
    );
    let arrow_flipped = found[2]
        .as_str()
        .is_some_and(|t| t.starts_with("matrix(-1"));
    assert_eq!(
        arrow_flipped, mirrored,
        "{lang}: the back arrow points the way of reading back ({:?})",
        found[2]
    );
}

/// No button, label or navigation entry cuts its text off.
fn check_nothing_overflows(app: &App, lang: &str) {
    let script =
        "return [...document.querySelectorAll('button, label, .nav-item, h1, h2, .field-label')]
        .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.id || el.className || el.tagName);";
    let overflowing = app.script(script, vec![]);
    assert_eq!(
        overflowing,
        Value::Array(vec![]),
        "{lang}: these elements cut their text off"
    );
}

/// Types `text` into the field `path` and waits until it is saved and shown as typed.
fn type_and_save(app: &App, path: &str, text: &str) {
    app.type_into(path, text);
    app.wait_saved();
    app.wait_field_value(path, text);
}
