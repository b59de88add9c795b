/**
 * The table field: one row of inputs per entry, with buttons to add a row and to move a row up,
 * down or remove it. Every button has a spoken name ("Move row 2 up"); focus follows the row.
 */

import { h, replace, srOnly } from './dom.js';
import { localised, t } from './i18n.js';
import { optionsFor } from './template.js';

function cleanRows(value, columns) {
  if (!Array.isArray(value)) return [];
  return value.map((row) => Object.fromEntries(columns.map((c) => [c.id, String(row?.[c.id] ?? '')])));
}

/** Builds the table control; returns `{ el, set(value), focus() }`. */
export function tableControl({ field, path, value, lang, labelId, onEdit, onCommit }) {
  const columns = field.columns ?? [];
  // What the functions below share: the rows as the user edits them, and where they are drawn.
  const tc = {
    path,
    lang,
    columns,
    rows: cleanRows(value, columns),
    wrapper: h('div', { class: 'table-field', 'data-field': path, role: 'group', 'aria-labelledby': labelId }),
    onCommit,
  };
  tc.emit = () => onEdit(path, tc.rows.map((row) => ({ ...row })));
  tc.commit = () => {
    tc.emit();
    onCommit(path);
  };
  render(tc);
  return {
    el: tc.wrapper,
    set: (next) => set(tc, next),
    focus: () => (tc.wrapper.querySelector('[data-column]') ?? tc.wrapper.querySelector('.add-row')).focus(),
  };
}

/** A select for choice columns, a date input for date columns, a text input otherwise. */
function control(column, value, lang) {
  if (column.kind === 'choice') {
    const options = optionsFor(column);
    const select = h('select', {},
      h('option', { value: '' }, t('field.choose')),
      options.map((o) => h('option', { value: o.value }, o.label)),
      value && !options.some((o) => o.value === value) ? h('option', { value }, value) : null);
    select.value = value;
    return select;
  }
  const input = h('input', { type: column.kind === 'date' ? 'date' : 'text', dir: column.kind === 'date' ? null : 'auto', lang });
  input.value = value;
  return input;
}

function cell(tc, row, index, column) {
  const el = control(column, row[column.id] ?? '', tc.lang);
  el.dataset.field = tc.path;
  el.dataset.row = String(index);
  el.dataset.column = column.id;
  el.setAttribute('aria-label', t('table.cell', { column: localised(column.label), row: index + 1 }));
  const update = () => {
    tc.rows[index][column.id] = el.value;
    tc.emit();
  };
  el.addEventListener('input', update);
  el.addEventListener('change', () => {
    update();
    tc.onCommit(tc.path);
  });
  return h('td', {}, el);
}

function action(name, index, disabled, run) {
  return h('button', {
    type: 'button',
    class: `row-action row-${name}`,
    'data-row-action': name,
    'data-row': index,
    disabled,
    title: t(`table.${name}`, { row: index + 1 }),
    'aria-label': t(`table.${name}`, { row: index + 1 }),
    onClick: run,
  }, h('span', { 'aria-hidden': 'true' }, t(`table.${name}Short`)));
}

function move(tc, index, delta, name) {
  const { rows } = tc;
  const target = index + delta;
  [rows[index], rows[target]] = [rows[target], rows[index]];
  tc.commit();
  render(tc);
  focusAction(tc, target, name);
}

function remove(tc, index) {
  tc.rows.splice(index, 1);
  tc.commit();
  render(tc);
  if (tc.rows.length) focusCell(tc, Math.min(index, tc.rows.length - 1), 0);
  else tc.wrapper.querySelector('.add-row').focus();
}

function add(tc) {
  tc.rows.push(Object.fromEntries(tc.columns.map((c) => [c.id, ''])));
  tc.commit();
  render(tc);
  focusCell(tc, tc.rows.length - 1, 0);
}

function row(tc, entry, index) {
  return h('tr', {},
    h('th', { scope: 'row', class: 'row-number' }, String(index + 1)),
    tc.columns.map((column) => cell(tc, entry, index, column)),
    h('td', { class: 'row-actions' },
      action('up', index, index === 0, () => move(tc, index, -1, 'up')),
      action('down', index, index === tc.rows.length - 1, () => move(tc, index, 1, 'down')),
      action('remove', index, false, () => remove(tc, index))));
}

function render(tc) {
  const table = h('table', { class: 'data-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'row-number' }, srOnly(t('table.rowNumber'))),
      tc.columns.map((c) => h('th', { scope: 'col' }, localised(c.label))),
      h('th', { scope: 'col' }, srOnly(t('table.actions'))))),
    h('tbody', {}, tc.rows.map((entry, index) => row(tc, entry, index))));
  replace(tc.wrapper,
    h('div', { class: 'table-scroll' }, tc.rows.length ? table : h('p', { class: 'table-empty' }, t('table.empty'))),
    h('button', { type: 'button', class: 'add-row', onClick: () => add(tc) }, t('table.add')),
  );
}

function focusCell(tc, index, columnIndex) {
  tc.wrapper.querySelector(`[data-row="${index}"][data-column="${tc.columns[columnIndex]?.id}"]`)?.focus();
}

function focusAction(tc, index, name) {
  const button = tc.wrapper.querySelector(`[data-row="${index}"][data-row-action="${name}"]`);
  const fallback = tc.wrapper.querySelector(`[data-row="${index}"][data-row-action]:not([disabled])`);
  (button && !button.disabled ? button : fallback)?.focus();
}

/** Shows `next` (a value from elsewhere), keeping the cursor in the cell it was in. */
function set(tc, next) {
  const { wrapper } = tc;
  const active = document.activeElement;
  const where = wrapper.contains(active) && active.dataset.column ? { row: active.dataset.row, column: active.dataset.column } : null;
  const fresh = cleanRows(next, tc.columns);
  if (JSON.stringify(fresh) === JSON.stringify(tc.rows)) return;
  tc.rows = fresh;
  render(tc);
  if (where) {
    wrapper.querySelector(`[data-row="${where.row}"][data-column="${where.column}"]`)?.focus();
  }
}
