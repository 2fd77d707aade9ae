/**
 * Markdown to terminal text: marked + marked-terminal for the structure and code highlighting,
 * TeX turned into Unicode first, then wrapped by display width so Chinese never overflows.
 * marked-terminal wraps by character count, so it renders unwrapped (`reflowText: false`) and
 * wrapText (CJK-aware) does the wrapping; table cells are wrapped before the table is built.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import { Marked, type Token, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { markdownLimitBreach } from '../core/limits.js';
import { fitToWidth } from './plain-markdown.js';
import { isWebUrl, keepOwnEscapes, linkTextIsUrl, sanitize, sanitizeLine } from './sanitize.js';
import { width as displayWidth } from './term.js';
import { convertMathInMarkdown } from './tex.js';
import { wrapText } from './wrap.js';

const instances = new Map<number, Marked>();

/** Block tokens that cannot run on from a list item's text. */
const BLOCKS = new Set(['code', 'table', 'blockquote', 'heading', 'hr']);

function makeMarked(width: number): Marked {
  const m = new Marked();
  const terminal = markedTerminal({
    reflowText: false,
    width,
    tab: 2,
    emoji: false,
    showSectionPrefix: false,
    code: chalk.yellow,
    codespan: chalk.cyan,
  });
  m.use(terminal);
  const terminalList = terminal.renderer?.list as ((this: unknown, token: Tokens.List) => string) | undefined;
  m.use({
    // With reflowText off, marked-terminal keeps the source's soft line breaks, so a paragraph
    // wrapped at 100 columns in the deck came out ragged (80, 20, 80, 20…) on an 80-column
    // terminal. Soft breaks become a space, or nothing between two CJK characters; wrapText
    // then wraps the whole paragraph. Hard breaks (`br` tokens) are kept.
    walkTokens(token) {
      if (token.type === 'text' && !('tokens' in token && token.tokens)) token.text = joinSoftBreaks(token.text);
      // A list item's text followed by a code block (or a table, a quote) was printed as one line
      // with the code ("first:  x = 1"): its text becomes a paragraph, which ends with a break.
      // (marked walks a list's items' tokens, not the items: they are reached through the list.)
      if (token.type === 'list') {
        for (const item of (token as Tokens.List).items) {
          if (!item.tokens.some((t: Token) => BLOCKS.has(t.type))) continue;
          for (const t of item.tokens)
            if (t.type === 'text' && 'tokens' in t && t.tokens) (t as { type: string }).type = 'paragraph';
        }
      }
    },
    renderer: {
      // Items of a tight list hold a block `text` token with inline children; marked-terminal
      // prints its raw text, so `**bold**` and `code` showed literally in every list answer.
      text(this: { parser: { parseInline(tokens: unknown[]): string } }, token: Tokens.Text | Tokens.Escape) {
        return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
      },
      // marked-terminal makes every link clickable (OSC 8) where the terminal supports it, even
      // `file:///etc/passwd` or a URL hidden behind other text. Only an http(s) link whose text
      // is its URL stays clickable (marked-terminal's renderer); any other shows `text (url)`.
      link(this: { parser: { parseInline(tokens: unknown[]): string } }, token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        const plainText = text.replace(/\u001B\[[0-9;]*m/g, '');
        if (isWebUrl(token.href) && linkTextIsUrl(plainText, token.href)) return false;
        if (linkTextIsUrl(plainText, token.href)) return chalk.blue(text);
        return chalk.blue(`${text} (${chalk.underline(sanitizeLine(token.href))})`);
      },
      // marked-terminal numbers every ordered list from 1, so a list that goes on after a code
      // block (`3. …`) started again at 1. The items keep the numbers the source gives them.
      list(this: unknown, token: Tokens.List): string | false {
        if (!terminalList) return false;
        const out = terminalList.call(this, token);
        const start = typeof token.start === 'number' ? token.start : 1;
        if (!token.ordered || start === 1) return out;
        return out.replace(/^( {2})(\d+)\. /gm, (_, pad: string, n: string) => `${pad}${Number(n) + start - 1}. `);
      },
      table(this: { parser: { parseInline(tokens: unknown[]): string } }, token: Tokens.Table): string {
        const head = token.header.map((c) => this.parser.parseInline(c.tokens));
        const rows = token.rows.map((r) => r.map((c) => this.parser.parseInline(c.tokens)));
        return `${renderTable(head, rows, width)}\n\n`;
      },
    },
  });
  return m;
}

const CJK_CHAR = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** Joins the lines of a paragraph: a space between them, none where both sides are CJK. */
export function joinSoftBreaks(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, (_, at: number) =>
    CJK_CHAR.test(text[at - 1] ?? '') && CJK_CHAR.test(text[text.indexOf('\n', at) + 1] ?? '') ? '' : ' ',
  );
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
  // A card `check` refuses can still reach here (an import preview, a deck edited mid-session):
  // beyond the limits it is shown as plain wrapped text, which takes linear time.
  if (markdownLimitBreach(md)) return wrapText(sanitize(md), width);
  let m = instances.get(width);
  if (!m) {
    m = makeMarked(width);
    instances.set(width, m);
  }
  // Sanitised on the way in (deck text is untrusted) and on the way out: marked-terminal decodes
  // HTML entities, so `&#27;` could otherwise become an escape after the input was checked.
  const text = keepOwnEscapes(m.parse(convertMathInMarkdown(sanitize(md)), { async: false }) as string, true);
  return fitToWidth(text, width);
}
