/**
 * Settings, who signs (`#signer-form`): name, title, ministry and email, as the signature and
 * the sign-off sheet show them.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { setFormStatus } from './widgets/form.js';

const SIGNER_FIELDS = [
  { key: 'name', id: 'signer-name', autocomplete: 'name', type: 'text' },
  { key: 'title', id: 'signer-title', autocomplete: 'organization-title', type: 'text' },
  { key: 'ministry', id: 'signer-ministry', autocomplete: 'organization', type: 'text' },
  { key: 'email', id: 'signer-email', autocomplete: 'email', type: 'email' },
];

/** The signer section; returns `{ el, load(), focus() }` (`load` fills it from the core). */
export function signerSection() {
  const inputs = Object.fromEntries(SIGNER_FIELDS.map((f) => [f.key,
    h('input', { type: f.type, id: f.id, autocomplete: f.autocomplete, dir: 'auto', maxlength: '200' })]));
  const status = h('p', { id: 'signer-status', class: 'form-status', role: 'status' });
  const save = h('button', { type: 'submit', id: 'save-signer', class: 'primary' }, t('settings.saveSigner'));
  const form = h('form', { id: 'signer-form', class: 'settings-form', novalidate: true, onSubmit: (event) => submit(event, inputs, save, status) },
    h('p', { class: 'help' }, t('settings.signerIntro')),
    h('div', { class: 'form-grid' }, SIGNER_FIELDS.map((f) => h('div', { class: 'form-field' },
      h('label', { for: f.id }, t(`settings.signer.${f.key}`)),
      inputs[f.key]))),
    h('div', { class: 'button-row' }, save),
    status);
  const el = h('section', { class: 'settings-section', 'aria-labelledby': 'signer-section-title' },
    h('h3', { id: 'signer-section-title' }, t('settings.signerTitle')),
    form);
  return { el, load: () => load(inputs, status), focus: () => inputs.name.focus() };
}

async function load(inputs, status) {
  try {
    const signer = await invoke('signer_get');
    for (const f of SIGNER_FIELDS) inputs[f.key].value = signer?.[f.key] ?? '';
  } catch (error) {
    setFormStatus(status, t('settings.loadFailed', { reason: describeError(error) }), 'error');
  }
}

async function submit(event, inputs, save, status) {
  event.preventDefault();
  const signer = Object.fromEntries(SIGNER_FIELDS.map((f) => [f.key, inputs[f.key].value.trim()]));
  if (!signer.name) {
    setFormStatus(status, t('settings.nameNeeded'), 'error');
    inputs.name.focus();
    return;
  }
  save.disabled = true;
  try {
    await invoke('signer_set', { signer });
    setFormStatus(status, t('settings.signerSaved'), 'ok');
  } catch (error) {
    setFormStatus(status, t('settings.signerFailed', { reason: describeError(error) }), 'error');
  } finally {
    save.disabled = false;
  }
}
