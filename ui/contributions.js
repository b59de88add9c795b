/**
 * The Contributions panel (`#contributions-panel`), on the coordinator's side: per contributing
 * entity, what is asked of it, when the request went out, its due date and where it stands
 * (not sent, requested, returned, merged, conflicts open, overdue); adding an entity, assigning
 * it fields and sending its request, signed or as a Word form (./contribution-dialogs.js); merging a response and the
 * conflicts left open (./merge.js); and filling the methodology's list of contributing
 * entities. The core keeps every list and decides every state.
 */

import { openAssign, openRequest, selectorLabel } from './contribution-dialogs.js';
import { h, replace } from './dom.js';
import { describeError, formatDate, formatDateTime, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { openConflicts, openMerge } from './merge.js';
import { pathLabel } from './template.js';
import { confirmDialog, notify } from './widgets/dialogs.js';
import { sidePanel } from './widgets/panel.js';

/** The field the methodology section names the contributing entities in. */
export const CONTRIBUTORS_FIELD = 'methodology.government_contributors';

/** A state's badge: words, never colour alone. */
export function stateBadge(state) {
  return h('span', { class: 'badge contrib-state', 'data-state': state }, t(`contrib.state.${state}`));
}

/**
 * Builds the panel for review `ctx.id`. `ctx`: `{ id, flush(), close(), value(path),
 * fill(path, value), changed() }`; `changed()` runs after anything that changes the review's
 * answers, marks or states (a merge, a resolution, an assignment). Returns `{ el, refresh() }`.
 */
export function contributionsPanel(ctx) {
  const cp = {
    ctx,
    panel: sidePanel({ id: 'contributions-panel', title: t('contrib.title'), close: ctx.close }),
    status: h('p', { class: 'panel-status', role: 'status' }),
    list: h('div', { class: 'entity-area' }, h('p', {}, t('contrib.loading'))),
  };
  cp.tools = h('div', { class: 'button-row contrib-tools' });
  replace(cp.panel.body, h('p', { class: 'help' }, t('contrib.intro')), cp.tools, cp.status, cp.list, addForm(cp), fillButton(cp));
  load(cp);
  return { el: cp.panel.el, refresh: () => load(cp) };
}

/** Reloads the states and draws them again; runs `ctx.changed()` when `changed`. */
async function load(cp, changed = false) {
  if (changed) cp.ctx.changed();
  try {
    cp.data = await invoke('contributions_status', { id: cp.ctx.id });
    renderTools(cp);
    replace(cp.list, cp.data.entities.length
      ? h('ul', { class: 'entity-list' }, cp.data.entities.map((e) => entityRow(cp, e)))
      : h('p', { class: 'empty' }, t('contrib.none')));
  } catch (error) {
    replace(cp.list, h('p', { class: 'error-text', role: 'alert' }, describeError(error)));
  }
}

function renderTools(cp) {
  const { ctx } = cp;
  const open = cp.data.openConflicts;
  replace(cp.tools,
    h('button', { type: 'button', id: 'merge-response', 'aria-haspopup': 'dialog', onClick: () => openMerge({ id: ctx.id, flush: ctx.flush, merged: () => load(cp, true) }) }, t('contrib.mergeResponse')),
    open ? h('button', { type: 'button', id: 'open-conflicts', class: 'primary', 'aria-haspopup': 'dialog', 'data-open-conflicts': open, onClick: () => openConflicts({ id: ctx.id, flush: ctx.flush, resolved: () => load(cp, true) }) },
      t('contrib.resolveOpen', { count: open, formatted: formatNumber(open) })) : null);
}

function requestLine(e) {
  if (!e.request) return h('p', { class: 'meta' }, t('contrib.notSentYet'));
  const r = e.request;
  return h('p', { class: 'meta', 'data-request': r.id },
    t('contrib.requestedOn', { date: formatDateTime(r.createdAt), number: r.revision }),
    ' · ', r.due ? t('contrib.due', { date: formatDate(r.due) }) : t('contrib.noDue'));
}

function entityRow(cp, e) {
  const c = e.entity;
  const named = { name: c.name };
  const asked = c.assignment.length
    ? h('ul', { class: 'assigned-list' }, c.assignment.map((s) => h('li', { 'data-selector': s }, selectorLabel(s))))
    : h('p', { class: 'meta' }, t('contrib.nothingAssigned'));
  return h('li', { class: 'entity', 'data-entity': c.id, 'data-state': e.state },
    h('p', { class: 'entity-head' }, h('strong', { dir: 'auto' }, c.name), ' ', stateBadge(e.state)),
    h('p', { class: 'meta', dir: 'auto' }, [c.ministry, c.email].filter(Boolean).join(' · ')),
    h('p', { class: 'entity-sub' }, t('contrib.asked', { count: c.fields.length, formatted: formatNumber(c.fields.length) })),
    asked,
    requestLine(e),
    e.responses ? h('p', { class: 'meta' }, t('contrib.responses', { count: e.responses, formatted: formatNumber(e.responses), date: formatDateTime(e.lastResponse) })) : null,
    e.openConflicts ? h('p', { class: 'meta warn-text' }, t('contrib.conflictsOpen', { count: e.openConflicts, formatted: formatNumber(e.openConflicts) })) : null,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', 'data-action': 'assign', 'aria-haspopup': 'dialog', 'aria-label': t('contrib.assignNamed', named), onClick: () => openAssign({ id: cp.ctx.id, entity: c, changed: () => load(cp, true) }) }, t('contrib.assign')),
      h('button', { type: 'button', 'data-action': 'request', 'aria-haspopup': 'dialog', disabled: !c.fields.length, 'aria-label': t('contrib.requestNamed', named), onClick: () => openRequest({ id: cp.ctx.id, entity: c, flush: cp.ctx.flush, sent: () => load(cp) }) }, t('contrib.request')),
      h('button', { type: 'button', 'data-action': 'request-form', 'aria-haspopup': 'dialog', disabled: !c.fields.length, 'aria-label': t('contrib.requestFormNamed', named), onClick: () => openRequest({ id: cp.ctx.id, entity: c, flush: cp.ctx.flush, sent: () => load(cp), word: true }) }, t('contrib.requestForm'))));
}

function addForm(cp) {
  const input = (id, label, type = 'text') => {
    const el = h('input', { type, id, dir: type === 'email' ? 'ltr' : 'auto', autocomplete: 'off' });
    return [el, h('div', { class: 'form-field' }, h('label', { for: id }, label), el)];
  };
  const [name, nameField] = input('entity-name', t('contrib.entityName'));
  const [ministry, ministryField] = input('entity-ministry', t('contrib.entityMinistry'));
  const [email, emailField] = input('entity-email', t('contrib.entityEmail'), 'email');
  const note = h('p', { id: 'add-entity-status', class: 'form-status', role: 'status' });
  const submit = async (event) => {
    event.preventDefault();
    try {
      const added = await invoke('contributor_add', { id: cp.ctx.id, contributor: { name: name.value, ministry: ministry.value, email: email.value } });
      name.value = '';
      ministry.value = '';
      email.value = '';
      note.textContent = t('contrib.added', { name: added.name });
      await load(cp);
      cp.list.querySelector(`[data-entity="${CSS.escape(added.id)}"] [data-action="assign"]`)?.focus();
    } catch (error) {
      note.textContent = describeError(error);
      name.focus();
    }
  };
  return h('form', { id: 'add-entity-form', class: 'contrib-add', onSubmit: submit },
    h('h3', {}, t('contrib.addTitle')), nameField, ministryField, emailField, note,
    h('div', { class: 'button-row' }, h('button', { type: 'submit', id: 'add-entity' }, t('contrib.add'))));
}

/** Offers to fill `methodology.government_contributors` with the entities' list. */
function fillButton(cp) {
  const fill = async () => {
    const { ctx } = cp;
    try {
      const text = await invoke('government_contributors_text', { id: ctx.id });
      if (!text.trim()) return void notify(t('contrib.none'));
      const now = ctx.value(CONTRIBUTORS_FIELD);
      if (typeof now === 'string' && now.trim() && now !== text) {
        const ok = await confirmDialog({ title: t('contrib.fillTitle'), message: t('contrib.fillReplace', { field: pathLabel(CONTRIBUTORS_FIELD) }), confirm: t('contrib.fillConfirm') });
        if (!ok) return;
      }
      ctx.fill(CONTRIBUTORS_FIELD, text);
      notify(t('contrib.filled', { field: pathLabel(CONTRIBUTORS_FIELD) }));
    } catch (error) {
      notify(describeError(error), 'error');
    }
  };
  return h('section', { class: 'contrib-fill' },
    h('p', { class: 'help' }, t('contrib.fillHint', { field: pathLabel(CONTRIBUTORS_FIELD) })),
    h('button', { type: 'button', id: 'fill-contributors', onClick: fill }, t('contrib.fill')));
}
