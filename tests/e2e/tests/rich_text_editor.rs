//! Writing as in Word: typing with the toolbar and Word's shortcuts (Ctrl+B, Ctrl+I, Ctrl+K,
//! Tab and Shift+Tab in a list, Ctrl+Z and Ctrl+Y after the edit was saved) stores the expected
//! Markdown; a page as Word puts it on the clipboard (`mso-list` paragraphs, bold, a table, an
//! image, `mso-` styles, `o:p`) pasted into a field that takes tables stores the subset and
//! says what was left out; plain text from a PDF viewer becomes paragraphs and a list; the 64
//! hostile payloads pasted as HTML stay inert; the PDF of the edited field prints what the
//! editor shows (pdftotext); screenshots of a list and a table in English and Arabic; the
//! editor's tools are one row at 1280 px in the six languages.

use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use gcm_review_e2e::hostile::{assert_clean, assert_unchanged, page_state, PAYLOADS};
use gcm_review_e2e::{cli, field, App, NewReview};
use serde_json::Value;

const TYPED: &str = "methodology.process";
const PASTED: &str = "annexes.statistics";
const PDF_TEXT: &str = "methodology.data_sources";
const HOSTILE: &str = "methodology.stakeholders_consulted";

/// What the typing below stores.
const TYPED_MARKDOWN: &str = "**Bold** then plain *it*\n\n- one\n- two\n   - nested\n- three\n\n\
    After. [https://example.org/p](https://example.org/p)";

/// A page as Word for Windows writes it to the clipboard (trimmed): a bold run in a styled
/// paragraph, a two-level bulleted list and a numbered one as `MsoListParagraph` paragraphs
/// with `mso-list` styles and their `mso-list:Ignore` markers, an image, a comment reference,
/// and a table.
const WORD_HTML: &str = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:v="urn:schemas-microsoft-com:vml"><head><meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {font-family:Calibri} --></style></head><body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->
<p class=MsoNormal><span style='font-family:"Arial",sans-serif;color:#C00000'>Arrivals <b>rose</b> in <i style='mso-bidi-font-style:normal'>2024</i>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Land borders<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Busia<span class=MsoCommentReference><span style='font-size:8.0pt'><a style='mso-comment-reference:JD_1;mso-comment-date:20260101T1200'>&nbsp;</a><span style='mso-special-character:comment'>&nbsp;</span></span></span><o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Airports<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Count<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Publish<o:p></o:p></p>
<p class=MsoNormal><!--[if gte vml 1]><v:shape id="Picture_1" style='width:100pt;height:50pt'><v:imagedata src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" o:title=""/></v:shape><![endif]--><![if !vml]><img width=133 height=67 src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" v:shapes="Picture_1"><![endif]><o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'><td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>Year<o:p></o:p></b></p></td><td width=301 valign=top style='width:225.4pt'><p class=MsoNormal><b>Arrivals<o:p></o:p></b></p></td></tr>
<tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'><td width=301 valign=top><p class=MsoNormal>2024<o:p></o:p></p></td><td width=301 valign=top><p class=MsoNormal><span style='color:red'>12 000</span><o:p></o:p></p></td></tr>
</table>
<!--EndFragment--></body></html>"#;

/// What the Word paste stores.
const WORD_MARKDOWN: &str =
    "Arrivals **rose** in *2024*.\n\n- Land borders\n   - Busia\n- Airports\n\n\
    1. Count\n2. Publish\n\n| **Year** | **Arrivals** |\n| --- | --- |\n| 2024 | 12 000 |";

/// Text as a PDF viewer copies it: lines broken where the page broke them, bullets as "•".
const PDF_COPY: &str =
    "The national action plan was adopted in\nMarch 2024 after consultations.\n\n\
    • Data collection\n• Legal aid\nFollow-up is yearly.";

/// A list and a table from an Arabic web page.
const ARABIC_HTML: &str = "<div dir=\"rtl\" style=\"font-family:Tahoma\"><ul><li>الهجرة الآمنة</li><li>الحماية <b>القنصلية</b></li></ul>\
    <table><thead><tr><th>السنة</th><th>الوافدون</th></tr></thead><tbody><tr><td>2024</td><td>12 000</td></tr></tbody></table></div>";

/// What the Arabic paste stores.
const ARABIC_MARKDOWN: &str = "- الهجرة الآمنة\n- الحماية **القنصلية**\n\n| السنة | الوافدون |\n| --- | --- |\n| 2024 | 12 000 |";

fn keys(list: &[Key]) -> String {
    list.iter().map(|k| char::from(*k)).collect()
}

fn ctrl(letter: &str) -> String {
    format!("{}{letter}", keys(&[Key::Control]))
}

/// The id of the review in `language`, from the command line.
fn review_in(data: &Path, language: &str) -> String {
    let list: Value = serde_json::from_str(&cli(data, &["list", "--json"]))
        .unwrap_or_else(|e| panic!("list --json: {e}"));
    list.as_array()
        .into_iter()
        .flatten()
        .find(|r| r["language"] == language)
        .and_then(|r| r["id"].as_str())
        .unwrap_or_else(|| panic!("no review in {language}: {list}"))
        .to_string()
}

/// The answer `path` of the review in `language`, as stored, read with the command line.
fn stored(data: &Path, language: &str, path: &str) -> Value {
    let id = review_in(data, language);
    let shown: Value = serde_json::from_str(&cli(data, &["show", &id, "--json"]))
        .unwrap_or_else(|e| panic!("show --json: {e}"));
    shown["answers"][path].clone()
}

#[test]
fn rich_text_editor() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let app = App::start(data.path());
    app.create_review(NewReview::KENYA);
    let clean = page_state(&app);
    assert_clean(&clean);

    type_with_toolbar_and_shortcuts(&app);
    undo_and_redo_after_saving(&app);
    paste_from_word(&app);
    paste_from_pdf_viewer(&app);
    paste_hostile(&app, &clean);
    let shown = app.field_text(PDF_TEXT);
    app.go_to("annexes");
    app.screenshot("editor-list-table-en");
    arabic_review(&app);
    app.quit();

    assert_eq!(
        stored(data.path(), "en", TYPED),
        Value::from(TYPED_MARKDOWN),
        "{TYPED} in the store"
    );
    assert_eq!(
        stored(data.path(), "en", PASTED),
        Value::from(WORD_MARKDOWN),
        "{PASTED} in the store"
    );
    assert_eq!(
        stored(data.path(), "ar", PASTED),
        Value::from(ARABIC_MARKDOWN),
        "the Arabic {PASTED}"
    );
    pdf_prints_what_the_editor_shows(data.path(), &shown);
}

/// Bold and italic with Ctrl+B and Ctrl+I, a list from the toolbar indented with Tab and
/// Shift+Tab, a link with Ctrl+K.
fn type_with_toolbar_and_shortcuts(app: &App) {
    app.go_to("methodology");
    app.click(&field(TYPED));
    app.press(&ctrl("b"));
    app.press("Bold");
    app.press(&ctrl("b"));
    app.press(" then plain ");
    app.press(&ctrl("i"));
    app.press("it");
    app.press(&ctrl("i"));
    app.press(&keys(&[Key::Enter]));
    app.click(&format!("[data-path=\"{TYPED}\"] .rt-bullets"));
    app.press("one");
    app.press(&keys(&[Key::Enter]));
    app.press("two");
    app.press(&keys(&[Key::Enter]));
    app.press(&keys(&[Key::Tab]));
    app.press("nested");
    app.press(&keys(&[Key::Enter]));
    app.press(&keys(&[Key::Shift, Key::Tab]));
    app.press("three");
    app.press(&keys(&[Key::Enter]));
    app.press(&keys(&[Key::Enter]));
    app.press("After. ");
    // Saved before the link, so that undo has the link alone to take back after its save.
    app.wait_saved();
    app.press(&ctrl("k"));
    app.wait_for(&format!("[data-path=\"{TYPED}\"] .rt-link-input:focus"));
    app.press("https://example.org/p");
    app.press(&keys(&[Key::Enter]));
    app.wait_field_value(TYPED, TYPED_MARKDOWN);
    app.wait_saved();
    assert_eq!(
        app.field_text(TYPED),
        "Bold then plain it\none\ntwo\nnested\nthree\nAfter. https://example.org/p",
        "the editor shows text, not Markdown"
    );
    let bold = app.texts(&format!("{} strong", field(TYPED)));
    assert_eq!(bold, ["Bold"], "Bold shows bold");
}

/// Ctrl+Z takes the link back out after it was saved, Ctrl+Y puts it back.
fn undo_and_redo_after_saving(app: &App) {
    app.click(&field(TYPED));
    app.press(&ctrl("z"));
    let without =
        TYPED_MARKDOWN.trim_end_matches(" [https://example.org/p](https://example.org/p)");
    app.wait_field_value(TYPED, without);
    app.press(&ctrl("y"));
    app.wait_field_value(TYPED, TYPED_MARKDOWN);
    app.wait_saved();
}

/// Word's clipboard into a field that takes tables: the subset, and the notice.
fn paste_from_word(app: &App) {
    app.go_to("annexes");
    app.paste_into(PASTED, Some(WORD_HTML), "Arrivals rose in 2024.");
    app.wait_field_value(PASTED, WORD_MARKDOWN);
    let notice = app.wait_text(
        &format!("[data-path=\"{PASTED}\"] .rt-notice"),
        "1 image was not pasted.",
    );
    assert!(
        notice.contains("Fonts, colours and styles were not kept."),
        "{notice}"
    );
    app.wait_saved();
}

/// A PDF viewer's plain text: broken lines joined, bullets made a list.
fn paste_from_pdf_viewer(app: &App) {
    app.go_to("methodology");
    app.paste_into(PDF_TEXT, None, PDF_COPY);
    app.wait_field_value(
        PDF_TEXT,
        "The national action plan was adopted in March 2024 after consultations.\n\n\
         - Data collection\n- Legal aid\n\nFollow-up is yearly.",
    );
    app.wait_saved();
}

/// Every hostile payload pasted as HTML (and as its plain text) leaves the page as it was.
fn paste_hostile(app: &App, clean: &Value) {
    for payload in PAYLOADS {
        app.paste_into(HOSTILE, Some(payload), payload);
    }
    app.wait_saved();
    assert_unchanged(app, clean, "after pasting the hostile payloads");
    let inside = app.script(
        "return [...document.querySelector(arguments[0]).querySelectorAll('*')]
           .map((e) => e.localName).filter((n) => !['p', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'span', 'br',
             'table', 'tbody', 'tr', 'th', 'td'].includes(n));",
        vec![Value::from(field(HOSTILE))],
    );
    assert_eq!(
        inside,
        Value::Array(vec![]),
        "only the subset's elements in the field"
    );
    let links = app.attrs(&format!("{} a", field(HOSTILE)), "href");
    assert!(
        links.is_empty(),
        "no link the editor could follow: {links:?}"
    );
}

/// A review in Arabic, in the Arabic interface: a list and a table pasted from a web page.
fn arabic_review(app: &App) {
    app.back_home();
    app.create_review(NewReview {
        language: "ar",
        ..NewReview::KENYA
    });
    app.choose("#ui-language", "ar");
    app.wait_for("html[dir=\"rtl\"]");
    app.go_to("annexes");
    app.paste_into(PASTED, Some(ARABIC_HTML), "الهجرة الآمنة");
    app.wait_field_value(PASTED, ARABIC_MARKDOWN);
    app.wait_saved();
    app.click(&field(PASTED));
    app.screenshot("editor-list-table-ar");
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        app.choose("#ui-language", lang);
        app.wait_for(&format!("html[lang=\"{lang}\"]"));
        for row in [".header-tools", ".header-actions"] {
            let rows = app.script(
                "return new Set([...document.querySelectorAll(`${arguments[0]} button:not([hidden])`)]
                   .map((b) => Math.round(b.getBoundingClientRect().top))).size;",
                vec![row.into()],
            );
            assert_eq!(
                rows,
                Value::from(1),
                "the editor's {row} are one row at 1280 px in {lang}"
            );
        }
    }
}

/// The PDF of the review prints each line the editor showed for the field.
fn pdf_prints_what_the_editor_shows(data: &Path, shown: &str) {
    let id = review_in(data, "en");
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let pdf = out.path().join("review.pdf");
    cli(data, &["export-pdf", &id, "-o", &pdf.to_string_lossy()]);
    let text = Command::new("pdftotext")
        .args(["-layout", &pdf.to_string_lossy(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils) is needed: {e}"));
    assert!(text.status.success(), "pdftotext failed");
    let printed = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for line in shown.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            printed.contains(&line),
            "the PDF prints {line:?} as the editor shows it"
        );
    }
}
