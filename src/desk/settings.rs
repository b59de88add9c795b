//! Settings the user makes once: the language of the interface (the system's on first start),
//! the address packages are emailed to, spell checking, and the data folder.

use std::path::PathBuf;

use super::{Desk, DeskError};
use crate::package::{valid_address, SECRETARIAT};

/// The setting that holds the secretariat's address.
const SECRETARIAT_SETTING: &str = "secretariat";

/// The environment variable that selects the data folder.
pub const DATA_DIR_ENV: &str = "GCM_REVIEW_DATA_DIR";

/// The setting that holds the UI language.
const UI_LANGUAGE: &str = "ui_language";

/// The setting that turns spell checking of answers off (`off`) or on (anything else).
const SPELLCHECK: &str = "spellcheck";

/// The languages the UI is translated into.
pub const UI_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The UI language a locale asks for, if the UI is translated into it: the primary language
/// subtag of a BCP 47 tag or a POSIX locale (`es-ES`, `zh-Hans-CN`, `ar_EG.UTF-8` give `es`,
/// `zh`, `ar`); `C`, `POSIX` and untranslated languages give None.
pub fn ui_language_of_locale(locale: &str) -> Option<&'static str> {
    let primary = locale
        .trim()
        .split(['-', '_', '.', '@'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    UI_LANGUAGES.into_iter().find(|code| *code == primary)
}

/// The spelling dictionaries (hunspell names) that check answers in a review's language: the
/// six UN languages but Chinese, which needs none; another code gives none.
pub fn spelling_dictionaries(language: &str) -> &'static [&'static str] {
    match language {
        "en" => &["en_US"],
        "fr" => &["fr_FR"],
        "es" => &["es_ES"],
        "ru" => &["ru_RU"],
        "ar" => &["ar"],
        _ => &[],
    }
}

/// The data folder: `explicit`, else `GCM_REVIEW_DATA_DIR`, else the user's data folder.
pub fn data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, DeskError> {
    if let Some(dir) = explicit {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("int", "UN Network on Migration", "GCM Review Desk")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(DeskError::NoDataDir)
}

impl Desk {
    /// The UI language: the stored choice, else the language of `fallback` (the system locale,
    /// as `es-ES`, `zh-Hans-CN` or `ar_EG.UTF-8`) if translated, else English.
    pub fn ui_language(&self, fallback: &str) -> Result<String, DeskError> {
        let stored = self.store.setting(UI_LANGUAGE)?;
        let wanted = match stored.as_deref() {
            Some(code) if UI_LANGUAGES.contains(&code) => Some(code),
            Some(_) => None,
            None => ui_language_of_locale(fallback),
        };
        Ok(wanted.unwrap_or("en").to_string())
    }

    /// Remembers the UI language.
    pub fn set_ui_language(&mut self, language: &str) -> Result<(), DeskError> {
        if !UI_LANGUAGES.contains(&language) {
            return Err(DeskError::UnknownLanguage(
                language.to_string(),
                UI_LANGUAGES.join(", "),
            ));
        }
        Ok(self.store.set_setting(UI_LANGUAGE, language)?)
    }

    /// The address packages are emailed to: the one set in Settings, else the secretariat's.
    pub fn secretariat(&self) -> Result<String, DeskError> {
        Ok(self
            .store
            .setting(SECRETARIAT_SETTING)?
            .unwrap_or_else(|| SECRETARIAT.to_string()))
    }

    /// Sets the address packages are emailed to (empty: back to the secretariat's).
    pub fn set_secretariat(&mut self, address: &str) -> Result<String, DeskError> {
        let address = address.trim();
        let address = if address.is_empty() {
            SECRETARIAT
        } else {
            address
        };
        if !valid_address(address) {
            return Err(DeskError::BadAddress(address.to_string()));
        }
        self.store.set_setting(SECRETARIAT_SETTING, address)?;
        Ok(address.to_string())
    }

    /// Whether answers are spell-checked in the review's language: on unless turned off.
    pub fn spellcheck(&self) -> Result<bool, DeskError> {
        Ok(self.store.setting(SPELLCHECK)?.as_deref() != Some("off"))
    }

    /// Turns spell checking of answers on or off.
    pub fn set_spellcheck(&mut self, on: bool) -> Result<(), DeskError> {
        Ok(self
            .store
            .set_setting(SPELLCHECK, if on { "on" } else { "off" })?)
    }
}

#[cfg(test)]
mod tests {
    use super::ui_language_of_locale;

    #[test]
    fn system_locales_give_their_ui_language() {
        let cases = [
            ("es-ES", Some("es")),
            ("zh-Hans-CN", Some("zh")),
            ("zh_TW.UTF-8", Some("zh")),
            ("ar_EG.UTF-8", Some("ar")),
            ("FR-ca", Some("fr")),
            ("ru", Some("ru")),
            ("sr@latin", None),
            ("de-DE", None),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("", None),
        ];
        for (locale, expected) in cases {
            assert_eq!(ui_language_of_locale(locale), expected, "{locale:?}");
        }
    }
}
