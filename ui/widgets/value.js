/**
 * Any answer shown as text, read-only, the way its field would show it: in History's revision
 * view (../history.js) and in the conflict notice (../fields.js).
 */

import { h } from '../dom.js';
import { localised, t } from '../i18n.js';
import { optionsFor } from '../template.js';

/** True for the values the template counts as not answered. */
export function isUnanswered(value) {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

/** Shows a value as text, read-only, the way the field would show it. */
export function readOnlyValue(field, value) {
  if (isUnanswered(value)) return h('p', { class: 'ro-empty' }, t('value.empty'));
  switch (field?.kind) {
    case 'bool':
      return h('p', { class: 'ro-value' }, value ? t('value.yes') : t('value.no'));
    case 'choice':
      return h('p', { class: 'ro-value', dir: 'auto' }, optionLabel(field, value));
    case 'multi':
      return h('ul', { class: 'ro-list' }, value.map((v) => h('li', { dir: 'auto' }, optionLabel(field, v))));
    case 'table':
      return readOnlyTable(field, value);
    default:
      return h('div', { class: 'ro-text', dir: 'auto' }, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

function optionLabel(field, value) {
  return optionsFor(field).find((o) => o.value === value)?.label ?? String(value);
}

function readOnlyTable(field, rows) {
  const columns = field.columns ?? [];
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, localised(c.label))));
  const body = rows.map((row) => h('tr', {}, columns.map((c) => h('td', { dir: 'auto' }, cellText(c, row?.[c.id])))));
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data-table ro-table' }, h('thead', {}, head), h('tbody', {}, body)));
}

function cellText(column, value) {
  const text = String(value ?? '');
  return column.kind === 'choice' ? optionLabel(column, text) : text;
}
