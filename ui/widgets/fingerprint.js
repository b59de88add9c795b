/**
 * Key fingerprints and document digests as a reader checks them: in groups, read left to right
 * in every language, never translated.
 */

import { h } from '../dom.js';

/** A fingerprint `Q4YV-JAZH-...` as groups a reader can follow aloud; its text is the string itself. */
export function fingerprintNode(fingerprint, props = {}) {
  const groups = String(fingerprint ?? '').split('-');
  return h('code', { ...props, class: ['fingerprint', props.class], translate: 'no' },
    groups.map((group, index) => [
      index ? h('span', { class: 'fp-sep' }, '-') : null,
      h('span', { class: 'fp-group' }, group),
    ]));
}

/** The document fingerprint shown: the first 16 hex digits in groups of 4. */
export function shortDigest(digest) {
  return (String(digest ?? '').slice(0, 16).match(/.{1,4}/g) ?? []).join(' ');
}
