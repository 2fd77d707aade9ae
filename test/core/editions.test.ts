// Two language editions of one deck: same ids and structure, the wanted one loaded, the other
// checked against it and (deck_language both) its question shown under the first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/core/deck.js';
import { compareEditions, languageMatches, pickEdition } from '../../src/core/editions.js';
import { editionFor } from '../../src/core/settings.js';
import { loadCollection } from '../../src/store/decks.js';
import { runCli, tmp } from '../helpers.js';

/** Writes files (relative path → text) under `dir`. */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
}

interface C {
  id: string;
  q: string;
  meta?: string;
  kps?: string[];
}
function deck(lang: string, cards: C[], topics = '[attention]'): string {
  const body = cards
    .map((c) => {
      const kps = (c.kps ?? ['one', 'two']).map((k) => `- ${k}`).join('\n');
      return `## ${c.q}\n<!-- id: ${c.id}${c.meta ? `; ${c.meta}` : ''} -->\n\n### Answer\n\n${c.q} — answer.\n\n### Key points\n\n${kps}\n`;
    })
    .join('\n');
  return `---\nid: fixture-attention\ntitle: Attention (${lang})\nlanguage: ${lang}\ntopics: ${topics}\ndescription: d\n---\n\n${body}`;
}
const ZH: C[] = [
  { id: 'fx-gqa', q: '分组查询注意力解决什么问题？', meta: 'topics: kv-cache; level: 2; group: attn' },
  { id: 'fx-mqa', q: '什么是多查询注意力？', meta: 'level: 1; follow-up: fx-gqa' },
];
const EN: C[] = [
  { id: 'fx-gqa', q: 'What problem does grouped-query attention solve?', meta: 'topics: kv-cache; level: 2; group: attn' },
  { id: 'fx-mqa', q: 'What is multi-query attention?', meta: 'level: 1; follow-up: fx-gqa' },
];
const parse = (text: string, file: string) => {
  const d = parseDeck(text, file).deck;
  if (!d) throw new Error(`fixture ${file} does not parse`);
  return d;
};
const keys = (ps: { key?: string }[]) => ps.map((p) => p.key);

describe('compareEditions', () => {
  it('finds nothing when only the prose differs', () => {
    expect(compareEditions(parse(deck('zh', ZH), 'zh.md'), parse(deck('en', EN), 'en.md'))).toEqual([]);
  });

  it('reports a missing card, an extra card, and cards in another order, in the other edition’s file', () => {
    const base = parse(deck('zh', ZH), 'zh.md');
    const missing = compareEditions(base, parse(deck('en', EN.slice(0, 1)), 'en.md'));
    expect(keys(missing)).toEqual(['problem.edition.missingCard']);
    expect(missing[0]?.file).toBe('en.md');
    const extra = compareEditions(base, parse(deck('en', [...EN, { id: 'fx-mla', q: 'What is MLA?' }]), 'en.md'));
    expect(keys(extra)).toEqual(['problem.edition.extraCard']);
    const order = compareEditions(base, parse(deck('en', [EN[1] as C, EN[0] as C]), 'en.md'));
    expect(keys(order)).toEqual(['problem.edition.order']);
  });

  it('reports each shared field that differs: topics, key-point count, group, level, follow-ups', () => {
    const other: C[] = [
      { id: 'fx-gqa', q: 'Q1', meta: 'topics: moe; level: 3', kps: ['only one'] },
      { id: 'fx-mqa', q: 'Q2', meta: 'level: 1' },
    ];
    const ps = compareEditions(parse(deck('zh', ZH), 'zh.md'), parse(deck('en', other), 'en.md'));
    const fields = ps.map((p) => `${p.params?.id}:${p.params?.field}`);
    expect(fields).toEqual(['fx-gqa:topics', 'fx-gqa:key points', 'fx-gqa:group', 'fx-gqa:level', 'fx-mqa:follow-up']);
  });

  it('reports deck topics that differ', () => {
    const ps = compareEditions(parse(deck('zh', ZH), 'zh.md'), parse(deck('en', EN, '[attention, transformer]'), 'en.md'));
    expect(keys(ps)).toContain('problem.edition.deckTopics');
  });
});

describe('choosing an edition', () => {
  it('matches language tags by prefix and falls back to the first edition', () => {
    expect(languageMatches('zh-CN', 'zh')).toBe(true);
    expect(languageMatches('en', 'zh')).toBe(false);
    const zh = parse(deck('zh', ZH), 'zh.md');
    const en = parse(deck('en', EN), 'en.md');
    expect(pickEdition([zh, en], 'en')).toBe(en);
    expect(pickEdition([zh, en], 'fr')).toBe(zh);
  });

  it('deck_language zh/en wins over the interface language; auto and both follow it', () => {
    expect(editionFor('zh', 'en')).toEqual({ language: 'zh', both: false });
    expect(editionFor('auto', 'en')).toEqual({ language: 'en', both: false });
    expect(editionFor(undefined, 'zh')).toEqual({ language: 'zh', both: false });
    expect(editionFor('both', 'zh')).toEqual({ language: 'zh', both: true });
  });
});

describe('loadCollection with editions', () => {
  function tree(): string {
    const dir = tmp();
    mkdirSync(join(dir, 'zh'));
    mkdirSync(join(dir, 'en'));
    writeTree(dir, { 'zh/attention.md': deck('zh', ZH), 'en/attention.md': deck('en', EN) });
    return dir;
  }

  it('loads one edition per deck id, without duplicate-id errors, by the wanted language', () => {
    const dir = tree();
    const en = loadCollection([dir], undefined, { language: 'en' });
    expect(en.problems).toEqual([]);
    expect(en.cards.map((c) => c.question)).toEqual(EN.map((c) => c.q));
    const zh = loadCollection([dir], undefined, { language: 'zh' });
    expect(zh.cards.map((c) => c.question)).toEqual(ZH.map((c) => c.q));
    expect(zh.decks).toHaveLength(1);
  });

  it('with both, each card carries the other edition’s question', () => {
    const col = loadCollection([tree()], undefined, { language: 'zh', both: true });
    expect(col.byId.get('fx-gqa')?.altQuestion).toBe(EN[0]?.q);
  });

  it('reports a disagreeing edition and still loads the wanted one', () => {
    const dir = tree();
    writeTree(dir, { 'en/attention.md': deck('en', EN.slice(0, 1)) });
    const col = loadCollection([dir], undefined, { language: 'zh' });
    expect(keys(col.problems)).toEqual(['problem.edition.missingCard']);
    expect(col.cards).toHaveLength(2);
  });

  it('two files with one deck id in the same language are still a duplicate', () => {
    const dir = tree();
    writeTree(dir, { 'zh/copy.md': deck('zh', [{ id: 'other-card', q: 'x' }]) });
    const col = loadCollection([dir], undefined, { language: 'zh' });
    expect(keys(col.problems)).toEqual(['problem.edition.sameLanguage']);
  });
});

describe('the edition a user sees, through the CLI', () => {
  it('follows LANG, then `config set deck_language`; a bad value is refused', () => {
    const home = tmp();
    const dir = join(home, 'mydecks');
    mkdirSync(join(dir, 'zh'), { recursive: true });
    mkdirSync(join(dir, 'en'));
    writeTree(dir, { 'zh/attention.md': deck('zh', ZH), 'en/attention.md': deck('en', EN) });
    const list = (env: Record<string, string> = {}) => {
      const r = runCli(['list', '--deck', 'fixture-attention', '--json', '--decks', dir], { home, env });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { question: string }[]).map((x) => x.question);
    };
    expect(list()).toEqual(EN.map((c) => c.q));
    expect(list({ LANG: 'zh_CN.UTF-8' })).toEqual(ZH.map((c) => c.q));
    expect(runCli(['config', 'set', 'deck_language', 'zh'], { home }).code).toBe(0);
    expect(list()).toEqual(ZH.map((c) => c.q));
    expect(runCli(['config', 'set', 'deck_language', 'klingon'], { home }).code).not.toBe(0);
  });
});
