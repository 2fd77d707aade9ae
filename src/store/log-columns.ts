/**
 * A whole history held as columns of numbers, one entry per event (each id once, in the order
 * of the logs and their lines), for a rebuild (log-fold.ts). A compact review row keeps only what
 * the fold and the day totals need; its full event is read again from its line when it is
 * needed (a replay, the recent window, a card's final state). Other events stay objects.
 */
import { closeSync, readSync } from 'node:fs';
import type { ProgressEvent, ReviewEvent } from '../core/progress.js';
import { hashOf, mix1, SEED1 } from './id-hash.js';
import { decodeReview, iso } from './log-codec.js';

/** Flags of an entry. */
export const ROW = 1;
export const CRAM = 2;
/** The review's `before` is a mature card (core/review-days.ts isMature). */
export const MATURE = 4;
export const NULL_BEFORE = 8;
/** The id is `<device>-<t36>-<hex8>` of the number in `idn` (else it is written out in the line). */
export const NUM_ID = 16;

/** Gives the id of the entry being added, when a check needs it. */
export interface IdSource {
  newId(): string;
}

/** The log an entry comes from. */
export interface LogSource {
  fd: number;
  device: string;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export class Columns {
  n = 0;
  private cap: number;
  t: Float64Array;
  card: Int32Array;
  flags: Uint8Array;
  rating: Uint8Array;
  /** Answer time, NaN when not measured (or, for a time a float32 cannot hold exactly, in msOdd). */
  ms: Float32Array;
  /** j ≥ 0: the review's `before` equals the `after` of entry j; -1: not known to. */
  link: Int32Array;
  src: Uint16Array;
  /** Byte offset of a row's line (logs past 4 GiB are read as objects). */
  off: Uint32Array;
  /** Bytes of the row's line (rows are under 64 KiB: longer ones are read as objects). */
  len: Uint16Array;
  /** The number of a compact id (see NUM_ID). */
  idn: Uint32Array;
  /** Hash of the id (hashOf). */
  h1: Int32Array;
  /** Events read as objects, by entry. */
  readonly objs = new Map<number, ProgressEvent>();
  /** A row's own time where it was counted at another (from the future: log-format.ts Clock). */
  readonly origT = new Map<number, number>();
  readonly msOdd = new Map<number, number>();
  readonly cards: string[] = [];
  readonly cardIndex = new Map<string, number>();
  readonly logs: LogSource[] = [];
  private slots: Int32Array | undefined;
  /** Open addressing over the hashes of ASCII card ids, so a row's card is found from its bytes. */
  private cardSlots = new Int32Array(1024);
  private cardHash: number[] = [];
  private cache = new Map<number, ReviewEvent>();

  constructor(expected: number) {
    this.cap = Math.max(1024, expected);
    this.t = new Float64Array(this.cap);
    this.card = new Int32Array(this.cap);
    this.flags = new Uint8Array(this.cap);
    this.rating = new Uint8Array(this.cap);
    this.ms = new Float32Array(this.cap);
    this.link = new Int32Array(this.cap);
    this.src = new Uint16Array(this.cap);
    this.off = new Uint32Array(this.cap);
    this.len = new Uint16Array(this.cap);
    this.idn = new Uint32Array(this.cap);
    this.h1 = new Int32Array(this.cap);
    // Two ints a slot, at most half of the slots full.
    this.slots = new Int32Array(2 * 2 ** Math.ceil(Math.log2(this.cap)));
  }

  /** The index of a card id (interned: a history has a few thousand cards). */
  cardOf(id: string): number {
    let c = this.cardIndex.get(id);
    if (c === undefined) {
      c = this.cards.length;
      this.cards.push(id);
      this.cardIndex.set(id, c);
      const h = hashOf(id);
      this.cardHash.push(h);
      if (/^[\x20-\x7e]*$/.test(id)) this.placeCard(c, h);
    }
    return c;
  }

  /** The index of the card id in bytes start..end of `buf` (printable ASCII), without making a string when it is known. */
  cardAt(buf: Buffer, start: number, end: number): number {
    let h = SEED1;
    for (let k = start; k < end; k++) h = mix1(h, buf[k] as number);
    const mask = this.cardSlots.length - 1;
    for (let s = h & mask, v = this.cardSlots[s] as number; v !== 0; s = (s + 1) & mask, v = this.cardSlots[s] as number) {
      const id = this.cards[v - 1] as string;
      if (this.cardHash[v - 1] !== h || id.length !== end - start) continue;
      let k = 0;
      while (k < id.length && id.charCodeAt(k) === buf[start + k]) k++;
      if (k === id.length) return v - 1;
    }
    return this.cardOf(buf.toString('latin1', start, end));
  }

  private placeCard(c: number, h: number): void {
    if (this.cards.length * 2 > this.cardSlots.length) {
      this.cardSlots = new Int32Array(this.cardSlots.length * 2);
      for (let k = 0; k < c; k++)
        if (/^[\x20-\x7e]*$/.test(this.cards[k] as string)) this.placeCard(k, this.cardHash[k] as number);
    }
    const mask = this.cardSlots.length - 1;
    let s = h & mask;
    while (this.cardSlots[s] !== 0) s = (s + 1) & mask;
    this.cardSlots[s] = c + 1;
  }

  /**
   * Makes room for one more entry and returns its index, or -1 when an entry of the same id is
   * there already (the first one read is kept, as readLogs keeps it).
   */
  add(h1: number, source: IdSource): number {
    const slots = this.slots;
    if (!slots) throw new Error('columns already read');
    // Pairs (hash, entry + 1): one probe reads one cache line.
    const mask = (slots.length >> 1) - 1;
    let s = h1 & mask;
    for (let e = slots[2 * s + 1] as number; e !== 0; e = slots[2 * s + 1] as number) {
      if (slots[2 * s] === h1 && this.idOf(e - 1) === source.newId()) return -1;
      s = (s + 1) & mask;
    }
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.h1[i] = h1;
    if (this.n * 4 > slots.length) this.rehash();
    else {
      slots[2 * s] = h1;
      slots[2 * s + 1] = i + 1;
    }
    return i;
  }

  private rehash(): void {
    const slots = new Int32Array((this.slots as Int32Array).length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < this.n; i++) {
      let s = (this.h1[i] as number) & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = this.h1[i] as number;
      slots[2 * s + 1] = i + 1;
    }
    this.slots = slots;
  }

  /** Ends adding: the table of ids is dropped (a million entries take 16 MB). */
  done(): void {
    this.slots = undefined;
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.cap);
      b.set(a);
      return b;
    };
    this.t = g(this.t);
    this.card = g(this.card);
    this.flags = g(this.flags);
    this.rating = g(this.rating);
    this.ms = g(this.ms);
    this.link = g(this.link);
    this.src = g(this.src);
    this.off = g(this.off);
    this.len = g(this.len);
    this.idn = g(this.idn);
    this.h1 = g(this.h1);
  }

  /** Sets a row's answer time (NaN: not measured). */
  setMs(i: number, ms: number): void {
    this.ms[i] = ms;
    if (Math.fround(ms) !== ms && !Number.isNaN(ms)) {
      this.ms[i] = Number.NaN;
      this.msOdd.set(i, ms);
    }
  }

  /** A row's answer time, NaN when not measured. */
  msOf(i: number): number {
    const v = this.ms[i] as number;
    return Number.isNaN(v) ? (this.msOdd.get(i) ?? v) : v;
  }

  /** The id of entry i. */
  idOf(i: number): string {
    const obj = this.objs.get(i);
    if (obj) return obj.id;
    if (!((this.flags[i] as number) & NUM_ID)) return this.eventOf(i).id;
    const n = this.idn[i] as number;
    const t = this.origT.get(i) ?? (this.t[i] as number);
    return `${(this.logs[this.src[i] as number] as LogSource).device}-${t.toString(36)}-${hex8(n)}`;
  }

  /** `time|id` of entry i (core/progress.ts eventKey). */
  keyOf(i: number): string {
    const obj = this.objs.get(i);
    return obj ? `${obj.t}|${obj.id}` : `${iso(this.t[i] as number)}|${this.idOf(i)}`;
  }

  /** The event of entry i, as readLogs gives it. */
  eventOf(i: number): ProgressEvent {
    const obj = this.objs.get(i);
    if (obj) return obj;
    let e = this.cache.get(i);
    if (e) return e;
    const log = this.logs[this.src[i] as number] as LogSource;
    const len = this.len[i] as number;
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) got += readSync(log.fd, buf, got, len - got, (this.off[i] as number) + got) || len;
    e = decodeReview(JSON.parse(buf.toString('latin1')) as unknown[], log.device) as ReviewEvent;
    if (this.origT.has(i)) e = { ...e, t: iso(this.t[i] as number) };
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(i, e);
    return e;
  }

  /** Closes the logs (their lines are not read again). */
  close(): void {
    for (const l of this.logs) if (l.fd >= 0) closeSync(l.fd);
    this.logs.length = 0;
  }
}
