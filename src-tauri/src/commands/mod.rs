//! The commands the UI calls, by domain. Each is one call into the core.

pub mod about;
pub mod app;
pub mod backup;
pub mod comments;
pub mod contrib;
pub mod diff;
pub mod documents;
pub mod find;
pub mod history;
pub mod package;
pub mod pdf;
pub mod reviews;
pub mod sign;
pub mod signoff;
