//! A passphrase as it travels from the user (a prompt, the environment, the UI) to the key file:
//! in memory that is wiped when it is dropped, never printed, never copied by accident.

use serde::{Deserialize, Deserializer};
use zeroize::Zeroizing;

/// The passphrase that seals a signing key. It has no `Clone`, `Display` or `Serialize`; its
/// `Debug` is redacted and its text is wiped on drop.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes ownership of the text; it is wiped when the passphrase is dropped.
    pub fn new(text: String) -> Passphrase {
        Passphrase(Zeroizing::new(text))
    }

    /// The text, for the key derivation alone.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl From<String> for Passphrase {
    fn from(text: String) -> Passphrase {
        Passphrase::new(text)
    }
}

impl From<&str> for Passphrase {
    fn from(text: &str) -> Passphrase {
        Passphrase::new(text.to_string())
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(redacted)")
    }
}

impl<'de> Deserialize<'de> for Passphrase {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Passphrase, D::Error> {
        String::deserialize(deserializer).map(Passphrase::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Passphrase;

    #[test]
    fn debug_never_shows_the_text() {
        let p = Passphrase::from("correct horse battery");
        assert_eq!(format!("{p:?}"), "Passphrase(redacted)");
        let p: Result<Passphrase, _> = serde_json::from_str("\"from the ui\"");
        assert!(p.is_ok_and(|p| p.expose_secret() == "from the ui"));
    }
}
