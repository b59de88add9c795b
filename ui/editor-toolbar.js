/**
 * The editor's header: the review's title, the overall completeness, the save state, the
 * sign-off state ("3 of 5 approved, 1 stale", final or draft), what the review is turned into
 * (Open and verify, Export PDF, Export signed JSON, Package) beside the status, and the tools
 * on a row of their own (Find and replace, What is missing, Comments, Sign-off, History,
 * Contributions, Since last submission). Builds them from the editor state and refreshes them when it changes;
 * what the tools do is the editor's (./editor.js).
 */

import { h, replace } from './dom.js';
import { appHeader } from './header.js';
import { describeError, formatNumber, formatPercent, formatTime, t } from './i18n.js';
import { ariaKeys } from './shortcuts.js';
import { signoffSummary } from './signoff.js';
import { memberStateName } from './template.js';

/** "Review of <Member State> · <cycle>": the Member State follows its field on the cover. */
export function reviewTitle(state) {
  const code = state.value('cover.member_state') || state.summary.memberState;
  return t('editor.title', { state: memberStateName(code, state.summary.memberStateName), cycle: state.summary.cycle });
}

/** A magnifying glass, drawn by the style sheet (no font has the same one in every script). */
function findIcon() {
  return h('span', { class: 'find-icon', 'aria-hidden': 'true' });
}

function tool(id, label, onClick, props = {}) {
  return h('button', { type: 'button', id, ...props, onClick }, label);
}

/**
 * Builds the header. `actions`: `{ home(), togglePanel(name), compareSince(), verify(button),
 * exportPdf(), exportJson(), exportPackage() }`. Returns `{ el, refs }`; `refs` holds the
 * elements the other functions here refresh.
 */
export function editorHeader(state, actions) {
  const refs = {
    title: h('h1', { class: 'review-title', dir: 'auto' }, reviewTitle(state)),
    overall: h('div', { id: 'overall-complete', class: 'overall' }),
    saveState: h('p', { id: 'save-state', role: 'status', 'aria-live': 'polite' }),
    missingButton: tool('open-missing', null, () => actions.togglePanel('missing'), { 'aria-controls': 'missing-panel' }),
    commentsButton: tool('open-comments', t('editor.comments'), () => actions.togglePanel('comments'), { 'aria-controls': 'comments-panel' }),
    signoffButton: tool('open-signoff', t('editor.signoff'), () => actions.togglePanel('signoff'), { 'aria-controls': 'signoff-panel' }),
    findButton: tool('open-find', findIcon(), () => actions.togglePanel('find'), {
      'aria-controls': 'find-panel', 'aria-label': t('editor.find'), title: t('editor.find'), 'aria-keyshortcuts': 'Control+F Control+H',
    }),
    historyButton: tool('open-history', t('editor.history'), () => actions.togglePanel('history'), { 'aria-controls': 'history-panel', 'aria-keyshortcuts': ariaKeys('history') }),
    pdfButton: tool('export-pdf', t('editor.exportPdf'), () => actions.exportPdf(), { 'aria-haspopup': 'dialog' }),
    exportButton: tool('export-json', t('editor.exportJson'), () => actions.exportJson(), { 'aria-haspopup': 'dialog' }),
    packageButton: tool('export-package', t('editor.package'), () => actions.exportPackage(), { class: 'primary', 'aria-haspopup': 'dialog', 'aria-keyshortcuts': ariaKeys('package') }),
    sinceButton: tool('since-submission', t('editor.sinceSubmission'), () => actions.compareSince(), { hidden: !state.lastSubmission }),
    contributionsButton: tool('open-contributions', t('contrib.title'), () => actions.togglePanel('contributions'), { 'aria-controls': 'contributions-panel', 'aria-keyshortcuts': ariaKeys('contributions'), hidden: Boolean(state.workspace) }),
    verifyButton: tool('verify-files', t('verify.open'), () => actions.verify(refs.verifyButton), { 'aria-haspopup': 'dialog' }),
  };
  renderSaveState(refs, state.status);
  const back = h('button', { type: 'button', id: 'back-home', class: 'back', onClick: () => actions.home() },
    h('span', { class: 'back-arrow', 'aria-hidden': 'true' }, '←'), t('editor.backHome'));
  const el = appHeader({
    start: [back, refs.title],
    status: [refs.overall, refs.saveState],
    actions: [refs.verifyButton, refs.pdfButton, refs.exportButton, refs.packageButton],
    tools: [refs.findButton, refs.missingButton, refs.commentsButton, refs.signoffButton, refs.historyButton, refs.contributionsButton, refs.sinceButton],
  });
  return { el, refs };
}

/** Shows the save state (`data-save-state` and its words). */
export function renderSaveState(refs, status) {
  const { state: name, savedAt, error } = status;
  refs.saveState.dataset.saveState = name;
  const text = {
    idle: () => t('save.idle'),
    saving: () => t('save.saving'),
    saved: () => t('save.saved', { time: formatTime(savedAt ?? new Date().toISOString()) }),
    error: () => t('save.error', { reason: describeError(error) }),
  }[name];
  refs.saveState.textContent = text();
}

/** Shows the overall completeness bar and the number of missing answers on What is missing. */
export function renderOverall(refs, completeness) {
  const percent = completeness?.percent ?? 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.inlineSize = `${Math.max(0, Math.min(100, percent))}%`;
  replace(refs.overall, h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
    h('span', {}, t('editor.complete', { percent: formatPercent(percent) })));
  const missing = completeness?.missing?.length ?? 0;
  refs.missingButton.textContent = t('editor.missing', { count: missing, formatted: formatNumber(missing) });
}

/** Shows the title again (after the Member State changed, or a state read from the core). */
export function renderTitle(refs, state) {
  refs.title.textContent = reviewTitle(state);
}

/** Offers Since last submission only when the review was submitted. */
export function renderSinceButton(refs, state) {
  refs.sinceButton.hidden = !state.lastSubmission;
}

/** Says which panel is open on the buttons that control them. */
export function renderPanelButtons(refs, panel) {
  refs.historyButton.setAttribute('aria-expanded', String(panel === 'history'));
  refs.missingButton.setAttribute('aria-expanded', String(panel === 'missing'));
  refs.findButton.setAttribute('aria-expanded', String(panel === 'find'));
  refs.contributionsButton.setAttribute('aria-expanded', String(panel === 'contributions'));
  refs.commentsButton.setAttribute('aria-expanded', String(panel === 'comments'));
  refs.signoffButton.setAttribute('aria-expanded', String(panel === 'signoff'));
}

/**
 * Shows the open comments on Comments and the sign-off state on Sign-off (`#signoff-state`):
 * "3 of 5 approved, 1 stale", and whether the current revision was marked final.
 */
export function renderCirculation(refs, { counts, signoff }) {
  const open = counts?.open ?? 0;
  refs.commentsButton.textContent = t('editor.commentsCount', { count: open, formatted: formatNumber(open) });
  refs.commentsButton.dataset.commentCount = String(open);
  if (!signoff) return;
  const final = Boolean(signoff.finalDecision);
  // Without a sign-off list there is nothing to count: the button says only draft or final.
  const summary = signoff.required ? [signoffSummary(signoff), ' · '] : [];
  replace(refs.signoffButton,
    h('span', {}, t('editor.signoff')), ' ',
    h('span', { id: 'signoff-state', class: 'signoff-state', 'data-approved': String(signoff.approved), 'data-required': String(signoff.required), 'data-stale': String(signoff.stale), 'data-final': String(final) },
      ...summary, t(final ? 'editor.final' : 'editor.draft')));
}
