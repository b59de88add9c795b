/**
 * One renderer per template field kind (text, richtext, choice, multi, bool, date, table), and
 * the conflict notice (which shows the user's own value read-only, ./widgets/value.js).
 *
 * `renderField(ctx)` takes `{ field, path, value, review, lang, readOnly, onEdit(path, value),
 * onCommit(path) }` (`onEdit` on every change, `onCommit` when the user leaves the field) and
 * returns a handle `{ el, set(value), focus(), showNotice(node|null) }` (a richtext's also has
 * `setReadOnly(bool)` and `showMatch(match)`, for Find and replace). A field read-only in a
 * contribution workspace carries `data-readonly` on its wrapper (./field-marks.js).
 */

import { h, replace } from './dom.js';
import { applyFieldMarks } from './field-marks.js';
import { localised, t } from './i18n.js';
import { richtextControl, setTextValue, wordCounter } from './richtext.js';
import { tableControl } from './table.js';
import { optionsFor } from './template.js';
import { readOnlyValue } from './widgets/value.js';

/** The element id of a field's control: `f-objectives-7-measures`. */
export function controlId(path) {
  return `f-${String(path).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function labelText(field) {
  return [localised(field.label), field.required ? h('span', { class: 'required' }, ` ${t('field.required')}`) : null];
}

function helpFor(field, id) {
  return field.help ? h('p', { class: 'help', id: `${id}-help` }, localised(field.help)) : null;
}

/** Wraps a control with its label, help and a slot for notices; returns the field handle. */
function box(ctx, { label, control, set, focus }) {
  const notice = h('div', { class: 'notice-slot' });
  const el = h('div', { class: `field field-${ctx.field.kind}`, 'data-path': ctx.path }, label, control, notice);
  return { el, set, focus, showNotice: (node) => replace(notice, node) };
}

function standardLabel(ctx, id) {
  return [h('label', { for: id, class: 'field-label', id: `${id}-label` }, labelText(ctx.field)), helpFor(ctx.field, id)];
}

function textField(ctx) {
  const id = controlId(ctx.path);
  const counter = ctx.field.word_limit ? wordCounter(`${id}-words`, ctx.field.word_limit) : null;
  const describedBy = [ctx.field.help ? `${id}-help` : null, counter ? `${id}-words` : null].filter(Boolean).join(' ');
  const input = h('input', { type: 'text', id, dir: 'auto', lang: ctx.lang, 'data-field': ctx.path, 'aria-describedby': describedBy || null });
  input.value = ctx.value ?? '';
  input.addEventListener('input', () => {
    counter?.update(input.value);
    ctx.onEdit(ctx.path, input.value);
  });
  input.addEventListener('change', () => ctx.onCommit(ctx.path));
  counter?.update(input.value);
  return box(ctx, {
    label: standardLabel(ctx, id),
    control: [input, counter?.el],
    set: (value) => {
      setTextValue(input, value ?? '');
      counter?.update(input.value);
    },
    focus: () => input.focus(),
  });
}

function richtextField(ctx) {
  const id = controlId(ctx.path);
  const control = richtextControl({
    id,
    path: ctx.path,
    review: ctx.review,
    lang: ctx.lang,
    value: ctx.value,
    limit: ctx.field.word_limit,
    tables: ctx.field.tables === true,
    readOnly: ctx.readOnly,
    describedBy: ctx.field.help ? `${id}-help` : null,
    labelledBy: `${id}-label`,
    onInput: (value) => ctx.onEdit(ctx.path, value),
    onCommit: () => ctx.onCommit(ctx.path),
  });
  const label = standardLabel(ctx, id);
  // The label names an editor, not an input: a click on it puts the cursor in the answer.
  label[0].addEventListener('click', () => control.focus());
  const handle = box(ctx, { label, control: control.el, set: control.set, focus: control.focus });
  handle.setReadOnly = control.setReadOnly;
  handle.showMatch = control.showMatch;
  return handle;
}

function choiceField(ctx) {
  const id = controlId(ctx.path);
  const options = optionsFor(ctx.field);
  const select = h('select', { id, 'data-field': ctx.path, 'aria-describedby': ctx.field.help ? `${id}-help` : null });
  const fill = (value) => {
    const known = options.some((o) => o.value === value);
    replace(select,
      h('option', { value: '' }, t('field.choose')),
      options.map((o) => h('option', { value: o.value }, o.label)),
      value && !known ? h('option', { value }, value) : null,
    );
    select.value = value ?? '';
  };
  fill(ctx.value ?? '');
  select.addEventListener('change', () => {
    ctx.onEdit(ctx.path, select.value);
    ctx.onCommit(ctx.path);
  });
  return box(ctx, { label: standardLabel(ctx, id), control: select, set: (value) => fill(value ?? ''), focus: () => select.focus() });
}

function multiField(ctx) {
  const id = controlId(ctx.path);
  const options = optionsFor(ctx.field);
  const known = new Set(options.map((o) => o.value));
  let extras = [];
  const boxes = options.map((o) => h('input', { type: 'checkbox', id: `${id}-${o.value}`, 'data-field': ctx.path, 'data-option': o.value }));
  const set = (value) => {
    const chosen = Array.isArray(value) ? value : [];
    extras = chosen.filter((v) => !known.has(v));
    boxes.forEach((input) => { input.checked = chosen.includes(input.dataset.option); });
  };
  const emit = () => {
    ctx.onEdit(ctx.path, [...boxes.filter((b) => b.checked).map((b) => b.dataset.option), ...extras]);
    ctx.onCommit(ctx.path);
  };
  boxes.forEach((input) => input.addEventListener('change', emit));
  set(ctx.value);
  const fieldset = h('fieldset', { class: 'choices', 'data-field': ctx.path, 'aria-describedby': ctx.field.help ? `${id}-help` : null },
    h('legend', { class: 'field-label' }, labelText(ctx.field)),
    helpFor(ctx.field, id),
    h('ul', { class: 'choice-list' }, options.map((o, i) => h('li', {}, boxes[i], h('label', { for: boxes[i].id }, o.label)))));
  return box(ctx, { label: null, control: fieldset, set, focus: () => boxes[0]?.focus() });
}

function boolField(ctx) {
  const id = controlId(ctx.path);
  const input = h('input', { type: 'checkbox', id, 'data-field': ctx.path, 'aria-describedby': ctx.field.help ? `${id}-help` : null });
  input.checked = ctx.value === true;
  input.addEventListener('change', () => {
    ctx.onEdit(ctx.path, input.checked);
    ctx.onCommit(ctx.path);
  });
  const label = h('div', { class: 'toggle' }, input, h('label', { for: id, class: 'field-label' }, labelText(ctx.field)));
  return box(ctx, {
    label: [label, helpFor(ctx.field, id)],
    control: null,
    set: (value) => { input.checked = value === true; },
    focus: () => input.focus(),
  });
}

function dateField(ctx) {
  const id = controlId(ctx.path);
  const input = h('input', { type: 'date', id, 'data-field': ctx.path, 'aria-describedby': ctx.field.help ? `${id}-help` : null });
  input.value = ctx.value ?? '';
  input.addEventListener('input', () => ctx.onEdit(ctx.path, input.value));
  input.addEventListener('change', () => {
    ctx.onEdit(ctx.path, input.value);
    ctx.onCommit(ctx.path);
  });
  return box(ctx, { label: standardLabel(ctx, id), control: input, set: (value) => { input.value = value ?? ''; }, focus: () => input.focus() });
}

function tableField(ctx) {
  const id = controlId(ctx.path);
  const labelId = `${id}-label`;
  const control = tableControl({ ...ctx, labelId });
  const label = [h('p', { class: 'field-label', id: labelId }, labelText(ctx.field)), helpFor(ctx.field, id)];
  return box(ctx, { label, control: control.el, set: control.set, focus: control.focus });
}

const RENDERERS = {
  text: textField,
  richtext: richtextField,
  choice: choiceField,
  multi: multiField,
  bool: boolField,
  date: dateField,
  table: tableField,
};

/**
 * Renders one field of the template for editing. `ctx.readOnly`, `ctx.assignedTo` and
 * `ctx.writtenBy` add the marks of whole-of-government drafting (./field-marks.js).
 */
export function renderField(ctx) {
  return applyFieldMarks((RENDERERS[ctx.field.kind] ?? textField)(ctx), ctx);
}

/**
 * The notice shown next to a field that someone else changed while the user was typing:
 * the newer value is in the field; the user's own text is kept here until they choose.
 */
export function conflictNotice(field, mine, { useMine, keepNewer }) {
  return h('div', { class: 'conflict', role: 'alert' },
    h('p', { class: 'conflict-title' }, h('strong', {}, t('conflict.title'))),
    h('p', {}, t('conflict.text')),
    h('p', { class: 'conflict-label' }, t('conflict.yourText')),
    h('div', { class: 'conflict-mine' }, readOnlyValue(field, mine)),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'primary', 'data-action': 'use-mine', onClick: useMine }, t('conflict.useMine')),
      h('button', { type: 'button', 'data-action': 'keep-newer', onClick: keepNewer }, t('conflict.keepNewer'))));
}
