/**
 * The richtext editor: what you see is what the PDF prints. A ProseMirror editor over the
 * answer subset (./richtext-markdown.js) with a toolbar (bold, italic, bulleted and numbered
 * lists, link, and a table in the fields that take tables), Word's shortcuts (Ctrl+B, Ctrl+I,
 * Ctrl+K, Tab and Shift+Tab in lists, Ctrl+Z and Ctrl+Y), paste that keeps structure
 * (./richtext-paste.js), and a live word count that the core computes (`review_words`).
 * The stored value stays Markdown; the editor element answers `.value` with it.
 */

import { h, replace, throttle } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { fromMarkdown, safeHref, schema, toMarkdown } from './richtext-markdown.js';
import { pasteProps } from './richtext-paste.js';
import { spellcheckOn } from './spelling.js';
import {
  Decoration, DecorationSet, EditorState, EditorView, Plugin, PluginKey, TextSelection, baseKeymap,
  chainCommands, history, keymap, liftListItem, redo, sinkListItem, splitListItem, toggleMark, undo,
  wrapInList,
} from './vendor/prosemirror.js';

const WORD_COUNT_INTERVAL_MS = 300;

/** A "123 words / 800" line that asks the core for the count, at most every 300 ms. */
export function wordCounter(id, limit) {
  const el = h('p', { class: 'word-count', id });
  let request = 0;

  function show(count) {
    const over = Boolean(limit) && count > limit;
    el.classList.toggle('over', over);
    replace(el,
      t('words.count', { count, formatted: formatNumber(count) }),
      limit ? ` / ${formatNumber(limit)}` : '',
      over ? h('strong', {}, ` ${t('words.over', { count: count - limit, formatted: formatNumber(count - limit) })}`) : '',
    );
  }

  const count = throttle(async (text) => {
    const mine = ++request;
    try {
      const words = await invoke('review_words', { text });
      if (mine === request) show(words);
    } catch {
      /* the count is a help, not a gate: keep the last one */
    }
  }, WORD_COUNT_INTERVAL_MS);

  return { el, update: count };
}

/**
 * The editor states of the fields shown in this session, by review and field: coming back to
 * a field keeps its undo history (Ctrl+Z across autosaves and across sections).
 */
const sessions = new Map();

/** Replaces an input's value, keeping the caret where it was when the user is in it. */
export function setTextValue(input, next) {
  if (input.value === next) return;
  const focused = document.activeElement === input;
  const { selectionStart, selectionEnd } = input;
  input.value = next;
  if (focused) input.setSelectionRange(Math.min(selectionStart, next.length), Math.min(selectionEnd, next.length));
}

/* ---------- the match Find shows ---------- */

const findKey = new PluginKey('find');

/** Marks the match Find and replace shows (`span.find-hit`), without moving the focus. */
const findPlugin = () => new Plugin({
  key: findKey,
  state: {
    init: () => DecorationSet.empty,
    apply(tr, set) {
      const range = tr.getMeta(findKey);
      if (range === null) return DecorationSet.empty;
      if (range) return DecorationSet.create(tr.doc, [Decoration.inline(range.from, range.to, { class: 'find-hit' })]);
      return set.map(tr.mapping, tr.doc);
    },
  },
  props: { decorations: (state) => findKey.getState(state) },
});

/**
 * Where the `occurrence`-th `text` (from 0) is in `doc`, within one block's text, or null.
 * The core found the match and says which occurrence of its text it is; this only finds it.
 */
function locate(doc, text, occurrence) {
  let seen = 0;
  let found = null;
  doc.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found;
    const chars = [];
    node.forEach((child, offset) => {
      if (child.isText) for (let i = 0; i < child.text.length; i += 1) chars.push([child.text[i], pos + 1 + offset + i]);
      else chars.push(['\n', pos + 1 + offset]);
    });
    const line = chars.map((c) => c[0]).join('');
    let at = line.indexOf(text);
    while (at !== -1 && !found) {
      if (seen === occurrence) found = { from: chars[at][1], to: chars[at + text.length - 1][1] + 1 };
      seen += 1;
      at = line.indexOf(text, at + 1);
    }
    return false;
  });
  return found;
}

/* ---------- commands ---------- */

function inNode(state, name) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d -= 1) if ($from.node(d).type.name === name) return d;
  return 0;
}

/** Moves to the next (or previous) cell of a table; past the last, adds a row. */
function moveCell(dir) {
  return (state, dispatch) => {
    const depth = inNode(state, 'table');
    if (!depth) return false;
    const { $from } = state.selection;
    const table = $from.node(depth);
    const tableStart = $from.start(depth);
    const cells = [];
    table.descendants((node, pos) => {
      if (node.type.name === 'table_cell' || node.type.name === 'table_header') {
        cells.push(tableStart + pos);
        return false;
      }
      return true;
    });
    const cellDepth = depth + 2;
    const here = cells.indexOf($from.before(cellDepth));
    let target = here + dir;
    let tr = state.tr;
    if (target < 0) return true;
    if (target >= cells.length) {
      if (!dispatch) return true;
      const width = table.firstChild.childCount;
      const row = schema.nodes.table_row.create(null, Array.from({ length: width }, () => schema.nodes.table_cell.create()));
      const end = tableStart + table.content.size;
      tr = tr.insert(end, row);
      cells.push(...Array.from({ length: width }, (_, i) => end + 1 + i * 2));
      target = cells.length - width;
    }
    if (dispatch) dispatch(tr.setSelection(TextSelection.create(tr.doc, cells[target] + 1)).scrollIntoView());
    return true;
  };
}

/** A table of `columns` × 2 (a header row and a first row) where the cursor is. */
function insertTable(columns = 2) {
  return (state, dispatch) => {
    if (inNode(state, 'table') || inNode(state, 'list_item')) return false;
    const cells = (type) => Array.from({ length: columns }, () => schema.nodes[type].create());
    const table = schema.nodes.table.create(null, [
      schema.nodes.table_row.create(null, cells('table_header')),
      schema.nodes.table_row.create(null, cells('table_cell')),
    ]);
    if (dispatch) {
      const tr = state.tr.replaceSelectionWith(table);
      const start = tr.mapping.map(state.selection.from, -1);
      const $pos = tr.doc.resolve(Math.min(start + 3, tr.doc.content.size));
      dispatch(tr.setSelection(TextSelection.near($pos)).scrollIntoView());
    }
    return true;
  };
}

/** Turns the paragraphs into a list of `type`, or back into paragraphs when they already are one. */
function toggleList(type) {
  return (state, dispatch) => {
    const depth = inNode(state, 'list_item');
    if (depth) {
      const list = state.selection.$from.node(depth - 1);
      if (list.type === type) return liftListItem(schema.nodes.list_item)(state, dispatch);
      if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(depth - 1), type, { ...list.attrs }));
      return true;
    }
    return wrapInList(type)(state, dispatch);
  };
}

function editorKeys(ctl) {
  const item = schema.nodes.list_item;
  return {
    'Mod-b': toggleMark(schema.marks.strong),
    'Mod-i': toggleMark(schema.marks.em),
    'Mod-k': () => { ctl.openLink(); return true; },
    'Mod-z': undo,
    'Mod-y': redo,
    'Mod-Shift-z': redo,
    // Tab indents in a list and moves in a table; elsewhere it moves to the next control.
    Tab: chainCommands(moveCell(1), (state, dispatch) => inNode(state, 'list_item') > 0 && (sinkListItem(item)(state, dispatch) || true)),
    'Shift-Tab': chainCommands(moveCell(-1), (state, dispatch) => inNode(state, 'list_item') > 0 && (liftListItem(item)(state, dispatch) || true)),
    Enter: chainCommands((state) => inNode(state, 'table') > 0, splitListItem(item)),
  };
}

/* ---------- the control ---------- */

/**
 * Builds the toolbar, the editor and the counter. Returns `{ el, editor, set(value), focus(),
 * setReadOnly(bool) }`; `editor` is the element with `data-field` (its `.value` is the Markdown).
 * `tables`: whether the field takes tables. A read-only field (`readOnly`, or `data-readonly`
 * on the field's wrapper) shows its answer and keeps the toolbar off.
 */
export function richtextControl({ id, path, review, lang, value, limit, tables, readOnly, describedBy, labelledBy, onInput, onCommit }) {
  const counterId = `${id}-words`;
  const counter = wordCounter(counterId, limit);
  const ctl = { source: null, markdown: '', committed: '', readOnly: Boolean(readOnly), tables: Boolean(tables) };
  const mount = h('div', { class: 'rt-editor' });
  const notice = h('p', { class: 'rt-notice', role: 'status', 'aria-live': 'polite', hidden: true });
  const linkForm = linkEditor(ctl);
  const key = `${review ?? ''}|${path}`;

  const load = (text) => {
    const { doc, source } = fromMarkdown(text ?? '');
    ctl.source = source;
    ctl.markdown = text ?? '';
    return doc;
  };
  const kept = sessions.get(key);
  // The history plugin keeps its state across `reconfigure` (same key): undo goes on.
  const plugins = [history(), keymap(editorKeys(ctl)), keymap(baseKeymap), findPlugin()];
  let state;
  if (kept && kept.markdown === (value ?? '')) {
    state = kept.state.reconfigure({ plugins });
    ctl.source = kept.source;
    ctl.markdown = kept.markdown;
  } else {
    state = EditorState.create({ doc: load(value), plugins });
  }
  ctl.committed = ctl.markdown;

  const commit = () => {
    if (ctl.committed === ctl.markdown) return;
    ctl.committed = ctl.markdown;
    onCommit();
  };

  ctl.view = new EditorView({ mount }, {
    state,
    attributes: () => ({
      id,
      class: 'rt-content',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': labelledBy ?? '',
      'aria-describedby': [describedBy, counterId].filter(Boolean).join(' '),
      'aria-readonly': String(ctl.readOnly),
      'data-field': path,
      // The answer's own direction is its language's; each paragraph finds its own.
      dir: lang === 'ar' ? 'rtl' : 'ltr',
      lang: lang ?? '',
      spellcheck: spellcheckOn() ? 'true' : 'false',
    }),
    editable: () => !ctl.readOnly,
    ...pasteProps({ tables: () => ctl.tables, notice: (text) => showNotice(notice, text) }),
    handleDOMEvents: {
      blur: () => { commit(); return false; },
    },
    dispatchTransaction(tr) {
      const next = ctl.view.state.apply(tr);
      ctl.view.updateState(next);
      if (tr.docChanged) {
        ctl.markdown = toMarkdown(next.doc, ctl.source);
        counter.update(ctl.markdown);
        if (!tr.getMeta('fromStore')) onInput(ctl.markdown);
      }
      sessions.set(key, { state: next, source: ctl.source, markdown: ctl.markdown });
      ctl.refreshTools?.();
    },
  });
  Object.defineProperty(ctl.view.dom, 'value', { get: () => ctl.markdown, configurable: true });
  sessions.set(key, { state: ctl.view.state, source: ctl.source, markdown: ctl.markdown });

  const bar = toolbar(ctl, id);
  counter.update(ctl.markdown);
  const el = h('div', { class: 'richtext' }, bar, linkForm.el, mount, notice, counter.el);
  ctl.setReadOnly = (on) => {
    ctl.readOnly = Boolean(on);
    ctl.view.setProps({});
    bar.hidden = ctl.readOnly;
    el.classList.toggle('read-only', ctl.readOnly);
  };
  ctl.setReadOnly(ctl.readOnly);
  followWrapper(el, ctl);

  return {
    el,
    editor: ctl.view.dom,
    set(next) {
      const text = next ?? '';
      if (text === ctl.markdown) return;
      const doc = load(text);
      const tr = ctl.view.state.tr.replaceWith(0, ctl.view.state.doc.content.size, doc.content);
      tr.setMeta('fromStore', true).setMeta('addToHistory', false);
      ctl.view.dispatch(tr);
      ctl.markdown = text;
      ctl.committed = text;
      counter.update(text);
      sessions.set(key, { state: ctl.view.state, source: ctl.source, markdown: text });
    },
    focus: () => ctl.view.focus(),
    setReadOnly: (on) => ctl.setReadOnly(on),
    /** Shows a match of Find (`{ text, occurrence }`), or none (null); true when shown. */
    showMatch(match) {
      const range = match ? locate(ctl.view.state.doc, match.text, match.occurrence) : null;
      ctl.view.dispatch(ctl.view.state.tr.setMeta(findKey, range));
      if (range) ctl.view.domAtPos(range.from).node.parentElement?.scrollIntoView?.({ block: 'center' });
      return Boolean(range);
    },
  };
}

/** Follows `data-readonly` on the field's wrapper, which may be set after the field is drawn. */
function followWrapper(el, ctl) {
  requestAnimationFrame(() => {
    const wrapper = el.closest('.field');
    if (!wrapper) return;
    const apply = () => {
      const attr = wrapper.getAttribute('data-readonly');
      if (attr !== null) ctl.setReadOnly(attr !== 'false');
    };
    apply();
    new MutationObserver(apply).observe(wrapper, { attributes: true, attributeFilter: ['data-readonly'] });
  });
}

function showNotice(el, text) {
  el.textContent = text ?? '';
  el.hidden = !text;
}

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks || $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

function toolbar(ctl, id) {
  const run = (command) => {
    command(ctl.view.state, ctl.view.dispatch);
    ctl.view.focus();
  };
  // A one-letter face (B, I) is named by its full word; a tool that shows words ("1. List") is
  // named by them, so that speech control finds it by what is written on it.
  const tool = (name, text, action, keys, pressable) => {
    const letter = [...text].length === 1;
    return h('button', {
      type: 'button',
      class: `rt-tool rt-${name}`,
      title: t(`richtext.${name}`),
      'aria-label': letter ? t(`richtext.${name}`) : null,
      'aria-keyshortcuts': keys,
      'aria-controls': id,
      'aria-pressed': pressable ? 'false' : null,
      // The editor keeps the cursor and the selection while a tool is clicked.
      onMousedown: (event) => event.preventDefault(),
      onClick: action,
    }, h('span', { 'aria-hidden': letter ? 'true' : null }, text));
  };
  const bold = tool('bold', t('richtext.boldShort'), () => run(toggleMark(schema.marks.strong)), 'Control+B', true);
  const italic = tool('italic', t('richtext.italicShort'), () => run(toggleMark(schema.marks.em)), 'Control+I', true);
  const tools = [
    bold,
    italic,
    tool('bullets', t('richtext.bulletsShort'), () => run(toggleList(schema.nodes.bullet_list))),
    tool('numbers', t('richtext.numbersShort'), () => run(toggleList(schema.nodes.ordered_list))),
    tool('link', t('richtext.linkShort'), () => ctl.openLink(), 'Control+K'),
    ctl.tables ? tool('table', t('richtext.tableShort'), () => run(insertTable())) : null,
  ];
  ctl.refreshTools = () => {
    const { state } = ctl.view;
    bold.setAttribute('aria-pressed', String(markActive(state, schema.marks.strong)));
    italic.setAttribute('aria-pressed', String(markActive(state, schema.marks.em)));
  };
  return h('div', { class: 'rt-toolbar', role: 'group', 'aria-label': t('richtext.toolbar') }, tools);
}

/** The link form Ctrl+K opens: the address of the selected text, applied with Enter. */
function linkEditor(ctl) {
  const input = h('input', { type: 'url', class: 'rt-link-input', dir: 'ltr', 'aria-label': t('richtext.linkAddress'), placeholder: 'https://' });
  const error = h('p', { class: 'rt-link-error', role: 'alert', hidden: true }, t('richtext.linkInvalid'));
  let range = null;
  const close = () => {
    el.hidden = true;
    error.hidden = true;
    ctl.view.focus();
  };
  const apply = () => {
    const href = input.value.trim();
    const { link } = schema.marks;
    const { state } = ctl.view;
    const { from, to } = range ?? state.selection;
    let tr = state.tr.removeMark(from, to, link);
    if (href) {
      if (!safeHref(href)) {
        error.hidden = false;
        input.focus();
        return;
      }
      if (from === to) {
        tr = tr.insertText(href, from).addMark(from, from + href.length, link.create({ href }));
      } else {
        tr = tr.addMark(from, to, link.create({ href }));
      }
    }
    ctl.view.dispatch(tr);
    close();
  };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  const el = h('div', { class: 'rt-link-form', hidden: true },
    input,
    h('button', { type: 'button', class: 'rt-link-apply', onClick: apply }, t('richtext.linkApply')),
    h('button', { type: 'button', class: 'rt-link-cancel', onClick: close }, t('dialog.cancel')),
    error);
  ctl.openLink = () => {
    if (ctl.readOnly) return;
    const { state } = ctl.view;
    range = { from: state.selection.from, to: state.selection.to };
    const mark = schema.marks.link.isInSet(state.selection.$from.marks());
    input.value = mark ? mark.attrs.href : '';
    el.hidden = false;
    error.hidden = true;
    input.focus();
  };
  return { el };
}
