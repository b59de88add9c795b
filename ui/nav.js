/**
 * The navigation pane: the template's sections and, under the objectives section, the 23
 * objectives by number or grouped by IMRF round table, each with a completion mark. It reads
 * the editor state (./editor-state.js: `selected`, `mode`, `completeness`) and changes nothing.
 */

import { h } from './dom.js';
import { localised, t } from './i18n.js';
import { applyMark, objectiveStatus, sectionStatus } from './marks.js';
import { objectives, objectivesSection, roundTables, sections, sectionTitle } from './template.js';

/** The objective numbers in the order the chosen view shows them. */
export function objectiveOrder(mode) {
  if (mode === 'round-table' && roundTables().length) return roundTables().flatMap((rt) => rt.objectives);
  return objectives().map((o) => o.number);
}

/** Every navigation entry in reading order: section ids and `objectives.<n>`. */
export function navSequence(mode) {
  return sections().flatMap((s) =>
    s.repeat === 'objectives' ? [s.id, ...objectiveOrder(mode).map((n) => `${s.id}.${n}`)] : [s.id]);
}

/** The human title of a navigation entry. */
export function navTitle(navId) {
  const [sectionId, number] = navId.split('.');
  if (number === undefined) return sectionTitle(sections().find((s) => s.id === sectionId));
  const o = objectives().find((x) => x.number === Number(number));
  return t('objective.short', { number, short: localised(o?.short) });
}

function entry(navId, label, status, state, select, extra = {}) {
  const button = h('button', {
    type: 'button',
    class: 'nav-item',
    'data-nav': navId,
    'aria-current': state.selected === navId ? 'true' : null,
    onClick: () => select(navId, { focus: true }),
    ...extra,
  }, h('span', { class: 'nav-label' }, label));
  applyMark(button, status);
  return button;
}

function objectiveEntry(s, number, state, select) {
  const o = objectives().find((x) => x.number === number);
  return h('li', {}, entry(`${s.id}.${number}`,
    [h('span', { class: 'nav-number' }, String(number)), h('span', {}, localised(o?.short))],
    objectiveStatus(state.completeness, number), state, select, { class: 'nav-item nav-objective', title: localised(o?.title) }));
}

function modeSwitch(state, setMode) {
  const button = (id, mode, label) =>
    h('button', { type: 'button', id, class: 'switch', 'aria-pressed': String(state.mode === mode), onClick: () => setMode(mode) }, label);
  return h('div', { class: 'nav-switch', role: 'group', 'aria-label': t('nav.order') },
    button('nav-by-number', 'number', t('nav.byNumber')),
    button('nav-by-round-table', 'round-table', t('nav.byRoundTable')));
}

function objectiveList(s, state, select) {
  if (state.mode !== 'round-table' || !roundTables().length) {
    return h('ul', { class: 'nav-objectives' }, objectives().map((o) => objectiveEntry(s, o.number, state, select)));
  }
  return h('ul', { class: 'nav-objectives nav-groups' }, roundTables().map((rt) => {
    const id = `nav-rt-${rt.number}`;
    return h('li', { class: 'nav-group' },
      h('p', { class: 'nav-group-title', id }, localised(rt.title)),
      h('ul', { 'aria-labelledby': id }, rt.objectives.map((n) => objectiveEntry(s, n, state, select))));
  }));
}

/** Builds the navigation pane. `select(navId)` shows an entry; `setMode(mode)` switches the order. */
export function renderNav(state, { select, setMode }) {
  const list = h('ul', { class: 'nav-sections' }, sections().map((s) => {
    const item = h('li', {}, entry(s.id, sectionTitle(s), sectionStatus(state.completeness, s.id), state, select));
    if (s === objectivesSection()) item.append(modeSwitch(state, setMode), objectiveList(s, state, select));
    return item;
  }));
  return h('nav', { id: 'nav', 'aria-label': t('nav.label') }, list);
}

/** Refreshes every mark in the pane after a save. */
export function updateNav(nav, completeness) {
  for (const button of nav.querySelectorAll('[data-nav]')) {
    const [sectionId, number] = button.dataset.nav.split('.');
    applyMark(button, number === undefined ? sectionStatus(completeness, sectionId) : objectiveStatus(completeness, number));
  }
}

/** Marks the selected entry. */
export function markSelected(nav, navId) {
  for (const button of nav.querySelectorAll('[data-nav]')) {
    if (button.dataset.nav === navId) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}
