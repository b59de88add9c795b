/**
 * The editor of one review: the header (./editor-toolbar.js), the navigation pane (./nav.js),
 * the main pane (./pane.js) and a side panel (./editor-panels.js). This module puts them
 * together over the editor state (./editor-state.js) and the save flow (./editor-saving.js),
 * moves between entries, shows the comments and the sign-off state (./comments.js), and
 * leaves the review; the core decides completeness.
 */

import { markCommentCounts, markNavComments } from './comments.js';
import { showCompare } from './compare.js';
import { h, prefs, replace, throttle } from './dom.js';
import { editorShortcuts } from './editor-keys.js';
import { createPanels } from './editor-panels.js';
import { createSaveFlow } from './editor-saving.js';
import { createEditorState } from './editor-state.js';
import {
  editorHeader, renderCirculation, renderOverall, renderSaveState, renderSinceButton, renderTitle, reviewTitle,
} from './editor-toolbar.js';
import { openExport } from './export.js';
import { t } from './i18n.js';
import { invoke } from './ipc.js';
import { markSelected, renderNav, updateNav } from './nav.js';
import { markChangedFields, renderPane, updateObjectiveCards } from './pane.js';
import { openPdfExport } from './pdf.js';
import { openSettings } from './settings.js';
import { setShortcutActions } from './shortcuts.js';
import { useSpellingLanguage } from './spelling.js';
import { navIdFor } from './template.js';
import { openVerify } from './verify.js';
import { confirmDialog } from './widgets/dialogs.js';
import { openReturn, workspaceBanner } from './workspace.js';

/** Below this width the side panel covers the main pane, so it closes after a jump. */
const NARROW = '(max-width: 1180px)';

/** Opens review `id` in `root`; resolves to the view `{ render, leave, beforeClose }`. */
export async function openEditor(root, id, router) {
  const opened = await invoke('review_open', { id });
  const state = createEditorState({
    id, opened, mode: prefs.get('nav-mode', 'number'), remembered: prefs.get(`selected.${id}`, ''),
  });
  // The elements drawn last: the header's (`refs`), the panes, the handles of the fields shown.
  const view = { root, router, state, refs: null, nav: null, main: null, layout: null, handles: new Map() };
  view.save = createSaveFlow(state, saveHooks(view));
  view.panels = createPanels(state, {
    layout: () => view.layout,
    refs: () => view.refs,
    flush: () => view.save.flush(),
    restored: (next) => view.save.applyState(next),
    goTo: (path) => goTo(view, path),
    circulated: () => loadCirculation(view),
    fill: (path, value) => fill(view, path, value),
    contribChanged: () => contribChanged(view),
    find: {
      version: () => view.save.version(),
      applyState: (next) => view.save.applyState(next),
      reveal: (path) => reveal(view, path),
      handles: () => view.handles,
    },
  });
  view.reloadCirculation = throttle(() => loadCirculation(view), 1000);
  view.actions = headerActions(view);
  await loadContrib(view);
  setShortcutActions(editorShortcuts(state, {
    handles: () => view.handles,
    main: () => view.main,
    select: (navId, options) => select(view, navId, options),
    togglePanel: view.actions.togglePanel,
    openPanel: (name, replacing) => view.panels.open(name, replacing),
    exportPackage: view.actions.exportPackage,
    contributions: () => (state.workspace ? view.actions.returnContribution() : view.actions.togglePanel('contributions')),
  }));
  const onWindowFocus = () => view.save.refreshFromStore();
  window.addEventListener('focus', onWindowFocus);
  view.dispose = () => {
    view.save.dispose();
    window.removeEventListener('focus', onWindowFocus);
  };
  render(view);
  view.save.loadSince();
  loadCirculation(view);
  useSpellingLanguage(state.summary.language);
  return {
    render: () => render(view),
    leave: () => leave(view),
    /** Saves what is pending before the window closes; resolves false if that failed. */
    beforeClose: () => view.save.flush(),
  };
}

/**
 * What whole-of-government drafting knows of the review: the workspace it is, or the entities
 * its fields are assigned to and who wrote each text; drawn again when `redraw`. A failure
 * leaves the marks out (in a workspace the core still refuses a field not assigned).
 */
async function loadContrib(view, redraw = false) {
  const { state } = view;
  try {
    const workspace = await invoke('workspace_get', { id: state.id });
    const [assignments, provenance] = workspace ? [{}, {}]
      : await Promise.all([invoke('field_assignments', { id: state.id }), invoke('field_provenance', { id: state.id })]);
    state.setContrib({ workspace, assignments, provenance });
  } catch {
    return;
  }
  if (redraw) render(view);
}

/** What the save flow asks the editor to draw again. */
function saveHooks(view) {
  return {
    handles: () => view.handles,
    statusChanged: () => renderSaveState(view.refs, view.state.status),
    // The title shows the Member State: follow its field.
    valueShown: (path) => {
      if (path === 'cover.member_state') renderTitle(view.refs, view.state);
    },
    titleChanged: () => renderTitle(view.refs, view.state),
    completenessChanged: () => updateCompleteness(view),
    saved: () => {
      view.panels.refresh();
      view.reloadCirculation();
    },
    sinceChanged: () => markChanged(view),
  };
}

/** What the header's tools do. */
function headerActions(view) {
  const { state, save } = view;
  const flush = () => save.flush();
  const goToField = (path) => goTo(view, path);
  const onFinal = () => loadCirculation(view);
  return {
    home: () => view.router.home(),
    togglePanel: (name) => view.panels.toggle(name),
    compareSince: () => compareWithSubmission(state),
    verify: (button) => openVerify(button),
    exportPdf: () => openPdfExport({ id: state.id, flush }),
    // Export signed JSON: pending edits are saved first; an entry of its summary jumps to a field.
    exportJson: () => openExport({ id: state.id, flush, goTo: goToField, openSettings, onFinal }),
    // Package for the secretariat: the same checks, then the package, the email draft.
    exportPackage: () => openExport({ id: state.id, flush, goTo: goToField, openSettings, onFinal, package: true, onSubmitted: () => save.loadSince() }),
    returnContribution: () => openReturn({ id: state.id, flush, returned: () => loadContrib(view, true) }),
  };
}

/** Draws the whole editor, keeping the scroll positions of both panes. */
function render(view) {
  const { state } = view;
  const scroll = { nav: view.nav?.scrollTop ?? 0, main: view.main?.scrollTop ?? 0 };
  // First-strong isolation keeps a bidi control in the user's text from reversing the app name.
  document.title = `\u2068${reviewTitle(state)}\u2069 — ${t('app.name')}`;
  const header = editorHeader(state, view.actions);
  view.refs = header.refs;
  view.nav = renderNav(state, navActions(view));
  view.main = h('main', { id: 'main-pane', tabindex: '-1', 'aria-labelledby': 'pane-title' });
  view.layout = h('div', { class: 'editor-layout' }, view.nav, view.main);
  const banner = state.workspace ? workspaceBanner(state.workspace, () => view.actions.returnContribution()) : null;
  replace(view.root, header.el, banner, view.layout);
  renderMain(view);
  view.panels.render();
  updateCompleteness(view);
  markCirculation(view);
  view.nav.scrollTop = scroll.nav;
  view.main.scrollTop = scroll.main;
  if (!scroll.nav) view.nav.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
}

function navActions(view) {
  return { select: (navId, options) => select(view, navId, options), setMode: (mode) => setMode(view, mode) };
}

/** Draws the main pane for the selected entry; its fields' handles replace the old ones. */
function renderMain(view) {
  const pane = renderPane(view.state, {
    select: (navId, options) => select(view, navId, options),
    onEdit: (path, value) => view.save.edit(path, value),
    onCommit: () => view.save.flush(),
    noticeActions: (path) => view.save.noticeActions(path),
  });
  view.handles = pane.fields;
  replace(view.main, pane.el);
  markChanged(view);
  markCirculation(view);
}

/** Reads the open comments and the sign-off state, then shows them. */
async function loadCirculation(view) {
  try {
    const [counts, signoff] = await Promise.all([
      invoke('comment_counts', { id: view.state.id }),
      invoke('signoff_status', { id: view.state.id }),
    ]);
    view.state.setCirculation({ counts, signoff });
    markCirculation(view);
  } catch {
    // The counts are a help, not the text: without them the editor works as before.
  }
}

/** Shows the comment counts on the fields and the navigation, and the header's sign-off state. */
function markCirculation(view) {
  const { circulation } = view.state;
  if (!circulation.counts || !view.refs) return;
  markCommentCounts(view.handles, circulation.counts, (path) => view.panels.comments(path));
  markNavComments(view.nav, circulation.counts);
  renderCirculation(view.refs, circulation);
}

/** Marks the fields on screen whose answers changed since the last submission. */
function markChanged(view) {
  markChangedFields(view.handles, (path) => view.state.changedSinceSubmission(path));
  if (view.refs) renderSinceButton(view.refs, view.state);
}

function compareWithSubmission(state) {
  if (!state.lastSubmission) return;
  const rev = state.lastSubmission.revision;
  showCompare(state.id, rev, state.head, t('editor.sinceSubmissionTitle', { number: rev }));
}

/** Shows navigation entry `navId`; with `focus`, the cursor goes to the pane's title. */
function select(view, navId, { focus = false } = {}) {
  const { state } = view;
  if (view.save.busy()) view.save.flush();
  state.select(navId);
  prefs.set(`selected.${state.id}`, navId);
  markSelected(view.nav, navId);
  renderMain(view);
  view.main.scrollTop = 0;
  view.nav.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  if (focus) view.main.querySelector('#pane-title')?.focus();
}

/** Switches the order of the objectives: by number or by round table. */
function setMode(view, next) {
  view.state.setMode(next);
  prefs.set('nav-mode', next);
  const fresh = renderNav(view.state, navActions(view));
  view.nav.replaceWith(fresh);
  view.nav = fresh;
  renderMain(view);
  view.nav.querySelector(next === 'round-table' ? '#nav-by-round-table' : '#nav-by-number')?.focus();
}

/** Shows the core's completeness everywhere it appears. */
function updateCompleteness(view) {
  const { completeness } = view.state;
  updateNav(view.nav, completeness);
  renderOverall(view.refs, completeness);
  updateObjectiveCards(view.main, completeness);
  view.panels.update(completeness);
}

/**
 * Jumps to a field: shows its section or objective, scrolls to it and puts the cursor in it.
 * The export check's sign-off warnings (`signoff`) open the Sign-off panel instead.
 */
function goTo(view, path) {
  if (path === 'signoff') {
    if (view.state.panel !== 'signoff') view.panels.toggle('signoff');
    return;
  }
  const navId = navIdFor(path);
  if (!navId) return;
  if (window.matchMedia(NARROW).matches) view.panels.hide();
  if (view.state.selected !== navId) select(view, navId);
  const handle = view.handles.get(path);
  if (handle) {
    handle.focus();
    handle.el.scrollIntoView({ block: 'center' });
  } else {
    view.main.querySelector('#pane-title')?.focus();
  }
}

/** Writes `value` into field `path` as if typed (the methodology's list of entities), and saves. */
function fill(view, path, value) {
  view.save.edit(path, value);
  view.handles.get(path)?.set(value);
  view.save.flush();
  goTo(view, path);
}

/** After a merge, a resolution or an assignment: the answers, the marks and History again. */
async function contribChanged(view) {
  await view.save.refreshFromStore();
  await loadContrib(view);
  renderMain(view);
  view.panels.refresh();
}

/** Shows a field's section or objective and scrolls to the field, leaving the focus where it is. */
function reveal(view, path) {
  const navId = navIdFor(path);
  if (!navId) return;
  if (view.state.selected !== navId) select(view, navId);
  view.handles.get(path)?.el.scrollIntoView({ block: 'center' });
}

/** Saves what is pending; asks before leaving if that fails. Resolves false to stay. */
async function leave(view) {
  if (!(await view.save.flush())) {
    const away = await confirmDialog({
      title: t('editor.unsavedTitle'),
      message: t('editor.unsavedMessage'),
      confirm: t('editor.leaveAnyway'),
      cancel: t('editor.stay'),
      danger: true,
    });
    if (!away) return false;
  }
  view.dispose();
  return true;
}
