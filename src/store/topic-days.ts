/**
 * Review totals per study day of some cards alone (`stats --topic`), kept in
 * `topic-days.json` beside the snapshot so that asking again does not read the whole history:
 * at a million reviews reading it takes seconds, where `stats` answers from the snapshot's totals.
 *
 * An entry holds the totals of one set of cards (by a hash of their ids), the day start and zone
 * they were counted in, and how far into each log they reflect. Asked again, only the log lines
 * after that are read and added (core/review-days.ts addToReviewDays, as the snapshot's totals
 * are kept). Everything is counted again from the logs when that is not exact: a log is new,
 * gone or shorter, an undo names a review no longer in the recent window or of another card, the
 * day start or zone changed. Like every cache it can be deleted at any time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../core/progress.js';
import { addToReviewDays, type ReviewDays } from '../core/review-days.js';
import { statsZone, studyDayOf } from '../core/stats.js';
import { atomicWrite } from './atomic.js';
import { readHistory } from './history.js';
import { type LogPosition, listLogs, logsShrank, readLogs } from './log-format.js';
import type { ProgressStore } from './progress-store.js';

const FILE = 'topic-days.json';
const VERSION = 1;
/** Sets of cards kept (the most recently asked first). */
const KEPT = 8;

interface Entry {
  cards: string;
  logs: Record<string, LogPosition>;
  days: ReviewDays;
}

function readEntries(file: string): unknown[] {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown };
    return o.version === VERSION && Array.isArray(o.entries) ? o.entries : [];
  } catch {
    return [];
  }
}

const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const TOTALS = ['reviews', 'again', 'ms', 'mature', 'passed'] as const;

/** An entry as this file writes it (anything else, a damaged or hand-edited file, is counted again). */
function isEntry(e: unknown): e is Entry {
  if (!obj(e) || typeof e.cards !== 'string' || !obj(e.logs) || !obj(e.days)) return false;
  const { hour, zone, days, undone } = e.days;
  if (typeof hour !== 'number' || typeof zone !== 'string' || !obj(days) || !Array.isArray(undone)) return false;
  if (!undone.every((id) => typeof id === 'string')) return false;
  if (!Object.values(e.logs).every((p) => obj(p) && Number.isSafeInteger(p.offset) && Number.isSafeInteger(p.lines)))
    return false;
  return Object.values(days).every((d) => obj(d) && TOTALS.every((k) => Number.isFinite(d[k])));
}

/** The totals of the cards `only` brought up to date with the logs; undefined when they must be counted again. */
function catchUp(store: ProgressStore, e: Entry, only: ReadonlySet<string>, now: Date): Entry | undefined {
  const files = listLogs(store.logsDir);
  if (files.some((f) => !e.logs[f]) || logsShrank(store.logsDir, files, e.logs)) return undefined;
  const r = readLogs(store.logsDir, files, e.logs, [], now);
  if (r.events.length === 0 && files.every((f) => r.positions[f]?.offset === e.logs[f]?.offset)) return e;
  const fresh = r.events.filter((x) => only.has(x.card));
  if (fresh.length === 0) return { ...e, logs: r.positions };
  const days: ReviewDays = structuredClone(e.days);
  const recent = new Map<string, ProgressEvent>(store.recent.map((x) => [x.id, x]));
  // An undo of a review of a card outside the set (never counted here) is not known: counted again.
  const known = (id: string) => {
    const x = recent.get(id);
    return x && only.has(x.card) ? x : undefined;
  };
  const dayOf = studyDayOf(days.hour, days.zone);
  return addToReviewDays(days, fresh, dayOf, known) ? { cards: e.cards, logs: r.positions, days } : undefined;
}

/** Review totals per study day of the cards `only` (see the file comment). */
export function topicDays(store: ProgressStore, only: ReadonlySet<string>, now: Date): ReviewDays {
  const file = join(store.dir, FILE);
  const cards = createHash('sha256')
    .update([...only].sort().join('\n'))
    .digest('hex');
  const hour = store.settings.day_starts_at;
  const zone = statsZone(store.settings);
  const entries = readEntries(file).filter(isEntry);
  const old = entries.find((e) => e.cards === cards && e.days.hour === hour && e.days.zone === zone);
  let entry = old && catchUp(store, old, only, now);
  if (!entry) {
    const history = readHistory(store.logsDir, now);
    try {
      entry = { cards, logs: history.positions, days: history.days(store.settings, only) };
    } finally {
      history.close();
    }
  }
  if (entry !== old && existsSync(store.dir)) {
    const kept = [entry, ...entries.filter((e) => e.cards !== cards)].slice(0, KEPT);
    try {
      atomicWrite(file, `${JSON.stringify({ version: VERSION, entries: kept })}\n`);
    } catch {}
  }
  return entry.days;
}
