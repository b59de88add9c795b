//! The Annex 1 template as data: sections, fields, objectives, principles, round tables.
//!
//! The format is described in `assets/templates/FORMAT.md`. Everything that renders or checks a
//! review (form, validation, completeness, document, PDF, diff) reads a [`Template`].

mod check;
mod map;
mod matching;
mod member_states;
mod path;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use check::TemplateError;
pub use map::{bundled_maps, FieldMap, MapError, TemplateVersion};
pub use matching::{matching_problems, normalize_heading, Matching, SectionRules, Synonyms};
pub use member_states::{member_state, member_state_name, member_states, MemberState};
pub use path::FieldRef;

/// The template every new review is drafted on, bundled with the app.
const BUILTIN: &str = include_str!("../../assets/templates/imrf-annex1.json");

/// The six official UN languages, by ISO 639-1 code: the languages a review can be written in.
pub const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// A text in several languages, keyed by ISO 639-1 code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    /// The text in `language`, else in English, else in any language present.
    pub fn get(&self, language: &str) -> &str {
        self.0
            .get(language)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A review template: the questions a review answers and how they are grouped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable id, recorded in every review (`imrf-annex1`).
    pub id: String,
    /// Version of this template; a new one when a field moves or goes.
    pub version: String,
    /// Languages every label and guidance text is given in.
    pub languages: Vec<String>,
    /// The document's title.
    pub title: Localized,
    /// The ten guiding principles, in order.
    pub principles: Vec<Principle>,
    /// The 23 objectives, by number.
    pub objectives: Vec<Objective>,
    /// The IMRF round tables, each a group of objectives.
    pub round_tables: Vec<RoundTable>,
    /// The sections, in template order.
    pub sections: Vec<Section>,
}

/// One of the GCM's guiding principles.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Stable id, the value stored when the principle is ticked.
    pub id: String,
    /// Its letter in GCM para 15 (a to j).
    pub letter: String,
    /// Its name.
    pub label: Localized,
}

/// One of the GCM's 23 objectives.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// 1 to 23.
    pub number: u8,
    /// The official title.
    pub title: Localized,
    /// The short name used in navigation.
    pub short: Localized,
}

/// An IMRF round table: the objectives discussed together.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundTable {
    /// 1 to 4.
    pub number: u8,
    /// Its heading.
    pub title: Localized,
    /// The objective numbers it covers.
    pub objectives: Vec<u8>,
}

/// A section of the template, with its guidance and fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// First part of every field path in the section.
    pub id: String,
    /// The number the template gives it, if any.
    pub number: Option<String>,
    /// Its heading.
    pub title: Localized,
    /// What the section asks for, in plain text.
    pub guidance: Localized,
    /// Set when the fields repeat for every objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

/// What a repeated section repeats over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    /// Once per objective: paths `objectives.<n>.<field>`.
    Objectives,
}

/// One question of the template.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Last part of the field path.
    pub id: String,
    /// What kind of answer it takes.
    pub kind: FieldKind,
    /// The question.
    pub label: Localized,
    /// A hint shown under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Localized>,
    /// Whether it counts towards completeness.
    #[serde(default)]
    pub required: bool,
    /// Advisory length limit in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_limit: Option<u32>,
    /// The choices of a `choice` or `multi` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Where the choices come from, instead of `options`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options_from: Option<OptionsFrom>,
    /// The columns of a `table` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<Column>,
    /// Whether a `richtext` answer may hold simple tables (the editor offers them, and a
    /// pasted table stays a table); every richtext answer is read with its tables all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tables: bool,
}

/// The kinds of answer a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Paragraphs in the Markdown subset.
    Richtext,
    /// One option.
    Choice,
    /// Several options.
    Multi,
    /// Yes or no.
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Rows of cells under declared columns.
    Table,
}

/// A list the options of a field are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionsFrom {
    /// The template's guiding principles.
    Principles,
    /// The UN Member States and observer States, by ISO 3166-1 alpha-3 code.
    MemberStates,
    /// The six UN languages.
    Languages,
}

/// One option of a choice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What is stored.
    pub value: String,
    /// What is shown.
    pub label: Localized,
}

/// A column of a table field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Key of the cell in each row.
    pub id: String,
    /// Its heading.
    pub label: Localized,
    /// Cell kind: `text` (default), `choice` or `date`.
    #[serde(default = "Column::default_kind")]
    pub kind: FieldKind,
    /// The choices of a `choice` column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
}

impl Column {
    fn default_kind() -> FieldKind {
        FieldKind::Text
    }
}

impl Template {
    /// The template bundled with the app.
    pub fn builtin() -> &'static Template {
        static TEMPLATE: OnceLock<Template> = OnceLock::new();
        // A start-up invariant: the bundled template is checked by the test suite.
        #[allow(clippy::expect_used)]
        TEMPLATE.get_or_init(|| {
            Template::from_json(BUILTIN.as_bytes()).expect("the bundled template is valid")
        })
    }

    /// The objective with this number.
    pub fn objective(&self, number: u8) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.number == number)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The values a choice or multi field accepts.
    pub fn option_values(&self, field: &Field) -> Vec<String> {
        match field.options_from {
            Some(OptionsFrom::Principles) => self.principles.iter().map(|p| p.id.clone()).collect(),
            Some(OptionsFrom::MemberStates) => {
                member_states().iter().map(|m| m.iso3.clone()).collect()
            }
            Some(OptionsFrom::Languages) => UN_LANGUAGES.iter().map(|l| l.to_string()).collect(),
            None => field.options.iter().map(|c| c.value.clone()).collect(),
        }
    }
}
