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
  let rows = cleanRows(value, columns);
  const wrapper = h('div', { class: 'table-field', 'data-field': path, role: 'group', 'aria-labelledby': labelId });

  const emit = () => onEdit(path, rows.map((row) => ({ ...row })));
  const commit = () => {
    emit();
    onCommit(path);
  };

  /** A select for choice columns, a date input for date columns, a text input otherwise. */
  function control(column, value) {
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

  function cell(row, index, column) {
    const el = control(column, row[column.id] ?? '');
    el.dataset.field = path;
    el.dataset.row = String(index);
    el.dataset.column = column.id;
    el.setAttribute('aria-label', t('table.cell', { column: localised(column.label), row: index + 1 }));
    const update = () => {
      rows[index][column.id] = el.value;
      emit();
    };
    el.addEventListener('input', update);
    el.addEventListener('change', () => {
      update();
      onCommit(path);
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

  function move(index, delta, name) {
    const target = index + delta;
    [rows[index], rows[target]] = [rows[target], rows[index]];
    commit();
    render();
    focusAction(target, name);
  }

  function remove(index) {
    rows.splice(index, 1);
    commit();
    render();
    if (rows.length) focusCell(Math.min(index, rows.length - 1), 0);
    else wrapper.querySelector('.add-row').focus();
  }

  function add() {
    rows.push(Object.fromEntries(columns.map((c) => [c.id, ''])));
    commit();
    render();
    focusCell(rows.length - 1, 0);
  }

  function row(entry, index) {
    return h('tr', {},
      h('th', { scope: 'row', class: 'row-number' }, String(index + 1)),
      columns.map((column) => cell(entry, index, column)),
      h('td', { class: 'row-actions' },
        action('up', index, index === 0, () => move(index, -1, 'up')),
        action('down', index, index === rows.length - 1, () => move(index, 1, 'down')),
        action('remove', index, false, () => remove(index))));
  }

  function render() {
    const table = h('table', { class: 'data-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'row-number' }, srOnly(t('table.rowNumber'))),
        columns.map((c) => h('th', { scope: 'col' }, localised(c.label))),
        h('th', { scope: 'col' }, srOnly(t('table.actions'))))),
      h('tbody', {}, rows.map(row)));
    replace(wrapper,
      h('div', { class: 'table-scroll' }, rows.length ? table : h('p', { class: 'table-empty' }, t('table.empty'))),
      h('button', { type: 'button', class: 'add-row', onClick: add }, t('table.add')),
    );
  }

  function focusCell(index, columnIndex) {
    wrapper.querySelector(`[data-row="${index}"][data-column="${columns[columnIndex]?.id}"]`)?.focus();
  }

  function focusAction(index, name) {
    const button = wrapper.querySelector(`[data-row="${index}"][data-row-action="${name}"]`);
    const fallback = wrapper.querySelector(`[data-row="${index}"][data-row-action]:not([disabled])`);
    (button && !button.disabled ? button : fallback)?.focus();
  }

  function set(next) {
    const active = document.activeElement;
    const where = wrapper.contains(active) && active.dataset.column ? { row: active.dataset.row, column: active.dataset.column } : null;
    const fresh = cleanRows(next, columns);
    if (JSON.stringify(fresh) === JSON.stringify(rows)) return;
    rows = fresh;
    render();
    if (where) {
      wrapper.querySelector(`[data-row="${where.row}"][data-column="${where.column}"]`)?.focus();
    }
  }

  render();
  return {
    el: wrapper,
    set,
    focus: () => (wrapper.querySelector('[data-column]') ?? wrapper.querySelector('.add-row')).focus(),
  };
}
