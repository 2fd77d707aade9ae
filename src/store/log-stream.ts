/**
 * Reads whole logs into Columns a chunk at a time, without an object per review: what
 * readLogs (log-format.ts) gives as events (each id once, events from the future counted at the
 * time before them), the same problems, positions and torn count. Compact rows in their canonical
 * spelling are read by RowScanner; every other line goes through JSON.parse and lineEvent.
 */
import { fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MAX_ID_LENGTH, type ProgressEvent } from '../core/progress.js';
import { type Problem, UserError } from '../errors.js';
import { naming } from './fs-errors.js';
import { CompactIds, hashOf, mix1, SEED1 } from './id-hash.js';
import { logDevice, parseHeader } from './log-bytes.js';
import { iso } from './log-codec.js';
import { Columns, CRAM, type IdSource, MATURE, NULL_BEFORE, NUM_ID, ROW } from './log-columns.js';
import type { LogPosition } from './log-format.js';
import { badJson, FUTURE_SLACK_MS, futureProblem, type LineContext, lineEvent } from './log-line.js';
import { RowChain } from './row-chain.js';
import { RowScanner } from './row-scan.js';

/** Bytes read at a time (a line longer than that is read whole). */
const CHUNK = 1 << 20;

/** Thrown when a history holds what only the event-object path (readLogs) reads exactly: an odd date, too many logs. */
export class NeedsObjects extends Error {}

export interface StreamRead {
  cols: Columns;
  positions: Record<string, LogPosition>;
  torn: number;
}

/** Reads the logs `files` of `logsDir` from their start. */
export function streamLogs(
  logsDir: string,
  files: readonly string[],
  problems: Problem[],
  now?: Date,
  chunk = CHUNK,
): StreamRead {
  const sizes = files.map((name) => naming(join(logsDir, name), () => statSync(join(logsDir, name)).size));
  // A compact row is at least ~60 bytes; columns grow when a history is denser than that.
  const cols = new Columns(Math.ceil(sizes.reduce((a, b) => a + b, 0) / 100));
  const positions: Record<string, LogPosition> = {};
  let torn = 0;
  try {
    for (const name of files) {
      const file = join(logsDir, name);
      const r = naming(file, () => new LogStream(cols, file, problems, now).read(chunk));
      positions[name] = r.pos;
      if (r.torn) torn++;
    }
  } catch (e) {
    cols.close();
    throw e;
  }
  cols.done();
  return { cols, positions, torn };
}

class LogStream implements IdSource {
  private readonly ctx: LineContext;
  private readonly scan = new RowScanner();
  private readonly limit: number;
  /** Time of the last event not from the future; NaN before the first (a number: no box per row). */
  private lastMs = Number.NaN;
  private src = -1;
  /** Hashes of this log's compact ids. */
  private compact = new CompactIds('');
  /** The id of the entry being added (see newId): an object's, or a row's parts. */
  private pending: { id?: string; buf: Buffer; start: number; end: number; n: number; t: number };
  private readonly chain = new RowChain();

  constructor(
    private readonly cols: Columns,
    private readonly file: string,
    problems: Problem[],
    now?: Date,
  ) {
    this.ctx = { file, name: basename(file), device: '', problems };
    this.pending = { buf: Buffer.alloc(0), start: 0, end: 0, n: -1, t: 0 };
    this.limit = now ? now.getTime() + FUTURE_SLACK_MS : Number.POSITIVE_INFINITY;
  }

  read(chunk: number): { pos: LogPosition; torn: boolean } {
    const fd = openSync(this.file, 'r');
    this.src = this.cols.logs.length;
    if (this.src > 0xffff) throw new NeedsObjects('more logs than columns count');
    this.cols.logs.push({ fd, device: '' });
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(chunk, Math.max(size, 1)));
    let have = 0;
    let at = 0; // file offset of buf[0]
    let lineNo = 0;
    while (at + have < size) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, Math.min(buf.length - have, size - at - have), at + have);
      if (n === 0) break;
      const end = have + n;
      let start = 0;
      for (let nl = buf.indexOf(10, have); nl >= 0 && nl < end; nl = buf.indexOf(10, start)) {
        lineNo++;
        if (lineNo === 1) this.setDevice(parseHeader(buf.toString('utf8', 0, nl)));
        if (nl > start) this.line(buf, start, nl, at, lineNo);
        start = nl + 1;
      }
      buf.copy(buf, 0, start, end);
      at += start;
      have = end - start;
    }
    if (lineNo === 0) this.setDevice(parseHeader(''));
    const lastT = Number.isNaN(this.lastMs) ? undefined : new Date(this.lastMs).toISOString();
    const pos = { offset: at, lines: lineNo, ...(lastT ? { lastT } : {}), device: this.ctx.device };
    return { pos, torn: have > 0 };
  }

  private setDevice(header: { device: string } | undefined): void {
    const device = logDevice(header, this.file);
    this.ctx.device = device;
    (this.cols.logs[this.src] as { device: string }).device = device;
    this.compact = new CompactIds(device);
  }

  newId(): string {
    const p = this.pending;
    if (p.id !== undefined) return p.id;
    if (p.n >= 0) return `${this.ctx.device}-${p.t.toString(36)}-${p.n.toString(16).padStart(8, '0')}`;
    return p.buf.toString('latin1', p.start, p.end);
  }

  private line(buf: Buffer, start: number, end: number, at: number, lineNo: number): void {
    if (
      buf[start] === 91 &&
      end - start <= 0xffff &&
      this.scan.scan(buf, start, end) &&
      this.row(buf, at + start, end - start, lineNo)
    )
      return;
    const text = buf.toString('utf8', start, end);
    let e: ProgressEvent | undefined;
    try {
      e = lineEvent(JSON.parse(text), this.ctx, lineNo);
    } catch (err) {
      if (err instanceof UserError) throw err;
      badJson(this.ctx, lineNo);
      return;
    }
    if (e) this.object(e, lineNo);
  }

  /** A scanned row; false when its id would be too long (then the ordinary reader reports it). */
  private row(buf: Buffer, off: number, len: number, lineNo: number): boolean {
    const s = this.scan;
    let t = s.t;
    let h1: number;
    if (s.idNum >= 0) {
      h1 = this.compact.hash(t, s.idNum);
      if (this.ctx.device.length + this.compact.digits + 10 > MAX_ID_LENGTH) return false;
    } else {
      h1 = SEED1;
      for (let k = s.idStart; k < s.idEnd; k++) h1 = mix1(h1, buf[k] as number);
    }
    const origT = t;
    if (t <= this.limit) this.lastMs = t;
    else {
      t = Number.isNaN(this.lastMs) ? 0 : this.lastMs;
      futureProblem(this.ctx, lineNo, iso(origT), new Date(t).toISOString());
    }
    const cols = this.cols;
    const card = cols.cardAt(buf, s.cardStart, s.cardEnd);
    const p = this.pending;
    p.id = undefined;
    p.buf = buf;
    p.start = s.idStart;
    p.end = s.idEnd;
    p.n = s.idNum;
    p.t = origT;
    const i = cols.add(h1, this);
    if (i < 0) {
      if (!s.cram) this.chain.set(card, -1, s.after);
      return true;
    }
    if (t !== origT) cols.origT.set(i, origT);
    cols.t[i] = t;
    cols.card[i] = card;
    cols.rating[i] = s.rating;
    cols.setMs(i, s.ms);
    cols.src[i] = this.src;
    cols.off[i] = off;
    cols.len[i] = len;
    let flags = ROW | (s.cram ? CRAM : 0) | (s.beforeNull ? NULL_BEFORE : 0);
    if (s.idNum >= 0) {
      cols.idn[i] = s.idNum;
      flags |= NUM_ID;
    }
    // Anki's mature: a review card with an interval of 21 days or more (core/review-days.ts isMature).
    if (!s.beforeNull && s.before[5] === 2 && (s.before[7] as number) >= 21) flags |= MATURE;
    cols.flags[i] = flags;
    cols.link[i] = s.beforeNull ? -1 : this.chain.linkOf(card, s.before);
    if (!s.cram) this.chain.set(card, i, s.after);
    return true;
  }

  /** An event read as an object. */
  private object(e: ProgressEvent, lineNo: number): void {
    let ms = Date.parse(e.t);
    // Order is by time as a number here, by `t` as a string there: the same only for times
    // Date would write (2025-02-31 passes the pattern, and Date reads it as March 3).
    if (new Date(ms).toISOString() !== e.t) throw new NeedsObjects(e.t);
    let ev = e;
    if (ms <= this.limit) this.lastMs = ms;
    else {
      ms = Number.isNaN(this.lastMs) ? 0 : this.lastMs;
      ev = { ...e, t: new Date(ms).toISOString() };
      futureProblem(this.ctx, lineNo, e.t, ev.t);
    }
    const cols = this.cols;
    const card = cols.cardOf(e.card);
    this.pending.id = e.id;
    const i = cols.add(hashOf(e.id), this);
    if (i < 0) return;
    cols.objs.set(i, ev);
    cols.t[i] = ms;
    cols.card[i] = card;
    cols.src[i] = this.src; // flags 0: not a row
  }
}
