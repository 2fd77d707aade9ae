import chalk from 'chalk';
import { eastAsianWidth } from 'get-east-asian-width';
import { sanitizeLine } from './sanitize.js';

/** Decides colour once: off for --no-color, NO_COLOR, or when stdout is not a terminal. */
export function setupColor(noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): void {
  const off = noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !process.stdout.isTTY;
  if (off && env.FORCE_COLOR === undefined) chalk.level = 0;
}

/** Width available for output: the terminal's, else $COLUMNS, else 80. */
export function termWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || 80;
}

const PLAIN = /^[\x20-\x7e]*$/;
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
const ZERO_WIDTH = /[\p{M}\p{Cc}\u200B-\u200F\u2060]/u;

/** Width of one code point: 2 for East Asian wide/fullwidth, 0 for marks and controls. */
function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x7f) return cp < 0x20 ? 0 : 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  return eastAsianWidth(cp);
}

/**
 * Display width in terminal columns (CJK counts 2, ANSI escape codes 0). Hand-rolled over
 * get-east-asian-width because string-width costs ~60 ms of start-up in `list`.
 */
export function width(s: string): number {
  const plain = s.includes('\u001B') ? s.replace(ANSI, '') : s;
  if (PLAIN.test(plain)) return plain.length;
  let w = 0;
  for (const ch of plain) w += charWidth(ch);
  return w;
}

/**
 * Cuts plain text to at most `max` display columns, ending with '…' when cut. Every cell of a
 * table and every header goes through here, so the text passes the terminal gate here too.
 */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  // Most cells (ids, dates, topics) are printable ASCII without doubled spaces, which the gate and
  // the folding of whitespace leave as they are: `list` cuts ~2,000 cells on every start.
  if (PLAIN.test(s) && !s.includes('  ')) return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
  const flat = sanitizeLine(s).replace(/\s+/g, ' ');
  if (width(flat) <= max) return flat;
  let out = '';
  let w = 0;
  for (const ch of flat) {
    const cw = charWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Pads plain text on the right to `n` display columns. */
export function padEnd(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

export interface Column {
  header: string;
  /** Minimum and maximum widths; the last flexible column takes what is left. */
  min: number;
  max?: number;
  align?: 'left' | 'right';
}

/**
 * Lays out rows of plain text as aligned columns that fit `total` display columns. Columns get
 * their natural width up to `max`; the last column is cut to fit.
 */
export function renderColumns(columns: Column[], rows: string[][], total: number, style = (s: string) => s): string[] {
  const gap = 2;
  const widths = columns.map((c, i) => {
    const natural = Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? '')));
    return Math.max(c.min, Math.min(natural, c.max ?? natural));
  });
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + gap, 0);
  const lastIdx = widths.length - 1;
  widths[lastIdx] = Math.max(columns[lastIdx]?.min ?? 4, Math.min(widths[lastIdx] as number, total - fixed));
  // If even the minimum of the last column does not fit, shrink the widest other columns.
  let over = fixed + (widths[lastIdx] as number) - total;
  while (over > 0) {
    let wi = -1;
    for (let i = 0; i < lastIdx; i++) {
      if ((widths[i] as number) > (columns[i]?.min ?? 1) && (wi < 0 || (widths[i] as number) > (widths[wi] as number))) wi = i;
    }
    if (wi < 0) break;
    widths[wi] = (widths[wi] as number) - 1;
    over--;
  }
  const line = (cells: string[], header: boolean) =>
    cells
      .map((cell, i) => {
        const w = widths[i] as number;
        const cut = truncate(cell, w);
        const padded = columns[i]?.align === 'right' ? ' '.repeat(Math.max(0, w - width(cut))) + cut : padEnd(cut, w);
        return header ? style(padded) : padded;
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    ...rows.map((r) => line(r, false)),
  ];
}
