/**
 * Offline key-point check: which of a card's key points does a typed answer cover? Pure.
 *
 * Each key point is reduced to content tokens: terms from the bilingual synonym list (so `GQA`,
 * `grouped-query attention` and `分组查询注意力` are one token), numbers by value, English words
 * lower-cased and lightly stemmed, Chinese words from Intl.Segmenter; stop words are dropped.
 * A point counts as covered when at least COVER_THRESHOLD of its tokens appear in the answer.
 */
import type { Rating } from './progress.js';

/** Groups of interchangeable terms, any language; the first entry names the group. */
export type Synonyms = readonly (readonly string[])[];

export interface KeyPointResult {
  point: string;
  covered: boolean;
  /** The key point's tokens that the answer contains (synonym groups shown by their first term). */
  matched: string[];
}

/**
 * Share of a key point's content tokens that must appear. Chosen on the labelled set
 * (test/fixtures/keypoints/labelled.json, 160 judgements): agreement was 93.1 % at 0.34, 93.8 % at
 * 0.4 and 0.5, 91.9 % at 0.6 and 85.6 % at 0.67. 0.5 keeps the best agreement with higher precision
 * than 0.4: a point wrongly ticked flatters the user, which is worse than one wrongly missed.
 */
export const COVER_THRESHOLD = 0.5;

const EN_STOP = new Set(
  (
    'a an the and or of to in on at by for with from as is are was were be been being it its this that these ' +
    'those which who what when where how why than then so not no but if into over per each every all any ' +
    'about via vs only also more most less can could would should may might will do does did has have had ' +
    'one same other such there their they them we you your our his her i me my up out just very much many ' +
    'instead both either neither while because whose own too off usually often still itself e g eg ie etc'
  ).split(' '),
);

const ZH_STOP = new Set(
  '的 了 是 在 和 与 及 或 把 被 就 都 也 而 等 个 这 那 其 之 为 对 从 以 于 由 则 但 并 且 会 要 可 能 可以 一个 一种 这个 那个 即 如 比 用 让 还 再 又 很 更 最 没有 不 没 所以 因为 如果 就是 还是 通过 进行 使用 我们 它 他们'.split(
    ' ',
  ),
);

const CJK = /[\u3400-\u9fff]/;
const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Light English stemming: plural -s/-es, -ing, -ed. Short words are left alone. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  // `caching` → `cach`, `cached` → `cach`, `cache` → `cach`: one stem.
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** A number token's canonical text: 1/2, 0.5 and 50% all become `n:0.5`; 16 stays `n:16`. */
function numberToken(raw: string): string[] {
  const frac = /^(\d+)\/(\d+)$/.exec(raw);
  if (frac) {
    const d = Number(frac[2]);
    return d === 0 ? [] : [`n:${+(Number(frac[1]) / d).toPrecision(6)}`];
  }
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(raw);
  if (pct) return [`n:${+Number(pct[1]).toPrecision(6)}`, `n:${+(Number(pct[1]) / 100).toPrecision(6)}`];
  const v = Number(raw.replace(/,/g, ''));
  return Number.isFinite(v) ? [`n:${+v.toPrecision(6)}`] : [];
}

interface Compiled {
  /** Variants, longest first, with the group index they stand for. */
  variants: { text: string; group: number; ascii: boolean }[];
  names: string[];
}

function compile(synonyms: Synonyms): Compiled {
  const variants: Compiled['variants'] = [];
  synonyms.forEach((g, group) => {
    for (const v of g) {
      const text = v.normalize('NFKC').toLowerCase().trim();
      if (text) variants.push({ text, group, ascii: !CJK.test(text) });
    }
  });
  variants.sort((a, b) => b.text.length - a.text.length);
  return { variants, names: synonyms.map((g) => g[0] ?? '') };
}

const compiledCache = new WeakMap<Synonyms, Compiled>();

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9]/.test(ch);
}

/**
 * Replaces every synonym variant with a placeholder `\u0000<group>\u0000` (longest first, so
 * `grouped-query attention` wins over `attention`); Latin variants only at word boundaries.
 */
function replaceSynonyms(text: string, c: Compiled): { text: string; groups: Set<number> } {
  let out = text;
  const groups = new Set<number>();
  for (const v of c.variants) {
    let from = 0;
    for (;;) {
      const at = out.indexOf(v.text, from);
      if (at < 0) break;
      const end = at + v.text.length;
      if (v.ascii && (isWordChar(out[at - 1]) || isWordChar(out[end]))) {
        from = at + 1;
        continue;
      }
      groups.add(v.group);
      out = `${out.slice(0, at)} \u0000 ${out.slice(end)}`;
      from = at + 3;
    }
  }
  return { text: out, groups };
}

interface Tokens {
  /** Canonical tokens: `s:<group>`, `n:<value>`, English stems, Chinese words. */
  list: string[];
  /** Display form for each token. */
  shown: Map<string, string>;
  /** Normalised text (synonyms removed) for Chinese substring checks. */
  text: string;
}

function tokenize(input: string, c: Compiled): Tokens {
  const norm = input.normalize('NFKC').toLowerCase();
  const { text, groups } = replaceSynonyms(norm, c);
  const list: string[] = [];
  const shown = new Map<string, string>();
  for (const g of groups) {
    list.push(`s:${g}`);
    shown.set(`s:${g}`, c.names[g] ?? '');
  }
  // Numbers first (fractions, decimals, percentages, with a unit glued on such as 16B or 4×).
  const rest = text.replace(/\d[\d,]*(?:\.\d+)?(?:\/\d+|%)?/g, (m) => {
    for (const n of numberToken(m)) {
      list.push(n);
      shown.set(n, m);
    }
    return ' ';
  });
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const s of seg.segment(rest)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    if (CJK.test(w)) {
      if (ZH_STOP.has(w)) continue;
      const digit = ZH_DIGITS[w.replace(/[倍个层条]$/, '')];
      if (digit !== undefined && w.length <= 2) {
        list.push(`n:${digit}`);
        shown.set(`n:${digit}`, w);
        continue;
      }
      list.push(w);
      shown.set(w, w);
    } else {
      if (EN_STOP.has(w) || w.length < 2) continue;
      const st = stem(w);
      list.push(st);
      shown.set(st, w);
    }
  }
  return { list, shown, text: rest };
}

function contains(answer: Tokens, answerSet: Set<string>, tok: string): boolean {
  if (answerSet.has(tok)) return true;
  // Chinese segmentation differs with context (注意力 vs 注意 + 力): accept the word as a substring.
  return CJK.test(tok) && answer.text.includes(tok);
}

/** Marks each key point covered or missed by the typed answer. */
export function checkKeyPoints(typed: string, keyPoints: string[], synonyms: Synonyms): KeyPointResult[] {
  let c = compiledCache.get(synonyms);
  if (!c) {
    c = compile(synonyms);
    compiledCache.set(synonyms, c);
  }
  const answer = tokenize(typed, c);
  const answerSet = new Set(answer.list);
  return keyPoints.map((point) => {
    const kp = tokenize(point, c);
    const unique = [...new Set(kp.list)];
    const matched = unique.filter((tok) => contains(answer, answerSet, tok));
    const covered = unique.length > 0 && matched.length / unique.length >= COVER_THRESHOLD;
    return { point, covered, matched: matched.map((tok) => kp.shown.get(tok) ?? tok) };
  });
}

/** Suggested grade from the share of key points covered: none → Again … all → Easy. */
export function suggestGrade(results: readonly KeyPointResult[]): Rating {
  if (results.length === 0) return 3;
  return gradeForShare(results.filter((r) => r.covered).length / results.length);
}

/** The grade for a share of key points covered (0-1): all → Easy, ≥ 60 % Good, ≥ 30 % Hard, else Again. */
export function gradeForShare(share: number): Rating {
  if (share >= 0.999) return 4;
  if (share >= 0.6) return 3;
  if (share >= 0.3) return 2;
  return 1;
}
