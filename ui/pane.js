/**
 * The main pane: the selected section, the objectives overview, or one objective, with the
 * section's guidance (collapsible; the choice is remembered) and its fields. It reads the editor
 * state (./editor-state.js) and returns the handles of the fields it drew; it changes nothing.
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

/** Renders the fields of `s` (for objective `number`), adding each handle to `fields`. */
function fieldList(s, number, state, handlers, fields) {
  return h('div', { class: 'fields' }, s.fields.map((field) => {
    const path = fieldPath(s, field, number);
    const handle = renderField({
      field,
      path,
      value: state.value(path),
      review: state.id,
      lang: state.summary.language,
      onEdit: handlers.onEdit,
      onCommit: handlers.onCommit,
      readOnly: state.isReadOnly(path),
      assignedTo: state.assignedTo(path),
      writtenBy: state.writtenBy(path),
    });
    fields.set(path, handle);
    if (state.hasNotice(path)) handle.showNotice(conflictNotice(field, state.notice(path), handlers.noticeActions(path)));
    return handle.el;
  }));
}

function stepper(state, select) {
  const sequence = navSequence(state.mode);
  const index = sequence.indexOf(state.selected);
  const step = (target, key, className) =>
    target ? h('button', { type: 'button', class: `step ${className}`, onClick: () => select(target, { focus: true }) },
      h('span', { class: 'step-label' }, t(key)), h('span', { class: 'step-title' }, navTitle(target))) : h('span');
  return h('nav', { class: 'stepper', 'aria-label': t('pane.stepper') },
    step(sequence[index - 1], 'pane.previous', 'step-previous'),
    step(sequence[index + 1], 'pane.next', 'step-next'));
}

function objectiveCard(s, number, state, select) {
  const o = objective(number);
  const status = objectiveStatus(state.completeness, number);
  return h('li', {}, h('button', {
    type: 'button', class: 'objective-card', 'data-objective': number, onClick: () => select(`${s.id}.${number}`, { focus: true }),
  }, markNode(status),
  h('span', { class: 'card-number' }, String(number)),
  h('span', { class: 'card-text' }, h('span', { class: 'card-title' }, localised(o?.title)),
    h('span', { class: 'card-status', 'aria-hidden': 'true' }, statusText(status)))));
}

function overview(s, state, select) {
  if (state.mode === 'round-table' && roundTables().length) {
    return roundTables().map((rt) => h('section', { class: 'overview-group' },
      h('h3', {}, localised(rt.title)),
      h('ul', { class: 'objective-cards' }, rt.objectives.map((n) => objectiveCard(s, n, state, select)))));
  }
  return h('ul', { class: 'objective-cards' }, objectiveOrder(state.mode).map((n) => objectiveCard(s, n, state, select)));
}

function sectionPane(s, state, handlers, fields) {
  return [heading(sectionTitle(s)), guidance(s),
    s.repeat === 'objectives'
      ? [h('p', { class: 'lead' }, t('pane.objectivesIntro')), overview(s, state, handlers.select)]
      : fieldList(s, null, state, handlers, fields)];
}

function objectivePane(s, number, state, handlers, fields) {
  const o = objective(number) ?? { number, title: {} };
  const rt = roundTableOf(number);
  return [
    h('p', { class: 'breadcrumb' }, h('button', { type: 'button', class: 'link', onClick: () => handlers.select(s.id, { focus: true }) }, sectionTitle(s))),
    heading(objectiveTitle(o)),
    rt ? h('p', { class: 'meta' }, t('pane.inRoundTable', { title: localised(rt.title) })) : null,
    guidance(s),
    fieldList(s, number, state, handlers, fields),
  ];
}

/**
 * Builds the main pane for `state.selected`. Handlers: `select(navId, options)`, `onEdit`,
 * `onCommit`, and `noticeActions(path)` returning the conflict notice's two actions. Returns
 * `{ el, fields }`: `fields` maps the path of each field shown to its handle (./fields.js).
 */
export function renderPane(state, handlers) {
  const fields = new Map();
  const [sectionId, number] = state.selected.split('.');
  const s = section(sectionId);
  const body = number === undefined
    ? sectionPane(s, state, handlers, fields)
    : objectivePane(s, Number(number), state, handlers, fields);
  return { el: h('div', { class: 'pane-inner' }, body, stepper(state, handlers.select)), fields };
}

/** Shows the core's completeness on the objective cards of the overview. */
export function updateObjectiveCards(main, completeness) {
  for (const card of main.querySelectorAll('[data-objective]')) {
    const status = objectiveStatus(completeness, card.dataset.objective);
    card.querySelector('.mark').replaceWith(markNode(status));
    card.querySelector('.card-status').textContent = statusText(status);
  }
}

/** Marks the fields in `handles` whose answers changed since the last submission (`changed(path)`). */
export function markChangedFields(handles, changed) {
  for (const [path, handle] of handles) {
    const isChanged = changed(path);
    handle.el.toggleAttribute('data-changed-since-submission', isChanged);
    const badge = handle.el.querySelector(':scope > .since-badge');
    if (isChanged && !badge) handle.el.append(h('p', { class: 'since-badge' }, t('editor.changedSinceSubmission')));
    if (!isChanged) badge?.remove();
  }
}
