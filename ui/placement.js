/**
 * The placement view (`#placement-dialog`, the whole window): the document's blocks in their
 * order on one side, each with the field the core proposed, why, and a choice of another field
 * or none; on the other side the template's fields with how many blocks each receives (the
 * empty ones marked), and the blocks no field gets. Apply sends the plan with the fields chosen;
 * the core checks it all again and writes the review in one transaction.
 */

import { notify } from './widgets/dialogs.js';
import { h, replace } from './dom.js';
import { describeError, formatNumber, localised, t } from './i18n.js';
import { invoke } from './ipc.js';
import { objective, objectiveTitle, objectives, pathLabel, sectionTitle, sections } from './template.js';

/** The kinds of field a document's text can go to; the core refuses the others. */
const TEXT_KINDS = new Set(['richtext', 'text', 'table']);
/** Up to this many blocks, every choice list is built at once; beyond, when it comes near. */
const EAGER_BLOCKS = 400;

/**
 * The fields a block can go to, grouped as the template groups them:
 * `[{ id, title, objective, paths: [{ path, label }] }]`.
 */
function fieldGroups() {
  const groups = [];
  for (const s of sections()) {
    if (s.id === 'cover') continue;
    const fields = (s.fields ?? []).filter((f) => TEXT_KINDS.has(f.kind));
    if (!fields.length) continue;
    const numbers = s.repeat === 'objectives' ? objectives().map((o) => o.number) : [null];
    for (const number of numbers) {
      const prefix = number === null ? s.id : `${s.id}.${number}`;
      groups.push({
        id: prefix,
        title: number === null ? sectionTitle(s) : objectiveTitle(objective(number)),
        objective: number,
        // In an objective, the label names it: a closed list shows "Challenges (objective 7)".
        paths: fields.map((f) => {
          const path = `${prefix}.${f.id}`;
          return { path, label: number === null ? localised(f.label) : pathLabel(path), short: localised(f.label) };
        }),
      });
    }
  }
  return groups;
}

/** Whether a block is a heading that only gives structure (opens a section or objective). */
function isStructure(block) {
  return block.kind === 'heading' && Boolean(block.heading);
}

/** The choices every block's list offers, built once and copied into each. */
function choiceTemplate(groups) {
  const fragment = document.createDocumentFragment();
  fragment.append(h('option', { value: '' }, t('placement.leaveOut')));
  for (const group of groups) {
    fragment.append(h('optgroup', { label: group.title },
      group.paths.map((p) => h('option', { value: p.path }, p.label))));
  }
  return fragment;
}

/** The text for "no field" in a block's list: a structure heading is not left out. */
function noneLabel(block) {
  return isStructure(block) ? t('placement.structureOnly') : t('placement.leaveOut');
}

/**
 * A block's list of fields. In a long document it holds only its current choice until it is
 * focused or scrolled near (`fill`), so thousands of blocks do not each build a hundred options.
 */
function blockSelect(block, template, known, onChange) {
  const select = h('select', {
    id: `placement-select-${block.id}`, 'data-block': String(block.id),
    'aria-describedby': `placement-preview-${block.id} placement-proposal-${block.id}`,
  });
  const unknown = block.field && !known.has(block.field)
    ? h('option', { value: block.field }, pathLabel(block.field)) : null;
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    const value = select.value;
    replace(select, template.cloneNode(true), unknown);
    select.options[0].textContent = noneLabel(block);
    select.value = value;
  };
  replace(select, h('option', { value: '' }, noneLabel(block)),
    block.field ? h('option', { value: block.field }, pathLabel(block.field)) : null);
  select.value = block.field ?? '';
  select.addEventListener('focus', fill);
  select.addEventListener('change', () => onChange(block.id, select.value || null));
  return { select, fill };
}

function kindLabel(kind) {
  return t(`placement.kind.${kind}`);
}

/** What the core proposed for a block, in words. */
function proposalText(block) {
  if (block.field) return t('placement.proposed', { field: pathLabel(block.field) });
  if (isStructure(block)) return t('placement.opens', { part: pathLabel(block.heading) });
  return t('placement.proposedNone');
}

/** One block of the document: its kind, its text, the proposal and why, the choice. */
function blockItem(block, choice) {
  const label = h('label', { for: choice.select.id }, t('placement.goesTo'));
  return h('li', {
    class: ['placement-block', isStructure(block) ? 'structure' : null],
    id: `placement-block-${block.id}`, 'data-block-id': String(block.id), 'data-kind': block.kind,
  },
  h('div', { class: 'block-text' },
    h('p', { class: 'block-head' },
      h('span', { class: 'block-kind' }, kindLabel(block.kind)),
      h('span', { class: 'block-moved' }, t('placement.moved'))),
    h('p', { class: 'block-preview', id: `placement-preview-${block.id}`, dir: 'auto' }, block.preview),
    h('p', { class: 'block-proposal', id: `placement-proposal-${block.id}` }, proposalText(block)),
    block.reason ? h('p', { class: 'block-reason', lang: 'en', dir: 'auto' }, block.reason) : null),
  h('div', { class: 'block-choice' }, label, choice.select));
}

/** A field of the template and how many blocks it receives now. */
function fieldItem(path, label) {
  return h('li', { class: 'placement-field', 'data-receives': path, 'data-count': '0' },
    h('span', { class: 'field-name', dir: 'auto' }, label),
    h('span', { class: 'field-count' }));
}

/** Shows `count` on a field's line: how many blocks, or "empty". */
function showCount(item, count) {
  item.dataset.count = String(count);
  item.classList.toggle('stays-empty', count === 0);
  item.querySelector('.field-count').textContent = count
    ? t('placement.blocks', { count, formatted: formatNumber(count) })
    : t('placement.empty');
}

/**
 * The template's side: a group per section (and per objective, folded while it receives
 * nothing) with a line per field.
 */
function fieldsPanel(groups) {
  const items = new Map();
  const folds = [];
  const content = groups.map((group) => {
    const list = h('ul', { class: 'placement-fields' }, group.paths.map((p) => {
      const item = fieldItem(p.path, p.short);
      items.set(p.path, item);
      return item;
    }));
    if (group.objective === null) {
      return h('section', { class: 'placement-group', 'data-group': group.id },
        h('h4', { dir: 'auto' }, group.title), list);
    }
    const count = h('span', { class: 'group-count' });
    const fold = h('details', { class: 'placement-group objective', 'data-group': group.id },
      h('summary', {}, h('span', { dir: 'auto' }, group.title), count), list);
    folds.push({ fold, count, paths: group.paths.map((p) => p.path) });
    return fold;
  });
  function update(counts) {
    for (const [path, item] of items) showCount(item, counts.get(path) ?? 0);
    for (const { fold, count, paths } of folds) {
      const blocks = paths.reduce((n, p) => n + (counts.get(p) ?? 0), 0);
      count.textContent = blocks ? t('placement.blocks', { count: blocks, formatted: formatNumber(blocks) }) : t('placement.empty');
      fold.classList.toggle('stays-empty', blocks === 0);
      if (blocks && !fold.dataset.seen) fold.open = true;
      fold.dataset.seen = blocks ? 'true' : '';
    }
  }
  return { el: h('div', { class: 'placement-template' }, content), update };
}

/** The blocks no field gets (left out by the proposal or by the user): each a way to it. */
function unplacedPanel(onPick) {
  const title = h('h3', { id: 'placement-unplaced-title' });
  const list = h('ul', { class: 'placement-unplaced-list' });
  const el = h('section', { id: 'placement-unplaced', class: 'placement-unplaced', 'aria-labelledby': 'placement-unplaced-title' },
    title, h('p', { class: 'help' }, t('placement.unplacedHint')), list);
  function update(blocks) {
    title.textContent = t('placement.unplacedTitle', { count: blocks.length, formatted: formatNumber(blocks.length) });
    el.dataset.count = String(blocks.length);
    replace(list, blocks.length
      ? blocks.map((b) => h('li', { 'data-unplaced': String(b.id) },
        h('span', { class: 'block-kind' }, kindLabel(b.kind)), ' ',
        h('button', { type: 'button', class: 'link', dir: 'auto', onClick: () => onPick(b.id) }, b.preview || '…')))
      : h('li', { class: 'help' }, t('placement.allPlaced')));
  }
  return { el, update };
}

/** "34 blocks · 13 fields receive text · 5 not placed". */
function summaryText(blocks, fields, unplaced) {
  return [
    t('placement.blocks', { count: blocks, formatted: formatNumber(blocks) }),
    t('placement.fieldsCount', { count: fields, formatted: formatNumber(fields) }),
    t('placement.unplacedCount', { count: unplaced, formatted: formatNumber(unplaced) }),
  ].join(' · ');
}

/** Fills each block's list once it comes near the visible part of the dialog. */
function fillWhenNear(root, choices) {
  if (choices.length <= EAGER_BLOCKS || typeof IntersectionObserver !== 'function') {
    choices.forEach((c) => c.fill());
    return;
  }
  const byElement = new Map(choices.map((c) => [c.select, c]));
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      byElement.get(entry.target)?.fill();
      observer.unobserve(entry.target);
    }
  }, { root, rootMargin: '600px 0px' });
  choices.forEach((c) => observer.observe(c.select));
}

/** The dialog around the parts: head, the file and its notices, the two columns, the foot. */
function placementDialog(chosen, { summary, blockList, unplaced, fields, error, apply }) {
  const { proposal } = chosen;
  const close = () => dialog.close();
  const pages = proposal.pages
    ? ` · ${t('placement.pages', { count: proposal.pages, formatted: formatNumber(proposal.pages) })}` : '';
  const dialog = h('dialog', { id: 'placement-dialog', class: 'dialog dialog-placement', 'aria-labelledby': 'placement-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'placement-title', tabindex: '-1' }, t('placement.title')),
      h('button', { type: 'button', class: 'close', 'aria-label': t('import.close'), title: t('import.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('p', { class: 'import-file', dir: 'auto' }, chosen.name, pages),
    h('p', { class: 'help' }, t('placement.intro')),
    proposal.notices?.length
      ? h('ul', { class: 'placement-notices', lang: 'en' }, proposal.notices.map((n) => h('li', { dir: 'auto' }, n)))
      : null,
    summary,
    h('div', { class: 'placement-body' },
      h('section', { class: 'placement-column', 'aria-labelledby': 'placement-blocks-title' },
        h('h3', { id: 'placement-blocks-title' }, t('placement.documentTitle')), blockList),
      h('section', { class: 'placement-column', 'aria-labelledby': 'placement-fields-title' },
        unplaced.el,
        h('h3', { id: 'placement-fields-title' }, t('placement.fieldsTitle')), fields.el)),
    error,
    h('div', { class: 'button-row dialog-foot' }, apply,
      h('button', { type: 'button', id: 'placement-cancel', onClick: close }, t('dialog.cancel'))));
  return dialog;
}

/** The notice after applying: where the text came from, and what was left out and kept. */
function doneMessage(outcome) {
  const count = outcome.leftOut.length;
  return count
    ? t('placement.doneLeftOut', { file: outcome.file, count, formatted: formatNumber(count) })
    : t('placement.done', { file: outcome.file });
}

/**
 * Opens the placement view for a document the core read: `chosen` `{ name, handle, proposal }`
 * from `document_choose`; `ctx` `{ language, opener, onImported(id) }`.
 */
export function openPlacement(chosen, ctx) {
  document.getElementById('placement-dialog')?.remove();
  const { proposal } = chosen;
  const blocks = proposal.plan.blocks.map((b) => ({ ...b }));
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const chosenField = new Map(blocks.map((b) => [b.id, b.field ?? null]));
  const groups = fieldGroups();
  const known = new Set(groups.flatMap((g) => g.paths.map((p) => p.path)));
  const template = choiceTemplate(groups);
  const choices = blocks.map((b) => blockSelect(b, template, known, change));
  const items = new Map(blocks.map((b, i) => [b.id, blockItem(b, choices[i])]));
  const parts = {
    summary: h('p', { id: 'placement-summary', class: 'placement-summary', role: 'status' }),
    blockList: h('ol', { class: 'placement-blocks' }, [...items.values()]),
    unplaced: unplacedPanel(pick),
    fields: fieldsPanel(groups),
    error: h('p', { id: 'placement-error', class: 'form-error', role: 'alert', dir: 'auto' }),
    apply: h('button', { type: 'button', id: 'placement-apply', class: 'primary', onClick: run },
      t(proposal.plan.into ? 'placement.applyInto' : 'placement.apply')),
  };
  const dialog = placementDialog(chosen, parts);

  function change(id, field) {
    chosenField.set(id, field);
    mark(byId.get(id));
    refresh();
  }

  /** Marks a block placed, left out or structure, and whether it moved from the proposal. */
  function mark(block) {
    const field = chosenField.get(block.id);
    const item = items.get(block.id);
    item.dataset.state = field ? 'placed' : (isStructure(block) ? 'structure' : 'left-out');
    item.dataset.moved = String(field !== (block.field ?? null));
  }

  /** Counts what each field receives now and lists the blocks no field gets. */
  function refresh() {
    const counts = new Map();
    for (const field of chosenField.values()) if (field) counts.set(field, (counts.get(field) ?? 0) + 1);
    const left = blocks.filter((b) => !chosenField.get(b.id) && !isStructure(b));
    parts.fields.update(counts);
    parts.unplaced.update(left);
    parts.summary.textContent = summaryText(blocks.length, counts.size, left.length);
  }

  function pick(id) {
    const select = dialog.querySelector(`[data-block="${id}"]`);
    select?.scrollIntoView({ block: 'center' });
    select?.focus();
  }

  /** Sends the plan with the fields chosen; the core checks it all and writes one revision. */
  async function run() {
    const { apply, error } = parts;
    apply.disabled = true;
    dialog.setAttribute('aria-busy', 'true');
    error.textContent = '';
    const plan = { ...proposal.plan, language: ctx.language ?? proposal.plan.language,
      blocks: blocks.map((b) => ({ ...b, field: chosenField.get(b.id) ?? null })) };
    try {
      const outcome = await invoke('document_apply', { handle: chosen.handle, plan });
      dialog.dataset.after = 'keep-focus';
      dialog.close();
      notify(doneMessage(outcome));
      ctx.onImported(outcome.id);
    } catch (err) {
      dialog.removeAttribute('aria-busy');
      apply.disabled = false;
      error.textContent = t('placement.failed', { reason: describeError(err) });
      apply.focus();
    }
  }

  dialog.addEventListener('close', () => {
    dialog.remove();
    if (dialog.dataset.after !== 'keep-focus' && ctx.opener?.isConnected) ctx.opener.focus();
  });
  blocks.forEach(mark);
  refresh();
  document.body.append(dialog);
  fillWhenNear(parts.blockList.parentElement, choices);
  dialog.showModal();
  dialog.querySelector('#placement-title').focus();
}
