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
/** The base-36 digits of a time, last digit first (see base36). */
const t36 = new Uint8Array(16);

/** Writes t.toString(36) into t36, reversed, without making the string; returns its length. */
export function base36(t: number): number {
  let n = 0;
  let v = t;
  do {
    const d = v % 36;
    t36[n++] = DIGITS.charCodeAt(d);
    v = (v - d) / 36;
  } while (v > 0);
  return n;
}

/** The hash of `<device>-<t36>-<n as 8 hex digits>`, from that of `<device>-` and t36. */
export function hashCompact(prefix: number, digits: number, n: number): number {
  let h = prefix;
  for (let k = digits - 1; k >= 0; k--) h = mix1(h, t36[k] as number);
  h = mix1(h, 45);
  for (let shift = 28; shift >= 0; shift -= 4) h = mix1(h, DIGITS.charCodeAt(Math.floor(n / 2 ** shift) % 16));
  return h;
}
