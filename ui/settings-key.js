/**
 * Settings, the signing key (`#key-section`): make one, read its fingerprint, save the public
 * key for the secretariat, replace it with a new one, and see the keys it replaced. A new
 * passphrase has at least the core's minimum of characters (`app_info.minPassphrase`).
 */

import { h, replace } from './dom.js';
import { describeError, formatDateTime, t } from './i18n.js';
import { invoke } from './ipc.js';
import { coreMinPassphrase } from './rules.js';
import { busyIndicator, whileBusy } from './widgets/busy.js';
import { fingerprintNode } from './widgets/fingerprint.js';
import { escapeCloses, reveal, setFormStatus } from './widgets/form.js';
import { charCount, passphraseField, passphraseProblem } from './widgets/passphrase.js';

/**
 * The key section; returns `{ el, load() }`. `onBusy(on)` is told when a slow call (deriving a
 * key from a passphrase) starts and ends, so that the dialog stays open meanwhile.
 */
export function keySection({ onBusy }) {
  const ks = { body: h('div', { id: 'key-section-body' }), keys: null, error: null, notice: null, onBusy };
  renderKeys(ks);
  const el = h('section', { class: 'settings-section', id: 'key-section', 'aria-labelledby': 'key-section-title' },
    h('h3', { id: 'key-section-title' }, t('settings.keyTitle')),
    ks.body);
  return { el, load: () => loadKeys(ks) };
}

async function loadKeys(ks) {
  try {
    ks.keys = await invoke('keys_list');
    ks.error = null;
  } catch (error) {
    ks.error = error;
  }
  renderKeys(ks);
}

function renderKeys(ks) {
  if (ks.error) {
    replace(ks.body, h('p', { class: 'error-text', role: 'alert' }, t('settings.loadFailed', { reason: describeError(ks.error) })),
      h('button', { type: 'button', onClick: () => loadKeys(ks) }, t('home.retry')));
    return;
  }
  if (!ks.keys) {
    replace(ks.body, h('p', { class: 'loading-line' }, t('settings.loading')));
    return;
  }
  const active = ks.keys.find((k) => !k.retiredAt) ?? null;
  replace(ks.body, active ? keyView(ks, active) : noKeyView(ks), retiredList(ks));
}

/** Shows the keys again after a sub-form was cancelled, with the focus on `buttonId`. */
function cancelForm(ks, buttonId) {
  renderKeys(ks);
  ks.body.querySelector(buttonId)?.focus();
}

/** Runs `call` with the form busy; after it succeeded, shows `notice` and the new key. */
async function busyCall(ks, form, progress, text, call) {
  ks.onBusy(true);
  const undo = whileBusy(form, progress, busyIndicator('key-progress', text));
  const done = () => {
    ks.onBusy(false);
    undo();
  };
  try {
    await call();
  } catch (error) {
    done();
    throw error;
  }
  done();
}

async function showNewKey(ks, notice) {
  ks.notice = notice;
  await loadKeys(ks);
  ks.body.querySelector('#key-fingerprint')?.focus();
}

/**
 * Checks the new passphrase typed in `first` and `again`; shows what is wrong in `error` and
 * returns true when something is.
 */
function newPassphraseWrong(first, again, error, form) {
  const min = coreMinPassphrase();
  const problem = passphraseProblem(first.input.value, again.input.value, min);
  if (!problem) return false;
  error.textContent = problem;
  (charCount(first.input.value) < min ? first.input : again.input).focus();
  reveal(form);
  return true;
}

function newPassphraseFields(prefix) {
  return {
    first: passphraseField({ id: prefix, label: t('settings.newPassphrase'), hint: t('settings.passphraseHint', { count: coreMinPassphrase() }), autocomplete: 'new-password' }),
    again: passphraseField({ id: `${prefix}-again`, label: t('settings.passphraseAgain'), autocomplete: 'new-password' }),
  };
}

function noKeyView(ks) {
  const start = h('button', { type: 'button', id: 'create-key', class: 'primary', onClick: () => showCreate(ks, start) }, t('settings.createKey'));
  return h('div', { class: 'no-key' },
    h('p', {}, t('settings.noKey')),
    h('ul', { class: 'plain-points' },
      h('li', {}, t('settings.keyWhy')),
      h('li', {}, t('settings.keyPassphrase')),
      h('li', {}, t('settings.keyStays')),
      h('li', {}, t('settings.keyForgotten'))),
    ks.keys.length ? h('p', { class: 'help' }, t('settings.noActiveKey')) : null,
    h('div', { class: 'button-row', id: 'create-key-slot' }, start));
}

function showCreate(ks, start) {
  const { first, again } = newPassphraseFields('new-passphrase');
  const error = h('p', { id: 'create-key-error', class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'create-key-confirm', class: 'primary' }, t('settings.createKeyConfirm'));
  const cancel = h('button', { type: 'button', id: 'create-key-cancel', onClick: () => cancelForm(ks, '#create-key') }, t('dialog.cancel'));
  const progress = h('div', { class: 'progress-slot' });
  const form = h('form', { id: 'create-key-form', class: 'settings-form subform', novalidate: true, onSubmit: create, onKeydown: escapeCloses(cancel) },
    first.el, again.el, error, progress,
    h('div', { class: 'button-row' }, submit, cancel));

  async function create(event) {
    event.preventDefault();
    if (newPassphraseWrong(first, again, error, form)) return;
    error.textContent = '';
    const passphrase = first.input.value;
    try {
      await busyCall(ks, form, progress, t('settings.creatingKey'), () => invoke('key_create', { passphrase }));
    } catch (err) {
      error.textContent = describeError(err);
      first.input.focus();
      reveal(form);
      return;
    }
    await showNewKey(ks, t('settings.keyCreated'));
  }

  start.closest('.button-row').replaceWith(form);
  first.input.focus();
  reveal(form);
}

function keyView(ks, key) {
  const exportStatus = h('p', { id: 'public-key-status', class: 'form-status', role: 'status' });
  const exportButton = h('button', { type: 'button', id: 'export-public-key', onClick: () => exportPublic(exportButton, exportStatus) }, t('settings.exportPublic'));
  const rotateButton = h('button', { type: 'button', id: 'rotate-key', onClick: () => showRotate(ks, rotateButton) }, t('settings.rotateKey'));
  const notice = ks.notice ? h('p', { class: 'form-status', 'data-kind': 'ok', role: 'status' }, ks.notice) : null;
  ks.notice = null;
  return h('div', { class: 'key-view' },
    notice,
    h('p', { class: 'fingerprint-label', id: 'key-fingerprint-label' }, t('settings.fingerprint')),
    fingerprintNode(key.fingerprint, { id: 'key-fingerprint', class: 'fingerprint-large', tabindex: '-1', 'aria-labelledby': 'key-fingerprint-label', 'aria-describedby': 'key-fingerprint-hint', title: key.kid }),
    h('p', { class: 'help', id: 'key-fingerprint-hint' }, t('settings.fingerprintHint')),
    h('p', { class: 'key-meta' },
      t('settings.keyCreatedAt', { time: formatDateTime(key.createdAt) }),
      key.endorsed ? [' · ', t('settings.keyEndorsed')] : null),
    h('div', { class: 'button-row', id: 'key-actions' }, exportButton, rotateButton),
    exportStatus);
}

async function exportPublic(button, status) {
  button.disabled = true;
  status.textContent = '';
  try {
    const path = await invoke('key_export_public');
    if (path) {
      setFormStatus(status, '', 'ok');
      replace(status, t('settings.publicSaved'), ' ', h('span', { class: 'path', dir: 'auto' }, path));
    }
  } catch (error) {
    setFormStatus(status, t('settings.publicFailed', { reason: describeError(error) }), 'error');
  } finally {
    button.disabled = false;
  }
}

function showRotate(ks, rotateButton) {
  const current = passphraseField({ id: 'current-passphrase', label: t('settings.currentPassphrase'), autocomplete: 'current-password' });
  const { first, again } = newPassphraseFields('rotate-passphrase');
  const error = h('p', { id: 'rotate-key-error', class: 'form-error', role: 'alert' });
  const progress = h('div', { class: 'progress-slot' });
  const cancel = h('button', { type: 'button', id: 'rotate-key-cancel', onClick: () => cancelForm(ks, '#rotate-key') }, t('dialog.cancel'));
  const form = h('form', { id: 'rotate-key-form', class: 'settings-form subform', novalidate: true, onSubmit: rotate, onKeydown: escapeCloses(cancel) },
    h('h4', {}, t('settings.rotateTitle')),
    h('p', { class: 'help' }, t('settings.rotateExplain')),
    current.el, first.el, again.el, error, progress,
    h('div', { class: 'button-row' },
      h('button', { type: 'submit', id: 'rotate-key-confirm', class: 'primary' }, t('settings.rotateConfirm')),
      cancel));

  async function rotate(event) {
    event.preventDefault();
    if (!current.input.value) {
      error.textContent = t('settings.currentNeeded');
      current.input.focus();
      reveal(form);
      return;
    }
    if (newPassphraseWrong(first, again, error, form)) return;
    error.textContent = '';
    const passphrases = { oldPassphrase: current.input.value, newPassphrase: first.input.value };
    try {
      await busyCall(ks, form, progress, t('settings.rotatingKey'), () => invoke('key_rotate', passphrases));
    } catch (err) {
      rotateFailed(err, { current, first, error });
      reveal(form);
      return;
    }
    await showNewKey(ks, t('settings.keyRotated'));
  }

  rotateButton.closest('.button-row').after(form);
  rotateButton.disabled = true;
  current.input.focus();
  reveal(form);
}

/** A wrong current passphrase is cleared to be typed again; other failures are explained. */
function rotateFailed(err, { current, first, error }) {
  if (err.code === 'wrong_passphrase') {
    error.textContent = t('settings.wrongCurrent');
    current.input.value = '';
    current.input.focus();
  } else {
    error.textContent = describeError(err);
    first.input.focus();
  }
}

function retiredList(ks) {
  const retired = (ks.keys ?? []).filter((k) => k.retiredAt);
  if (!retired.length) return null;
  return h('section', { class: 'retired-keys', 'aria-labelledby': 'retired-keys-title' },
    h('h4', { id: 'retired-keys-title' }, t('settings.retiredKeys')),
    h('p', { class: 'help' }, t('settings.retiredHint')),
    h('ul', { id: 'retired-keys' }, retired.map((k) => h('li', { 'data-kid': k.kid },
      fingerprintNode(k.fingerprint, { title: k.kid }),
      h('span', { class: 'key-meta' }, t('settings.retiredDates', { created: formatDateTime(k.createdAt), retired: formatDateTime(k.retiredAt) }))))));
}
