/**
 * The derived totals kept beside the card states in the snapshot: reviews per study day (see
 * core/review-days.ts). Maintained on every append and read, recounted from the logs when they
 * are missing, unreliable, or were counted in other days than the settings now say.
 */
import { foldEvents, foldIncrement, type ProgressEvent, type ProgressMap, type Replay } from '../core/progress.js';
import { addToReviewDays, type ReviewDays } from '../core/review-days.js';
import { createScheduler, replayWith, type Settings } from '../core/scheduler.js';
import { reviewDaysOf, statsZone, studyDayOf } from '../core/stats.js';
import { trimRecent } from './recent.js';
import type { Snapshot } from './snapshot.js';

/** Everything derived from the logs: card states, the recent window, review totals per day. */
export interface Derived {
  states: ProgressMap;
  recent: ProgressEvent[];
  days: ReviewDays | undefined;
}

/**
 * Derives everything from a whole history (read with readLogs: each id once). An empty history
 * has no totals to keep: counting them would still resolve the time zone (ICU start-up, ~20 ms
 * of every `list` by a new user); `daysFor` counts them when `stats` first asks.
 */
export function deriveAll(events: ProgressEvent[], settings: Settings, replay: Replay): Derived {
  const days = events.length > 0 ? reviewDaysOf(events, settings, undefined, true) : undefined;
  return { states: foldEvents(events, replay, true), recent: trimRecent(events), days };
}

/**
 * A snapshot brought up to date with the events read after it; undefined when one of them is
 * older than what its card reflects (then only a rebuild is exact). `sameLogs` is false when a
 * log is new to the snapshot: it may repeat events already counted (a sync tool's conflict copy),
 * so the totals are recounted. The snapshot's map of states is taken over, not copied.
 */
export function deriveOnto(snap: Snapshot, events: ProgressEvent[], sameLogs: boolean, replay: Replay): Derived | undefined {
  const states: ProgressMap = snap.cards;
  if (!foldIncrement(states, events, replay)) return undefined;
  const days = sameLogs && isReviewDays(snap.days) ? addToDays(snap.days, events, snap.recent) : undefined;
  return { states, recent: trimRecent([...snap.recent, ...events]), days };
}

/** Derived state brought up to date with newer events; undefined when only a rebuild is exact. */
export function deriveMore(d: Derived, events: ProgressEvent[], replay: Replay): Derived | undefined {
  if (!foldIncrement(d.states, events, replay)) return undefined;
  return { states: d.states, recent: trimRecent([...d.recent, ...events]), days: addToDays(d.days, events, d.recent) };
}

/** True when a parsed snapshot field has the shape of review totals. */
export function isReviewDays(x: unknown): x is ReviewDays {
  const o = x as Partial<ReviewDays> | null;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.hour === 'number' &&
    typeof o.zone === 'string' &&
    !!o.days &&
    typeof o.days === 'object' &&
    !Array.isArray(o.days) &&
    Array.isArray(o.undone)
  );
}

/**
 * The totals with new events added (events not counted before), or undefined when they cannot
 * be kept exact that way (no totals yet, or an undo of an event no longer at hand).
 */
export function addToDays(
  days: ReviewDays | undefined,
  events: ProgressEvent[],
  recent: ProgressEvent[],
): ReviewDays | undefined {
  if (!days || events.length === 0) return days;
  const known = (id: string) => recent.find((e) => e.id === id);
  return addToReviewDays(days, events, studyDayOf(days.hour, days.zone), known) ? days : undefined;
}

/** The totals if they were counted in the settings' days, else a recount of the whole history. */
export function daysFor(days: ReviewDays | undefined, settings: Settings, history: () => ProgressEvent[]): ReviewDays {
  if (days && days.hour === settings.day_starts_at && days.zone === statsZone(settings)) return days;
  return reviewDaysOf(history(), settings, undefined, true);
}

const replays = new WeakMap<Settings, Replay>();

/** The replay of reviews merged out of their writer's order under these settings (one per settings object). */
export function replayFor(settings: Settings): Replay {
  let r = replays.get(settings);
  if (!r) {
    r = replayWith(createScheduler(settings, process.env.LLM_QUIZ_FUZZ_SEED ?? 'llm-quiz'));
    replays.set(settings, r);
  }
  return r;
}
