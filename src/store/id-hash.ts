/**
 * 32-bit hashes of event and card ids, for the rebuild's tables (log-columns.ts). A compact
 * row's id (`<device>-<t in base 36>-<n as 8 hex digits>`, log-codec.ts) is hashed from its
 * parts, without making the string: equal ids hash equal however they were written.
 */

/** FNV-1a over one more character code. */
export const mix1 = (h: number, c: number) => Math.imul(h ^ c, 16777619);
export const SEED1 = 0x811c9dc5 | 0;

/** The hash of a string (by its character codes). */
export function hashOf(s: string): number {
  let h = SEED1;
  for (let k = 0; k < s.length; k++) h = mix1(h, s.charCodeAt(k));
  return h;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/** 36^5: a time splits into the digits above it (the same for ~17 hours) and five below. */
const LOW = 36 ** 5;

/**
 * Hashes the compact ids of one device: `<device>-<t in base 36>-<n as 8 hex digits>`. The hash
 * of `<device>-` and the time's high digits is kept from one id to the next (a log's times rise
 * slowly), so an id costs thirteen characters of integer arithmetic.
 */
export class CompactIds {
  private readonly prefix: number;
  private hi = -1;
  private hiHash = 0;
  private hiDigits = 0;
  /** Length of the time in base 36 of the last id hashed. */
  digits = 0;

  constructor(device: string) {
    this.prefix = mix1(hashOf(device), 45);
  }

  hash(t: number, n: number): number {
    const hi = Math.floor(t / LOW);
    let lo = t - hi * LOW;
    if (hi !== this.hi) {
      this.hi = hi;
      this.hiHash = this.prefix;
      const s = hi > 0 ? hi.toString(36) : '';
      for (let k = 0; k < s.length; k++) this.hiHash = mix1(this.hiHash, s.charCodeAt(k));
      this.hiDigits = s.length;
    }
    let h = this.hiHash;
    if (hi > 0) {
      // Five digits with their leading zeros, most significant first.
      for (let p = LOW / 36; p >= 1; p /= 36) {
        const d = (lo / p) | 0;
        h = mix1(h, DIGITS.charCodeAt(d));
        lo -= d * p;
      }
      this.digits = this.hiDigits + 5;
    } else {
      const s = lo.toString(36);
      for (let k = 0; k < s.length; k++) h = mix1(h, s.charCodeAt(k));
      this.digits = s.length;
    }
    h = mix1(h, 45);
    for (let shift = 28; shift >= 0; shift -= 4) h = mix1(h, DIGITS.charCodeAt((n >>> shift) & 15));
    return h;
  }
}
