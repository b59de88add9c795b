/**
 * Passphrase inputs and the check of a new passphrase typed twice. The minimum length is the
 * core's (`app_info.minPassphrase`, see ../rules.js); callers pass it in.
 */

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The number of characters of `text` as the core counts them (Unicode code points). */
export function charCount(text) {
  return [...text].length;
}

/** A password input with its label and hint, for a form field; returns `{ input, el }`. */
export function passphraseField({ id, label, hint, autocomplete }) {
  const input = h('input', {
    type: 'password', id, autocomplete, spellcheck: 'false', dir: 'auto',
    'aria-describedby': hint ? `${id}-hint` : null,
  });
  return {
    input,
    el: h('div', { class: 'form-field' },
      h('label', { for: id }, label),
      hint ? h('p', { class: 'help', id: `${id}-hint` }, hint) : null,
      input),
  };
}

/**
 * Checks a new passphrase typed twice against the core's minimum of `min` characters; returns
 * the message to show, or null when it is fine.
 */
export function passphraseProblem(first, second, min) {
  if (charCount(first) < min) return t('settings.passphraseShort', { count: min });
  if (first !== second) return t('settings.passphraseMismatch');
  return null;
}
