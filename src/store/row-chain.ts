/**
 * Per card, the last review row of one log and its `after` state: a row whose `before` equals it
 * is linked to that row (log-columns.ts `link`), so the fold can take its `after` without
 * comparing states (the writer saw the very state its own previous review left).
 */
import { STATE_LEN } from './row-scan.js';

export class RowChain {
  private rows = new Int32Array(0);
  private after = new Float64Array(0);

  /** The row `before` continues for `card`, or -1. */
  linkOf(card: number, before: Float64Array): number {
    const prev = card < this.rows.length ? (this.rows[card] as number) : -1;
    if (prev < 0) return -1;
    for (let k = 0; k < STATE_LEN; k++) if (before[k] !== this.after[card * STATE_LEN + k]) return -1;
    return prev;
  }

  /** Row `row` (-1: none to link to) is now the card's last, leaving `after`. */
  set(card: number, row: number, after: Float64Array): void {
    if (card >= this.rows.length) this.grow(card + 1);
    this.rows[card] = row;
    for (let k = 0; k < STATE_LEN; k++) this.after[card * STATE_LEN + k] = after[k] as number;
  }

  private grow(n: number): void {
    const rows = new Int32Array(Math.max(n, this.rows.length * 2, 64)).fill(-1);
    rows.set(this.rows);
    const after = new Float64Array(rows.length * STATE_LEN);
    after.set(this.after);
    this.rows = rows;
    this.after = after;
  }
}
