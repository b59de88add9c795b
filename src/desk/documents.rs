//! Bringing an earlier review in from a document (Word, LibreOffice, PDF): a proposal of where
//! each block goes, which changes nothing, then the (possibly edited) plan applied as one
//! revision, with the file kept beside it and every block left out listed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::{Desk, DeskError};
use crate::document::{
    place_blocks, read_document, Block, BlockKind, Document, Format, PlacedBlock, Progress,
};
use crate::review::{check_value, Values};
use crate::sign::hex_sha256;
use crate::store::{NewSourceDocument, SourceDocument};
use crate::template::{self, FieldKind, Matching, UN_LANGUAGES};

/// The name and version of the placement plan format.
pub const PLAN_FORMAT: &str = "gcm-review-placement/1";

/// One block in a placement plan: where it goes. Only `field` is meant to be edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanBlock {
    /// The block's id in the document.
    pub id: u32,
    /// `heading`, `paragraph`, `list` or `table`.
    pub kind: BlockKind,
    /// The start of its text, to recognise it.
    #[serde(default)]
    pub preview: String,
    /// The field path it goes to; null: left out (kept with the original file).
    pub field: Option<String>,
    /// For a heading that gives structure: what it opens (a section id or
    /// `objectives.<n>`); such a heading is not content.
    #[serde(default)]
    pub heading: Option<String>,
    /// Why it was proposed there.
    #[serde(default)]
    pub reason: String,
}

/// Where every block of one document goes: the editable part of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlacementPlan {
    /// Always [`PLAN_FORMAT`].
    pub format: String,
    /// The document's file name.
    pub file: String,
    /// SHA-256 of the document: a plan applies only to the file it was made for.
    pub sha256: String,
    /// ISO 3166-1 alpha-3 code of the Member State.
    pub member_state: String,
    /// The reporting cycle the review is for.
    pub cycle: String,
    /// The review's language (for a new review).
    pub language: String,
    /// The review that gets a new revision; null: a new review is created.
    pub into: Option<String>,
    /// Every block, in document order.
    pub blocks: Vec<PlanBlock>,
}

/// A field the proposal fills, and from which blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProposedField {
    /// The field path.
    pub path: String,
    /// The blocks joined into it, in document order.
    pub blocks: Vec<u32>,
}

/// What importing a document would do; nothing was changed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentProposal {
    /// The file name.
    pub file: String,
    /// The format it was read as.
    pub format: Format,
    /// Its pages, for a PDF.
    pub pages: Option<u32>,
    /// What the reader noticed (images left out, a PDF's limits).
    pub notices: Vec<String>,
    /// The fields that would be filled, in template order.
    pub fields: Vec<ProposedField>,
    /// The blocks no field would get (structure headings aside).
    pub unplaced: Vec<u32>,
    /// The plan: every block with its proposed field and reason; edit and apply it.
    pub plan: PlacementPlan,
}

/// A block that an import left out: kept with the original file, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// Its id.
    pub id: u32,
    /// What it is.
    pub kind: BlockKind,
    /// The start of its text.
    pub preview: String,
    /// Why it was left out.
    pub reason: String,
}

/// What applying a plan did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentImportOutcome {
    /// The review.
    pub id: String,
    /// The revision that holds the imported answers (History: "imported from <file>").
    pub revision: u64,
    /// Whether the review was created.
    pub created: bool,
    /// The file name, as History shows it.
    pub file: String,
    /// The fields written.
    pub fields: Vec<String>,
    /// The blocks left out (kept with the original file in the store).
    pub left_out: Vec<LeftOut>,
}

impl Desk {
    /// Reads a document and proposes a place in the template for each block, for a new review
    /// of `member_state` and `cycle`, or a new revision of review `into`; changes nothing.
    /// `progress` hears pages (PDF) or paragraphs read.
    pub fn propose_document(
        &self,
        file_name: &str,
        bytes: &[u8],
        member_state: &str,
        cycle: &str,
        into: Option<&str>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<DocumentProposal, DeskError> {
        let iso3 = member_state.trim().to_ascii_uppercase();
        if template::member_state(&iso3).is_none() {
            return Err(DeskError::UnknownMemberState(member_state.to_string()));
        }
        let cycle = cycle.trim();
        if cycle.is_empty() {
            return Err(DeskError::NoCycle);
        }
        let into = into.map(|p| self.resolve(p)).transpose()?;
        let document = read_document(file_name, bytes, progress)?;
        let placement = place_blocks(self.template, &Matching::builtin(), &document);
        let language = placement
            .language
            .clone()
            .filter(|l| UN_LANGUAGES.contains(&l.as_str()))
            .unwrap_or_else(|| "en".to_string());
        let blocks: Vec<PlanBlock> = placement.blocks.into_iter().map(plan_block).collect();
        let mut fields: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for b in &blocks {
            if let Some(f) = &b.field {
                fields.entry(f.clone()).or_default().push(b.id);
            }
        }
        let order: Vec<String> = self.template.fields().iter().map(|f| f.path()).collect();
        let mut fields: Vec<ProposedField> = fields
            .into_iter()
            .map(|(path, blocks)| ProposedField { path, blocks })
            .collect();
        fields.sort_by_key(|f| order.iter().position(|p| *p == f.path));
        Ok(DocumentProposal {
            file: file_name.to_string(),
            format: document.format,
            pages: document.pages,
            notices: document.notices.clone(),
            fields,
            unplaced: blocks
                .iter()
                .filter(|b| b.field.is_none() && b.heading.is_none())
                .map(|b| b.id)
                .collect(),
            plan: PlacementPlan {
                format: PLAN_FORMAT.to_string(),
                file: file_name.to_string(),
                sha256: hex_sha256(bytes),
                member_state: iso3,
                cycle: cycle.to_string(),
                language,
                into,
                blocks,
            },
        })
    }

    /// Applies a placement plan to the document it was made for: a new review (or a new
    /// revision of `plan.into`) in one transaction, History saying "imported from <file>",
    /// the file kept beside it with the blocks left out. Every value is checked first;
    /// refused with the store unchanged if anything does not hold.
    pub fn apply_document(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        plan: &PlacementPlan,
    ) -> Result<DocumentImportOutcome, DeskError> {
        let invalid = |why: String| DeskError::InvalidPlan(why);
        if plan.format != PLAN_FORMAT {
            return Err(invalid(format!("its \"format\" is not \"{PLAN_FORMAT}\"")));
        }
        if plan.sha256 != hex_sha256(bytes) {
            return Err(DeskError::PlanMismatch(plan.file.clone()));
        }
        let document = read_document(file_name, bytes, &mut |_| {})?;
        let mut values = self.values_of_plan(&document, plan)?;
        let (id, create) = self.plan_target(plan, &mut values)?;
        let left_out = left_out(&document, plan);
        let kept = Value::Array(
            left_out
                .iter()
                .map(|(b, l)| json!({ "id": b.id, "kind": b.kind, "markdown": b.markdown, "reason": l.reason }))
                .collect(),
        );
        let fields: Vec<String> = values
            .keys()
            .filter(|p| !p.starts_with("cover."))
            .cloned()
            .collect();
        let template = (self.template.id.as_str(), self.template.version.as_str());
        let record = self.store.import_document(
            &id,
            create,
            template,
            &values,
            &NewSourceDocument {
                file_name: &plan.file,
                format: document.format.as_str(),
                file: bytes,
                left_out: &kept,
            },
        )?;
        Ok(DocumentImportOutcome {
            id: record.id,
            revision: record.revision,
            created: create,
            file: plan.file.clone(),
            fields,
            left_out: left_out.into_iter().map(|(_, l)| l).collect(),
        })
    }

    /// The review a plan goes into (`plan.into`, checked to be for the plan's Member State) or
    /// a new one (its cover from the plan), with the plan's cycle set in `values`.
    fn plan_target(
        &self,
        plan: &PlacementPlan,
        values: &mut Values,
    ) -> Result<(String, bool), DeskError> {
        let target = match &plan.into {
            Some(prefix) => {
                let id = self.resolve(prefix)?;
                self.check_assigned(&id, values.keys())?;
                let current = self.store.values(&id)?;
                let state = current.get("cover.member_state").and_then(Value::as_str);
                if state.is_some_and(|s| !s.eq_ignore_ascii_case(&plan.member_state)) {
                    return Err(DeskError::InvalidPlan(format!(
                        "review {id} is for {}, the plan for {}",
                        state.unwrap_or_default(),
                        plan.member_state
                    )));
                }
                (id, false)
            }
            None => {
                let iso3 = plan.member_state.trim().to_ascii_uppercase();
                if template::member_state(&iso3).is_none() {
                    return Err(DeskError::UnknownMemberState(plan.member_state.clone()));
                }
                if !UN_LANGUAGES.contains(&plan.language.as_str()) {
                    return Err(DeskError::UnknownLanguage(
                        plan.language.clone(),
                        UN_LANGUAGES.join(", "),
                    ));
                }
                values.insert("cover.member_state".into(), Value::String(iso3));
                values.insert(
                    "cover.language".into(),
                    Value::String(plan.language.clone()),
                );
                (Uuid::new_v4().to_string(), true)
            }
        };
        let cycle = plan.cycle.trim();
        if cycle.is_empty() {
            return Err(DeskError::NoCycle);
        }
        values.insert("cover.cycle".into(), Value::String(cycle.to_string()));
        Ok(target)
    }

    /// The documents imported into a review, with what they left out.
    pub fn source_documents(&self, id: &str) -> Result<Vec<SourceDocument>, DeskError> {
        Ok(self.store.source_documents(id)?)
    }

    /// The file of the document imported at `revision`, as it came.
    pub fn source_document_file(&self, id: &str, revision: u64) -> Result<Vec<u8>, DeskError> {
        Ok(self.store.source_document_file(id, revision)?)
    }

    /// The answers a plan gives: the blocks placed in each field, joined in document order,
    /// each value checked against its field.
    fn values_of_plan(
        &self,
        document: &Document,
        plan: &PlacementPlan,
    ) -> Result<Values, DeskError> {
        let invalid = |why: String| DeskError::InvalidPlan(why);
        let by_id: BTreeMap<u32, &Block> = document.blocks.iter().map(|b| (b.id, b)).collect();
        let mut seen = BTreeSet::new();
        let mut fields: BTreeMap<String, Vec<&Block>> = BTreeMap::new();
        for entry in &plan.blocks {
            let block = by_id
                .get(&entry.id)
                .ok_or_else(|| invalid(format!("the document has no block {}", entry.id)))?;
            if !seen.insert(entry.id) {
                return Err(invalid(format!("it lists block {} twice", entry.id)));
            }
            if block.kind != entry.kind {
                return Err(invalid(format!(
                    "block {} is a {}, not a {}",
                    entry.id,
                    block.kind.as_str(),
                    entry.kind.as_str()
                )));
            }
            if let Some(path) = &entry.field {
                fields.entry(path.clone()).or_default().push(block);
            }
        }
        let mut values = Values::new();
        for (path, mut blocks) in fields {
            blocks.sort_by_key(|b| b.id);
            let field = self
                .template
                .field(&path)
                .filter(|_| !path.starts_with("cover."))
                .ok_or_else(|| {
                    invalid(format!(
                        "the template has no field '{path}' a document can fill"
                    ))
                })?;
            let value = match field.field.kind {
                FieldKind::Richtext => Value::String(
                    blocks
                        .iter()
                        .map(|b| match b.kind {
                            BlockKind::Heading => format!("**{}**", b.markdown),
                            _ => b.markdown.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                ),
                FieldKind::Text => Value::String(
                    blocks
                        .iter()
                        .map(|b| b.text.replace('\n', " "))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                FieldKind::Table => table_value(&path, &field.field.columns, &blocks)?,
                _ => {
                    return Err(invalid(format!(
                        "'{path}' is a choice, yes/no or date question: place text in a text field"
                    )))
                }
            };
            values.insert(path.clone(), check_value(self.template, &path, &value)?);
        }
        Ok(values)
    }
}

fn plan_block(p: PlacedBlock) -> PlanBlock {
    PlanBlock {
        id: p.id,
        kind: p.kind,
        preview: p.preview,
        field: p.field,
        heading: p.heading,
        reason: p.reason,
    }
}

/// Tables placed in a table field: their rows below the header, cell by column in order.
fn table_value(
    path: &str,
    columns: &[crate::template::Column],
    blocks: &[&Block],
) -> Result<Value, DeskError> {
    let mut rows = Vec::new();
    for block in blocks {
        if block.kind != BlockKind::Table {
            return Err(DeskError::InvalidPlan(format!(
                "block {} is not a table, and '{path}' takes only tables",
                block.id
            )));
        }
        let width = block.rows.first().map_or(0, Vec::len);
        if width > columns.len() {
            return Err(DeskError::InvalidPlan(format!(
                "block {} has {width} columns, and '{path}' has {}",
                block.id,
                columns.len()
            )));
        }
        for row in block.rows.iter().skip(1) {
            let mut cells = Map::new();
            for (column, cell) in columns.iter().zip(row) {
                cells.insert(
                    column.id.clone(),
                    Value::String(crate::document::plain_of(cell)),
                );
            }
            rows.push(Value::Object(cells));
        }
    }
    Ok(Value::Array(rows))
}

/// The blocks of `document` that `plan` places nowhere (structure headings aside), with why.
fn left_out<'a>(document: &'a Document, plan: &PlacementPlan) -> Vec<(&'a Block, LeftOut)> {
    let placed: BTreeSet<u32> = plan
        .blocks
        .iter()
        .filter(|b| b.field.is_some())
        .map(|b| b.id)
        .collect();
    let structure: BTreeSet<u32> = plan
        .blocks
        .iter()
        .filter(|b| b.field.is_none() && b.heading.is_some() && b.kind == BlockKind::Heading)
        .map(|b| b.id)
        .collect();
    let reasons: BTreeMap<u32, &str> = plan
        .blocks
        .iter()
        .map(|b| (b.id, b.reason.as_str()))
        .collect();
    document
        .blocks
        .iter()
        .filter(|b| !placed.contains(&b.id) && !structure.contains(&b.id))
        .map(|b| {
            let reason = match reasons.get(&b.id) {
                Some(r) if !r.is_empty() => r.to_string(),
                Some(_) => "left out in the plan".to_string(),
                None => "the plan does not list it".to_string(),
            };
            (
                b,
                LeftOut {
                    id: b.id,
                    kind: b.kind,
                    preview: crate::document::preview(&b.text),
                    reason,
                },
            )
        })
        .collect()
}
