/**
 * Appending to this device's log. There is no lock file: each append is one write of whole
 * lines on a file opened with O_APPEND, so the kernel places concurrent writers' lines (two
 * terminals as one user) one after the other, never over each other. A log of schema 1 is
 * rewritten in schema 2 (migrate.ts) before the first append; a writer whose file was replaced
 * that way by another process meanwhile writes its lines again into the new file.
 */

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ProgressEvent } from '../core/progress.js';
import { naming } from './fs-errors.js';
import { logDevice, readHeader } from './log-bytes.js';
import { eventLine, headerLine, LOG_SCHEMA } from './log-format.js';
import { migrateLog } from './migrate.js';

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
  /** The device compact rows are written for (the header's), or undefined to write schema 1 lines. */
  private rows: string | undefined;

  constructor(
    readonly logsDir: string,
    readonly device: string,
    /** Where a log of schema 1 is copied before it is rewritten (see migrate.ts). */
    private readonly backupDir?: string,
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
    if (this.backupDir) migrateLog(this.file, this.backupDir);
    const fd = openSync(this.file, 'a+');
    const size = fstatSync(fd).size;
    if (size === 0) {
      writeSync(fd, headerLine(this.device, new Date()));
      fdatasyncSync(fd);
      fsyncDir(this.logsDir);
      this.rows = this.device;
    } else {
      // A log still in schema 1 (no migration asked for) is appended to in schema 1.
      const header = readHeader(this.file);
      this.rows = header && header.schema >= LOG_SCHEMA ? logDevice(header, this.file) : undefined;
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
      if (this.replaced()) this.close();
      this.write(events);
      // Another process rewrote the log (migrate.ts) while these lines went to the old file: they
      // go into the new one too (the migration may have copied them already: ids are read once).
      if (this.replaced()) {
        this.close();
        this.write(events);
      }
    });
  }

  private write(events: readonly ProgressEvent[]): void {
    const fd = this.open();
    const bytes = Buffer.from(events.map((e) => eventLine(e, this.rows)).join(''));
    const size = fstatSync(fd).size;
    try {
      writeAll(fd, bytes);
      fdatasyncSync(fd);
    } catch (e) {
      // A full disk can take half the lines: cut them off, so the log ends where it did.
      try {
        ftruncateSync(fd, size);
      } catch {}
      throw e;
    }
  }

  /** True when the open file is no longer the one at the log's path. */
  private replaced(): boolean {
    if (this.fd === undefined) return false;
    try {
      return statSync(this.file).ino !== fstatSync(this.fd).ino;
    } catch {
      return true;
    }
  }

  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
