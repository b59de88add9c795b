/**
 * The richtext editor: a plain textarea holding the Markdown subset, a small formatting toolbar
 * (bold, italic, bulleted and numbered lists; Ctrl+B and Ctrl+I), and a live word count that the
 * core computes (`review_words`).
 */

import { h, replace, throttle } from './dom.js';
import { formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';

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

/** Builds the toolbar, textarea and counter; returns `{ el, textarea, set(value) }`. */
export function richtextControl({ id, path, lang, value, limit, describedBy, onInput, onCommit }) {
  const counterId = `${id}-words`;
  const textarea = h('textarea', {
    id,
    dir: 'auto',
    lang,
    rows: 8,
    spellcheck: 'true',
    'data-field': path,
    'aria-describedby': [describedBy, counterId].filter(Boolean).join(' '),
  });
  textarea.value = value ?? '';
  const counter = wordCounter(counterId, limit);
  const grow = () => autoGrow(textarea);

  textarea.addEventListener('input', () => {
    grow();
    counter.update(textarea.value);
    onInput(textarea.value);
  });
  textarea.addEventListener('change', onCommit);
  textarea.addEventListener('keydown', (event) => shortcut(event, textarea));
  requestAnimationFrame(grow);
  counter.update(textarea.value);

  const el = h('div', { class: 'richtext' }, toolbar(textarea, id), textarea, counter.el);
  return {
    el,
    textarea,
    set(next) {
      setTextValue(textarea, next ?? '');
      grow();
      counter.update(textarea.value);
    },
  };
}

/** Replaces an input's value, keeping the caret where it was when the user is in it. */
export function setTextValue(input, next) {
  if (input.value === next) return;
  const focused = document.activeElement === input;
  const { selectionStart, selectionEnd } = input;
  input.value = next;
  if (focused) input.setSelectionRange(Math.min(selectionStart, next.length), Math.min(selectionEnd, next.length));
}

function toolbar(textarea, id) {
  // A one-letter face (B, I) is named by its full word; a tool that shows words ("1. List") is
  // named by them, so that speech control finds it by what is written on it.
  const tool = (name, text, action, keys) => {
    const letter = [...text].length === 1;
    return h('button', {
      type: 'button',
      class: `rt-tool rt-${name}`,
      title: t(`richtext.${name}`),
      'aria-label': letter ? t(`richtext.${name}`) : null,
      'aria-keyshortcuts': keys,
      'aria-controls': id,
      onClick: () => action(textarea),
    }, h('span', { 'aria-hidden': letter ? 'true' : null }, text));
  };
  return h('div', { class: 'rt-toolbar', role: 'group', 'aria-label': t('richtext.toolbar') },
    tool('bold', t('richtext.boldShort'), (ta) => wrapSelection(ta, '**'), 'Control+B'),
    tool('italic', t('richtext.italicShort'), (ta) => wrapSelection(ta, '*'), 'Control+I'),
    tool('bullets', t('richtext.bulletsShort'), (ta) => toggleList(ta, false)),
    tool('numbers', t('richtext.numbersShort'), (ta) => toggleList(ta, true)),
  );
}

function shortcut(event, textarea) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
  const key = event.key.toLowerCase();
  if (key === 'b' || key === 'i') {
    event.preventDefault();
    wrapSelection(textarea, key === 'b' ? '**' : '*');
  }
}

function autoGrow(textarea) {
  if (!textarea.isConnected) return;
  textarea.style.height = 'auto';
  if (textarea.scrollHeight > 0) textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

/**
 * Replaces `[start, end)` with `text` the way typing would (so Undo works and an input event
 * fires), then selects `[selectStart, selectEnd)`.
 */
function replaceRange(textarea, start, end, text, selectStart, selectEnd) {
  textarea.focus();
  textarea.setSelectionRange(start, end);
  const done = typeof document.execCommand === 'function' && document.execCommand('insertText', false, text);
  if (!done || textarea.value.slice(start, start + text.length) !== text) {
    textarea.setRangeText(text, start, end, 'end');
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  textarea.setSelectionRange(selectStart, selectEnd);
}

/** Wraps the selection in `marker` (** or *), leaving surrounding spaces outside the markers. */
function wrapSelection(textarea, marker) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end);
  const lead = selected.length - selected.trimStart().length;
  const trail = selected.length - selected.trimEnd().length;
  const inner = selected.trim();
  const from = start + lead;
  const to = end - trail;
  const text = `${marker}${inner}${marker}`;
  const innerStart = from + marker.length;
  replaceRange(textarea, from, to, text, innerStart, innerStart + inner.length);
}

/** Turns the selected lines into a list, or back into paragraphs when they already are one. */
function toggleList(textarea, numbered) {
  const { selectionStart, selectionEnd, value } = textarea;
  const start = value.lastIndexOf('\n', selectionStart - 1) + 1;
  const lastLineEnd = value.indexOf('\n', Math.max(selectionEnd, selectionStart));
  const end = lastLineEnd === -1 ? value.length : lastLineEnd;
  const lines = value.slice(start, end).split('\n');
  const marker = numbered ? /^\s*\d+[.)]\s+/ : /^\s*[-*+]\s+/;
  const anyMarker = /^\s*(\d+[.)]|[-*+])\s+/;
  if (lines.every((line) => line.trim() === '')) {
    const text = numbered ? '1. ' : '- ';
    replaceRange(textarea, start, end, text, start + text.length, start + text.length);
    return;
  }
  const isList = lines.every((line) => marker.test(line) || line.trim() === '');
  let n = 0;
  const next = lines.map((line) => {
    if (line.trim() === '') return line;
    if (isList) return line.replace(marker, '');
    n += 1;
    return `${numbered ? `${n}.` : '-'} ${line.replace(anyMarker, '')}`;
  });
  const text = next.join('\n');
  replaceRange(textarea, start, end, text, start, start + text.length);
}
