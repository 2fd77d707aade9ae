/**
 * A mock interview as an interviewer runs one: questions spread over the chosen topics, more of
 * them where the user is weak, a follow-up after a good answer. Pure: `now` and the seed are
 * arguments; the command supplies retrievability from the scheduler.
 */
import type { Card } from './deck.js';
import { gradeForShare } from './keypoints.js';
import type { CardProgress, ProgressMap, Rating } from './progress.js';
import { prng } from './random.js';

export interface PickOptions {
  cards: readonly Card[];
  /** The group a card counts for: the selected topic it matched, or its deck. */
  groupOf: (card: Card) => string;
  progress: ProgressMap;
  /** Probability of recall now of a card that has been reviewed (0-1). */
  retrievability: (p: CardProgress) => number;
  /** Cards answered Again recently (or relearning now). */
  recentLapses: ReadonlySet<string>;
  seed: number;
}

/**
 * How weak the user is on a card, ~0.05-1.5. Never seen counts as fairly weak (an interviewer
 * will ask it anyway); a card likely forgotten, one that lapsed often, and above all one
 * forgotten lately are the weak spots.
 */
export function weakness(card: Card, o: Pick<PickOptions, 'progress' | 'retrievability' | 'recentLapses'>): number {
  const p = o.progress.get(card.id);
  if (!p?.fsrs || p.fsrs.state === 0) return 0.7;
  const forgetting = 1 - o.retrievability(p);
  const lapses = 0.15 * Math.min(p.fsrs.lapses, 4);
  const recent = o.recentLapses.has(card.id) ? 0.5 : 0;
  return Math.min(1.5, Math.max(0.05, forgetting + lapses + recent));
}

/** Picks one item with probability proportional to its weight. */
function weightedIndex(weights: readonly number[], rnd: () => number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rnd() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/**
 * The order an interviewer would ask the selected cards in: round after round, each round takes
 * one card from every group that has cards left (so topics are spread), groups drawn in an
 * order weighted by their mean weakness and cards within a group by their own. Suspended cards
 * and drafts are left out. Same inputs and seed, same order.
 */
export function interviewOrder(o: PickOptions): string[] {
  const rnd = prng(o.seed);
  const groups = new Map<string, { id: string; w: number }[]>();
  for (const c of o.cards) {
    if (c.draft || o.progress.get(c.id)?.suspended) continue;
    const g = o.groupOf(c);
    const list = groups.get(g) ?? [];
    list.push({ id: c.id, w: weakness(c, o) });
    groups.set(g, list);
  }
  const order: string[] = [];
  while (groups.size > 0) {
    const round = [...groups.keys()].sort();
    while (round.length > 0) {
      const means = round.map((g) => {
        const l = groups.get(g) ?? [];
        return l.reduce((a, x) => a + x.w, 0) / Math.max(1, l.length);
      });
      const gi = weightedIndex(means, rnd);
      const g = round.splice(gi, 1)[0] as string;
      const list = groups.get(g) as { id: string; w: number }[];
      const ci = weightedIndex(
        list.map((x) => x.w),
        rnd,
      );
      order.push((list.splice(ci, 1)[0] as { id: string }).id);
      if (list.length === 0) groups.delete(g);
    }
  }
  return order;
}

export interface Asked {
  card: string;
  grade: Rating;
  followUpOf?: string;
}

export interface NextQuestion {
  card: string;
  /** The card whose good answer led here. */
  followUpOf?: string;
}

/** At most this many follow-ups in a row, so one thread does not take the whole interview. */
export const MAX_FOLLOW_UP_CHAIN = 2;

/**
 * The next question: after a good answer (Good or Easy), the first of that card's follow-ups not
 * yet asked (any loaded card: an interviewer's follow-up may leave the topic); after a poor one,
 * or when there is none, the next card of the order not yet asked. Undefined when `max`
 * questions were asked or the order is used up.
 */
export function nextQuestion(
  order: readonly string[],
  asked: readonly Asked[],
  known: (id: string) => boolean,
  followUpsOf: (id: string) => readonly string[],
  max = Number.POSITIVE_INFINITY,
): NextQuestion | undefined {
  if (asked.length >= max) return undefined;
  const seen = new Set(asked.map((a) => a.card));
  const last = asked.at(-1);
  let chain = 0;
  for (let i = asked.length - 1; i >= 0 && asked[i]?.followUpOf !== undefined; i--) chain++;
  if (last && last.grade >= 3 && chain < MAX_FOLLOW_UP_CHAIN) {
    const f = followUpsOf(last.card).find((id) => known(id) && !seen.has(id));
    if (f !== undefined) return { card: f, followUpOf: last.card };
  }
  const card = order.find((id) => !seen.has(id));
  return card === undefined ? undefined : { card };
}

/** An answer slower than this (typed; spoken answers get two thirds) is not fluent: one grade lower. */
export const SLOW_TYPED_MS = 180_000;

/**
 * The grade to suggest after an answer: from the share of key points covered (none → Again, all
 * → Easy; see gradeForShare), one lower when the answer took too long (never below Again). A card
 * without key points suggests Good, as study does.
 */
export function suggestInterviewGrade(a: { covered: number; total: number; ms: number; spoken: boolean }): Rating {
  const base = a.total === 0 ? 3 : gradeForShare(a.covered / a.total);
  const slow = a.spoken ? (SLOW_TYPED_MS * 2) / 3 : SLOW_TYPED_MS;
  return a.ms > slow && base > 1 ? ((base - 1) as Rating) : base;
}
