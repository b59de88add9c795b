/**
 * The editor's save flow. An edit goes into the editor state and to the autosaver
 * (./autosave.js); what comes back is shown in the fields: values another writer merged, the
 * newer values of a conflict (with the user's own text kept in a notice until they choose),
 * and a state read again from the core when the window gets the focus back or after a restore.
 * A field with an edit not yet on disk is never overwritten. After a save or a submission it
 * also reads which answers changed since the last submission, and says so when the save
 * returned a review marked final to draft.
 */

import { createAutosave } from './autosave.js';
import { conflictNotice } from './fields.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { parsePath } from './template.js';
import { notify } from './widgets/dialogs.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Creates the save flow of the review in `state` (./editor-state.js). `view` tells the editor
 * what to draw again: `{ handles(): Map<path, handle>, statusChanged(), valueShown(path),
 * titleChanged(), completenessChanged(), saved(), sinceChanged() }`.
 */
export function createSaveFlow(state, view) {
  const flow = { state, view, refreshing: false };
  flow.autosave = createAutosave({
    id: state.id,
    version: state.version,
    onStatus: (name, info) => {
      state.setStatus(name, info);
      view.statusChanged();
    },
    onSaved: (outcome) => saved(flow, outcome),
    onConflict: (newer, mine) => conflicted(flow, newer, mine),
  });
  return {
    flush: () => flow.autosave.flush(),
    busy: () => flow.autosave.busy(),
    /** The version the next save is based on (after a flush: the stored one). */
    version: () => flow.autosave.version(),
    /** Records what the user typed in `path`. */
    edit: (path, value) => edit(flow, path, value),
    /** The two actions of the conflict notice of `path`. */
    noticeActions: (path) => noticeActions(flow, path),
    /** Adopts a state read from the core (re-open after focus, restore). */
    applyState: (next) => applyState(flow, next),
    refreshFromStore: () => refreshFromStore(flow),
    loadSince: () => loadSince(flow),
    /** Stops the timers; call after a final flush. */
    dispose: () => flow.autosave.dispose(),
  };
}

function edit(flow, path, value) {
  flow.state.setValue(path, value);
  flow.autosave.edit(path, value);
  flow.view.valueShown(path);
}

function showValue(flow, path, value) {
  flow.state.setValue(path, value);
  flow.view.handles().get(path)?.set(value);
  flow.view.valueShown(path);
}

/** Shows values changed elsewhere, leaving alone the fields with unsaved edits. */
function applyValues(flow, values) {
  for (const [path, value] of Object.entries(values ?? {})) {
    if (!flow.autosave.isDirty(path) && !same(flow.state.value(path), value)) showValue(flow, path, value);
  }
}

function saved(flow, outcome) {
  const { state, view } = flow;
  if (outcome.savedAt) state.setUpdatedAt(outcome.savedAt);
  if (outcome.leftFinal) notify(t('editor.leftFinal'));
  if (state.lastSubmission) loadSince(flow);
  applyValues(flow, outcome.merged);
  if (outcome.completeness) state.setCompleteness(outcome.completeness);
  view.completenessChanged();
  view.saved();
}

function conflicted(flow, newer, mine) {
  for (const [path, value] of Object.entries(newer)) {
    showValue(flow, path, value);
    if (path in mine && !same(mine[path], value)) flow.state.setNotice(path, mine[path]);
    renderNotice(flow, path);
  }
  notify(t('conflict.announce'));
}

function noticeActions(flow, path) {
  return { useMine: () => useMine(flow, path), keepNewer: () => keepNewer(flow, path) };
}

function renderNotice(flow, path) {
  const handle = flow.view.handles().get(path);
  if (!handle) return;
  const { state } = flow;
  const mine = state.notice(path);
  handle.showNotice(state.hasNotice(path) ? conflictNotice(parsePath(path).field, mine, noticeActions(flow, path)) : null);
}

function useMine(flow, path) {
  const mine = flow.state.notice(path);
  flow.state.clearNotice(path);
  renderNotice(flow, path);
  showValue(flow, path, mine);
  edit(flow, path, mine);
  flow.autosave.flush();
  flow.view.handles().get(path)?.focus();
}

function keepNewer(flow, path) {
  flow.state.clearNotice(path);
  renderNotice(flow, path);
  flow.view.handles().get(path)?.focus();
}

function applyState(flow, next) {
  const { state, autosave } = flow;
  state.setSummary(next.summary);
  autosave.setVersion(next.version);
  const paths = new Set([...state.paths(), ...Object.keys(next.values ?? {})]);
  for (const path of paths) {
    if (!autosave.isDirty(path) && !same(state.value(path), next.values?.[path])) showValue(flow, path, next.values?.[path]);
  }
  state.setCompleteness(next.completeness);
  flow.view.titleChanged();
  flow.view.completenessChanged();
  loadSince(flow);
}

async function refreshFromStore(flow) {
  if (flow.refreshing || flow.autosave.busy()) return;
  flow.refreshing = true;
  try {
    const next = await invoke('review_open', { id: flow.state.id });
    if (!flow.autosave.busy()) applyState(flow, next);
  } catch (error) {
    notify(t('editor.refreshFailed', { reason: describeError(error) }), 'error');
  } finally {
    flow.refreshing = false;
  }
}

async function loadSince(flow) {
  try {
    const since = await invoke('since_submission', { id: flow.state.id });
    flow.state.setSince(since);
    flow.view.sinceChanged();
  } catch {
    // The marks are a help, not the text: without them the editor works as before.
  }
}
