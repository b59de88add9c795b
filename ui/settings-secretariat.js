/**
 * Settings, the secretariat (`#secretariat-form`): the address packages are emailed to.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { setFormStatus } from './widgets/form.js';

/** The secretariat section; returns `{ el, load() }` (`load` fills it from the core). */
export function secretariatSection() {
  const input = h('input', { type: 'email', id: 'secretariat-address', dir: 'ltr', autocomplete: 'off', maxlength: '200', 'aria-describedby': 'secretariat-hint' });
  const status = h('p', { id: 'secretariat-status', class: 'form-status', role: 'status' });
  const form = h('form', { id: 'secretariat-form', class: 'settings-form', novalidate: true, onSubmit: (event) => submit(event, input, status) },
    h('div', { class: 'form-field' },
      h('label', { for: 'secretariat-address' }, t('settings.secretariatLabel')),
      input,
      h('p', { class: 'help', id: 'secretariat-hint' }, t('settings.secretariatHint'))),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', id: 'save-secretariat' }, t('settings.saveSecretariat'))),
    status);
  const el = h('section', { class: 'settings-section', id: 'secretariat-section', 'aria-labelledby': 'secretariat-section-title' },
    h('h3', { id: 'secretariat-section-title' }, t('settings.secretariatTitle')),
    form);
  return { el, load: () => load(input, status) };
}

async function load(input, status) {
  try {
    input.value = await invoke('secretariat_get');
  } catch (error) {
    setFormStatus(status, t('settings.loadFailed', { reason: describeError(error) }), 'error');
  }
}

async function submit(event, input, status) {
  event.preventDefault();
  try {
    input.value = await invoke('secretariat_set', { address: input.value });
    setFormStatus(status, t('settings.secretariatSaved', { address: input.value }), 'ok');
  } catch (error) {
    setFormStatus(status, describeError(error), 'error');
    input.focus();
  }
}
