/**
 * core/plain-yaml.ts reads the plain subset of front matter without js-yaml. Whenever it gives an
 * answer, that answer must be the one gray-matter + js-yaml give (values, types, key order, plain
 * objects); on anything it is unsure of it must give none, so the full reader (and its error
 * messages) takes over. Checked on random front matter built from fragments chosen to sit on the
 * subset's edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MATTER_OPTIONS, matter } from '../../src/core/deck.js';
import { readPlainYaml } from '../../src/core/plain-yaml.js';

const KEYS = ['id', 'title', 'topics', 'version', 'description', 'a-b', 'x_y', 'true', 'null', 'constructor', 'prototype'];
const ODD_KEYS = ['Key', '_k', '__proto__', '1', '"q"', 'a b', '? a', '-', '<<'];
const SEPS = [': ', ':', ':  ', ' : ', ':\t'];
const VALUES = [
  'hello',
  'Hello World',
  'Attention variants and FlashAttention',
  'true',
  'True',
  'TRUE',
  'false',
  'null',
  'Null',
  'NULL',
  'yes',
  'No',
  'on',
  'y',
  '~',
  '0',
  '1',
  '01',
  '007',
  '123456789012345',
  '1234567890123456',
  '1.5',
  '1e3',
  '0x1f',
  '0o17',
  '1_000',
  '-1',
  '+1',
  '.inf',
  '.NaN',
  '2024-01-01',
  '12:30:00',
  'a: b',
  'a:b',
  'a:',
  'a #c',
  'a#c',
  'C# basics',
  'http://x.org/a#b',
  '"quoted"',
  '""',
  '"a\\"b"',
  '"a\\nb"',
  '"a # b"',
  '"a" b',
  "'it''s'",
  "''",
  "'a'b'",
  "'''",
  "'a''",
  "'a # b: c'",
  '[a, b]',
  '[a,b-c]',
  '[ a ]',
  '[ a , b ]',
  '[]',
  '[true]',
  '[null, a]',
  '[A]',
  '[1]',
  '[a, ]',
  '[a b]',
  '[a, [b]]',
  '[x_y, a-1]',
  '注意力机制',
  '手写代码 (Coding)',
  '中文：冒号',
  'Ärger',
  'a, b',
  'a [b]',
  'a {b}',
  '{a: 1}',
  '>-',
  '>',
  '|',
  '|-',
  '>+',
  '>2',
  '&anchor a',
  '*alias',
  '!tag a',
  '!!str 1',
  'a ',
  'a  ',
  'a\u00a0',
  '\u00a0a',
  'a\u3000',
  'a\tb',
  'a\u0085b',
  'a\u2028b',
  'a\ufeffb',
  '%a',
  '@a',
  '`a`',
  '- a',
  '-a',
  '?a',
  'a  b',
  '',
];
const CONTENT = [
  '  line one',
  '  line two',
  '  第二行',
  '   more indented',
  '',
  '  ',
  '  trailing ',
  ' one-space',
  '\tTab',
  '  #hash',
  '  a: b',
  '  - item',
];

const line = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `${k}: ${v}`) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SEPS), fc.constantFrom(...VALUES)).map((t) => t.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...ODD_KEYS), fc.constantFrom(...SEPS), fc.constantFrom(...VALUES))
      .map((t) => t.join('')),
  },
  { weight: 5, arbitrary: fc.constantFrom(...CONTENT) },
  { weight: 1, arbitrary: fc.constantFrom('# comment', '---', '...', '--- x', 'plain line', '  ') },
);
/** A block scalar: its header line and a few content lines. */
const block = fc
  .tuple(
    fc.constantFrom(...KEYS),
    fc.constantFrom('>-', '>', '|', '|-', '>+', '> ', '>- '),
    fc.array(fc.constantFrom(...CONTENT, '  line one', '  line two'), { minLength: 1, maxLength: 3 }),
  )
  .map(([k, h, content]) => [`${k}: ${h}`, ...content]);
const lines = fc
  .array(fc.oneof({ weight: 4, arbitrary: line.map((l) => [l]) }, { weight: 1, arbitrary: block }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((chunks) => chunks.flat());

/** What readFrontMatter gets from gray-matter for the same lines, or 'throws'. */
function fullReader(inner: string[]): unknown {
  try {
    return matter()(`${['---', ...inner, '---'].join('\n')}\n`, MATTER_OPTIONS as never).data;
  } catch {
    return 'throws';
  }
}

describe('readPlainYaml', () => {
  it('reads a typical front matter, a folded description included, as js-yaml does', () => {
    const inner = [
      'id: attention',
      'title: "Attention: variants"',
      'language: en',
      'topics: [attention, kv-cache]',
      'description: >-',
      '  MQA, GQA and MLA with their KV-cache sizes,',
      '  and FlashAttention.',
      'version: 1',
    ];
    const plain = readPlainYaml(['---', ...inner, '---'], 1, inner.length + 1);
    expect(plain).toEqual({
      id: 'attention',
      title: 'Attention: variants',
      language: 'en',
      topics: ['attention', 'kv-cache'],
      description: 'MQA, GQA and MLA with their KV-cache sizes, and FlashAttention.',
      version: 1,
    });
    expect(JSON.stringify(plain)).toBe(JSON.stringify(fullReader(inner)));
  });

  it('leaves to js-yaml what it is unsure of', () => {
    for (const inner of [
      ['id: a', 'id: b'],
      ['title: a: b'],
      ['version: 01'],
      ['topics: [a, true]'],
      ['x: yes # no'],
      ['constructor: 1'],
    ]) {
      expect(readPlainYaml(inner, 0, inner.length)).toBeUndefined();
    }
  });

  it('agrees with gray-matter + js-yaml whenever it answers (random front matter)', () => {
    let answered = 0;
    let blocks = 0;
    fc.assert(
      fc.property(lines, (inner) => {
        const plain = readPlainYaml(['---', ...inner, '---'], 1, inner.length + 1);
        if (plain === undefined) return;
        answered++;
        if (inner.some((l) => /: [>|]/.test(l))) blocks++;
        const full = fullReader(inner);
        expect(full).not.toBe('throws');
        expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
        expect(plain).toStrictEqual(full);
        expect(JSON.stringify(plain)).toBe(JSON.stringify(full));
      }),
      { seed: 20261202, numRuns: 20000 },
    );
    // The property is not vacuous: a fair share of the inputs take the fast path, blocks included.
    expect(answered).toBeGreaterThan(500);
    expect(blocks).toBeGreaterThan(100);
  });
});
