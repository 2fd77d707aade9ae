/**
 * The whole review history, for the commands that need events and not only card states (export,
 * `stats --topic`, `show`), without an object per event held at once: the logs are read into
 * columns (log-stream.ts, as a rebuild reads them) and each event is made only when it is
 * reached, from its line. At a million reviews the event objects alone took 1.2 GB.
 *
 * It gives exactly what readLogs (log-format.ts) gives, each id once: `ordered` as mergeEvents
 * orders them, `ofCard` in the logs' order. A history only the object path reads exactly (an odd
 * date: log-stream.ts NeedsObjects) is read as objects, as before.
 */
import { readSync } from 'node:fs';
import { type CsvReview, csvReviewOf } from '../core/export.js';
import { compareEvents, type ProgressEvent, type ReviewEvent } from '../core/progress.js';
import type { ReviewDays } from '../core/review-days.js';
import type { Settings } from '../core/scheduler.js';
import { reviewDaysOf } from '../core/stats.js';
import { decodeReview, iso } from './log-codec.js';
import { type Columns, type LogSource, ROW } from './log-columns.js';
import { countDays } from './log-fold.js';
import { listLogs, readLogs } from './log-format.js';
import { orderOf } from './log-order.js';
import { NeedsObjects, streamLogs } from './log-stream.js';
import { RowScanner } from './row-scan.js';
import { rowCsv, rowId, rowJson } from './row-text.js';

/** Bytes of a log read at a time when its lines are read again. */
const WINDOW = 1 << 20;

export interface History {
  /** How many events (each id once). */
  readonly size: number;
  /** Every event as JSON, in (time, id) order, each written when it is reached. */
  eventTexts(): Iterable<string>;
  /** What the csv shows of every review, in (time, id) order (the object given may be reused for the next). */
  csvReviews(): Iterable<CsvReview>;
  /** Ids of the events an undo took back. */
  undone(): Set<string>;
  /** The events of one card, in the order of the logs and their lines. */
  ofCard(card: string): ProgressEvent[];
  /** Review totals per study day (core/review-days.ts reviewDays), of the cards `only` when given. */
  days(settings: Settings, only?: ReadonlySet<string>): ReviewDays;
  /** Closes the logs: nothing can be read after. */
  close(): void;
}

/** Reads the history of the logs in `logsDir` (problems were reported by the store's load). */
export function readHistory(logsDir: string, now?: Date): History {
  const files = listLogs(logsDir);
  try {
    return new ColumnHistory(streamLogs(logsDir, files, [], now).cols);
  } catch (e) {
    if (!(e instanceof NeedsObjects)) throw e;
    return new ObjectHistory(readLogs(logsDir, files, {}, [], now).events);
  }
}

/** The history as event objects (readAllEvents): small histories in tests, odd dates. */
class ObjectHistory implements History {
  constructor(private readonly events: ProgressEvent[]) {}
  get size(): number {
    return this.events.length;
  }
  private ordered(): ProgressEvent[] {
    return [...this.events].sort(compareEvents);
  }
  eventTexts(): Iterable<string> {
    return this.ordered().map((e) => JSON.stringify(e));
  }
  csvReviews(): Iterable<CsvReview> {
    return this.ordered()
      .filter((e): e is ReviewEvent => e.type === 'review')
      .map(csvReviewOf);
  }
  undone(): Set<string> {
    const s = new Set<string>();
    for (const e of this.events) if (e.type === 'undo') s.add(e.target);
    return s;
  }
  ofCard(card: string): ProgressEvent[] {
    return this.events.filter((e) => e.card === card);
  }
  days(settings: Settings, only?: ReadonlySet<string>): ReviewDays {
    return reviewDaysOf(only ? this.events.filter((e) => only.has(e.card)) : this.events, settings);
  }
  close(): void {}
}

/** A window of a log's bytes, so lines read again in order cost one read a megabyte. */
interface Window {
  buf: Buffer;
  /** File offset of buf[0], and how many bytes of buf hold the file. */
  at: number;
  have: number;
}

class ColumnHistory implements History {
  private readonly windows: Window[] = [];
  private readonly scan = new RowScanner();

  constructor(private readonly cols: Columns) {}

  get size(): number {
    return this.cols.n;
  }

  *eventTexts(): Iterable<string> {
    const cols = this.cols;
    const order = orderOf(cols);
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      yield this.scanned(i)
        ? rowJson(this.scan, this.rowId(i), iso(cols.t[i] as number), this.cardOf(i))
        : JSON.stringify(this.eventAt(i));
    }
  }

  *csvReviews(): Iterable<CsvReview> {
    const cols = this.cols;
    const order = orderOf(cols);
    const out = {} as CsvReview;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      if (this.scanned(i)) yield rowCsv(this.scan, this.rowId(i), iso(cols.t[i] as number), this.cardOf(i), out);
      else {
        const e = this.eventAt(i);
        if (e.type === 'review') yield csvReviewOf(e);
      }
    }
  }

  /** True when entry i is a compact row, now in `scan`. */
  private scanned(i: number): boolean {
    const cols = this.cols;
    if (!((cols.flags[i] as number) & ROW)) return false;
    const src = cols.src[i] as number;
    const len = cols.len[i] as number;
    const at = this.lineAt(src, (cols.logs[src] as LogSource).fd, cols.off[i] as number, len);
    return this.scan.scan(this.windows[src]?.buf as Buffer, at, at + len);
  }

  private rowId(i: number): string {
    return rowId(this.scan, (this.cols.logs[this.cols.src[i] as number] as LogSource).device);
  }

  private cardOf(i: number): string {
    return this.cols.cards[this.cols.card[i] as number] as string;
  }

  undone(): Set<string> {
    const s = new Set<string>();
    for (const e of this.cols.objs.values()) if (e.type === 'undo') s.add(e.target);
    return s;
  }

  ofCard(card: string): ProgressEvent[] {
    const c = this.cols.cardIndex.get(card);
    const out: ProgressEvent[] = [];
    if (c === undefined) return out;
    const cards = this.cols.card;
    for (let i = 0; i < this.cols.n; i++) if (cards[i] === c) out.push(this.eventAt(i));
    return out;
  }

  days(settings: Settings, only?: ReadonlySet<string>): ReviewDays {
    if (!only) return countDays(this.cols, settings);
    const picked = new Uint8Array(this.cols.cards.length);
    this.cols.cards.forEach((id, c) => {
      if (only.has(id)) picked[c] = 1;
    });
    return countDays(this.cols, settings, picked);
  }

  close(): void {
    this.cols.close();
  }

  /** The event of entry i, as readLogs gives it (log-columns.ts eventOf, its line read through a window). */
  private eventAt(i: number): ProgressEvent {
    const cols = this.cols;
    if (!((cols.flags[i] as number) & ROW)) return cols.eventOf(i);
    const src = cols.src[i] as number;
    const log = cols.logs[src] as LogSource;
    const len = cols.len[i] as number;
    const at = this.lineAt(src, log.fd, cols.off[i] as number, len);
    // Rows are ASCII (row-scan.ts reads no other).
    const text = (this.windows[src] as Window).buf.toString('latin1', at, at + len);
    const e = decodeReview(JSON.parse(text) as unknown[], log.device) as ReviewEvent;
    return cols.origT.has(i) ? { ...e, t: iso(cols.t[i] as number) } : e;
  }

  /** Where bytes off..off+len of log `src` are in its window, read when they are not there. */
  private lineAt(src: number, fd: number, off: number, len: number): number {
    let w = this.windows[src];
    if (!w) {
      w = { buf: Buffer.allocUnsafe(Math.max(WINDOW, len)), at: 0, have: 0 };
      this.windows[src] = w;
    }
    if (off < w.at || off + len > w.at + w.have) {
      if (w.buf.length < len) w.buf = Buffer.allocUnsafe(len);
      w.at = off;
      w.have = 0;
      while (w.have < len) {
        const n = readSync(fd, w.buf, w.have, w.buf.length - w.have, off + w.have);
        if (n === 0) break;
        w.have += n;
      }
    }
    return off - w.at;
  }
}
