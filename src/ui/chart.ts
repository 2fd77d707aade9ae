/**
 * Text charts drawn with Unicode block characters: a vertical bar chart and a weekly heatmap.
 * Every width is measured in display columns (`width`), so labels in Chinese line up too.
 *
 * The block and box characters are East Asian "ambiguous" width: one column in nearly every
 * terminal, two only where the user has asked for ambiguous-wide rendering.
 */
import { padEnd, width } from './term.js';

const EIGHTHS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** Heatmap shades for no reviews and for four rising levels. */
export const SHADES = ['·', '░', '▒', '▓', '█'] as const;

export interface Label {
  /** Column (bar or week) index the label starts at. */
  at: number;
  text: string;
}

/** Places labels on one line at `start + at * step`, skipping any that would overlap or overflow. */
function labelLine(labels: Label[], start: number, step: number, max: number): string {
  let line = '';
  for (const l of [...labels].sort((a, b) => a.at - b.at)) {
    const col = start + l.at * step;
    const w = width(l.text);
    const cur = width(line);
    if (col < cur + (cur ? 1 : 0) || col + w > max) continue;
    line = padEnd(line, col) + l.text;
  }
  return line;
}

export interface BarChartOptions {
  /** Rows of bars (each row holds eight levels). */
  height: number;
  /** Widest the chart may be, in display columns. */
  maxWidth: number;
  /** Labels under the bars. */
  labels?: Label[];
}

/**
 * Draws `values` as vertical bars, one per value, scaled to the largest. Bars are two columns
 * apart when they fit in `maxWidth`, else adjacent. A non-zero value always shows at least ▁.
 */
export function barChart(values: number[], o: BarChartOptions): string[] {
  const max = Math.max(0, ...values);
  const top = String(max);
  const gutter = Math.max(width(top), 1) + 2;
  const step = gutter + values.length * 2 <= o.maxWidth ? 2 : 1;
  const eighths = values.map((v) => (v <= 0 || max === 0 ? 0 : Math.max(1, Math.round((v / max) * o.height * 8))));
  const lines: string[] = [];
  for (let row = o.height - 1; row >= 0; row--) {
    const label = row === o.height - 1 ? top : '';
    const axis = row === o.height - 1 ? '┤' : '│';
    let bars = '';
    for (const e of eighths) {
      const fill = Math.min(8, Math.max(0, e - row * 8));
      bars += (fill ? EIGHTHS[fill - 1] : ' ') + (step === 2 ? ' ' : '');
    }
    lines.push(`${label.padStart(gutter - 2)} ${axis}${bars}`.trimEnd());
  }
  lines.push(`${'0'.padStart(gutter - 2)} └${'─'.repeat(values.length * step)}`);
  if (o.labels?.length) lines.push(labelLine(o.labels, gutter, step, o.maxWidth).trimEnd());
  return lines;
}

export interface HeatmapOptions {
  /** Names of the weekdays, Monday first (seven). */
  dayNames: string[];
  /** Labels above the weeks (e.g. month names where a month starts). */
  labels?: Label[];
  maxWidth: number;
}

/** The shade of a day's count: · for none, then four levels relative to the busiest day. */
export function shade(count: number, max: number): string {
  if (count <= 0 || max <= 0) return SHADES[0];
  return SHADES[Math.min(4, Math.max(1, Math.ceil((4 * count) / max)))] as string;
}

/**
 * Draws daily counts as a grid: one row per weekday (Monday first), one column per week. `counts`
 * starts on a Monday; days after its end (the rest of this week) are left blank.
 */
export function heatmapGrid(counts: number[], o: HeatmapOptions): string[] {
  const weeks = Math.ceil(counts.length / 7);
  const max = Math.max(0, ...counts);
  const gutter = Math.max(...o.dayNames.map(width)) + 1;
  const step = gutter + weeks * 2 <= o.maxWidth ? 2 : 1;
  const lines: string[] = [];
  if (o.labels?.length) lines.push(labelLine(o.labels, gutter, step, o.maxWidth).trimEnd());
  for (let wd = 0; wd < 7; wd++) {
    let row = padEnd(o.dayNames[wd] ?? '', gutter);
    for (let w = 0; w < weeks; w++) {
      const i = w * 7 + wd;
      const cell = i < counts.length ? shade(counts[i] as number, max) : ' ';
      row += cell + (step === 2 ? ' ' : '');
    }
    lines.push(row.trimEnd());
  }
  return lines;
}
