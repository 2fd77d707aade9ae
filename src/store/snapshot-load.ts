/**
 * Card states, review totals and the recent window from a snapshot and the log events read after
 * it. With no new events (the usual start-up) nothing is folded and the recent window is parsed
 * only when asked for: `list` and `stats` never ask.
 */
import type { ProgressEvent, ProgressMap, Replay } from '../core/progress.js';
import type { ReviewDays } from '../core/review-days.js';
import type { Problem } from '../errors.js';
import { deriveOnto, isReviewDays } from './derived.js';
import { type LogPosition, logsShrank, readLogs } from './log-format.js';
import { trimRecent } from './recent.js';
import { isProblem, type StoredSnapshot } from './snapshot.js';

export interface FromSnapshot {
  states: ProgressMap;
  days: ReviewDays | undefined;
  /** The recent window; undefined when it cannot be read (a snapshot damaged after its first line). */
  recent: () => ProgressEvent[] | undefined;
}

/** Undefined when only a rebuild is exact (see deriveOnto), or the window needed now is unreadable. */
export function fromSnapshot(
  snap: StoredSnapshot,
  events: ProgressEvent[],
  sameLogs: boolean,
  replay: Replay,
): FromSnapshot | undefined {
  if (events.length === 0) {
    // What deriveOnto gives for no events, without reading the window.
    const days = sameLogs && isReviewDays(snap.days) ? snap.days : undefined;
    const recent = () => {
      const r = snap.readRecent();
      return r && trimRecent(r);
    };
    return { states: snap.cards, days, recent };
  }
  const recent = snap.readRecent();
  const d = recent && deriveOnto({ ...snap, recent }, events, sameLogs, replay);
  return d && { states: d.states, days: d.days, recent: () => d.recent };
}

export interface Loaded extends FromSnapshot {
  positions: Record<string, LogPosition>;
  /** The snapshot's skipped-line reports, then those of the lines read after it. */
  problems: Problem[];
  torn: number;
  /** Events read after the snapshot. */
  read: number;
}

/** The snapshot brought up to date with the logs; undefined when only a rebuild is exact. */
export function loadOnto(snap: StoredSnapshot, logsDir: string, files: string[], replay: Replay, now?: Date): Loaded | undefined {
  if (logsShrank(logsDir, files, snap.logs)) return undefined;
  // A log new to the snapshot may repeat events already counted (a sync tool's conflict copy).
  const sameLogs = files.every((name) => name in snap.logs);
  const problems: Problem[] = [];
  const r = readLogs(logsDir, files, snap.logs, problems, now);
  const d = fromSnapshot(snap, r.events, sameLogs, replay);
  // concat, not push(...): a log of garbage can yield more problems than a call takes arguments.
  const kept = Array.isArray(snap.problems) ? snap.problems.filter(isProblem) : [];
  return d && { ...d, positions: r.positions, problems: kept.concat(problems), torn: r.torn, read: r.events.length };
}
