// The deck caches: per-file parse results (cache/decks.json) and the whole collection of the
// chosen editions (cache/collection.json). A cached load must equal an uncached one, and any
// change to any file (the other edition's included) or to the edition choice must miss.
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Card, Deck } from '../../src/core/deck.js';
import { plainCard } from '../../src/store/card-rows.js';
import { DeckCache } from '../../src/store/deck-cache.js';
import { loadCollection } from '../../src/store/decks.js';
import { tmp } from '../helpers.js';

function deck(lang: string, q1: string, q2: string): string {
  const card = (id: string, q: string) =>
    `## ${q}\n<!-- id: ${id}; level: 1 -->\n\n### Answer\n\n${q} answer.\n\n### Key points\n\n- one\n- two\n`;
  return `---\nid: fx\ntitle: Fixture (${lang})\nlanguage: ${lang}\ntopics: [attention]\ndescription: d\n---\n\n${card('fx-a', q1)}\n${card('fx-b', q2)}`;
}

function setup() {
  const root = tmp('llmq-deckcache-');
  const decks = join(root, 'decks');
  mkdirSync(join(decks, 'zh'), { recursive: true });
  mkdirSync(join(decks, 'en'), { recursive: true });
  writeFileSync(join(decks, 'zh', 'fx.md'), deck('zh', '甲是什么？', '乙是什么？'));
  writeFileSync(join(decks, 'en', 'fx.md'), deck('en', 'What is A?', 'What is B?'));
  const cacheFile = join(root, 'cache', 'decks.json');
  const load = (language = 'en') => loadCollection([decks], new DeckCache(cacheFile, 'test'), { language });
  const plain = (language = 'en') => loadCollection([decks], undefined, { language });
  return { root, decks, cacheFile, load, plain };
}

const view = (c: ReturnType<typeof loadCollection>) => ({
  cards: c.cards.map((x) => [x.id, x.question, x.answer]),
  ids: [...c.byId.keys()],
  problems: c.problems.map((p) => [p.file, p.line, p.key]),
});

describe('deck caches', () => {
  it('a load answered from the collection cache equals an uncached load, without the per-file cache', () => {
    const s = setup();
    const first = s.load();
    expect(existsSync(join(s.root, 'cache', 'collection.json'))).toBe(true);
    // With the per-file cache gone, a hit must come from the collection cache alone.
    rmSync(s.cacheFile);
    const second = s.load();
    expect(view(second)).toEqual(view(first));
    expect(view(second)).toEqual(view(s.plain()));
    expect(second.cards.map((c) => c.question)).toEqual(['What is A?', 'What is B?']);
    expect(existsSync(s.cacheFile)).toBe(false);
  });

  it('misses when the other edition changes: its disagreement is reported', () => {
    const s = setup();
    expect(s.load().problems).toEqual([]);
    // The zh edition loses a card: the en collection must now carry the edition problem.
    const zh = join(s.decks, 'zh', 'fx.md');
    writeFileSync(zh, deck('zh', '甲是什么？', '乙是什么？').replace(/## 乙[\s\S]*$/, ''));
    utimesSync(zh, new Date(), new Date(Date.now() + 5000));
    const after = s.load();
    expect(after.problems.length).toBeGreaterThan(0);
    expect(view(after)).toEqual(view(s.plain()));
  });

  it('misses when the edition choice changes', () => {
    const s = setup();
    s.load('en');
    expect(s.load('zh').cards.map((c) => c.question)).toEqual(['甲是什么？', '乙是什么？']);
    expect(s.load('en').cards.map((c) => c.question)).toEqual(['What is A?', 'What is B?']);
  });

  it('a corrupt collection cache is ignored and rewritten', () => {
    const s = setup();
    s.load();
    writeFileSync(join(s.root, 'cache', 'collection.json'), '{"version":2,"program":"test","key":');
    expect(view(s.load())).toEqual(view(s.plain()));
    expect(view(s.load())).toEqual(view(s.plain()));
  });
});

describe('collection cache shape (light rows first, bodies after)', () => {
  // Every field of Card: a field added to Card without a place in the cache fails to compile here.
  const full: Required<Card> = {
    id: 'fx-full',
    deckId: 'fx',
    deckTitle: 'Fixture',
    file: 'decks/fx.md',
    line: 9,
    question: 'What is {{c1::A}}?',
    questionBody: 'Body with `code`.',
    answer: 'The answer.\n\n```py\nprint(1)\n```',
    keyPoints: ['one', 'two'],
    details: 'Details.',
    followUps: ['fx-a'],
    topics: ['attention', 'fx'],
    level: 2,
    seeds: [3, 5],
    group: 'g1',
    runnable: 'python',
    draft: false,
    idDerived: true,
    cloze: 1,
    altQuestion: '甲是什么？',
  };
  const minimal: Card = { ...full, id: 'fx-min', questionBody: '', keyPoints: [], draft: true, idDerived: false };
  for (const k of ['details', 'followUps', 'altQuestion', 'level', 'group', 'runnable', 'cloze'] as const) delete minimal[k];
  const decks: Deck[] = [
    {
      meta: { id: 'fx', title: 'Fixture', language: 'en', topics: ['fx'], description: 'd' },
      file: 'decks/fx.md',
      cards: [full, minimal],
    },
  ];
  const noFallback = (): never => {
    throw new Error('fallback used');
  };

  function saved() {
    const root = tmp('llmq-collection-');
    const file = join(root, 'cache', 'decks.json');
    const cache = new DeckCache(file, 'test');
    cache.setCollection('k', { decks, problems: [] });
    cache.save();
    return { file: join(root, 'cache', 'collection.json'), cache: () => new DeckCache(file, 'test') };
  }

  it('gives back every field of every card, in the parser order, and the deck fields from the deck', () => {
    const s = saved();
    const hit = s.cache().collection('k', noFallback);
    const cards = hit?.decks[0]?.cards ?? [];
    expect(cards.map(plainCard)).toEqual([full, minimal]);
    expect(Object.keys(plainCard(cards[0] as Card))).toEqual(Object.keys(full));
    expect(JSON.stringify(cards.map(plainCard))).toBe(JSON.stringify([full, minimal]));
    // The first line holds no body: the answer text is only on the card's own line.
    const [head, ...bodies] = readFileSync(s.file, 'utf8').split('\n');
    expect(head).not.toContain('The answer.');
    expect(head).not.toContain('deckTitle');
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('The answer.');
  });

  it('misses on another key or program, and on a file of the previous version (one JSON object)', () => {
    const s = saved();
    expect(s.cache().collection('other', noFallback)).toBeUndefined();
    expect(new DeckCache(join(dirname(s.file), 'decks.json'), 'other').collection('k', noFallback)).toBeUndefined();
    writeFileSync(s.file, JSON.stringify({ version: 2, program: 'test', key: 'k', value: { decks, problems: [] } }));
    expect(s.cache().collection('k', noFallback)).toBeUndefined();
  });

  it('misses on rows of the wrong shape instead of building broken cards', () => {
    const s = saved();
    const [head, ...bodies] = readFileSync(s.file, 'utf8').split('\n');
    const bad = JSON.parse(head as string);
    bad.decks[0].cards[1][1] = 'nine';
    writeFileSync(s.file, [JSON.stringify(bad), ...bodies].join('\n'));
    expect(s.cache().collection('k', noFallback)).toBeUndefined();
  });

  it('reads a body only when asked, and a damaged body line from the deck file', () => {
    const s = saved();
    const [head, first] = readFileSync(s.file, 'utf8').split('\n');
    writeFileSync(s.file, `${head}\n${first}\n["cut`);
    const asked: string[] = [];
    const hit = s.cache().collection('k', (c) => {
      asked.push(c.id);
      return { questionBody: '', answer: 'from the deck file', keyPoints: ['k'] };
    });
    const [a, b] = hit?.decks[0]?.cards ?? [];
    expect(b?.question).toBe(full.question);
    expect(asked).toEqual([]);
    expect(a?.answer).toBe(full.answer);
    expect(b?.answer).toBe('from the deck file');
    expect(b?.keyPoints).toEqual(['k']);
    expect(asked).toEqual(['fx-min']);
  });

  it('a hit gives each card its own body, whatever order the cards are read in', () => {
    const root = tmp('llmq-deckcache-');
    const decks = join(root, 'decks');
    mkdirSync(decks, { recursive: true });
    const cards = Array.from({ length: 7 }, (_, i) => `## Q${i}?\n<!-- id: q${i} -->\n\n### Answer\n\nA${i}.\n`).join('\n');
    writeFileSync(join(decks, 'd.md'), `---\nid: d\ntitle: D\nlanguage: en\ntopics: [x]\ndescription: d\n---\n\n${cards}`);
    const load = () => loadCollection([decks], new DeckCache(join(root, 'cache', 'decks.json'), 'test'));
    load();
    for (const order of [
      [6, 0, 3, 5, 1, 2, 4],
      [2, 1, 0, 6, 5, 4, 3],
    ]) {
      const hit = load();
      expect(order.map((i) => hit.cards[i]?.answer)).toEqual(order.map((i) => `A${i}.`));
    }
  });

  it('a deleted collection cache is rebuilt, and a hit whose body line is damaged re-reads the deck', () => {
    const s = setup();
    s.load();
    const file = join(s.root, 'cache', 'collection.json');
    rmSync(file);
    expect(view(s.load())).toEqual(view(s.plain()));
    expect(existsSync(file)).toBe(true);
    const [head] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${head}\n{}\n{}`);
    const hit = s.load();
    expect(hit.cards.map((c) => [c.answer, c.keyPoints])).toEqual([
      ['What is A? answer.', ['one', 'two']],
      ['What is B? answer.', ['one', 'two']],
    ]);
  });
});
