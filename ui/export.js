/**
 * Export signed JSON, or a package for the secretariat (`#export-dialog`): what is still wrong
 * with the review (./export-summary.js; each entry jumps to its field), whether it will go out
 * as a draft or final, who signs and with which key, then the passphrase and the signature. The
 * file is written where the user chooses (./export-result.js shows it). A package can then be
 * emailed to the secretariat (a draft message opened in the system's mail program) or shown in
 * its folder.
 */

import { h, replace } from './dom.js';
import { exportResult } from './export-result.js';
import { exportSummary } from './export-summary.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { busyIndicator } from './widgets/busy.js';
import { passphraseField } from './widgets/passphrase.js';

/**
 * Opens the dialog for review `id`. `ctx`: `{ id, flush(): Promise<boolean>, goTo(path),
 * openSettings({ onClose }), package?: true, onSubmitted?(), onFinal?() }`; with `package`, the
 * review is packaged rather than exported as signed JSON. `onFinal` runs once the review was
 * marked final here, so that the editor's header says so.
 */
export function openExport(ctx) {
  document.getElementById('export-dialog')?.remove();
  const pkg = Boolean(ctx.package);
  const opener = document.activeElement;
  // What the functions below share: `busy` while signing, `after` instead of refocusing the opener.
  const ex = { ctx, pkg, busy: false, after: null };
  ex.body = h('div', { class: 'export-body' }, h('p', { class: 'loading-line' }, t('export.checking')));
  const dialog = h('dialog', { id: 'export-dialog', class: 'dialog dialog-export', 'data-kind': pkg ? 'package' : 'json', 'aria-labelledby': 'export-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'export-title' }, t(pkg ? 'package.title' : 'export.title')),
      h('button', { type: 'button', class: 'close', id: 'export-x', 'aria-label': t('export.close'), title: t('export.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    ex.body);
  ex.dialog = dialog;

  dialog.addEventListener('cancel', (event) => {
    if (ex.busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (ex.after) ex.after();
    else if (opener?.isConnected) opener.focus();
  });

  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#export-title').setAttribute('tabindex', '-1');
  dialog.querySelector('#export-title').focus();
  load(ex);
}

/** Closes the dialog, then runs `next` instead of giving the focus back to the opener. */
function closeThen(ex, next) {
  ex.after = next;
  ex.dialog.close();
}

function closeRow(ex) {
  return h('div', { class: 'button-row dialog-foot' },
    h('button', { type: 'button', id: 'export-close', onClick: () => ex.dialog.close() }, t('export.closeButton')));
}

/** Saves pending edits, then asks the core what is wrong, who signs and with which key. */
async function load(ex) {
  const { ctx, body } = ex;
  if (!(await ctx.flush())) {
    replace(body, h('p', { class: 'form-error', role: 'alert' }, t('export.saveFirst')), closeRow(ex));
    return;
  }
  try {
    const [diagnostics, signer, keys] = await Promise.all([
      invoke('export_check', { id: ctx.id }),
      invoke('signer_get'),
      invoke('keys_list'),
    ]);
    render(ex, diagnostics ?? [], signer, (keys ?? []).find((k) => !k.retiredAt) ?? null);
  } catch (error) {
    replace(body, h('p', { class: 'form-error', role: 'alert' }, t('export.checkFailed', { reason: describeError(error) })), closeRow(ex));
  }
}

function render(ex, diagnostics, signer, key) {
  const ready = Boolean(signer?.name && key);
  const sign = ready ? signForm(ex) : null;
  replace(ex.body,
    exportSummary(diagnostics, (path) => closeThen(ex, () => ex.ctx.goTo(path)), { id: ex.ctx.id, done: () => { ex.ctx.onFinal?.(); load(ex); } }),
    h('section', { class: 'export-sign', 'aria-labelledby': 'export-sign-title' },
      h('h3', { id: 'export-sign-title' }, t('export.signTitle')),
      readiness(ex, signer, key),
      sign?.form ?? closeRow(ex)));
  if (sign) sign.focus();
  else ex.body.querySelector('#export-open-settings')?.focus();
}

/** Who signs; or what is missing before anyone can, with the way to Settings. */
function readiness(ex, signer, key) {
  if (signer?.name && key) {
    return h('p', { id: 'export-signer', class: 'export-signer' },
      t('export.signedBy', { name: signer.name, ministry: signer.ministry || '—' }));
  }
  const lines = [];
  if (!signer?.name) lines.push(h('li', { id: 'export-no-signer' }, t('export.noSigner')));
  if (!key) lines.push(h('li', { id: 'export-no-key' }, t('export.noKey')));
  const { ctx } = ex;
  return h('div', { class: 'export-not-ready', role: 'note' },
    h('ul', {}, lines),
    h('button', { type: 'button', id: 'export-open-settings', class: 'primary', onClick: () => closeThen(ex, () => ctx.openSettings({ onClose: () => openExport(ctx) })) },
      t('export.openSettings')));
}

function signForm(ex) {
  const f = {
    pass: passphraseField({ id: 'export-passphrase', label: t('export.passphrase'), hint: t('export.passphraseHint'), autocomplete: 'current-password' }),
    error: h('p', { id: 'export-error', class: 'form-error', role: 'alert' }),
    progress: h('div', { class: 'progress-slot' }),
    note: h('p', { id: 'export-note', class: 'form-status', role: 'status' }),
  };
  const submit = h('button', { type: 'submit', id: 'export-sign', class: 'primary' }, t(ex.pkg ? 'package.sign' : 'export.sign'));
  f.form = h('form', { id: 'export-form', class: 'settings-form', novalidate: true, onSubmit: (event) => sign(ex, f, event) },
    f.pass.el, f.error, f.note, f.progress,
    h('div', { class: 'button-row dialog-foot' }, submit,
      h('button', { type: 'button', id: 'export-cancel', onClick: () => ex.dialog.close() }, t('dialog.cancel'))));
  return { form: f.form, focus: () => f.pass.input.focus() };
}

/** Disables the sign form and shows the progress while the core signs (`on`), or undoes it. */
function setSigning(ex, f, controls, on) {
  ex.busy = on;
  for (const control of controls) control.disabled = on;
  f.form.toggleAttribute('aria-busy', on);
  replace(f.progress, on ? busyIndicator('export-progress', t(ex.pkg ? 'package.building' : 'export.signing')) : null);
}

/** Saves pending edits, signs and writes the file, then shows where it went. */
async function sign(ex, f, event) {
  event.preventDefault();
  const { ctx, pkg } = ex;
  const { pass, error, note } = f;
  error.textContent = '';
  note.textContent = '';
  if (!pass.input.value) {
    error.textContent = t('export.passphraseNeeded');
    pass.input.focus();
    return;
  }
  const controls = [...f.form.querySelectorAll('input, button')];
  setSigning(ex, f, controls, true);
  let written;
  try {
    if (!(await ctx.flush())) throw { code: 'unsaved' };
    written = pkg
      ? await invoke('export_package', { id: ctx.id, passphrase: pass.input.value, options: {} })
      : await invoke('export_json', { id: ctx.id, passphrase: pass.input.value });
  } catch (err) {
    setSigning(ex, f, controls, false);
    signFailed(err, f);
    return;
  }
  setSigning(ex, f, controls, false);
  if (!written) {
    note.textContent = t('export.cancelled');
    pass.input.focus();
    return;
  }
  pass.input.value = '';
  replace(ex.body, exportResult(written, { pkg, id: ctx.id, onSubmitted: ctx.onSubmitted }), closeRow(ex));
  ex.body.querySelector('#export-result').focus();
}

/** Says why signing failed; a wrong passphrase is cleared to be typed again. */
function signFailed(err, { pass, error }) {
  if (err.code === 'wrong_passphrase') {
    error.textContent = t('export.wrongPassphrase');
    pass.input.value = '';
  } else if (err.code === 'unsaved') {
    error.textContent = t('export.saveFirst');
  } else {
    error.textContent = t('export.failed', { reason: describeError(err) });
  }
  pass.input.focus();
}
