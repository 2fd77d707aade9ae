/**
 * A rebuild of everything derived (card states, recent window, review totals per day) from the
 * whole of a user's logs.
 */
import type { Replay } from '../core/progress.js';
import type { Settings } from '../core/scheduler.js';
import type { Problem } from '../errors.js';
import { type Derived, deriveAll } from './derived.js';
import { type LogPosition, readLogs } from './log-format.js';

export interface Rebuilt {
  derived: Derived;
  positions: Record<string, LogPosition>;
  /** Logs that end in a torn line. */
  torn: number;
}

/** Derives everything from the logs `files` of `logsDir`, read from their start. */
export function rebuildLogs(
  logsDir: string,
  files: readonly string[],
  problems: Problem[],
  settings: Settings,
  replay: Replay,
  now?: Date,
): Rebuilt {
  const r = readLogs(logsDir, files, {}, problems, now);
  return { derived: deriveAll(r.events, settings, replay), positions: r.positions, torn: r.torn };
}
