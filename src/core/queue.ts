/**
 * Today's study queue and the in-session state machine. Pure: cards, progress, settings, the
 * recent history and `now` in; an ordered session out.
 */

import type { Card } from './deck.js';
import { orderNewCards } from './new-order.js';
import type { ProgressEvent, ProgressMap, StoredState } from './progress.js';
import { undoneIds } from './progress.js';
import type { Settings } from './scheduler.js';
import { presetNameFor, settingsFor } from './settings.js';
import { dayStart, nextDayStart, zoneOf } from './time.js';

/** Anki's default learn-ahead limit (setting `learn_ahead_minutes`): learning cards due this soon are shown when nothing else is left. */
export const LEARN_AHEAD_MS = 20 * 60_000;

export interface TodayCounts {
  /** New cards first answered today. */
  newDone: number;
  /** Reviews of review-state cards today. */
  reviewsDone: number;
  /** Cards answered today (for siblings). */
  answered: Set<string>;
  /** The cards behind `newDone` and `reviewsDone` (a card once per review), for per-deck limits. */
  newCards: string[];
  reviewCards: string[];
}

/**
 * Counts what the user already did today, from the recent history (undone and cram reviews
 * excluded). Today is the study day of `now` on the current clock: events dated later (written
 * by a clock that ran ahead) belong to their own day and never use up today's limits.
 */
export function todayCounts(recent: ProgressEvent[], now: Date, settings: Settings, timeZone?: string): TodayCounts {
  const zone = timeZone ?? zoneOf(settings.timezone);
  const start = dayStart(now, settings.day_starts_at, zone).toISOString();
  const end = nextDayStart(now, settings.day_starts_at, zone).toISOString();
  const undone = undoneIds(recent);
  const out: TodayCounts = { newDone: 0, reviewsDone: 0, answered: new Set(), newCards: [], reviewCards: [] };
  const firstSeen = new Set<string>();
  for (const e of recent) {
    if (e.type !== 'review' || e.cram || undone.has(e.id) || e.t < start || e.t >= end) continue;
    out.answered.add(e.card);
    if (!e.before || e.before.state === 0) {
      if (!firstSeen.has(e.card)) {
        firstSeen.add(e.card);
        out.newDone++;
        out.newCards.push(e.card);
      }
    } else if (e.before.state === 2) {
      out.reviewsDone++;
      out.reviewCards.push(e.card);
    }
  }
  return out;
}

export interface QueueOptions {
  now: Date;
  settings: Settings;
  timeZone?: string;
  /** Overrides today's new-card limit (`--new N`); still counted against what was done today. */
  newLimit?: number;
  /** Overrides today's review limit (`--limit N`). */
  reviewLimit?: number;
  /** Probability of recall now, for ordering reviews (lowest first). */
  retrievability: (s: StoredState, now: Date) => number;
  /** Review everything selected regardless of due dates (`--cram`). */
  cram?: boolean;
  /** Only these cards are introduced as new (a plan to a date); all when unset. */
  newAllowed?: ReadonlySet<string>;
  /** Review cards shown today although not due (a plan's pulled-forward reviews). */
  extraDue?: ReadonlySet<string>;
}

export interface StudyQueue {
  /** Learning/relearning cards with their due times (ms). */
  learning: Map<string, number>;
  /** Reviews (most at risk first), then new cards (interleaved across decks unless `new_card_order deck`). */
  main: string[];
  /** Which of `main` are new cards. */
  isNew: Set<string>;
}

/**
 * Builds today's session: learning cards due by now (or later today: they are shown as they
 * come due), due reviews ordered by lowest retrievability, then new cards up to what remains
 * of the daily new limit; reviews and new cards together stay under the daily review limit.
 * Suspended and buried cards, and siblings (same `group`) of cards answered today, are left
 * out. Draft cards (no answer yet) are studied like new cards; the screen says they have no answer.
 */
export function buildQueue(cards: Card[], progress: ProgressMap, recent: ProgressEvent[], o: QueueOptions): StudyQueue {
  const { now, settings } = o;
  const dayEnd = nextDayStart(now, settings.day_starts_at, o.timeZone ?? zoneOf(settings.timezone)).getTime();
  const today = todayCounts(recent, now, settings, o.timeZone);
  const answeredGroups = new Set<string>();
  for (const c of cards) if (c.group && today.answered.has(c.id)) answeredGroups.add(`${c.deckId}/${c.group}`);

  const learning = new Map<string, number>();
  const reviews: { id: string; r: number; due: number }[] = [];
  const fresh: Card[] = [];
  const isNew = new Set<string>();
  const nowMs = now.getTime();
  for (const c of cards) {
    const p = progress.get(c.id);
    if (p?.suspended) continue;
    if (p?.buriedUntil && Date.parse(p.buriedUntil) > nowMs) continue;
    const s = p?.fsrs;
    if (o.cram) {
      if (s && s.state !== 0) reviews.push({ id: c.id, r: o.retrievability(s, now), due: Date.parse(s.due) });
      else {
        fresh.push(c);
        isNew.add(c.id);
      }
      continue;
    }
    const sibling = c.group !== undefined && answeredGroups.has(`${c.deckId}/${c.group}`) && !today.answered.has(c.id);
    if (!s || s.state === 0) {
      if (!sibling && (o.newAllowed?.has(c.id) ?? true)) {
        fresh.push(c);
        isNew.add(c.id);
      }
      continue;
    }
    const due = Date.parse(s.due);
    if (s.state === 1 || s.state === 3) {
      // Learning steps are due at a time of day; those due before the day ends join the session.
      if (due < dayEnd) learning.set(c.id, due);
      continue;
    }
    if ((due < dayEnd || o.extraDue?.has(c.id)) && !sibling) reviews.push({ id: c.id, r: o.retrievability(s, now), due });
  }
  reviews.sort((a, b) => a.r - b.r || a.due - b.due || (a.id < b.id ? -1 : 1));
  if (o.cram) return { learning: new Map(), main: [...reviews.map((r) => r.id), ...fresh.map((c) => c.id)], isNew };

  const reviewLimit = Math.max(0, (o.reviewLimit ?? settings.reviews_per_day) - today.reviewsDone);
  const newLimit = Math.max(0, (o.newLimit ?? settings.new_per_day) - today.newDone);
  const deckRoom = deckLimits(cards, settings, today);
  const takenReviews = takeWithin(
    reviews.map((r) => r.id),
    reviewLimit,
    deckRoom,
    false,
  );
  const newRoom = Math.max(0, Math.min(newLimit, reviewLimit - takenReviews.length));
  const ordered = orderNewCards(fresh, settings.new_card_order).map((c) => c.id);
  const takenNew = takeWithin(ordered, newRoom, deckRoom, true);
  return { learning, main: order(takenReviews, takenNew, settings.queue_order), isNew };
}

/** Reviews and new cards in the configured order; `mixed` spreads new cards evenly among the reviews. */
export function order(reviews: string[], fresh: string[], how: Settings['queue_order']): string[] {
  if (how === 'new-first') return [...fresh, ...reviews];
  if (how !== 'mixed' || fresh.length === 0) return [...reviews, ...fresh];
  const out: string[] = [];
  const total = reviews.length + fresh.length;
  let r = 0;
  let n = 0;
  for (let i = 0; i < total; i++) {
    // Place the next new card when it is "due" by its share of the session so far.
    const wantNew = (n + 0.5) / fresh.length <= (i + 1) / total && n < fresh.length;
    if ((wantNew || r >= reviews.length) && n < fresh.length) out.push(fresh[n++] as string);
    else out.push(reviews[r++] as string);
  }
  return out;
}

/** What a deck with a preset may still take today: reviews and new cards share its review limit, as the user's do. */
interface Room {
  reviews: number;
  fresh: number;
}

/**
 * Each preset deck's room today (its own limits less what was done in it today), by card; cards
 * of decks without a preset are bounded by the user's limits alone.
 */
function deckLimits(cards: Card[], settings: Settings, today: TodayCounts): Map<string, Room> {
  const out = new Map<string, Room>();
  if (Object.keys(settings.presets).length === 0) return out;
  const deckOf = new Map(cards.map((c) => [c.id, c.deckId]));
  const byDeck = new Map<string, Room>();
  const room = (deck: string) => {
    let r = byDeck.get(deck);
    if (!r) {
      const s = settingsFor(settings, deck);
      r = { reviews: s.reviews_per_day, fresh: s.new_per_day };
      byDeck.set(deck, r);
    }
    return r;
  };
  for (const id of today.reviewCards) {
    const d = deckOf.get(id);
    if (d !== undefined) room(d).reviews--;
  }
  for (const id of today.newCards) {
    const d = deckOf.get(id);
    if (d === undefined) continue;
    room(d).fresh--;
    room(d).reviews--;
  }
  for (const c of cards) if (presetNameFor(settings, c.deckId)) out.set(c.id, room(c.deckId));
  return out;
}

/** Up to `limit` ids in order, each also within its deck's room, which it uses up. */
function takeWithin(ids: string[], limit: number, rooms: Map<string, Room>, fresh: boolean): string[] {
  const out: string[] = [];
  for (const id of ids) {
    if (out.length >= limit) break;
    const r = rooms.get(id);
    if (r) {
      if (r.reviews <= 0 || (fresh && r.fresh <= 0)) continue;
      r.reviews--;
      if (fresh) r.fresh--;
    }
    out.push(id);
  }
  return out;
}

/** One step of the session, kept for undo. */
interface Frame {
  learning: Map<string, number>;
  main: string[];
  current: string | undefined;
}

/** The in-session queue: which card comes next, and undo of the queue itself. */
export class Session {
  private learning: Map<string, number>;
  private main: string[];
  private history: Frame[] = [];
  current: string | undefined;

  constructor(
    q: StudyQueue,
    private readonly dayEnd: number,
    private readonly groups: Map<string, string> = new Map(),
    /** Learning cards due within this long are shown when nothing else is left. */
    private readonly learnAhead = LEARN_AHEAD_MS,
  ) {
    this.learning = new Map(q.learning);
    this.main = [...q.main];
  }

  /**
   * The next card at `now`: a learning card that is due, else the next review or new card,
   * else a learning card due within the learn-ahead limit; undefined when the session is done.
   */
  next(now: Date): string | undefined {
    const t = now.getTime();
    let best: string | undefined;
    let bestDue = Number.POSITIVE_INFINITY;
    for (const [id, due] of this.learning) {
      if (due < bestDue || (due === bestDue && best !== undefined && id < best)) {
        best = id;
        bestDue = due;
      }
    }
    if (best !== undefined && bestDue <= t) this.current = best;
    else if (this.main.length > 0) this.current = this.main[0];
    else if (best !== undefined && bestDue <= t + this.learnAhead) this.current = best;
    else this.current = undefined;
    return this.current;
  }

  /** Learning cards due later today than the learn-ahead limit (for the end-of-session message). */
  laterToday(now: Date): number {
    return [...this.learning.values()].filter((d) => d > now.getTime() + this.learnAhead).length;
  }

  private push(): void {
    this.history.push({ learning: new Map(this.learning), main: [...this.main], current: this.current });
  }

  private remove(id: string): void {
    this.main = this.main.filter((x) => x !== id);
    this.learning.delete(id);
  }

  /** Records a grade: the card leaves the queue, or comes back later today if still learning. */
  answer(id: string, after: StoredState): void {
    this.push();
    this.remove(id);
    const due = Date.parse(after.due);
    if ((after.state === 1 || after.state === 3) && due < this.dayEnd) this.learning.set(id, due);
    // Siblings (same deck and group) are not shown again today.
    const g = this.groups.get(id);
    if (g) this.main = this.main.filter((x) => x === id || this.groups.get(x) !== g);
  }

  /** Removes a card for the rest of the session (bury, suspend). */
  drop(id: string): void {
    this.push();
    this.remove(id);
  }

  /** Restores the queue as it was before the last answer or drop; returns the card to show again. */
  undo(): string | undefined {
    const f = this.history.pop();
    if (!f) return undefined;
    this.learning = f.learning;
    this.main = f.main;
    this.current = f.current;
    return f.current;
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  /** Cards left: new, learning, review (for the header). */
  counts(isNew: Set<string>): { new: number; learning: number; review: number } {
    let n = 0;
    let r = 0;
    for (const id of this.main) {
      if (this.learning.has(id)) continue;
      if (isNew.has(id)) n++;
      else r++;
    }
    return { new: n, learning: this.learning.size, review: r };
  }
}
