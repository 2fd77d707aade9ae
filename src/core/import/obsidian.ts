/**
 * Obsidian Spaced Repetition notes (st3v3nmw/obsidian-spaced-repetition): `question::answer`,
 * `question:::answer` (both directions), multi-line cards around a `?` or `??` line, and cloze
 * paragraphs with `==highlights==`, `{{curly braces}}` or (when the vault turns it on)
 * `**bold**`. A `#flashcards/a/b` tag gives the cards after it the topics `a` and `b`. With an
 * end marker (the plugin's "characters denoting the end of clozes and multiline flashcards",
 * `+++` in its documentation), multi-line answers and cloze notes run to that line, blank lines
 * included; without one, a blank line ends them. The plugin's schedule comments
 * (`<!--SR:...-->`) are left out (listed in the ledger). One note becomes one deck. Linear.
 */
import type { Problem } from '../../errors.js';
import { hasCloze } from '../cloze.js';
import { type Fence, updateFence } from '../deck.js';
import { problem } from '../problems.js';
import {
  asciiSlug,
  type ConvertOptions,
  type ConvertResult,
  fileDeck,
  type ImportCard,
  type LedgerEntry,
  type ObsidianSeparators,
  type ObsidianSettings,
} from './model.js';

const SCHEDULE = /^\s*<!--SR:.*-->\s*$/;
const TAG = /(?:^|\s)#(flashcards(?:\/[^\s#]+)?)/i;
const HEADING = /^ {0,3}#{1,6}\s/;
/** The plugin's cloze delimiters; each pattern stops at its own closing mark, so matching is linear. */
const CLOZE_PATTERNS = {
  highlight: '==([^=\\n]+?)==',
  curly: '\\{\\{(?!c\\d+::)([^{}\\n]+?)\\}\\}',
  // Not around a deletion already made (`**==x==**` is one deletion, as in the plugin).
  bold: '\\*\\*([^*{}\\n]+?)\\*\\*',
} as const;
/** The end marker the plugin's documentation uses, recognised in a note without vault settings. */
const DOC_END_MARKER = '+++';

/** The plugin's default separators. */
const DEFAULT_SEPARATORS: ObsidianSeparators = {
  singleLine: '::',
  singleLineReversed: ':::',
  multiLine: '?',
  multiLineReversed: '??',
};

/**
 * A `question::answer` or `question:::answer` line (or the vault's own separators) split at the
 * first separator, the longer one where both start (linear: no regular expression backtracks over
 * a long line). Not a card: a URL, C++'s `std::vector` (no space before the separator and none in
 * the question), or nothing on one side.
 */
export function splitCardLine(
  line: string,
  seps: ObsidianSeparators = DEFAULT_SEPARATORS,
): { question: string; answer: string; reversed: boolean } | undefined {
  let at = -1;
  let sep = '';
  let reversed = false;
  const candidates: Array<[string, boolean]> = [
    [seps.singleLineReversed, true],
    [seps.singleLine, false],
  ];
  candidates.sort((a, b) => b[0].length - a[0].length);
  for (const [s, r] of candidates) {
    const k = s ? line.indexOf(s) : -1;
    if (k > 0 && (at < 0 || k < at)) [at, sep, reversed] = [k, s, r];
  }
  if (at <= 0) return undefined;
  const question = line.slice(0, at).trim();
  // `q::::a`: the separator's character repeated further is still the separator.
  const last = sep[sep.length - 1] as string;
  let end = at + sep.length;
  while (new Set(sep).size === 1 && line[end] === last) end++;
  const answer = line.slice(end).trim();
  if (!question || !answer || /^(?:[-*]\s+|\d+\.\s+)?(?:https?|ftp)$/i.test(question)) return undefined;
  if (!/\s/.test(question) && !/[?？]$/.test(question)) return undefined;
  return { question, answer, reversed };
}

/** The separators in effect: the vault's, each falling back to the plugin's default. */
function separatorsOf(settings: ObsidianSettings): ObsidianSeparators {
  return { ...DEFAULT_SEPARATORS, ...settings.separators };
}

/** True when a file reads as Obsidian SR notes: a `#flashcards` tag, or `::` / `?` cards. */
export function looksLikeObsidian(text: string): boolean {
  const head = text.slice(0, 200_000);
  if (/(^|\s)#flashcards\b/i.test(head)) return true;
  let cards = 0;
  for (const l of head.split(/\r?\n/)) {
    if (/^\s*\?{1,2}\s*$/.test(l)) return true;
    if (splitCardLine(l)) cards++;
  }
  return cards >= 2;
}

/** A line holding only tags, one of them `#flashcards…`: it sets the deck of the cards after it. */
const isTagLine = (l: string) => TAG.test(l) && l.replace(/#[^\s#]+/g, '').trim() === '';

/** The topics a tag line gives: `#flashcards/a/b` gives `a` and `b`. */
function tagTopics(line: string): string[] {
  const tag = TAG.exec(line) as RegExpExecArray;
  return (tag[1] as string)
    .split('/')
    .slice(1)
    .map((p) => asciiSlug(p))
    .filter(Boolean);
}

/** The topics of the note's first tag line outside code, or none. */
function firstTagTopics(lines: string[]): string[] {
  let fence: Fence | undefined;
  for (const line of lines) {
    const inCode = fence !== undefined;
    fence = updateFence(line, fence);
    if (!inCode && fence === undefined && isTagLine(line)) return tagTopics(line);
  }
  return [];
}

/** A callout's first line: `> [!type]` with an optional fold mark and title, in any quote depth. */
const CALLOUT = /^((?:[ \t]*>)+)[ \t]*\[!([A-Za-z][\w-]*)\][+-]?[ \t]*(.*)$/;
const QUOTE_PREFIX = /^(?:[ \t]*>)*[ \t]?/;
/** A line that starts a block of its own (list item, table row, heading, fence, HTML block, rule) after its quote marks. */
const BLOCK_START = /^(?:[-*+][ \t]|\d+[.)][ \t]|\||#{1,6}[ \t]|```|~~~|<[A-Za-z/!]|(?:[-*_][ \t]*){3,}$)/;

/** `<audio …src=x…>…</audio>` (or with a `<source src=x>` inside) → a link to the file; scanned once, linearly. */
function audioLinks(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let from = 0;
  for (;;) {
    const open = lower.indexOf('<audio', from);
    if (open < 0) break;
    const close = lower.indexOf('</audio>', open);
    if (close < 0) break;
    const tag = text.slice(open, close);
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(tag.slice(0, 4000))?.[1];
    out += text.slice(from, open) + (src ? `[audio](${src})` : '');
    from = close + '</audio>'.length;
  }
  return out + text.slice(from);
}

/**
 * Obsidian's own markup in card text, as the plugin shows it: a callout's `[!type] title` line
 * becomes the title in bold (the type when there is none), `<audio>` a link to its file, and in
 * answers a single line break stays a line break (Obsidian's default; `\` at the line's end in
 * Markdown) between two lines of running text at the same quote depth. Code is left as it is.
 */
function obsidianMarkup(text: string, breaks: boolean): string {
  const lines = audioLinks(text).split('\n');
  let fence: Fence | undefined;
  let math = false;
  const plain: boolean[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const inCode = fence !== undefined;
    fence = updateFence(line.replace(QUOTE_PREFIX, ''), fence);
    const t = line.replace(QUOTE_PREFIX, '').trim();
    // Display math (`$$` … `$$`, or on one line) is left as it is, like code.
    const mathLine = !inCode && fence === undefined && (math || t.startsWith('$$'));
    if (mathLine && t.startsWith('$$') && !(t.length > 2 && t.endsWith('$$'))) math = !math;
    else if (mathLine && math && t.endsWith('$$')) math = false;
    if (inCode || fence !== undefined || mathLine) {
      plain.push(false);
      continue;
    }
    const c = CALLOUT.exec(line);
    if (c) {
      const type = c[2] as string;
      const title = (c[3] as string).trim() || type[0]?.toUpperCase() + type.slice(1).toLowerCase();
      lines[i] = `${c[1]}${/^\s*>\s/.test(line) ? ' ' : ''}**${title}**`;
    }
    const body = (lines[i] as string).replace(QUOTE_PREFIX, '');
    plain.push(body.trim() !== '' && !BLOCK_START.test(body) && !/(?:\\| {2})$/.test(body));
  }
  if (breaks) {
    const depth = (l: string) => (/^(?:[ \t]*>)*/.exec(l)?.[0] ?? '').replace(/[ \t]/g, '').length;
    for (let i = 0; i + 1 < lines.length; i++) {
      if (plain[i] && plain[i + 1] && depth(lines[i] as string) === depth(lines[i + 1] as string)) lines[i] += '\\';
    }
  }
  return lines.join('\n');
}

/** The plugin's folder in a vault, whose `data.json` holds its settings. */
export const OBSIDIAN_PLUGIN_DATA = '.obsidian/plugins/obsidian-spaced-repetition/data.json';

/**
 * The settings that change how a note reads, from the plugin's `data.json` (`{ settings: {...} }`),
 * with the plugin's defaults for what it leaves out (highlights on, bold and curly braces off, a
 * blank line ends cards, `::`/`:::`/`?`/`??` separators). Newer versions list cloze delimiters in
 * `clozePatterns` (`==[123;;]answer[;;hint]==`, `**…**`, `{{…}}`), which then decide. Anything
 * else is ignored.
 */
export function obsidianSettingsFromData(data: unknown): ObsidianSettings {
  const raw = typeof data === 'object' && data !== null ? (data as { settings?: unknown }).settings : undefined;
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const flag = (key: string, fallback: boolean) => (typeof s[key] === 'boolean' ? (s[key] as boolean) : fallback);
  const marker = typeof s.multilineCardEndMarker === 'string' ? s.multilineCardEndMarker.trim().slice(0, 100) : '';
  const patterns = Array.isArray(s.clozePatterns) ? s.clozePatterns.filter((p): p is string => typeof p === 'string') : undefined;
  const uses = (start: string) => patterns?.some((p) => p.trim().startsWith(start)) ?? false;
  const separators: Partial<ObsidianSeparators> = {};
  for (const [key, name] of SEPARATOR_SETTINGS) {
    const v = typeof s[name] === 'string' ? (s[name] as string).trim() : '';
    if (v && v.length <= 100) separators[key] = v;
  }
  return {
    highlightCloze: patterns ? uses('==') : flag('convertHighlightsToClozes', true),
    boldCloze: patterns ? uses('**') : flag('convertBoldTextToClozes', false),
    curlyCloze: patterns ? uses('{{') : flag('convertCurlyBracketsToClozes', false),
    endMarker: marker,
    separators,
  };
}

/** The plugin's names for its separator settings. */
const SEPARATOR_SETTINGS: Array<[keyof ObsidianSeparators, string]> = [
  ['singleLine', 'singleLineCardSeparator'],
  ['singleLineReversed', 'singleLineReversedCardSeparator'],
  ['multiLine', 'multilineCardSeparator'],
  ['multiLineReversed', 'multilineReversedCardSeparator'],
];

/** The deletions of a note (highlights, curly braces, bold if on) numbered in reading order, as the plugin sorts them. */
function clozeRegex(settings: ObsidianSettings): RegExp {
  const on: string[] = [];
  if (settings.highlightCloze !== false) on.push(CLOZE_PATTERNS.highlight);
  if (settings.curlyCloze !== false) on.push(CLOZE_PATTERNS.curly);
  if (settings.boldCloze === true) on.push(CLOZE_PATTERNS.bold);
  return new RegExp(on.length > 0 ? on.join('|') : '(?!)', 'g');
}

/** `==x==` inside `**…**` (or the reverse) is one deletion of `x`, as in the plugin. */
const plain = (t: string) => t.replace(/^(==|\*\*)(.+)\1$/, '$2');

/** The text with each deletion as `{{cN::…}}` (one card per deletion, siblings of one note), or undefined without any. */
function toCloze(text: string, pattern: RegExp): string | undefined {
  let n = 0;
  // The callback gets the match, one group per pattern (only the matching one set), offset and text.
  const out = text.replace(
    pattern,
    (...m: unknown[]) => `{{c${++n}::${plain(m.slice(1, -2).find((g) => typeof g === 'string') as string)}}}`,
  );
  return n > 0 ? out : undefined;
}

/**
 * The end marker in effect: the vault's setting when the importer found one, else `+++` when the
 * note has such a line outside code (no other Markdown meaning), else none (a blank line ends cards).
 */
function endMarkerOf(lines: string[], settings: ObsidianSettings): string {
  if (settings.endMarker !== undefined) return settings.endMarker.trim();
  let fence: Fence | undefined;
  for (const line of lines) {
    const inCode = fence !== undefined;
    fence = updateFence(line, fence);
    if (!inCode && fence === undefined && line.trim() === DOC_END_MARKER) return DOC_END_MARKER;
  }
  return '';
}

export function convertObsidian(text: string, file: string, opts: ConvertOptions): ConvertResult {
  const problems: Problem[] = [];
  const ledger: LedgerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const settings = opts.obsidian ?? {};
  const seps = separatorsOf(settings);
  /** A line of its own that splits a multi-line card (`?`, `??` or the vault's), and whether it reverses it. */
  const multiSep = (l: string): 'basic' | 'reversed' | undefined => {
    const t = l.trim();
    if (t === seps.multiLineReversed) return 'reversed';
    return t === seps.multiLine ? 'basic' : undefined;
  };
  const clozes = clozeRegex(settings);
  const endMarker = endMarkerOf(lines, settings);
  const isMarker = (l: string) => endMarker !== '' && l.trim() === endMarker;
  /**
   * The end-marker line that closes a card running on from line `from`, or -1 (no marker, or a
   * heading, tag or `?` line comes first: the marker then belongs to a later card). Code is skipped.
   */
  const markerAfter = (from: number): number => {
    if (endMarker === '') return -1;
    let code: Fence | undefined;
    for (let j = from; j < lines.length; j++) {
      const l = lines[j] as string;
      const inCode = code !== undefined;
      code = updateFence(l, code);
      if (inCode || code) continue;
      if (isMarker(l)) return j;
      if (HEADING.test(l) || multiSep(l) || isTagLine(l)) return -1;
    }
    return -1;
  };
  const cards: ImportCard[] = [];
  // Cards above the note's first tag take its deck, as in the plugin ("if nothing matched, then use the first one").
  let topics = firstTagTopics(lines);
  let fence: Fence | undefined;
  let fenceStart = 0;
  // Front matter (YAML between --- lines) is metadata.
  let i = 0;
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, k) => k > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (close > 0) {
      ledger.push({ from: 1, to: close + 1, kind: 'meta', reason: 'frontMatter' });
      i = close + 1;
    }
  }
  const paragraphEnd = (from: number) => {
    let j = from;
    while (j < lines.length && (lines[j] as string).trim() !== '') j++;
    return j;
  };
  const add = (from: number, to: number, question: string, answer: string, extra: Partial<ImportCard> = {}) => {
    cards.push({
      id: '',
      question: obsidianMarkup(question.trim(), false),
      answer: obsidianMarkup(answer.trim(), true),
      keyPoints: [],
      topics: [...topics],
      line: from + 1,
      ...extra,
    });
    ledger.push({ from: from + 1, to: to + 1, kind: answer.trim() || hasCloze(question) ? 'card' : 'draft' });
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    if (fence || /^ {0,3}(```|~~~)/.test(line)) {
      if (!fence) fenceStart = i;
      fence = updateFence(line, fence);
      if (!fence) ledger.push({ from: fenceStart + 1, to: i + 1, kind: 'left', reason: 'codeOutside' });
      i++;
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (SCHEDULE.test(line)) {
      ledger.push({ from: i + 1, to: i + 1, kind: 'left', reason: 'schedule' });
      i++;
      continue;
    }
    if (isTagLine(line)) {
      topics = tagTopics(line);
      ledger.push({ from: i + 1, to: i + 1, kind: 'meta', reason: 'tags' });
      i++;
      continue;
    }
    if (HEADING.test(line) || isMarker(line) || /^\s*(-{3,}|\*{3,}|\+{3,})\s*$/.test(line)) {
      ledger.push({ from: i + 1, to: i + 1, kind: 'meta', reason: HEADING.test(line) ? 'section' : 'separator' });
      i++;
      continue;
    }
    // A paragraph: find a `?`/`??` separator line or `::` cards in it.
    const end = paragraphEnd(i);
    const sep = lines.slice(i, end).findIndex((l) => multiSep(l) !== undefined);
    if (sep >= 0) {
      const at = i + sep;
      const reversed = multiSep(lines[at] as string) === 'reversed';
      const question = lines.slice(i, at).join('\n');
      // The answer runs to the end marker if there is one, else to the next blank line; a `?`
      // followed by a blank line takes the next paragraph.
      let aStart = at + 1;
      const marker = markerAfter(aStart);
      let aEnd = marker >= 0 ? marker : end;
      if (marker < 0 && aStart >= end) {
        while (aStart < lines.length && (lines[aStart] as string).trim() === '') aStart++;
        aEnd = paragraphEnd(aStart);
      }
      // The plugin writes the card's schedule (`<!--SR:...-->`) on the lines after its answer.
      let bodyEnd = aEnd;
      while (bodyEnd > aStart && (SCHEDULE.test(lines[bodyEnd - 1] as string) || (lines[bodyEnd - 1] as string).trim() === '')) {
        bodyEnd--;
      }
      const answer = lines.slice(aStart, bodyEnd).join('\n');
      const group = reversed ? `obsidian-${cards.length + 1}` : undefined;
      add(i, Math.max(bodyEnd, at + 1) - 1, question, answer, group ? { group } : {});
      if (reversed) {
        const last = cards[cards.length - 1] as ImportCard;
        cards.push({ ...last, question: obsidianMarkup(answer.trim(), false), answer: obsidianMarkup(question.trim(), true) });
      }
      for (let k = bodyEnd; k < aEnd; k++) {
        if (SCHEDULE.test(lines[k] as string)) ledger.push({ from: k + 1, to: k + 1, kind: 'left', reason: 'schedule' });
      }
      i = aEnd;
      continue;
    }
    // Lines that are not `::` cards or schedule comments form runs; a run with deletions is one
    // cloze note (to the end marker when there is one), any other run is note text.
    let run = -1;
    let next = end;
    const flushRun = (to: number) => {
      if (run < 0) return;
      let last = to;
      let note = toCloze(lines.slice(run, to).join('\n'), clozes);
      const marker = note && to === end ? markerAfter(to) : -1;
      if (marker >= 0) {
        last = marker;
        next = marker;
        note = toCloze(lines.slice(run, marker).join('\n'), clozes);
      }
      if (note) add(run, last - 1, note, '');
      else ledger.push({ from: run + 1, to: to, kind: 'left', reason: 'textOutside' });
      run = -1;
    };
    for (let k = i; k < end; k++) {
      const l = lines[k] as string;
      const m = SCHEDULE.test(l) ? undefined : splitCardLine(l, seps);
      if (m || SCHEDULE.test(l)) flushRun(k);
      if (m) {
        const sr = m.answer.indexOf('<!--SR:');
        const answer = (sr >= 0 ? m.answer.slice(0, sr) : m.answer).trim();
        if (m.reversed) {
          const group = `obsidian-${cards.length + 1}`;
          add(k, k, m.question, answer, { group });
          cards.push({
            ...(cards[cards.length - 1] as ImportCard),
            question: obsidianMarkup(answer, false),
            answer: obsidianMarkup(m.question, true),
          });
        } else add(k, k, m.question, answer);
      } else if (SCHEDULE.test(l)) {
        ledger.push({ from: k + 1, to: k + 1, kind: 'left', reason: 'schedule' });
      } else if (run < 0) run = k;
    }
    flushRun(end);
    i = next;
  }
  if (cards.length === 0) {
    problems.push(problem(file, 1, 'error', 'problem.qa.none'));
    return { decks: [], problems, ledger };
  }
  return { decks: [fileDeck(file, opts, cards, problems)], problems, ledger };
}
