//! `Template::from_json` never panics; a template it accepts can be walked: every field
//! listed by `fields()` resolves by its path through `field()`.
#![no_main]

use gcm_review::Template;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(template) = Template::from_json(data) else {
        return;
    };
    let paths: Vec<String> = template.fields().iter().map(|f| f.path()).collect();
    for path in &paths {
        let _ = template.field(path);
        if let Some(field) = template.field(path) {
            let _ = template.option_values(field.field);
        }
    }
    // Paths that are not in the list must not panic either.
    if let Ok(text) = std::str::from_utf8(data) {
        for word in text.split(|c: char| c.is_whitespace() || c == '"').take(64) {
            let _ = template.field(word);
        }
    }
});
