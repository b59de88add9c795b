//! App information, the template, settings.

use gcm_review::desk::{
    member_states, spelling_dictionaries, MemberState, Template, MIN_PASSPHRASE_CHARS,
    UI_LANGUAGES, VERSION,
};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::{DeskState, IpcError};

/// What the UI needs to start.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    data_dir: Option<String>,
    ui_language: String,
    ui_languages: &'static [&'static str],
    min_passphrase: usize,
    spellcheck: bool,
    guide_seen: bool,
    startup_error: Option<IpcError>,
}

/// The template and the States a review can be for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateData {
    template: &'static Template,
    member_states: &'static [MemberState],
}

/// Version, data folder, UI language (stored, else the system's), the rules the UI shows
/// (the UI languages, the fewest characters of a passphrase), whether answers are
/// spell-checked, whether the first-run guide was seen (a store that did not open shows no
/// guide), and any start-up failure.
#[tauri::command]
pub fn app_info(desk: State<'_, DeskState>) -> AppInfo {
    let system = sys_locale::get_locale().unwrap_or_default();
    let (data_dir, startup_error) = desk.status();
    AppInfo {
        version: VERSION,
        data_dir: data_dir.map(|d| d.display().to_string()),
        ui_language: desk
            .with(|d| d.ui_language(&system))
            .unwrap_or_else(|_| "en".into()),
        ui_languages: &UI_LANGUAGES,
        min_passphrase: MIN_PASSPHRASE_CHARS,
        spellcheck: desk.with(|d| d.spellcheck()).unwrap_or(true),
        guide_seen: desk.with(|d| d.first_run_guide_seen()).unwrap_or(true),
        startup_error,
    }
}

/// The bundled template and the Member States list.
#[tauri::command]
pub fn template_get() -> TemplateData {
    TemplateData {
        template: Template::builtin(),
        member_states: member_states(),
    }
}

/// Turns spell checking of answers on or off.
#[tauri::command]
pub fn settings_set_spellcheck(desk: State<'_, DeskState>, on: bool) -> Result<(), IpcError> {
    desk.with(|d| d.set_spellcheck(on))
}

/// Turns the webview's spell checker on or off (as Settings say), with the dictionary of the
/// language of the review being edited.
#[tauri::command]
pub fn spelling_apply<R: Runtime>(
    window: WebviewWindow<R>,
    desk: State<'_, DeskState>,
    language: String,
) -> Result<(), IpcError> {
    let on = desk.with(|d| d.spellcheck())?;
    crate::spelling::apply(&window, on, spelling_dictionaries(&language))
}

/// Remembers the UI language.
#[tauri::command]
pub fn settings_set_ui_language(
    desk: State<'_, DeskState>,
    language: String,
) -> Result<(), IpcError> {
    desk.with(|d| d.set_ui_language(&language))
}
