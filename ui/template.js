/**
 * The Annex 1 template as the UI sees it: sections, objectives, round tables, Member States, and
 * the field paths built from them (`methodology.process`, `objectives.7.measures`).
 * See assets/templates/FORMAT.md. Nothing here decides completeness or validity: the core does.
 */

import { compareText, localised, t } from './i18n.js';

/** The six UN official languages, in the order the UN lists them. */
export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];

let tpl = { sections: [], objectives: [], principles: [], round_tables: [] };
let states = [];

/** Keeps the template and the Member States list returned by `template_get`. */
export function setTemplate(template, memberStates) {
  tpl = template;
  states = memberStates ?? [];
}

export function sections() {
  return tpl.sections ?? [];
}

export function objectives() {
  return tpl.objectives ?? [];
}

export function roundTables() {
  return tpl.round_tables ?? [];
}

export function section(id) {
  return sections().find((s) => s.id === id) ?? null;
}

export function objective(number) {
  return objectives().find((o) => o.number === Number(number)) ?? null;
}

/** The section whose fields repeat once per objective, if any. */
export function objectivesSection() {
  return sections().find((s) => s.repeat === 'objectives') ?? null;
}

/** The round table an objective belongs to. */
export function roundTableOf(number) {
  return roundTables().find((rt) => rt.objectives.includes(Number(number))) ?? null;
}

/** "1. Methodology of the review", or the bare title for unnumbered sections. */
export function sectionTitle(s) {
  return s.number ? `${s.number}. ${localised(s.title)}` : localised(s.title);
}

/** "Objective 7: Address and reduce vulnerabilities in migration". */
export function objectiveTitle(o) {
  return t('objective.title', { number: o.number, title: localised(o.title) });
}

/** The ISO 3166-1 alpha-3 code of a Member State entry. */
export function memberStateCode(ms) {
  return ms.iso3 ?? ms.code ?? ms.id;
}

/** The Member States, sorted by their name in the UI language. */
export function memberStates() {
  return states
    .map((ms) => ({ code: memberStateCode(ms), name: localised(ms.name), english: ms.name?.en ?? '' }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** A Member State's name in the UI language, or `fallback` if the code is unknown. */
export function memberStateName(code, fallback = code) {
  const ms = states.find((s) => memberStateCode(s) === code);
  return ms ? localised(ms.name) : fallback;
}

/** A language's name from the catalogue ("French", "français"). */
export function languageName(code) {
  return code ? t(`language.${code}`) : '';
}

/** The options of a choice or multi field as `[{ value, label }]` in the UI language. */
export function optionsFor(field) {
  switch (field.options_from) {
    case 'principles':
      return (tpl.principles ?? []).map((p) => ({ value: p.id, label: `${p.letter}. ${localised(p.label)}` }));
    case 'member_states':
      return memberStates().map((ms) => ({ value: ms.code, label: ms.name }));
    case 'languages':
      return UN_LANGUAGES.map((code) => ({ value: code, label: languageName(code) }));
    default:
      return (field.options ?? []).map((o) => ({ value: o.value, label: localised(o.label) }));
  }
}

/** The field path of `field` in `s` (for objective `number` when the section repeats). */
export function fieldPath(s, field, number = null) {
  return number === null ? `${s.id}.${field.id}` : `${s.id}.${number}.${field.id}`;
}

/**
 * Splits a path into its parts: `{ section, objective, field }` (objects from the template;
 * `objective` is a number or null; `field` null when the path names a section or an objective).
 */
export function parsePath(path) {
  const [sectionId, second, third] = String(path).split('.');
  const s = section(sectionId);
  if (!s) return { section: null, objective: null, field: null };
  const repeats = s.repeat === 'objectives' && /^\d+$/.test(second ?? '');
  const number = repeats ? Number(second) : null;
  const fieldId = repeats ? third : second;
  const field = s.fields.find((f) => f.id === fieldId) ?? null;
  return { section: s, objective: number, field };
}

/** The navigation entry that shows `path`: a section id or `objectives.<n>`. */
export function navIdFor(path) {
  const { section: s, objective: number } = parsePath(path);
  if (!s) return null;
  return number === null ? s.id : `${s.id}.${number}`;
}

/** A short human name for a path: "Measures taken and results (objective 7)". */
export function pathLabel(path) {
  const { section: s, objective: number, field } = parsePath(path);
  if (!s) return path;
  if (!field) return number === null ? sectionTitle(s) : objectiveTitle(objective(number) ?? { number, title: '' });
  const label = localised(field.label);
  return number === null ? label : t('path.inObjective', { label, number });
}

/** Every field path of the template, in document order (objectives by number). */
export function allPaths() {
  const paths = [];
  for (const s of sections()) {
    const numbers = s.repeat === 'objectives' ? objectives().map((o) => o.number) : [null];
    for (const number of numbers) for (const field of s.fields) paths.push(fieldPath(s, field, number));
  }
  return paths;
}
