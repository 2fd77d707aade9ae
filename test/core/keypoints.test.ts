import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKeyPoints, stem, suggestGrade } from '../../src/core/keypoints.js';
import { parseSynonyms, readSynonyms } from '../../src/store/synonyms.js';

const root = join(import.meta.dirname, '..', '..');
const synonyms = readSynonyms(join(root, 'decks', 'synonyms.yaml'));

interface Labelled {
  cards: {
    question: string;
    keyPoints: string[];
    answers: { kind: string; lang: string; typed: string; covered: boolean[] }[];
  }[];
}

describe('checkKeyPoints', () => {
  it('the bundled synonym list loads with 20–60 bilingual groups', () => {
    expect(synonyms.length).toBeGreaterThanOrEqual(20);
    expect(synonyms.length).toBeLessThanOrEqual(60);
    expect(synonyms.filter((g) => g.some((s) => /[\u4e00-\u9fff]/.test(s))).length).toBeGreaterThanOrEqual(20);
  });

  it('matches an answer in the other language through the synonym list', () => {
    const [r] = checkKeyPoints('分组查询注意力让 KV 缓存变小', ['GQA shrinks the KV cache'], synonyms);
    expect(r?.covered).toBe(true);
    expect(r?.matched).toEqual(expect.arrayContaining(['GQA', 'KV cache']));
    const [none] = checkKeyPoints('分组查询注意力让 KV 缓存变小', ['GQA shrinks the KV cache'], []);
    expect(none?.covered).toBe(false);
  });

  it('compares numbers by value: 1/2 = 0.5 = 50%, 16B = 16 bytes', () => {
    expect(checkKeyPoints('about 1/2 of it', ['0.5 share'], [])[0]?.matched).toEqual(['0.5']);
    expect(checkKeyPoints('roughly 50% of it', ['0.5 share'], [])[0]?.matched).toEqual(['0.5']);
    expect(checkKeyPoints('16B per element', ['16 bytes'], [])[0]?.matched).toEqual(['16']);
    expect(checkKeyPoints('省 4 倍', ['saves 4×'], synonyms)[0]?.covered).toBe(true);
    expect(checkKeyPoints('saves 3x', ['saves 4×'], [])[0]?.matched).toEqual(['saves']);
  });

  it('stems English lightly and ignores stop words', () => {
    expect(stem('tokens')).toBe(stem('token'));
    expect(stem('caching')).toBe(stem('cached'));
    expect(stem('batches')).toBe(stem('batch'));
    // "the", "of", "a" carry nothing: only "eviction" and "policy" count.
    const [r] = checkKeyPoints('policy', ['the eviction of a policy'], []);
    expect(r?.matched).toEqual(['policy']);
    expect(r?.covered).toBe(true);
  });

  it('suggests a grade from the share of key points covered', () => {
    const res = (covered: boolean[]) => covered.map((c) => ({ point: '', covered: c, matched: [] }));
    expect(suggestGrade(res([false, false, false, false]))).toBe(1);
    expect(suggestGrade(res([true, false, false, false]))).toBe(1);
    expect(suggestGrade(res([true, true, false, false]))).toBe(2);
    expect(suggestGrade(res([true, true, true, false]))).toBe(3);
    expect(suggestGrade(res([true, true, true, true]))).toBe(4);
  });

  it('ignores malformed synonym entries', () => {
    expect(parseSynonyms('groups:\n  - [a, b]\n  - 3\n  - [1, "", c]\n')).toEqual([['a', 'b'], ['c']]);
    expect(parseSynonyms('nothing: here\n')).toEqual([]);
  });

  it('agrees with the hand-labelled set on at least 85 % overall and per language', () => {
    const data = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'keypoints', 'labelled.json'), 'utf8')) as Labelled;
    const stats = new Map<string, { agree: number; n: number; tp: number; fp: number; fn: number }>();
    const add = (k: string, label: boolean, got: boolean) => {
      const s = stats.get(k) ?? { agree: 0, n: 0, tp: 0, fp: 0, fn: 0 };
      s.n++;
      if (label === got) s.agree++;
      if (got && label) s.tp++;
      if (got && !label) s.fp++;
      if (!got && label) s.fn++;
      stats.set(k, s);
    };
    const misses: string[] = [];
    for (const card of data.cards) {
      for (const a of card.answers) {
        const got = checkKeyPoints(a.typed, card.keyPoints, synonyms);
        got.forEach((g, i) => {
          const label = a.covered[i] as boolean;
          add('all', label, g.covered);
          add(a.lang, label, g.covered);
          if (label !== g.covered) misses.push(`${a.lang} ${a.kind} label=${label} «${g.point}» matched=${g.matched.join('|')}`);
        });
      }
    }
    for (const [k, s] of stats) {
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      console.log(
        `key points ${k}: n=${s.n} agreement ${pct(s.agree / s.n)} precision ${pct(s.tp / (s.tp + s.fp))} recall ${pct(s.tp / (s.tp + s.fn))}`,
      );
    }
    if (misses.length) console.log(`disagreements:\n${misses.join('\n')}`);
    expect(stats.get('en')?.n).toBeGreaterThanOrEqual(50);
    expect(stats.get('zh')?.n).toBeGreaterThanOrEqual(50);
    for (const k of ['all', 'en', 'zh']) {
      const s = stats.get(k);
      expect(s && s.agree / s.n, k).toBeGreaterThanOrEqual(0.85);
    }
  });
});
