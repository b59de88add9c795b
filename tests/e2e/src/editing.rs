//! The answer editor as a user meets it: the text each paragraph shows, and a paste delivered
//! as the system clipboard delivers it (a `paste` event whose `clipboardData` holds the
//! `text/html` and `text/plain` a word processor, a browser or a PDF viewer wrote).

use serde_json::{json, Value};

use crate::{field, App};

/// The text an editor shows, a block (paragraph, list item, table row) a line; the value of
/// any other control.
const SHOWN_TEXT: &str = r#"
    const el = document.querySelector(arguments[0]);
    if (!el) return null;
    if (!el.isContentEditable && el.getAttribute('contenteditable') === null) return el.value ?? null;
    const lines = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (child.matches('p, th, td')) lines.push(child.textContent);
        else walk(child);
      }
    };
    walk(el);
    return lines.join('\n');
"#;

/// Puts the cursor at the end of the editor, then fires `paste` with a clipboard holding
/// `arguments[1]` as `text/html` (unless null) and `arguments[2]` as `text/plain`.
const PASTE: &str = r#"
    const el = document.querySelector(arguments[0]);
    el.focus();
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const data = new DataTransfer();
    if (arguments[1] !== null) data.setData('text/html', arguments[1]);
    data.setData('text/plain', arguments[2]);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    el.dispatchEvent(event);
    return { handled: event.defaultPrevented, hasData: event.clipboardData !== null };
"#;

impl App {
    /// The text the field `path` shows: for a richtext answer, each paragraph, list item and
    /// table cell on its own line, as the reader sees it (no Markdown); else its value.
    pub fn field_text(&self, path: &str) -> String {
        self.wait_for(&field(path));
        match self.script(SHOWN_TEXT, vec![json!(field(path))]) {
            Value::String(text) => text,
            other => self.fail(&format!("field {path} shows no text ({other})")),
        }
    }

    /// Pastes into the richtext `path` at the end of its text, as the clipboard of a word
    /// processor or a browser delivers it: `html` (if any) and `text`.
    pub fn paste_into(&self, path: &str, html: Option<&str>, text: &str) {
        self.wait_for(&field(path));
        let outcome = self.script(PASTE, vec![json!(field(path)), json!(html), json!(text)]);
        if outcome["hasData"] != json!(true) || outcome["handled"] != json!(true) {
            self.fail(&format!(
                "the paste into {path} did not reach the editor with its data: {outcome}"
            ));
        }
    }
}
