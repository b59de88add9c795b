//! The 193 UN Member States and 2 observer States, by UN short name.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Localized;

const MEMBER_STATES: &str = include_str!("../../assets/member-states.json");

/// A State that can submit a review.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberState {
    /// ISO 3166-1 alpha-3 code, what a review stores.
    pub iso3: String,
    /// UN short name, by language.
    pub name: Localized,
    /// Whether it is an observer State rather than a Member State.
    pub observer: bool,
}

/// All of them, sorted by English name.
pub fn member_states() -> &'static [MemberState] {
    static STATES: OnceLock<Vec<MemberState>> = OnceLock::new();
    // A start-up invariant: the bundled list is checked by the test suite.
    #[allow(clippy::expect_used)]
    STATES.get_or_init(|| {
        serde_json::from_str(MEMBER_STATES).expect("the bundled Member States list is valid")
    })
}

/// The State with this ISO 3166-1 alpha-3 code.
pub fn member_state(iso3: &str) -> Option<&'static MemberState> {
    member_states().iter().find(|m| m.iso3 == iso3)
}

/// How a State is named to people: its UN short name in `language` (English when that
/// language has none), or the code itself when the list does not know it.
pub fn member_state_name(iso3: &str, language: &str) -> String {
    member_state(iso3).map_or_else(|| iso3.to_string(), |m| m.name.get(language).to_string())
}
