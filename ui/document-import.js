/**
 * Bring in an earlier review written in Word, LibreOffice or PDF (`#document-dialog`): the user
 * says whom and which cycle it is for, the language it is written in, and whether it becomes a
 * new review or a new revision of one on this computer; then chooses the file in the native
 * dialog. While the core reads it, a progress bar shows the page (or paragraph) it has reached;
 * then the placement view (placement.js) shows where each block would go.
 */

import { notify } from './widgets/dialogs.js';
import { h } from './dom.js';
import { describeError, formatNumber, language, t } from './i18n.js';
import { channel, invoke } from './ipc.js';
import { openPlacement } from './placement.js';
import { languageName, memberStateName, memberStates, UN_LANGUAGES } from './template.js';

const DEFAULT_CYCLE = 'IMRF 2026';

function field(id, label, control, hint) {
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'form-field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'help', id: hintId }, hint) : null,
    control);
}

function reviewOption(summary) {
  const name = memberStateName(summary.memberState, summary.memberStateName);
  return h('option', { value: summary.id }, t('documentImport.intoReview', { name, cycle: summary.cycle }));
}

/**
 * The progress line, "Reading page 120 of 500…", and its bar, from the core's reports. The bar
 * follows every report; the line (a live region) changes at most once a second, so a screen
 * reader hears steps rather than every paragraph.
 */
function progressView() {
  const bar = h('progress', { id: 'document-progress', 'aria-labelledby': 'document-progress-text' });
  const text = h('p', { id: 'document-progress-text', 'aria-live': 'polite' });
  const el = h('div', { class: 'busy document-progress', hidden: true }, bar, text);
  let spoken = 0;
  return {
    el,
    start() {
      el.hidden = false;
      bar.removeAttribute('value');
      text.textContent = t('documentImport.choosing');
      spoken = 0;
    },
    report({ unit, done, total }) {
      bar.max = Math.max(1, total);
      bar.value = Math.min(done, total);
      if (done < total && Date.now() - spoken < 1000) return;
      spoken = Date.now();
      text.textContent = t(`documentImport.progress.${unit === 'pages' ? 'pages' : 'paragraphs'}`,
        { done: formatNumber(done), total: formatNumber(total) });
    },
    stop() {
      el.hidden = true;
    },
  };
}

/**
 * The dialog's choices: where the document goes, for which Member State and cycle, in which
 * language. Choosing an existing review takes its Member State and cycle (the cycle can still be
 * changed: a new cycle's update); its language stays its own.
 */
function documentControls() {
  const into = h('select', { id: 'document-into' },
    h('option', { value: '' }, t('documentImport.intoNew')));
  const state = h('select', { id: 'document-member-state' },
    h('option', { value: '' }, t('documentImport.chooseState')),
    memberStates().map((ms) => h('option', { value: ms.code }, ms.name)));
  const cycle = h('input', { type: 'text', id: 'document-cycle', dir: 'auto', value: DEFAULT_CYCLE, autocomplete: 'off' });
  const docLanguage = h('select', { id: 'document-language' },
    UN_LANGUAGES.map((code) => h('option', { value: code }, languageName(code))));
  docLanguage.value = UN_LANGUAGES.includes(language()) ? language() : 'en';
  let reviews = [];
  into.addEventListener('change', () => {
    const review = reviews.find((r) => r.id === into.value);
    if (review) {
      state.value = review.memberState;
      cycle.value = review.cycle;
    }
    state.disabled = Boolean(review);
    docLanguage.disabled = Boolean(review);
  });
  return {
    into, state, cycle, docLanguage,
    setReviews(list) {
      reviews = list;
      into.append(...list.map(reviewOption));
    },
  };
}

/** Opens the dialog; `ctx`: `{ opener, onImported(id) }`. */
export async function openDocumentImport(ctx) {
  document.getElementById('document-dialog')?.remove();
  const opener = ctx.opener ?? document.activeElement;
  const controls = documentControls();
  const { into, state, cycle, docLanguage } = controls;
  const error = h('p', { id: 'document-error', class: 'form-error', role: 'alert', dir: 'auto' });
  const submit = h('button', { type: 'submit', id: 'document-choose', class: 'primary' }, t('documentImport.choose'));
  const progress = progressView();

  const form = h('form', { class: 'dialog-form', novalidate: true, onSubmit: choose },
    h('h2', { id: 'document-title' }, t('documentImport.title')),
    h('p', { class: 'help' }, t('documentImport.intro')),
    field('document-into', t('documentImport.into'), into, t('documentImport.intoHint')),
    field('document-member-state', t('newReview.memberState'), state),
    field('document-cycle', t('newReview.cycle'), cycle, t('newReview.cycleHint')),
    field('document-language', t('documentImport.language'), docLanguage, t('documentImport.languageHint')),
    progress.el,
    error,
    h('div', { class: 'button-row' }, submit,
      h('button', { type: 'button', id: 'document-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))));
  const dialog = h('dialog', { id: 'document-dialog', class: 'dialog dialog-wide', 'aria-labelledby': 'document-title' }, form);

  async function choose(event) {
    event.preventDefault();
    error.textContent = '';
    if (!state.value) return fail(t('newReview.chooseState'), state);
    if (!cycle.value.trim()) return fail(t('newReview.enterCycle'), cycle);
    submit.disabled = true;
    dialog.setAttribute('aria-busy', 'true');
    progress.start();
    try {
      const chosen = await invoke('document_choose', {
        memberState: state.value, cycle: cycle.value.trim(), into: into.value || null,
        onProgress: channel((report) => progress.report(report)),
      });
      if (!chosen) {
        notify(t('import.noFile'));
        submit.focus();
        return;
      }
      dialog.dataset.after = 'placement';
      dialog.close();
      openPlacement(chosen, { language: docLanguage.value, opener, onImported: ctx.onImported });
    } catch (err) {
      fail(t('import.refused', { reason: describeError(err) }), submit);
    } finally {
      progress.stop();
      dialog.removeAttribute('aria-busy');
      submit.disabled = false;
    }
  }

  function fail(message, focusTarget) {
    error.textContent = message;
    focusTarget.focus();
  }

  dialog.addEventListener('close', () => {
    dialog.remove();
    if (dialog.dataset.after !== 'placement' && opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  state.focus();
  try {
    controls.setReviews(await invoke('reviews_list'));
  } catch {
    /* without the list, the document becomes a new review: still a complete choice */
  }
}
