/**
 * Merging a contribution back, on the coordinator's side: the preview of a response file, the
 * app's signed response or a Word form returned (`#merge-dialog`: fields taken, kept, the same,
 * in conflict, not assigned; for a Word document where it came from, the fields it gave no
 * answer for and what it held that is not taken), nothing applied
 * until "Merge" is confirmed; each conflict side by side, word by word (the comparison view,
 * ./compare.js), with "Take theirs", "Keep mine" and "Edit both together"; conflicts left open
 * stay listed on the review and are resolved later in `#conflicts-dialog`. The core merges.
 */

import { fieldDiff } from './compare.js';
import { h, replace } from './dom.js';
import { describeError, formatDate, formatDateTime, t } from './i18n.js';
import { invoke } from './ipc.js';
import { parsePath, pathLabel } from './template.js';
import { notify } from './widgets/dialogs.js';
import { fingerprintNode } from './widgets/fingerprint.js';
import { openModal } from './widgets/modal.js';

const TEXT_KINDS = new Set(['text', 'richtext']);

/**
 * One conflict side by side (`c`: `{ path, mine, theirs, words, comment }`), with its three
 * choices; `choices` (a Map of `key` → `{ take, read() }`) records the one made.
 */
export function conflictCard(c, entityName, choices, key = c.path) {
  const kind = parsePath(c.path).field?.kind ?? 'text';
  const both = h('textarea', { class: 'merge-both', rows: 6, dir: 'auto', 'data-both-for': c.path, 'aria-label': t('merge.bothLabel', { field: pathLabel(c.path) }), hidden: true });
  both.value = [c.mine, c.theirs].filter((v) => typeof v === 'string' && v.trim()).join('\n\n');
  const card = h('section', { class: 'conflict-card', 'data-conflict': c.path });
  const choose = (take) => {
    card.dataset.resolution = take;
    for (const b of card.querySelectorAll('[data-resolve]')) b.setAttribute('aria-pressed', String(b.dataset.resolve === take));
    both.hidden = take !== 'both';
    if (take === 'both') both.focus();
    choices.set(key, take === 'both' ? { take, read: () => both.value } : { take });
  };
  const button = (take, label) => h('button', { type: 'button', 'data-resolve': take, 'aria-pressed': 'false', onClick: () => choose(take) }, label);
  replace(card,
    fieldDiff({ path: c.path, change: null, before: c.mine, after: c.theirs, words: c.words }, true,
      [t('merge.mine'), t('merge.theirs', { entity: entityName })]),
    c.comment ? h('p', { class: 'merge-comment', dir: 'auto' }, t('merge.comment', { comment: c.comment })) : null,
    h('div', { class: 'button-row' },
      button('theirs', t('merge.takeTheirs')),
      button('mine', t('merge.keepMine')),
      TEXT_KINDS.has(kind) ? button('both', t('merge.editBoth')) : null),
    both);
  return card;
}

/** The resolutions chosen, as the core reads them (`{ take }`, or `{ take: "both", value }`). */
function resolutions(choices) {
  return [...choices].map(([key, choice]) => [key, choice.take === 'both' ? { take: 'both', value: choice.read() } : { take: choice.take }]);
}

/** A list of fields; `comments` (path → text) adds the contributor's comment under each. */
function pathList(name, title, paths, comments = {}) {
  if (!paths?.length) return null;
  const item = (p) => (typeof p === 'string'
    ? h('li', { 'data-path': p }, pathLabel(p),
      comments[p] ? h('p', { class: 'merge-comment', dir: 'auto' }, t('merge.comment', { comment: comments[p] })) : null)
    : h('li', { 'data-path': p.path }, `${pathLabel(p.path)}: ${p.reason}`));
  return h('section', { class: 'merge-list', 'data-merge-list': name },
    h('h3', {}, t(title, { count: paths.length })),
    h('ul', {}, paths.map(item)));
}

function facts(chosen) {
  const p = chosen.preview;
  const c = p.contributor ?? {};
  const origin = p.word
    ? [h('dt', {}, t('merge.provenance')), h('dd', { id: 'merge-provenance', dir: 'auto', 'data-provenance': p.provenance }, t('merge.wordFrom', { entity: p.entityName, date: formatDate(p.returned.slice(0, 10)) }))]
    : [h('dt', {}, t('merge.returnedBy')), h('dd', { dir: 'auto' }, [c.name, c.title, p.entityName].filter(Boolean).join(', '), ' · ', formatDateTime(p.returned)),
      h('dt', {}, t('merge.key')), h('dd', {}, fingerprintNode(p.fingerprint, { id: 'merge-fingerprint' }), ' ', t(`merge.trust.${p.trust}`))];
  return h('dl', { class: 'facts' },
    h('dt', {}, t('merge.file')), h('dd', { dir: 'auto' }, chosen.name),
    origin,
    h('dt', {}, t('merge.base')), h('dd', {}, t('merge.baseText', { base: p.baseRevision, head: p.head })));
}

/** What reading a Word document found: the fields it gave no answer for, what is not taken. */
function wordLists(word) {
  if (!word) return null;
  return [
    word.noAnswer.length ? h('section', { class: 'merge-list', 'data-merge-list': 'no-answer' },
      h('h3', {}, t('merge.noAnswer', { count: word.noAnswer.length })),
      h('p', { class: 'help' }, t('merge.noAnswerHint')),
      h('ul', {}, word.noAnswer.map((p) => h('li', { 'data-path': p }, pathLabel(p))))) : null,
    word.notTaken.length ? h('section', { class: 'merge-list', 'data-merge-list': 'not-taken' },
      h('h3', {}, t('merge.notTaken', { count: word.notTaken.length })),
      h('p', { class: 'help' }, t('merge.notTakenHint')),
      h('ul', {}, word.notTaken.map((n) => h('li', { 'data-path': n.path ?? '', dir: 'auto' }, n.path ? `${pathLabel(n.path)}: ${n.what}` : n.what)))) : null,
  ];
}

/**
 * Asks for a response file (a native dialog) and shows its merge into review `ctx.id`.
 * `ctx`: `{ id, flush(), merged(outcome) }`; `merged` runs after the merge was applied.
 */
export async function openMerge(ctx) {
  if (!(await ctx.flush())) return void notify(t('history.saveFirst'), 'error');
  let chosen;
  try {
    chosen = await invoke('merge_choose', { id: ctx.id });
  } catch (error) {
    return void notify(t('merge.refused', { reason: describeError(error) }), 'error');
  }
  if (!chosen) return;
  const p = chosen.preview;
  const choices = new Map();
  const m = { busy: false };
  const modal = openModal({ id: 'merge-dialog', title: t('merge.title', { entity: p.entityName }), className: 'dialog-merge', busy: () => m.busy });
  const consent = p.keyChange ? h('input', { type: 'checkbox', id: 'merge-consent' }) : null;
  const status = h('p', { id: 'merge-status', class: 'form-status', role: 'status' });
  const confirm = h('button', { type: 'button', id: 'merge-confirm', class: 'primary', disabled: p.mergedBefore !== null && p.mergedBefore !== undefined, onClick: () => apply() }, t('merge.confirm'));
  const conflicts = p.fields.filter((f) => f.outcome === 'conflict');
  replace(modal.body,
    facts(chosen),
    p.keyChange ? h('div', { class: 'import-consent', role: 'alert' }, h('p', { dir: 'auto' }, p.keyChange),
      h('div', { class: 'check-row' }, consent, h('label', { for: 'merge-consent' }, t('merge.consent')))) : null,
    p.supersededBy ? h('p', { class: 'notice-line', 'data-superseded': p.supersededBy }, t('merge.superseded')) : null,
    p.mergedBefore ? h('p', { class: 'form-error', role: 'alert' }, t('merge.mergedBefore', { number: p.mergedBefore })) : null,
    h('p', { class: 'help' }, t('merge.nothingYet')),
    pathList('taken', 'merge.taken', p.taken, Object.fromEntries(p.fields.filter((f) => f.comment).map((f) => [f.path, f.comment]))),
    pathList('kept', 'merge.kept', p.kept),
    pathList('same', 'merge.same', p.same),
    conflicts.length ? h('section', { class: 'merge-list', 'data-merge-list': 'conflicts' },
      h('h3', {}, t('merge.conflicts', { count: conflicts.length })),
      h('p', { class: 'help' }, t('merge.conflictsHint')),
      conflicts.map((f) => conflictCard(f, p.entityName, choices))) : null,
    pathList('unassigned', 'merge.unassigned', p.unassigned),
    pathList('unplaced', 'merge.unplaced', p.unplaced),
    wordLists(p.word),
    status,
    h('div', { class: 'button-row dialog-foot' }, confirm,
      h('button', { type: 'button', id: 'merge-cancel', onClick: () => modal.close() }, t('dialog.cancel'))));

  async function apply() {
    if (consent && !consent.checked) {
      status.textContent = t('merge.consentNeeded');
      return void consent.focus();
    }
    m.busy = true;
    confirm.disabled = true;
    status.textContent = t('merge.merging');
    try {
      const decision = { head: p.head, resolutions: Object.fromEntries(resolutions(choices)), consent: consent?.checked ? p.fingerprint : null };
      const outcome = await invoke('merge_confirm', { id: ctx.id, handle: chosen.handle, decision });
      m.busy = false;
      replace(modal.body, h('section', { id: 'merge-result', tabindex: '-1', 'data-revision': outcome.revision, 'data-open': outcome.open.length },
        h('p', {}, t('merge.done', { number: outcome.revision, taken: outcome.taken.length, kept: outcome.kept.length, resolved: outcome.resolved.length, open: outcome.open.length })),
        outcome.open.length ? h('p', { class: 'help' }, t('merge.leftOpen')) : null,
        h('div', { class: 'button-row dialog-foot' }, h('button', { type: 'button', id: 'merge-close', class: 'primary', onClick: () => modal.close() }, t('dialog.close')))));
      modal.body.querySelector('#merge-result').focus();
      ctx.merged(outcome);
    } catch (error) {
      m.busy = false;
      confirm.disabled = false;
      status.textContent = t('merge.failed', { reason: describeError(error) });
    }
  }
}

/**
 * The conflicts left open on review `ctx.id` (`#conflicts-dialog`), each side by side with its
 * three choices; "Resolve" applies the choices made, the others stay open. `ctx`: `{ id,
 * flush(), resolved(outcome) }`.
 */
export async function openConflicts(ctx) {
  if (!(await ctx.flush())) return void notify(t('history.saveFirst'), 'error');
  let open;
  try {
    open = await invoke('conflicts_open', { id: ctx.id });
  } catch (error) {
    return void notify(describeError(error), 'error');
  }
  const choices = new Map();
  const modal = openModal({ id: 'conflicts-dialog', title: t('conflicts.title', { count: open.length }), className: 'dialog-merge' });
  const status = h('p', { id: 'conflicts-status', class: 'form-status', role: 'status' });
  const apply = h('button', { type: 'button', id: 'conflicts-apply', class: 'primary', onClick: () => resolve() }, t('conflicts.apply'));
  replace(modal.body,
    open.length ? open.map((c) => h('div', { 'data-conflict-id': c.id },
      h('p', { class: 'meta' }, t('conflicts.from', { entity: c.entityName, number: c.openedRevision })),
      conflictCard(c, c.entityName, choices, String(c.id)))) : h('p', {}, t('conflicts.none')),
    status,
    h('div', { class: 'button-row dialog-foot' }, open.length ? apply : null,
      h('button', { type: 'button', id: 'conflicts-close', onClick: () => modal.close() }, t('dialog.close'))));

  async function resolve() {
    if (!choices.size) return void (status.textContent = t('conflicts.chooseFirst'));
    const byId = Object.fromEntries(resolutions(choices));
    apply.disabled = true;
    try {
      const outcome = await invoke('conflicts_resolve', { id: ctx.id, resolutions: byId });
      status.textContent = t('conflicts.resolved', { count: outcome.resolved.length, number: outcome.revision });
      status.dataset.resolved = String(outcome.resolved.length);
      ctx.resolved(outcome);
      modal.close();
      notify(t('conflicts.resolved', { count: outcome.resolved.length, number: outcome.revision }));
    } catch (error) {
      apply.disabled = false;
      status.textContent = t('merge.failed', { reason: describeError(error) });
    }
  }
}
