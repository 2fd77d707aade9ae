/**
 * Card identity across imports of the same source. A card whose id is new (its question was
 * reworded, so its text-derived id changed) takes over the id of the previous import's card it
 * reads most like, when that is clear; when two old cards are about as close it is ambiguous and
 * the caller asks (or takes the closest with `--yes`). A renamed source file is recognised by
 * its content fingerprint, or by sharing most of its questions with a deck imported before.
 * Pure; linear in the text for each comparison, and the number of comparisons is bounded.
 */
import { trimSpacesEnd } from './guards.js';

export interface Comparable {
  id: string;
  question: string;
  answer: string;
}

export interface Candidate {
  id: string;
  question: string;
  score: number;
}

export interface IdentityPlan {
  /** New card id → the old card id it takes over. */
  renamed: Map<string, string>;
  /** New cards with two or more old cards about as close. */
  ambiguous: Array<{ id: string; question: string; candidates: Candidate[] }>;
  /** Too many unmatched cards on both sides to compare them all: nothing was matched. */
  skipped: boolean;
}

/** Score from which an old card counts as the same question reworded. */
export const SAME_CARD = 0.7;
/** A runner-up this close to the best makes the match ambiguous. */
export const AMBIGUITY_MARGIN = 0.08;
/** Most (new × old) comparisons made for one deck. */
export const MAX_COMPARISONS = 250_000;

/** Text reduced to what a reader compares: markup, punctuation and case dropped, whitespace collapsed; at most 2,000 characters. */
export function normText(s: string): string {
  return s
    .slice(0, 4000)
    .toLowerCase()
    .replace(/[`*_#>[\]()!~|\\-]+/g, ' ')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 2000);
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = `${chars[i]}${chars[i + 1]}`;
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function dice(a: Map<string, number>, b: Map<string, number>, na: number, nb: number): number {
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [g, n] of small) common += Math.min(n, large.get(g) ?? 0);
  return (2 * common) / (na + nb);
}

/** Similarity of two texts in [0, 1] (Dice coefficient of character bigrams of the normalised texts). */
export function similarity(a: string, b: string): number {
  const x = normText(a);
  const y = normText(b);
  if (x === y) return 1;
  return dice(bigrams(x), bigrams(y), Math.max(0, [...x].length - 1), Math.max(0, [...y].length - 1));
}

interface Prepared {
  card: Comparable;
  q: Map<string, number>;
  nq: number;
  a: Map<string, number>;
  na: number;
}

function prepare(c: Comparable): Prepared {
  const q = normText(c.question);
  const a = normText(c.answer);
  return { card: c, q: bigrams(q), nq: Math.max(0, [...q].length - 1), a: bigrams(a), na: Math.max(0, [...a].length - 1) };
}

/** The question weighs most; the answer tells apart questions worded alike. */
function score(x: Prepared, y: Prepared): number {
  return 0.7 * dice(x.q, y.q, x.nq, y.nq) + 0.3 * dice(x.a, y.a, x.na, y.na);
}

/**
 * Matches the cards of a new import whose ids the previous import did not have to the previous
 * import's cards that are gone, best pairs first. Only one new card can take an old id.
 */
export function matchEdited(next: Comparable[], prev: Comparable[]): IdentityPlan {
  const nextIds = new Set(next.map((c) => c.id));
  const prevIds = new Set(prev.map((c) => c.id));
  const added = next.filter((c) => !prevIds.has(c.id));
  const gone = prev.filter((c) => !nextIds.has(c.id));
  const plan: IdentityPlan = { renamed: new Map(), ambiguous: [], skipped: false };
  if (added.length === 0 || gone.length === 0) return plan;
  if (added.length * gone.length > MAX_COMPARISONS) return { ...plan, skipped: true };
  const a = added.map(prepare);
  const g = gone.map(prepare);
  const scored = a.map((x) =>
    g
      .map((y) => ({ id: y.card.id, question: y.card.question, score: score(x, y) }))
      .filter((c) => c.score >= SAME_CARD)
      .sort((p, q) => q.score - p.score),
  );
  // Best pairs first, so a close match is not taken by a weaker one.
  const order = a.map((_, i) => i).sort((i, j) => (scored[j]?.[0]?.score ?? 0) - (scored[i]?.[0]?.score ?? 0));
  const taken = new Set<string>();
  for (const i of order) {
    const cands = (scored[i] ?? []).filter((c) => !taken.has(c.id));
    const best = cands[0];
    if (!best) continue;
    const card = (a[i] as Prepared).card;
    const second = cands[1];
    if (second && best.score - second.score < AMBIGUITY_MARGIN) {
      plan.ambiguous.push({ id: card.id, question: card.question, candidates: cands.slice(0, 3) });
      continue;
    }
    plan.renamed.set(card.id, best.id);
    taken.add(best.id);
  }
  return plan;
}

/** The fingerprint of a source's content: line ends and trailing spaces do not count. */
export function fingerprintText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(trimSpacesEnd)
    .join('\n')
    .trim();
}

/**
 * The deck, among those imported before, that a renamed source most likely became: the share of
 * the new deck's questions found in it must be at least 60%, and more than in any other.
 */
export function previousDeckByQuestions(
  questions: string[],
  decks: Array<{ id: string; questions: string[] }>,
): string | undefined {
  if (questions.length === 0) return undefined;
  const mine = new Set(questions.map(normText));
  let best: { id: string; share: number } | undefined;
  let tie = false;
  for (const d of decks) {
    const theirs = new Set(d.questions.map(normText));
    let shared = 0;
    for (const q of mine) if (theirs.has(q)) shared++;
    const share = shared / Math.max(mine.size, theirs.size);
    if (share >= 0.6 && (!best || share > best.share)) {
      best = { id: d.id, share };
      tie = false;
    } else if (best && share === best.share && share >= 0.6) tie = true;
  }
  return best && !tie ? best.id : undefined;
}
