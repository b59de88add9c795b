/**
 * Settings (`#settings-panel`, a modal dialog reachable from every view's header): who signs
 * (name, title, ministry, email) and the signing key: make one, read its fingerprint, save the
 * public key for the secretariat, replace it, and see the keys it replaced.
 */

import { h, replace } from './dom.js';
import { describeError, formatDateTime, t } from './i18n.js';
import { backupsSection } from './backups.js';
import { invoke } from './ipc.js';

/** Passphrases have at least this many characters (as the core counts them). */
export const MIN_PASSPHRASE = 10;

const SIGNER_FIELDS = [
  { key: 'name', id: 'signer-name', autocomplete: 'name', type: 'text' },
  { key: 'title', id: 'signer-title', autocomplete: 'organization-title', type: 'text' },
  { key: 'ministry', id: 'signer-ministry', autocomplete: 'organization', type: 'text' },
  { key: 'email', id: 'signer-email', autocomplete: 'email', type: 'email' },
];

/** The number of characters of `text` as the core counts them (Unicode code points). */
export function charCount(text) {
  return [...text].length;
}

/** A fingerprint `Q4YV-JAZH-...` as groups a reader can follow aloud; its text is the string itself. */
export function fingerprintNode(fingerprint, props = {}) {
  const groups = String(fingerprint ?? '').split('-');
  return h('code', { ...props, class: ['fingerprint', props.class], translate: 'no' },
    groups.map((group, index) => [
      index ? h('span', { class: 'fp-sep' }, '-') : null,
      h('span', { class: 'fp-group' }, group),
    ]));
}

/** A password input with its label and hint, for a form field. */
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

/** An indeterminate progress bar with a line saying what is happening. */
export function busyIndicator(id, text) {
  return h('div', { id, class: 'busy', role: 'status' },
    h('progress', { 'aria-label': text }),
    h('span', {}, text));
}

/** Checks a new passphrase typed twice; returns the message to show, or null when it is fine. */
export function passphraseProblem(first, second) {
  if (charCount(first) < MIN_PASSPHRASE) return t('settings.passphraseShort', { count: MIN_PASSPHRASE });
  if (first !== second) return t('settings.passphraseMismatch');
  return null;
}

/**
 * Opens `#settings-panel`. `onClose()` runs after it closed (for example to go back to the
 * export dialog that sent the user here).
 */
export function openSettings({ onClose } = {}) {
  document.getElementById('settings-panel')?.remove();
  const opener = document.activeElement;
  let busy = false;

  /* ---------- signer ---------- */

  const inputs = Object.fromEntries(SIGNER_FIELDS.map((f) => [f.key,
    h('input', { type: f.type, id: f.id, autocomplete: f.autocomplete, dir: 'auto', maxlength: '200' })]));
  const signerStatus = h('p', { id: 'signer-status', class: 'form-status', role: 'status' });
  const saveSigner = h('button', { type: 'submit', id: 'save-signer', class: 'primary' }, t('settings.saveSigner'));
  const signerForm = h('form', { id: 'signer-form', class: 'settings-form', novalidate: true, onSubmit: submitSigner },
    h('p', { class: 'help' }, t('settings.signerIntro')),
    h('div', { class: 'form-grid' }, SIGNER_FIELDS.map((f) => h('div', { class: 'form-field' },
      h('label', { for: f.id }, t(`settings.signer.${f.key}`)),
      inputs[f.key]))),
    h('div', { class: 'button-row' }, saveSigner),
    signerStatus);

  async function loadSigner() {
    try {
      const signer = await invoke('signer_get');
      for (const f of SIGNER_FIELDS) inputs[f.key].value = signer?.[f.key] ?? '';
    } catch (error) {
      setStatus(signerStatus, t('settings.loadFailed', { reason: describeError(error) }), 'error');
    }
  }

  async function submitSigner(event) {
    event.preventDefault();
    const signer = Object.fromEntries(SIGNER_FIELDS.map((f) => [f.key, inputs[f.key].value.trim()]));
    if (!signer.name) {
      setStatus(signerStatus, t('settings.nameNeeded'), 'error');
      inputs.name.focus();
      return;
    }
    saveSigner.disabled = true;
    try {
      await invoke('signer_set', { signer });
      setStatus(signerStatus, t('settings.signerSaved'), 'ok');
    } catch (error) {
      setStatus(signerStatus, t('settings.signerFailed', { reason: describeError(error) }), 'error');
    } finally {
      saveSigner.disabled = false;
    }
  }

  /* ---------- secretariat ---------- */

  const secretariatInput = h('input', { type: 'email', id: 'secretariat-address', dir: 'ltr', autocomplete: 'off', maxlength: '200', 'aria-describedby': 'secretariat-hint' });
  const secretariatStatus = h('p', { id: 'secretariat-status', class: 'form-status', role: 'status' });
  const secretariatForm = h('form', { id: 'secretariat-form', class: 'settings-form', novalidate: true, onSubmit: submitSecretariat },
    h('div', { class: 'form-field' },
      h('label', { for: 'secretariat-address' }, t('settings.secretariatLabel')),
      secretariatInput,
      h('p', { class: 'help', id: 'secretariat-hint' }, t('settings.secretariatHint'))),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', id: 'save-secretariat' }, t('settings.saveSecretariat'))),
    secretariatStatus);

  async function loadSecretariat() {
    try {
      secretariatInput.value = await invoke('secretariat_get');
    } catch (error) {
      setStatus(secretariatStatus, t('settings.loadFailed', { reason: describeError(error) }), 'error');
    }
  }

  async function submitSecretariat(event) {
    event.preventDefault();
    try {
      secretariatInput.value = await invoke('secretariat_set', { address: secretariatInput.value });
      setStatus(secretariatStatus, t('settings.secretariatSaved', { address: secretariatInput.value }), 'ok');
    } catch (error) {
      setStatus(secretariatStatus, describeError(error), 'error');
      secretariatInput.focus();
    }
  }

  /* ---------- key ---------- */

  const keyBody = h('div', { id: 'key-section-body' });
  let keys = null;
  let keyError = null;
  let keyNotice = null;

  async function loadKeys() {
    try {
      keys = await invoke('keys_list');
      keyError = null;
    } catch (error) {
      keyError = error;
    }
    renderKeys();
  }

  function activeKey() {
    return keys?.find((k) => !k.retiredAt) ?? null;
  }

  function renderKeys() {
    if (keyError) {
      replace(keyBody, h('p', { class: 'error-text', role: 'alert' }, t('settings.loadFailed', { reason: describeError(keyError) })),
        h('button', { type: 'button', onClick: loadKeys }, t('home.retry')));
      return;
    }
    if (!keys) {
      replace(keyBody, h('p', { class: 'loading-line' }, t('settings.loading')));
      return;
    }
    const active = activeKey();
    replace(keyBody, active ? keyView(active) : noKeyView(), retiredList());
  }

  function noKeyView() {
    const start = h('button', { type: 'button', id: 'create-key', class: 'primary', onClick: () => showCreate(start) }, t('settings.createKey'));
    return h('div', { class: 'no-key' },
      h('p', {}, t('settings.noKey')),
      h('ul', { class: 'plain-points' },
        h('li', {}, t('settings.keyWhy')),
        h('li', {}, t('settings.keyPassphrase')),
        h('li', {}, t('settings.keyStays')),
        h('li', {}, t('settings.keyForgotten'))),
      keys.length ? h('p', { class: 'help' }, t('settings.noActiveKey')) : null,
      h('div', { class: 'button-row', id: 'create-key-slot' }, start));
  }

  function showCreate(start) {
    const first = passphraseField({ id: 'new-passphrase', label: t('settings.newPassphrase'), hint: t('settings.passphraseHint', { count: MIN_PASSPHRASE }), autocomplete: 'new-password' });
    const again = passphraseField({ id: 'new-passphrase-again', label: t('settings.passphraseAgain'), autocomplete: 'new-password' });
    const error = h('p', { id: 'create-key-error', class: 'form-error', role: 'alert' });
    const submit = h('button', { type: 'submit', id: 'create-key-confirm', class: 'primary' }, t('settings.createKeyConfirm'));
    const cancel = h('button', { type: 'button', id: 'create-key-cancel', onClick: () => { renderKeys(); keyBody.querySelector('#create-key')?.focus(); } }, t('dialog.cancel'));
    const progress = h('div', { class: 'progress-slot' });
    const form = h('form', { id: 'create-key-form', class: 'settings-form subform', novalidate: true, onSubmit: create, onKeydown: escapeCloses(cancel) },
      first.el, again.el, error, progress,
      h('div', { class: 'button-row' }, submit, cancel));

    async function create(event) {
      event.preventDefault();
      const problem = passphraseProblem(first.input.value, again.input.value);
      if (problem) {
        error.textContent = problem;
        (charCount(first.input.value) < MIN_PASSPHRASE ? first.input : again.input).focus();
        reveal(form);
        return;
      }
      error.textContent = '';
      const passphrase = first.input.value;
      const done = working(form, progress, busyIndicator('key-progress', t('settings.creatingKey')));
      try {
        await invoke('key_create', { passphrase });
      } catch (err) {
        done();
        error.textContent = describeError(err);
        first.input.focus();
        reveal(form);
        return;
      }
      done();
      keyNotice = t('settings.keyCreated');
      await loadKeys();
      keyBody.querySelector('#key-fingerprint')?.focus();
    }

    start.closest('.button-row').replaceWith(form);
    first.input.focus();
    reveal(form);
  }

  function keyView(key) {
    const exportStatus = h('p', { id: 'public-key-status', class: 'form-status', role: 'status' });
    const exportButton = h('button', { type: 'button', id: 'export-public-key', onClick: exportPublic }, t('settings.exportPublic'));
    const rotateButton = h('button', { type: 'button', id: 'rotate-key', onClick: () => showRotate(rotateButton) }, t('settings.rotateKey'));

    async function exportPublic() {
      exportButton.disabled = true;
      exportStatus.textContent = '';
      try {
        const path = await invoke('key_export_public');
        if (path) {
          setStatus(exportStatus, '', 'ok');
          replace(exportStatus, t('settings.publicSaved'), ' ', h('span', { class: 'path', dir: 'auto' }, path));
        }
      } catch (error) {
        setStatus(exportStatus, t('settings.publicFailed', { reason: describeError(error) }), 'error');
      } finally {
        exportButton.disabled = false;
      }
    }

    const notice = keyNotice ? h('p', { class: 'form-status', 'data-kind': 'ok', role: 'status' }, keyNotice) : null;
    keyNotice = null;
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

  function showRotate(rotateButton) {
    const current = passphraseField({ id: 'current-passphrase', label: t('settings.currentPassphrase'), autocomplete: 'current-password' });
    const first = passphraseField({ id: 'rotate-passphrase', label: t('settings.newPassphrase'), hint: t('settings.passphraseHint', { count: MIN_PASSPHRASE }), autocomplete: 'new-password' });
    const again = passphraseField({ id: 'rotate-passphrase-again', label: t('settings.passphraseAgain'), autocomplete: 'new-password' });
    const error = h('p', { id: 'rotate-key-error', class: 'form-error', role: 'alert' });
    const progress = h('div', { class: 'progress-slot' });
    const cancel = h('button', { type: 'button', id: 'rotate-key-cancel', onClick: () => { renderKeys(); keyBody.querySelector('#rotate-key')?.focus(); } }, t('dialog.cancel'));
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
      const problem = passphraseProblem(first.input.value, again.input.value);
      if (problem) {
        error.textContent = problem;
        (charCount(first.input.value) < MIN_PASSPHRASE ? first.input : again.input).focus();
        reveal(form);
        return;
      }
      error.textContent = '';
      const done = working(form, progress, busyIndicator('key-progress', t('settings.rotatingKey')));
      try {
        await invoke('key_rotate', { oldPassphrase: current.input.value, newPassphrase: first.input.value });
      } catch (err) {
        done();
        if (err.code === 'wrong_passphrase') {
          error.textContent = t('settings.wrongCurrent');
          current.input.value = '';
          current.input.focus();
        } else {
          error.textContent = describeError(err);
          first.input.focus();
        }
        reveal(form);
        return;
      }
      done();
      keyNotice = t('settings.keyRotated');
      await loadKeys();
      keyBody.querySelector('#key-fingerprint')?.focus();
    }

    rotateButton.closest('.button-row').after(form);
    rotateButton.disabled = true;
    current.input.focus();
    reveal(form);
  }

  function retiredList() {
    const retired = (keys ?? []).filter((k) => k.retiredAt);
    if (!retired.length) return null;
    return h('section', { class: 'retired-keys', 'aria-labelledby': 'retired-keys-title' },
      h('h4', { id: 'retired-keys-title' }, t('settings.retiredKeys')),
      h('p', { class: 'help' }, t('settings.retiredHint')),
      h('ul', { id: 'retired-keys' }, retired.map((k) => h('li', { 'data-kid': k.kid },
        fingerprintNode(k.fingerprint, { title: k.kid }),
        h('span', { class: 'key-meta' }, t('settings.retiredDates', { created: formatDateTime(k.createdAt), retired: formatDateTime(k.retiredAt) }))))));
  }

  /** Disables `form` and shows `indicator` in `slot` while a slow call runs; returns the undo. */
  function working(form, slot, indicator) {
    busy = true;
    const controls = [...form.querySelectorAll('input, button')];
    for (const control of controls) control.disabled = true;
    form.setAttribute('aria-busy', 'true');
    replace(slot, indicator);
    return () => {
      busy = false;
      for (const control of controls) control.disabled = false;
      form.removeAttribute('aria-busy');
      slot.replaceChildren();
    };
  }

  /* ---------- dialog ---------- */

  const close = () => dialog.close();
  const dialog = h('dialog', { id: 'settings-panel', class: 'dialog dialog-settings', 'aria-labelledby': 'settings-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'settings-title' }, t('settings.title')),
      h('button', { type: 'button', id: 'settings-close', class: 'close', 'aria-label': t('settings.close'), title: t('settings.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('section', { class: 'settings-section', 'aria-labelledby': 'signer-section-title' },
      h('h3', { id: 'signer-section-title' }, t('settings.signerTitle')),
      signerForm),
    h('section', { class: 'settings-section', id: 'key-section', 'aria-labelledby': 'key-section-title' },
      h('h3', { id: 'key-section-title' }, t('settings.keyTitle')),
      keyBody),
    h('section', { class: 'settings-section', id: 'secretariat-section', 'aria-labelledby': 'secretariat-section-title' },
      h('h3', { id: 'secretariat-section-title' }, t('settings.secretariatTitle')),
      secretariatForm),
    backupsSection({ onRestored: () => { dialog.close(); window.location.reload(); } }),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'settings-done', onClick: close }, t('settings.done'))));

  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
    else if (opener?.isConnected) opener.focus();
  });

  renderKeys();
  document.body.append(dialog);
  dialog.showModal();
  inputs.name.focus();
  loadSigner();
  loadKeys();
  loadSecretariat();
}

/** A keydown handler: Escape inside a sub-form cancels that form, not the whole dialog. */
function escapeCloses(cancelButton) {
  return (event) => {
    if (event.key !== 'Escape' || cancelButton.disabled) return;
    event.preventDefault();
    event.stopPropagation();
    cancelButton.click();
  };
}

/** Scrolls the dialog so that all of `el` (a form and its buttons) is in view. */
function reveal(el) {
  el.scrollIntoView({ block: 'nearest' });
}

function setStatus(el, text, kind) {
  el.dataset.kind = kind;
  el.textContent = text;
}
