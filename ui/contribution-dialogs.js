/**
 * The Contributions panel's dialogs: what is assigned to an entity (`#assign-dialog`: whole
 * sections, objectives by number or by round table, single fields; a field may go to several
 * entities), and its request (`#request-dialog`: due date, instructions, the passphrase, then
 * the signed file and the email draft to the entity beside it; or, as a Word form, no
 * passphrase, then the `.docx` and its email draft).
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, localised, t } from './i18n.js';
import { invoke } from './ipc.js';
import { allPaths, objectiveTitle, objectives, pathLabel, roundTables, section, sectionTitle, sections } from './template.js';
import { busyIndicator } from './widgets/busy.js';
import { fingerprintNode } from './widgets/fingerprint.js';
import { openModal } from './widgets/modal.js';
import { passphraseField } from './widgets/passphrase.js';

/** What an assignment (`section:means`, `objectives.6`, `round-table:2`, a path) names, in words. */
export function selectorLabel(selector) {
  const text = String(selector);
  if (text.startsWith('section:')) {
    const s = section(text.slice(8));
    return s ? t('assign.sectionNamed', { title: sectionTitle(s) }) : text;
  }
  if (text.startsWith('round-table:')) {
    const rt = roundTables().find((r) => String(r.number) === text.slice(12));
    return rt ? t('assign.roundTableNamed', { title: localised(rt.title), objectives: rt.objectives.join(t('list.separator')) }) : text;
  }
  const whole = /^objectives\.(\d+)$/.exec(text);
  if (whole) {
    const o = objectives().find((x) => x.number === Number(whole[1]));
    return o ? objectiveTitle(o) : text;
  }
  return pathLabel(text);
}

/** The choices of one kind of assignment, as `[value, label]`. */
function targets(kind) {
  switch (kind) {
    case 'objective': return objectives().map((o) => [`objectives.${o.number}`, objectiveTitle(o)]);
    case 'round-table': return roundTables().map((rt) => [`round-table:${rt.number}`, selectorLabel(`round-table:${rt.number}`)]);
    case 'section': return sections().map((s) => [`section:${s.id}`, sectionTitle(s)]);
    default: return allPaths().map((p) => [p, pathLabel(p)]);
  }
}

/**
 * What is assigned to `ctx.entity` in review `ctx.id`, with the form that adds to it and a
 * button per assignment that takes it back; `ctx.changed()` runs after each change.
 */
export function openAssign(ctx) {
  const modal = openModal({ id: 'assign-dialog', title: t('assign.title', { name: ctx.entity.name }), className: 'dialog-assign' });
  const list = h('div', { class: 'assign-current' });
  const status = h('p', { id: 'assign-status', class: 'form-status', role: 'status' });
  const kind = h('select', { id: 'assign-kind' },
    ['objective', 'round-table', 'section', 'field'].map((k) => h('option', { value: k }, t(`assign.kind.${k}`))));
  const target = h('select', { id: 'assign-target' });
  const fill = () => replace(target, targets(kind.value).map(([value, label]) => h('option', { value }, label)));
  kind.addEventListener('change', fill);
  fill();
  let entity = ctx.entity;
  const show = () => replace(list,
    h('p', {}, t('assign.covers', { formatted: formatNumber(entity.fields.length) })),
    entity.assignment.length ? h('ul', { class: 'assigned-list' }, entity.assignment.map((s) => h('li', { 'data-selector': s },
      h('span', { dir: 'auto' }, selectorLabel(s)), ' ',
      h('button', { type: 'button', class: 'link', 'data-action': 'unassign', 'aria-label': t('assign.removeNamed', { what: selectorLabel(s) }), onClick: () => change([s], true) }, t('assign.remove')))))
      : h('p', { class: 'meta' }, t('contrib.nothingAssigned')));
  async function change(selectors, remove) {
    try {
      entity = await invoke('contributor_assign', { id: ctx.id, entity: entity.id, selectors, remove });
      status.textContent = t(remove ? 'assign.removed' : 'assign.added', { what: selectors.map(selectorLabel).join(t('list.separator')) });
      show();
      ctx.changed();
    } catch (error) {
      status.textContent = describeError(error);
    }
  }
  show();
  replace(modal.body,
    h('p', { class: 'help' }, t('assign.intro')),
    list,
    h('form', { id: 'assign-form', class: 'assign-form', onSubmit: (event) => { event.preventDefault(); change([target.value], false); } },
      h('div', { class: 'form-field' }, h('label', { for: 'assign-kind' }, t('assign.kind')), kind),
      h('div', { class: 'form-field' }, h('label', { for: 'assign-target' }, t('assign.target')), target),
      h('div', { class: 'button-row' }, h('button', { type: 'submit', id: 'assign-add', class: 'primary' }, t('assign.add')))),
    status,
    h('div', { class: 'button-row dialog-foot' }, h('button', { type: 'button', id: 'assign-close', onClick: () => modal.close() }, t('dialog.close'))));
}

/**
 * The request to `ctx.entity` for review `ctx.id`: the due date, instructions and the
 * passphrase, then the signed file saved (a native dialog) with the email draft beside it.
 * With `ctx.word`, the request as a Word form: no passphrase (it is not signed), the `.docx`
 * saved with its email draft. `ctx`: `{ id, entity, flush(), sent(), word }`.
 */
export function openRequest(ctx) {
  const r = { busy: false };
  const word = Boolean(ctx.word);
  const modal = openModal({ id: 'request-dialog', title: t(word ? 'request.formTitle' : 'request.title', { name: ctx.entity.name }), className: 'dialog-request', busy: () => r.busy });
  const due = h('input', { type: 'date', id: 'request-due' });
  const instructions = h('textarea', { id: 'request-instructions', rows: 4, dir: 'auto' });
  const pass = word ? null : passphraseField({ id: 'request-passphrase', label: t('export.passphrase'), hint: t('request.passphraseHint'), autocomplete: 'current-password' });
  const error = h('p', { id: 'request-error', class: 'form-error', role: 'alert' });
  const progress = h('div', { class: 'progress-slot' });
  const submit = h('button', { type: 'submit', id: 'request-sign', class: 'primary' }, t(word ? 'request.saveForm' : 'request.sign'));
  const form = h('form', { id: 'request-form', class: 'settings-form', novalidate: true, onSubmit: (event) => send(event) },
    h('p', {}, t('request.fields', { formatted: formatNumber(ctx.entity.fields.length), email: ctx.entity.email })),
    h('ul', { class: 'assigned-list' }, ctx.entity.assignment.map((s) => h('li', { dir: 'auto' }, selectorLabel(s)))),
    h('div', { class: 'form-field' }, h('label', { for: 'request-due' }, t('request.due')), due),
    h('div', { class: 'form-field' }, h('label', { for: 'request-instructions' }, t('request.instructions')), instructions),
    word ? h('p', { class: 'help' }, t('request.formHint')) : pass.el, error, progress,
    h('div', { class: 'button-row dialog-foot' }, submit, h('button', { type: 'button', id: 'request-cancel', onClick: () => modal.close() }, t('dialog.cancel'))));
  replace(modal.body, form);

  async function send(event) {
    event.preventDefault();
    error.textContent = '';
    if (pass && !pass.input.value) {
      error.textContent = t('export.passphraseNeeded');
      return void pass.input.focus();
    }
    if (!(await ctx.flush())) return void (error.textContent = t('export.saveFirst'));
    const controls = [...form.querySelectorAll('input, textarea, button')];
    const busy = (on) => {
      r.busy = on;
      controls.forEach((c) => { c.disabled = on; });
      replace(progress, on ? busyIndicator('request-progress', t(word ? 'request.writingForm' : 'request.signing')) : null);
    };
    busy(true);
    try {
      const options = { due: due.value || null, instructions: instructions.value };
      const written = await (word
        ? invoke('contribution_request_form', { id: ctx.id, entity: ctx.entity.id, options })
        : invoke('contribution_request', { id: ctx.id, entity: ctx.entity.id, options, passphrase: pass.input.value }));
      busy(false);
      if (!written) return void (error.textContent = t('export.cancelled'));
      replace(modal.body, requestResult(written, modal));
      modal.body.querySelector('#request-result').focus();
      ctx.sent();
    } catch (err) {
      busy(false);
      error.textContent = err.code === 'wrong_passphrase' ? t('export.wrongPassphrase') : t('export.failed', { reason: describeError(err) });
      if (!pass) return void submit.focus();
      pass.input.value = '';
      pass.input.focus();
    }
  }
}

/**
 * Where the request and its email draft were written, and the fingerprint to read out (a Word
 * form, not signed, has none: how it comes back instead).
 */
export function requestResult(written, modal) {
  const signed = Boolean(written.fingerprint);
  return h('section', { id: 'request-result', tabindex: '-1', 'data-eml': written.eml, 'data-path': written.path },
    h('h3', {}, t(signed ? 'request.done' : 'request.formDone')),
    h('dl', { class: 'facts' },
      h('dt', {}, t('export.savedTo')), h('dd', {}, h('span', { class: 'path', dir: 'auto' }, written.path)),
      h('dt', {}, t('request.draft')), h('dd', {}, h('span', { class: 'path', dir: 'auto' }, written.eml), ' ', t('request.draftTo', { to: written.to })),
      signed ? [h('dt', {}, t('request.fingerprint')), h('dd', {}, fingerprintNode(written.fingerprint))] : null),
    h('p', { class: 'help' }, t(signed ? 'request.fingerprintHint' : 'request.formHint')),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'request-show', onClick: () => invoke('show_in_folder', { handle: written.handle }).catch(() => {}) }, t('package.showInFolder')),
      h('button', { type: 'button', id: 'request-close', class: 'primary', onClick: () => modal.close() }, t('dialog.close'))));
}
