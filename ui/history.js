/**
 * The History panel: revisions newest first (time, kind, changed fields, milestone badges);
 * view any revision read-only, restore it (a restore is itself a new revision), and mark the
 * current revision as a milestone; compare any two revisions (./compare.js); packages sent and
 * received, and Start update from a submitted revision (./update.js).
 */

import { showCompare } from './compare.js';
import { h, replace, throttle } from './dom.js';
import { describeError, formatDate, formatDateTime, formatNumber, has, t } from './i18n.js';
import { invoke } from './ipc.js';
import { allPaths, parsePath, pathLabel } from './template.js';
import { startUpdate } from './update.js';
import { confirmDialog, notify } from './widgets/dialogs.js';
import { sidePanel } from './widgets/panel.js';
import { isUnanswered, readOnlyValue } from './widgets/value.js';

const SHOWN_PATHS = 3;
const PAGE = 50;

function kindText(info) {
  if (info.kind === 'restore' && info.restoredFrom !== undefined && info.restoredFrom !== null) {
    return t('history.kind.restoreFrom', { number: info.restoredFrom });
  }
  if (info.kind === 'imported_document') return t('history.kind.importedDocument', { file: info.importedFrom ?? '' });
  if (info.kind === 'merge' && info.provenance) {
    return t('history.kind.mergeWord', { entity: info.entity ?? '', date: formatDate(String(info.createdAt ?? '').slice(0, 10)) });
  }
  if (info.kind === 'merge') return t('history.kind.merge', { entity: info.entity ?? '' });
  if (info.kind === 'resolve') return t('history.kind.resolve', { entities: (info.entities ?? []).join(t('list.separator')) });
  if (info.kind === 'opened_request') return t('history.kind.openedRequest');
  const key = `history.kind.${info.kind}`;
  return has(key) ? t(key) : String(info.kind ?? '');
}

function changedFields(paths) {
  if (!paths?.length) return null;
  const shown = paths.slice(0, SHOWN_PATHS).map(pathLabel).join(t('list.separator'));
  const more = paths.length - SHOWN_PATHS;
  return h('p', { class: 'changed' }, t('history.changed', { fields: shown }),
    more > 0 ? ` ${t('history.more', { count: more, formatted: formatNumber(more) })}` : '');
}

const SUBMISSION_WORDS = {
  received: ['history.receivedBadge', 'history.received'],
  submitted: ['history.submittedBadge', 'history.submitted'],
  packaged: ['history.packagedBadge', 'history.packaged'],
};

/** What a package sent or received at this revision was, in a line. */
function submissionLine(s) {
  if (!s) return null;
  const when = formatDateTime(s.submittedAt ?? s.createdAt);
  const kind = s.direction === 'received' ? 'received' : (s.submittedAt ? 'submitted' : 'packaged');
  const [badge, line] = SUBMISSION_WORDS[kind];
  return h('p', { class: 'submission', 'data-direction': s.direction, 'data-verified': String(s.verified), 'data-digest': s.digest },
    h('span', { class: `badge ${s.verified ? 'submitted' : 'unverified'}` }, t(s.verified ? badge : 'history.unverifiedBadge')),
    ' ', t(line, { when, to: s.recipient ?? '', signer: s.signer ?? '' }));
}

function badges(milestones) {
  if (!milestones?.length) return null;
  return h('ul', { class: 'badges', 'aria-label': t('history.milestones') },
    milestones.map((label) => h('li', { class: 'badge', dir: 'auto' }, label)));
}

/** "Revision 12 · 28 Nov 2025, 14:05 · Sent for sign-off", for the comparison's pickers. */
function revisionOption(info) {
  return [t('history.revision', { number: info.number }), formatDateTime(info.createdAt), ...(info.milestones ?? [])].join(' · ');
}

/** Orders a revision's values as the template does, unknown paths last. */
function orderedPaths(values) {
  const order = allPaths();
  const known = order.filter((p) => p in values);
  return [...known, ...Object.keys(values).filter((p) => !order.includes(p))];
}

function revisionValues(values) {
  const answered = orderedPaths(values).filter((p) => !isUnanswered(values[p]));
  if (!answered.length) return h('p', { class: 'ro-empty' }, t('history.noAnswers'));
  return h('dl', { class: 'revision-values' }, answered.map((path) => [
    h('dt', {}, pathLabel(path)),
    h('dd', {}, readOnlyValue(parsePath(path).field, values[path])),
  ]));
}

/**
 * Builds `#history-panel`. `ctx`: `{ id, flush(), restored(state), close() }`.
 * Returns `{ el, refresh() }`; `refresh` is throttled and only reloads the list view.
 */
export function historyPanel(ctx) {
  // What the functions below share: the panel's parts, the revisions listed, how many are
  // shown, and the revision being viewed (null in the list view).
  const hp = {
    ctx,
    panel: sidePanel({ id: 'history-panel', title: t('history.title'), close: ctx.close }),
    status: h('p', { class: 'panel-status', role: 'status' }),
    list: h('div', { class: 'revision-list' }),
    revisions: [],
    shown: PAGE,
    viewing: null,
  };
  milestoneForm(hp);
  compareForm(hp);
  renderList(hp);
  replace(hp.list, h('p', {}, t('history.loading')));
  load(hp);
  return { el: hp.panel.el, refresh: throttle(() => { if (!hp.viewing) load(hp); }, 1000) };
}

/** The form that marks the current revision as a milestone. */
function milestoneForm(hp) {
  hp.milestoneInput = h('input', { type: 'text', id: 'milestone-label', dir: 'auto', maxlength: '120', 'aria-describedby': 'milestone-hint' });
  hp.milestoneForm = h('form', { class: 'milestone-form', onSubmit: (event) => addMilestone(hp, event) },
    h('label', { for: 'milestone-label' }, t('history.milestoneLabel')),
    h('p', { class: 'help', id: 'milestone-hint' }, t('history.milestoneHint')),
    h('div', { class: 'inline' }, hp.milestoneInput, h('button', { type: 'submit', id: 'add-milestone' }, t('history.addMilestone'))));
}

/** The form that compares two revisions (./compare.js). */
function compareForm(hp) {
  const compareFrom = h('select', { id: 'compare-from', onChange: () => { compareFrom.dataset.touched = 'true'; } });
  const compareTo = h('select', { id: 'compare-to', onChange: () => { compareTo.dataset.touched = 'true'; } });
  Object.assign(hp, { compareFrom, compareTo });
  hp.compareForm = h('form', { class: 'compare-form', onSubmit: (event) => compare(hp, event) },
    h('fieldset', {},
      h('legend', {}, t('history.compareLegend')),
      h('div', { class: 'compare-pick' },
        h('label', { for: 'compare-from' }, t('history.compareFrom')), compareFrom,
        h('label', { for: 'compare-to' }, t('history.compareTo')), compareTo),
      h('button', { type: 'submit', 'data-action': 'compare' }, t('history.compare'))));
}

/** Offers the listed revisions; keeps what the user picked, else the two newest. */
function fillCompare(hp) {
  const { revisions } = hp;
  hp.compareForm.hidden = revisions.length < 2;
  const fill = (select, fallback) => {
    const picked = select.dataset.touched && revisions.some((r) => String(r.number) === select.value) ? select.value : null;
    replace(select, revisions.map((info) => h('option', { value: String(info.number) }, revisionOption(info))));
    select.value = picked ?? String(fallback ?? '');
  };
  fill(hp.compareFrom, revisions[1]?.number);
  fill(hp.compareTo, revisions[0]?.number);
}

function compare(hp, event) {
  event.preventDefault();
  const a = Number(hp.compareFrom.value);
  const b = Number(hp.compareTo.value);
  if (a && b) showCompare(hp.ctx.id, a, b);
}

async function addMilestone(hp, event) {
  event.preventDefault();
  const { ctx, status, milestoneInput } = hp;
  const label = milestoneInput.value.trim();
  if (!label) {
    status.textContent = t('history.milestoneEmpty');
    milestoneInput.focus();
    return;
  }
  if (!(await ctx.flush())) return void (status.textContent = t('history.saveFirst'));
  try {
    await invoke('milestone_add', { id: ctx.id, label });
    milestoneInput.value = '';
    status.textContent = t('history.milestoneAdded', { label });
    await load(hp);
  } catch (error) {
    status.textContent = describeError(error);
  }
}

function row(hp, info, index) {
  const number = info.number;
  return h('li', { class: 'revision', 'data-revision': number },
    h('p', { class: 'revision-head' },
      h('strong', {}, t('history.revision', { number })),
      ' · ', h('time', { datetime: info.createdAt }, formatDateTime(info.createdAt))),
    h('p', { class: 'revision-kind' }, kindText(info), index === 0 ? h('span', { class: 'badge current' }, t('history.current')) : null),
    changedFields(info.paths),
    submissionLine(info.submission),
    badges(info.milestones),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', 'data-action': 'view', 'aria-label': t('history.viewNamed', { number }), onClick: () => view(hp, info) }, t('history.view')),
      info.submission ? h('button', { type: 'button', 'data-action': 'start-update', onClick: () => update(hp, info) }, t('history.startUpdate')) : null,
      index === 0 ? null : h('button', { type: 'button', 'data-action': 'restore', 'aria-label': t('history.restoreNamed', { number }), onClick: () => restore(hp, info) }, t('history.restore'))));
}

function renderList(hp) {
  const { panel, list, revisions } = hp;
  hp.viewing = null;
  const more = revisions.length - hp.shown;
  // Re-attach the form only when it is not there: moving it would take the focus (and the
  // keystrokes) out of the milestone label while a save refreshes the list.
  const attached = [hp.milestoneForm, hp.compareForm, hp.status, list].every((el) => el.parentNode === panel.body);
  if (!attached) replace(panel.body, hp.milestoneForm, hp.compareForm, hp.status, list);
  fillCompare(hp);
  replace(list,
    revisions.length ? h('ol', { class: 'revisions', reversed: true }, revisions.slice(0, hp.shown).map((info, index) => row(hp, info, index))) : h('p', {}, t('history.empty')),
    more > 0 ? h('button', { type: 'button', class: 'show-more', onClick: () => { hp.shown += PAGE; renderList(hp); } }, t('history.showMore', { count: more, formatted: formatNumber(more) })) : null);
}

async function load(hp) {
  try {
    hp.revisions = await invoke('history_list', { id: hp.ctx.id });
    if (!hp.viewing) renderList(hp);
  } catch (error) {
    replace(hp.list, h('p', { class: 'error-text', role: 'alert' }, describeError(error)));
  }
}

/** Shows revision `info` read-only, with Restore and Compare with current unless it is the current one. */
async function view(hp, info) {
  const { ctx, panel } = hp;
  try {
    const revision = await invoke('history_show', { id: ctx.id, revision: info.number });
    hp.viewing = info;
    const back = h('button', { type: 'button', class: 'link', 'data-action': 'back', onClick: () => { renderList(hp); hp.list.querySelector(`[data-revision="${info.number}"] [data-action="view"]`)?.focus(); } }, t('history.back'));
    const isCurrent = hp.revisions[0]?.number === info.number;
    replace(panel.body, h('section', { id: 'revision-view', 'aria-labelledby': 'revision-view-title', tabindex: '-1' },
      back,
      h('h3', { id: 'revision-view-title' }, t('history.revision', { number: info.number }), ' · ', formatDateTime(info.createdAt)),
      h('p', { class: 'readonly-note' }, t('history.readOnly')),
      isCurrent ? null : h('div', { class: 'button-row revision-actions' },
        h('button', { type: 'button', class: 'primary', 'data-action': 'restore', onClick: () => restore(hp, info) }, t('history.restoreThis')),
        h('button', { type: 'button', 'data-action': 'compare-current', onClick: () => showCompare(ctx.id, info.number, hp.revisions[0].number) }, t('history.compareCurrent'))),
      revisionValues(revision.values ?? {})));
    panel.el.scrollTop = 0;
    panel.body.querySelector('#revision-view').focus({ preventScroll: true });
  } catch (error) {
    hp.status.textContent = describeError(error);
  }
}

async function update(hp, info) {
  const { ctx } = hp;
  if (!(await ctx.flush())) return void notify(t('history.saveFirst'), 'error');
  const state = await startUpdate({ id: ctx.id, revision: info.number, cycle: info.submission?.cycle ?? '' });
  if (!state) return;
  ctx.restored(state);
  notify(t('update.started', { cycle: state.summary.cycle }));
  await load(hp);
}

async function restore(hp, info) {
  const { ctx, panel } = hp;
  const ok = await confirmDialog({
    title: t('history.restoreTitle', { number: info.number }),
    message: t('history.restoreMessage', { number: info.number, time: formatDateTime(info.createdAt) }),
    confirm: t('history.restoreConfirm'),
  });
  if (!ok) return;
  if (!(await ctx.flush())) return void notify(t('history.saveFirst'), 'error');
  try {
    const state = await invoke('history_restore', { id: ctx.id, revision: info.number });
    ctx.restored(state);
    notify(t('history.restored', { number: info.number }));
    await load(hp);
    renderList(hp);
    panel.el.scrollTop = 0;
    panel.el.querySelector('#history-panel-title')?.focus();
  } catch (error) {
    notify(t('history.restoreFailed', { reason: describeError(error) }), 'error');
  }
}
