/**
 * What the editor's keyboard shortcuts (./shortcuts.js) do: move the cursor to the next or
 * previous field, across sections and objectives, show the next or previous objective, open
 * History, Find and replace, the package dialog, or Contributions (in a contribution
 * workspace: Return contribution).
 */

import { navSequence } from './nav.js';

/**
 * The shortcut actions of the editor whose state is `state`. `view`: `{ handles(), main(),
 * select(navId, options), togglePanel(name), openPanel(name, replacing), exportPackage(),
 * contributions() }`.
 */
export function editorShortcuts(state, view) {
  return {
    nextField: () => moveField(state, view, 1),
    previousField: () => moveField(state, view, -1),
    nextObjective: () => moveObjective(state, view, 1),
    previousObjective: () => moveObjective(state, view, -1),
    history: () => view.togglePanel('history'),
    find: () => view.openPanel('find', false),
    replace: () => view.openPanel('find', true),
    package: () => view.exportPackage(),
    contributions: () => view.contributions(),
  };
}

/** Puts the cursor in the field `delta` places away; past the first or last, in the entry before or after. */
function moveField(state, view, delta) {
  const handles = [...view.handles().values()];
  const index = handles.findIndex((handle) => handle.el.contains(document.activeElement));
  let target = index === -1 ? (delta > 0 ? handles[0] : handles.at(-1)) : handles[index + delta];
  if (!target) {
    const sequence = navSequence(state.mode);
    const next = sequence[sequence.indexOf(state.selected) + delta];
    if (!next) return;
    view.select(next);
    const fresh = [...view.handles().values()];
    target = delta > 0 ? fresh[0] : fresh.at(-1);
    if (!target) return void view.main().querySelector('#pane-title')?.focus();
  }
  target.focus();
  target.el.scrollIntoView({ block: 'nearest' });
}

/** Shows the objective `delta` places away in the navigation's order (the first or last from a section). */
function moveObjective(state, view, delta) {
  const objectiveIds = navSequence(state.mode).filter((navId) => navId.includes('.'));
  const index = objectiveIds.indexOf(state.selected);
  const next = index === -1 ? (delta > 0 ? objectiveIds[0] : objectiveIds.at(-1)) : objectiveIds[index + delta];
  if (next) view.select(next, { focus: true });
}
