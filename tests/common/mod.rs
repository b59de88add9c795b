//! What the core's integration tests share.
#![allow(dead_code)]

pub mod contrib;
pub mod rawzip;

use gcm_review::{Desk, NewReview};

/// Starts a review for Kenya, IMRF 2026, in English; returns its id.
pub fn new_review(desk: &mut Desk) -> String {
    let review = NewReview {
        member_state: "KEN".into(),
        cycle: "IMRF 2026".into(),
        language: "en".into(),
    };
    desk.create(review).expect("create a review").id
}
