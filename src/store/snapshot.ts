/**
 * `snapshot.json`: the derived cache of card states, how far into each log they reflect, the
 * recent events and the log lines skipped so far. Only a cache: anything wrong with it (corrupt,
 * older version) means a rebuild from the logs, never lost progress.
 *
 * Schema 2 is two lines. The first holds what every command needs, card states as two arrays
 * (ids, states) that parse into a Map without an object of 10,000 keys; the second holds the
 * recent window, parsed only when asked for (`list` and `stats` never need it when no log grew).
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import { problem } from '../core/problems.js';
import type { CardProgress, ProgressEvent, ProgressMap } from '../core/progress.js';
import type { ReviewDays } from '../core/review-days.js';
import { type Problem, UserError } from '../errors.js';
import { atomicWrite } from './atomic.js';
import { type LogPosition, newerSchema } from './log-format.js';

/** 2: two lines, card states as id and state arrays, the recent window on the second line. */
export const SNAPSHOT_SCHEMA = 2;

export interface Snapshot {
  schema: number;
  logs: Record<string, LogPosition>;
  cards: ProgressMap;
  recent: ProgressEvent[];
  /** Log lines skipped so far (unparseable or invalid), so they are reported on every load. */
  problems?: Problem[];
  /** Review totals per study day (absent in older snapshots: recounted once). */
  days?: ReviewDays;
}

/** A snapshot as read: the recent window is parsed on the first call (undefined: unreadable). */
export interface StoredSnapshot extends Omit<Snapshot, 'recent'> {
  readRecent(): ProgressEvent[] | undefined;
}

/** Skipped-line reports kept in the snapshot; beyond this many, `check` shows the first ones. */
export const SNAPSHOT_PROBLEMS_KEPT = 200;

function validLogs(logs: unknown): logs is Record<string, LogPosition> {
  if (!logs || typeof logs !== 'object') return false;
  for (const p of Object.values(logs) as Array<Partial<LogPosition> | null>) {
    if (!p || !Number.isSafeInteger(p.offset) || (p.offset as number) < 0 || !Number.isSafeInteger(p.lines)) return false;
  }
  return true;
}

function validState(c: Partial<CardProgress> | null | undefined): c is CardProgress {
  return !!c && typeof c === 'object' && typeof c.lastKey === 'string' && typeof c.suspended === 'boolean';
}

/** The card states of a schema-2 first line, or undefined when they do not have that shape. */
function cardsOf(x: unknown): ProgressMap | undefined {
  const { ids, states } = (x ?? {}) as { ids?: unknown; states?: unknown };
  if (!Array.isArray(ids) || !Array.isArray(states) || ids.length !== states.length) return undefined;
  const map: ProgressMap = new Map();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const state = states[i] as Partial<CardProgress> | null;
    if (typeof id !== 'string' || !validState(state)) return undefined;
    map.set(id, state);
  }
  return map;
}

/** True when an older (schema 1, one JSON object) snapshot has the shape that version wrote. */
function validOlder(x: Record<string, unknown>): boolean {
  const cards = x.cards as Record<string, Partial<CardProgress> | null> | null;
  if (!validLogs(x.logs) || !cards || typeof cards !== 'object' || !Array.isArray(x.recent)) return false;
  return Object.values(cards).every(validState);
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
export function readSnapshot(file: string, problems: Problem[]): StoredSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const bytes = readFileSync(file);
    const nl = bytes.indexOf(10);
    const raw = JSON.parse(bytes.toString('utf8', 0, nl < 0 ? bytes.length : nl)) as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a snapshot');
    // A newer program's snapshot is refused before its shape is judged: it may differ legitimately.
    if (typeof raw.schema === 'number' && raw.schema > SNAPSHOT_SCHEMA) throw newerSchema(file, raw.schema, SNAPSHOT_SCHEMA);
    // An older snapshot is only a cache: rebuilding from the logs is its migration.
    if (raw.schema !== SNAPSHOT_SCHEMA && nl < 0 && validOlder(raw)) return undefined;
    const cards = raw.schema === SNAPSHOT_SCHEMA && nl >= 0 && validLogs(raw.logs) ? cardsOf(raw.cards) : undefined;
    if (!cards) throw new Error('not a snapshot');
    let recent: ProgressEvent[] | null | undefined = null;
    const readRecent = () => {
      if (recent === null) {
        try {
          const r = JSON.parse(bytes.toString('utf8', nl + 1)) as unknown;
          recent = Array.isArray(r) ? (r as ProgressEvent[]) : undefined;
        } catch {
          recent = undefined;
        }
      }
      return recent;
    };
    return {
      schema: SNAPSHOT_SCHEMA,
      logs: raw.logs as Record<string, LogPosition>,
      cards,
      ...(Array.isArray(raw.problems) ? { problems: raw.problems as Problem[] } : {}),
      ...(raw.days !== undefined ? { days: raw.days as ReviewDays } : {}),
      readRecent,
    };
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
}

/** Writes a snapshot atomically (temp file, fsync, rename). */
export function writeSnapshot(file: string, snap: Omit<Snapshot, 'schema'>): void {
  const { cards, recent, ...rest } = snap;
  const head = { schema: SNAPSHOT_SCHEMA, ...rest, cards: { ids: [...cards.keys()], states: [...cards.values()] } };
  atomicWrite(file, `${JSON.stringify(head)}\n${JSON.stringify(recent)}`);
}
