/**
 * Find and replace across the whole review (`#find-panel`, Ctrl+F and Ctrl+H): the core finds
 * the matches (`review_find`, as the reader sees the text; loose matching without case or
 * diacritics) and counts them per section and objective; Enter or Next shows the next one in
 * its field, the cursor staying in the search box; Replace changes the match shown, Replace all
 * every match, each as one save (`review_replace`), so one revision that History can restore.
 */

import { h, replace } from './dom.js';
import { describeError, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { navTitle } from './nav.js';
import { notify } from './widgets/dialogs.js';
import { sidePanel } from './widgets/panel.js';

const SEARCH_DELAY_MS = 250;

/**
 * Builds the panel. `ctx`: `{ id, flush(), version(), applyState(state), reveal(path),
 * handles(), close() }`. Returns `{ el, focus(replacing) }`.
 */
export function findPanel(ctx) {
  const f = { ctx, result: null, current: -1, timer: null, request: 0 };
  f.text = h('input', { type: 'search', id: 'find-text', dir: 'auto', autocomplete: 'off', maxlength: '500', 'aria-describedby': 'find-status' });
  f.with = h('input', { type: 'text', id: 'find-with', dir: 'auto', autocomplete: 'off', maxlength: '500' });
  f.loose = h('input', { type: 'checkbox', id: 'find-loose', checked: true });
  f.status = h('p', { id: 'find-status', class: 'find-status', role: 'status', 'aria-live': 'polite' });
  f.places = h('ul', { id: 'find-places', class: 'find-places' });
  f.next = h('button', { type: 'button', id: 'find-next', onClick: () => next(f) }, t('find.next'));
  f.one = h('button', { type: 'button', id: 'find-replace-one', onClick: () => replaceMatches(f, false) }, t('find.replaceOne'));
  f.all = h('button', { type: 'button', id: 'find-replace-all', class: 'primary', onClick: () => replaceMatches(f, true) }, t('find.replaceAll'));

  const search = () => {
    clearTimeout(f.timer);
    f.timer = setTimeout(() => run(f), SEARCH_DELAY_MS);
  };
  f.text.addEventListener('input', search);
  f.loose.addEventListener('change', () => run(f));
  f.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(f.timer);
      (f.result && f.result.query === queryOf(f) ? Promise.resolve() : run(f)).then(() => next(f));
    }
  });
  f.with.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      replaceMatches(f, false);
    }
  });

  const panel = sidePanel({ id: 'find-panel', title: t('editor.find'), close: () => { showMatch(f, null); ctx.close(); } });
  panel.body.append(
    h('div', { class: 'form-field' }, h('label', { for: 'find-text' }, t('find.label')), f.text),
    h('div', { class: 'form-field' }, h('label', { for: 'find-with' }, t('find.replaceLabel')), f.with),
    h('div', { class: 'toggle' }, f.loose, h('label', { for: 'find-loose' }, t('find.loose'))),
    h('div', { class: 'button-row' }, f.next, f.one, f.all),
    f.status,
    f.places);
  render(f);
  return {
    el: panel.el,
    focus: (replacing) => (replacing ? f.with : f.text).focus(),
  };
}

function queryOf(f) {
  return `${f.loose.checked ? 'loose' : 'exact'}:${f.text.value}`;
}

/** Asks the core for the matches of what is in the search box (pending edits saved first). */
async function run(f) {
  const mine = ++f.request;
  const text = f.text.value;
  const query = queryOf(f);
  if (!text.trim()) {
    f.result = null;
    f.current = -1;
    showMatch(f, null);
    render(f);
    return;
  }
  try {
    await f.ctx.flush();
    const result = await invoke('review_find', { id: f.ctx.id, text, loose: f.loose.checked });
    if (mine !== f.request) return;
    f.result = { ...result, query };
    f.current = -1;
    render(f);
  } catch (error) {
    if (mine === f.request) replace(f.status, t('find.failed', { reason: describeError(error) }));
  }
}

function render(f) {
  const { result } = f;
  const total = result?.total ?? 0;
  f.next.disabled = !total;
  f.one.disabled = f.current < 0;
  f.all.disabled = !total;
  if (!result) {
    replace(f.status);
    replace(f.places);
    return;
  }
  f.status.dataset.total = String(total);
  replace(f.status, !total ? t('find.none')
    : [t('find.count', { count: total, formatted: formatNumber(total) }),
      f.current >= 0 ? ` · ${t('find.position', { index: formatNumber(f.current + 1), total: formatNumber(total) })}` : '']);
  replace(f.places, result.places.map((p) => h('li', { 'data-place': p.place, 'data-count': String(p.count) },
    h('button', { type: 'button', class: 'link', onClick: () => jumpToPlace(f, p.place) }, navTitle(p.place)),
    h('span', { class: 'find-place-count' }, formatNumber(p.count)))));
}

/** Shows the next match (the first after the last one). */
function next(f) {
  const total = f.result?.total ?? 0;
  if (!total) return;
  f.current = (f.current + 1) % total;
  show(f);
}

function jumpToPlace(f, place) {
  const index = f.result?.matches.findIndex((m) => m.place === place) ?? -1;
  if (index < 0) return;
  f.current = index;
  show(f);
}

/** Brings the current match's field into view and marks the match; the focus stays here. */
function show(f) {
  const match = f.result.matches[f.current];
  f.ctx.reveal(match.path);
  showMatch(f, match);
  render(f);
}

/** Marks `match` in its field (the richtext editor marks the words; other fields are outlined). */
function showMatch(f, match) {
  for (const el of document.querySelectorAll('.find-current')) el.classList.remove('find-current');
  for (const handle of f.ctx.handles().values()) handle.showMatch?.(null);
  if (!match) return;
  const handle = f.ctx.handles().get(match.path);
  if (handle?.showMatch && match.row === null) {
    handle.showMatch(match);
    return;
  }
  const cell = match.row === null ? '' : `[data-row="${match.row}"][data-column="${CSS.escape(match.column)}"]`;
  const el = document.querySelector(`#main-pane [data-field="${CSS.escape(match.path)}"]${cell}`);
  if (!el) return;
  el.classList.add('find-current');
  el.scrollIntoView({ block: 'center' });
}

/** Replaces the match shown, or all of them, as one save; then searches again. */
async function replaceMatches(f, all) {
  const match = f.result?.matches[f.current];
  if (!f.result || (!all && !match)) return;
  const target = all ? { kind: 'all' }
    : { kind: 'one', path: match.path, row: match.row, column: match.column, index: match.index };
  const before = f.current;
  try {
    if (!(await f.ctx.flush())) return;
    const outcome = await invoke('review_replace', {
      id: f.ctx.id, baseVersion: f.ctx.version(), text: f.text.value, loose: f.loose.checked, with: f.with.value, target,
    });
    f.ctx.applyState(await invoke('review_open', { id: f.ctx.id }));
    if (all) notify(t('find.replaced', { count: outcome.replaced, formatted: formatNumber(outcome.replaced) }));
    await run(f);
    if (!all && f.result?.total) {
      f.current = (before - 1 + f.result.total) % f.result.total;
      next(f);
    }
  } catch (error) {
    notify(t('find.failed', { reason: describeError(error) }), 'error');
  }
}
