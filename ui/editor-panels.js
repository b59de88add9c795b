/**
 * The editor's side panels: History (./history.js), What is missing (./missing.js), Find and
 * replace (./find.js), Comments (./comments.js), Sign-off (./signoff.js) and Contributions
 * (./contributions.js), at most one open beside the main pane. The header button that opens a
 * panel says whether it is open
 * (`aria-expanded`) and gets the focus back when it closes.
 */

import { contributionsPanel } from './contributions.js';
import { renderPanelButtons } from './editor-toolbar.js';
import { commentsPanel } from './comments.js';
import { findPanel } from './find.js';
import { historyPanel } from './history.js';
import { missingPanel } from './missing.js';
import { signoffPanel } from './signoff.js';

/**
 * The panels of the editor whose state is `state`. `view`: `{ layout(), refs(), flush(),
 * restored(state), goTo(path), circulated(), fill(path, value), contribChanged(), find }` (the
 * layout element, the header's elements, the save flow's flush, what to do after a restore or a
 * jump, after a comment or approval was recorded, after a field was filled from the
 * contributors' list, after a merge, and what Find needs: `{ version(), applyState(state),
 * reveal(path), handles() }`). Returns `{ toggle(name), open(name, replacing), comments(path),
 * hide(), render(), update(completeness), refresh() }`.
 */
export function createPanels(state, view) {
  // `commentsPath`: the field whose threads the Comments panel shows (null: the open ones).
  const panels = { state, view, current: null, commentsPath: null };
  return {
    toggle: (name) => {
      panels.commentsPath = null;
      toggle(panels, name);
    },
    /** Opens panel `name` (Find: on its search box, or with `replacing` on Replace with). */
    open: (name, replacing = false) => {
      if (state.panel !== name) {
        state.setPanel(name);
        render(panels);
      }
      if (name === 'find') panels.current.focus(replacing);
      else panels.current.el.querySelector('h2')?.focus();
    },
    /** Opens Comments on the threads of field `path`, the cursor in its new-comment box. */
    comments: (path) => {
      panels.commentsPath = path;
      state.setPanel('comments');
      render(panels);
      panels.current.el.querySelector('h2')?.focus();
    },
    /** Closes the open panel without moving the focus (before a jump to a field). */
    hide: () => {
      state.setPanel(null);
      render(panels);
    },
    render: () => render(panels),
    /** Shows `completeness` in What is missing when it is open. */
    update: (completeness) => {
      if (state.panel === 'missing') panels.current?.update(completeness);
    },
    /** Reloads History's list or the sign-off state when open (after a save). */
    refresh: () => {
      if (state.panel === 'history' || state.panel === 'signoff') panels.current?.refresh();
    },
  };
}

function opener(panels, name) {
  const refs = panels.view.refs();
  return { history: refs.historyButton, find: refs.findButton, comments: refs.commentsButton, signoff: refs.signoffButton, contributions: refs.contributionsButton }[name] ?? refs.missingButton;
}

function toggle(panels, name) {
  const { state } = panels;
  state.setPanel(state.panel === name ? null : name);
  render(panels);
  if (state.panel === 'find') panels.current.focus(false);
  else if (state.panel) panels.current.el.querySelector('h2')?.focus();
  else opener(panels, name).focus();
}

function close(panels) {
  const button = opener(panels, panels.state.panel);
  panels.state.setPanel(null);
  render(panels);
  button.focus();
}

function render(panels) {
  const { state, view } = panels;
  const layout = view.layout();
  layout.querySelector('.side-panel')?.remove();
  panels.current = null;
  layout.classList.toggle('with-panel', Boolean(state.panel));
  renderPanelButtons(view.refs(), state.panel);
  const closePanel = () => close(panels);
  if (state.panel === 'history') {
    panels.current = historyPanel({ id: state.id, flush: view.flush, restored: view.restored, close: closePanel });
  } else if (state.panel === 'contributions') {
    panels.current = contributionsPanel({
      id: state.id, flush: view.flush, close: closePanel, value: state.value, fill: view.fill, changed: view.contribChanged,
    });
  } else if (state.panel === 'missing') {
    panels.current = missingPanel({ goTo: view.goTo, close: closePanel });
    panels.current.update(state.completeness);
  } else if (state.panel === 'comments') {
    const goTo = (path) => { panels.commentsPath = path; view.goTo(path); };
    panels.current = commentsPanel({ id: state.id, path: panels.commentsPath, goTo, close: closePanel, changed: view.circulated });
  } else if (state.panel === 'signoff') {
    panels.current = signoffPanel({ id: state.id, close: closePanel, changed: view.circulated });
  } else if (state.panel === 'find') {
    panels.current = findPanel({ id: state.id, flush: view.flush, close: closePanel, ...view.find });
  }
  if (panels.current) layout.append(panels.current.el);
}
