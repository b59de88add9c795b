//! Passphrases: from the environment (for scripts) or a prompt that does not echo.

use anyhow::{Context, Result};
use gcm_review::desk::Passphrase;

/// The environment variable that gives the passphrase of the signing key.
pub const PASSPHRASE_ENV: &str = "GCM_REVIEW_PASSPHRASE";
/// The environment variable that gives the new passphrase in `keys rotate`.
pub const NEW_PASSPHRASE_ENV: &str = "GCM_REVIEW_NEW_PASSPHRASE";

/// A passphrase from `env` or a prompt that does not echo, held in memory that is wiped on
/// drop from the moment it is read.
pub fn passphrase(prompt: &str, env: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Passphrase::new(p));
    }
    rpassword::prompt_password(format!("{prompt}: "))
        .map(Passphrase::new)
        .with_context(|| format!("cannot read the passphrase; set {env} to give it"))
}

/// The passphrase of the active signing key.
pub fn key_passphrase() -> Result<Passphrase> {
    passphrase("Passphrase of the signing key", PASSPHRASE_ENV)
}

/// A new passphrase, asked twice when prompted.
pub fn new_passphrase(env: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Passphrase::new(p));
    }
    let first = passphrase("New passphrase (at least 10 characters)", env)?;
    let again = passphrase("The same passphrase again", env)?;
    anyhow::ensure!(
        first.expose_secret() == again.expose_secret(),
        "the two passphrases differ; nothing was changed"
    );
    Ok(first)
}
