/**
 * `snapshot.json`: the derived cache of card states, how far into each log they reflect, the
 * recent events and the log lines skipped so far. Only a cache: anything wrong with it (corrupt,
 * older version) means a rebuild from the logs, never lost progress.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { problem } from '../core/problems.js';
import type { CardProgress, ProgressEvent } from '../core/progress.js';
import type { ReviewDays } from '../core/review-days.js';
import { type Problem, UserError } from '../errors.js';
import { atomicWrite } from './atomic.js';
import { type LogPosition, newerSchema, SCHEMA } from './log-format.js';

export interface Snapshot {
  schema: number;
  logs: Record<string, LogPosition>;
  cards: Record<string, CardProgress>;
  recent: ProgressEvent[];
  /** Log lines skipped so far (unparseable or invalid), so they are reported on every load. */
  problems?: Problem[];
  /** Review totals per study day (absent in older snapshots: recounted once). */
  days?: ReviewDays;
}

/** Skipped-line reports kept in the snapshot; beyond this many, `check` shows the first ones. */
export const SNAPSHOT_PROBLEMS_KEPT = 200;

/** True when a parsed snapshot has the shape this version writes. */
function isSnapshot(x: Record<string, unknown>): x is Record<string, unknown> & Snapshot {
  const logs = x.logs as Record<string, unknown> | null;
  const cards = x.cards as Record<string, unknown> | null;
  if (!logs || typeof logs !== 'object' || !cards || typeof cards !== 'object' || !Array.isArray(x.recent)) return false;
  for (const p of Object.values(logs) as Array<Partial<LogPosition> | null>) {
    if (!p || !Number.isSafeInteger(p.offset) || (p.offset as number) < 0 || !Number.isSafeInteger(p.lines)) return false;
  }
  for (const c of Object.values(cards) as Array<Partial<CardProgress> | null>) {
    if (!c || typeof c !== 'object' || typeof c.lastKey !== 'string' || typeof c.suspended !== 'boolean') return false;
  }
  return true;
}

export function isProblem(x: unknown): x is Problem {
  const p = x as Partial<Problem> | null;
  return !!p && typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/**
 * Reads a snapshot. Undefined when there is none, when it is from an older version, or when it
 * is corrupt: then it is set aside (renamed, never deleted) and a warning goes to `problems`.
 * A snapshot from a newer version is refused (UserError) and left as it is.
 */
export function readSnapshot(file: string, problems: Problem[]): Snapshot | undefined {
  if (!existsSync(file)) return undefined;
  let snap: Snapshot;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a snapshot');
    // A newer program's snapshot is refused before its shape is judged: it may differ legitimately.
    if (typeof raw.schema === 'number' && raw.schema > SCHEMA) throw newerSchema(file, raw.schema);
    if (!isSnapshot(raw)) throw new Error('not a snapshot');
    snap = raw;
  } catch (e) {
    if (e instanceof UserError) throw e;
    // A cache that fails to parse is set aside (never deleted) and rebuilt from the logs.
    const aside = `${file}.corrupt-${Date.now()}`;
    let moved = true;
    try {
      renameSync(file, aside);
    } catch {
      moved = false; // read-only folder: still rebuild in memory, and say so
    }
    problems.push(
      moved
        ? problem(file, 0, 'warning', 'problem.snapshot.movedAside', { aside: basename(aside) })
        : problem(file, 0, 'warning', 'problem.snapshot.corrupt'),
    );
    return undefined;
  }
  // An older snapshot is only a cache: rebuilding from the logs is its migration.
  if (snap.schema !== SCHEMA) return undefined;
  return snap;
}

/** Writes a snapshot atomically (temp file, fsync, rename). */
export function writeSnapshot(file: string, snap: Omit<Snapshot, 'schema'>): void {
  atomicWrite(file, JSON.stringify({ schema: SCHEMA, ...snap }));
}
