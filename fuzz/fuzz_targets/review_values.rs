//! Answers as the app receives them: a JSON object of field path → value. `check_value` never
//! panics; `completeness` and `validate` over the values it accepts never panic; `word_count`
//! takes any text.
#![no_main]

use gcm_review::review::{check_value, completeness, validate, word_count, Values};
use gcm_review::Template;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = word_count(text);
    }
    let Ok(answers) = serde_json::from_slice::<Map<String, Value>>(data) else {
        return;
    };
    let template = Template::builtin();
    let mut accepted = Values::new();
    for (path, value) in &answers {
        if let Value::String(text) = value {
            let _ = word_count(text);
        }
        if let Ok(normalised) = check_value(template, path, value) {
            accepted.insert(path.clone(), normalised);
        }
    }
    let _ = completeness(template, &accepted);
    let _ = validate(template, &accepted);
    // The unchecked values too: a damaged database or package can hold anything.
    let raw: Values = answers.into_iter().collect();
    let _ = completeness(template, &raw);
    let _ = validate(template, &raw);
});
