/**
 * The verdict on a signed review file or package, in plain words, and its facts (who signed,
 * the key, the review, what it supersedes, how far the key is trusted here): shown by Open and
 * verify (../verify.js) and by the import preview (../import.js).
 */

import { h } from '../dom.js';
import { formatDateTime, formatNumber, has, t } from '../i18n.js';
import { fingerprintNode, shortDigest } from './fingerprint.js';

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
