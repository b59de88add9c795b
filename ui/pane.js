/**
 * The main pane: the selected section, the objectives overview, or one objective, with the
 * section's guidance (collapsible; the choice is remembered) and its fields.
 */

import { h, prefs } from './dom.js';
import { conflictNotice, renderField } from './fields.js';
import { localised, t } from './i18n.js';
import { markNode, objectiveStatus, statusText } from './marks.js';
import { navSequence, navTitle, objectiveOrder } from './nav.js';
import { fieldPath, objective, objectiveTitle, roundTableOf, roundTables, section, sectionTitle } from './template.js';

function guidance(s) {
  const text = localised(s.guidance);
  if (!text) return null;
  const key = `guidance.${s.id}`;
  const details = h('details', { class: 'guidance', open: prefs.get(key, 'open') === 'open' },
    h('summary', {}, t('pane.guidance')),
    text.split(/\n\s*\n/).map((paragraph) => h('p', { dir: 'auto' }, paragraph.trim())));
  details.addEventListener('toggle', () => prefs.set(key, details.open ? 'open' : 'closed'));
  return details;
}

function heading(text) {
  return h('h2', { class: 'pane-title', id: 'pane-title', tabindex: '-1' }, text);
}

/** Renders the fields of `s` (for objective `number`), registering each handle in `ed.fields`. */
function fieldList(s, number, ed, handlers) {
  return h('div', { class: 'fields' }, s.fields.map((field) => {
    const path = fieldPath(s, field, number);
    const handle = renderField({
      field,
      path,
      value: ed.values[path],
      lang: ed.summary.language,
      onEdit: handlers.onEdit,
      onCommit: handlers.onCommit,
    });
    ed.fields.set(path, handle);
    if (ed.notices.has(path)) handle.showNotice(conflictNotice(field, ed.notices.get(path), handlers.noticeActions(path)));
    return handle.el;
  }));
}

function stepper(ed, select) {
  const sequence = navSequence(ed.mode);
  const index = sequence.indexOf(ed.selected);
  const step = (target, key, className) =>
    target ? h('button', { type: 'button', class: `step ${className}`, onClick: () => select(target, { focus: true }) },
      h('span', { class: 'step-label' }, t(key)), h('span', { class: 'step-title' }, navTitle(target))) : h('span');
  return h('nav', { class: 'stepper', 'aria-label': t('pane.stepper') },
    step(sequence[index - 1], 'pane.previous', 'step-previous'),
    step(sequence[index + 1], 'pane.next', 'step-next'));
}

function objectiveCard(s, number, ed, select) {
  const o = objective(number);
  const status = objectiveStatus(ed.completeness, number);
  return h('li', {}, h('button', {
    type: 'button', class: 'objective-card', 'data-objective': number, onClick: () => select(`${s.id}.${number}`, { focus: true }),
  }, markNode(status),
  h('span', { class: 'card-number' }, String(number)),
  h('span', { class: 'card-text' }, h('span', { class: 'card-title' }, localised(o?.title)),
    h('span', { class: 'card-status', 'aria-hidden': 'true' }, statusText(status)))));
}

function overview(s, ed, select) {
  if (ed.mode === 'round-table' && roundTables().length) {
    return roundTables().map((rt) => h('section', { class: 'overview-group' },
      h('h3', {}, localised(rt.title)),
      h('ul', { class: 'objective-cards' }, rt.objectives.map((n) => objectiveCard(s, n, ed, select)))));
  }
  return h('ul', { class: 'objective-cards' }, objectiveOrder(ed.mode).map((n) => objectiveCard(s, n, ed, select)));
}

function sectionPane(s, ed, handlers) {
  return [heading(sectionTitle(s)), guidance(s),
    s.repeat === 'objectives'
      ? [h('p', { class: 'lead' }, t('pane.objectivesIntro')), overview(s, ed, handlers.select)]
      : fieldList(s, null, ed, handlers)];
}

function objectivePane(s, number, ed, handlers) {
  const o = objective(number) ?? { number, title: {} };
  const rt = roundTableOf(number);
  return [
    h('p', { class: 'breadcrumb' }, h('button', { type: 'button', class: 'link', onClick: () => handlers.select(s.id, { focus: true }) }, sectionTitle(s))),
    heading(objectiveTitle(o)),
    rt ? h('p', { class: 'meta' }, t('pane.inRoundTable', { title: localised(rt.title) })) : null,
    guidance(s),
    fieldList(s, number, ed, handlers),
  ];
}

/**
 * Builds the main pane for `ed.selected`. Handlers: `select(navId, options)`, `onEdit`,
 * `onCommit`, and `noticeActions(path)` returning the conflict notice's two actions.
 */
export function renderPane(ed, handlers) {
  ed.fields.clear();
  const [sectionId, number] = ed.selected.split('.');
  const s = section(sectionId);
  const body = number === undefined ? sectionPane(s, ed, handlers) : objectivePane(s, Number(number), ed, handlers);
  return h('div', { class: 'pane-inner' }, body, stepper(ed, handlers.select));
}
