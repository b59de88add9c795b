//! Comparing revisions: word diffs in every script, every kind of answer, template order, and
//! the desk's refusal of a revision a review does not have.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use gcm_review::diff::{diff, marked, word_diff, Change, Chunk, FieldDiff, Op};
use gcm_review::{Desk, Template, Values};
use serde_json::{json, Value};

fn values(pairs: &[(&str, Value)]) -> Values {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn one(before: &[(&str, Value)], after: &[(&str, Value)]) -> FieldDiff {
    let diffs = diff(Template::builtin(), &values(before), &values(after));
    assert_eq!(diffs.len(), 1, "{diffs:#?}");
    diffs.into_iter().next().unwrap()
}

fn chunk(op: Op, text: &str) -> Chunk {
    Chunk {
        op,
        text: text.to_string(),
    }
}

#[test]
fn an_edited_paragraph_differs_word_by_word() {
    let before =
        "The national plan was adopted in 2021.\n\nMinistries met monthly to draft this review.";
    let after = "The national plan was adopted in 2022.\n\nMinistries met weekly to draft this review, with NGOs.";
    let d = one(
        &[("methodology.process", json!(before))],
        &[("methodology.process", json!(after))],
    );
    assert_eq!(d.path, "methodology.process");
    assert_eq!(d.change, Change::Changed);
    assert_eq!(d.before, Some(json!(before)));
    assert_eq!(d.after, Some(json!(after)));
    assert_eq!(
        marked(&d.words),
        "The national plan was adopted in [-2021-]{+2022+}.\n\nMinistries met [-monthly-]{+weekly+} to draft this review{+, with NGOs+}."
    );
    assert_eq!(
        d.words[0],
        chunk(Op::Equal, "The national plan was adopted in ")
    );
    assert_eq!(d.words[1], chunk(Op::Delete, "2021"));
    assert_eq!(d.words[2], chunk(Op::Insert, "2022"));
}

#[test]
fn arabic_is_compared_by_word() {
    let d = word_diff(
        "تعزيز التعاون الدولي في مجال الهجرة",
        "تعزيز الشراكة الإقليمية في مجال الهجرة",
    );
    assert_eq!(
        d,
        [
            chunk(Op::Equal, "تعزيز "),
            chunk(Op::Delete, "التعاون الدولي"),
            chunk(Op::Insert, "الشراكة الإقليمية"),
            chunk(Op::Equal, " في مجال الهجرة"),
        ]
    );
    // A vowel mark changes the word it sits on, not only the mark.
    assert_eq!(
        marked(&word_diff("الهجرة الآمنة", "الهجرة الآمِنة")),
        "الهجرة [-الآمنة-]{+الآمِنة+}"
    );
}

#[test]
fn chinese_is_compared_by_character() {
    let d = word_diff(
        "加强国际合作，保护移民权利。",
        "加强区域合作，保护所有移民权利。",
    );
    assert_eq!(
        marked(&d),
        "加强[-国际-]{+区域+}合作，保护{+所有+}移民权利。"
    );
    // Latin words in Chinese text stay whole.
    assert_eq!(
        marked(&word_diff("落实GCM目标7", "落实GCM目标8")),
        "落实GCM目标[-7-]{+8+}"
    );
    assert_eq!(
        marked(&word_diff(
            "The GCM 全球契约 was adopted",
            "The GCM 全球移民契约 was endorsed"
        )),
        "The GCM 全球{+移民+}契约 was [-adopted-]{+endorsed+}"
    );
}

#[test]
fn added_and_removed_fields() {
    let diffs = diff(
        Template::builtin(),
        &values(&[
            ("means.financing", json!("National budget.")),
            ("methodology.process", json!("")),
        ]),
        &values(&[
            ("methodology.process", json!("Ministries met.")),
            ("means.financing", json!("   ")),
        ]),
    );
    assert_eq!(diffs.len(), 2, "{diffs:#?}");
    assert_eq!(diffs[0].path, "methodology.process");
    assert_eq!(diffs[0].change, Change::Added);
    assert_eq!(diffs[0].before, None);
    assert_eq!(diffs[0].words, [chunk(Op::Insert, "Ministries met.")]);
    assert_eq!(diffs[1].path, "means.financing");
    assert_eq!(diffs[1].change, Change::Removed);
    assert_eq!(diffs[1].after, None);
    assert_eq!(diffs[1].words, [chunk(Op::Delete, "National budget.")]);
}

#[test]
fn tables_are_compared_row_by_row() {
    let row = |name: &str, category: &str, how: &str| json!({ "name": name, "category": category, "how_consulted": how, "date": "" });
    let before = json!([
        row("Red Crescent", "civil_society", "Workshop"),
        row("City of Mombasa", "local_authorities", "Letter"),
    ]);
    let after = json!([
        row("Red Crescent", "civil_society", "Two workshops"),
        row("Diaspora council", "diaspora", "Online survey"),
        row("City of Mombasa", "local_authorities", "Letter"),
    ]);
    let d = one(
        &[("annexes.stakeholders", before)],
        &[("annexes.stakeholders", after)],
    );
    assert_eq!(d.change, Change::Changed);
    let text = marked(&d.words);
    assert_eq!(
        text,
        "Red Crescent | Civil society | [-Workshop-]{+Two workshops+}\n\
         {+Diaspora council | Diaspora | Online survey+}\n\
         City of Mombasa | Local authorities | Letter\n",
        "row by row: the edited row word by word, the new row whole, the last row kept"
    );
    let removed = one(
        &[(
            "annexes.stakeholders",
            json!([row("Red Crescent", "", "Workshop")]),
        )],
        &[("annexes.stakeholders", json!([]))],
    );
    assert_eq!(removed.change, Change::Removed);
    assert_eq!(
        removed.words,
        [chunk(Op::Delete, "Red Crescent |  | Workshop\n")]
    );
}

#[test]
fn principles_are_compared_by_name_in_template_order() {
    let path = "objectives.7.principles";
    let d = one(
        &[(path, json!(["human_rights", "people_centred"]))],
        &[(
            path,
            json!(["people_centred", "gender_responsive", "human_rights"]),
        )],
    );
    assert_eq!(d.change, Change::Changed);
    assert_eq!(
        marked(&d.words),
        "(a) People-centred\n(f) Human rights\n{+(g) Gender-responsive+}\n"
    );
    let d = one(
        &[(path, json!(["people_centred", "rule_of_law"]))],
        &[(path, json!(["rule_of_law"]))],
    );
    assert_eq!(
        marked(&d.words),
        "[-(a) People-centred-]\n(d) Rule of law and due process\n"
    );
    // The same options in another order are no difference.
    assert!(diff(
        Template::builtin(),
        &values(&[(path, json!(["human_rights", "people_centred"]))]),
        &values(&[(path, json!(["people_centred", "human_rights"]))]),
    )
    .is_empty());
}

#[test]
fn yes_no_and_choices_read_as_words() {
    let d = one(
        &[("objectives.3.prioritised", json!(false))],
        &[("objectives.3.prioritised", json!(true))],
    );
    assert_eq!(d.change, Change::Added);
    assert_eq!(d.words, [chunk(Op::Insert, "Yes")]);
    let d = one(
        &[("cover.member_state", json!("KEN"))],
        &[("cover.member_state", json!("SEN"))],
    );
    assert_eq!(marked(&d.words), "[-Kenya-]{+Senegal+}");
    let d = one(
        &[("policy.implementation_plan", json!("national_plan"))],
        &[("policy.implementation_plan", json!("in_preparation"))],
    );
    assert_eq!(
        d.words.len(),
        2,
        "a choice is replaced whole: {:?}",
        d.words
    );
    assert_eq!(d.words[0].op, Op::Delete);
    assert_eq!(d.words[1].op, Op::Insert);
    assert_ne!(d.words[1].text, "in_preparation", "shown by its label");
    let d = one(
        &[("cover.date", json!("2025-01-02"))],
        &[("cover.date", json!("2025-01-05"))],
    );
    assert_eq!(marked(&d.words), "[-2025-01-02-]{+2025-01-05+}");
}

#[test]
fn unchanged_answers_give_no_differences() {
    let answers = values(&[
        ("methodology.process", json!("Ministries met.")),
        ("objectives.7.principles", json!(["human_rights"])),
        ("objectives.7.prioritised", json!(true)),
    ]);
    assert!(diff(Template::builtin(), &answers, &answers).is_empty());
    assert!(diff(Template::builtin(), &Values::new(), &Values::new()).is_empty());
    // Cleared (null) and empty are the same as never answered.
    assert!(diff(
        Template::builtin(),
        &values(&[("means.financing", Value::Null)]),
        &values(&[
            ("means.financing", json!("")),
            ("objectives.1.prioritised", json!(false))
        ]),
    )
    .is_empty());
}

#[test]
fn fields_come_in_template_order_unknown_ones_last() {
    let after = values(&[
        ("zz.legacy", json!("old template")),
        ("annexes.statistics", json!("Tables.")),
        ("objectives.10.measures", json!("Ten.")),
        ("objectives.2.measures", json!("Two.")),
        ("aa.legacy", json!(["x"])),
        ("cover.cycle", json!("IMRF 2026")),
        ("methodology.process", json!("Met.")),
    ]);
    let diffs = diff(Template::builtin(), &Values::new(), &after);
    let paths: Vec<&str> = diffs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "cover.cycle",
            "methodology.process",
            "objectives.2.measures",
            "objectives.10.measures",
            "annexes.statistics",
            "aa.legacy",
            "zz.legacy",
        ]
    );
    assert_eq!(diffs[5].words, [chunk(Op::Insert, "[\"x\"]")]);
}

#[test]
fn the_json_shape_is_camel_case() {
    let d = one(
        &[("methodology.process", json!("a b"))],
        &[("methodology.process", json!("a c"))],
    );
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json!({
            "path": "methodology.process",
            "change": "changed",
            "before": "a b",
            "after": "a c",
            "words": [
                { "op": "equal", "text": "a " },
                { "op": "delete", "text": "b" },
                { "op": "insert", "text": "c" },
            ],
        })
    );
}

#[test]
fn the_same_texts_always_give_the_same_chunks() {
    let a = "Le plan national, adopté en 2021, couvre 12 objectifs.\nDeuxième ligne.";
    let b = "Le plan national révisé, adopté en 2023, couvre 14 objectifs.\nDeuxième ligne !";
    let first = word_diff(a, b);
    for _ in 0..20 {
        assert_eq!(word_diff(a, b), first);
    }
}

#[test]
fn the_desk_compares_two_revisions_and_names_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(dir.path()).unwrap();
    let id = common::new_review(&mut desk);
    let text = "Ministries met monthly.";
    desk.set_text(&id, "methodology.process", text).unwrap();
    desk.set_text(&id, "methodology.process", "Ministries met weekly.")
        .unwrap();
    desk.set_text(&id, "objectives.7.principles", "human_rights")
        .unwrap();

    let diffs = desk.compare(&id, 2, 4).unwrap();
    let paths: Vec<&str> = diffs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["methodology.process", "objectives.7.principles"]);
    assert_eq!(
        marked(&diffs[0].words),
        "Ministries met [-monthly-]{+weekly+}."
    );
    // Backwards reads the other way.
    let back = desk.compare(&id, 4, 2).unwrap();
    assert_eq!(back[1].change, Change::Removed);
    assert!(desk.compare(&id, 3, 3).unwrap().is_empty());

    let err = desk.compare(&id, 2, 9).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let message = err.to_string();
    assert!(message.contains("no revision 9"), "{message}");
    assert!(message.contains("1 to 4"), "{message}");
    assert!(desk.compare(&id, 0, 1).is_err());
}
