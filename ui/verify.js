/**
 * Open and verify: the user picks signed review files or packages; each gets a card in `#verify-results`
 * saying in plain words whether it can be trusted, who signed it, for which review, and whether
 * the same key was met here before. An unknown key can be marked trusted once confirmed.
 */

import { notify } from './dialogs.js';
import { h, replace } from './dom.js';
import { describeError, formatDateTime, formatNumber, has, t } from './i18n.js';
import { invoke } from './ipc.js';
import { shortDigest } from './export.js';
import { fingerprintNode } from './settings.js';

const MARKS = { valid: '✓', valid_unknown_key: '!', invalid: '✕' };

function baseName(path) {
  return String(path ?? '').split(/[\\/]/).pop() || String(path ?? '');
}

/** The reason a file is not valid, in the catalogue's words when the core gives a known code. */
function reasonText(v) {
  const key = `verify.reason.${v.reasonCode}`;
  if (v.reasonCode && has(key)) return t(key);
  return v.reason || t('error.unknown');
}

function verdictText(v) {
  if (v.verdict === 'valid') {
    const name = v.signer?.name ?? '';
    return v.signer?.ministry
      ? t('verify.valid', { name, ministry: v.signer.ministry })
      : t('verify.validNoMinistry', { name });
  }
  if (v.verdict === 'valid_unknown_key') return t('verify.unknownKey');
  return t('verify.invalid', { reason: reasonText(v) });
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
      valid ? fact(t('verify.trusted'), [t(v.trusted ? 'verify.trustedYes' : 'verify.trustedNo'), trust ? [' ', trust] : null], 'trusted') : null),
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
    const valid = v.verdict !== 'invalid';
    const trust = valid && !v.trusted
      ? h('button', { type: 'button', 'data-action': 'trust', 'aria-describedby': `verify-fp-${index}`, onClick: () => markTrusted(v) }, t('verify.trust'))
      : null;
    return h('li', { class: 'verify-card', 'data-verdict': v.verdict, 'data-kid': v.kid ?? '', 'aria-labelledby': titleId },
      h('h3', { id: titleId, class: 'verify-file', dir: 'auto', title: v.file, tabindex: '-1' }, baseName(v.file)),
      verdictSummary(v, index, trust),
      valid && !v.trusted ? h('p', { class: 'help' }, t('verify.trustHint')) : null,
      justTrusted.has(v.kid) ? h('p', { class: 'form-status', 'data-kind': 'ok', role: 'status' }, t('verify.trustedNow')) : null,
      h('p', { class: 'verify-path', dir: 'auto' }, v.file));
  }

  function render() {
    replace(list, results.map(card));
  }

  async function markTrusted(v) {
    try {
      await invoke('key_trust', { kid: v.kid, trusted: true });
    } catch (error) {
      notify(t('verify.trustFailed', { reason: describeError(error) }), 'error');
      return;
    }
    for (const other of results) if (other.kid === v.kid) other.trusted = true;
    justTrusted.add(v.kid);
    const index = results.indexOf(v);
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
