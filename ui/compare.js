/**
 * Comparing two revisions of a review: a dialog that lists, per field, what changed, word by
 * word, either inline (deletions struck through, insertions underlined) or side by side (the
 * earlier revision on one side, the later on the other), each field with the contributing
 * entity that wrote its later text, if one did. The core computes the differences
 * (`compare_authors`); this module only renders them, always as text.
 *
 *   showCompare(reviewId, 12, 15)                     // from revision 12 to revision 15
 *   showCompare(reviewId, 9, 15, 'Since last submission')
 *   showCompare(reviewId, 9, 15, 'Since this approval', () => invoke('approval_changes', ...))
 */

import { h, prefs, replace, srOnly } from './dom.js';
import { describeError, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { optionsFor, parsePath, pathLabel } from './template.js';
import { notify } from './widgets/dialogs.js';

const LAYOUT_PREF = 'compare.layout';

/** Field kinds the UI shows with its own labels (in the UI language) rather than the core's text. */
const VALUE_KINDS = new Set(['bool', 'choice', 'multi']);

/** A chunk's text as a node: kept text as it is, deletions in <del>, insertions in <ins>. */
function chunkNode(chunk) {
  if (chunk.op === 'delete') return h('del', {}, srOnly(t('compare.deleted')), chunk.text);
  if (chunk.op === 'insert') return h('ins', {}, srOnly(t('compare.inserted')), chunk.text);
  return chunk.text;
}

/** The labels a bool, choice or multi answer shows, in the UI language and template order. */
function valueLabels(field, value) {
  if (value === null || value === undefined || value === false || value === '') return [];
  if (field.kind === 'bool') return value === true ? [t('value.yes')] : [];
  const options = optionsFor(field);
  const label = (v) => options.find((o) => o.value === v)?.label ?? String(v);
  if (field.kind === 'choice') return [label(value)];
  const chosen = Array.isArray(value) ? value : [value];
  const order = (v) => {
    const index = options.findIndex((o) => o.value === v);
    return index === -1 ? options.length : index;
  };
  return [...new Set(chosen)].filter((v) => v !== '').sort((a, b) => order(a) - order(b)).map(label);
}

/** Chunks over whole labels: kept, removed, added (for choices, options and yes/no). */
function labelChunks(field, before, after) {
  const old = valueLabels(field, before);
  const now = valueLabels(field, after);
  if (field.kind !== 'multi') {
    return [...old.map((text) => ({ op: 'delete', text })), ...now.map((text) => ({ op: 'insert', text }))];
  }
  const all = [...old, ...now.filter((l) => !old.includes(l))];
  return all.map((text) => ({ op: !now.includes(text) ? 'delete' : !old.includes(text) ? 'insert' : 'equal', text }));
}

/** One side (or both, inline) of a field's difference. `keep`: the ops to show. */
function textView(chunks, keep) {
  const shown = chunks.filter((c) => keep.includes(c.op));
  if (!shown.length) return h('p', { class: 'ro-empty' }, t('value.empty'));
  return h('div', { class: 'diff-text', dir: 'auto' }, shown.map(chunkNode));
}

function listView(chunks, keep) {
  const shown = chunks.filter((c) => keep.includes(c.op));
  if (!shown.length) return h('p', { class: 'ro-empty' }, t('value.empty'));
  return h('ul', { class: 'diff-list' }, shown.map((c) => h('li', { dir: 'auto' }, chunkNode(c))));
}

/**
 * The rendering of one field's difference (a `FieldDiff`) in the chosen layout; `heads` are
 * the two columns' headings side by side ("Revision 12", "Revision 15"; "Yours", "Theirs").
 * The merge preview's conflicts (./merge.js) are drawn by it too.
 */
export function fieldDiff(d, sideBySide, heads) {
  const field = parsePath(d.path).field;
  const byLabel = field && VALUE_KINDS.has(field.kind);
  const chunks = byLabel ? labelChunks(field, d.before, d.after) : (d.words ?? []);
  const view = byLabel ? listView : textView;
  const label = pathLabel(d.path);
  const headingId = `diff-${String(d.path).replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const body = sideBySide
    ? h('div', { class: 'diff-columns' },
      h('div', { class: 'diff-column diff-before' },
        h('p', { class: 'diff-column-head' }, heads[0]),
        view(chunks, ['equal', 'delete'])),
      h('div', { class: 'diff-column diff-after' },
        h('p', { class: 'diff-column-head' }, heads[1]),
        view(chunks, ['equal', 'insert'])))
    : view(chunks, ['equal', 'delete', 'insert']);
  return h('section', { class: 'diff-field', 'data-diff-field': d.path, 'data-change': d.change, 'aria-labelledby': headingId },
    h('h3', { id: headingId, title: d.path },
      h('span', { class: 'diff-label', dir: 'auto' }, label),
      d.change ? h('span', { class: `diff-change ${d.change}` }, t(`compare.change.${d.change}`)) : null,
      d.changedBy?.by === 'entity' ? h('span', { class: 'diff-author', 'data-changed-by': d.changedBy.id, dir: 'auto' }, t('compare.changedBy', { name: d.changedBy.name })) : null),
    body);
}

/**
 * Opens the comparison of revision `a` with revision `b` of review `reviewId` in a dialog.
 * `title` replaces the default heading ("Changes from revision a to revision b"); `load`
 * replaces the core call that computes the differences (`compare_revisions`). Resolves
 * once the dialog is open; focus returns to where it was when the dialog closes.
 */
export async function showCompare(reviewId, a, b, title, load = null) {
  document.getElementById('compare-dialog')?.remove();
  const opener = document.activeElement;
  let diffs = null;
  let sideBySide = prefs.get(LAYOUT_PREF, 'inline') === 'columns';

  const status = h('p', { class: 'compare-status', role: 'status' }, t('compare.loading'));
  const result = h('div', { class: 'compare-result', 'data-compare': '', 'aria-busy': 'true' });
  const toggle = h('button', { type: 'button', 'data-action': 'compare-layout', 'aria-pressed': String(sideBySide), onClick: switchLayout }, t('compare.sideBySide'));

  function render() {
    toggle.setAttribute('aria-pressed', String(sideBySide));
    result.classList.toggle('side-by-side', sideBySide);
    if (!diffs) return;
    result.removeAttribute('aria-busy');
    status.textContent = diffs.length ? t('compare.count', { count: diffs.length, formatted: formatNumber(diffs.length) }) : '';
    replace(result, diffs.length
      ? diffs.map((d) => fieldDiff(d, sideBySide, [t('compare.before', { number: a }), t('compare.after', { number: b })]))
      : h('p', { class: 'compare-none' }, t('compare.none')));
  }

  function switchLayout() {
    sideBySide = !sideBySide;
    prefs.set(LAYOUT_PREF, sideBySide ? 'columns' : 'inline');
    render();
  }

  const dialog = h('dialog', { id: 'compare-dialog', class: 'dialog dialog-compare', 'aria-labelledby': 'compare-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'compare-title', tabindex: '-1', dir: 'auto' }, title || t('compare.title', { a, b })),
      h('button', { type: 'button', class: 'close', 'aria-label': t('compare.close'), title: t('compare.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('div', { class: 'compare-tools' }, status, toggle),
    result,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'compare-close', class: 'primary', onClick: () => dialog.close() }, t('compare.closeButton'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  render();
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#compare-title').focus();

  try {
    // The differences with who wrote each later text (an entity's merged contribution, or here),
    // or what the caller loads (the changes since an approval).
    diffs = await (load ? load() : invoke('compare_authors', { id: reviewId, a: Number(a), b: Number(b) }));
  } catch (error) {
    result.removeAttribute('aria-busy');
    status.textContent = '';
    replace(result, h('p', { class: 'error-text', role: 'alert' }, t('compare.failed', { reason: describeError(error) })));
    if (!dialog.open) notify(t('compare.failed', { reason: describeError(error) }), 'error');
    return;
  }
  render();
}
