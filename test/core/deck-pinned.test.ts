/**
 * Pins parseDeck's whole output (cards and problems, key order included, since `list --json` prints
 * them as they are) on a frozen corpus: copies of bundled decks and fixture files in
 * test/fixtures/deck-pinned (copies, so that editing the bank never trips this test), the
 * benchmark's synthetic decks and a seeded corpus of damaged decks. The parser is rewritten for speed
 * from time to time; this test is the proof that a rewrite changes no parsed result and no problem
 * message. Each result is pinned by a hash, with its card count and problem lines in clear so that a
 * change shows where. The snapshot was written by the parser before the rewrite of December 2026.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import { prng } from '../../src/core/random.js';
import { ROOT } from '../helpers.js';

const CORPUS = join(ROOT, 'test', 'fixtures', 'deck-pinned');
const corpus = (name: string) => readFileSync(join(CORPUS, name), 'utf8');

/** The benchmark's deck text (scripts/synth.mjs writeDecks), for deck `f` of `per` cards. */
function synthDeck(f: number, per: number): string {
  const parts = [
    `---\nid: synth-${f}\ntitle: Synthetic deck ${f}\nlanguage: zh\ntopics: [synth, topic-${f % 10}]\ndescription: generated for benchmarks\n---\n`,
  ];
  for (let i = 0; i < per; i++) {
    parts.push(
      `## 合成问题 ${f}-${i}：注意力机制中 $QK^\\top$ 的作用是什么？\n<!-- id: s${f}-${i}; topics: t${i % 7}; level: ${1 + (i % 3)} -->\n\n### Answer\n\n这是第 ${i} 个答案。它包含 **粗体**、\`code\` 和公式 $h_{t-1}$。\n\n\`\`\`python\nprint(${i})\n\`\`\`\n\n### Key points\n\n- 要点一\n- 要点二\n`,
    );
  }
  return parts.join('\n');
}

/** Lines that steer the parser down its rarer paths when dropped into a deck. */
const TRICKY = [
  '---',
  '...',
  '--- js',
  '## ',
  '## Heading with closing hashes ##',
  '##No space',
  '### Answer',
  '### 答案 ##',
  '### Key points',
  '### 要点',
  '### Details',
  '### 详解',
  '```',
  '````python',
  '~~~',
  '``` `bad info`',
  '<!-- id: x1; topics: Bad Topic; level: 7; seed: 0, 3; group: G; runnable: ruby; draft: maybe -->',
  '<!-- id: x2',
  '-->',
  '<!-- __proto__: 1; constructor: 2; unknown: 3; flag -->',
  '<!-- id: dup; follow-up: ok-id, Bad Id -->',
  '<!-- id: dup -->',
  '<!-- id: Bad_Id!; level: 2; seed: 5; group: ok-group; runnable: python; draft: true -->',
  `<!-- ${Array.from({ length: 33 }, (_, i) => `k${i}: v`).join('; ')} -->`,
  '<!-- topics: a,, b; seed: 1, x -->',
  `${'word '.repeat(2100)}`,
  '- key point',
  '* another point',
  '  continued point text',
  '> > > > > > > > > > > > > > > > > > deep quote',
  '- - - - - - - - - - - - - - - - - - deep list',
  '{{c1::cloze}} and {{c2::other::hint}}',
  '{{c1::unclosed',
  'x'.repeat(10_001),
  '',
  '   ',
  '\t- tabbed',
  'title: Changed',
  'topics: [a, B]',
  'version: -1',
  'description: >-',
  '  folded',
  'id: "quoted-id"',
  "title: 'single # quoted'",
  'description: text # comment',
  'extra: [1, 2]',
  '__proto__: {polluted: true}',
  // Whole cards, each with one kind of mistake (an entry may span lines).
  '## Dup?\n<!-- id: dup -->\n### Answer\nA\n## Dup again?\n<!-- id: dup -->\n### Answer\nB',
  `## Paragraph?\n<!-- id: p1 -->\n### Answer\n${'word '.repeat(20).concat('\n').repeat(110)}`,
  '## Bad meta?\n<!-- id: x1; topics: Bad Topic; level: 7; seed: 0, 3; group: G; runnable: ruby; draft: maybe -->\n### Answer\nA',
  '## Follow?\n<!-- id: f1; follow-up: ok-id, Bad Id; level: 2; seed: 5; group: ok-group; runnable: python -->\n### Answer\nA',
  '## Open?\n<!-- id: o1\n### Answer\nA',
  '## Spans?\n<!-- id: sp1;\n topics: multi;\n level: 3 -->\n### Answer\nA\n### Details\nMore',
  `## Keys?\n<!-- ${Array.from({ length: 33 }, (_, i) => `k${i}: v`).join('; ')} -->\n### Answer\nA`,
  `## Long?\n<!-- id: l1 -->\n### Answer\n${'word '.repeat(2100)}`,
  `## Many lines?\n<!-- id: ml1 -->\n### Answer\n${'a\n\n'.repeat(1001)}`,
  '## Draft?\n<!-- id: d1; draft: true -->\nbody',
  '## Cloze {{c1::one}} {{c2::two::hint}}\n<!-- id: cz1 -->\nmore {{c1::x}}',
  '## Trailing text?\n<!-- id: tt1; level: 2 --> trailing\n### Answer\nA',
  '## Tight?\n  <!--id:tt2;topics:a,b,,c-->  \n### Answer\nA',
  '## Empty comment?\n<!---->\n### Answer\nA',
  '## Spaced\u3000heading ##\u3000\n<!-- id: tt3 -->\n### Answer\n\u3000\n  A  \n\u3000',
  '## Hash#inside # not closing #x\n<!-- id: tt4 -->\n### Key points\n- a\n  b\n\tc\n-  \n### Answer\nA',
  '##\t\tTabbed heading\t#\n<!-- ID: tt5; Topics: X; DRAFT -->',
  '1. numbered',
  '2) numbered',
  '\uFEFF---',
];

/** A deck damaged by `n` seeded edits: lines dropped, repeated, swapped or replaced by tricky ones. */
function damaged(base: string, seed: number, n: number): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const lines = base.split('\n');
  // Most edits land in the body, so that most decks get as far as their cards.
  const body = lines.indexOf('---', 1) + 1;
  for (let k = 0; k < n; k++) {
    const from = rand() < 0.85 ? body : 0;
    const i = from + Math.floor(rand() * (lines.length - from));
    const r = rand();
    if (r < 0.2) lines.splice(i, 1);
    else if (r < 0.35) lines.splice(i, 0, lines[i] ?? '');
    else if (r < 0.5) {
      const j = Math.floor(rand() * lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    } else if (r < 0.75) lines.splice(i, 0, pick(TRICKY));
    else lines[i] = pick(TRICKY);
  }
  return lines.join(rand() < 0.2 ? '\r\n' : '\n');
}

interface Pinned {
  cards: number;
  problems: string[];
  sha: string;
}

function pin(text: string, file: string): Pinned {
  const result = parseDeck(text, file);
  return {
    cards: result.deck?.cards.length ?? -1,
    problems: result.problems.map((p) => `${p.line} ${p.severity} ${p.key}`),
    sha: createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 16),
  };
}

describe('parseDeck output is pinned', () => {
  it('on copies of bundled decks and fixture files', () => {
    const out: Record<string, Pinned> = {};
    for (const name of readdirSync(CORPUS).sort()) out[name] = pin(corpus(name), name);
    expect(Object.keys(out).length).toBe(12);
    expect(out).toMatchSnapshot();
  });

  it('on the synthetic benchmark decks', () => {
    const out = [0, 1, 7].map((f) => pin(synthDeck(f, 40), `deck-${f}.md`));
    expect(out[0]?.cards).toBe(40);
    expect(out).toMatchSnapshot();
  });

  it('on 400 seeded damaged decks', () => {
    const bases = [
      synthDeck(3, 6),
      readFileSync(join(ROOT, 'decks', 'en', 'attention.md'), 'utf8')
        .split('\n')
        .slice(0, 120)
        .join('\n'),
      readFileSync(join(ROOT, 'decks', 'zh', 'coding.md'), 'utf8')
        .split('\n')
        .slice(0, 120)
        .join('\n'),
      readFileSync(join(ROOT, 'test', 'fixtures', 'e2e', 'e2e.md'), 'utf8'),
    ];
    const out: Pinned[] = [];
    for (let s = 1; s <= 400; s++) {
      out.push(pin(damaged(bases[s % bases.length] as string, s, 1 + (s % 9)), `m${s}.md`));
    }
    // The corpus reaches both outcomes: decks that still load and decks refused outright.
    expect(out.some((p) => p.cards > 0)).toBe(true);
    expect(out.some((p) => p.cards === -1)).toBe(true);
    expect(out).toMatchSnapshot();
  });
});
