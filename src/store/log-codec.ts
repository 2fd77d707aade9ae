/**
 * The compact review line of log schema 2. A review is most of any history, and in schema 1 each
 * line spelled out both FSRS states with their keys and ISO dates (about 400 bytes). Schema 2
 * writes a review as a JSON array of numbers in a fixed order, times as milliseconds (dates as
 * differences from the review's time), and the id without the device and time it repeats:
 *
 *   [id, card, t, rating, ms, after, before, typed?, cram?]
 *   state: [due - t, s, d, reps, lapses, state, step, sched]      (last = t)
 *          [due - t, s, d, reps, lapses, state, step, sched, last - t | null]   (null: no last)
 *
 * `id` is a number n for the id `<device>-<t in base 36>-<n as 8 hex digits>` (what LogWriter
 * makes), else the id itself; `ms` is null when not measured; `before` is 0 for a new card.
 * Every other event (undo, bury, suspend, set) stays a JSON object, as in schema 1. A review that
 * would not come back exactly the same (unknown fields, odd numbers) is written as an object too:
 * decoding an encoded line gives back the very event, key order included, so exports and stats
 * cannot tell the two schemas apart.
 */
import { MAX_ID_LENGTH, type ReviewEvent, type StoredState } from '../core/progress.js';

type StateRow = Array<number | null>;
type ReviewRow = [number | string, string, number, number, number | null, StateRow, StateRow | 0, (string | null)?, 1?];

/** Times a log may hold: what `Date.toISOString()` writes with a four-digit year. */
const MAX_TIME = 253_402_300_799_999;
const HEX8 = /^[0-9a-f]{8}$/;
const REVIEW_KEYS = new Set(['id', 't', 'type', 'card', 'rating', 'before', 'after', 'ms', 'typed', 'cram']);

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY = 86_400_000;
/** `YYYY-MM-DDT` of recent day numbers (a history has a few thousand days). */
const dayPrefixes = new Map<number, string>();

/**
 * `new Date(ms).toISOString()` for 0 ≤ ms ≤ MAX_TIME, without a Date per call: a rebuild
 * decodes three or four times per review, and toISOString was a fifth of a rebuild.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 100_000) dayPrefixes.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${prefix}${TWO[h]}:${TWO[m]}:${TWO[sec]}.${THREE[rest - sec * 1000]}Z`;
}
const isTime = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= MAX_TIME;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function encodeState(s: StoredState, t: number): StateRow {
  const row: StateRow = [Date.parse(s.due) - t, s.s, s.d, s.reps, s.lapses, s.state, s.step, s.sched];
  if (s.last === undefined) row.push(null);
  else if (Date.parse(s.last) !== t) row.push(Date.parse(s.last) - t);
  return row;
}

function decodeState(x: unknown, t: number, tIso: string): StoredState | undefined {
  if (!Array.isArray(x) || (x.length !== 8 && x.length !== 9)) return undefined;
  const [due, s, d, reps, lapses, state, step, sched, last] = x as unknown[];
  if (!isNum(due) || !isNum(s) || !isNum(d) || !isNum(reps) || !isNum(lapses) || !isNum(step) || !isNum(sched)) return undefined;
  if (state !== 0 && state !== 1 && state !== 2 && state !== 3) return undefined;
  if (!isTime(t + due)) return undefined;
  const out: StoredState = { due: iso(t + due), s, d, reps, lapses, state, step, sched };
  if (x.length === 8) out.last = tIso;
  else if (last !== null) {
    if (!isNum(last) || !isTime(t + last)) return undefined;
    out.last = iso(t + last);
  }
  return out;
}

/** The compact line of a review, or undefined when it must stay an object (see the file comment). */
export function encodeReview(e: ReviewEvent, device: string): string | undefined {
  for (const k of Object.keys(e)) if (!REVIEW_KEYS.has(k)) return undefined;
  const t = Date.parse(e.t);
  if (!isTime(t)) return undefined;
  const prefix = `${device}-${t.toString(36)}-`;
  const tail = e.id.startsWith(prefix) ? e.id.slice(prefix.length) : '';
  const id = HEX8.test(tail) ? Number.parseInt(tail, 16) : e.id;
  const row: ReviewRow = [
    id,
    e.card,
    t,
    e.rating,
    e.ms ?? null,
    encodeState(e.after, t),
    e.before ? encodeState(e.before, t) : 0,
  ];
  if (e.typed !== undefined || e.cram) row.push(e.typed ?? null);
  if (e.cram) row.push(1);
  const line = JSON.stringify(row);
  const back = decodeReview(JSON.parse(line), device);
  return back && JSON.stringify(back) === JSON.stringify(e) ? line : undefined;
}

/** The review a compact line holds, or undefined when the array is not one (reported as a bad line). */
/** The last state decoded for each card of one log, with its times as numbers (see decodeReview). */
export type LastStates = Map<string, { state: StoredState; due: number; last: number | undefined }>;

/** True when a state row at time `t` holds the values of `p`. */
function sameRow(x: unknown, t: number, p: { state: StoredState; due: number; last: number | undefined }): boolean {
  // Only a row decodeState would take (8 or 9 elements): then the two give equal states.
  if (!Array.isArray(x) || (x.length !== 8 && x.length !== 9)) return false;
  const s = p.state;
  const last = x.length === 8 ? t : x.length === 9 && typeof x[8] === 'number' ? t + x[8] : undefined;
  return (
    t + x[0] === p.due &&
    x[1] === s.s &&
    x[2] === s.d &&
    x[3] === s.reps &&
    x[4] === s.lapses &&
    x[5] === s.state &&
    x[6] === s.step &&
    x[7] === s.sched &&
    last === p.last &&
    (x.length === 8 || x[8] === null || typeof x[8] === 'number')
  );
}

/**
 * The review a compact line holds, or undefined when the array is not one (reported as a bad
 * line). With `lastStates` (one map per log read), a `before` equal to the card's previous
 * `after` in the log is that very object: half the states of a history are not made twice, and
 * the fold's comparison of the two (core/progress.ts sameState) is an identity check.
 */
export function decodeReview(x: unknown[], device: string, lastStates?: LastStates): ReviewEvent | undefined {
  if (x.length < 7 || x.length > 9) return undefined;
  const [rawId, card, t, rating, ms, after, before, typed, cram] = x;
  if (!isTime(t) || typeof card !== 'string' || !card || card.length > MAX_ID_LENGTH) return undefined;
  if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) return undefined;
  const tIso = iso(t);
  let id: string;
  if (typeof rawId === 'number') {
    if (!Number.isSafeInteger(rawId) || rawId < 0 || rawId > 0xffffffff) return undefined;
    id = `${device}-${t.toString(36)}-${rawId.toString(16).padStart(8, '0')}`;
  } else if (typeof rawId === 'string' && rawId && rawId.length <= MAX_ID_LENGTH) id = rawId;
  else return undefined;
  if (id.length > MAX_ID_LENGTH) return undefined;
  const a = decodeState(after, t, tIso);
  const prev = lastStates?.get(card);
  const b = before === 0 ? null : prev && sameRow(before, t, prev) ? prev.state : decodeState(before, t, tIso);
  if (!a || b === undefined) return undefined;
  if (ms !== null && !isNum(ms)) return undefined;
  if (typed !== undefined && typed !== null && typeof typed !== 'string') return undefined;
  if (cram !== undefined && cram !== 1) return undefined;
  const e: ReviewEvent = { id, t: tIso, type: 'review', card, rating, before: b, after: a };
  if (ms !== null) e.ms = ms;
  if (typeof typed === 'string') e.typed = typed;
  if (cram === 1) e.cram = true;
  const row = after as number[];
  lastStates?.set(card, {
    state: a,
    due: t + (row[0] as number),
    last: row.length === 8 ? t : (row[8] ?? undefined) === undefined ? undefined : t + (row[8] as number),
  });
  return e;
}
