import type { Card } from './deck.js';
import { type CardProgress, type ProgressMap, type StateName, stateName } from './progress.js';

/** Whether a card is due: (re)learning due by `now`, review due before the day ends. */
export function isDue(p: CardProgress | undefined, now: Date, dayEnd: Date): boolean {
  if (!p?.fsrs || p.fsrs.state === 0 || p.suspended) return false;
  if (p.buriedUntil && Date.parse(p.buriedUntil) > now.getTime()) return false;
  const due = Date.parse(p.fsrs.due);
  return p.fsrs.state === 2 ? due < dayEnd.getTime() : due <= now.getTime();
}

/** True when the card has lapsed at least `threshold` times. */
export function isLeech(p: CardProgress | undefined, threshold: number): boolean {
  return (p?.fsrs?.lapses ?? 0) >= threshold;
}

/** A card's topics for display and filtering: its own, its deck's, and `leech` when it is one. */
export function effectiveTopics(card: Card, p: CardProgress | undefined, leechThreshold: number): string[] {
  return isLeech(p, leechThreshold) ? [...card.topics, 'leech'] : card.topics;
}

/** States `list --state` takes beyond the memory states: flags a card carries, and drafts. */
export const FLAG_STATES = ['suspended', 'buried', 'leech', 'draft'] as const;
export type ListState = StateName | (typeof FLAG_STATES)[number];

/** True when a card is in the state: a memory state, or suspended, buried (now), a leech, a draft. */
export function inState(s: ListState, c: Card, p: CardProgress | undefined, now: Date, leechThreshold: number): boolean {
  switch (s) {
    case 'draft':
      return c.draft;
    case 'suspended':
      return p?.suspended === true;
    case 'buried':
      return p?.buriedUntil !== undefined && Date.parse(p.buriedUntil) > now.getTime();
    case 'leech':
      return isLeech(p, leechThreshold);
    default:
      return s === stateName(p);
  }
}

export interface Filters {
  topics?: string[];
  decks?: string[];
  /** States to keep; `draft` keeps the cards without an answer yet (imported question lists). */
  states?: ListState[];
  due?: boolean;
  search?: string;
}

/** Every topic present in the cards, with `leech` always known; a deck id works as a topic too. */
export function knownTopics(cards: Card[]): string[] {
  const s = new Set<string>(['leech']);
  for (const c of cards) {
    s.add(c.deckId);
    for (const t of c.topics) s.add(t);
  }
  return [...s].sort();
}

/** True when the card has one of the topics (its own, its deck's, `leech`) or is in a deck of that id. */
export function hasTopic(card: Card, topics: string[], p: CardProgress | undefined, leechThreshold: number): boolean {
  const mine = effectiveTopics(card, p, leechThreshold);
  return topics.some((t) => mine.includes(t) || t === card.deckId);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/** Up to `n` known names closest to `word` (substring matches first). */
export function suggest(word: string, known: string[], n = 3): string[] {
  const w = word.toLowerCase();
  return known
    .map((k) => ({ k, d: k.includes(w) || w.includes(k) ? 0 : editDistance(w, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(w.length / 2)))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((x) => x.k);
}

/** Topics the user named that no card has. */
export function unknownTopics(wanted: string[], cards: Card[]): string[] {
  const known = new Set(knownTopics(cards));
  return wanted.filter((t) => !known.has(t.toLowerCase()));
}

/** Selects cards by topic (deck or card topics, case-insensitive), deck, state, due and text. */
export function filterCards(
  cards: Card[],
  progress: ProgressMap,
  f: Filters,
  now: Date,
  dayEnd: Date,
  leechThreshold: number,
): Card[] {
  const topics = f.topics?.map((t) => t.toLowerCase());
  const decks = f.decks?.map((d) => d.toLowerCase());
  const search = f.search?.toLowerCase();
  return cards.filter((c) => {
    const p = progress.get(c.id);
    if (topics?.length && !hasTopic(c, topics, p, leechThreshold)) return false;
    if (decks?.length && !decks.includes(c.deckId.toLowerCase())) return false;
    if (f.states?.length && !f.states.some((s) => inState(s, c, p, now, leechThreshold))) return false;
    if (f.due && !isDue(p, now, dayEnd)) return false;
    if (search) {
      const hay = `${c.question}\n${c.questionBody}\n${c.answer}\n${c.id}`.toLowerCase();
      if (!hay.includes(search)) return false;
    }
    return true;
  });
}
