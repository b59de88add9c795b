//! GCM Review Desk, the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    gcm_review_desk::run();
}
