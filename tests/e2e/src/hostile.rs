//! Hostile text: the payloads a user might paste (or a package might carry), and the checks
//! that show they stayed inert text in the webview.

use serde_json::{json, Value};

use crate::App;

/// What a user might paste from a hostile document. None holds a tab or a line break (typed as
/// keys, not characters), a character of the WebDriver key range (U+E000 to U+F8FF) or of the
/// range the GTK keyboard takes for dead keys (U+FE50 to U+FE8F).
pub const PAYLOADS: [&str; 64] = [
    // Markup that runs script when parsed as HTML.
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "<svg onload=window.__pwned=1>",
    "<svg><animate onbegin=window.__pwned=1 attributeName=x dur=1s>",
    "\"><iframe src=javascript:window.__pwned=1>",
    "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>",
    "<a href=\"javascript:window.__pwned=1\">x</a>",
    "<a href=# onclick=window.__pwned=1>click</a>",
    "<body onload=window.__pwned=1>",
    "<div onmouseover=\"window.__pwned=1\">hover</div>",
    "<input autofocus onfocus=window.__pwned=1>",
    "<details open ontoggle=window.__pwned=1>",
    "<video><source onerror=window.__pwned=1></video>",
    "<object data=\"javascript:window.__pwned=1\"></object>",
    "<embed src=javascript:window.__pwned=1>",
    "<form action=javascript:window.__pwned=1><button>go</button></form>",
    "<img src=\"x\" onerror=\"eval(atob('d2luZG93Ll9fcHduZWQ9MQ=='))\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=1>\">",
    "<scr<script>ipt>window.__pwned=1</script>",
    "</textarea><script>window.__pwned=1</script>",
    "</title><script>window.__pwned=1</script>",
    "<!--<script>window.__pwned=1</script>-->",
    "<![CDATA[<script>window.__pwned=1</script>]]>",
    "</div></main><h1 id=app>Injected heading</h1>",
    "javascript:/*--></title></style></textarea></script><svg/onload='/*/window.__pwned=1//'>",
    // Markup that changes the page without script.
    "<meta http-equiv=refresh content=\"0;url=about:blank\">",
    "<base href=\"https://example.invalid/\">",
    "<link rel=import href=\"data:text/html,<script>window.__pwned=1</script>\">",
    "<style>body{display:none}</style>",
    "\" style=\"position:fixed;inset:0;background:red",
    // Strings that break out of JavaScript, templates, JSON or SQL.
    "javascript:window.__pwned=1",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "{{constructor.constructor('window.__pwned=1')()}}",
    "${window.__pwned=1}",
    "`${window.__pwned=1}`",
    "{{7*7}} #{7*7} <%= 7*7 %>",
    "';window.__pwned=1;//",
    "\";window.__pwned=1;//",
    "{\"__proto__\":{\"polluted\":1}}",
    "\"}],\"values\":{\"x\":\"\\u0000\\\" \\\\ \\n",
    "'); DROP TABLE reviews;--",
    "{state} {cycle} {label} {name}",
    "$& $' $` $1",
    "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;b&#62;",
    // Markdown that tries to make a link, an image or HTML.
    "[x](javascript:alert(1))",
    "[click](data:text/html,<script>window.__pwned=1</script>)",
    "![x](x\" onerror=\"window.__pwned=1)",
    "<b onmouseover=window.__pwned=1>bold</b>",
    "**<i>not italic</i>** <https://example.invalid/>",
    // Bidi overrides, isolates, marks and invisible characters.
    "annex\u{202E}fdp.exe",
    "\u{202D}LRO\u{202C} \u{202A}LRE\u{202C} \u{202B}RLE\u{202C}",
    "\u{2066}LRI\u{2069} \u{2067}RLI\u{2069} \u{2068}FSI\u{2069}",
    "\u{200F}RLM \u{200E}LRM \u{061C}ALM",
    "zero\u{200B}width\u{200C}non\u{200D}joiner\u{FEFF}bom\u{2060}joiner",
    "Z\u{0351}\u{0358}a\u{0306}\u{0301}l\u{0300}g\u{0336}o\u{0489}",
    "\u{202E}<script>window.__pwned=1</script>\u{202C}",
    // Homoglyphs.
    "K\u{0435}ny\u{0430}",
    "\u{0440}\u{0430}\u{0443}\u{0440}\u{0430}l.com",
    "\u{FF1C}script\u{FF1E}window.__pwned=1\u{FF1C}/script\u{FF1E}",
    "\u{276E}img src=x onerror=window.__pwned=1\u{276F}",
    "\u{2039}script\u{203A} \u{02C2}svg\u{02C3} \u{1438}b\u{1433}",
    "\u{0391}\u{0392}\u{0421} \u{13AA}\u{13DE}\u{13AC}\u{13D2}\u{13A2}",
];

/// Reads what hostile text could have changed: the URL, a flag payloads set, the scripts of the
/// page, `on*` attributes anywhere, elements payloads would create, whether the body shows.
pub const PAGE_STATE: &str = r#"
    const count = (css) => document.querySelectorAll(css).length;
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (attr.name.toLowerCase().startsWith('on')) handlers.push(`${el.localName}[${attr.name}]`);
      }
    }
    const created = {};
    for (const css of ['iframe', 'img', 'svg', 'math', 'meta[http-equiv]', 'base', 'link[rel="import"]',
      'style', 'object', 'embed', 'video', 'source', 'details:not(.guidance)', 'form[action]', 'noscript',
      '[href^="javascript:" i]', '[src^="javascript:" i]', '[data^="javascript:" i]']) {
      created[css] = count(css);
    }
    return {
      url: window.location.href,
      pwned: typeof window.__pwned,
      polluted: typeof Object.prototype.polluted,
      scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? `inline: ${s.textContent}`),
      handlers,
      created,
      appRoots: count('[id="app"]'),
      bodyDisplay: getComputedStyle(document.body).display,
    };
"#;

/// What hostile text could have changed on the page now (see [`PAGE_STATE`]).
pub fn page_state(app: &App) -> Value {
    app.script(PAGE_STATE, vec![])
}

/// The state of a page nothing was injected into: no flag, no handler attribute, no element
/// of the kinds the payloads create, a visible body.
pub fn assert_clean(state: &Value) {
    assert_eq!(
        state["pwned"],
        json!("undefined"),
        "window.__pwned: {state}"
    );
    assert_eq!(state["polluted"], json!("undefined"), "prototype: {state}");
    assert_eq!(state["handlers"], json!([]), "on* attributes: {state}");
    let created = state["created"].as_object().cloned().unwrap_or_default();
    assert!(
        !created.is_empty(),
        "the page state lists elements: {state}"
    );
    for (css, count) in created {
        assert_eq!(count, json!(0), "elements matching {css}: {state}");
    }
    assert_eq!(state["appRoots"], json!(1), "one #app: {state}");
    assert_ne!(
        state["bodyDisplay"],
        json!("none"),
        "the body shows: {state}"
    );
    let scripts = state["scripts"].as_array().cloned().unwrap_or_default();
    assert!(
        !scripts.is_empty()
            && scripts
                .iter()
                .all(|s| !s.as_str().unwrap_or("inline").starts_with("inline")),
        "only the app's own script files: {state}"
    );
}

/// The page is as clean as `clean` and still at its URL, with the same scripts.
pub fn assert_unchanged(app: &App, clean: &Value, when: &str) {
    let state = page_state(app);
    assert_clean(&state);
    assert_eq!(state, *clean, "the page {when}");
}
