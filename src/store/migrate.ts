/**
 * Rewrites a log of schema 1 in schema 2 (compact reviews, log-codec.ts), line for line, so line
 * numbers in messages stay the same. Safe at every point, because the log is never changed in
 * place:
 *   1. the log is copied to the backup folder (atomically: a copy is whole or absent);
 *   2. the new log is written to a temporary file, synced and renamed over the old one: a kill
 *      before the rename leaves the old log (the temporary file is swept later), after it the
 *      new one;
 *   3. lines another process appended to the old file meanwhile are added to the new one.
 * Idempotent (a log whose header says schema 2 is left alone) and resumable (a run cut short is
 * simply run again). Lines that are not valid events, and a torn last line, are kept as they are;
 * a review is only rewritten when its row gives back exactly the same event.
 */
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { eventProblem } from '../core/progress.js';
import { atomicWriteChunks, sweepTempFiles } from './atomic.js';
import { naming } from './fs-errors.js';
import { logDevice, parseHeader, readFd } from './log-bytes.js';
import { encodeReview } from './log-codec.js';
import { headerLine, LOG_SCHEMA } from './log-format.js';

/** Lines converted per chunk written (bounds the memory a million-line log needs). */
const CHUNK_LINES = 20_000;

export type MigrateResult = 'migrated' | 'current' | 'missing';

/** Points of the migration, for tests that kill it at each (see test/store/migrate-kill.test.ts). */
export type MigrateStep = 'read' | 'backup' | 'chunk' | 'renamed' | 'done';

/** Migrates one log to schema 2 (see the file comment); `backupDir` receives the old copy. */
export function migrateLog(file: string, backupDir: string, onStep: (s: MigrateStep) => void = () => {}): MigrateResult {
  if (!existsSync(file)) return 'missing';
  sweepTempFiles(dirname(file));
  return naming(file, () => {
    const fd = openSync(file, 'r');
    try {
      const old = readFd(fd, 0);
      const nl = old.indexOf(10);
      const header = parseHeader(old.toString('utf8', 0, nl < 0 ? old.length : nl));
      // No header (a file made by hand): its compact rows could not name their device. Left as it is.
      if (!header || header.schema >= LOG_SCHEMA || nl < 0) return 'current';
      onStep('read');
      mkdirSync(backupDir, { recursive: true });
      atomicWriteChunks(join(backupDir, basename(file)), [old]);
      onStep('backup');
      const device = logDevice(header, file);
      const created = createdOf(old.toString('utf8', 0, nl));
      atomicWriteChunks(file, convert(old, nl + 1, device, headerLine(header.device, created), onStep));
      onStep('renamed');
      copyLate(fd, old.length, file, device);
      onStep('done');
      return 'migrated';
    } finally {
      closeSync(fd);
    }
  });
}

function createdOf(line: string): Date {
  const t = Date.parse(String((JSON.parse(line) as { created?: unknown }).created));
  return Number.isFinite(t) ? new Date(t) : new Date(0);
}

/** One line in schema 2: a valid review as a row when it comes back the same, anything else as it was. */
function convertLine(line: string, device: string): string {
  if (!line.startsWith('{') || !line.includes('"review"')) return line;
  try {
    const e = JSON.parse(line) as unknown;
    if (eventProblem(e) || (e as { type: string }).type !== 'review') return line;
    return encodeReview(e as Parameters<typeof encodeReview>[0], device) ?? line;
  } catch {
    return line;
  }
}

/** The lines of `buf` from `start` in schema 2, a chunk at a time; a torn last line stays as it is. */
function* convert(buf: Buffer, start: number, device: string, header: string, onStep: (s: MigrateStep) => void) {
  yield Buffer.from(header);
  let pos = start;
  while (pos < buf.length) {
    const out: string[] = [];
    for (let n = 0; n < CHUNK_LINES && pos < buf.length; n++) {
      const end = buf.indexOf(10, pos);
      if (end < 0) {
        out.push(buf.toString('utf8', pos));
        pos = buf.length;
        break;
      }
      out.push(`${convertLine(buf.toString('utf8', pos, end), device)}\n`);
      pos = end + 1;
    }
    onStep('chunk');
    yield Buffer.from(out.join(''));
  }
}

/**
 * Lines appended to the old file (still open as `fd`) after it was read: another process of this
 * device appending while the log was rewritten. They are converted and appended to the new log;
 * that process also writes them again once it sees the file replaced (log-writer.ts), and a
 * line read twice is counted once (events are read by id).
 */
function copyLate(fd: number, readUpTo: number, file: string, device: string): void {
  const late = readFd(fd, readUpTo);
  if (late.length === 0) return;
  const lines = late.toString('utf8').split('\n');
  const text = lines.map((l, i) => (i < lines.length - 1 ? convertLine(l, device) : l)).join('\n');
  const out = openSync(file, 'a');
  try {
    writeSync(out, text);
    fdatasyncSync(out);
  } finally {
    closeSync(out);
  }
}
