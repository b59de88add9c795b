/**
 * Import a package or a review file (`#import-dialog`): the core checks the file first; the user
 * sees the verdict, the review it holds, what importing will do (create the review, or add the
 * document as the newest revision of the same review), the answers a field map moved and those
 * it could not place; then confirms. An unsigned review is imported marked unverified.
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { pathLabel } from './template.js';
import { notify } from './widgets/dialogs.js';
import { verdictSummary } from './widgets/verdict.js';

function valueText(value) {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function actionText(preview) {
  if (preview.action === 'create') return t('import.willCreate');
  if (preview.action === 'add') return t('import.willAdd', { number: preview.revision });
  return t('import.already', { number: preview.revision });
}

/**
 * Asks for a file, then shows what importing it would do. `ctx`: `{ opener, onImported(id) }`.
 */
export async function openImport(ctx) {
  const { opener } = ctx;
  if (opener) opener.disabled = true;
  let chosen;
  try {
    chosen = await invoke('import_choose');
  } catch (error) {
    showRefusal(describeError(error), opener);
    return;
  } finally {
    if (opener) opener.disabled = false;
  }
  if (!chosen) {
    notify(t('import.noFile'));
    opener?.focus();
    return;
  }
  showPreview(chosen, ctx);
}

function dialogShell(title, opener, ...content) {
  document.getElementById('import-dialog')?.remove();
  const dialog = h('dialog', { id: 'import-dialog', class: 'dialog dialog-import', 'aria-labelledby': 'import-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'import-title', tabindex: '-1' }, title),
      h('button', { type: 'button', class: 'close', 'aria-label': t('import.close'), title: t('import.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    ...content);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (dialog.dataset.after !== 'keep-focus' && opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#import-title').focus();
  return dialog;
}

/** A file that could not be imported: the reason, in one line. */
function showRefusal(reason, opener) {
  const dialog = dialogShell(t('import.refusedTitle'), opener,
    h('p', { id: 'import-refused', class: 'form-error', role: 'alert', dir: 'auto' }, t('import.refused', { reason })),
    h('p', { class: 'help' }, t('import.nothingChanged')),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', class: 'primary', id: 'import-close', onClick: () => dialog.close() }, t('import.closeButton'))));
}

/**
 * The warning when the document would replace the text of a review that another key (or none)
 * signed, and the box the user ticks to import it anyway; null when no consent is needed.
 */
function consentSection(consent, onChange) {
  if (!consent) return null;
  const previous = consent.previous?.length ? consent.previous : null;
  const text = consent.incoming
    ? t(previous ? 'import.consentOtherKey' : 'import.consentNewKey', { previous: (previous ?? []).join(', '), incoming: consent.incoming })
    : t('import.consentUnsigned');
  const box = h('input', { type: 'checkbox', id: 'import-consent', onChange: () => onChange(box.checked) });
  return h('section', { id: 'import-consent-section', class: 'import-consent', 'aria-labelledby': 'import-consent-title' },
    h('h3', { id: 'import-consent-title' }, t('import.consentTitle')),
    h('p', { class: 'form-error', role: 'alert', dir: 'auto' }, text),
    h('div', { class: 'check-row' }, box, h('label', { for: 'import-consent' }, t('import.consentBox'))));
}

function showPreview({ name, handle, preview }, ctx) {
  const p = preview;
  const error = h('p', { id: 'import-error', class: 'form-error', role: 'alert' });
  const already = p.action === 'already_imported';
  let consented = !p.consent;
  const confirm = h('button', { type: 'button', id: 'import-confirm', class: 'primary', disabled: already || !consented, onClick: run }, t('import.confirm'));
  const consent = consentSection(p.consent, (checked) => {
    consented = checked;
    confirm.disabled = already || !consented;
  });
  const cleared = p.cleared?.length
    ? h('section', { id: 'import-cleared', class: 'import-cleared', 'aria-labelledby': 'import-cleared-title' },
      h('h3', { id: 'import-cleared-title' }, t('import.clearedTitle', { count: p.cleared.length, formatted: formatNumber(p.cleared.length) })),
      h('p', { class: 'help' }, t('import.clearedHint')),
      h('ul', {}, p.cleared.map((path) => h('li', { 'data-path': path }, pathLabel(path)))))
    : null;
  const verdict = p.verification
    ? h('section', { class: 'import-verdict', 'data-verdict': p.verification.verdict }, verdictSummary(p.verification, 0))
    : h('section', { class: 'import-verdict', 'data-verdict': 'unverified' },
      h('p', { class: 'verdict', role: 'status' },
        h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, '!'),
        h('span', { class: 'verdict-text' }, t('import.unsigned'))));
  const moved = p.moved?.length
    ? h('section', { class: 'import-moved', 'aria-labelledby': 'import-moved-title' },
      h('h3', { id: 'import-moved-title' }, t('import.movedTitle')),
      h('ul', {}, p.moved.map((m) => h('li', { 'data-from': m.from, 'data-to': m.to }, t('import.moved', { from: m.from, to: pathLabel(m.to) })))))
    : null;
  const unplaced = p.unplaced?.length
    ? h('section', { id: 'import-unplaced', class: 'import-unplaced', 'aria-labelledby': 'import-unplaced-title' },
      h('h3', { id: 'import-unplaced-title' }, t('import.unplacedTitle', { count: p.unplaced.length })),
      h('p', { class: 'help' }, t('import.unplacedHint')),
      h('dl', {}, p.unplaced.map((u) => [
        h('dt', { 'data-path': u.path }, u.path, ' ', h('span', { class: 'reason', lang: 'en' }, `(${u.reason})`)),
        h('dd', { dir: 'auto', class: 'ro-text' }, valueText(u.value)),
      ])))
    : null;

  const dialog = dialogShell(t('import.title'), ctx.opener,
    h('p', { class: 'import-file', dir: 'auto' }, name),
    verdict,
    p.verification ? null : h('dl', { class: 'facts' },
      h('dt', {}, t('import.review')), h('dd', { dir: 'auto', 'data-fact': 'review' }, `${p.memberState} · ${p.cycle}`),
      h('dt', {}, t('import.template')), h('dd', { 'data-fact': 'template' }, p.template)),
    h('p', { id: 'import-action', class: 'import-action', 'data-action-kind': p.action }, actionText(p)),
    consent, cleared, moved, unplaced, error,
    h('div', { class: 'button-row dialog-foot' }, confirm,
      h('button', { type: 'button', id: 'import-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));

  async function run() {
    confirm.disabled = true;
    dialog.setAttribute('aria-busy', 'true');
    error.textContent = '';
    try {
      const outcome = await invoke('import_file', { handle, consent: p.consent && consented ? p.consent.token : null });
      dialog.dataset.after = 'keep-focus';
      dialog.close();
      notify(outcome.verified ? t('import.done', { number: outcome.revision }) : t('import.doneUnverified', { number: outcome.revision }));
      ctx.onImported(outcome.id);
    } catch (err) {
      dialog.removeAttribute('aria-busy');
      confirm.disabled = false;
      error.textContent = t('import.failed', { reason: describeError(err) });
    }
  }
}
