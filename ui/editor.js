/**
 * The editor of one review: header (title, overall completeness, save state, What is missing,
 * History, Open and verify, Export signed JSON), navigation pane, main pane and side panel. It
 * holds the review's values as shown on screen and glues the fields to the autosaver; the core
 * decides completeness.
 */

import { createAutosave } from './autosave.js';
import { showCompare } from './compare.js';
import { h, prefs, replace } from './dom.js';
import { openExport } from './export.js';
import { conflictNotice } from './fields.js';
import { appHeader } from './header.js';
import { historyPanel } from './history.js';
import { describeError, formatNumber, formatPercent, formatTime, t } from './i18n.js';
import { invoke } from './ipc.js';
import { markNode, objectiveStatus, statusText } from './marks.js';
import { missingPanel } from './missing.js';
import { markSelected, navSequence, renderNav, updateNav } from './nav.js';
import { renderPane } from './pane.js';
import { openPdfExport } from './pdf.js';
import { openSettings } from './settings.js';
import { ariaKeys, setShortcutActions } from './shortcuts.js';
import { memberStateName, navIdFor, parsePath } from './template.js';
import { openVerify } from './verify.js';
import { confirmDialog, notify } from './widgets/dialogs.js';

/** Below this width the side panel covers the main pane, so it closes after a jump. */
const NARROW = '(max-width: 1180px)';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Opens review `id` in `root`; resolves to the view `{ render, leave, beforeClose }`. */
export async function openEditor(root, id, router) {
  const state = await invoke('review_open', { id });
  const mode = prefs.get('nav-mode', 'number');
  const ed = {
    id,
    summary: state.summary,
    values: { ...state.values },
    completeness: state.completeness,
    mode,
    selected: null,
    fields: new Map(),
    notices: new Map(),
    status: { state: 'idle' },
    panel: null,
    since: { last: null, changed: new Set(), head: state.version },
  };
  const sequence = navSequence(mode);
  const remembered = prefs.get(`selected.${id}`, '');
  ed.selected = sequence.includes(remembered) ? remembered : sequence[0];

  const dom = {};
  let panelView = null;
  let refreshing = false;

  const autosave = createAutosave({ id, version: state.version, onStatus: setStatus, onSaved, onConflict });

  /* ---------- header ---------- */

  function reviewTitle() {
    const code = ed.values['cover.member_state'] || ed.summary.memberState;
    return t('editor.title', { state: memberStateName(code, ed.summary.memberStateName), cycle: ed.summary.cycle });
  }

  function header() {
    dom.title = h('h1', { class: 'review-title', dir: 'auto' }, reviewTitle());
    dom.overall = h('div', { id: 'overall-complete', class: 'overall' });
    dom.saveState = h('p', { id: 'save-state', role: 'status', 'aria-live': 'polite' });
    dom.missingButton = h('button', { type: 'button', id: 'open-missing', 'aria-controls': 'missing-panel', onClick: () => togglePanel('missing') });
    dom.historyButton = h('button', { type: 'button', id: 'open-history', 'aria-controls': 'history-panel', 'aria-keyshortcuts': ariaKeys('history'), onClick: () => togglePanel('history') }, t('editor.history'));
    dom.pdfButton = h('button', { type: 'button', id: 'export-pdf', 'aria-haspopup': 'dialog', onClick: () => openPdfExport({ id, flush: () => autosave.flush() }) }, t('editor.exportPdf'));
    dom.exportButton = h('button', { type: 'button', id: 'export-json', 'aria-haspopup': 'dialog', onClick: openExportDialog }, t('editor.exportJson'));
    dom.packageButton = h('button', { type: 'button', id: 'export-package', class: 'primary', 'aria-haspopup': 'dialog', 'aria-keyshortcuts': ariaKeys('package'), onClick: openPackageDialog }, t('editor.package'));
    dom.sinceButton = h('button', { type: 'button', id: 'since-submission', hidden: !ed.since.last, onClick: compareWithSubmission }, t('editor.sinceSubmission'));
    dom.verifyButton = h('button', { type: 'button', id: 'verify-files', 'aria-haspopup': 'dialog', onClick: () => openVerify(dom.verifyButton) }, t('verify.open'));
    renderStatus();
    const back = h('button', { type: 'button', id: 'back-home', class: 'back', onClick: () => router.home() },
      h('span', { class: 'back-arrow', 'aria-hidden': 'true' }, '←'), t('editor.backHome'));
    return appHeader({
      start: [back, dom.title],
      status: [dom.overall, dom.saveState],
      tools: [dom.missingButton, dom.historyButton, dom.sinceButton, dom.verifyButton, dom.pdfButton, dom.exportButton, dom.packageButton],
    });
  }

  function setStatus(stateName, info = {}) {
    ed.status = { state: stateName, ...info };
    renderStatus();
  }

  function renderStatus() {
    const { state: name, savedAt, error } = ed.status;
    dom.saveState.dataset.saveState = name;
    const text = {
      idle: () => t('save.idle'),
      saving: () => t('save.saving'),
      saved: () => t('save.saved', { time: formatTime(savedAt ?? new Date().toISOString()) }),
      error: () => t('save.error', { reason: describeError(error) }),
    }[name];
    dom.saveState.textContent = text();
  }

  function renderOverall() {
    const percent = ed.completeness?.percent ?? 0;
    const fill = h('span', { class: 'bar-fill' });
    fill.style.inlineSize = `${Math.max(0, Math.min(100, percent))}%`;
    replace(dom.overall, h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
      h('span', {}, t('editor.complete', { percent: formatPercent(percent) })));
    const missing = ed.completeness?.missing?.length ?? 0;
    dom.missingButton.textContent = t('editor.missing', { count: missing, formatted: formatNumber(missing) });
  }

  /* ---------- layout ---------- */

  function render() {
    const scroll = { nav: dom.nav?.scrollTop ?? 0, main: dom.main?.scrollTop ?? 0 };
    // First-strong isolation keeps a bidi control in the user's text from reversing the app name.
    document.title = `\u2068${reviewTitle()}\u2069 — ${t('app.name')}`;
    dom.nav = renderNav(ed, { select, setMode });
    dom.main = h('main', { id: 'main-pane', tabindex: '-1', 'aria-labelledby': 'pane-title' });
    dom.layout = h('div', { class: 'editor-layout' }, dom.nav, dom.main);
    replace(root, header(), dom.layout);
    renderMain();
    renderPanel();
    updateCompleteness();
    dom.nav.scrollTop = scroll.nav;
    dom.main.scrollTop = scroll.main;
    if (!scroll.nav) dom.nav.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  const handlers = {
    select,
    onEdit,
    onCommit: () => autosave.flush(),
    noticeActions: (path) => ({ useMine: () => useMine(path), keepNewer: () => keepNewer(path) }),
  };

  function renderMain() {
    replace(dom.main, renderPane(ed, handlers));
    markChanged();
  }

  /* ---------- since the last submission ---------- */

  /** Marks the fields on screen whose answers changed since the last submission. */
  function markChanged() {
    for (const [path, handle] of ed.fields) {
      const changed = ed.since.changed.has(path);
      handle.el.toggleAttribute('data-changed-since-submission', changed);
      const badge = handle.el.querySelector(':scope > .since-badge');
      if (changed && !badge) handle.el.append(h('p', { class: 'since-badge' }, t('editor.changedSinceSubmission')));
      if (!changed) badge?.remove();
    }
    if (dom.sinceButton) dom.sinceButton.hidden = !ed.since.last;
  }

  async function loadSince() {
    try {
      const since = await invoke('since_submission', { id });
      ed.since = { last: since.last, changed: new Set(since.changed), head: since.head };
      markChanged();
    } catch {
      // The marks are a help, not the text: without them the editor works as before.
    }
  }

  function compareWithSubmission() {
    if (!ed.since.last) return;
    const rev = ed.since.last.revision;
    showCompare(id, rev, ed.since.head, t('editor.sinceSubmissionTitle', { number: rev }));
  }

  function select(navId, { focus = false } = {}) {
    if (autosave.busy()) autosave.flush();
    ed.selected = navId;
    prefs.set(`selected.${id}`, navId);
    markSelected(dom.nav, navId);
    renderMain();
    dom.main.scrollTop = 0;
    dom.nav.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
    if (focus) dom.main.querySelector('#pane-title')?.focus();
  }

  function setMode(next) {
    ed.mode = next;
    prefs.set('nav-mode', next);
    const fresh = renderNav(ed, { select, setMode });
    dom.nav.replaceWith(fresh);
    dom.nav = fresh;
    renderMain();
    dom.nav.querySelector(next === 'round-table' ? '#nav-by-round-table' : '#nav-by-number')?.focus();
  }

  /* ---------- values and saving ---------- */

  function onEdit(path, value) {
    ed.values[path] = value;
    autosave.edit(path, value);
    refreshTitle(path);
  }

  /** The title shows the Member State: follow its field. */
  function refreshTitle(path) {
    if (path === 'cover.member_state') dom.title.textContent = reviewTitle();
  }

  function showValue(path, value) {
    if (value === undefined) delete ed.values[path];
    else ed.values[path] = value;
    ed.fields.get(path)?.set(value);
    refreshTitle(path);
  }

  /** Shows values changed elsewhere, leaving alone the fields with unsaved edits. */
  function applyValues(values) {
    for (const [path, value] of Object.entries(values ?? {})) {
      if (!autosave.isDirty(path) && !same(ed.values[path], value)) showValue(path, value);
    }
  }

  function onSaved(outcome) {
    if (outcome.savedAt) ed.summary.updatedAt = outcome.savedAt;
    if (ed.since.last) loadSince();
    applyValues(outcome.merged);
    if (outcome.completeness) ed.completeness = outcome.completeness;
    updateCompleteness();
    if (ed.panel === 'history') panelView?.refresh();
  }

  function onConflict(newer, mine) {
    for (const [path, value] of Object.entries(newer)) {
      showValue(path, value);
      if (path in mine && !same(mine[path], value)) ed.notices.set(path, mine[path]);
      renderNotice(path);
    }
    notify(t('conflict.announce'));
  }

  function renderNotice(path) {
    const handle = ed.fields.get(path);
    if (!handle) return;
    const mine = ed.notices.get(path);
    handle.showNotice(ed.notices.has(path) ? conflictNotice(parsePath(path).field, mine, handlers.noticeActions(path)) : null);
  }

  function useMine(path) {
    const mine = ed.notices.get(path);
    ed.notices.delete(path);
    renderNotice(path);
    showValue(path, mine);
    onEdit(path, mine);
    autosave.flush();
    ed.fields.get(path)?.focus();
  }

  function keepNewer(path) {
    ed.notices.delete(path);
    renderNotice(path);
    ed.fields.get(path)?.focus();
  }

  /** Adopts a state read from the core (re-open after focus, restore). */
  function applyState(next) {
    ed.summary = next.summary;
    autosave.setVersion(next.version);
    const paths = new Set([...Object.keys(ed.values), ...Object.keys(next.values ?? {})]);
    for (const path of paths) {
      if (!autosave.isDirty(path) && !same(ed.values[path], next.values?.[path])) showValue(path, next.values?.[path]);
    }
    ed.completeness = next.completeness;
    dom.title.textContent = reviewTitle();
    updateCompleteness();
    loadSince();
  }

  async function refreshFromStore() {
    if (refreshing || autosave.busy()) return;
    refreshing = true;
    try {
      const next = await invoke('review_open', { id });
      if (!autosave.busy()) applyState(next);
    } catch (error) {
      notify(t('editor.refreshFailed', { reason: describeError(error) }), 'error');
    } finally {
      refreshing = false;
    }
  }

  /* ---------- completeness ---------- */

  function updateCompleteness() {
    updateNav(dom.nav, ed.completeness);
    renderOverall();
    for (const card of dom.main.querySelectorAll('[data-objective]')) {
      const status = objectiveStatus(ed.completeness, card.dataset.objective);
      card.querySelector('.mark').replaceWith(markNode(status));
      card.querySelector('.card-status').textContent = statusText(status);
    }
    if (ed.panel === 'missing') panelView?.update(ed.completeness);
  }

  /* ---------- side panels ---------- */

  function togglePanel(name) {
    ed.panel = ed.panel === name ? null : name;
    renderPanel();
    const opener = name === 'history' ? dom.historyButton : dom.missingButton;
    if (ed.panel) panelView.el.querySelector('h2')?.focus();
    else opener.focus();
  }

  function closePanel() {
    const opener = ed.panel === 'history' ? dom.historyButton : dom.missingButton;
    ed.panel = null;
    renderPanel();
    opener.focus();
  }

  function renderPanel() {
    dom.layout.querySelector('.side-panel')?.remove();
    panelView = null;
    dom.layout.classList.toggle('with-panel', Boolean(ed.panel));
    dom.historyButton.setAttribute('aria-expanded', String(ed.panel === 'history'));
    dom.missingButton.setAttribute('aria-expanded', String(ed.panel === 'missing'));
    if (ed.panel === 'history') {
      panelView = historyPanel({ id, flush: () => autosave.flush(), restored: applyState, close: closePanel });
    } else if (ed.panel === 'missing') {
      panelView = missingPanel({ goTo, close: closePanel });
      panelView.update(ed.completeness);
    }
    if (panelView) dom.layout.append(panelView.el);
  }

  /** Jumps to a field: shows its section or objective, scrolls to it and puts the cursor in it. */
  function goTo(path) {
    const navId = navIdFor(path);
    if (!navId) return;
    if (window.matchMedia(NARROW).matches) {
      ed.panel = null;
      renderPanel();
    }
    if (ed.selected !== navId) select(navId);
    const handle = ed.fields.get(path);
    if (handle) {
      handle.focus();
      handle.el.scrollIntoView({ block: 'center' });
    } else {
      dom.main.querySelector('#pane-title')?.focus();
    }
  }

  /* ---------- export ---------- */

  /** Export signed JSON: pending edits are saved first; an entry of its summary jumps to a field. */
  function openExportDialog() {
    openExport({ id, flush: () => autosave.flush(), goTo, openSettings });
  }

  /** Package for the secretariat: the same checks, then the package, the email draft. */
  function openPackageDialog() {
    openExport({ id, flush: () => autosave.flush(), goTo, openSettings, package: true, onSubmitted: loadSince });
  }

  /* ---------- keyboard shortcuts (./shortcuts.js) ---------- */

  /** Puts the cursor in the field `delta` places away; past the first or last, in the entry before or after. */
  function moveField(delta) {
    const handles = [...ed.fields.values()];
    const index = handles.findIndex((handle) => handle.el.contains(document.activeElement));
    let target = index === -1 ? (delta > 0 ? handles[0] : handles.at(-1)) : handles[index + delta];
    if (!target) {
      const sequence = navSequence(ed.mode);
      const next = sequence[sequence.indexOf(ed.selected) + delta];
      if (!next) return;
      select(next);
      const fresh = [...ed.fields.values()];
      target = delta > 0 ? fresh[0] : fresh.at(-1);
      if (!target) return void dom.main.querySelector('#pane-title')?.focus();
    }
    target.focus();
    target.el.scrollIntoView({ block: 'nearest' });
  }

  /** Shows the objective `delta` places away in the navigation's order (the first or last from a section). */
  function moveObjective(delta) {
    const objectiveIds = navSequence(ed.mode).filter((navId) => navId.includes('.'));
    const index = objectiveIds.indexOf(ed.selected);
    const next = index === -1 ? (delta > 0 ? objectiveIds[0] : objectiveIds.at(-1)) : objectiveIds[index + delta];
    if (next) select(next, { focus: true });
  }

  setShortcutActions({
    nextField: () => moveField(1),
    previousField: () => moveField(-1),
    nextObjective: () => moveObjective(1),
    previousObjective: () => moveObjective(-1),
    history: () => togglePanel('history'),
    package: openPackageDialog,
  });

  /* ---------- lifecycle ---------- */

  const onWindowFocus = () => refreshFromStore();
  window.addEventListener('focus', onWindowFocus);

  function dispose() {
    autosave.dispose();
    window.removeEventListener('focus', onWindowFocus);
  }

  render();
  loadSince();

  return {
    render,
    /** Saves what is pending; asks before leaving if that fails. Resolves false to stay. */
    async leave() {
      if (!(await autosave.flush())) {
        const leave = await confirmDialog({
          title: t('editor.unsavedTitle'),
          message: t('editor.unsavedMessage'),
          confirm: t('editor.leaveAnyway'),
          cancel: t('editor.stay'),
          danger: true,
        });
        if (!leave) return false;
      }
      dispose();
      return true;
    },
    /** Saves what is pending before the window closes; resolves false if that failed. */
    beforeClose: () => autosave.flush(),
  };
}
