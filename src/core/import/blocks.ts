/**
 * Markdown split into top-level blocks (marked's block lexer, no inline pass) with the 1-based
 * line range of each, so that every region of a file can be judged on its own and accounted for.
 */
import { Lexer, type Token } from 'marked';
import { nestingBreach } from '../limits.js';

export interface Block {
  type: string;
  /** 1-based first and last line of the block in the file. */
  from: number;
  to: number;
  /** The block's source text, exactly as in the file (line ends normalised to \n). */
  raw: string;
  token: Token;
}

/**
 * The first line (1-based) nested deeper in lists or quotes than a deck card may be
 * (MAX_NESTING, src/core/limits.ts), 0 when none: marked recurses once per level, and
 * the deck written from the file would be refused by the deck parser anyway, so such input is
 * refused before lexing. Linear in the text.
 */
export function tooDeep(lines: string[], start = 0): number {
  const breach = nestingBreach(lines, start);
  return breach ? breach.line + 1 : 0;
}

/** Splits Markdown into top-level blocks; blank-line blocks are left out. `firstLine` is the line number of the text's first line. */
export function markdownBlocks(text: string, firstLine = 1): Block[] {
  const src = text.replace(/\r\n?/g, '\n');
  const tokens = new Lexer({ gfm: true }).blockTokens(src, []);
  const out: Block[] = [];
  let line = firstLine;
  for (const token of tokens) {
    const raw = token.raw;
    const newlines = countNewlines(raw);
    if (token.type !== 'space') {
      const body = raw.replace(/\n+$/, '');
      out.push({ type: token.type, from: line, to: line + countNewlines(body), raw: body, token });
    }
    line += newlines;
  }
  return out;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
