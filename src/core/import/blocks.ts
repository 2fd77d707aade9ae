/**
 * Markdown split into top-level blocks (marked's block lexer, no inline pass) with the 1-based
 * line range of each, so that every region of a file can be judged on its own and accounted for.
 */
import { Lexer, type Token } from 'marked';

export interface Block {
  type: string;
  /** 1-based first and last line of the block in the file. */
  from: number;
  to: number;
  /** The block's source text, exactly as in the file (line ends normalised to \n). */
  raw: string;
  token: Token;
}

/** Deepest `>` nesting and list indentation accepted: marked recurses once per level. */
export const MAX_NESTING = 32;
const MAX_INDENT = 4 * MAX_NESTING;

/**
 * The first line nested deeper than {@link MAX_NESTING} levels (quotes) or indented more than
 * {@link MAX_INDENT} columns (lists), 0 when none: such input would make the lexer recurse
 * once per level, so it is refused before lexing. Linear in the text.
 */
export function tooDeep(lines: string[], start = 0): number {
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    let quotes = 0;
    let indent = 0;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '>') quotes++;
      else if (c === ' ') indent++;
      else if (c === '\t') indent += 4;
      else break;
    }
    if (quotes > MAX_NESTING || indent > MAX_INDENT) return i + 1;
  }
  return 0;
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
