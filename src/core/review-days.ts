/**
 * Review totals per study day: what `stats` and the session summary need from the history
 * (today, streak, true retention, heatmap), small enough to keep in the snapshot and maintained
 * event by event, so those questions never read the logs. Pure.
 *
 * Only reviews that count are in it (not cram, not undone). An undo that arrives takes its
 * target's contribution back; when the target is not at hand (an undo of old history), the
 * caller must rebuild the totals from the logs.
 */
import type { ProgressEvent, ReviewEvent, StoredState } from './progress.js';

/** A review counts as one of a mature card when the card's interval was at least this long (Anki's definition). */
export const MATURE_DAYS = 21;
/**
 * Answer times above this are counted as this much: a review left open while the user walked
 * away would otherwise swamp "time spent" (Anki caps at 60 s; answers here are longer).
 */
export const MAX_ANSWER_MS = 5 * 60_000;

/** A card whose interval is at least MATURE_DAYS days. */
export function isMature(s: StoredState | null | undefined): boolean {
  return !!s && s.state === 2 && s.sched >= MATURE_DAYS;
}

/** One study day's reviews. */
export interface DayTotals {
  reviews: number;
  again: number;
  /** Time answering, each review capped at MAX_ANSWER_MS. */
  ms: number;
  /** Reviews of mature cards, and how many of them passed (Hard or better). */
  mature: number;
  passed: number;
}

export interface ReviewDays {
  /** Day start hour and time zone the days were counted in (a change means a recount). */
  hour: number;
  zone: string;
  /** Day number (see stats.studyDayOf) → totals. */
  days: Record<string, DayTotals>;
  /** Ids undone so far, so a review that arrives after its undo is not counted. */
  undone: string[];
}

/** Adds (sign 1) or takes back (-1) one review on its study day. */
export function addReview(days: Record<string, DayTotals>, r: ReviewEvent, day: number, sign: 1 | -1): void {
  const key = String(day);
  const d = days[key] ?? noReviews();
  addTo(d, r.rating, r.ms, isMature(r.before), sign);
  if (d.reviews === 0) delete days[key];
  else days[key] = d;
}

/** Adds one review to (or takes it back from) one day's totals. */
export function addTo(d: DayTotals, rating: number, ms: number | undefined, mature: boolean, sign: 1 | -1): void {
  d.reviews += sign;
  if (rating === 1) d.again += sign;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) d.ms += sign * Math.min(ms, MAX_ANSWER_MS);
  if (mature) {
    d.mature += sign;
    if (rating >= 2) d.passed += sign;
  }
}

/** Totals of a day without reviews yet. */
export const noReviews = (): DayTotals => ({ reviews: 0, again: 0, ms: 0, mature: 0, passed: 0 });

const counts = (e: ProgressEvent): e is ReviewEvent => e.type === 'review' && !e.cram;

/** Totals over a whole history (each id once; `unique`: the events are known to repeat no id). */
export function reviewDays(
  events: Iterable<ProgressEvent>,
  hour: number,
  zone: string,
  dayOf: (ms: number) => number,
  unique = false,
): ReviewDays {
  const byId = new Map<string, ProgressEvent>();
  const undone = new Set<string>();
  for (const e of events) {
    if (!unique) byId.set(e.id, e);
    if (e.type === 'undo') undone.add(e.target);
  }
  const days: Record<string, DayTotals> = Object.create(null);
  for (const e of unique ? events : byId.values())
    if (counts(e) && !undone.has(e.id)) addReview(days, e, dayOf(Date.parse(e.t)), 1);
  return { hour, zone, days, undone: [...undone] };
}

/**
 * Adds newly read or written events (not seen before) to the totals, in place. `known` finds an
 * earlier event by id (the recent window). Returns false when an undo's target cannot be found:
 * the totals are then unreliable and must be rebuilt from the logs.
 */
export function addToReviewDays(
  agg: ReviewDays,
  events: ProgressEvent[],
  dayOf: (ms: number) => number,
  known: (id: string) => ProgressEvent | undefined,
): boolean {
  const undone = new Set(agg.undone);
  const batch = new Map(events.map((e) => [e.id, e]));
  for (const e of events) {
    if (counts(e) && !undone.has(e.id)) addReview(agg.days, e, dayOf(Date.parse(e.t)), 1);
    if (e.type !== 'undo' || undone.has(e.target)) continue;
    undone.add(e.target);
    agg.undone.push(e.target);
    const target = batch.get(e.target) ?? known(e.target);
    if (!target) return false;
    // Counted already (earlier, or above in this batch when it sorts before the undo): take it back.
    const countedAbove = !batch.has(e.target) || events.indexOf(target) < events.indexOf(e);
    if (counts(target) && countedAbove) addReview(agg.days, target, dayOf(Date.parse(target.t)), -1);
  }
  return true;
}

/** The study days with at least one review. */
export function studyDays(agg: ReviewDays): Set<number> {
  return new Set(Object.keys(agg.days).map(Number));
}
