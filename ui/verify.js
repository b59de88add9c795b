/**
 * Open and verify: the user picks signed review files or packages; each gets a card in `#verify-results`
 * saying in plain words whether it can be trusted, who signed it, for which review, and how far its
 * key is trusted here. A key not yet trusted can be trusted after its fingerprint, shown in groups
 * first, was checked with the sender; the verdicts are then asked of the core again. The verdict
 * and its facts are drawn by ./widgets/verdict.js, which the import preview shares.
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { confirmDialog, notify } from './widgets/dialogs.js';
import { fingerprintNode } from './widgets/fingerprint.js';
import { verdictSummary } from './widgets/verdict.js';

/**
 * Asks the core to open files (its own file dialog) and shows the verdicts in `#verify-dialog`.
 * `button` is disabled while the files are chosen and read.
 */
export async function openVerify(button) {
  if (button) button.disabled = true;
  let results;
  try {
    results = await invoke('verify_open');
  } catch (error) {
    notify(t('verify.failed', { reason: describeError(error) }), 'error');
    return;
  } finally {
    if (button) button.disabled = false;
  }
  if (!results?.length) {
    notify(t('verify.noFile'));
    button?.focus();
    return;
  }
  showResults(results, button);
}

function showResults(results, opener) {
  document.getElementById('verify-dialog')?.remove();
  const list = h('ul', { id: 'verify-results', class: 'verify-results' });
  const justTrusted = new Set();

  function card(v, index) {
    const titleId = `verify-file-${index}`;
    const trustable = v.verdict === 'untrusted_key' || v.verdict === 'key_changed';
    const trust = trustable
      ? h('button', { type: 'button', 'data-action': 'trust', 'aria-describedby': `verify-fp-${index}`, onClick: () => markTrusted(v) }, t('verify.trust'))
      : null;
    return h('li', { class: 'verify-card', 'data-verdict': v.verdict, 'data-trust': v.trust ?? '', 'data-kid': v.kid ?? '', 'aria-labelledby': titleId },
      h('h3', { id: titleId, class: 'verify-file', dir: 'auto', title: v.file, tabindex: '-1' }, v.file),
      verdictSummary(v, index, trust),
      trustable ? h('p', { class: 'help' }, t('verify.trustHint')) : null,
      justTrusted.has(v.kid) ? h('p', { class: 'form-status', 'data-kind': 'ok', role: 'status' }, t('verify.trustedNow')) : null);
  }

  function render() {
    replace(list, results.map(card));
  }

  /** Shows the fingerprint in groups and asks whether the sender read out the same; then trusts it. */
  async function markTrusted(v) {
    const message = [
      h('span', {}, t('verify.trustCheck', { name: v.signer?.name ?? '' })),
      fingerprintNode(v.fingerprint, { id: 'trust-fingerprint', class: 'fingerprint-large', title: v.kid ?? '' }),
    ];
    const sure = await confirmDialog({
      title: t('verify.trustTitle'),
      message,
      confirm: t('verify.trustConfirm'),
    });
    if (!sure) return;
    try {
      await invoke('key_trust', { kid: v.kid, trusted: true });
      const again = await invoke('verify_again', { handles: results.map((r) => r.handle) });
      results.splice(0, results.length, ...again);
    } catch (error) {
      notify(t('verify.trustFailed', { reason: describeError(error) }), 'error');
      return;
    }
    justTrusted.add(v.kid);
    const index = results.findIndex((r) => r.kid === v.kid);
    render();
    list.children[index]?.querySelector('.verify-file')?.focus();
  }

  let after = null;
  const dialog = h('dialog', { id: 'verify-dialog', class: 'dialog dialog-verify', 'aria-labelledby': 'verify-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'verify-title', tabindex: '-1' }, t('verify.title', { count: results.length, formatted: formatNumber(results.length) })),
      h('button', { type: 'button', class: 'close', 'aria-label': t('verify.close'), title: t('verify.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('p', { class: 'help' }, t('verify.intro')),
    list,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'verify-again', onClick: () => { after = () => openVerify(opener?.isConnected ? opener : null); dialog.close(); } }, t('verify.again')),
      h('button', { type: 'button', id: 'verify-close', class: 'primary', onClick: () => dialog.close() }, t('verify.closeButton'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (after) after();
    else if (opener?.isConnected) opener.focus();
  });
  render();
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#verify-title').focus();
}
