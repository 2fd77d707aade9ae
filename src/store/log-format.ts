/**
 * The progress log on disk: JSON Lines, a header then one event per line (schema 2: a review is a
 * compact array, see log-codec.ts; schema 1 lines are read as they are). Reading from a byte
 * offset, with torn-line recovery: a last line without its newline (a crash mid-write) is left
 * unread, so a later read starts on it again once it is complete.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProgressEvent } from '../core/progress.js';
import { type Problem, UserError } from '../errors.js';
import { logDevice, parseHeader, readHeader, readTail } from './log-bytes.js';
import { encodeReview, type LastStates } from './log-codec.js';
import { badJson, FUTURE_SLACK_MS, futureProblem, type LineContext, LOG_SCHEMA, lineEvent } from './log-line.js';

export { LOG_SCHEMA, newerSchema, SCHEMA } from './log-line.js';

/** How far into one log a reader has got. */
export interface LogPosition {
  /** Bytes read: always the end of a complete line. */
  offset: number;
  /** Lines read, for line numbers in messages. */
  lines: number;
  /** Time of the last event read that was not from the future (see boundFuture). */
  lastT?: string;
  /** The device of the log's compact rows (its header's), so a later read need not read the header again. */
  device?: string;
}

export const LOG_START: LogPosition = Object.freeze({ offset: 0, lines: 0 });

/** Log lines parsed per JSON.parse call (see readLogFrom). */
const PARSE_BATCH = 2000;

/** The first line of a new log. */
export function headerLine(device: string, created: Date, schema = LOG_SCHEMA): string {
  return `${JSON.stringify({ type: 'header', schema, device, created: created.toISOString() })}\n`;
}

/** One event as a line of a log of `device`: a compact row for a review when `device` is given (schema 2). */
export function eventLine(e: ProgressEvent, device?: string): string {
  const row = device !== undefined && e.type === 'review' ? encodeReview(e, device) : undefined;
  return `${row ?? JSON.stringify(e)}\n`;
}

/** The log files in a folder, in name order (none when the folder does not exist). */
export function listLogs(logsDir: string): string[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort();
}

export interface LogRead {
  events: ProgressEvent[];
  /** Where the next read starts: after the last complete line. */
  pos: LogPosition;
  /** True when the file ends in a line without its newline. */
  torn: boolean;
}

/**
 * Reads the complete lines of a log file from a byte offset. Lines that are not JSON or not a
 * valid event are skipped and reported in `problems` with their line number.
 */
export function readLogFrom(file: string, pos: LogPosition, problems: Problem[], now?: Date): LogRead {
  const buf = readTail(file, pos.offset);
  const got = buf.length;
  const lastNl = buf.lastIndexOf(10, got - 1);
  const complete = lastNl >= 0 ? buf.toString('utf8', 0, lastNl + 1) : '';
  const torn = got > 0 && lastNl !== got - 1;
  const parts = complete.split('\n');
  const clock = { limit: now ? now.getTime() + FUTURE_SLACK_MS : Number.POSITIVE_INFINITY, lastT: pos.lastT };
  // Compact rows leave the device out of their ids: it is the header's (a sync tool's copy of a
  // log keeps its header, so its rows give the same ids and are not counted twice).
  const device =
    pos.offset > 0 && typeof pos.device === 'string'
      ? pos.device
      : logDevice(pos.offset === 0 ? parseHeader(parts[0] ?? '') : readHeader(file), file);
  const events = parseLines(file, parts, pos.lines, problems, clock, device);
  const lines = pos.lines + parts.length - 1;
  const { lastT } = clock;
  return { events, pos: { offset: pos.offset + (lastNl + 1), lines, ...(lastT ? { lastT } : {}), device }, torn };
}

/**
 * Where the reader is in time. Events dated after `limit` (the clock plus a day) are bounded:
 * each is counted at `lastT`, the time of the event its log holds before it (the start of time
 * when there is none), with a warning naming its line. A suspend dated 9999-12-31 used to sort
 * after everything ever written, so `unsuspend` could not undo it. The time given depends only
 * on the log, so every reader and every later run agrees.
 */
interface Clock {
  limit: number;
  lastT: string | undefined;
}

function parseLines(
  file: string,
  parts: string[],
  firstLine: number,
  problems: Problem[],
  clock: Clock,
  device: string,
): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  const name = basename(file);
  const lastStates: LastStates = new Map();
  const ctx: LineContext = { file, name, device, problems };
  const take = (obj: unknown, lineNo: number) => {
    const e = lineEvent(obj, ctx, lineNo, lastStates);
    if (!e) return;
    if (Date.parse(e.t) <= clock.limit) {
      clock.lastT = e.t;
      events.push(e);
      return;
    }
    const at = clock.lastT ?? new Date(0).toISOString();
    futureProblem(ctx, lineNo, e.t, at);
    events.push({ ...e, t: at });
  };
  const parseLine = (line: string, lineNo: number) => {
    try {
      take(JSON.parse(line), lineNo);
    } catch (e) {
      if (e instanceof UserError) throw e;
      badJson(ctx, lineNo);
    }
  };
  // Lines are parsed a batch at a time as one JSON array: half the time of one JSON.parse per
  // line. A batch where any line is not a single object or array (or that fails to parse) is
  // parsed again line by line, so each bad line is found and named.
  for (let start = 0; start < parts.length; start += PARSE_BATCH) {
    const end = Math.min(parts.length, start + PARSE_BATCH);
    const idx: number[] = [];
    let simple = true;
    for (let i = start; i < end; i++) {
      const line = parts[i] as string;
      if (line === '') continue;
      const first = line.charCodeAt(0);
      const last = line.charCodeAt(line.length - 1);
      if (!((first === 123 && last === 125) || (first === 91 && last === 93))) simple = false;
      idx.push(i);
    }
    let batch: unknown[] | undefined;
    if (simple && idx.length > 0) {
      try {
        batch = JSON.parse(`[${idx.map((i) => parts[i]).join(',')}]`) as unknown[];
        if (batch.length !== idx.length) batch = undefined;
      } catch {
        batch = undefined;
      }
    }
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k] as number;
      if (batch) take(batch[k], firstLine + i + 1);
      else parseLine(parts[i] as string, firstLine + i + 1);
    }
  }
  return events;
}

export interface LogsRead {
  events: ProgressEvent[];
  positions: Record<string, LogPosition>;
  /** Logs that end in a torn line. */
  torn: number;
}

/** Reads several logs of one folder, each from its position in `from` (or its start). */
export function readLogs(
  logsDir: string,
  files: readonly string[],
  from: Readonly<Record<string, LogPosition>>,
  problems: Problem[],
  now?: Date,
): LogsRead {
  const events: ProgressEvent[] = [];
  const ids = new Set<string>();
  const positions: Record<string, LogPosition> = {};
  let torn = 0;
  for (const name of files) {
    const r = readLogFrom(join(logsDir, name), from[name] ?? LOG_START, problems, now);
    // A loop, not push(...events): spreading 200,000 arguments overflows the stack. Each event id
    // is taken once: a sync tool's conflict copy of a log (`laptop.sync-conflict-….jsonl`) or a
    // log copied by hand repeats every event, and nothing may be counted twice.
    for (const e of r.events) {
      if (ids.has(e.id)) continue;
      ids.add(e.id);
      events.push(e);
    }
    positions[name] = r.pos;
    if (r.torn) torn++;
  }
  return { events, positions, torn };
}

/**
 * True when a log read before has vanished or shrunk (deleted by hand, replaced by a sync tool):
 * everything folded from it is void.
 */
export function logsShrank(logsDir: string, files: readonly string[], read: Readonly<Record<string, LogPosition>>): boolean {
  return (
    Object.keys(read).some((name) => !files.includes(name)) ||
    files.some((name) => statSync(join(logsDir, name)).size < (read[name]?.offset ?? 0))
  );
}
