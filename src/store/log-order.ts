/**
 * The order every reader applies events in: (time, id). Entries of columns read from the logs
 * (log-stream.ts) are put in that order without an event object: each log is nearly always in
 * order already (checked, sorted only when not), and the logs are merged.
 */
import type { Columns } from './log-columns.js';

/** The entries in (time, id) order: each log's (nearly always in order already), merged. */
export function orderOf(cols: Columns): Int32Array {
  const { t } = cols;
  const cmp = (a: number, b: number): number => {
    const ta = t[a] as number;
    const tb = t[b] as number;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ia = cols.idOf(a);
    const ib = cols.idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  let runs: Int32Array[] = [];
  for (let a = 0; a < cols.n; ) {
    let b = a + 1;
    while (b < cols.n && cols.src[b] === cols.src[a]) b++;
    let run = Int32Array.from({ length: b - a }, (_, k) => a + k);
    for (let k = 1; k < run.length; k++) {
      if (cmp(run[k - 1] as number, run[k] as number) > 0) {
        run = Int32Array.from(Array.from(run).sort(cmp));
        break;
      }
    }
    runs.push(run);
    a = b;
  }
  while (runs.length > 1) {
    const next: Int32Array[] = [];
    for (let k = 0; k < runs.length; k += 2)
      next.push(k + 1 < runs.length ? merge(runs[k] as Int32Array, runs[k + 1] as Int32Array, cmp) : (runs[k] as Int32Array));
    runs = next;
  }
  return runs[0] ?? new Int32Array(0);
}

function merge(x: Int32Array, y: Int32Array, cmp: (a: number, b: number) => number): Int32Array {
  const out = new Int32Array(x.length + y.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < x.length && j < y.length)
    out[k++] = cmp(x[i] as number, y[j] as number) <= 0 ? (x[i++] as number) : (y[j++] as number);
  while (i < x.length) out[k++] = x[i++] as number;
  while (j < y.length) out[k++] = y[j++] as number;
  return out;
}
