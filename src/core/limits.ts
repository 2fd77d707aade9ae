/**
 * Limits on untrusted text, checked in one linear pass before anything slower sees it. The
 * Markdown renderer (marked + marked-terminal) slows down more than linearly on deep nesting
 * (each level of lists or quotes roughly doubles the work) and on long paragraphs full of
 * emphasis markers; rather than hang, a card beyond these limits is refused with its file and
 * line. The numbers are documented in docs/limits.md; the bank's largest card is far below each.
 */

import type { Problem } from '../errors.js';
import { problem } from './problems.js';

/** Lists and block quotes nested deeper than this are refused. */
export const MAX_NESTING = 16;
/** A line (code included) longer than this many characters is refused. */
export const MAX_LINE_CHARS = 10_000;
/** A paragraph (non-blank lines outside code blocks) longer than this many characters is refused. */
export const MAX_PARAGRAPH_CHARS = 10_000;
/** A question or answer of more lines than this is refused. */
export const MAX_BLOCK_LINES = 2_000;
/** Keys in one card metadata comment (`<!-- id: …; topics: … -->`). */
export const MAX_META_KEYS = 32;
/** Lines a card metadata comment may span before it must be closed with `-->`. */
export const MAX_META_LINES = 20;

export interface LimitBreach {
  /** Catalogue key of the problem (see src/ui/messages/problems.ts). */
  key: 'problem.limit.nesting' | 'problem.limit.line' | 'problem.limit.paragraph' | 'problem.limit.lines';
  /** 0-based line within the text checked. */
  line: number;
  params: Record<string, number>;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Block-quote markers and list markers at the start of a line (`> - > 1. text`). */
const PREFIX = /^[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])/;

/** The fence a line opens or closes (``` or ~~~ after at most 3 spaces), or undefined; a char test spares most lines the regex. */
function fenceRun(line: string): string | undefined {
  let k = 0;
  while (k < 3 && line.charCodeAt(k) === 32) k++;
  const c = line.charCodeAt(k);
  if (c !== 96 && c !== 126) return undefined;
  return FENCE.exec(line)?.[1];
}

/** True for a line that is empty or white space only (as `line.trim() === ''`); most lines are told by their first character. */
export function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  const c = line.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return line.trim() === '';
}

/**
 * The first limit a Markdown text breaks, or undefined. One pass over the lines; per line the
 * work is proportional to its length, so the check is linear in the text.
 */
export function markdownLimitBreach(text: string): LimitBreach | undefined {
  const lines = text.split('\n');
  return linesLimitBreach(lines, 0, lines.length);
}

/**
 * markdownLimitBreach of the text `lines.slice(from, to).join('\n')` (lines hold no `\n`), read
 * in place; the breach's line counts from `from`.
 */
export function linesLimitBreach(lines: readonly string[], from: number, to: number): LimitBreach | undefined {
  if (to - from > MAX_BLOCK_LINES) {
    return { key: 'problem.limit.lines', line: MAX_BLOCK_LINES, params: { n: to - from, max: MAX_BLOCK_LINES } };
  }
  let fence: string | undefined;
  let paragraph = 0;
  let paragraphStart = 0;
  // Indents of the open list items, innermost last.
  const lists: number[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i] as string;
    if (line.length > MAX_LINE_CHARS) {
      return { key: 'problem.limit.line', line: i - from, params: { n: line.length, max: MAX_LINE_CHARS } };
    }
    const f = fenceRun(line);
    if (fence !== undefined) {
      if (f && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      fence = f;
      paragraph = 0;
      continue;
    }
    if (isBlank(line)) {
      paragraph = 0;
      continue;
    }
    if (paragraph === 0) paragraphStart = i - from;
    paragraph += line.length + 1;
    if (paragraph > MAX_PARAGRAPH_CHARS) {
      return { key: 'problem.limit.paragraph', line: paragraphStart, params: { n: paragraph, max: MAX_PARAGRAPH_CHARS } };
    }
    const depth = nestingDepth(line, lists);
    if (depth > MAX_NESTING) return { key: 'problem.limit.nesting', line: i - from, params: { n: depth, max: MAX_NESTING } };
  }
  return undefined;
}

/**
 * How deep a (non-blank, non-code) line sits in lists and block quotes: the markers it starts
 * with, plus the list items it is inside. `lists` holds the indents of the open list items,
 * innermost last, and is updated for the next line. Counts at most MAX_NESTING + 1 markers.
 */
function nestingDepth(line: string, lists: number[]): number {
  const c = line.charCodeAt(0);
  // A line starting with a printable ASCII character that can begin no marker: no indent, no markers.
  if (c > 32 && c < 127 && c !== 62 && c !== 45 && c !== 42 && c !== 43 && (c < 48 || c > 57)) {
    lists.length = 0;
    return 0;
  }
  const indent = line.length - line.trimStart().length;
  let rest = line;
  let markers = 0;
  for (let m = PREFIX.exec(rest); m && markers <= MAX_NESTING; m = PREFIX.exec(rest)) {
    markers++;
    rest = rest.slice(m[0].length);
  }
  while (lists.length > 0 && (lists[lists.length - 1] as number) >= indent && markers > 0) lists.pop();
  if (markers === 0 && indent === 0) lists.length = 0;
  const depth = lists.length + markers;
  if (markers > 0 && !line.trimStart().startsWith('>')) lists.push(indent);
  return depth;
}

/**
 * The first line (0-based, from `start`) of a whole Markdown document nested deeper than
 * MAX_NESTING, measured as the deck parser measures a card, so that an imported file is held to
 * the limit its deck will be read with. Code blocks are skipped; linear in the text.
 */
export function nestingBreach(lines: readonly string[], start = 0): LimitBreach | undefined {
  let fence: string | undefined;
  const lists: number[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    const f = fenceRun(line);
    if (fence !== undefined) {
      if (f && f[0] === fence[0] && f.length >= fence.length) fence = undefined;
      continue;
    }
    if (f) fence = f;
    else if (!isBlank(line)) {
      const depth = nestingDepth(line, lists);
      if (depth > MAX_NESTING) return { key: 'problem.limit.nesting', line: i, params: { n: depth, max: MAX_NESTING } };
    }
  }
  return undefined;
}

/** The parts of a card the limits look at (a subset of deck.ts's CardSpans): blocks are line ranges [from, to). */
interface CardText {
  headingLine: number;
  metaStart?: number;
  meta: unknown[];
  metaUnclosed?: boolean;
  bodyFrom: number;
  bodyTo: number;
  answerFrom: number;
  answerTo: number;
  answerLine?: number;
  keyPoints?: string[];
}

/** Problems of one card of a deck file beyond the limits above, each at its 1-based line. `lines` are the file's. */
export function cardLimitProblems(lines: readonly string[], raw: CardText, file: string): Problem[] {
  const out: Problem[] = [];
  const metaLine = raw.metaStart !== undefined ? raw.metaStart + 1 : raw.headingLine;
  if (raw.metaUnclosed) out.push(problem(file, metaLine, 'error', 'problem.limit.metaOpen', { max: MAX_META_LINES }));
  if (raw.meta.length > MAX_META_KEYS) {
    out.push(problem(file, metaLine, 'error', 'problem.limit.metaKeys', { n: raw.meta.length, max: MAX_META_KEYS }));
  }
  // The question body starts on the line after the heading (and its comment); the answer after `### Answer`.
  const bodyLine = (raw.metaStart !== undefined ? raw.metaStart + 1 : raw.headingLine) + 1;
  const kp = raw.keyPoints;
  let breach = linesLimitBreach(lines, raw.bodyFrom, raw.bodyTo);
  let first = bodyLine;
  if (!breach && raw.answerTo > raw.answerFrom) {
    breach = linesLimitBreach(lines, raw.answerFrom, raw.answerTo);
    first = (raw.answerLine ?? raw.headingLine) + 1;
  }
  if (!breach && kp && kp.length > 0) {
    breach = linesLimitBreach(kp, 0, kp.length);
    first = raw.answerLine ?? raw.headingLine;
  }
  if (breach) out.push(problem(file, first + breach.line, 'error', breach.key, breach.params));
  return out;
}
