/**
 * The recent window: events of roughly the last two days, kept in the snapshot so today's
 * counts (new cards and reviews done today) need no read of the history.
 */
import { compareEvents, eventKey, type ProgressEvent } from '../core/progress.js';

/** Events kept: those within this long of the newest event (or of now, when that is earlier). */
export const RECENT_MS = 48 * 3_600_000;

/**
 * Where the window starts: 48 hours before the newest event, or before `now` when the newest is
 * later (written by a clock that ran ahead), so today's events are kept beside those from the
 * future and today's limits still see them.
 */
function cutoffFrom(newest: string, now: number): string {
  return new Date(Math.min(Date.parse(newest), now) - RECENT_MS).toISOString();
}

/** The window over a set of events: each id once, in (time, id) order, the last 48 hours. */
export function trimRecent(events: ProgressEvent[], now = Date.now()): ProgressEvent[] {
  if (events.length === 0) return [];
  let max = '';
  for (const e of events) if (e.t > max) max = e.t;
  const cutoff = cutoffFrom(max, now);
  // A window read back from the snapshot is already one (this function wrote it): no re-sort.
  if (isWindow(events)) return events.filter((e) => e.t >= cutoff);
  const byId = new Map<string, ProgressEvent>();
  for (const e of events) if (e.t >= cutoff) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => (eventKey(a) < eventKey(b) ? -1 : 1));
}

/** True when the events are in strictly increasing (time, id) order, each id once. */
function isWindow(events: ProgressEvent[]): boolean {
  const ids = new Set<string>();
  let last = '';
  for (const e of events) {
    const key = eventKey(e);
    if (key <= last || ids.has(e.id)) return false;
    ids.add(e.id);
    last = key;
  }
  return true;
}

/**
 * Adds new events to the recent window. Events newer than all it holds (the usual case: this
 * process's own answers) are pushed and the oldest dropped, so an append does not re-sort the
 * window; anything else falls back to a full trim.
 */
export function appendRecent(recent: ProgressEvent[], events: ProgressEvent[], now = Date.now()): ProgressEvent[] {
  const last = recent[recent.length - 1];
  const sorted = [...events].sort(compareEvents);
  const first = sorted[0];
  if (!first || (last && eventKey(first) <= eventKey(last))) return trimRecent([...recent, ...events], now);
  const out = recent.concat(sorted);
  const newest = out[out.length - 1] as ProgressEvent;
  const cutoff = cutoffFrom(newest.t, now);
  let drop = 0;
  while (drop < out.length && (out[drop] as ProgressEvent).t < cutoff) drop++;
  return drop > 0 ? out.slice(drop) : out;
}
