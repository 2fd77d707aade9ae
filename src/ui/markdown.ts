/**
 * Markdown to terminal text: marked + marked-terminal for the structure and code highlighting,
 * TeX turned into Unicode first, then wrapped by display width so Chinese never overflows.
 * marked-terminal wraps by character count, so it renders unwrapped (`reflowText: false`) and
 * wrapText (CJK-aware) does the wrapping; table cells are wrapped before the table is built.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { width as displayWidth } from './term.js';
import { convertMathInMarkdown } from './tex.js';
import { wrapText } from './wrap.js';

const instances = new Map<number, Marked>();

function makeMarked(width: number): Marked {
  const m = new Marked();
  m.use(
    markedTerminal({
      reflowText: false,
      width,
      tab: 2,
      emoji: false,
      showSectionPrefix: false,
      code: chalk.yellow,
      codespan: chalk.cyan,
    }),
  );
  m.use({
    renderer: {
      table(this: { parser: { parseInline(tokens: unknown[]): string } }, token: Tokens.Table): string {
        const head = token.header.map((c) => this.parser.parseInline(c.tokens));
        const rows = token.rows.map((r) => r.map((c) => this.parser.parseInline(c.tokens)));
        return `${renderTable(head, rows, width)}\n\n`;
      },
    },
  });
  return m;
}

/** Draws a table that fits `total` columns: each column gets its natural width or a fair share, cells wrap. */
export function renderTable(head: string[], rows: string[][], total: number): string {
  const n = head.length;
  const natural = head.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => displayWidth(l))))),
  );
  // Borders and padding: one '│' per column plus one, and a space each side of every cell.
  const room = Math.max(n * 4, total - (n + 1) - 2 * n);
  const widths = natural.map((w) => Math.max(1, w));
  let sum = widths.reduce((a, b) => a + b, 0);
  while (sum > room) {
    // Shrink the widest column one step at a time: narrow columns keep their natural width.
    let wi = 0;
    for (let i = 1; i < n; i++) if ((widths[i] as number) > (widths[wi] as number)) wi = i;
    if ((widths[wi] as number) <= 4) break;
    widths[wi] = (widths[wi] as number) - 1;
    sum--;
  }
  const wrap = (s: string, w: number) => wrapText(s, w);
  const plain = chalk.level === 0;
  const table = new Table({
    head: head.map((h, i) => wrap(h, widths[i] as number)),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: plain ? { head: [], border: [] } : { head: ['bold'], border: ['grey'] },
  });
  for (const r of rows) table.push(r.map((c, i) => wrap(c, widths[i] as number)));
  return table.toString();
}

/** Renders Markdown for a terminal `width` columns wide; no line is wider than `width`. */
export function renderMarkdown(md: string, width: number): string {
  let m = instances.get(width);
  if (!m) {
    m = makeMarked(width);
    instances.set(width, m);
  }
  const text = m.parse(convertMathInMarkdown(md), { async: false }) as string;
  const wrapped = wrapText(text.replace(/\n{3,}/g, '\n\n').trimEnd(), width);
  return wrapped
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}
