/**
 * Recording approvals: `#approval-dialog` records one signed on paper or given by email (who,
 * when, the fingerprint on the paper, and a scanned page chosen in the system's open dialog,
 * kept in the store); `#approval-file-dialog` shows what an approval file chosen in the open
 * dialog approves and how far its key is trusted, and records it, after the user has checked
 * the key when the core asks for that. The core checks everything again when it records. A
 * file chosen and not recorded (the dialog cancelled, another scan chosen) is released, so that
 * its bytes are not kept for the rest of the session.
 */

import { h, replace } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { notify } from './widgets/dialogs.js';
import { fingerprintNode, shortDigest } from './widgets/fingerprint.js';

/** Releases a chosen file that will not be recorded; nothing is lost if that fails. */
function release(handle) {
  if (handle) invoke('approval_chosen_release', { handle }).catch(() => {});
}

/** A modal dialog that removes itself when closed and gives the focus back. */
function modal(id, title, ...body) {
  const opener = document.activeElement;
  document.getElementById(id)?.remove();
  const dialog = h('dialog', { id, class: 'dialog', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, tabindex: '-1', dir: 'auto' }, title), ...body);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

function field(id, label, input, hint) {
  return h('div', { class: 'form-field' }, h('label', { for: id }, label), hint ? h('p', { class: 'help', id: `${id}-hint` }, hint) : null, input);
}

/**
 * Records an approval for entity `e` (`{ id, entity, approver, title }`) of review `id` on
 * paper or by email; `done(message)` runs once it is recorded.
 */
export function openRecordApproval(id, e, done) {
  const f = {
    method: h('select', { id: 'approval-method' },
      h('option', { value: 'paper' }, t('signoff.method.paper')),
      h('option', { value: 'email' }, t('signoff.method.email'))),
    approver: h('input', { type: 'text', id: 'approval-approver', dir: 'auto', maxlength: '200', value: e.approver ?? '' }),
    title: h('input', { type: 'text', id: 'approval-title', dir: 'auto', maxlength: '200', value: e.title ?? '' }),
    date: h('input', { type: 'date', id: 'approval-date', value: new Date().toISOString().slice(0, 10) }),
    fingerprint: h('input', { type: 'text', id: 'approval-fingerprint', translate: 'no', 'aria-describedby': 'approval-fingerprint-hint' }),
    scanName: h('p', { id: 'approval-scan-name', class: 'help', role: 'status' }),
    error: h('p', { id: 'approval-error', class: 'form-error', role: 'alert' }),
    scan: null,
  };
  const chooseScan = async () => {
    try {
      const chosen = await invoke('approval_scan_choose');
      if (!chosen) return;
      release(f.scan);
      f.scan = chosen.handle;
      f.scanName.dataset.handle = chosen.handle;
      f.scanName.textContent = t('signoff.scanChosen', { name: chosen.name });
      f.scanName.dataset.scan = chosen.name;
    } catch (error) {
      f.error.textContent = describeError(error);
    }
  };
  const form = h('form', { class: 'settings-form', onSubmit: (event) => record(event, id, e, f, dialog, done) },
    h('p', { class: 'help' }, t('signoff.recordIntro', { entity: e.entity })),
    field('approval-method', t('signoff.methodLabel'), f.method),
    field('approval-approver', t('signoff.approver'), f.approver),
    field('approval-title', t('signoff.approverTitle'), f.title),
    field('approval-date', t('signoff.date'), f.date),
    field('approval-fingerprint', t('signoff.fingerprintOnPaper'), f.fingerprint, t('signoff.fingerprintHint')),
    h('div', { class: 'form-field' },
      h('button', { type: 'button', id: 'approval-scan', onClick: chooseScan }, t('signoff.attachScan')), f.scanName),
    f.error,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'submit', id: 'approval-save', class: 'primary' }, t('signoff.recordSave')),
      h('button', { type: 'button', id: 'approval-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));
  const dialog = modal('approval-dialog', t('signoff.recordTitle', { entity: e.entity }), form);
  dialog.addEventListener('close', () => release(f.scan));
  f.method.focus();
}

async function record(event, id, e, f, dialog, done) {
  event.preventDefault();
  f.error.textContent = '';
  const approval = {
    entity: e.id,
    method: f.method.value,
    approver: f.approver.value.trim() || null,
    title: f.title.value.trim() || null,
    date: f.date.value || null,
    revision: null,
    fingerprint: f.fingerprint.value.trim() || null,
  };
  try {
    const recorded = await invoke('approval_record', { id, approval, scan: f.scan });
    f.scan = null;
    dialog.close();
    done(t('signoff.recorded', { entity: e.entity, fingerprint: shortDigest(recorded.fingerprint) }));
  } catch (error) {
    f.error.textContent = t('signoff.recordFailed', { reason: describeError(error) });
  }
}

/**
 * Imports an approval file for review `id`: the open dialog, then what it approves and the
 * trust in its key; `done(message)` runs once it is recorded.
 */
export async function openApprovalFile(id, done) {
  let chosen;
  try {
    chosen = await invoke('approval_file_choose', { id });
  } catch (error) {
    notify(t('signoff.fileRefused', { reason: describeError(error) }), 'error');
    return;
  }
  if (!chosen) return;
  const { check } = chosen;
  const a = check.approval;
  const error = h('p', { id: 'approval-file-error', class: 'form-error', role: 'alert' });
  const consent = check.consent;
  const warning = consent ? h('div', { id: 'approval-consent', class: 'conflict', role: 'note' },
    h('p', {}, consent.pinned?.length
      ? t('signoff.keyChanged', { entity: a.entity, approver: a.approver.name })
      : t('signoff.keyUntrusted', { approver: a.approver.name })),
    h('p', {}, t('signoff.keyToCheck'), ' ', fingerprintNode(check.keyFingerprint, { id: 'approval-key-fingerprint' }))) : null;
  let handle = chosen.handle;
  const confirm = async () => {
    try {
      const recorded = await invoke('approval_file_record', { id, handle, consent: consent?.token ?? null });
      handle = null;
      dialog.close();
      done(t('signoff.recorded', { entity: recorded.entity, fingerprint: shortDigest(recorded.fingerprint) }));
    } catch (err) {
      error.textContent = t('signoff.recordFailed', { reason: describeError(err) });
    }
  };
  const dialog = modal('approval-file-dialog', t('signoff.fileTitle', { name: chosen.name }),
    h('dl', { class: 'approval-facts' },
      h('dt', {}, t('signoff.entity')), h('dd', { dir: 'auto', 'data-approval-entity': a.entity }, a.entity),
      h('dt', {}, t('signoff.approver')), h('dd', { dir: 'auto' }, [a.approver.name, a.approver.title].filter(Boolean).join(t('list.separator'))),
      h('dt', {}, t('signoff.date')), h('dd', {}, a.date),
      h('dt', {}, t('signoff.fingerprint')), h('dd', {}, h('code', { class: 'fingerprint', translate: 'no' }, shortDigest(a.fingerprint)), ' ', t('signoff.revision', { number: a.revision })),
      h('dt', {}, t('signoff.key')), h('dd', { 'data-key-trust': check.keyTrust }, fingerprintNode(check.keyFingerprint), ' ', t(`signoff.trust.${check.keyTrust}`))),
    check.recorded ? h('p', { class: 'help' }, t('signoff.alreadyRecorded')) : null,
    warning, error,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'approval-file-confirm', class: consent ? 'danger' : 'primary', onClick: confirm },
        t(consent ? 'signoff.recordChecked' : 'signoff.recordSave')),
      h('button', { type: 'button', id: 'approval-file-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));
  dialog.dataset.handle = handle;
  dialog.addEventListener('close', () => release(handle));
  dialog.querySelector(consent ? '#approval-file-cancel' : '#approval-file-confirm').focus();
}
