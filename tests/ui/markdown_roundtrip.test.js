// The answer editor's Markdown in and out (ui/richtext-markdown.js), run in Node over the same
// module the webview runs: an answer read and written back unchanged is the same bytes, and
// what the editor writes is the subset as the core writes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { fromMarkdown, schema, toMarkdown } from '../../ui/richtext-markdown.js';
import { Fragment } from '../../ui/vendor/prosemirror.js';

const root = new URL('../../', import.meta.url);

/** The string answers of the signed review fixture. */
function fixtureAnswers() {
  const signed = JSON.parse(readFileSync(new URL('tests/vectors/signed.review.json', root), 'utf8'));
  return Object.values(signed.review.answers).filter((v) => typeof v === 'string');
}

/** The payloads of the hostile-text tests, as Rust source string literals. */
function hostilePayloads() {
  const source = readFileSync(new URL('tests/e2e/src/hostile.rs', root), 'utf8');
  const block = source.slice(source.indexOf('pub const PAYLOADS'), source.indexOf('];', source.indexOf('pub const PAYLOADS')));
  const literals = [...block.matchAll(/^\s*"((?:[^"\\]|\\.)*)",?\s*$/gm)].map((m) => m[1]);
  return literals.map((l) => JSON.parse(`"${l.replace(/\\u\{([0-9A-Fa-f]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`))}"`));
}

/** Answers as the core's document import writes them (src/document/mod.rs, inline.rs). */
const CORE_WRITTEN = [
  'The review was led by the **National Mechanism** with *all* ministries; see [the policy](https://example.org/p) and this (1 \\* 2\\_3).',
  'Consultations régionales à Dakar, Thiès et Saint-Louis.\nTrois ateliers.',
  '- Data collection\n- Legal aid\n   - in Busia\n   - in Moyale\n- Return',
  '1. First step\n2. Second step\n   1. detail',
  '| Year | Arrivals |\n| --- | --- |\n| 2024 | **12 000** |\n| 2025 | 9 500 |',
  'تم تعزيز الحماية القنصلية — 加强领事保护',
  '\\- not a list, # not a heading, 3. not a number',
  '[**bold link**](https://example.org) and ***both***',
  '',
];

test('an answer read and written back unchanged keeps its bytes', () => {
  const answers = [...fixtureAnswers(), ...hostilePayloads(), ...CORE_WRITTEN];
  assert.ok(answers.length > 60, `${answers.length} answers`);
  for (const text of answers) {
    const { doc, source } = fromMarkdown(text);
    assert.equal(toMarkdown(doc, source), text, JSON.stringify(text));
  }
});

test('the editor writes the subset as the core writes it', () => {
  for (const text of CORE_WRITTEN) {
    const { doc } = fromMarkdown(text);
    assert.equal(toMarkdown(doc), text, `written afresh: ${JSON.stringify(text)}`);
  }
});

test('an edit rewrites only the block it changed', () => {
  const text = 'First, *as typed*  with two spaces.\n\nSecond paragraph.\n\n- a\n- b';
  const { doc, source } = fromMarkdown(text);
  const blocks = [];
  doc.forEach((node, _, i) => blocks.push(i === 1 ? schema.node('paragraph', null, [schema.text('Second, edited')]) : node));
  const edited = doc.copy(Fragment.from(blocks));
  assert.equal(toMarkdown(edited, source), 'First, *as typed*  with two spaces.\n\nSecond, edited\n\n- a\n- b');
});

test('typed text that looks like Markdown is escaped, and hostile links are text', () => {
  const doc = schema.node('doc', null, [
    schema.node('paragraph', null, [schema.text('**not bold** [x](javascript:alert(1)) <b>')]),
    schema.node('paragraph', null, [schema.text('1. not a list')]),
    schema.node('paragraph', null, [schema.text('&lt;script&gt; &#60;b&#62; & more')]),
  ]);
  const written = toMarkdown(doc);
  assert.equal(written, '\\*\\*not bold\\*\\* \\[x\\](javascript:alert(1)) \\<b\\>\n\n1\\. not a list\n\n\\&lt;script\\&gt; \\&#60;b\\&#62; & more');
  const back = fromMarkdown(written).doc;
  assert.ok(back.eq(doc), 'read back as the same text');
  const link = fromMarkdown('[x](javascript:alert(1))').doc;
  let marks = 0;
  link.descendants((n) => { marks += n.marks.length; });
  assert.equal(marks, 0, 'a javascript: link is kept as text, not as a link');
});
