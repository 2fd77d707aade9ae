// The study screen shows a plain question without marked (plain-markdown.ts): what it prints must
// be exactly what renderMarkdown prints, in colour and without, at any width.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import { renderMarkdown } from '../../src/ui/markdown.js';
import { renderPlainBold } from '../../src/ui/plain-markdown.js';
import { ROOT } from '../helpers.js';

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

/** Every question of the bundled decks, both editions. */
const questions = ['zh', 'en'].flatMap((lang) =>
  readdirSync(join(ROOT, 'decks', lang))
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => parseDeck(readFileSync(join(ROOT, 'decks', lang, f), 'utf8'), f).deck?.cards ?? [])
    .map((c) => c.question),
);

/** Same output as marked, or none (then the caller uses marked). */
function agrees(q: string, width: number): boolean | undefined {
  const md = `**${q}**`;
  const plain = renderPlainBold(md, width);
  if (plain === undefined) return undefined;
  expect(plain, JSON.stringify(q)).toBe(renderMarkdown(md, width));
  return true;
}

describe('renderPlainBold', () => {
  it.each([0, 3] as const)('renders the bundled questions as marked does (chalk level %i)', (l) => {
    chalk.level = l;
    let plain = 0;
    for (const q of questions) for (const w of [24, 80]) if (agrees(q, w)) plain++;
    expect(questions.length).toBeGreaterThan(600);
    // Nearly all questions are plain: the study screen shows them without loading marked.
    expect(plain).toBeGreaterThan(questions.length * 2 * 0.9);
  });

  it.each([
    'How does function calling (tool use) work? Who executes the tool?',
    '什么是 KV cache？为什么它能加速自回归解码？',
    '"Quoted" and \'single\', 50% off: a/b, c-d, e=f; done!',
    '(parenthesised)',
    '?',
    'a    b',
    // TeX is turned into Unicode first, as renderMarkdown does.
    '合成问题 1-2：注意力机制中 $QK^\\top$ 的作用是什么？',
    'Why divide by $\\sqrt{d_k}$ in attention?',
  ])('shows %j bold without marked, as marked does', (q) => {
    for (const l of [0, 3] as const) {
      chalk.level = l;
      for (const w of [10, 40, 100]) expect(agrees(q, w)).toBe(true);
    }
  });

  it.each([
    ['emphasis inside', 'a *b* c'],
    ['code', 'what is `x`?'],
    ['TeX left as source', 'what is $\\begin{pmatrix}a\\end{pmatrix}$?'],
    ['TeX made into a Markdown escape', 'what is $a*b$?'],
    ['an entity', 'a &amp; b'],
    ['HTML', 'a <b>c</b>'],
    ['a link', 'see [x](y)'],
    ['a URL', 'see https://example.com'],
    ['www', 'see www.example.com'],
    ['an email', 'mail a@b.co'],
    ['a space at the end', 'x '],
    ['a space at the start', ' x'],
    ['a newline', 'a\nb'],
    ['a tab', 'a\tb'],
    ['an escape character', 'a\u001B[31mb'],
    ['a backslash', 'a \\* b'],
  ])('leaves text with %s to marked', (_what, q) => {
    expect(renderPlainBold(`**${q}**`, 80)).toBeUndefined();
  });

  it('leaves anything but one bold span to marked', () => {
    for (const md of ['plain', '**a**\n\nbody', '# **a**', '**a** b', '****', '** **'])
      expect(renderPlainBold(md, 80)).toBeUndefined();
  });

  // Mostly the characters it takes (so most runs compare), then anything (so it must refuse right).
  it.each([
    ['plain characters', 'ab Z9 .,;:!?()\'"/-+=%#^{}中文，。？！（）'],
    ['TeX', 'ab x $$$^_{}\\\\ .,()中'],
    ['any characters', 'ab Z9 .,;:!?()\'"/-+=%#^{}*_`~\\[]<>&$|@\n\t中文，。？！（）'],
  ])('agrees with marked on any text it takes: %s (property)', (_what, alphabet) => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet.split('')), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 8, max: 100 }),
        fc.boolean(),
        (cs, w, colour) => {
          chalk.level = colour ? 3 : 0;
          if (agrees(cs.join(''), w)) compared++;
        },
      ),
      { numRuns: 400, seed: 16 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
