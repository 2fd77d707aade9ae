/**
 * Reads a compact review row (log-codec.ts) straight from the bytes of a log, without
 * JSON.parse and without making an object: a rebuild reads a million of them, and parsing them
 * into arrays cost more than everything else it does. Only the row as `JSON.stringify` writes it
 * is taken (no spaces, no escapes, ASCII strings, numbers without exponents and with at most 15
 * digits); anything else is left to the ordinary reader (JSON.parse, then decodeReview), which
 * gives the same result for such rows. The checks are decodeReview's, one for one.
 */
import { MAX_ID_LENGTH } from '../core/progress.js';

/** Times a log may hold (log-codec.ts). */
const MAX_TIME = 253_402_300_799_999;
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
const isTime = (x: number) => Number.isSafeInteger(x) && x >= 0 && x <= MAX_TIME;

/** One state of a row, as absolute numbers: due, s, d, reps, lapses, state, step, sched, last (-1: none). */
export const STATE_LEN = 9;

export class RowScanner {
  buf: Buffer = Buffer.alloc(0);
  private p = 0;
  /** The id's number, or -1 when the id is a string (bytes idStart..idEnd). */
  idNum = -1;
  idStart = 0;
  idEnd = 0;
  cardStart = 0;
  cardEnd = 0;
  t = 0;
  rating = 0;
  /** NaN when not measured. */
  ms = Number.NaN;
  cram = false;
  beforeNull = false;
  /** The typed answer's bytes (without quotes), typedStart -1 when the row has none (or null). */
  typedStart = -1;
  typedEnd = -1;
  readonly after = new Float64Array(STATE_LEN);
  readonly before = new Float64Array(STATE_LEN);

  /** True when bytes start..end (one line, without its newline) are a valid review row in the canonical spelling. */
  scan(buf: Buffer, start: number, end: number): boolean {
    this.buf = buf;
    this.p = start;
    if (buf[end - 1] !== 93 || !this.byte(91)) return false;
    if (buf[this.p] === 34) {
      if (!this.str() || this.idEnd === this.idStart || this.idEnd - this.idStart > MAX_ID_LENGTH) return false;
      this.idNum = -1;
    } else {
      const n = this.uint();
      if (Number.isNaN(n) || n > 0xffffffff) return false;
      this.idNum = n;
    }
    const idStart = this.idStart;
    const idEnd = this.idEnd;
    if (!this.byte(44) || !this.str()) return false;
    this.cardStart = this.idStart;
    this.cardEnd = this.idEnd;
    this.idStart = idStart;
    this.idEnd = idEnd;
    if (this.cardEnd === this.cardStart || this.cardEnd - this.cardStart > MAX_ID_LENGTH) return false;
    if (!this.byte(44)) return false;
    this.t = this.uint();
    if (!isTime(this.t) || !this.byte(44)) return false;
    const r = buf[this.p] ?? 0;
    if (r < 49 || r > 52) return false;
    this.rating = r - 48;
    this.p++;
    if (!this.byte(44)) return false;
    if (this.lit('null')) this.ms = Number.NaN;
    else {
      this.ms = this.num();
      if (Number.isNaN(this.ms)) return false;
    }
    if (!this.byte(44) || !this.state(this.after) || !this.byte(44)) return false;
    this.beforeNull = buf[this.p] === 48 && (buf[this.p + 1] === 44 || buf[this.p + 1] === 93);
    if (this.beforeNull) this.p++;
    else if (!this.state(this.before)) return false;
    this.cram = false;
    this.typedStart = -1;
    if (buf[this.p] === 44) {
      this.p++;
      if (!this.lit('null')) {
        const s = this.idStart;
        const e = this.idEnd;
        if (!this.str()) return false;
        this.typedStart = this.idStart;
        this.typedEnd = this.idEnd;
        this.idStart = s;
        this.idEnd = e;
      }
      if (buf[this.p] === 44) {
        this.p++;
        if (!this.byte(49)) return false;
        this.cram = true;
      }
    }
    return this.byte(93) && this.p === end;
  }

  private byte(c: number): boolean {
    if (this.buf[this.p] !== c) return false;
    this.p++;
    return true;
  }

  private lit(word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.buf[this.p + k] !== word.charCodeAt(k)) return false;
    this.p += word.length;
    return true;
  }

  /** A string of printable ASCII without escapes; its bytes (without quotes) go to idStart..idEnd. */
  private str(): boolean {
    const buf = this.buf;
    if (buf[this.p] !== 34) return false;
    let q = this.p + 1;
    for (;;) {
      const c = buf[q];
      if (c === undefined || c < 32 || c > 126 || c === 92) return false;
      if (c === 34) break;
      q++;
    }
    this.idStart = this.p + 1;
    this.idEnd = q;
    this.p = q + 1;
    return true;
  }

  /** A JSON integer without sign, fraction or exponent, at most 15 digits (exact); NaN otherwise. */
  private uint(): number {
    const buf = this.buf;
    let q = this.p;
    let v = 0;
    for (;;) {
      const c = buf[q] ?? 0;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      q++;
    }
    const digits = q - this.p;
    const next = buf[q];
    if (digits === 0 || digits > 15 || (digits > 1 && buf[this.p] === 48) || next === 46 || next === 101 || next === 69) {
      return Number.NaN;
    }
    this.p = q;
    return v;
  }

  /**
   * A JSON number without exponent and with at most 15 digits: then mantissa / 10^fraction
   * digits, both exact doubles, is correctly rounded, the very value JSON.parse gives. NaN otherwise.
   */
  private num(): number {
    const buf = this.buf;
    let q = this.p;
    const neg = buf[q] === 45;
    if (neg) q++;
    const first = q;
    let m = 0;
    while ((buf[q] ?? 0) >= 48 && (buf[q] ?? 0) <= 57) m = m * 10 + ((buf[q++] as number) - 48);
    const intDigits = q - first;
    if (intDigits === 0 || (intDigits > 1 && buf[first] === 48)) return Number.NaN;
    let frac = 0;
    if (buf[q] === 46) {
      q++;
      const f0 = q;
      while ((buf[q] ?? 0) >= 48 && (buf[q] ?? 0) <= 57) m = m * 10 + ((buf[q++] as number) - 48);
      frac = q - f0;
      if (frac === 0) return Number.NaN;
    }
    if (intDigits + frac > 15 || buf[q] === 101 || buf[q] === 69) return Number.NaN;
    this.p = q;
    const v = m / (POW10[frac] as number);
    return neg ? -v : v;
  }

  /** A state row at the row's time, checked as decodeState checks it, into `out` as absolute numbers. */
  private state(out: Float64Array): boolean {
    if (!this.byte(91)) return false;
    for (let k = 0; k < 8; k++) {
      if (k > 0 && !this.byte(44)) return false;
      const v = this.num();
      if (Number.isNaN(v)) return false;
      out[k] = v;
    }
    const t = this.t;
    const due = t + (out[0] as number);
    const st = out[5];
    if (!isTime(due) || (st !== 0 && st !== 1 && st !== 2 && st !== 3)) return false;
    out[0] = due;
    out[8] = t;
    if (this.buf[this.p] === 44) {
      this.p++;
      if (this.lit('null')) out[8] = -1;
      else {
        const last = t + this.num();
        if (!isTime(last)) return false;
        out[8] = last;
      }
    }
    return this.byte(93);
  }
}
