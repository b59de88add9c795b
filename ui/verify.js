/**
 * Open and verify: the user picks signed review files or packages; each gets a card in `#verify-results`
 * saying in plain words whether it can be trusted, who signed it, for which review, and how far its
 * key is trusted here. A key not yet trusted can be trusted after its fingerprint, shown in groups
 * first, was checked with the sender; the verdicts are then asked of the core again.
 */

import { confirmDialog, notify } from './dialogs.js';
import { h, replace } from './dom.js';
import { describeError, formatDateTime, formatNumber, has, t } from './i18n.js';
import { invoke } from './ipc.js';
import { shortDigest } from './export.js';
import { fingerprintNode } from './settings.js';

const MARKS = { valid: '✓', untrusted_key: '!', key_changed: '⚠', invalid: '✕' };

/** The reason a file is not valid, in the catalogue's words when the core gives a known code. */
function reasonText(v) {
  for (const key of [`verify.reason.${v.reasonCode}`, `error.${v.reasonCode}`]) {
    if (v.reasonCode && has(key)) return t(key);
  }
  return v.reason || t('error.unknown');
}

function verdictText(v) {
  if (v.verdict === 'valid') {
    const name = v.signer?.name ?? '';
    return v.signer?.ministry
      ? t('verify.valid', { name, ministry: v.signer.ministry })
      : t('verify.validNoMinistry', { name });
  }
  if (v.verdict === 'untrusted_key') return t('verify.untrustedKey');
  if (v.verdict === 'key_changed') {
    return t('verify.keyChanged', { pinned: (v.keyChange?.pinned ?? []).join(', '), incoming: v.keyChange?.incoming ?? '' });
  }
  return t('verify.invalid', { reason: reasonText(v) });
}

/** How far the key is trusted here, in words. */
function trustText(v) {
  if (v.trust === 'endorsed') return t('verify.trust.endorsed', { by: v.endorsedBy ?? '' });
  return t(`verify.trust.${v.trust ?? 'new'}`);
}

function signerText(signer) {
  if (!signer) return null;
  const parts = [signer.name, signer.title, signer.ministry].filter(Boolean).join(', ');
  return [h('span', { dir: 'auto' }, parts), signer.email ? [' · ', h('span', { dir: 'ltr' }, signer.email)] : null];
}

function fact(label, value, id) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, label), h('dd', { 'data-fact': id }, value)];
}

/**
 * The verdict in words and the facts of a verification: who signed, the key, the review, what
 * it supersedes. `trust` is a control shown beside "trusted: no", or null.
 */
export function verdictSummary(v, index, trust = null) {
  const valid = v.verdict !== 'invalid';
  const status = v.status ? h('span', { class: `status-badge ${v.status}` }, t(`status.${v.status}`)) : null;
  const supersedes = v.supersedes
    ? [h('code', { class: 'fingerprint', translate: 'no', title: v.supersedes }, shortDigest(v.supersedes)),
      v.supersedesKnown ? [' ', h('span', { dir: 'auto' }, `(${v.supersedesKnown})`)] : null]
    : (valid ? t('package.firstSubmission') : null);
  return [
    h('p', { class: 'verdict', role: index === 0 ? 'status' : null },
      h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, MARKS[v.verdict] ?? '?'),
      h('span', { class: 'verdict-text', dir: 'auto' }, verdictText(v))),
    h('dl', { class: 'facts' },
      fact(t('verify.kind'), t(`verify.kind.${v.kind ?? 'signed_review'}`), 'kind'),
      fact(t('verify.signer'), signerText(v.signer), 'signer'),
      fact(t('verify.fingerprint'), v.fingerprint ? fingerprintNode(v.fingerprint, { id: `verify-fp-${index}`, title: v.kid ?? '' }) : null, 'fingerprint'),
      fact(t('verify.review'), v.review ? h('span', { dir: 'auto' }, v.review) : null, 'review'),
      fact(t('verify.template'), v.template, 'template'),
      fact(t('verify.status'), status, 'status'),
      fact(t('verify.signed'), v.signed ? h('time', { datetime: v.signed }, formatDateTime(v.signed)) : null, 'signed'),
      fact(t('package.supersedes'), supersedes, 'supersedes'),
      valid ? fact(t('verify.seenLabel'), t('verify.seenBefore', { count: v.seenBefore ?? 0, formatted: formatNumber(v.seenBefore ?? 0) }), 'seen') : null,
      valid ? fact(t('verify.trusted'), [trustText(v), trust ? [' ', trust] : null], 'trusted') : null),
  ];
}

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
