/**
 * A rebuild of everything derived (card states, recent window, review totals per day) from the
 * whole of a user's logs, without an event object per review: the logs are read into columns
 * (log-stream.ts) and folded from them. It gives exactly what folding every event as an object
 * gives (readLogs, then derived.ts deriveAll; test/store/log-fold.test.ts holds the two equal):
 * - a review whose `before` is its card's current state takes its `after` (the common case) by
 *   reference to its entry; anything else (a replay, an undo, a set, bury, suspend) goes through
 *   core/progress.ts applyKeyed with the events read as objects;
 * - objects are made only for each card's final state and the recent window.
 */
import {
  applyKeyed,
  type CardProgress,
  emptyProgress,
  type ProgressMap,
  type Replay,
  type ReviewEvent,
} from '../core/progress.js';
import { addReview, addTo, type DayTotals, noReviews, type ReviewDays } from '../core/review-days.js';
import type { Settings } from '../core/scheduler.js';
import { statsZone, studyDayOf } from '../core/stats.js';
import type { Problem } from '../errors.js';
import { type Derived, deriveAll } from './derived.js';
import { hashOf } from './id-hash.js';
import { type Columns, CRAM, MATURE, NULL_BEFORE, ROW } from './log-columns.js';
import { type LogPosition, readLogs } from './log-format.js';
import { orderOf } from './log-order.js';
import { NeedsObjects, streamLogs } from './log-stream.js';
import { RECENT_MS, trimRecent } from './recent.js';

export interface Rebuilt {
  derived: Derived;
  positions: Record<string, LogPosition>;
  /** Logs that end in a torn line. */
  torn: number;
}

/** Derives everything from the logs `files` of `logsDir`, read from their start (`chunk` bytes at a time). */
export function rebuildLogs(
  logsDir: string,
  files: readonly string[],
  problems: Problem[],
  settings: Settings,
  replay: Replay,
  now?: Date,
  chunk?: number,
): Rebuilt {
  const mark = problems.length;
  let read: ReturnType<typeof streamLogs>;
  try {
    read = streamLogs(logsDir, files, problems, now, chunk);
  } catch (e) {
    if (!(e instanceof NeedsObjects)) throw e;
    problems.length = mark;
    const r = readLogs(logsDir, files, {}, problems, now);
    return { derived: deriveAll(r.events, settings, replay), positions: r.positions, torn: r.torn };
  }
  const { cols } = read;
  try {
    const states = foldColumns(cols, orderOf(cols), replay);
    // As deriveAll: an empty history has no totals (counting them would start ICU for nothing).
    const days = cols.n > 0 ? countDays(cols, settings) : undefined;
    return { derived: { states, recent: recentOf(cols), days }, positions: read.positions, torn: read.torn };
  } finally {
    cols.close();
  }
}

/** core/progress.ts foldEvents over the entries in `order`. */
function foldColumns(cols: Columns, order: Int32Array, replay: Replay): ProgressMap {
  const cards = cols.cards.length;
  // Per card: `ref` ≥ 0 when its state is the `after` of that entry (not made yet), -1 when it is
  // prog's, -2 before its first event; `last` is the entry of its last event (its lastKey).
  const ref = new Int32Array(cards).fill(-2);
  const last = new Int32Array(cards).fill(-1);
  const prog: CardProgress[] = new Array(cards);
  const seen: number[] = [];
  const current = (c: number): CardProgress => {
    const p = prog[c] as CardProgress;
    const r = ref[c] as number;
    const l = last[c] as number;
    if (l < 0) return p;
    return { ...p, fsrs: r >= 0 ? (cols.eventOf(r) as ReviewEvent).after : p.fsrs, lastKey: cols.keyOf(l) };
  };
  const { card, flags, link } = cols;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const c = card[i] as number;
    if (ref[c] === -2) {
      ref[c] = -1;
      prog[c] = emptyProgress();
      seen.push(c);
    }
    const f = flags[i] as number;
    if (f & ROW) {
      if (f & CRAM) {
        last[c] = i;
        continue;
      }
      const r = ref[c] as number;
      // sameState(current, before) holds: the before is the after of the entry the card is at,
      // or null on a card without a state.
      if ((r >= 0 && link[i] === r) || (f & NULL_BEFORE && r === -1 && (prog[c] as CardProgress).fsrs === null)) {
        ref[c] = i;
        last[c] = i;
        continue;
      }
    }
    const e = cols.eventOf(i);
    const next = applyKeyed(current(c), e, cols.keyOf(i), replay);
    prog[c] = next;
    last[c] = -1;
    ref[c] = e.type === 'review' && next.fsrs === e.after ? i : -1;
  }
  const out: ProgressMap = new Map();
  for (const c of seen) out.set(cols.cards[c] as string, current(c));
  return out;
}

/**
 * core/review-days.ts reviewDays over the entries, in the logs' order (the order sums are made in);
 * with `only`, over the events of those cards alone (what `stats --topic` counts).
 */
export function countDays(cols: Columns, settings: Settings, only?: Uint8Array): ReviewDays {
  const hour = settings.day_starts_at;
  const zone = statsZone(settings);
  const dayOf = studyDayOf(hour, zone);
  const undone = new Set<string>();
  const { flags, t, h1, card } = cols;
  const skip = (i: number) => only !== undefined && only[card[i] as number] !== 1;
  for (const [i, e] of cols.objs) if (e.type === 'undo' && !skip(i)) undone.add(e.target);
  const undoneHash = new Set([...undone].map(hashOf));
  const days: Record<string, DayTotals> = Object.create(null);
  // The day's totals of the previous review: a log holds its reviews mostly in time order.
  let lastDay = Number.NaN;
  let d: DayTotals = noReviews();
  for (let i = 0; i < cols.n; i++) {
    if (skip(i)) continue;
    const f = flags[i] as number;
    if (f & ROW) {
      if (f & CRAM) continue;
      if (undoneHash.has(h1[i] as number) && undone.has(cols.idOf(i))) continue;
      const day = dayOf(t[i] as number);
      if (day !== lastDay) {
        const key = String(day);
        d = days[key] ?? noReviews();
        days[key] = d;
        lastDay = day;
      }
      addTo(d, cols.rating[i] as number, cols.msOf(i), (f & MATURE) !== 0, 1);
      continue;
    }
    const e = cols.objs.get(i);
    if (e?.type === 'review' && !e.cram && !undone.has(e.id)) addReview(days, e, dayOf(Date.parse(e.t)), 1);
  }
  return { hour, zone, days, undone: [...undone] };
}

/** The recent window (recent.ts trimRecent) of the entries: only its events are made. */
function recentOf(cols: Columns) {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < cols.n; i++) if ((cols.t[i] as number) > max) max = cols.t[i] as number;
  // trimRecent keeps events from RECENT_MS before the newest (or before now, when earlier).
  const from = Math.min(max, Date.now()) - RECENT_MS;
  const events = [];
  for (let i = 0; i < cols.n; i++) if ((cols.t[i] as number) >= from) events.push(cols.eventOf(i));
  return trimRecent(events);
}
