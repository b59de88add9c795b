/**
 * Start update (`#update-dialog`): from a submitted revision, the review continues for a new
 * cycle; its next package names the submission it supersedes. Resolves the editor state, or
 * null when the user cancels.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';

/** Asks for the cycle and starts the update of `revision` of review `id`. */
export function startUpdate({ id, revision, cycle }) {
  document.getElementById('update-dialog')?.remove();
  const opener = document.activeElement;
  return new Promise((resolve) => {
    let result = null;
    const input = h('input', { type: 'text', id: 'update-cycle', dir: 'auto', value: cycle ?? '', 'aria-describedby': 'update-hint', required: true });
    const error = h('p', { id: 'update-error', class: 'form-error', role: 'alert' });
    const submit = h('button', { type: 'submit', id: 'update-confirm', class: 'primary' }, t('update.confirm'));
    const form = h('form', { class: 'settings-form', novalidate: true, onSubmit: run },
      h('label', { for: 'update-cycle' }, t('update.cycle')),
      input,
      h('p', { class: 'help', id: 'update-hint' }, t('update.hint', { number: revision })),
      error,
      h('div', { class: 'button-row dialog-foot' }, submit,
        h('button', { type: 'button', id: 'update-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));
    const dialog = h('dialog', { id: 'update-dialog', class: 'dialog', 'aria-labelledby': 'update-title' },
      h('h2', { id: 'update-title' }, t('update.title', { number: revision })),
      form);

    async function run(event) {
      event.preventDefault();
      const wanted = input.value.trim();
      if (!wanted) {
        error.textContent = t('update.cycleNeeded');
        input.focus();
        return;
      }
      submit.disabled = true;
      try {
        result = await invoke('update_start', { id, revision, cycle: wanted });
        dialog.close();
      } catch (err) {
        submit.disabled = false;
        error.textContent = t('update.failed', { reason: describeError(err) });
      }
    }

    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}
