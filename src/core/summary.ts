/** The end-of-session summary. Pure: the history, card states and `now` in; numbers out. */
import { effectiveReviews, type ProgressEvent, type ProgressMap, type ReviewEvent, undoneIds } from './progress.js';
import { type ReviewDays, studyDays } from './review-days.js';
import type { Settings } from './scheduler.js';
import { streak as dayStreak, studyDayOf } from './stats.js';
import { dayKey, nextDayStart, zoneOf } from './time.js';

export interface SessionSummary {
  /** Answers given (a learning card answered three times counts three). */
  reviewed: number;
  /** Distinct cards answered. */
  cards: number;
  again: number;
  timeMs: number;
  newLearned: number;
  leeches: number;
  dueTomorrow: number;
  dueWeek: number;
  streak: number;
}

const DAY = 86_400_000;

/** Consecutive study days ending today (or yesterday, if today has no review yet). */
export function streak(reviewTimes: Iterable<string>, now: Date, hour: number, timeZone?: string): number {
  const days = new Set<string>();
  for (const t of reviewTimes) days.add(dayKey(new Date(t), hour, timeZone));
  let cursor = now;
  if (!days.has(dayKey(cursor, hour, timeZone))) cursor = new Date(cursor.getTime() - DAY);
  let n = 0;
  while (days.has(dayKey(cursor, hour, timeZone))) {
    n++;
    cursor = new Date(cursor.getTime() - DAY);
  }
  return n;
}

export function summarizeSession(a: {
  events: ProgressEvent[];
  sessionStart: string;
  now: Date;
  progress: ProgressMap;
  /** The cards of the collection (a set of ids, or a map by id). */
  cardIds: { has(id: string): boolean };
  settings: Settings;
  leeches: number;
  timeZone?: string;
  /**
   * Study days with reviews (the store's per-day totals, see review-days.ts): with them, `events`
   * need only hold this session's reviews, and the streak is counted from these days.
   */
  days?: ReviewDays;
}): SessionSummary {
  const zone = a.timeZone ?? zoneOf(a.settings.timezone);
  const reviews = effectiveReviews(a.events);
  const mine = reviews.filter((r) => r.t >= a.sessionStart);
  // What the user did in this session, cram answers included (they change no schedule, but were given).
  const undone = undoneIds(a.events);
  const given = a.events.filter((e): e is ReviewEvent => e.type === 'review' && e.t >= a.sessionStart && !undone.has(e.id));
  const newCards = new Set(mine.filter((r) => !r.before || r.before.state === 0).map((r) => r.card));
  const tomorrow = nextDayStart(a.now, a.settings.day_starts_at, zone).getTime();
  let dueTomorrow = 0;
  let dueWeek = 0;
  for (const [id, p] of a.progress) {
    if (!a.cardIds.has(id) || p.suspended || !p.fsrs || p.fsrs.state === 0) continue;
    const due = Date.parse(p.fsrs.due);
    if (due >= tomorrow && due < tomorrow + DAY) dueTomorrow++;
    if (due >= tomorrow && due < tomorrow + 7 * DAY) dueWeek++;
  }
  return {
    reviewed: given.length,
    cards: new Set(given.map((r) => r.card)).size,
    again: given.filter((r) => r.rating === 1).length,
    timeMs: given.reduce((s, r) => s + (r.ms ?? 0), 0),
    newLearned: newCards.size,
    leeches: a.leeches,
    dueTomorrow,
    dueWeek,
    streak: a.days
      ? dayStreak(studyDays(a.days), studyDayOf(a.days.hour, a.days.zone)(a.now.getTime())).days
      : streak(
          reviews.map((r) => r.t),
          a.now,
          a.settings.day_starts_at,
          zone,
        ),
  };
}
