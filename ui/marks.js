/**
 * Completion marks for sections and objectives, read from the core's `Completeness`: a visible
 * symbol (never colour alone), a text alternative, and `data-complete` on the marked element.
 */

import { h, srOnly } from './dom.js';
import { formatPercent, t } from './i18n.js';

const SYMBOLS = { complete: '✓', partial: '◐', empty: '○', optional: '–', unreported: '○' };

/** The state of a section: complete, partial, empty, or optional (nothing required). */
export function sectionStatus(completeness, id) {
  const entry = completeness?.sections?.find((s) => s.id === id);
  if (!entry) return { state: 'empty', percent: 0 };
  if (!entry.required) return { state: 'optional', percent: 100 };
  return { state: stateOf(entry.percent), percent: entry.percent };
}

/** The state of an objective: complete, partial, or unreported. */
export function objectiveStatus(completeness, number) {
  const entry = completeness?.objectives?.find((o) => o.number === Number(number));
  if (!entry || !entry.reported) return { state: 'unreported', percent: entry?.percent ?? 0 };
  return { state: entry.percent >= 100 ? 'complete' : 'partial', percent: entry.percent };
}

function stateOf(percent) {
  if (percent >= 100) return 'complete';
  return percent > 0 ? 'partial' : 'empty';
}

/** True when nothing required is missing. */
export function isComplete(status) {
  return status.state === 'complete' || status.state === 'optional';
}

/** The words for a status: "complete", "in progress, 40 %", ... */
export function statusText(status) {
  return t(`mark.${status.state}`, { percent: formatPercent(status.percent) });
}

/** A mark element: the symbol for the eye, the words for screen readers. */
export function markNode(status) {
  return h('span', { class: 'mark', 'data-state': status.state },
    h('span', { class: 'mark-symbol', 'aria-hidden': 'true' }, SYMBOLS[status.state]),
    srOnly(statusText(status)));
}

/** Puts `status` on `el`: its `data-complete` attribute and its `.mark` child. */
export function applyMark(el, status) {
  el.dataset.complete = String(isComplete(status));
  const mark = markNode(status);
  const old = el.querySelector('.mark');
  if (old) old.replaceWith(mark);
  else el.prepend(mark);
}
