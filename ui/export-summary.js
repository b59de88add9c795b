/**
 * The summary at the top of the export and package dialogs (`#export-summary`): whether the
 * review will go out as a draft or final, then what is still wrong with it, errors first, each
 * entry a button that jumps to its field (a sign-off warning opens the Sign-off panel); with
 * approvals outstanding or stale, a warning that does not stop the export: the government
 * decides. The core decides what makes a draft.
 */

import { h } from './dom.js';
import { describeError, formatNumber, has, t } from './i18n.js';
import { invoke } from './ipc.js';
import { parsePath, pathLabel } from './template.js';
import { confirmDialog, notify } from './widgets/dialogs.js';

/** True when a diagnostic makes the export a draft: the core decides and says so. */
export function makesDraft(d) {
  return d.blocksFinal === true;
}

function diagnosticLabel(d) {
  const { section: s, objective: number, field } = parsePath(d.path);
  if (s && !field && s.repeat === 'objectives' && number === null) return t('missing.oneObjective');
  return pathLabel(d.path);
}

function codeText(d) {
  const key = `export.code.${d.code}`;
  return has(key) ? t(key) : d.message;
}

function entry(d, jump) {
  const message = d.code === 'missing' ? null : d.message;
  return h('li', { 'data-severity': d.severity },
    h('button', { type: 'button', class: 'link diagnostic', 'data-diagnostic-path': d.path, 'data-code': d.code, onClick: () => jump(d.path) },
      h('span', { class: 'diagnostic-field' }, diagnosticLabel(d)),
      h('span', { class: 'diagnostic-code' }, codeText(d))),
    message ? h('p', { class: 'diagnostic-detail', lang: 'en', dir: 'auto' }, message) : null);
}

function group(kind, list, jump) {
  if (!list.length) return null;
  const id = `export-${kind}-title`;
  return h('section', { class: `diagnostic-group ${kind}`, 'aria-labelledby': id },
    h('h3', { id }, t(`export.${kind}`, { count: list.length, formatted: formatNumber(list.length) })),
    h('ul', { 'aria-labelledby': id }, list.map((d) => entry(d, jump))));
}

/**
 * Marks the review final, the coordinator's decision; with approvals outstanding or stale the
 * core refuses until the user confirms the warning it gives. `done()` runs once it is final.
 */
async function markFinal(id, done) {
  try {
    await invoke('review_finalize', { id, confirmed: false });
  } catch (error) {
    if (error?.code !== 'approvals_pending') {
      notify(t('export.finalFailed', { reason: describeError(error) }), 'error');
      return;
    }
    const sure = await confirmDialog({ title: t('export.finalPendingTitle'), message: describeError(error), confirm: t('export.finalAnyway') });
    if (!sure) return;
    try {
      await invoke('review_finalize', { id, confirmed: true });
    } catch (again) {
      notify(t('export.finalFailed', { reason: describeError(again) }), 'error');
      return;
    }
  }
  notify(t('export.finalMarked'));
  done();
}

function statusSentence(diagnostics, final) {
  const blocking = diagnostics.filter(makesDraft).length;
  const warnings = diagnostics.length - blocking;
  if (blocking) {
    return h('p', { id: 'export-status', class: 'export-status', 'data-status': 'draft' },
      t('export.willBeDraft', { count: blocking, formatted: formatNumber(blocking) }));
  }
  if (diagnostics.some((d) => d.code === 'not_final')) {
    return h('div', { id: 'export-status', class: 'export-status', 'data-status': 'draft' },
      h('p', {}, t('export.notFinalYet')),
      h('button', { type: 'button', id: 'mark-final', onClick: () => markFinal(final.id, final.done) }, t('export.markFinal')));
  }
  return h('p', { id: 'export-status', class: 'export-status', 'data-status': 'final' },
    warnings ? t('export.willBeFinalWarnings', { count: warnings, formatted: formatNumber(warnings) }) : t('export.willBeFinal'));
}

/**
 * The summary of the core's `diagnostics`; `jump(path)` runs when an entry is chosen, and
 * `final: { id, done }` marks the review final, then `done()` refreshes the dialog.
 */
export function exportSummary(diagnostics, jump, final) {
  // That the review is not final yet is said by the status sentence, with its button.
  const listed = diagnostics.filter((d) => d.code !== 'not_final');
  const errors = listed.filter((d) => d.severity === 'error');
  const warnings = listed.filter((d) => d.severity !== 'error');
  const approvals = diagnostics.filter((d) => d.code === 'approval_outstanding' || d.code === 'approval_stale').length;
  return h('section', { id: 'export-summary', 'aria-labelledby': 'export-summary-title' },
    h('h3', { id: 'export-summary-title', class: 'visually-hidden' }, t('export.summary')),
    statusSentence(diagnostics, final),
    approvals ? h('p', { id: 'export-signoff-warning', class: 'conflict', role: 'note', 'data-count': String(approvals) },
      t('export.signoffWarning', { count: approvals, formatted: formatNumber(approvals) })) : null,
    listed.length ? h('p', { class: 'help' }, t('export.jumpHint')) : null,
    listed.length ? h('div', { class: 'diagnostics' }, group('errors', errors, jump), group('warnings', warnings, jump)) : null);
}
