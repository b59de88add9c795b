/**
 * What the export and package dialogs show once the file is written (`#export-result`): where
 * it was saved, draft or final, the document's fingerprint to read to the secretariat (copied
 * with one button, or shown in full), and for a package its PDF's fingerprint, what it
 * supersedes, and the actions Email to the secretariat and Show in folder.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { shortDigest } from './widgets/fingerprint.js';

/** The document's digest: the short form, Copy, and the full form to select by hand. */
function digestFact(full) {
  const copyNote = h('span', { class: 'copy-note', role: 'status' });
  const fullInput = h('input', { type: 'text', id: 'export-digest-full', readOnly: true, value: full, dir: 'ltr', class: 'mono', 'aria-label': t('export.digestFull'), onFocus: (e) => e.target.select() });
  const details = h('details', { class: 'digest-full' },
    h('summary', {}, t('export.digestShowFull')), fullInput);
  async function copy() {
    try {
      await navigator.clipboard.writeText(full);
      copyNote.textContent = t('export.copied');
    } catch {
      details.open = true;
      fullInput.focus();
      copyNote.textContent = t('export.copyByHand');
    }
  }
  return [
    h('dt', {}, t('export.digest')),
    h('dd', {},
      h('code', { id: 'export-digest', class: 'fingerprint', title: full, translate: 'no', 'data-digest': full }, shortDigest(full)),
      ' ', h('button', { type: 'button', id: 'export-copy-digest', class: 'link', onClick: copy }, t('export.copy')),
      ' ', copyNote,
      h('p', { class: 'help' }, t('export.digestHint')),
      details),
  ];
}

function packageFacts(written) {
  return [
    h('dt', {}, t('package.pdfFingerprint')),
    h('dd', {}, h('code', { id: 'package-pdf-fingerprint', class: 'fingerprint', translate: 'no', title: written.fingerprint }, shortDigest(written.fingerprint))),
    h('dt', {}, t('package.supersedes')),
    h('dd', { id: 'package-supersedes', 'data-supersedes': written.supersedes ?? '' },
      written.supersedes ? h('code', { class: 'fingerprint', translate: 'no', title: written.supersedes }, shortDigest(written.supersedes)) : t('package.firstSubmission')),
  ];
}

/**
 * The result section for `written` (the answer of `export_json` or `export_package`). With
 * `pkg`, also the package's facts and actions for review `id`; `onSubmitted()` runs after the
 * email draft was written.
 */
export function exportResult(written, { pkg, id, onSubmitted }) {
  const full = String(written.digest ?? '');
  const status = written.status === 'final' ? 'final' : 'draft';
  return h('section', { id: 'export-result', 'data-outcome': 'written', 'data-status': status, tabindex: '-1', 'aria-labelledby': 'export-result-title' },
    h('h3', { id: 'export-result-title' }, t(pkg ? 'package.done' : 'export.done')),
    h('dl', { class: 'facts' },
      h('dt', {}, t('export.savedTo')),
      h('dd', {}, h('span', { id: 'export-path', class: 'path', dir: 'auto' }, written.path)),
      h('dt', {}, t('export.statusLabel')),
      h('dd', { id: 'export-result-status' }, h('span', { class: `status-badge ${status}` }, t(`status.${status}`)),
        ' ', t(`export.statusMeaning.${status}`)),
      full ? digestFact(full) : null,
      pkg ? packageFacts(written) : null),
    pkg ? packageActions(written, id, onSubmitted) : null);
}

/** Email to the secretariat, and show in folder, for a written package. */
function packageActions(written, id, onSubmitted) {
  const note = h('p', { id: 'package-note', class: 'form-status', role: 'status' });
  const email = h('button', { type: 'button', id: 'package-email', class: 'primary', onClick: sendDraft }, t('package.email'));
  async function sendDraft() {
    email.disabled = true;
    note.textContent = t('package.emailing');
    try {
      const draft = await invoke('email_package', { id, package: written.handle });
      note.textContent = t('package.emailed', { to: draft.to, path: draft.path });
      note.dataset.eml = draft.path;
      onSubmitted?.();
    } catch (error) {
      note.textContent = t('package.emailFailed', { reason: describeError(error) });
    } finally {
      email.disabled = false;
    }
  }
  return h('div', { class: 'package-actions' },
    h('p', { class: 'help' }, t('package.emailHint')),
    h('div', { class: 'button-row' }, email,
      h('button', { type: 'button', id: 'package-show', onClick: () => invoke('show_in_folder', { handle: written.handle }).catch(() => {}) }, t('package.showInFolder'))),
    note);
}
