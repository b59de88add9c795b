/**
 * Home: the reviews on this computer (Member State, cycle, last saved, completeness) with New
 * review, Open, Duplicate and Delete, the Trash from which a deleted review is restored, and
 * Open and verify for signed review files received from others; import a package or review;
 * open a contribution request from a coordinating ministry. Each review says in brief where
 * its contributions stand; a contribution workspace says whom it is for.
 */

import { h, replace } from './dom.js';
import { appHeader } from './header.js';
import { describeError, formatDate, formatDateTime, formatNumber, formatPercent, t } from './i18n.js';
import { openDocumentImport } from './document-import.js';
import { openImport } from './import.js';
import { invoke } from './ipc.js';
import { openNewReview } from './newreview.js';
import { languageName, memberStateName } from './template.js';
import { openVerify } from './verify.js';
import { confirmDialog, notify } from './widgets/dialogs.js';
import { openContributionRequest } from './workspace.js';

const byLastSaved = (a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt));

function reviewName(summary) {
  return memberStateName(summary.memberState, summary.memberStateName);
}

function progress(percent) {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.inlineSize = `${Math.max(0, Math.min(100, percent ?? 0))}%`;
  return h('div', { class: 'review-progress' },
    h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
    h('span', {}, t('home.complete', { percent: formatPercent(percent) })));
}

/** The name, cycle and language of a review; with `open`, a click on the name opens it (the
 * Open button next to it is the keyboard's way, so the name adds no second tab stop). */
function rowHead(summary, when, open = null) {
  return h('div', { class: 'review-main' },
    h('h2', { class: open ? 'review-name opens' : 'review-name', dir: 'auto', onClick: open }, reviewName(summary)),
    h('p', { class: 'review-meta' },
      h('span', { dir: 'auto' }, summary.cycle), ' · ', languageName(summary.language), ' · ', when),
    summary.unverified ? h('p', { class: 'badge unverified', 'data-unverified': 'true' }, t('home.unverified')) : null,
    workspaceLine(summary.contribution));
}

/** For a contribution workspace: whom it writes for, and when it is due. */
function workspaceLine(mark) {
  if (!mark) return null;
  return h('p', { class: 'badge contribution-for', 'data-contribution-for': mark.requestId, dir: 'auto' },
    t('home.contributionFor', { entity: mark.entity }), mark.due ? ` · ${t('contrib.due', { date: formatDate(mark.due) })}` : '');
}

/** "Contributions: Ministry of Labour, requested; Statistics Office, merged" (at most three). */
function contributionLine(status) {
  const entities = status?.entities ?? [];
  if (!entities.length) return null;
  const shown = entities.slice(0, 3).map((e) => t('home.entityState', { name: e.entity.name, state: t(`contrib.state.${e.state}`) }));
  const more = entities.length - shown.length;
  return h('p', { class: 'contrib-summary', 'data-contributions': entities.map((e) => `${e.entity.id}:${e.state}`).join(' '), dir: 'auto' },
    t('home.contributions', { list: shown.join(t('list.separator')) }), more > 0 ? ` ${t('home.moreEntities', { formatted: formatNumber(more) })}` : '');
}

function action(name, label, spoken, run, className) {
  return h('button', { type: 'button', class: className, 'data-action': name, 'aria-label': spoken, onClick: run }, label);
}

/**
 * Shows the home view in `root`; returns the view `{ render }`. The functions below share
 * `home`: the root, the router, and what is shown (`tab`, `reviews`, `trash`, `error`).
 */
export function showHome(root, router) {
  const home = { root, router, tab: 'reviews', reviews: null, trash: null, error: null, contributions: new Map() };
  render(home);
  load(home);
  return { render: () => render(home) };
}

async function load(home) {
  try {
    const [reviews, trash] = await Promise.all([invoke('reviews_list'), invoke('reviews_trash')]);
    home.reviews = [...reviews].sort(byLastSaved);
    home.trash = [...trash].sort((a, b) => String(b.deletedAt).localeCompare(String(a.deletedAt)));
    home.error = null;
  } catch (error) {
    home.error = error;
  }
  render(home);
  loadContributions(home);
}

/** Where each review's contributions stand, drawn once known (a help: a failure shows nothing). */
async function loadContributions(home) {
  const coordinated = (home.reviews ?? []).filter((s) => !s.contribution);
  const states = await Promise.all(coordinated.map((s) => invoke('contributions_status', { id: s.id }).catch(() => null)));
  coordinated.forEach((s, i) => home.contributions.set(s.id, states[i]));
  if (states.some((st) => st?.entities?.length) && home.tab === 'reviews') render(home);
}

function reviewRow(home, summary) {
  const name = { name: reviewName(summary), cycle: summary.cycle };
  return h('li', { class: 'review-row', 'data-review-id': summary.id },
    rowHead(summary, t('home.lastSaved', { time: formatDateTime(summary.updatedAt) }), () => home.router.editor(summary.id)),
    contributionLine(home.contributions.get(summary.id)),
    progress(summary.completeness),
    h('div', { class: 'button-row' },
      action('open', t('home.open'), t('home.openNamed', name), () => home.router.editor(summary.id), 'primary'),
      action('duplicate', t('home.duplicate'), t('home.duplicateNamed', name), () => duplicate(home, summary)),
      action('delete', t('home.delete'), t('home.deleteNamed', name), () => remove(home, summary), 'danger-quiet')));
}

function trashRow(home, summary) {
  const name = { name: reviewName(summary), cycle: summary.cycle };
  return h('li', { class: 'review-row in-trash', 'data-review-id': summary.id },
    rowHead(summary, t('home.deletedAt', { time: formatDateTime(summary.deletedAt) })),
    h('div', { class: 'button-row' },
      action('restore', t('home.restore'), t('home.restoreNamed', name), () => restore(home, summary), 'primary')));
}

async function duplicate(home, summary) {
  try {
    const copy = await invoke('review_duplicate', { id: summary.id });
    notify(t('home.duplicated', { name: reviewName(copy), cycle: copy.cycle }));
    await load(home);
    focusRow(home, copy.id, 'open');
  } catch (error) {
    notify(t('home.failed', { reason: describeError(error) }), 'error');
  }
}

async function remove(home, summary) {
  const name = { name: reviewName(summary), cycle: summary.cycle };
  const ok = await confirmDialog({
    title: t('home.deleteTitle', name),
    message: t('home.deleteMessage', name),
    confirm: t('home.deleteConfirm'),
    danger: true,
  });
  if (!ok) return;
  const next = neighbour(home, summary.id);
  try {
    await invoke('review_delete', { id: summary.id });
    notify(t('home.deleted', name));
    await load(home);
    focusRow(home, next, 'open') || document.getElementById('new-review')?.focus();
  } catch (error) {
    notify(t('home.failed', { reason: describeError(error) }), 'error');
  }
}

async function restore(home, summary) {
  const next = neighbour(home, summary.id);
  try {
    await invoke('review_undelete', { id: summary.id });
    notify(t('home.restored', { name: reviewName(summary), cycle: summary.cycle }));
    await load(home);
    focusRow(home, next, 'restore') || document.getElementById('show-reviews')?.focus();
  } catch (error) {
    notify(t('home.failed', { reason: describeError(error) }), 'error');
  }
}

/** The id of the row after (or before) `id` in the list shown, to keep focus in place. */
function neighbour(home, id) {
  const list = (home.tab === 'trash' ? home.trash : home.reviews) ?? [];
  const index = list.findIndex((s) => s.id === id);
  return (list[index + 1] ?? list[index - 1])?.id ?? null;
}

function focusRow(home, id, name) {
  const button = id && home.root.querySelector(`[data-review-id="${CSS.escape(id)}"] [data-action="${name}"]`);
  button?.focus();
  return Boolean(button);
}

function tabs(home) {
  const tab = (id, name, label, count) => h('button', {
    type: 'button', id, class: 'tab', 'aria-pressed': String(home.tab === name),
    onClick: () => { home.tab = name; render(home); document.getElementById(id)?.focus(); },
  }, label, count === null ? '' : h('span', { class: 'count' }, formatNumber(count)));
  return h('div', { class: 'tabs', role: 'group', 'aria-label': t('home.lists') },
    tab('show-reviews', 'reviews', t('home.reviews'), home.reviews?.length ?? null),
    tab('show-trash', 'trash', t('home.trash'), home.trash?.length ?? null));
}

function listBody(home) {
  if (home.error) {
    return h('div', { class: 'load-error', role: 'alert' },
      h('p', {}, t('home.loadFailed', { reason: describeError(home.error) })),
      h('button', { type: 'button', onClick: () => load(home) }, t('home.retry')));
  }
  const list = home.tab === 'trash' ? home.trash : home.reviews;
  if (!list) return h('p', { class: 'loading' }, t('home.loading'));
  if (!list.length) return h('p', { class: 'empty' }, t(home.tab === 'trash' ? 'home.trashEmpty' : 'home.empty'));
  return h('ul', { class: 'review-list' }, list.map((summary) => (home.tab === 'trash' ? trashRow : reviewRow)(home, summary)));
}

function headButtons(home) {
  return h('div', { class: 'button-row' },
    h('button', { type: 'button', id: 'verify-files', 'aria-haspopup': 'dialog', onClick: (event) => openVerify(event.currentTarget) }, t('verify.open')),
    h('button', { type: 'button', id: 'import-file', 'aria-haspopup': 'dialog', onClick: (event) => openImport({ opener: event.currentTarget, onImported: (id) => home.router.editor(id) }) }, t('import.open')),
    h('button', { type: 'button', id: 'open-request', 'aria-haspopup': 'dialog', onClick: () => openContributionRequest({ onOpened: (id) => home.router.editor(id) }) }, t('workspace.openRequest')),
    h('button', { type: 'button', id: 'import-document', 'aria-haspopup': 'dialog', onClick: (event) => openDocumentImport({ opener: event.currentTarget, onImported: (id) => home.router.editor(id) }) }, t('documentImport.open')),
    h('button', { type: 'button', id: 'new-review', class: 'primary', onClick: () => openNewReview({ onCreated: (s) => home.router.editor(s.id) }) },
      t('home.new')));
}

function render(home) {
  const { root } = home;
  document.title = t('app.name');
  const heading = home.tab === 'trash' ? t('home.trashTitle') : t('home.title');
  // Rendering again (the list arrived, a language switch) keeps the focus on the same control.
  const focused = root.contains(document.activeElement) ? document.activeElement.id : '';
  replace(root,
    appHeader({ start: h('p', { class: 'brand' }, t('app.name')) }),
    h('main', { class: 'home', id: 'home' },
      h('div', { class: 'home-head' },
        h('h1', {}, heading),
        headButtons(home)),
      h('p', { class: 'lead' }, home.tab === 'trash' ? t('home.trashIntro') : t('home.intro')),
      tabs(home),
      h('section', { class: 'list-area', 'aria-label': heading }, listBody(home))));
  if (focused) document.getElementById(focused)?.focus();
}
