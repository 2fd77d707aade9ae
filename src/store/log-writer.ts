/**
 * Appending to this device's log. There is no lock file: each append is one write of whole
 * lines on a file opened with O_APPEND, so the kernel places concurrent writers' lines (two
 * terminals as one user) one after the other, never over each other.
 */

import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../core/progress.js';
import { naming } from './fs-errors.js';
import { eventLine, headerLine } from './log-format.js';

/** Writes a whole buffer (a short write is retried for the rest rather than leaving half a line). */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Makes a new directory entry durable (a new log file survives a power cut). */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

/** The append side of one device's log: `logs/<device>.jsonl`. */
export class LogWriter {
  private fd: number | undefined;

  constructor(
    readonly logsDir: string,
    readonly device: string,
  ) {}

  get file(): string {
    return join(this.logsDir, `${this.device}.jsonl`);
  }

  /** A new unique event id for this device. */
  newEventId(now: Date): string {
    return `${this.device}-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(this.logsDir, { recursive: true });
    const fd = openSync(this.file, 'a+');
    const size = fstatSync(fd).size;
    if (size === 0) {
      writeSync(fd, headerLine(this.device, new Date()));
      fdatasyncSync(fd);
      fsyncDir(this.logsDir);
    } else {
      // If a crash left a torn last line, start on a fresh line so the next event stays whole.
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 10) writeSync(fd, '\n');
    }
    this.fd = fd;
    return fd;
  }

  /** Appends events durably: one write of whole lines, then fdatasync, before returning. */
  append(events: readonly ProgressEvent[]): void {
    if (events.length === 0) return;
    naming(this.file, () => {
      const fd = this.open();
      const size = fstatSync(fd).size;
      try {
        writeAll(fd, Buffer.from(events.map(eventLine).join('')));
        fdatasyncSync(fd);
      } catch (e) {
        // A full disk can take half the lines: cut them off, so the log ends where it did.
        try {
          ftruncateSync(fd, size);
        } catch {}
        throw e;
      }
    });
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
