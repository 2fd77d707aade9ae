/**
 * Wraps ANSI-styled text to a display width, breaking at spaces and between CJK characters
 * (Chinese has no spaces, so wrap-ansi's word wrapping would push a whole sentence to the next
 * line or split it by characters counted as width 1). Styles open at a break are closed at the
 * end of the line and reopened on the next, so each line stands on its own.
 */
import { width as displayWidth } from './term.js';

const ESC = /\u001B\[[0-9;]*m/y;
const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;
/** Closing punctuation that must not start a line (kinsoku). */
const NO_LINE_START = /[，。、；：！？）》」』】〉”’,.;:!?)\]}]/;
/** Opening punctuation that must not end a line. */
const NO_LINE_END = /[（《「『【〈“‘([{]/;

/** SGR close code → the open codes it cancels. */
const CLOSES: Record<string, (code: number) => boolean> = {
  '0': () => true,
  '22': (c) => c === 1 || c === 2,
  '23': (c) => c === 3,
  '24': (c) => c === 4,
  '27': (c) => c === 7,
  '28': (c) => c === 8,
  '29': (c) => c === 9,
  '39': (c) => (c >= 30 && c <= 38) || (c >= 90 && c <= 97),
  '49': (c) => (c >= 40 && c <= 48) || (c >= 100 && c <= 107),
};

function track(open: string[], seq: string): string[] {
  const params = seq.slice(2, -1);
  const first = params.split(';')[0] || '0';
  const close = CLOSES[first];
  if (close) return open.filter((o) => !close(Number(o.slice(2, -1).split(';')[0] || '0')));
  // A code already open is not stacked again: highlighted code repeats the same few colours, and
  // a growing list made every later piece of a long line slower.
  return open.includes(seq) ? open : [...open, seq];
}

interface Piece {
  text: string;
  width: number;
  /** A line may break before this piece. */
  breakBefore: boolean;
  space: boolean;
}

/** Wraps one line (no newlines) to `max` columns. */
function wrapLine(line: string, max: number, hang = 0): string[] {
  // Split into atoms: escape sequences (width 0), characters.
  const pieces: Piece[] = [];
  let i = 0;
  let prevCjk = false;
  let prevSpace = false;
  let prevOpen = false;
  while (i < line.length) {
    // Sticky match at i: slicing the rest of the line per character made long lines quadratic.
    ESC.lastIndex = i;
    const m = ESC.exec(line);
    if (m) {
      pieces.push({ text: m[0], width: 0, breakBefore: false, space: false });
      i += m[0].length;
      continue;
    }
    const cp = line.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    const isSpace = ch === ' ';
    const isCjk = CJK.test(ch);
    const breakBefore = !isSpace && !prevOpen && (prevSpace || ((isCjk || prevCjk) && !NO_LINE_START.test(ch)));
    pieces.push({ text: ch, width: displayWidth(ch), breakBefore, space: isSpace });
    prevCjk = isCjk;
    prevSpace = isSpace;
    prevOpen = NO_LINE_END.test(ch);
  }
  const lines: string[] = [];
  // Continuation lines of a list item or an indented block hang under its text.
  const indent = ' '.repeat(hang);
  const limit = () => (lines.length > 0 ? max - hang : max);
  let open: string[] = [];
  let cur: Piece[] = [];
  let curWidth = 0;
  let lastBreak = -1; // index in cur where a break may happen
  let openAtStart: string[] = [];
  const flush = (upto: number) => {
    const head = cur.slice(0, upto);
    let text = openAtStart.join('') + head.map((p) => p.text).join('');
    let o = [...openAtStart];
    for (const p of head) if (p.width === 0 && p.text.startsWith('\u001B')) o = track(o, p.text);
    text = text.replace(/ +$/, '');
    if (o.length > 0) text += '\u001B[0m';
    lines.push(lines.length > 0 ? indent + text : text);
    openAtStart = o;
    let from = upto;
    while (from < cur.length && cur[from]?.space) from++;
    cur = cur.slice(from);
    curWidth = cur.reduce((a, p) => a + p.width, 0);
    lastBreak = -1;
    for (let k = 1; k < cur.length; k++) if (cur[k]?.breakBefore) lastBreak = k;
  };
  for (const p of pieces) {
    if (p.width === 0) open = p.text.startsWith('\u001B') ? track(open, p.text) : open;
    if (p.breakBefore && cur.length > 0) lastBreak = cur.length;
    cur.push(p);
    curWidth += p.width;
    if (curWidth > limit() && !p.space) {
      if (lastBreak > 0) flush(lastBreak);
      else flush(cur.length - 1);
      // A single piece wider than the line (never for text; guard anyway).
      while (curWidth > limit() && cur.length > 1) flush(cur.length - 1);
    }
  }
  const text = openAtStart.join('') + cur.map((p) => p.text).join('');
  const last = text.replace(/ +$/, '');
  lines.push(lines.length > 0 ? indent + last : last);
  return lines;
}

const LEAD = /^( *(?:(?:[-*+•]|\d{1,3}[.)])\s+)?)/;

/** How far continuation lines of `line` are indented: under the text of a list item or indented line. */
function hangingIndent(line: string, max: number): number {
  const plain = line.replace(/\u001B\[[0-9;]*m/g, '');
  const w = displayWidth(LEAD.exec(plain)?.[1] ?? '');
  return w > 0 && w <= max / 3 ? w : 0;
}

/** Wraps text to `max` display columns: every returned line is at most `max` wide. */
export function wrapText(text: string, max: number): string {
  return text
    .split('\n')
    .flatMap((l) => (displayWidth(l) <= max ? [l] : wrapLine(l, max, hangingIndent(l, max))))
    .join('\n');
}
