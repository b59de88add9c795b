//! The webview's spell checker. WebKitGTK leaves it off unless told, and checks against the
//! dictionaries named here (hunspell's, through enchant); other webviews check as the system does.

use tauri::{Runtime, WebviewWindow};

use crate::IpcError;

/// Turns spell checking on with `dictionaries`, or off.
#[cfg(target_os = "linux")]
pub fn apply<R: Runtime>(
    window: &WebviewWindow<R>,
    on: bool,
    dictionaries: &'static [&'static str],
) -> Result<(), IpcError> {
    use webkit2gtk::{WebContextExt, WebViewExt};
    window
        .with_webview(move |webview| {
            if let Some(context) = webview.inner().context() {
                context.set_spell_checking_languages(dictionaries);
                context.set_spell_checking_enabled(on && !dictionaries.is_empty());
            }
        })
        .map_err(|e| IpcError::internal(format!("cannot set the spell checker: {e}")))
}

/// Spell checking follows the `spellcheck` attribute alone on systems other than Linux.
#[cfg(not(target_os = "linux"))]
pub fn apply<R: Runtime>(
    _window: &WebviewWindow<R>,
    _on: bool,
    _dictionaries: &'static [&'static str],
) -> Result<(), IpcError> {
    Ok(())
}
