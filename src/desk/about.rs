//! What Help → About shows and the first-run guide remembers: the version every face reports,
//! the licences of what the app is made of, and whether this store's user has seen the guide.

use serde::Serialize;

use super::{Desk, DeskError};

/// The version of the app, the command line and the installers: the workspace's one version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a package's signed manifest names as the app that made it: the name and [`VERSION`].
pub const GENERATOR: &str = concat!("GCM Review Desk ", env!("CARGO_PKG_VERSION"));

/// The setting that says the first-run guide was seen (`"1"`), or skipped, which is the same.
const GUIDE_SEEN: &str = "first_run_guide_seen";

/// A part of the app and the licence it comes under.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Licence {
    /// What it is ("GCM Review Desk", "Noto fonts", ...).
    pub component: &'static str,
    /// Its SPDX licence expression.
    pub licence: &'static str,
    /// The licence's full text, where the app carries it.
    pub text: Option<&'static str>,
}

/// The licences of the app and of what it bundles: its own, the fonts it prints PDFs with (the
/// full text, which the fonts' licence asks to travel with them), the shell and the database.
pub fn licences() -> Vec<Licence> {
    vec![
        Licence {
            component: "GCM Review Desk",
            licence: env!("CARGO_PKG_LICENSE"),
            text: None,
        },
        Licence {
            component: "Noto Sans, Noto Naskh Arabic, Noto Sans CJK",
            licence: "OFL-1.1",
            text: Some(include_str!("../../assets/fonts/OFL.txt")),
        },
        Licence {
            component: "Tauri",
            licence: "Apache-2.0 OR MIT",
            text: None,
        },
        Licence {
            component: "SQLite",
            licence: "blessing",
            text: None,
        },
    ]
}

impl Desk {
    /// Whether the first-run guide was seen or skipped in this store.
    pub fn first_run_guide_seen(&self) -> Result<bool, DeskError> {
        Ok(self.store.setting(GUIDE_SEEN)?.as_deref() == Some("1"))
    }

    /// Remembers that the first-run guide was seen (`false`: show it again on the next start).
    pub fn set_first_run_guide_seen(&mut self, seen: bool) -> Result<(), DeskError> {
        Ok(self
            .store
            .set_setting(GUIDE_SEEN, if seen { "1" } else { "0" })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_is_unseen_in_a_new_store_and_seen_once_said() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(dir.path()).unwrap();
        assert!(!desk.first_run_guide_seen().unwrap());
        desk.set_first_run_guide_seen(true).unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        assert!(desk.first_run_guide_seen().unwrap(), "kept in the store");
    }

    #[test]
    fn the_fonts_licence_travels_with_the_app() {
        let fonts = licences()
            .into_iter()
            .find(|l| l.licence == "OFL-1.1")
            .unwrap();
        assert!(fonts
            .text
            .unwrap()
            .contains("SIL OPEN FONT LICENSE Version 1.1"));
    }
}
