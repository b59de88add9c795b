/**
 * Export signed JSON, or a package for the secretariat (`#export-dialog`): what is still wrong
 * with the review (each entry jumps to its field), whether it will go out as a draft or final,
 * who signs and with which key, then the passphrase and the signature. The file is written where
 * the user chooses. A package can then be emailed to the secretariat (a draft message opened in
 * the system's mail program) or shown in its folder.
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, has, t } from './i18n.js';
import { invoke } from './ipc.js';
import { busyIndicator, passphraseField } from './settings.js';
import { parsePath, pathLabel } from './template.js';

/** True when a diagnostic makes the export a draft: the core decides and says so. */
export function makesDraft(d) {
  return d.blocksFinal === true;
}

/** The document fingerprint shown: the first 16 hex digits in groups of 4. */
export function shortDigest(digest) {
  return (String(digest ?? '').slice(0, 16).match(/.{1,4}/g) ?? []).join(' ');
}

function diagnosticLabel(d) {
  const { section: s, objective: number, field } = parsePath(d.path);
  if (s && !field && s.repeat === 'objectives' && number === null) return t('missing.oneObjective');
  return pathLabel(d.path);
}

function codeText(d) {
  const key = `export.code.${d.code}`;
  return has(key) ? t(key) : d.message;
}

/**
 * Opens the dialog for review `id`. `ctx`: `{ id, flush(): Promise<boolean>, goTo(path),
 * openSettings({ onClose }), package?: true, onSubmitted?() }`; with `package`, the review is
 * packaged rather than exported as signed JSON.
 */
export function openExport(ctx) {
  document.getElementById('export-dialog')?.remove();
  const pkg = Boolean(ctx.package);
  const opener = document.activeElement;
  let busy = false;
  let after = null;

  const body = h('div', { class: 'export-body' }, h('p', { class: 'loading-line' }, t('export.checking')));
  const dialog = h('dialog', { id: 'export-dialog', class: 'dialog dialog-export', 'data-kind': pkg ? 'package' : 'json', 'aria-labelledby': 'export-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'export-title' }, t(pkg ? 'package.title' : 'export.title')),
      h('button', { type: 'button', class: 'close', id: 'export-x', 'aria-label': t('export.close'), title: t('export.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    body);

  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (after) after();
    else if (opener?.isConnected) opener.focus();
  });

  /** Closes the dialog, then runs `next` instead of giving the focus back to the opener. */
  function closeThen(next) {
    after = next;
    dialog.close();
  }

  async function load() {
    if (!(await ctx.flush())) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, t('export.saveFirst')), closeRow());
      return;
    }
    try {
      const [diagnostics, signer, keys] = await Promise.all([
        invoke('export_check', { id: ctx.id }),
        invoke('signer_get'),
        invoke('keys_list'),
      ]);
      render(diagnostics ?? [], signer, (keys ?? []).find((k) => !k.retiredAt) ?? null);
    } catch (error) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, t('export.checkFailed', { reason: describeError(error) })), closeRow());
    }
  }

  function closeRow() {
    return h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'export-close', onClick: () => dialog.close() }, t('export.closeButton')));
  }

  /* ---------- summary ---------- */

  function entry(d) {
    const message = d.code === 'missing' ? null : d.message;
    return h('li', { 'data-severity': d.severity },
      h('button', { type: 'button', class: 'link diagnostic', 'data-diagnostic-path': d.path, 'data-code': d.code, onClick: () => closeThen(() => ctx.goTo(d.path)) },
        h('span', { class: 'diagnostic-field' }, diagnosticLabel(d)),
        h('span', { class: 'diagnostic-code' }, codeText(d))),
      message ? h('p', { class: 'diagnostic-detail', lang: 'en', dir: 'auto' }, message) : null);
  }

  function group(kind, list) {
    if (!list.length) return null;
    const id = `export-${kind}-title`;
    return h('section', { class: `diagnostic-group ${kind}`, 'aria-labelledby': id },
      h('h3', { id }, t(`export.${kind}`, { count: list.length, formatted: formatNumber(list.length) })),
      h('ul', { 'aria-labelledby': id }, list.map(entry)));
  }

  function statusSentence(diagnostics) {
    const blocking = diagnostics.filter(makesDraft).length;
    const warnings = diagnostics.length - blocking;
    if (blocking) {
      return h('p', { id: 'export-status', class: 'export-status', 'data-status': 'draft' },
        t('export.willBeDraft', { count: blocking, formatted: formatNumber(blocking) }));
    }
    return h('p', { id: 'export-status', class: 'export-status', 'data-status': 'final' },
      warnings ? t('export.willBeFinalWarnings', { count: warnings, formatted: formatNumber(warnings) }) : t('export.willBeFinal'));
  }

  function summary(diagnostics) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const warnings = diagnostics.filter((d) => d.severity !== 'error');
    return h('section', { id: 'export-summary', 'aria-labelledby': 'export-summary-title' },
      h('h3', { id: 'export-summary-title', class: 'visually-hidden' }, t('export.summary')),
      statusSentence(diagnostics),
      diagnostics.length ? h('p', { class: 'help' }, t('export.jumpHint')) : null,
      diagnostics.length ? h('div', { class: 'diagnostics' }, group('errors', errors), group('warnings', warnings)) : null);
  }

  /* ---------- signing ---------- */

  function readiness(signer, key) {
    if (signer?.name && key) {
      return h('p', { id: 'export-signer', class: 'export-signer' },
        t('export.signedBy', { name: signer.name, ministry: signer.ministry || '—' }));
    }
    const lines = [];
    if (!signer?.name) lines.push(h('li', { id: 'export-no-signer' }, t('export.noSigner')));
    if (!key) lines.push(h('li', { id: 'export-no-key' }, t('export.noKey')));
    return h('div', { class: 'export-not-ready', role: 'note' },
      h('ul', {}, lines),
      h('button', { type: 'button', id: 'export-open-settings', class: 'primary', onClick: () => closeThen(() => ctx.openSettings({ onClose: () => openExport(ctx) })) },
        t('export.openSettings')));
  }

  function signForm() {
    const pass = passphraseField({ id: 'export-passphrase', label: t('export.passphrase'), hint: t('export.passphraseHint'), autocomplete: 'current-password' });
    const error = h('p', { id: 'export-error', class: 'form-error', role: 'alert' });
    const progress = h('div', { class: 'progress-slot' });
    const note = h('p', { id: 'export-note', class: 'form-status', role: 'status' });
    const submit = h('button', { type: 'submit', id: 'export-sign', class: 'primary' }, t(pkg ? 'package.sign' : 'export.sign'));
    const form = h('form', { id: 'export-form', class: 'settings-form', novalidate: true, onSubmit: sign },
      pass.el, error, note, progress,
      h('div', { class: 'button-row dialog-foot' }, submit,
        h('button', { type: 'button', id: 'export-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));

    async function sign(event) {
      event.preventDefault();
      error.textContent = '';
      note.textContent = '';
      if (!pass.input.value) {
        error.textContent = t('export.passphraseNeeded');
        pass.input.focus();
        return;
      }
      const controls = [...form.querySelectorAll('input, button')];
      const setBusy = (on) => {
        busy = on;
        for (const control of controls) control.disabled = on;
        form.toggleAttribute('aria-busy', on);
        replace(progress, on ? busyIndicator('export-progress', t(pkg ? 'package.building' : 'export.signing')) : null);
      };
      setBusy(true);
      let written;
      try {
        if (!(await ctx.flush())) throw { code: 'unsaved' };
        written = pkg
          ? await invoke('export_package', { id: ctx.id, passphrase: pass.input.value, options: {} })
          : await invoke('export_json', { id: ctx.id, passphrase: pass.input.value });
      } catch (err) {
        setBusy(false);
        if (err.code === 'wrong_passphrase') {
          error.textContent = t('export.wrongPassphrase');
          pass.input.value = '';
        } else if (err.code === 'unsaved') {
          error.textContent = t('export.saveFirst');
        } else {
          error.textContent = t('export.failed', { reason: describeError(err) });
        }
        pass.input.focus();
        return;
      }
      setBusy(false);
      if (!written) {
        note.textContent = t('export.cancelled');
        pass.input.focus();
        return;
      }
      pass.input.value = '';
      showResult(written);
    }

    return { form, focus: () => pass.input.focus() };
  }

  function showResult(written) {
    const full = String(written.digest ?? '');
    const copyNote = h('span', { class: 'copy-note', role: 'status' });
    const fullInput = h('input', { type: 'text', id: 'export-digest-full', readOnly: true, value: full, dir: 'ltr', class: 'mono', 'aria-label': t('export.digestFull'), onFocus: (e) => e.target.select() });
    async function copy() {
      try {
        await navigator.clipboard.writeText(full);
        copyNote.textContent = t('export.copied');
      } catch {
        details.open = true;
        fullInput.focus();
        copyNote.textContent = t('export.copyByHand');
      }
    }
    const details = h('details', { class: 'digest-full' },
      h('summary', {}, t('export.digestShowFull')), fullInput);
    const status = written.status === 'final' ? 'final' : 'draft';
    replace(body,
      h('section', { id: 'export-result', 'data-outcome': 'written', 'data-status': status, tabindex: '-1', 'aria-labelledby': 'export-result-title' },
        h('h3', { id: 'export-result-title' }, t(pkg ? 'package.done' : 'export.done')),
        h('dl', { class: 'facts' },
          h('dt', {}, t('export.savedTo')),
          h('dd', {}, h('span', { id: 'export-path', class: 'path', dir: 'auto' }, written.path)),
          h('dt', {}, t('export.statusLabel')),
          h('dd', { id: 'export-result-status' }, h('span', { class: `status-badge ${status}` }, t(`status.${status}`)),
            ' ', t(`export.statusMeaning.${status}`)),
          full ? [
            h('dt', {}, t('export.digest')),
            h('dd', {},
              h('code', { id: 'export-digest', class: 'fingerprint', title: full, translate: 'no', 'data-digest': full }, shortDigest(full)),
              ' ', h('button', { type: 'button', id: 'export-copy-digest', class: 'link', onClick: copy }, t('export.copy')),
              ' ', copyNote,
              h('p', { class: 'help' }, t('export.digestHint')),
              details),
          ] : null,
          pkg ? [
            h('dt', {}, t('package.pdfFingerprint')),
            h('dd', {}, h('code', { id: 'package-pdf-fingerprint', class: 'fingerprint', translate: 'no', title: written.fingerprint }, shortDigest(written.fingerprint))),
            h('dt', {}, t('package.supersedes')),
            h('dd', { id: 'package-supersedes', 'data-supersedes': written.supersedes ?? '' },
              written.supersedes ? h('code', { class: 'fingerprint', translate: 'no', title: written.supersedes }, shortDigest(written.supersedes)) : t('package.firstSubmission')),
          ] : null),
        pkg ? packageActions(written) : null),
      closeRow());
    body.querySelector('#export-result').focus();
  }

  /** Email to the secretariat, and show in folder, for a written package. */
  function packageActions(written) {
    const note = h('p', { id: 'package-note', class: 'form-status', role: 'status' });
    const email = h('button', { type: 'button', id: 'package-email', class: 'primary', onClick: sendDraft }, t('package.email'));
    async function sendDraft() {
      email.disabled = true;
      note.textContent = t('package.emailing');
      try {
        const draft = await invoke('email_package', { id: ctx.id, package: written.handle });
        note.textContent = t('package.emailed', { to: draft.to, path: draft.path });
        note.dataset.eml = draft.path;
        ctx.onSubmitted?.();
      } catch (error) {
        note.textContent = t('package.emailFailed', { reason: describeError(error) });
      } finally {
        email.disabled = false;
      }
    }
    return h('div', { class: 'package-actions' },
      h('p', { class: 'help' }, t('package.emailHint')),
      h('div', { class: 'button-row' }, email,
        h('button', { type: 'button', id: 'package-show', onClick: () => invoke('show_in_folder', { handle: written.handle }).catch(() => {}) }, t('package.showInFolder'))),
      note);
  }

  function render(diagnostics, signer, key) {
    const ready = Boolean(signer?.name && key);
    const sign = ready ? signForm() : null;
    replace(body,
      summary(diagnostics),
      h('section', { class: 'export-sign', 'aria-labelledby': 'export-sign-title' },
        h('h3', { id: 'export-sign-title' }, t('export.signTitle')),
        readiness(signer, key),
        sign?.form ?? closeRow()));
    if (sign) sign.focus();
    else body.querySelector('#export-open-settings')?.focus();
  }

  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#export-title').setAttribute('tabindex', '-1');
  dialog.querySelector('#export-title').focus();
  load();
}
