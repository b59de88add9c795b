/**
 * The Sign-off panel (`#signoff-panel`): the entities that must approve the review, each with
 * its approver and title and where its approval stands (outstanding, approved, stale), the
 * approval recorded (how, when, the fingerprint approved) and, for a stale one, what changed
 * since (the comparison view, ./compare.js). Entities are added here, by hand or picked from
 * the review's contributing entities not on the list yet (the core says which); approvals are recorded
 * on paper or by email, or imported from an approval file (./approval-dialogs.js). The core
 * decides what is stale.
 */

import { openApprovalFile, openRecordApproval } from './approval-dialogs.js';
import { showCompare } from './compare.js';
import { h, replace } from './dom.js';
import { describeError, formatDateTime, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { shortDigest } from './widgets/fingerprint.js';
import { sidePanel } from './widgets/panel.js';

/** "3 of 5 approved, 1 stale", or that there is no list yet. */
export function signoffSummary(status) {
  if (!status?.required) return t('signoff.noList');
  const approved = t('signoff.approvedOf', { approved: formatNumber(status.approved), required: formatNumber(status.required) });
  return status.stale ? `${approved}${t('list.separator')}${t('signoff.staleCount', { count: status.stale, formatted: formatNumber(status.stale) })}` : approved;
}

/** A date the core recorded: a day as it is, a time in the UI's words. */
function when(date) {
  return String(date ?? '').length > 10 ? formatDateTime(date) : String(date ?? '');
}

/**
 * Builds `#signoff-panel`. `ctx`: `{ id, close(), changed() }`; `changed` runs after an entity
 * or an approval was recorded. Returns `{ el, refresh() }`.
 */
export function signoffPanel(ctx) {
  const sp = {
    ctx,
    panel: sidePanel({ id: 'signoff-panel', title: t('signoff.title'), close: ctx.close }),
    status: h('p', { class: 'panel-status', role: 'status' }),
    list: h('div', { class: 'signoff-list' }, h('p', {}, t('signoff.loading'))),
    picker: h('div', { id: 'signoff-candidates', class: 'signoff-candidates', hidden: true }),
    pickerOpen: false,
  };
  // After a change: the message, the list read again, and the focus back on the entity's
  // Record button (the list is drawn anew, so the dialog's opener is gone).
  sp.done = async (message, entity = null) => {
    sp.status.textContent = message;
    ctx.changed();
    await load(sp);
    if (entity) sp.list.querySelector(`[data-entity="${CSS.escape(entity)}"] [data-action="approval-record"]`)?.focus();
  };
  const importButton = h('button', { type: 'button', id: 'approval-import', 'aria-haspopup': 'dialog', onClick: () => openApprovalFile(ctx.id, (message) => sp.done(message)) }, t('signoff.importFile'));
  sp.pickerButton = h('button', { type: 'button', id: 'signoff-from-contributors', 'aria-expanded': 'false', 'aria-controls': 'signoff-candidates', onClick: () => togglePicker(sp, !sp.pickerOpen) }, t('signoff.fromContributors'));
  replace(sp.panel.body, h('p', { class: 'help' }, t('signoff.intro')), sp.status, sp.list,
    h('div', { class: 'button-row' }, importButton, sp.pickerButton), sp.picker, entityForm(sp));
  load(sp);
  return { el: sp.panel.el, refresh: () => load(sp) };
}

async function load(sp) {
  try {
    sp.signoff = await invoke('signoff_status', { id: sp.ctx.id });
    renderList(sp);
    renderPicker(sp);
  } catch (error) {
    replace(sp.list, h('p', { class: 'error-text', role: 'alert' }, describeError(error)));
  }
}

function renderList(sp) {
  const s = sp.signoff;
  replace(sp.list,
    h('p', { id: 'signoff-summary', class: 'lead', 'data-approved': String(s.approved), 'data-required': String(s.required), 'data-stale': String(s.stale) }, signoffSummary(s)),
    h('p', { class: 'help' }, t('signoff.current'), ' ', h('code', { class: 'fingerprint', translate: 'no', 'data-current-fingerprint': s.fingerprint }, shortDigest(s.fingerprint))),
    s.entities.length ? h('ul', { class: 'signoff-entities' }, s.entities.map((e) => entityNode(sp, e))) : null);
}

function entityNode(sp, e) {
  const who = [e.approver, e.title].filter(Boolean).join(t('list.separator'));
  return h('li', { class: 'signoff-entity', 'data-entity': e.entity, 'data-state': e.state },
    h('p', { class: 'signoff-entity-head' },
      h('strong', { dir: 'auto' }, e.entity), ' ',
      h('span', { class: `badge signoff-${e.state}`, 'data-signoff-state': e.state }, t(`signoff.state.${e.state}`))),
    who ? h('p', { class: 'signoff-approver', dir: 'auto' }, who) : null,
    e.approval ? approvalNode(sp, e.approval) : null,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', 'data-action': 'approval-record', 'aria-haspopup': 'dialog', 'aria-label': t('signoff.recordFor', { entity: e.entity }), onClick: () => openRecordApproval(sp.ctx.id, e, (message) => sp.done(message, e.entity)) }, t('signoff.record'))));
}

function approvalNode(sp, a) {
  const changed = a.changed?.length ?? 0;
  return h('div', { class: 'approval', 'data-approval': a.id, 'data-method': a.method, 'data-stale': String(a.stale) },
    h('p', {}, t(`signoff.method.${a.method}`), ' · ', when(a.date), ' · ', t('signoff.revision', { number: a.revision })),
    h('p', {}, t('signoff.fingerprint'), ' ', h('code', { class: 'fingerprint', translate: 'no', 'data-fingerprint': a.fingerprint }, shortDigest(a.fingerprint))),
    a.approver ? h('p', { dir: 'auto' }, t('signoff.approvedBy', { name: [a.approver, a.title].filter(Boolean).join(t('list.separator')) })) : null,
    a.attachment ? h('p', { class: 'approval-file', 'data-attachment': a.attachment.mediaType }, t('signoff.attached', { name: a.attachment.name }), ' ',
      h('button', { type: 'button', class: 'link', 'data-action': 'approval-attachment-save', onClick: () => saveAttachment(sp, a) }, t('signoff.saveCopy'))) : null,
    a.keyFingerprint ? h('p', {}, t('signoff.key'), ' ', h('code', { class: 'fingerprint', translate: 'no' }, a.keyFingerprint), ' ', t(`signoff.trust.${a.keyTrust}`)) : null,
    a.stale ? h('p', { class: 'approval-stale', role: 'note' },
      t('signoff.staleSince', { count: changed, formatted: formatNumber(changed) }), ' ',
      h('button', { type: 'button', class: 'link', 'data-action': 'approval-changes', onClick: () => showChanges(sp, a) }, t('signoff.whatChanged'))) : null);
}

/** Saves a copy of the scanned page or approval file kept with approval `a`. */
async function saveAttachment(sp, a) {
  try {
    const path = await invoke('approval_attachment_save', { id: sp.ctx.id, approval: a.id });
    if (path) sp.status.textContent = t('signoff.copySaved', { path });
  } catch (error) {
    sp.status.textContent = describeError(error);
  }
}

/** The comparison between the revision approved and now. */
function showChanges(sp, a) {
  const id = sp.ctx.id;
  showCompare(id, a.revision, sp.signoff.head, t('signoff.changesTitle', { entity: a.entity, number: a.revision }),
    () => invoke('approval_changes', { id, approval: a.id }));
}

/** Opens or closes the list of contributing entities to pick from; the focus goes into it or back. */
function togglePicker(sp, open) {
  sp.pickerOpen = open;
  sp.pickerButton.setAttribute('aria-expanded', String(open));
  renderPicker(sp);
  if (open) sp.picker.querySelector('input, [role="status"]')?.focus();
  else sp.pickerButton.focus();
}

/**
 * The contributing entities not on the sign-off list yet (`candidates` of the status), each
 * with a check box, and a button that adds those checked.
 */
function renderPicker(sp) {
  const candidates = sp.signoff?.candidates ?? [];
  if (!sp.pickerOpen || !sp.signoff) {
    replace(sp.picker);
    sp.picker.hidden = true;
    return;
  }
  sp.picker.hidden = false;
  if (!candidates.length) {
    replace(sp.picker, h('p', { class: 'help', role: 'status', tabindex: '-1', 'data-candidates': '0' }, t('signoff.noCandidates')));
    return;
  }
  const boxes = candidates.map((c, i) => h('input', { type: 'checkbox', id: `signoff-candidate-${i}`, value: c.id, 'data-candidate': c.name }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  async function add(event) {
    event.preventDefault();
    error.textContent = '';
    const wanted = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!wanted.length) {
      error.textContent = t('signoff.candidatesNeeded');
      boxes[0].focus();
      return;
    }
    try {
      const added = await invoke('signoff_add_from_contributors', { id: sp.ctx.id, contributors: wanted });
      sp.pickerOpen = false;
      sp.pickerButton.setAttribute('aria-expanded', 'false');
      await sp.done(t('signoff.addedFromContributors', { names: added.map((e) => e.entity).join(t('list.separator')) }));
      sp.pickerButton.focus();
    } catch (err) {
      error.textContent = describeError(err);
    }
  }
  const close = (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    togglePicker(sp, false);
  };
  replace(sp.picker, h('form', { class: 'settings-form', onSubmit: add, onKeydown: close },
    h('fieldset', { 'data-candidates': String(candidates.length) }, h('legend', {}, t('signoff.candidatesLegend')),
      candidates.map((c, i) => h('div', { class: 'check-row' }, boxes[i], ' ',
        h('label', { for: boxes[i].id, dir: 'auto' }, c.ministry ? `${c.name}${t('list.separator')}${c.ministry}` : c.name))),
      error,
      h('div', { class: 'button-row' },
        h('button', { type: 'submit', id: 'signoff-candidates-add', class: 'primary' }, t('signoff.candidatesAdd')),
        h('button', { type: 'button', id: 'signoff-candidates-cancel', onClick: () => togglePicker(sp, false) }, t('dialog.cancel'))))));
}

/** The form that adds an entity to the sign-off list, with its approver and their title. */
function entityForm(sp) {
  const input = (id, label) => {
    const el = h('input', { type: 'text', id, dir: 'auto', maxlength: '200' });
    return { el, row: h('div', { class: 'form-field' }, h('label', { for: id }, label), el) };
  };
  const entity = input('signoff-entity', t('signoff.entity'));
  const approver = input('signoff-approver', t('signoff.approver'));
  const title = input('signoff-title', t('signoff.approverTitle'));
  const error = h('p', { class: 'form-error', role: 'alert' });
  async function add(event) {
    event.preventDefault();
    error.textContent = '';
    if (!entity.el.value.trim()) {
      error.textContent = t('signoff.entityNeeded');
      entity.el.focus();
      return;
    }
    try {
      const added = await invoke('signoff_add', { id: sp.ctx.id, entity: { entity: entity.el.value, approver: approver.el.value, title: title.el.value } });
      [entity, approver, title].forEach((f) => { f.el.value = ''; });
      sp.done(t('signoff.added', { entity: added.entity }));
      entity.el.focus();
    } catch (err) {
      error.textContent = describeError(err);
    }
  }
  return h('form', { class: 'signoff-form settings-form', onSubmit: add },
    h('fieldset', {}, h('legend', {}, t('signoff.addLegend')),
      entity.row, approver.row, title.row, error,
      h('button', { type: 'submit', id: 'signoff-add' }, t('signoff.add'))));
}
