/**
 * Paste that keeps structure: HTML from Word (its `mso-list` paragraphs become real lists),
 * LibreOffice and web pages, and plain text from a PDF viewer (lines joined into paragraphs,
 * bullets into lists), brought to the answer subset: paragraphs, lists, bold, italic, links
 * and, where the field takes them, tables. Fonts, colours, styles, images and comments are
 * dropped, and a short notice says what was left out.
 *
 * Pasted HTML is read with DOMParser into an inert document (no script runs, nothing loads),
 * and only the elements of the subset are rebuilt from it, as new elements with no attribute
 * but a checked link address; ProseMirror parses that clean copy.
 */

import { formatNumber, t } from './i18n.js';
import { safeHref, schema } from './richtext-markdown.js';
import { Fragment, Slice } from './vendor/prosemirror.js';

/** Elements whose content is never text of the answer. */
const DROPPED = new Set([
  'script', 'style', 'head', 'title', 'meta', 'link', 'base', 'noscript', 'template', 'iframe',
  'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'svg', 'math', 'canvas', 'video',
  'audio', 'source', 'track', 'map', 'area', 'input', 'select', 'option', 'textarea', 'button',
  'xml', 'colgroup', 'col', 'caption',
]);

/** Elements that end the paragraph before them and start one after. */
const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article',
  'header', 'footer', 'main', 'aside', 'nav', 'address', 'center', 'dl', 'dt', 'dd', 'figure',
  'figcaption', 'hr', 'body', 'html', 'form', 'fieldset', 'legend', 'details', 'summary',
]);

const style = (el) => (el.getAttribute?.('style') ?? '').toLowerCase().replace(/\s+/g, '');

/** Whether an element is hidden in its document (Word's `mso-hide:all`, `display:none`). */
function hidden(el) {
  const s = style(el);
  return s.includes('display:none') || s.includes('mso-hide:all') || el.hasAttribute('hidden');
}

/** Whether an element is Word's comment machinery (a reference, an anchor, the comment list). */
function wordComment(el) {
  const cls = (el.getAttribute('class') ?? '').toLowerCase();
  const s = style(el);
  const href = el.getAttribute('href') ?? '';
  return cls.startsWith('msocom') || s.includes('mso-element:comment') || s.includes('mso-special-character:comment')
    || s.includes('mso-comment') || href.startsWith('#_msocom_');
}

/** Word's level of a list paragraph (`mso-list:l0 level2 lfo1`), or 0. */
function wordListLevel(el) {
  const match = /mso-list:l\d+level(\d+)/.exec(style(el));
  return match ? Number(match[1]) : 0;
}

/** Whether Word's bullet or number of a list paragraph is a number ("1.", "a)", "iv."). */
function wordListNumbered(el) {
  const marker = [...el.querySelectorAll('span')].find((s) => style(s).includes('mso-list:ignore'));
  return /^\s*[(]?[0-9a-z]{1,5}[.)]/i.test(marker?.textContent ?? '');
}

/** Reads pasted HTML into the subset. Returns `{ html, dropped: { images, comments, styles, tables } }`. */
export function cleanHtml(html, { tables = false } = {}) {
  const source = new DOMParser().parseFromString(String(html ?? ''), 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const dropped = { images: 0, comments: 0, styles: false, tables: 0 };
  const b = builder(out, dropped, tables);
  b.walk(source.body, { bold: false, italic: false, href: null });
  b.endParagraph();
  // Word lists its comments at the end, in a `mso-element:comment-list` block.
  const listed = [...source.querySelectorAll('div')].filter((d) => /mso-element:comment(?!-list)/.test(style(d))).length;
  dropped.comments = Math.max(dropped.comments, listed);
  return { html: out.body.innerHTML, dropped };
}

/**
 * The builder of the clean copy: where the next paragraph goes (the body, a list item or a
 * table cell), the paragraph being filled, and Word's open lists.
 */
function builder(out, dropped, tables) {
  const b = { containers: [out.body], para: null, wordLists: [], inCell: false, cell: null };
  const container = () => b.containers.at(-1);

  b.endParagraph = () => {
    if (b.para && !b.para.textContent.trim()) b.para.remove();
    b.para = null;
  };
  b.paragraph = () => {
    if (b.inCell && b.cell) return b.cell;
    if (!b.para) {
      b.para = out.createElement('p');
      container().append(b.para);
    }
    return b.para;
  };
  b.text = (text, marks) => {
    const clean = text.replace(/\u00a0/g, ' ');
    if (!clean) return;
    if (!b.para && !b.inCell && !clean.trim()) return;
    let node = out.createTextNode(clean);
    if (marks.italic) node = wrap(out, 'em', node);
    if (marks.bold) node = wrap(out, 'strong', node);
    if (marks.href) {
      const a = wrap(out, 'a', node);
      a.setAttribute('data-href', marks.href);
      node = a;
    }
    b.paragraph().append(node);
  };
  b.walk = (node, marks) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === 3) b.text(child.data, marks);
      else if (child.nodeType === 1) b.element(child, marks);
    }
  };
  b.element = (el, marks) => element(b, out, dropped, tables, el, marks);
  return b;
}

function wrap(doc, tag, node) {
  const el = doc.createElement(tag);
  el.append(node);
  return el;
}

/** The marks of an element's content: bold, italic and a checked link address. */
function marksOf(el, tag, marks, dropped) {
  const s = style(el);
  if (/(font-family|font-size|color|background|mso-)/.test(s) || tag === 'font' || el.hasAttribute('class')) dropped.styles = true;
  const next = { ...marks };
  if (tag === 'b' || tag === 'strong' || /(^|;)font-weight:(bold|bolder|[6-9]00)/.test(s)) next.bold = true;
  if (/(^|;)font-weight:(normal|lighter|[1-4]00)/.test(s)) next.bold = false;
  if (tag === 'i' || tag === 'em' || /(^|;)font-style:(italic|oblique)/.test(s)) next.italic = true;
  if (/(^|;)font-style:normal/.test(s)) next.italic = false;
  if (/^h[1-6]$/.test(tag)) next.bold = true;
  if (tag === 'a') {
    const href = el.getAttribute('data-href') ?? el.getAttribute('href');
    next.href = safeHref(href) ? href.trim() : null;
  }
  return next;
}

/** Rebuilds one element of the pasted document. */
function element(b, out, dropped, tables, el, marks) {
  const tag = el.localName.toLowerCase();
  if (tag === 'img' || tag === 'picture' || tag === 'v:imagedata') {
    dropped.images += 1;
    return;
  }
  if (tag === 'svg' || tag === 'canvas' || tag === 'video' || tag === 'object' || tag === 'embed') dropped.images += 1;
  if (DROPPED.has(tag) || tag.startsWith('v:') || tag.startsWith('w:') || tag.startsWith('m:') || hidden(el)) return;
  if (wordComment(el)) {
    return;
  }
  if (style(el).includes('mso-list:ignore')) return;
  const inner = marksOf(el, tag, marks, dropped);
  if (tag === 'br') {
    if (b.inCell) b.text(' ', marks);
    else b.endParagraph();
    return;
  }
  if (tag === 'ul' || tag === 'ol') return list(b, out, el, tag === 'ol', inner);
  if (tag === 'li') return listItem(b, out, el, inner);
  if (tag === 'table') return table(b, out, dropped, tables, el, inner);
  const level = tag === 'p' || tag === 'div' || /^h[1-6]$/.test(tag) ? wordListLevel(el) : 0;
  if (level) return wordListParagraph(b, out, el, level, inner);
  if (BLOCKS.has(tag)) {
    if (b.inCell) {
      b.text(' ', marks);
      b.walk(el, inner);
      return;
    }
    b.endParagraph();
    b.wordLists = [];
    b.walk(el, inner);
    b.endParagraph();
    return;
  }
  b.walk(el, inner);
}

function list(b, out, el, numbered, marks) {
  if (b.inCell) return b.walk(el, marks);
  b.endParagraph();
  b.wordLists = [];
  const listEl = out.createElement(numbered ? 'ol' : 'ul');
  const start = Number(el.getAttribute('start'));
  if (numbered && start > 1) listEl.setAttribute('start', String(start));
  const parent = b.containers.at(-1);
  parent.append(listEl);
  b.containers.push(listEl);
  for (const child of [...el.childNodes]) {
    if (child.nodeType === 1 && child.localName === 'li') listItem(b, out, child, marks);
    else if (child.nodeType === 1 && (child.localName === 'ul' || child.localName === 'ol')) {
      // A list directly in a list (LibreOffice writes them): it belongs to the item before.
      const last = listEl.lastElementChild ?? listEl.appendChild(out.createElement('li'));
      b.containers.push(last);
      list(b, out, child, child.localName === 'ol', marks);
      b.containers.pop();
    } else if (child.nodeType === 1 || child.textContent.trim()) {
      const li = out.createElement('li');
      listEl.append(li);
      b.containers.push(li);
      b.walk({ childNodes: [child] }, marks);
      b.endParagraph();
      b.containers.pop();
    }
  }
  b.containers.pop();
  if (!listEl.querySelector('li')) listEl.remove();
}

function listItem(b, out, el, marks) {
  b.endParagraph();
  let parent = b.containers.at(-1);
  if (parent.localName !== 'ul' && parent.localName !== 'ol') {
    parent = out.createElement('ul');
    b.containers.at(-1).append(parent);
  }
  const li = out.createElement('li');
  parent.append(li);
  b.containers.push(li);
  b.walk(el, marks);
  b.endParagraph();
  b.containers.pop();
  if (!li.textContent.trim()) li.remove();
}

/** A Word list paragraph: into the open list of its level, or a new (nested) one. */
function wordListParagraph(b, out, el, level, marks) {
  b.endParagraph();
  const numbered = wordListNumbered(el);
  const tag = numbered ? 'ol' : 'ul';
  const lists = b.wordLists;
  while (lists.length && lists.at(-1).level > level) lists.pop();
  let open = lists.at(-1);
  if (open && open.level === level && open.el.localName !== tag) {
    lists.pop();
    open = lists.at(-1);
  }
  if (!open || open.level < level) {
    const parent = open?.el.lastElementChild ?? b.containers.at(-1);
    const listEl = out.createElement(tag);
    parent.append(listEl);
    open = { level, el: listEl };
    lists.push(open);
  }
  const li = out.createElement('li');
  open.el.append(li);
  b.containers.push(li);
  b.walk(el, marks);
  b.endParagraph();
  b.containers.pop();
}

/** A table: rebuilt as a simple table where the field takes tables, else a paragraph per row. */
function table(b, out, dropped, tables, el, marks) {
  if (b.inCell) return b.walk(el, marks);
  b.endParagraph();
  b.wordLists = [];
  const rows = [...el.querySelectorAll('tr')].filter((tr) => tr.closest('table') === el);
  const cellsOf = (tr) => [...tr.children].filter((c) => c.localName === 'td' || c.localName === 'th');
  const width = Math.max(0, ...rows.map((tr) => cellsOf(tr).length));
  if (!width) return;
  if (!tables) dropped.tables += 1;
  const tableEl = tables ? out.createElement('table') : null;
  if (tableEl) b.containers.at(-1).append(tableEl);
  for (const [index, tr] of rows.entries()) {
    const cells = cellsOf(tr);
    if (!cells.some((c) => c.textContent.trim())) continue;
    if (!tableEl) {
      b.paragraph();
      cells.forEach((c, i) => {
        if (i) b.text(' | ', {});
        b.inCell = true;
        b.walk(c, marks);
        b.inCell = false;
      });
      b.endParagraph();
      continue;
    }
    const row = out.createElement('tr');
    tableEl.append(row);
    for (let i = 0; i < width; i += 1) {
      const cell = out.createElement(index === 0 ? 'th' : 'td');
      row.append(cell);
      if (!cells[i]) continue;
      b.cell = cell;
      b.inCell = true;
      b.walk(cells[i], marks);
      b.inCell = false;
      b.cell = null;
    }
  }
  if (tableEl && !tableEl.querySelector('tr')) tableEl.remove();
}

/* ---------- plain text ---------- */

const BULLET = /^\s*[•◦▪‣●○■□·\-–—*]\s+/;
const NUMBER = /^\s*(\d{1,3})[.)]\s+/;
const SENTENCE_END = /[.!?:;。！？؟…"”»)]\s*$/;

/**
 * Plain text as a PDF viewer or a text editor gives it: a blank line ends a paragraph; a line
 * that ends mid-sentence goes on in the next one (the PDF broke it), and a list item's only
 * when the next line starts in lower case; a line starting with a bullet or a number ("•",
 * "-", "1.") is a list item.
 */
export function textBlocks(text) {
  const blocks = [];
  let current = null;
  for (const raw of String(text ?? '').replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\u00a0/g, ' ').trim();
    if (!line) {
      current = null;
      continue;
    }
    const bullet = BULLET.exec(raw);
    const number = NUMBER.exec(raw);
    if (bullet || number) {
      current = { kind: number ? 'ordered' : 'bullet', text: line.replace(number ? NUMBER : BULLET, ''), start: number ? Number(number[1]) : 1 };
      blocks.push(current);
    } else if (current && !SENTENCE_END.test(current.text) && (current.kind === 'paragraph' || /^\p{Ll}/u.test(line))) {
      current.text += current.text.endsWith('-') ? line : ` ${line}`;
    } else {
      current = { kind: 'paragraph', text: line };
      blocks.push(current);
    }
  }
  return blocks;
}

/** The blocks of plain text as document nodes: consecutive items of a kind make one list. */
function textSlice(text) {
  const nodes = [];
  const para = (s) => schema.nodes.paragraph.create(null, s ? schema.text(s) : null);
  for (const block of textBlocks(text)) {
    if (block.kind === 'paragraph') {
      nodes.push(para(block.text));
      continue;
    }
    const type = block.kind === 'ordered' ? schema.nodes.ordered_list : schema.nodes.bullet_list;
    const item = schema.nodes.list_item.create(null, para(block.text));
    const last = nodes.at(-1);
    if (last?.type === type) nodes[nodes.length - 1] = type.create(last.attrs, last.content.addToEnd(item));
    else nodes.push(type.create(block.kind === 'ordered' ? { order: block.start } : null, item));
  }
  if (nodes.length === 1 && nodes[0].type === schema.nodes.paragraph) return new Slice(Fragment.from(nodes), 1, 1);
  return new Slice(Fragment.from(nodes), 0, 0);
}

/** The short notice of what a paste left out, or null. */
export function droppedNotice(dropped) {
  const parts = [];
  if (dropped.images) parts.push(t('paste.images', { count: dropped.images, formatted: formatNumber(dropped.images) }));
  if (dropped.comments) parts.push(t('paste.comments', { count: dropped.comments, formatted: formatNumber(dropped.comments) }));
  if (dropped.tables) parts.push(t('paste.tables', { count: dropped.tables, formatted: formatNumber(dropped.tables) }));
  if (dropped.styles) parts.push(t('paste.styles'));
  return parts.length ? parts.join(' ') : null;
}

/**
 * The ProseMirror props of paste. `tables()`: whether the field takes tables; `notice(text)`
 * shows what a paste left out (null: nothing).
 */
export function pasteProps({ tables, notice }) {
  let last = null;
  return {
    transformPastedHTML(html) {
      const { html: clean, dropped } = cleanHtml(html, { tables: tables() });
      last = dropped;
      return clean;
    },
    clipboardTextParser: (text) => textSlice(text),
    handlePaste() {
      notice(last ? droppedNotice(last) : null);
      last = null;
      return false;
    },
  };
}
