/**
 * Mock-interview records on disk: `users/<user>/interviews/<device>.jsonl`, one append-only log
 * per device (a header line, then one JSON record per line, each on disk before the next question),
 * so interviews sync between machines like reviews do.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { groupInterviews, type Interview, type InterviewLine, validateInterviewLine } from '../core/interview-report.js';
import { naming } from './fs-errors.js';
import { newerSchema, SCHEMA } from './log-format.js';
import { fsyncDir } from './log-writer.js';

/** A log bigger than this is not ours (thousands of interviews are a few MB); it is skipped. */
export const MAX_INTERVIEW_LOG_BYTES = 64 * 1024 * 1024;

export function interviewsDir(userDir: string): string {
  return join(userDir, 'interviews');
}

/**
 * Appends this device's interview records, each durably on disk before the call returns: one
 * write of whole lines on a file opened for appending, then fdatasync (the review log's LogWriter
 * does the same, with its own row format and migrations, which interview records do not need).
 */
export class InterviewLog {
  private fd: number | undefined;
  readonly file: string;

  constructor(
    userDir: string,
    readonly device: string,
  ) {
    this.file = join(interviewsDir(userDir), `${device}.jsonl`);
  }

  /** A new unique record id for this device. */
  newId(now: Date): string {
    return `${this.device}-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true });
    const fd = openSync(this.file, 'a+');
    const size = fstatSync(fd).size;
    if (size === 0) {
      const header = { type: 'header', schema: SCHEMA, device: this.device, created: new Date().toISOString() };
      writeSync(fd, `${JSON.stringify(header)}\n`);
      fdatasyncSync(fd);
      fsyncDir(dir);
    } else {
      // A torn last line (a crash mid-write) is ended, so the next record starts on a line of its own.
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 10) writeSync(fd, '\n');
    }
    this.fd = fd;
    return fd;
  }

  append(...lines: InterviewLine[]): void {
    if (lines.length === 0) return;
    naming(this.file, () => {
      const fd = this.open();
      const buf = Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      // A short write is continued, never left as half a line.
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      fdatasyncSync(fd);
    });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function readWhole(file: string): string | undefined {
  return naming(file, () => {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_INTERVIEW_LOG_BYTES) return undefined;
      const buf = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      return buf.toString('utf8', 0, got);
    } finally {
      closeSync(fd);
    }
  });
}

/**
 * Every valid record of every device's log. Lines that are not JSON or not a valid record (a
 * torn last line after a crash, an edited file) are skipped; a log written by a newer llm-quiz
 * stops the command (exit 1) and is left as it is.
 */
export function readInterviewLines(userDir: string): InterviewLine[] {
  const dir = interviewsDir(userDir);
  if (!existsSync(dir)) return [];
  const out: InterviewLine[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    const file = join(dir, name);
    const text = readWhole(file);
    if (text === undefined) continue;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        continue;
      }
      const o = obj as Record<string, unknown> | null;
      if (o?.type === 'header') {
        if (typeof o.schema === 'number' && o.schema > SCHEMA) throw newerSchema(file, o.schema);
        continue;
      }
      const rec = validateInterviewLine(obj);
      if (rec) out.push(rec);
    }
  }
  return out;
}

/** The user's interviews from every device, oldest first. */
export function readInterviews(userDir: string): Interview[] {
  return groupInterviews(readInterviewLines(userDir));
}
