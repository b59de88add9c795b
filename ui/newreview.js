/**
 * The New review dialog (`#new-review-dialog`): a Member State chosen from the list by typing
 * part of its name, the reporting cycle and the language of the review.
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, language, t } from './i18n.js';
import { invoke } from './ipc.js';
import { languageName, memberStates, UN_LANGUAGES } from './template.js';

const DEFAULT_CYCLE = 'IMRF 2026';

/** Lower case without accents, so "cote" finds "Côte d'Ivoire". */
function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The Member States matching `query`: names that start with it first, then the others. */
function matches(all, query) {
  const q = fold(query.trim());
  if (!q) return all;
  const rank = (ms) => {
    const names = [fold(ms.name), fold(ms.english)];
    if (names.some((n) => n.startsWith(q)) || ms.code.toLowerCase() === q) return 0;
    if (names.some((n) => n.split(/[\s(-]+/).some((word) => word.startsWith(q)))) return 1;
    return names.some((n) => n.includes(q)) ? 2 : 3;
  };
  return all.map((ms) => [rank(ms), ms]).filter(([r]) => r < 3).sort((a, b) => a[0] - b[0]).map(([, ms]) => ms);
}

function field(label, control, hint) {
  return h('div', { class: 'form-field' }, label, hint, control);
}

/** In the search box, Down goes to the list of matches and Enter, once one is chosen, on to the cycle. */
function searchKeys(event, picker, cycle) {
  if (event.key === 'ArrowDown' && picker.options.length) {
    event.preventDefault();
    if (!picker.value) picker.selectedIndex = 0;
    picker.focus();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (picker.value) cycle.focus();
  }
}

/** Opens the dialog; `onCreated(summary)` runs after the review is created. */
export function openNewReview({ onCreated }) {
  document.getElementById('new-review-dialog')?.remove();
  const all = memberStates();
  const search = h('input', {
    type: 'text', id: 'member-state-search', autocomplete: 'off', spellcheck: 'false', dir: 'auto',
    'aria-controls': 'member-state', 'aria-describedby': 'member-state-hint member-state-count',
  });
  const picker = h('select', { id: 'member-state', size: '8', 'aria-labelledby': 'member-state-list-label', 'aria-describedby': 'member-state-count' });
  const count = h('p', { id: 'member-state-count', class: 'help', 'aria-live': 'polite' });
  const cycle = h('input', { type: 'text', id: 'cycle', dir: 'auto', value: DEFAULT_CYCLE, autocomplete: 'off' });
  const reviewLanguage = h('select', { id: 'review-language' },
    UN_LANGUAGES.map((code) => h('option', { value: code }, languageName(code))));
  reviewLanguage.value = UN_LANGUAGES.includes(language()) ? language() : 'en';
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'create-review', class: 'primary' }, t('newReview.create'));

  function filter() {
    const chosen = picker.value;
    const found = matches(all, search.value);
    replace(picker, found.map((ms) => h('option', { value: ms.code }, ms.name)));
    picker.value = found.some((ms) => ms.code === chosen) ? chosen : (search.value.trim() && found[0]?.code) || '';
    count.textContent = found.length
      ? t('newReview.matches', { count: found.length, formatted: formatNumber(found.length) })
      : t('newReview.noMatch', { query: search.value.trim() });
  }

  search.addEventListener('input', filter);
  search.addEventListener('keydown', (event) => searchKeys(event, picker, cycle));

  const form = h('form', { class: 'dialog-form', novalidate: true, onSubmit: create },
    h('h2', { id: 'new-review-title' }, t('newReview.title')),
    field(h('label', { for: 'member-state-search' }, t('newReview.memberState')), [search,
      h('p', { id: 'member-state-list-label', class: 'help' }, t('newReview.memberStateList')), picker, count],
    h('p', { id: 'member-state-hint', class: 'help' }, t('newReview.memberStateHint'))),
    field(h('label', { for: 'cycle' }, t('newReview.cycle')), cycle, h('p', { class: 'help', id: 'cycle-hint' }, t('newReview.cycleHint'))),
    field(h('label', { for: 'review-language' }, t('newReview.language')), reviewLanguage, h('p', { class: 'help' }, t('newReview.languageHint'))),
    error,
    h('div', { class: 'button-row' }, submit,
      h('button', { type: 'button', id: 'cancel-review', onClick: () => dialog.close() }, t('dialog.cancel'))));
  cycle.setAttribute('aria-describedby', 'cycle-hint');
  const dialog = h('dialog', { id: 'new-review-dialog', class: 'dialog dialog-wide', 'aria-labelledby': 'new-review-title' }, form);
  const opener = document.activeElement;

  async function create(event) {
    event.preventDefault();
    error.textContent = '';
    if (!picker.value) return fail(t('newReview.chooseState'), search);
    if (!cycle.value.trim()) return fail(t('newReview.enterCycle'), cycle);
    submit.disabled = true;
    try {
      const summary = await invoke('review_create', { memberState: picker.value, cycle: cycle.value.trim(), language: reviewLanguage.value });
      dialog.close();
      onCreated(summary);
    } catch (err) {
      fail(t('newReview.failed', { reason: describeError(err) }), submit);
    } finally {
      submit.disabled = false;
    }
  }

  function fail(message, focusTarget) {
    error.textContent = message;
    focusTarget.focus();
  }

  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  filter();
  document.body.append(dialog);
  dialog.showModal();
  search.focus();
}
