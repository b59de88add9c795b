//! What the UI should show, read from the files it is built from: the message catalogues
//! (`ui/i18n/<lang>.json`) and the Annex 1 template. Tests compare against these rather than
//! against copied strings, so a reworded message does not break them.

use std::path::Path;

use serde_json::Value;

use crate::paths::workspace_root;

/// The message `key` of catalogue `lang`, with `{name}` placeholders filled from `params`.
/// Plural messages take their `other` form.
pub fn message(lang: &str, key: &str, params: &[(&str, &str)]) -> String {
    let catalogue = read_json(
        &workspace_root()
            .join("ui/i18n")
            .join(format!("{lang}.json")),
    );
    let entry = &catalogue[key];
    let text = entry
        .as_str()
        .or_else(|| entry["other"].as_str())
        .unwrap_or_else(|| panic!("the {lang} catalogue has no message {key}"));
    params.iter().fold(text.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The bundled Annex 1 template (`assets/templates/imrf-annex1.json`).
pub fn template() -> Value {
    read_json(&workspace_root().join("assets/templates/imrf-annex1.json"))
}

/// The title of template section `id` in `lang`, as the navigation shows it ("1. Methodology ...").
pub fn section_title(lang: &str, id: &str) -> String {
    let template = template();
    let section = template["sections"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == id))
        .unwrap_or_else(|| panic!("the template has no section {id}"));
    let title = section["title"][lang]
        .as_str()
        .unwrap_or_else(|| panic!("section {id} has no {lang} title"));
    match section["number"].as_u64() {
        Some(number) => format!("{number}. {title}"),
        None => title.to_string(),
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
