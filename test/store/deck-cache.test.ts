// The deck caches: per-file parse results (cache/decks.json) and the whole collection of the
// chosen editions (cache/collection.json). A cached load must equal an uncached one, and any
// change to any file (the other edition's included) or to the edition choice must miss.
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
