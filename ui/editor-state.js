/**
 * The state of the review open in the editor: its summary, the values as shown on screen, the
 * core's completeness, the navigation order and the selected entry, the save state, the open
 * side panel, conflict notices, the answers changed since the last submission, and the
 * review's circulation (open comments per field, the sign-off state).
 *
 * The object returned is read through getters and changed only through its named functions:
 * the render functions (./nav.js, ./pane.js, ./editor-toolbar.js) read it and never write to
 * it; ./editor.js and ./editor-saving.js change it, then ask for the parts to be drawn again.
 */

import { navSequence } from './nav.js';

/**
 * The state of review `id` as `review_open` returned it (`opened`). `mode` is the navigation
 * order; `remembered` the entry selected last time, shown again if it still exists.
 */
export function createEditorState({ id, opened, mode, remembered }) {
  const sequence = navSequence(mode);
  const s = {
    summary: opened.summary,
    values: { ...opened.values },
    completeness: opened.completeness,
    mode,
    selected: sequence.includes(remembered) ? remembered : sequence[0],
    status: { state: 'idle' },
    panel: null,
    notices: new Map(),
    since: { last: null, changed: new Set(), head: opened.version },
    circulation: { counts: null, signoff: null },
    // Whole-of-government drafting: the workspace this review is (or null), the entities
    // each field is assigned to, and who wrote each field's text.
    contrib: { workspace: null, assignments: {}, provenance: {} },
  };
  return {
    id,
    /** The version `review_open` returned: the autosaver's first base version. */
    version: opened.version,
    get summary() { return s.summary; },
    get completeness() { return s.completeness; },
    get mode() { return s.mode; },
    get selected() { return s.selected; },
    get status() { return s.status; },
    get panel() { return s.panel; },
    /** The last submission (`{ revision, ... }`) or null, and the revision it is compared with. */
    get lastSubmission() { return s.since.last; },
    get head() { return s.since.head; },
    /** `{ counts, signoff }`: `comment_counts` and `signoff_status` as last read. */
    get circulation() { return s.circulation; },
    value: (path) => s.values[path],
    paths: () => Object.keys(s.values),
    hasNotice: (path) => s.notices.has(path),
    /** The user's own value kept by the conflict notice of `path`. */
    notice: (path) => s.notices.get(path),
    changedSinceSubmission: (path) => s.since.changed.has(path),
    /** The contribution workspace this review is (`WorkspaceInfo`), or null. */
    get workspace() { return s.contrib.workspace; },
    /** In a contribution workspace, every field not assigned to its entity is read-only. */
    isReadOnly: (path) => Boolean(s.contrib.workspace) && !s.contrib.workspace.fields.includes(path),
    assignedTo: (path) => s.contrib.assignments[path] ?? [],
    writtenBy: (path) => s.contrib.provenance[path] ?? null,

    /** Records the value shown for `path`; undefined removes it. */
    setValue(path, value) {
      if (value === undefined) delete s.values[path];
      else s.values[path] = value;
    },
    setSummary(summary) { s.summary = summary; },
    setUpdatedAt(savedAt) { s.summary.updatedAt = savedAt; },
    setCompleteness(completeness) { s.completeness = completeness; },
    select(navId) { s.selected = navId; },
    setMode(mode) { s.mode = mode; },
    /** `name`: idle, saving, saved or error; `info`: `{ savedAt }` or `{ error }`. */
    setStatus(name, info = {}) { s.status = { state: name, ...info }; },
    /** Opens side panel `name` (`history`, `missing`), or closes it with null. */
    setPanel(name) { s.panel = name; },
    setNotice(path, mine) { s.notices.set(path, mine); },
    clearNotice(path) { s.notices.delete(path); },
    setCirculation(circulation) { s.circulation = circulation; },
    /** Adopts what whole-of-government drafting knows of the review (any part may be absent). */
    setContrib(next) { s.contrib = { ...s.contrib, ...next }; },
    /** Adopts `since_submission`'s answer `{ last, changed, head }`. */
    setSince(since) { s.since = { last: since.last, changed: new Set(since.changed), head: since.head }; },
  };
}
