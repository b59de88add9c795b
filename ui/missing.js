/**
 * "What is missing": the required answers the core reports as missing, grouped by section or
 * objective; each entry jumps to its field.
 */

import { h, replace } from './dom.js';
import { formatNumber, localised, t } from './i18n.js';
import { navIdFor, objective, objectiveTitle, parsePath, sectionTitle } from './template.js';
import { sidePanel } from './widgets/panel.js';

function entryLabel(path) {
  const { section: s, objective: number, field } = parsePath(path);
  if (field) return localised(field.label);
  if (s?.repeat === 'objectives' && number === null) return t('missing.oneObjective');
  return t('missing.section');
}

function groupTitle(navId) {
  const [sectionId, number] = navId.split('.');
  const { section: s } = parsePath(sectionId);
  if (!s) return navId;
  return number === undefined ? sectionTitle(s) : objectiveTitle(objective(number) ?? { number, title: {} });
}

function groups(missing) {
  const byNav = new Map();
  for (const item of missing ?? []) {
    const navId = navIdFor(item.path) ?? item.section ?? item.path;
    if (!byNav.has(navId)) byNav.set(navId, []);
    byNav.get(navId).push(item.path);
  }
  return byNav;
}

/** Builds `#missing-panel`; `goTo(path)` jumps to a field. Returns `{ el, update(completeness) }`. */
export function missingPanel({ goTo, close }) {
  const panel = sidePanel({ id: 'missing-panel', title: t('missing.title'), close });

  function update(completeness) {
    const missing = completeness?.missing ?? [];
    if (!missing.length) {
      replace(panel.body, h('p', { class: 'all-done' }, t('missing.none')));
      return;
    }
    replace(panel.body,
      h('p', { class: 'lead' }, t('missing.count', { count: missing.length, formatted: formatNumber(missing.length) })),
      [...groups(missing)].map(([navId, paths], index) => h('section', { class: 'missing-group' },
        h('h3', { id: `missing-group-${index}` }, groupTitle(navId)),
        h('ul', { 'aria-labelledby': `missing-group-${index}` }, paths.map((path) => h('li', {},
          h('button', { type: 'button', class: 'link', 'data-missing-path': path, onClick: () => goTo(path) }, entryLabel(path))))))));
  }

  return { el: panel.el, update };
}
