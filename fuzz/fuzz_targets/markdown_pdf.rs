//! The Markdown of an answer, rendered into the PDF: whatever the text (any script, any
//! nesting, any control character), `pdf::render` returns a PDF and never panics.
#![no_main]

use gcm_review::pdf::{render, PdfOptions};
use gcm_review::review::{ReviewDocument, Values};
use gcm_review::Template;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let template = Template::builtin();
    let mut values = Values::new();
    values.insert("cover.member_state".into(), Value::from("KEN"));
    values.insert("cover.cycle".into(), Value::from("IMRF 2026"));
    values.insert("cover.language".into(), Value::from("ar"));
    values.insert("methodology.process".into(), Value::from(text.clone()));
    values.insert("objectives.7.measures".into(), Value::from(text));
    let document = ReviewDocument::new(
        template,
        "0b6f5a34-94c3-4d5e-9d0e-3f1c2a7b8e90",
        1,
        &values,
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    );
    let pdf = render(template, &document, &PdfOptions::default()).expect("a PDF for any text");
    assert!(pdf.starts_with(b"%PDF-"));
});
