import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Problem, ProblemParams } from '../errors.js';
import { expandCloze, hasCloze } from './cloze.js';
import { cardLimitProblems, isBlank, MAX_META_LINES } from './limits.js';
import { readPlainYaml } from './plain-yaml.js';
import { type ProblemKey, problem } from './problems.js';

/** One flashcard, as parsed from a deck file. */
export interface Card {
  id: string;
  deckId: string;
  deckTitle: string;
  file: string;
  /** 1-based line of the card's `## ` heading. */
  line: number;
  /** The heading text: the question in one line. */
  question: string;
  /** Extra question Markdown under the heading (may be empty). */
  questionBody: string;
  answer: string;
  keyPoints: string[];
  /** The optional `### Details` section: derivations, extra detail, sources (shown on a key). */
  details?: string;
  /** Ids of the cards an interviewer would ask next (`follow-up:` metadata). */
  followUps?: string[];
  /** The question of the deck's other language edition (`deck_language both`). */
  altQuestion?: string;
  /** The card's own topics plus its deck's, deduplicated, lowercase. */
  topics: string[];
  level?: number;
  seeds: number[];
  group?: string;
  runnable?: string;
  /** True when the card has no answer yet (imported question lists). */
  draft: boolean;
  /** True when the id was derived from the text (no `id:` in the file). */
  idDerived: boolean;
  /** For a card made from a cloze note (docs/deck-format.md): the deletion number it asks. */
  cloze?: number;
}

export interface DeckMeta {
  id: string;
  title: string;
  language: string;
  topics: string[];
  description: string;
  version?: number;
}

export interface Deck {
  meta: DeckMeta;
  file: string;
  cards: Card[];
}

export interface ParseResult {
  /** Undefined when the deck has an error that makes it unusable. */
  deck?: Deck;
  problems: Problem[];
}

export const MAX_DECK_BYTES = 2 * 1024 * 1024;
export const MAX_CARDS_PER_DECK = 5000;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const CARD_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const DECK_KEYS = new Set(['id', 'title', 'language', 'topics', 'description', 'version']);
const CARD_KEYS = new Set(['id', 'topics', 'level', 'seed', 'group', 'runnable', 'draft', 'follow-up']);
const ANSWER_HEADING = /^###\s+(answer|答案)\s*#*\s*$/i;
const KEYPOINTS_HEADING = /^###\s+(key points|要点)\s*#*\s*$/i;
const DETAILS_HEADING = /^###\s+(details|详解)\s*#*\s*$/i;
const CARD_HEADING = /^##\s+(.*?)(?:\s+#+)?\s*$/;
const FM_CLOSE = /^(---|\.\.\.)\s*$/;
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const META_START = /^\s*<!--/;
const KEY_POINT = /^[-*+]\s+(.*)$/;
const CONTINUATION = /^\s+\S/;

/** True for a lowercase topic or deck slug. */
export function isSlug(s: string): boolean {
  return SLUG.test(s);
}

/** True for a valid card id. */
export function isCardId(s: string): boolean {
  return CARD_ID.test(s);
}

/** Turns free text into a lowercase slug (`Deep Learning!` → `deep-learning`); '' if nothing is left. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
    .replace(/[^a-z0-9\u3400-\u9fff-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The id a card gets when its file gives none: stable while deck id and question are unchanged. */
export function derivedCardId(deckId: string, question: string): string {
  const norm = question.replace(/\s+/g, ' ').trim();
  return `c-${createHash('sha1').update(`${deckId}\n${norm}`).digest('hex').slice(0, 10)}`;
}

type Matter = typeof import('gray-matter');
let matterFn: Matter | undefined;
/**
 * gray-matter (and js-yaml) load on first use. In the bundle `require` exists, so esbuild inlines
 * them (evaluated only on this first call) and the published package has no run-time dependency;
 * the ES module source run by tests and tsx has only createRequire.
 */
export function matter(): Matter {
  matterFn ??= (typeof require === 'function' ? require('gray-matter') : createRequire(import.meta.url)('gray-matter')) as Matter;
  return matterFn;
}

function throwingEngine(): never {
  throw new Error('executable front matter is not allowed');
}

/** Front matter is YAML only; anything else is never handed to an engine that could run it. */
export const MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    js: throwingEngine,
    javascript: throwingEngine,
    coffee: throwingEngine,
    coffeescript: throwingEngine,
    cson: throwingEngine,
    toml: throwingEngine,
    json: throwingEngine,
  },
} as const;

export interface Fence {
  char: string;
  len: number;
}

/** Tracks fenced code blocks line by line (``` or ~~~, closed by a run at least as long); returns the new fence state. */
export function updateFence(line: string, fence: Fence | undefined): Fence | undefined {
  // Most lines are told by a char test: a fence line has ` or ~ after at most 3 spaces.
  let k = 0;
  while (k < 3 && line.charCodeAt(k) === 32) k++;
  const c = line.charCodeAt(k);
  if (c !== 96 && c !== 126) return fence;
  const m = FENCE_LINE.exec(line);
  if (!m) return fence;
  const marker = m[1] as string;
  if (!fence) {
    if (marker[0] === '`' && (m[2] ?? '').includes('`')) return fence;
    return { char: marker[0] as string, len: marker.length };
  }
  if (marker[0] === fence.char && marker.length >= fence.len && (m[2] ?? '').trim() === '') {
    return undefined;
  }
  return fence;
}

/** Parses `key: value; key: value` inside a metadata comment. */
function parseMetaComment(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  // Parts end at `;` or a line break; a one-line comment is cut with indexOf, not a regex.
  const parts = text.includes('\n') ? text.split(/[;\n]/) : text.split(';');
  for (const part of parts) {
    const t = part.trim();
    if (!t) continue;
    const i = t.indexOf(':');
    if (i < 0) out.push([t.toLowerCase(), 'true']);
    else out.push([t.slice(0, i).trim().toLowerCase(), t.slice(i + 1).trim()]);
  }
  return out;
}

/** A comma-separated list, items trimmed, empty ones dropped. */
function splitList(v: string): string[] {
  if (!v.includes(',')) {
    const t = v.trim();
    return t ? [t] : [];
  }
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The card's own topics then its deck's, each once (first place kept). */
function mergeTopics(own: string[], deck: string[]): string[] {
  if (own.length === 0) return deck.slice();
  return [...new Set([...own, ...deck])];
}

interface FrontMatter {
  data: Record<string, unknown>;
  /** Index (0-based) of the first body line in the file. */
  bodyStart: number;
}

function readFrontMatter(lines: string[], file: string, problems: Problem[]): FrontMatter | undefined {
  const first = lines[0] ?? '';
  const open = /^---\s*(\S*)\s*$/.exec(first.replace(/^\uFEFF/, ''));
  if (!open) {
    problems.push(problem(file, 1, 'error', 'problem.deck.noFrontMatter'));
    return undefined;
  }
  const lang = (open[1] ?? '').toLowerCase();
  if (lang !== '' && lang !== 'yaml' && lang !== 'yml') {
    problems.push(problem(file, 1, 'error', 'problem.deck.fmLanguage', { lang: open[1] ?? '' }));
    return undefined;
  }
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    // A char test first: the regex runs only on lines starting with `-` or `.`.
    const c = (lines[i] as string).charCodeAt(0);
    if ((c === 45 || c === 46) && FM_CLOSE.test(lines[i] as string)) {
      close = i;
      break;
    }
  }
  if (close < 0) {
    problems.push(problem(file, 1, 'error', 'problem.deck.fmNotClosed'));
    return undefined;
  }
  // Plain front matter is read without js-yaml (core/plain-yaml.ts); the rest goes to gray-matter.
  const plain = first === '---' && lines[close] === '---' ? readPlainYaml(lines, 1, close) : undefined;
  if (plain) return { data: plain, bodyStart: close + 1 };
  let data: unknown;
  try {
    // Only the front matter goes to gray-matter; options are always passed so its cache is bypassed.
    const fmText = lines.slice(0, close + 1).join('\n');
    data = matter()(`${fmText}\n`, MATTER_OPTIONS as never).data;
  } catch (e) {
    const err = e as { mark?: { line?: number }; reason?: string; message?: string };
    // gray-matter hands js-yaml the text from the end of the `---` line, so its 0-based line 0
    // is file line 1: +1, not +2 (errors pointed one line too late). Kept inside the front matter.
    const line = typeof err.mark?.line === 'number' ? Math.min(Math.max(err.mark.line + 1, 2), close + 1) : 1;
    const reason = (err.reason ?? err.message ?? String(e)).split('\n')[0] ?? '';
    problems.push(problem(file, line, 'error', 'problem.deck.fmYaml', { reason }));
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(problem(file, 2, 'error', 'problem.deck.fmNotMapping'));
    return undefined;
  }
  return { data: data as Record<string, unknown>, bodyStart: close + 1 };
}

function fmLine(lines: string[], key: string): number {
  const re = new RegExp(`^${key}\\s*:`);
  const i = lines.findIndex((l) => re.test(l));
  return i >= 0 ? i + 1 : 1;
}

function readDeckMeta(fm: FrontMatter, lines: string[], file: string, problems: Problem[]): DeckMeta | undefined {
  const d = fm.data;
  let ok = true;
  const err = (field: string, key: ProblemKey, params: ProblemParams = {}) => {
    problems.push(problem(file, fmLine(lines, field), 'error', key, params));
    ok = false;
  };
  for (const key of Object.getOwnPropertyNames(d)) {
    if (FORBIDDEN_KEYS.has(key)) err(key, 'problem.deck.fmForbiddenKey', { name: key });
    else if (!DECK_KEYS.has(key)) {
      const known = [...DECK_KEYS].join(', ');
      problems.push(problem(file, fmLine(lines, key), 'warning', 'problem.deck.fmUnknownKey', { name: key, known }));
    }
  }
  const str = (key: string): string | undefined => {
    const v = Object.hasOwn(d, key) ? d[key] : undefined;
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
    err(key, 'problem.deck.fmMissing', { name: key });
    return undefined;
  };
  const id = str('id');
  if (id !== undefined && !isSlug(id)) {
    err('id', 'problem.deck.badId', { id, suggest: slugify(id) || 'my-deck' });
  }
  const title = str('title');
  const language = str('language');
  const description = str('description');
  let topics: string[] = [];
  const rawTopics = Object.hasOwn(d, 'topics') ? d.topics : undefined;
  if (Array.isArray(rawTopics) && rawTopics.length > 0 && rawTopics.every((t) => typeof t === 'string')) {
    topics = rawTopics as string[];
  } else if (typeof rawTopics === 'string' && rawTopics.trim()) {
    topics = splitList(rawTopics);
  } else {
    err('topics', 'problem.deck.noTopics');
  }
  for (const t of topics) {
    if (!isSlug(t)) err('topics', 'problem.deck.badTopic', { topic: t, suggest: slugify(t) || 'topic' });
  }
  let version: number | undefined;
  if (Object.hasOwn(d, 'version')) {
    if (typeof d.version === 'number' && Number.isInteger(d.version) && d.version >= 0) version = d.version;
    else err('version', 'problem.deck.badVersion');
  }
  if (!ok || !id || !title || !language || !description) return undefined;
  return { id, title, language, topics: [...new Set(topics)], description, ...(version !== undefined ? { version } : {}) };
}

/** A card as located in the raw file, before validation; used by `check --fix` too. */
export interface RawCard {
  headingLine: number;
  question: string;
  /** 0-based index range of the metadata comment lines, if any. */
  metaStart?: number;
  metaEnd?: number;
  meta: Array<[string, string]>;
  /** The metadata comment was not closed within MAX_META_LINES lines. */
  metaUnclosed?: boolean;
  questionBody: string[];
  answer?: string[];
  answerLine?: number;
  keyPoints?: string[];
  details?: string[];
}

/**
 * A card as located in the raw file, its blocks as 0-based line ranges [from, to) of the file's
 * lines (a range with from = -1 is absent). Each section is one run of lines: a section entered
 * again starts afresh, as RawCard's arrays do.
 */
interface CardSpans {
  headingLine: number;
  question: string;
  metaStart: number | undefined;
  metaEnd: number | undefined;
  meta: Array<[string, string]>;
  metaUnclosed: boolean;
  bodyFrom: number;
  bodyTo: number;
  answerFrom: number;
  answerTo: number;
  answerLine: number | undefined;
  keyPoints: string[] | undefined;
  detailsFrom: number;
  detailsTo: number;
}

/** The metadata of a card without a comment (never written to: a comment replaces it). */
const NO_META: Array<[string, string]> = [];

/** The range of `lines` (or undefined when absent), as RawCard's arrays. */
function span(lines: string[], from: number, to: number): string[] | undefined {
  return from < 0 ? undefined : lines.slice(from, to);
}

/** Splits the body of a deck into raw cards. `lines` are the whole file; `start` is the first body line. */
export function scanCards(lines: string[], start: number): RawCard[] {
  return scanSpans(lines, start).map((c) => {
    const meta = c.meta === NO_META ? [] : c.meta;
    const raw: RawCard = { headingLine: c.headingLine, question: c.question, meta, questionBody: [] };
    if (c.metaUnclosed) raw.metaUnclosed = true;
    if (c.metaStart !== undefined) {
      raw.metaStart = c.metaStart;
      raw.metaEnd = c.metaEnd as number;
    }
    raw.questionBody = lines.slice(c.bodyFrom, c.bodyTo);
    const answer = span(lines, c.answerFrom, c.answerTo);
    if (answer) {
      raw.answer = answer;
      raw.answerLine = c.answerLine as number;
    }
    if (c.keyPoints) raw.keyPoints = c.keyPoints;
    const details = span(lines, c.detailsFrom, c.detailsTo);
    if (details) raw.details = details;
    return raw;
  });
}

type Section = 'question' | 'answer' | 'keypoints' | 'details';

/** Ends the card's current section at line `i` (exclusive). */
function closeSection(cur: CardSpans, section: Section, i: number): void {
  if (section === 'question') cur.bodyTo = i;
  else if (section === 'answer') cur.answerTo = i;
  else if (section === 'details') cur.detailsTo = i;
}

/**
 * The metadata comment right after a heading (may span lines): looks for `-->` line by line, and
 * only so far: an unclosed `<!--` used to be re-searched from its start on every line (quadratic)
 * and swallowed the rest of the file. Returns the index of the comment's last line.
 */
function readMetaComment(lines: string[], i: number, cur: CardSpans): number {
  let j = i + 1;
  while (!(lines[j] as string).includes('-->') && j + 1 < lines.length && j - i < MAX_META_LINES) j++;
  if (!(lines[j] as string).includes('-->')) {
    cur.metaUnclosed = true;
    j = i + 1;
  }
  const text = j === i + 1 ? (lines[j] as string) : lines.slice(i + 1, j + 1).join('\n');
  cur.meta = parseMetaComment(commentInner(text));
  cur.metaStart = i + 1;
  cur.metaEnd = j;
  return j;
}

/** True for a character of a regex's `\s` (JS white space and line terminators). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/**
 * A metadata comment without its `<!--` (and the white space before it) and its final `-->`
 * (with the white space after it): `text.replace(/^\s*<!--/, '').replace(/-->\s*$/, '')`, without
 * the regexes. The text is known to start with white space and `<!--`.
 */
function commentInner(text: string): string {
  const inner = text.slice(text.indexOf('<!--') + 4);
  let e = inner.length;
  while (e > 0 && isSpace(inner.charCodeAt(e - 1))) e--;
  return e >= 3 && inner.startsWith('-->', e - 3) ? inner.slice(0, e - 3) : inner;
}

/** Key-point lines: a `- ` item, or an indented line continuing the item before. */
function addKeyPointLine(points: string[], line: string): void {
  const c = line.charCodeAt(0);
  if (c === 45 || c === 42 || c === 43) {
    const kp = KEY_POINT.exec(line);
    if (kp) {
      points.push(kp[1] as string);
      return;
    }
  }
  if (points.length > 0 && isSpace(c) && CONTINUATION.test(line)) {
    const last = points.length - 1;
    points[last] = `${points[last]} ${line.trim()}`;
  }
}

/**
 * One pass over the body: card headings, metadata comments, sections and fences. Headings are
 * told by a char test (`#`) before any regex runs, and section lines are kept as ranges.
 */
function scanSpans(lines: string[], start: number): CardSpans[] {
  const cards: CardSpans[] = [];
  let cur: CardSpans | undefined;
  let section: Section = 'question';
  let fence: Fence | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!fence && line.charCodeAt(0) === 35 && line.charCodeAt(1) === 35) {
      if (line.charCodeAt(2) !== 35) {
        const h = CARD_HEADING.exec(line);
        if (h) {
          if (cur) closeSection(cur, section, i);
          // Every field set here, so that all cards share one shape.
          cur = {
            headingLine: i + 1,
            question: h[1] ?? '',
            metaStart: undefined,
            metaEnd: undefined,
            meta: NO_META,
            metaUnclosed: false,
            answerLine: undefined,
            keyPoints: undefined,
            bodyFrom: i + 1,
            bodyTo: lines.length,
            answerFrom: -1,
            answerTo: -1,
            detailsFrom: -1,
            detailsTo: -1,
          };
          cards.push(cur);
          section = 'question';
          const next = lines[i + 1];
          if (next !== undefined && META_START.test(next)) {
            i = readMetaComment(lines, i, cur);
            cur.bodyFrom = i + 1;
          }
          continue;
        }
      } else if (cur) {
        const to = nextSection(line, section);
        if (to) {
          closeSection(cur, section, i);
          section = to;
          if (to === 'answer') {
            cur.answerFrom = i + 1;
            cur.answerTo = lines.length;
            cur.answerLine = i + 1;
          } else if (to === 'keypoints') cur.keyPoints = [];
          else {
            cur.detailsFrom = i + 1;
            cur.detailsTo = lines.length;
          }
          continue;
        }
      }
    }
    fence = updateFence(line, fence);
    if (cur && section === 'keypoints') addKeyPointLine(cur.keyPoints as string[], line);
  }
  return cards;
}

/** The section a `###` heading line starts, or undefined when it starts none from `section`. */
function nextSection(line: string, section: Section): Section | undefined {
  if (section === 'question' && ANSWER_HEADING.test(line)) return 'answer';
  if (section !== 'keypoints' && KEYPOINTS_HEADING.test(line)) return 'keypoints';
  if (section !== 'details' && section !== 'question' && DETAILS_HEADING.test(line)) return 'details';
  return undefined;
}

/** The lines [from, to) with blank lines at both ends dropped, joined. */
function trimBlock(lines: string[], from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isBlank(lines[a] as string)) a++;
  while (b > a && isBlank(lines[b - 1] as string)) b--;
  if (b - a <= 1) return a === b ? '' : (lines[a] as string);
  return lines.slice(a, b).join('\n');
}

/** Splits text into lines, dropping `\r` of CRLF files. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
}

/**
 * Parses one deck file's text. Pure: never touches the file system, never runs code.
 * Problems carry the file name given and 1-based lines.
 */
export function parseDeck(text: string, file: string): ParseResult {
  const problems: Problem[] = [];
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short texts need no byte count.
  if (text.length * 3 > MAX_DECK_BYTES && Buffer.byteLength(text, 'utf8') > MAX_DECK_BYTES) {
    problems.push(problem(file, 0, 'error', 'problem.deck.tooBig', { max: MAX_DECK_BYTES / 1024 / 1024 }));
    return { problems };
  }
  const lines = splitLines(text);
  const fm = readFrontMatter(lines, file, problems);
  if (!fm) return { problems };
  const meta = readDeckMeta(fm, lines, file, problems);
  if (!meta) return { problems };

  const raws = scanSpans(lines, fm.bodyStart);
  if (raws.length > MAX_CARDS_PER_DECK) {
    problems.push(problem(file, 0, 'error', 'problem.deck.tooManyCards', { n: raws.length, max: MAX_CARDS_PER_DECK }));
    return { problems };
  }
  if (raws.length === 0) {
    problems.push(problem(file, fm.bodyStart + 1, 'warning', 'problem.deck.noCards'));
  }
  const cards: Card[] = [];
  const seen = new Map<string, number>();
  for (const raw of raws) {
    const built = buildCard(lines, raw, meta, file, problems);
    if (!built) continue;
    // A cloze note is one card per deletion (src/core/cloze.ts).
    for (const card of expandCloze(built)) {
      const prev = seen.get(card.id);
      if (prev !== undefined) {
        problems.push(problem(file, card.line, 'error', 'problem.deck.dupCard', { id: card.id, where: `${file}:${prev}` }));
        continue;
      }
      seen.set(card.id, card.line);
      cards.push(card);
    }
  }
  return { deck: { meta, file, cards }, problems };
}

function buildCard(lines: string[], raw: CardSpans, deck: DeckMeta, file: string, problems: Problem[]): Card | undefined {
  const line = raw.headingLine;
  const metaLine = raw.metaStart !== undefined ? raw.metaStart + 1 : line;
  let bad = false;
  const error = (key: ProblemKey, params: ProblemParams, at = line) => {
    problems.push(problem(file, at, 'error', key, params));
    bad = true;
  };
  const question = raw.question.trim();
  if (!question) error('problem.card.noQuestion', {});
  // Text the renderer would choke on, and metadata beyond its limits (core/limits.ts).
  for (const p of cardLimitProblems(lines, raw, file)) error(p.key as ProblemKey, p.params ?? {}, p.line);
  if (bad) return undefined;
  // The known keys go to locals (a later duplicate wins); no object keyed by file text.
  let metaId: string | undefined;
  let topics: string | undefined;
  let levelText: string | undefined;
  let seed: string | undefined;
  let group: string | undefined;
  let runnable: string | undefined;
  let draftText: string | undefined;
  let followUp: string | undefined;
  for (const [k, v] of raw.meta) {
    if (FORBIDDEN_KEYS.has(k)) error('problem.card.forbiddenKey', { name: k }, metaLine);
    else if (k === 'id') metaId = v;
    else if (k === 'topics') topics = v;
    else if (k === 'level') levelText = v;
    else if (k === 'seed') seed = v;
    else if (k === 'group') group = v;
    else if (k === 'runnable') runnable = v;
    else if (k === 'draft') draftText = v;
    else if (k === 'follow-up') followUp = v;
    else {
      const known = [...CARD_KEYS].join(', ');
      problems.push(problem(file, metaLine, 'warning', 'problem.card.unknownKey', { name: k, known }));
    }
  }
  let id = metaId;
  let idDerived = false;
  if (id === undefined) {
    id = derivedCardId(deck.id, question);
    idDerived = true;
    problems.push(problem(file, line, 'warning', 'problem.card.noId', { id }));
  } else if (!isCardId(id)) {
    error('problem.card.badId', { id }, metaLine);
  }
  const ownTopics = topics !== undefined ? splitList(topics) : [];
  for (const t of ownTopics) {
    if (!isSlug(t)) error('problem.deck.badTopic', { topic: t, suggest: slugify(t) || 'topic' }, metaLine);
  }
  let level: number | undefined;
  if (levelText !== undefined) {
    level = Number(levelText);
    if (level !== 1 && level !== 2 && level !== 3) error('problem.card.badLevel', { level: levelText }, metaLine);
  }
  const seeds: number[] = [];
  if (seed !== undefined) {
    for (const s of splitList(seed)) {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1) error('problem.card.badSeed', { seed: s }, metaLine);
      else seeds.push(n);
    }
  }
  if (group !== undefined && !isSlug(group)) error('problem.card.badGroup', { group }, metaLine);
  const followUps = followUp !== undefined ? splitList(followUp) : [];
  for (const f of followUps) if (!isCardId(f)) error('problem.card.badFollowUp', { id: f }, metaLine);
  if (runnable !== undefined && runnable !== 'python') error('problem.card.badRunnable', { value: runnable }, metaLine);
  const draft = draftText === 'true';
  if (draftText !== undefined && draftText !== 'true' && draftText !== 'false') {
    error('problem.card.badDraft', { value: draftText }, metaLine);
  }
  const hasAnswer = raw.answerFrom >= 0;
  const answer = hasAnswer ? trimBlock(lines, raw.answerFrom, raw.answerTo) : '';
  if (!answer && !draft && !hasCloze(`${question}\n${lines.slice(raw.bodyFrom, raw.bodyTo).join('\n')}`)) {
    error(hasAnswer ? 'problem.card.emptyAnswer' : 'problem.card.noAnswer', {}, raw.answerLine ?? line);
  }
  if (bad) return undefined;
  // Built key by key, in the order `list --json` has always printed.
  const card: Card = {
    id,
    deckId: deck.id,
    deckTitle: deck.title,
    file,
    line,
    question,
    questionBody: trimBlock(lines, raw.bodyFrom, raw.bodyTo),
    answer,
    keyPoints: raw.keyPoints ?? [],
  } as Card;
  const details = raw.detailsFrom >= 0 ? trimBlock(lines, raw.detailsFrom, raw.detailsTo) : '';
  if (details) card.details = details;
  if (followUps.length > 0) card.followUps = followUps;
  card.topics = mergeTopics(ownTopics, deck.topics);
  if (level !== undefined) card.level = level;
  card.seeds = seeds;
  if (group !== undefined) card.group = group;
  if (runnable !== undefined) card.runnable = runnable;
  card.draft = draft;
  card.idDerived = idDerived;
  return card;
}

/**
 * Writes derived ids into a deck's text for cards that have none, changing nothing else:
 * a new metadata comment line is inserted under the heading, or `id: X; ` is put at the
 * start of an existing comment. Returns the new text and how many ids were added.
 */
export function fixMissingIds(text: string, file: string): { text: string; added: number } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  const { deck } = parseDeck(text, file);
  if (!deck) return { text, added: 0 };
  // A cloze note's cards share its line; the id written is the note's (without `.cN`).
  const derived = new Map(
    deck.cards.filter((c) => c.idDerived).map((c) => [c.line, c.cloze ? c.id.replace(/\.c\d+$/, '') : c.id]),
  );
  if (derived.size === 0) return { text, added: 0 };
  const fmEnd = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  const raws = scanCards(lines, fmEnd + 1);
  // Apply from the bottom up so earlier line numbers stay valid.
  let added = 0;
  for (const raw of [...raws].reverse()) {
    const id = derived.get(raw.headingLine);
    if (!id) continue;
    if (raw.metaStart !== undefined) {
      lines[raw.metaStart] = (lines[raw.metaStart] as string).replace(/<!--\s*/, `<!-- id: ${id}; `);
    } else {
      lines.splice(raw.headingLine, 0, `<!-- id: ${id} -->`);
    }
    added++;
  }
  return { text: lines.join(eol), added };
}
