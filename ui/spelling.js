/**
 * Spelling: WebKit's spell checker marks misspelt words in the answers, in the review's
 * language (the `lang` of each field; the dictionaries are the system's hunspell ones). On by
 * default; the switch in Settings is a desk setting (`app_info.spellcheck`,
 * `settings_set_spellcheck`), so it is the same in every window and after a restart.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { setFormStatus } from './widgets/form.js';

let on = true;
/** The language of the review being edited, whose dictionary the shell loads. */
let reviewLanguage = null;

/** Whether answers are spell-checked. */
export function spellcheckOn() {
  return on;
}

/** Takes the setting from the answer of `app_info`. */
export function setSpellcheckFromInfo(info) {
  on = info?.spellcheck !== false;
}

/**
 * Asks the shell to check spelling in `language` (the review's), as the setting says; called
 * when a review opens and when the setting changes. Spelling is a help: a failure is ignored.
 */
export async function useSpellingLanguage(language) {
  reviewLanguage = language;
  try {
    await invoke('spelling_apply', { language });
  } catch {
    /* the answers are still written and saved; only the marks are missing */
  }
}

/** The answers on screen follow the setting at once. */
function applyToFields() {
  for (const el of document.querySelectorAll('[data-field][spellcheck]')) el.setAttribute('spellcheck', on ? 'true' : 'false');
}

/** The Settings section with the switch; returns `{ el }`. */
export function spellingSection() {
  const input = h('input', { type: 'checkbox', id: 'spellcheck-on', checked: on });
  const status = h('p', { id: 'spellcheck-status', class: 'form-status', role: 'status' });
  input.addEventListener('change', async () => {
    const wanted = input.checked;
    try {
      await invoke('settings_set_spellcheck', { on: wanted });
      on = wanted;
      applyToFields();
      if (reviewLanguage) await useSpellingLanguage(reviewLanguage);
      setFormStatus(status, '', 'ok');
    } catch (error) {
      input.checked = on;
      setFormStatus(status, describeError(error), 'error');
    }
  });
  const el = h('section', { class: 'settings-section', id: 'spelling-section', 'aria-labelledby': 'spelling-section-title' },
    h('h3', { id: 'spelling-section-title' }, t('settings.spellingTitle')),
    h('div', { class: 'toggle' }, input, h('label', { for: 'spellcheck-on' }, t('settings.spellingLabel'))),
    h('p', { class: 'help' }, t('settings.spellingHint')),
    status);
  return { el };
}
