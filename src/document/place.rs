//! Proposing a place in the template for every block of a document. Pure, and driven by the
//! template's heading rules ([`Matching`]): section headings go by their synonyms in the six
//! languages, objectives by number ("Objective 7", "Obj. 7", "الهدف 7", "目标7") or by their
//! official or short titles, sub-headings by their fields' synonyms. Text right under a
//! section or objective heading goes to its first text field (an objective's: measures taken);
//! text under no recognised heading stays unplaced. Section and objective headings are
//! structure, not content.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{BlockKind, Document};
use crate::template::{normalize_heading, FieldKind, Matching, Repeat, Template};

/// Where a block goes, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacedBlock {
    /// The block's id.
    pub id: u32,
    /// What it is.
    pub kind: BlockKind,
    /// The start of its text.
    pub preview: String,
    /// The field path it goes to; none: left out.
    pub field: Option<String>,
    /// For a heading that gives structure: the section id or `objectives.<n>` it opens.
    pub heading: Option<String>,
    /// Why, in one line.
    pub reason: String,
}

/// A proposal for every block, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// One entry per block.
    pub blocks: Vec<PlacedBlock>,
    /// The language most recognised headings were in, if any.
    pub language: Option<String>,
}

/// How long a preview is, in characters.
const PREVIEW_CHARS: usize = 80;

/// A block's text cut to a preview.
pub fn preview(text: &str) -> String {
    let one_line = text.split('\n').collect::<Vec<_>>().join(" / ");
    let mut out: String = one_line.chars().take(PREVIEW_CHARS).collect();
    if one_line.chars().count() > PREVIEW_CHARS {
        out.push('…');
    }
    out
}

/// One heading to recognise: its normalised text, what it names, and its language.
struct Rule {
    norm: String,
    target: String,
    language: String,
}

/// The best rule for a heading: the longest whose text is the heading or begins it.
fn best<'r>(heading: &str, rules: &'r [Rule]) -> Option<&'r Rule> {
    rules
        .iter()
        .filter(|r| {
            heading == r.norm
                || heading.starts_with(&format!("{} ", r.norm))
                || (!r.norm.is_ascii()
                    && r.norm.chars().all(|c| c as u32 >= 0x2E80)
                    && heading.starts_with(&r.norm))
        })
        .max_by_key(|r| r.norm.chars().count())
}

fn rules_of(list: &mut Vec<Rule>, target: &str, texts: &BTreeMap<String, Vec<String>>) {
    for (language, words) in texts {
        for word in words {
            list.push(Rule {
                norm: normalize_heading(word),
                target: target.to_string(),
                language: language.clone(),
            });
        }
    }
}

fn localized(list: &mut Vec<Rule>, target: &str, text: &crate::template::Localized) {
    for (language, t) in &text.0 {
        list.push(Rule {
            norm: normalize_heading(t),
            target: target.to_string(),
            language: language.clone(),
        });
    }
}

/// Where text is going.
#[derive(Clone)]
struct Context {
    section: String,
    objective: Option<u8>,
    level: u8,
    /// The field a sub-heading chose, and that heading's level.
    field: Option<(String, u8)>,
    heading: String,
}

/// The heading rules compiled for one template.
struct Rules<'t> {
    template: &'t Template,
    sections: Vec<Rule>,
    fields: BTreeMap<String, Vec<Rule>>,
    objectives: Vec<Rule>,
    words: Vec<Rule>,
}

impl<'t> Rules<'t> {
    fn new(template: &'t Template, matching: &Matching) -> Rules<'t> {
        let (mut sections, mut objectives, mut words) = (Vec::new(), Vec::new(), Vec::new());
        let mut fields = BTreeMap::new();
        for section in &template.sections {
            if section.number.is_none() && section.id == "cover" {
                continue;
            }
            localized(&mut sections, &section.id, &section.title);
            let own = matching.sections.get(&section.id);
            if let Some(own) = own {
                rules_of(&mut sections, &section.id, &own.headings);
            }
            let mut list = Vec::new();
            for field in section.fields.iter().filter(|f| placeable(f.kind)) {
                localized(&mut list, &field.id, &field.label);
                if let Some(texts) = own.and_then(|o| o.fields.get(&field.id)) {
                    rules_of(&mut list, &field.id, texts);
                }
            }
            fields.insert(section.id.clone(), list);
        }
        for o in &template.objectives {
            localized(&mut objectives, &o.number.to_string(), &o.title);
            localized(&mut objectives, &o.number.to_string(), &o.short);
        }
        rules_of(&mut words, "", &matching.objective_words);
        Rules {
            template,
            sections,
            fields,
            objectives,
            words,
        }
    }

    /// An objective named by its number after one of the words.
    fn objective_number(&self, heading: &str) -> Option<(u8, &Rule)> {
        self.words.iter().find_map(|w| {
            let rest = heading.strip_prefix(&w.norm)?;
            let spaced = rest.starts_with(' ');
            let rest = rest.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = &rest[digits.len()..];
            let cjk = w.norm.chars().all(|c| c as u32 >= 0x2E80);
            let n: u8 = digits.parse().ok()?;
            ((spaced || cjk) && (after.is_empty() || after.starts_with(' ')))
                .then_some(())
                .and(self.template.objective(n).map(|_| (n, w)))
        })
    }

    fn first_text_field(&self, section: &str) -> Option<String> {
        let section = self.template.section(section)?;
        section
            .fields
            .iter()
            .find(|f| f.kind == FieldKind::Richtext)
            .or_else(|| section.fields.iter().find(|f| f.kind == FieldKind::Text))
            .map(|f| f.id.clone())
    }

    fn path(&self, context: &Context, field: &str) -> Option<String> {
        let section = self.template.section(&context.section)?;
        match (section.repeat, context.objective) {
            (Some(Repeat::Objectives), Some(n)) => Some(format!("{}.{n}.{field}", section.id)),
            (Some(Repeat::Objectives), None) => None,
            (None, _) => Some(format!("{}.{field}", section.id)),
        }
    }
}

/// Fields a block can be placed in.
fn placeable(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Richtext | FieldKind::Text | FieldKind::Table
    )
}

/// Proposes a place for every block of `document` on `template`. Long because it is one pass
/// over the blocks in document order, carrying the section, objective and field in force.
pub fn place_blocks(template: &Template, matching: &Matching, document: &Document) -> Placement {
    let rules = Rules::new(template, matching);
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    let mut context: Option<Context> = None;
    let mut out = Vec::with_capacity(document.blocks.len());
    for block in &document.blocks {
        let mut placed = PlacedBlock {
            id: block.id,
            kind: block.kind,
            preview: preview(&block.text),
            field: None,
            heading: None,
            reason: String::new(),
        };
        if block.kind == BlockKind::Heading {
            let norm = normalize_heading(&block.text);
            let level = block.level;
            let deeper = context.as_ref().is_some_and(|c| level > c.level);
            if let Some(c) = context.as_mut() {
                if c.field.as_ref().is_some_and(|(_, l)| level <= *l) {
                    c.field = None;
                }
            }
            let open = |section: &str, objective: Option<u8>| Context {
                section: section.to_string(),
                objective,
                level,
                field: None,
                heading: block.text.clone(),
            };
            let field_rule = context.as_ref().filter(|_| deeper).and_then(|c| {
                let rule = best(&norm, rules.fields.get(&c.section)?)?;
                Some((rules.path(c, &rule.target), rule))
            });
            if let Some((n, w)) = rules.objective_number(&norm) {
                *votes.entry(w.language.clone()).or_default() += 1;
                context = Some(open("objectives", Some(n)));
                placed.heading = Some(format!("objectives.{n}"));
                placed.reason = format!("heading '{}' names objective {n}", block.text);
            } else if let Some((Some(path), rule)) = field_rule {
                *votes.entry(rule.language.clone()).or_default() += 1;
                if let Some(c) = context.as_mut() {
                    c.field = Some((path.clone(), level));
                }
                placed.heading = Some(path.clone());
                placed.reason = format!("heading '{}' matched field {path}", block.text);
            } else if let Some(rule) = best(&norm, &rules.sections) {
                *votes.entry(rule.language.clone()).or_default() += 1;
                context = Some(open(&rule.target, None));
                placed.heading = Some(rule.target.clone());
                placed.reason = format!("heading '{}' matched section {}", block.text, rule.target);
            } else if let Some(rule) = best(&norm, &rules.objectives) {
                let n: u8 = rule.target.parse().unwrap_or(0);
                context = Some(open("objectives", Some(n)));
                placed.heading = Some(format!("objectives.{n}"));
                placed.reason = format!("heading '{}' is the title of objective {n}", block.text);
            } else if deeper {
                // A sub-heading the rules do not know: kept as text where it stands.
                let target = context.as_ref().and_then(|c| {
                    c.field
                        .as_ref()
                        .map(|(p, _)| p.clone())
                        .or_else(|| rules.path(c, &rules.first_text_field(&c.section)?))
                });
                placed.reason = match &target {
                    Some(path) => format!(
                        "sub-heading '{}' matched no field: kept as text in {path}",
                        block.text
                    ),
                    None => format!(
                        "sub-heading '{}' matched no field, and no objective is open",
                        block.text
                    ),
                };
                placed.field = target;
            } else {
                context = None;
                placed.reason = format!(
                    "heading '{}' matches no section, field or objective of the template",
                    block.text
                );
            }
        } else {
            match &context {
                None => placed.reason = "under no recognised heading".to_string(),
                Some(c) => {
                    let target = c
                        .field
                        .as_ref()
                        .map(|(p, _)| p.clone())
                        .or_else(|| rules.path(c, &rules.first_text_field(&c.section)?));
                    placed.reason = match (&target, &c.field) {
                        (Some(path), Some(_)) => format!("under the heading of {path}"),
                        (Some(path), None) => {
                            format!("right under '{}': its first text field, {path}", c.heading)
                        }
                        (None, _) => format!("under '{}', before any objective heading", c.heading),
                    };
                    placed.field = target;
                }
            }
        }
        out.push(placed);
    }
    let language = votes
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(l, _)| l)
        .or_else(|| script_language(document));
    Placement {
        blocks: out,
        language,
    }
}

/// The language a document's script suggests, when no heading said.
fn script_language(document: &Document) -> Option<String> {
    let text: String = document
        .blocks
        .iter()
        .take(50)
        .map(|b| b.text.as_str())
        .collect();
    let count =
        |range: std::ops::RangeInclusive<char>| text.chars().filter(|c| range.contains(c)).count();
    let (ar, zh, ru) = (
        count('\u{0600}'..='\u{06FF}'),
        count('\u{4E00}'..='\u{9FFF}'),
        count('\u{0400}'..='\u{04FF}'),
    );
    let most = ar.max(zh).max(ru);
    (most > 20).then(|| {
        if most == ar {
            "ar"
        } else if most == zh {
            "zh"
        } else {
            "ru"
        }
        .to_string()
    })
}
