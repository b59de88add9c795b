/**
 * What whole-of-government drafting adds to a field (./fields.js calls it on every field it
 * draws): read-only in a contribution workspace for the fields not assigned to its entity, the
 * small "assigned to" mark by the label, and who wrote the current text (provenance), in the
 * mark's hover and the field's detail line.
 *
 * Read-only is one attribute and one function: `data-readonly` on the field's wrapper, and
 * `setFieldReadOnly(el)` making every control inside it read-only (text: `readOnly`; choices,
 * boxes and buttons: `disabled`).
 */

import { h } from './dom.js';
import { t } from './i18n.js';

/** Makes the field whose wrapper is `el` read-only, visibly and for assistive technology. */
export function setFieldReadOnly(el) {
  el.dataset.readonly = 'true';
  for (const control of el.querySelectorAll('input, textarea, select, button')) {
    if (control.matches('textarea, input:not([type="checkbox"]):not([type="radio"]):not([type="date"])')) control.readOnly = true;
    else control.disabled = true;
    control.setAttribute('aria-readonly', 'true');
  }
  const label = el.querySelector('.field-label');
  label?.append(' ', h('span', { class: 'readonly-mark', 'data-readonly-mark': '' }, t('contrib.readOnlyMark')));
}

/** "Assigned to Ministry of Labour, Statistics Office", with who wrote the text on hover. */
function assignedMark(assignedTo, writtenBy) {
  const names = assignedTo.map((a) => a.name).join(t('list.separator'));
  return h('span', {
    class: 'assigned-mark',
    'data-assigned-to': assignedTo.map((a) => a.id).join(' '),
    title: writtenBy ? `${t('contrib.assignedTo', { names })} · ${writtenText(writtenBy)}` : t('contrib.assignedTo', { names }),
  }, t('contrib.assignedTo', { names }));
}

function writtenText(writtenBy) {
  return writtenBy.by === 'entity'
    ? t('contrib.writtenByEntity', { name: writtenBy.name, number: writtenBy.revision })
    : t('contrib.writtenByCoordinator', { number: writtenBy.revision });
}

/**
 * Adds the marks of whole-of-government drafting to a field handle (`{ el }`). `ctx`:
 * `{ readOnly, assignedTo: [{ id, name }], writtenBy: { by, name, revision } }`, each optional.
 * Only a text an entity wrote gets a detail line; the coordinator's own text gets none.
 */
export function applyFieldMarks(handle, { readOnly, assignedTo, writtenBy }) {
  const { el } = handle;
  if (readOnly) setFieldReadOnly(el);
  const label = el.querySelector('.field-label');
  if (assignedTo?.length && label) label.append(' ', assignedMark(assignedTo, writtenBy));
  if (writtenBy?.by === 'entity') {
    el.dataset.writtenBy = writtenBy.id;
    const slot = el.querySelector(':scope > .notice-slot');
    const line = h('p', { class: 'provenance', 'data-provenance': writtenBy.id, dir: 'auto' }, writtenText(writtenBy));
    if (slot) slot.before(line);
    else el.append(line);
  }
  return handle;
}
