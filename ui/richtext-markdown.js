/**
 * The answer subset as a ProseMirror schema, and Markdown in and out of it: paragraphs, bold,
 * italic, links, bulleted and numbered lists (nested), simple tables, and the single line
 * breaks of older answers. What comes out is written as the core writes it
 * (`src/document/inline.rs`: `**bold**`, `*italic*`, `[text](https://…)`, `- ` and `1. ` items
 * indented by three spaces, `| a | b |` tables, the same characters escaped), and a block the
 * user did not change keeps its stored bytes, so an answer opened and left alone, or edited in
 * one paragraph, is stored as it was everywhere else.
 */

import { MarkdownIt, MarkdownParser, MarkdownSerializer, MarkdownSerializerState, Schema } from './vendor/prosemirror.js';

/** Link targets an answer may have (as the core keeps them); others stay as their text. */
const LINK_SCHEMES = /^(https?:\/\/|mailto:)[^\s()]+$/i;

/** Whether `href` may be a link of an answer. */
export function safeHref(href) {
  return typeof href === 'string' && LINK_SCHEMES.test(href.trim());
}

/** The direction of the first strong character of `text`: rtl, ltr, or null when none. */
function firstStrong(text) {
  const match = /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]|\p{L}/u.exec(text);
  if (!match) return null;
  return /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]/u.test(match[0]) ? 'rtl' : 'ltr';
}

/**
 * The `dir` of a list or a table: the side its bullets, numbers and columns start from follows
 * its first words, as a paragraph's `dir="auto"` does (which cannot see through the items'
 * own paragraphs).
 */
function blockDir(node) {
  const dir = firstStrong(node.textContent);
  return dir ? { dir } : {};
}

/** The schema of the answer subset. */
export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      // Each paragraph finds its own direction, as the textarea did for the whole answer.
      toDOM: () => ['p', { dir: 'auto' }, 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: 'ul' }],
      toDOM: (node) => ['ul', blockDir(node), 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number(dom.getAttribute('start')) || 1 }) }],
      toDOM: (node) => ['ol', { ...blockDir(node), ...(node.attrs.order === 1 ? {} : { start: node.attrs.order }) }, 0],
    },
    list_item: {
      content: 'paragraph (paragraph | bullet_list | ordered_list)*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    table: {
      group: 'block',
      content: 'table_row+',
      isolating: true,
      parseDOM: [{ tag: 'table' }],
      toDOM: (node) => ['table', { class: 'rt-table', ...blockDir(node) }, ['tbody', 0]],
    },
    table_row: {
      content: '(table_header | table_cell)+',
      parseDOM: [{ tag: 'tr' }],
      toDOM: () => ['tr', 0],
    },
    table_header: {
      content: 'inline*',
      isolating: true,
      parseDOM: [{ tag: 'th' }],
      toDOM: () => ['th', { dir: 'auto' }, 0],
    },
    table_cell: {
      content: 'inline*',
      isolating: true,
      parseDOM: [{ tag: 'td' }],
      toDOM: () => ['td', { dir: 'auto' }, 0],
    },
    text: { group: 'inline' },
    // A single line break of an answer typed before: the PDF joins the lines with a space,
    // and so does the editor; it is written back as the line break it was.
    soft_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      toDOM: () => ['span', { class: 'rt-soft-break' }, ' '],
      parseDOM: [{ tag: 'span.rt-soft-break' }],
    },
  },
  // In this order the marks nest as the core writes them: [**_text_**](link).
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [{ tag: 'a[data-href]', getAttrs: (dom) => ({ href: dom.getAttribute('data-href') }) }],
      // No href: a link in the editor cannot be followed, whatever it says.
      toDOM: (mark) => ['a', { class: 'rt-link', 'data-href': mark.attrs.href, title: mark.attrs.href }, 0],
    },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
  },
});

/* ---------- Markdown in ---------- */

const md = new MarkdownIt('commonmark', { html: false, linkify: false }).enable('table');

/** The tokens the schema has no node for, turned into ones it has. */
function simplify(tokens) {
  const out = [];
  for (const token of tokens) {
    if (token.children) token.children = simplify(token.children);
    switch (token.type) {
      case 'code_inline':
      case 'html_inline':
        token.type = 'text';
        break;
      case 'image':
        token.type = 'text';
        token.content = token.children?.map((c) => c.content).join('') ?? '';
        token.children = null;
        break;
      case 'hardbreak':
        token.type = 'softbreak';
        break;
      case 'link_open':
        if (!safeHref(token.attrGet('href'))) token.type = 'unsafe_link_open';
        break;
      default:
    }
    out.push(token);
  }
  // The close of a link kept as text goes with its open.
  const opens = [];
  for (const token of out) {
    if (token.type === 'link_open' || token.type === 'unsafe_link_open') opens.push(token);
    if (token.type === 'link_close' && opens.pop()?.type === 'unsafe_link_open') token.type = 'unsafe_link_close';
  }
  return out.filter((t) => t.type !== 'unsafe_link_open' && t.type !== 'unsafe_link_close');
}

/** Whether the list whose open token is at `i` is tight (its paragraphs hidden). */
function listIsTight(tokens, i) {
  while (++i < tokens.length) if (tokens[i].type !== 'list_item_open') return tokens[i].hidden;
  return false;
}

const tokenizer = { parse: (src, env) => simplify(md.parse(src, env)) };

const parser = new MarkdownParser(schema, tokenizer, {
  paragraph: { block: 'paragraph' },
  heading: { block: 'paragraph' },
  blockquote: { ignore: true },
  code_block: { block: 'paragraph', noCloseToken: true },
  fence: { block: 'paragraph', noCloseToken: true },
  hr: { ignore: true, noCloseToken: true },
  bullet_list: { block: 'bullet_list', getAttrs: (_, tokens, i) => ({ tight: listIsTight(tokens, i) }) },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (tok, tokens, i) => ({ order: Number(tok.attrGet('start')) || 1, tight: listIsTight(tokens, i) }),
  },
  list_item: { block: 'list_item' },
  table: { block: 'table' },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: 'table_row' },
  th: { block: 'table_header' },
  td: { block: 'table_cell' },
  softbreak: { node: 'soft_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  link: { mark: 'link', getAttrs: (tok) => ({ href: tok.attrGet('href') }) },
});

/** A document that holds one empty paragraph: an answer not written yet. */
function emptyDoc() {
  return schema.node('doc', null, [schema.node('paragraph')]);
}

/** Reads stored Markdown. Never throws: text it cannot read is kept as paragraphs of text. */
function parseDoc(text) {
  if (!text.trim()) return emptyDoc();
  try {
    const doc = parser.parse(text);
    return doc.childCount ? doc : emptyDoc();
  } catch {
    const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim());
    return schema.node('doc', null, paragraphs.map((p) => schema.node('paragraph', null, schema.text(p))));
  }
}

/**
 * Reads the stored answer `text` into a document, and remembers the bytes each top-level block
 * came from. Returns `{ doc, source }`; hand `source` to `toMarkdown`.
 */
export function fromMarkdown(text) {
  const value = typeof text === 'string' ? text : '';
  const doc = parseDoc(value);
  const blocks = [];
  const lines = value.split('\n');
  for (const token of md.parse(value, {})) {
    if (token.level !== 0 || !token.map || token.nesting === -1) continue;
    const chunk = lines.slice(token.map[0], token.map[1]).join('\n').replace(/\n+$/, '');
    const nodes = [];
    parseDoc(chunk).forEach((node) => nodes.push(node));
    if (nodes.length && chunk.trim()) blocks.push({ nodes, text: chunk });
  }
  return { doc, source: { text: value, doc, blocks } };
}

/* ---------- Markdown out ---------- */

/** The characters the core escapes inside a line (`src/document/inline.rs`, `escape`). */
const ESCAPED = /[\\*_`[\]<>|]/g;

/** Escapes as the core does: inline markup, and what would start a list or a heading. */
function escapeText(text, startOfLine) {
  // An ampersand that starts an entity (`&lt;`, `&#60;`) is escaped too, or it would read
  // back as the character it names.
  let out = text.replace(ESCAPED, '\\$&').replace(/&(?=#?[0-9A-Za-z]+;)/g, '\\&');
  if (startOfLine) {
    out = out.replace(/^(\d+)([.)] )/, '$1\\$2').replace(/^([#\-+=])/, '\\$1');
  }
  return out;
}

MarkdownSerializerState.prototype.esc = function esc(text, startOfLine = false) {
  return escapeText(text, startOfLine);
};

/** The inline content of `node` (a table cell) as one line of Markdown. */
function inlineMarkdown(state, node) {
  const start = state.out.length;
  state.renderInline(node);
  const text = state.out.slice(start);
  state.out = state.out.slice(0, start);
  return text.replace(/\n/g, ' ').trim();
}

const serializer = new MarkdownSerializer({
  paragraph(state, node) {
    state.renderInline(node);
    state.closeBlock(node);
  },
  bullet_list(state, node) {
    state.renderList(node, '   ', () => '- ');
  },
  ordered_list(state, node) {
    const start = node.attrs.order ?? 1;
    state.renderList(node, '   ', (i) => `${start + i}. `);
  },
  list_item(state, node) {
    state.renderContent(node);
  },
  table(state, node) {
    node.forEach((row, _, index) => {
      const cells = [];
      row.forEach((cell) => cells.push(inlineMarkdown(state, cell)));
      state.write(`| ${cells.join(' | ')} |`);
      state.ensureNewLine();
      if (index === 0) {
        state.write(`|${' --- |'.repeat(cells.length)}`);
        state.ensureNewLine();
      }
    });
    state.closeBlock(node);
  },
  table_row() {},
  table_header() {},
  table_cell() {},
  text(state, node) {
    state.text(node.text);
  },
  soft_break(state) {
    state.write('\n');
  },
}, {
  em: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true },
  strong: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true },
  link: {
    open: '[',
    close: (_state, mark) => `](${mark.attrs.href})`,
  },
}, { tightLists: true });

/** Serialises one document as the core writes the subset. */
function serialize(doc) {
  return serializer.serialize(doc, { tightLists: true }).replace(/\s+$/, '');
}

/**
 * The answer `doc` as stored Markdown. With `source` (from `fromMarkdown`), an unchanged
 * document is the stored text itself, and each unchanged block keeps its stored bytes.
 */
export function toMarkdown(doc, source = null) {
  if (source && doc.eq(source.doc)) return source.text;
  const empty = doc.childCount === 1 && doc.firstChild.type.name === 'paragraph' && doc.firstChild.childCount === 0;
  if (empty) return '';
  if (!source) return serialize(doc);
  const used = new Set();
  const parts = [];
  let i = 0;
  while (i < doc.childCount) {
    const match = source.blocks.findIndex((block, k) => !used.has(k)
      && block.nodes.every((node, j) => i + j < doc.childCount && doc.child(i + j).eq(node)));
    if (match !== -1) {
      used.add(match);
      parts.push(source.blocks[match].text);
      i += source.blocks[match].nodes.length;
    } else {
      const part = serialize(schema.node('doc', null, [doc.child(i)]));
      if (part) parts.push(part);
      i += 1;
    }
  }
  return parts.join('\n\n');
}
