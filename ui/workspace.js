/**
 * The contributor's side of whole-of-government drafting: opening a contribution request
 * (`#request-opened-dialog`: who asked, the key's fingerprint to check with them), the banner
 * of the restricted editor (`#workspace-banner`: only the assigned fields can be written, the
 * rest is read-only), and "Return contribution" (`#return-dialog`: the signed response saved,
 * the email draft back to the coordinator beside it; a key is made on first use).
 */

import { h, replace } from './dom.js';
import { describeError, formatDate, formatDateTime, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { coreMinPassphrase as minPassphrase } from './rules.js';
import { pathLabel } from './template.js';
import { busyIndicator } from './widgets/busy.js';
import { notify } from './widgets/dialogs.js';
import { fingerprintNode } from './widgets/fingerprint.js';
import { openModal } from './widgets/modal.js';
import { passphraseField, passphraseProblem } from './widgets/passphrase.js';

/** Asks for a request file and says who asked; `onOpened(workspaceId)` opens its workspace. */
export async function openContributionRequest({ onOpened }) {
  let chosen;
  try {
    chosen = await invoke('contribution_open');
  } catch (error) {
    return void notify(t('workspace.openFailed', { reason: describeError(error) }), 'error');
  }
  if (!chosen) return;
  const { opened } = chosen;
  const info = opened.info;
  const c = info.coordinator;
  const modal = openModal({ id: 'request-opened-dialog', title: t('workspace.openedTitle', { entity: info.entity.name }) });
  replace(modal.body,
    h('dl', { class: 'facts' },
      h('dt', {}, t('merge.file')), h('dd', { dir: 'auto' }, chosen.name),
      h('dt', {}, t('workspace.requestedBy')), h('dd', { dir: 'auto' }, [c.name, c.title, c.ministry].filter(Boolean).join(', '), c.email ? ` <${c.email}>` : ''),
      h('dt', {}, t('merge.key')), h('dd', { 'data-trust': opened.trust }, fingerprintNode(info.fingerprint, { id: 'request-fingerprint' }), ' ', t(`merge.trust.${opened.trust}`)),
      h('dt', {}, t('workspace.toWrite')), h('dd', {}, t('workspace.fieldCount', { formatted: formatNumber(info.fields.length) }), info.due ? ` · ${t('contrib.due', { date: formatDate(info.due) })}` : '')),
    opened.trusted ? null : h('p', { class: 'help' }, t('workspace.checkFingerprint')),
    opened.keyChange ? h('p', { class: 'import-consent', role: 'alert', dir: 'auto' }, opened.keyChange.message) : null,
    opened.created ? null : h('p', { class: 'meta' }, t('workspace.openedBefore')),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'request-open-workspace', class: 'primary', onClick: () => { modal.close(); onOpened(opened.workspace); } }, t('workspace.open')),
      h('button', { type: 'button', onClick: () => modal.close() }, t('dialog.close'))));
}

/** The restricted editor's banner for workspace `info`; `onReturn()` opens the return dialog. */
export function workspaceBanner(info, onReturn) {
  const c = info.coordinator;
  const last = info.returns.at(-1);
  return h('section', { id: 'workspace-banner', class: 'workspace-banner', role: 'note', 'data-workspace': info.id, 'aria-labelledby': 'workspace-banner-title' },
    h('div', { class: 'workspace-text' }, h('p', { id: 'workspace-banner-title', class: 'workspace-title', dir: 'auto' },
      t('workspace.banner', { entity: info.entity.name, coordinator: [c.name, c.ministry].filter(Boolean).join(', ') }), ' ',
      t('workspace.fingerprint'), ' ', fingerprintNode(info.fingerprint)),
    h('p', { class: 'meta' },
      t('workspace.writeOnly', { formatted: formatNumber(info.fields.length) }),
      info.due ? ` · ${t('contrib.due', { date: formatDate(info.due) })}` : ''),
    info.instructions ? h('p', { class: 'workspace-instructions', dir: 'auto' }, info.instructions) : null,
    last ? h('p', { class: 'meta', 'data-returned': info.returns.length }, t('workspace.returnedOn', { date: formatDateTime(last.createdAt) })) : null),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', id: 'return-contribution', class: 'primary', 'aria-haspopup': 'dialog', onClick: onReturn }, t('workspace.return'))));
}

/** An optional comment on changed field `path` for the coordinator, kept in `comments`. */
function commentBox(info, path, comments) {
  const id = `comment-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const box = h('textarea', { id, rows: 2, dir: 'auto', 'data-comment-for': path });
  box.value = info.comments?.[path] ?? '';
  comments.set(path, box);
  return h('div', { class: 'form-field return-comment' }, h('label', { for: id }, t('workspace.comment')), box);
}

/**
 * "Return contribution" for workspace `ctx.id`: which fields changed, the passphrase (twice
 * when the contributor's key is made now), then the response and its email draft. `ctx`:
 * `{ id, flush(), returned() }`.
 */
export async function openReturn(ctx) {
  if (!(await ctx.flush())) return void notify(t('export.saveFirst'), 'error');
  let info;
  let keys;
  try {
    [info, keys] = await Promise.all([invoke('workspace_get', { id: ctx.id }), invoke('keys_list')]);
  } catch (error) {
    return void notify(describeError(error), 'error');
  }
  const firstKey = !(keys ?? []).some((k) => !k.retiredAt);
  const comments = new Map();
  const r = { busy: false };
  const modal = openModal({ id: 'return-dialog', title: t('workspace.returnTitle', { entity: info.entity.name }), busy: () => r.busy });
  const pass = passphraseField({ id: 'return-passphrase', label: t('export.passphrase'), hint: firstKey ? t('workspace.newKeyHint', { count: minPassphrase() }) : t('workspace.passphraseHint'), autocomplete: firstKey ? 'new-password' : 'current-password' });
  const again = firstKey ? passphraseField({ id: 'return-passphrase-again', label: t('workspace.passphraseAgain'), autocomplete: 'new-password' }) : null;
  const error = h('p', { id: 'return-error', class: 'form-error', role: 'alert' });
  const progress = h('div', { class: 'progress-slot' });
  const form = h('form', { id: 'return-form', class: 'settings-form', novalidate: true, onSubmit: (event) => send(event) },
    info.changed.length
      ? [h('p', {}, t('workspace.changed', { formatted: formatNumber(info.changed.length) })), h('ul', { class: 'assigned-list' }, info.changed.map((p) => h('li', { 'data-path': p }, pathLabel(p), commentBox(info, p, comments))))]
      : h('p', { class: 'form-error' }, t('workspace.nothingChanged')),
    pass.el, again?.el, error, progress,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'submit', id: 'return-sign', class: 'primary' }, t('workspace.returnSign')),
      h('button', { type: 'button', id: 'return-cancel', onClick: () => modal.close() }, t('dialog.cancel'))));
  replace(modal.body, form);
  pass.input.focus();

  async function send(event) {
    event.preventDefault();
    error.textContent = '';
    const problem = again ? passphraseProblem(pass.input.value, again.input.value, minPassphrase()) : (pass.input.value ? null : t('export.passphraseNeeded'));
    if (problem) {
      error.textContent = problem;
      return void pass.input.focus();
    }
    const controls = [...form.querySelectorAll('input, textarea, button')];
    const busy = (on) => {
      r.busy = on;
      controls.forEach((c) => { c.disabled = on; });
      replace(progress, on ? busyIndicator('return-progress', t('workspace.returning')) : null);
    };
    busy(true);
    try {
      for (const [path, box] of comments) {
        if (box.value.trim() !== (info.comments[path] ?? '')) await invoke('contribution_comment', { id: ctx.id, path, text: box.value.trim() });
      }
      const written = await invoke('contribution_return', { id: ctx.id, passphrase: pass.input.value });
      busy(false);
      if (!written) return void (error.textContent = t('export.cancelled'));
      replace(modal.body, h('section', { id: 'return-result', tabindex: '-1', 'data-eml': written.eml, 'data-path': written.path },
        h('h3', {}, t('workspace.returned')),
        h('dl', { class: 'facts' },
          h('dt', {}, t('export.savedTo')), h('dd', {}, h('span', { class: 'path', dir: 'auto' }, written.path)),
          h('dt', {}, t('request.draft')), h('dd', {}, h('span', { class: 'path', dir: 'auto' }, written.eml), ' ', t('request.draftTo', { to: written.to })),
          h('dt', {}, t('request.fingerprint')), h('dd', {}, fingerprintNode(written.fingerprint))),
        written.keyCreated ? h('p', { class: 'help' }, t('workspace.keyCreated')) : null,
        h('div', { class: 'button-row dialog-foot' },
          h('button', { type: 'button', id: 'return-show', onClick: () => invoke('show_in_folder', { handle: written.handle }).catch(() => {}) }, t('package.showInFolder')),
          h('button', { type: 'button', id: 'return-close', class: 'primary', onClick: () => modal.close() }, t('dialog.close')))));
      modal.body.querySelector('#return-result').focus();
      ctx.returned();
    } catch (err) {
      busy(false);
      error.textContent = err.code === 'wrong_passphrase' ? t('export.wrongPassphrase') : t('export.failed', { reason: describeError(err) });
      pass.input.focus();
    }
  }
}
