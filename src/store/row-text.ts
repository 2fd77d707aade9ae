/**
 * What an export writes of a compact review row (log-codec.ts), straight from the scanned row
 * (row-scan.ts), without the event object: the event's JSON exactly as
 * `JSON.stringify(decodeReview(row))` spells it, and its csv fields. At a million reviews,
 * parsing each line and making its event took most of an export's time.
 * test/store/row-text.test.ts holds both equal to the object path over random rows.
 */
import type { CsvReview } from '../core/export.js';
import { iso } from './log-codec.js';
import type { RowScanner } from './row-scan.js';

/** The id of the scanned row of a log of `device` (log-codec.ts decodeReview). */
export function rowId(s: RowScanner, device: string): string {
  if (s.idNum < 0) return s.buf.toString('latin1', s.idStart, s.idEnd);
  return `${device}-${s.t.toString(36)}-${s.idNum.toString(16).padStart(8, '0')}`;
}

/** A state (row-scan.ts: absolute times, last -1 for none) as JSON, keys in decodeState's order. */
function stateJson(x: Float64Array): string {
  const last = x[8] === -1 ? '' : `,"last":"${iso(x[8] as number)}"`;
  return `{"due":"${iso(x[0] as number)}","s":${x[1]},"d":${x[2]},"reps":${x[3]},"lapses":${x[4]},"state":${x[5]},"step":${x[6]},"sched":${x[7]}${last}}`;
}

/**
 * The JSON of the scanned row's event: `id` its id, `t` its time as the history counts it (a
 * row from the future is counted at an earlier time), `card` its card. Strings of a scanned row
 * are printable ASCII without quotes or backslashes, so they need no escaping; the id may hold a
 * device name, which may.
 */
export function rowJson(s: RowScanner, id: string, t: string, card: string): string {
  const before = s.beforeNull ? 'null' : stateJson(s.before);
  const ms = Number.isNaN(s.ms) ? '' : `,"ms":${s.ms}`;
  const typed = s.typedStart < 0 ? '' : `,"typed":"${s.buf.toString('latin1', s.typedStart, s.typedEnd)}"`;
  const cram = s.cram ? ',"cram":true' : '';
  return `{"id":${JSON.stringify(id)},"t":"${t}","type":"review","card":"${card}","rating":${s.rating},"before":${before},"after":${stateJson(s.after)}${ms}${typed}${cram}}`;
}

/** Fills `out` with the csv fields of the scanned row (see rowJson for id, t and card). */
export function rowCsv(s: RowScanner, id: string, t: string, card: string, out: CsvReview): CsvReview {
  const a = s.after;
  out.id = id;
  out.t = t;
  out.card = card;
  out.rating = s.rating;
  out.before = s.beforeNull ? 0 : (s.before[5] as number);
  out.after = a[5] as number;
  out.s = a[1] as number;
  out.d = a[2] as number;
  out.due = iso(a[0] as number);
  out.sched = a[7] as number;
  out.reps = a[3] as number;
  out.lapses = a[4] as number;
  out.ms = Number.isNaN(s.ms) ? undefined : s.ms;
  out.cram = s.cram;
  return out;
}
