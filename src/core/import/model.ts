/**
 * The model every import converter produces: decks of cards in memory, before they are written
 * as Markdown deck files. Pure: no file system, no clock.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../../errors.js';
import { derivedCardId, isCardId, isSlug, slugify } from '../deck.js';
import { type ProblemMessage, problem, problemText } from '../problems.js';
import { resolveTopic, type TopicMap } from '../topic-map.js';

/** Input formats `llm-quiz import` understands. */
export const IMPORT_FORMATS = ['deck', 'qa', 'anki', 'csv', 'obsidian', 'hashcards', 'orgdrill', 'crowdanki', 'apkg'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Largest input file read (bytes): far above any real export, small enough to hold in memory. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Most cards one import may produce, over all its decks. */
export const MAX_IMPORT_CARDS = 50_000;
/** Longest deck id accepted: it becomes a file name. */
export const MAX_DECK_ID = 64;

export interface ImportCard {
  id: string;
  /** The question; its first line becomes the card heading, further lines the question body. */
  question: string;
  /** Markdown; empty for a card without an answer (written as `draft: true`). */
  answer: string;
  keyPoints: string[];
  /** The card's own topics (slugs). */
  topics: string[];
  /** 1-based line in the input where the card came from. */
  line: number;
  /** Sibling group (a slug): cards of one note, such as the two directions of a reversed card. */
  group?: string;
}

export interface ImportDeck {
  id: string;
  title: string;
  language: string;
  topics: string[];
  description: string;
  /** Input file, as shown in messages. */
  source: string;
  /** 1-based line of the input the deck comes from (the first card, or 1). */
  line: number;
  cards: ImportCard[];
}

/** Options shared by the converters (from the command line). */
export interface ConvertOptions {
  /** `--deck-id`: the id of the (single) deck produced. */
  deckId?: string;
  /** `--topic`: extra deck topics, already validated slugs. */
  topics?: string[];
  /** Field separator of delimited text, when detection found one. */
  separator?: string;
  /** The topic vocabulary (decks/topics.yaml and user maps): section headings are mapped onto it. */
  vocabulary?: TopicMap;
  /** The Obsidian SR plugin's settings of the note's vault, when the importer found them. */
  obsidian?: ObsidianSettings;
}

/** The settings of the Obsidian Spaced Repetition plugin that change how a note reads. */
export interface ObsidianSettings {
  /** `==highlight==` is a cloze deletion (plugin default: on). */
  highlightCloze?: boolean;
  /** `{{curly}}` is a cloze deletion (plugin default: off; read by default here, as nothing else uses it in a note). */
  curlyCloze?: boolean;
  /** `**bold**` is a cloze deletion (plugin default: off: bold is ordinary emphasis). */
  boldCloze?: boolean;
  /** The line ending multi-line cards and clozes ('' = a blank line ends them, the plugin's default). */
  endMarker?: string;
  /** The card separators the vault sets (plugin defaults `::`, `:::`, `?`, `??`). */
  separators?: Partial<ObsidianSeparators>;
}

/** Where the plugin splits cards: inside a line (`q::a`, `q:::a`), or at a line of its own (`?`, `??`). */
export interface ObsidianSeparators {
  singleLine: string;
  singleLineReversed: string;
  multiLine: string;
  multiLineReversed: string;
}

/**
 * What became of one region of an input: a card, a draft (question without an answer), text
 * that only shapes the deck (front matter, titles, section headings, separators: `meta`), or
 * text left out, with the reason. Every non-blank line of an input lies in some entry.
 */
export interface LedgerEntry {
  /** 1-based first and last line. */
  from: number;
  to: number;
  kind: 'card' | 'draft' | 'meta' | 'left';
  /** Why the region was left out (or what a meta region is): a key of LEDGER_REASONS. */
  reason?: LedgerReason;
}

/** Why a region was left out or kept as meta; the text shown is in the UI message catalogue. */
export const LEDGER_REASONS = [
  'frontMatter',
  'title',
  'section',
  'separator',
  'comment',
  'header',
  'tags',
  'schedule',
  'textOutside',
  'textBetween',
  'textAfterList',
  'codeOutside',
  'listOutside',
  'quoteOutside',
  'tableOutside',
  'htmlOutside',
  'answerWithoutQuestion',
  'emptyNote',
  'notACard',
  'unsupportedCardType',
] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

export interface ConvertResult {
  decks: ImportDeck[];
  problems: Problem[];
  /** Where every region of the input went (see {@link LedgerEntry}); absent for our own deck files. */
  ledger?: LedgerEntry[];
}

/** Line numbers (1-based) of non-blank lines that no ledger entry covers: empty when the ledger is complete. */
export function uncoveredLines(text: string, ledger: LedgerEntry[]): number[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const covered = new Uint8Array(lines.length + 2);
  for (const e of ledger) for (let l = Math.max(1, e.from); l <= Math.min(lines.length, e.to); l++) covered[l] = 1;
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== '' && !covered[i + 1]) out.push(i + 1);
  });
  return out;
}

/**
 * A slug made of ASCII letters, digits and '-' only (topic and deck ids must be `[a-z0-9-]`);
 * '' when the text has no ASCII letters or digits (e.g. a Chinese-only heading).
 */
export function asciiSlug(text: string, max = 48): string {
  // Accents go with their letter (`začinima` → `zacinima`), not into a word break.
  const s = slugify(text.normalize('NFKD').replace(/\p{Mark}+/gu, ''))
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return s.slice(0, max).replace(/-+$/, '');
}

/** Strips list numbering such as `1.`, `2)`, `一、`, `第3章` from the start of a heading. */
export function stripNumbering(text: string): string {
  return text
    .replace(
      /^\s*(?:[0-9]{1,3}(?:[.．][0-9]{1,3})+[.．]?\s+|第?\s*[0-9一二三四五六七八九十百]+\s*[.、)）:：章节部分]\s*|[(（]\s*[0-9]+\s*[)）]\s*)/u,
      '',
    )
    .trim();
}

/** The deck id for a file: its name without folder and extension, as an ASCII slug. */
export function deckIdFromFileName(file: string): string {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  // A name without ASCII letters (`训练与推理.md`) still gets an id of its own.
  return asciiSlug(base, MAX_DECK_ID) || `import-${shortHash(base, 8)}`;
}

/** `zh` when a good share of the letters are CJK, else `en`. */
export function detectLanguage(samples: string[]): string {
  let cjk = 0;
  let latin = 0;
  for (const s of samples) {
    for (const ch of s.slice(0, 2000)) {
      if (/[\u3400-\u9fff]/.test(ch)) cjk++;
      else if (/[A-Za-z]/.test(ch)) latin++;
    }
  }
  // A Chinese character carries about as much as a short English word.
  return cjk * 4 >= latin && cjk > 0 ? 'zh' : 'en';
}

/** A short stable hash for ids. */
export function shortHash(text: string, len = 10): string {
  return createHash('sha1').update(text).digest('hex').slice(0, len);
}

/** Checks a deck id given on the command line or in an input; returns an error message (English) or ''. */
export function deckIdError(id: string): string {
  const why = deckIdProblem(id);
  return why ? problemText(why.key, why.params) : '';
}

/** Why a deck id is refused, as a message key for translation; undefined when it is fine. */
export function deckIdProblem(id: string): ProblemMessage | undefined {
  if (!isSlug(id)) return { key: 'problem.deckId.notSlug', params: { id: printable(id) } };
  if (id.length > MAX_DECK_ID) return { key: 'problem.deckId.tooLong', params: { id: id.slice(0, 20), max: MAX_DECK_ID } };
  return undefined;
}

/** Text safe to show in one message line: control characters made visible, length capped. */
export function printable(s: string, max = 60): string {
  const t = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/**
 * Makes card ids unique within a deck. A repeated id (the same question twice) gets `-2`, `-3`:
 * stable as long as the order of the repeats does not change. Reported as a warning.
 */
export function dedupeIds(cards: ImportCard[], file: string, problems: Problem[]): void {
  const seen = new Map<string, number>();
  // The next suffix to try per id: counting up from 2 on every repeat made 8,000 identical rows quadratic.
  const nextSuffix = new Map<string, number>();
  for (const c of cards) {
    const prev = seen.get(c.id);
    if (prev === undefined) {
      seen.set(c.id, c.line);
      continue;
    }
    let n = nextSuffix.get(c.id) ?? 2;
    while (seen.has(`${c.id.slice(0, 60)}-${n}`)) n++;
    nextSuffix.set(c.id, n + 1);
    const id = `${c.id.slice(0, 60)}-${n}`;
    problems.push(problem(file, c.line, 'warning', 'problem.import.repeat', { prev, id }));
    seen.set(id, c.line);
    c.id = id;
  }
}

/** The id a card gets from its text when the input gives none. */
export function textCardId(deckId: string, question: string): string {
  return derivedCardId(deckId, question);
}

/** Normalises an id from an input column: trimmed and lowercased; undefined when invalid. */
export function cleanCardId(raw: string): string | undefined {
  const id = raw.trim().toLowerCase();
  return isCardId(id) ? id : undefined;
}

/**
 * Turns free-form tags into topic slugs. Tags that leave nothing ASCII are dropped and
 * returned in `dropped` so the caller can report them once.
 */
export function tagsToTopics(tags: string[]): { topics: string[]; dropped: string[] } {
  const topics: string[] = [];
  const dropped: string[] = [];
  for (const tag of tags) {
    const s = asciiSlug(tag.replace(/::/g, '-'));
    if (s) {
      if (!topics.includes(s)) topics.push(s);
    } else if (tag.trim()) dropped.push(tag.trim());
  }
  return { topics, dropped };
}

/** Deck topics: the given ones plus `--topic`; the deck id when that leaves none (the format needs one). */
export function deckTopics(own: string[], opts: ConvertOptions, deckId: string): string[] {
  const all = [...new Set([...own, ...(opts.topics ?? [])])].filter((t) => isSlug(t));
  return all.length > 0 ? all : [deckId];
}

/**
 * The one deck a single-deck format (Obsidian notes, hashcards, org-drill) makes from a file:
 * ids derived from the question where the card has none, repeats made unique, language guessed.
 */
export function fileDeck(
  file: string,
  opts: ConvertOptions,
  cards: ImportCard[],
  problems: Problem[],
  info: { title?: string; topics?: string[]; description?: string } = {},
): ImportDeck {
  const id = opts.deckId ?? deckIdFromFileName(file);
  for (const c of cards) if (!c.id) c.id = textCardId(id, c.question);
  dedupeIds(cards, file, problems);
  const name = file.split(/[\\/]/).pop() ?? file;
  return {
    id,
    title: info.title ?? name.replace(/\.[^.]*$/, ''),
    language: detectLanguage(cards.slice(0, 50).map((c) => c.question + c.answer)),
    topics: deckTopics(info.topics ?? [], opts, id),
    description: info.description ?? `${cards.length} cards imported from ${name}.`,
    source: file,
    line: cards[0]?.line ?? 1,
    cards,
  };
}

/**
 * The ledger of a record-per-card format (delimited text): lines before the first record are the
 * header, each record runs to the line before the next one, and is a card, a draft, or left out
 * (a record no card came from, such as one with an empty question).
 */
export function recordLedger(
  recordLines: number[],
  cards: ImportCard[],
  totalLines: number,
  skipped: LedgerReason = 'emptyNote',
): LedgerEntry[] {
  const made = new Map<number, ImportCard>();
  for (const c of cards) if (!made.has(c.line)) made.set(c.line, c);
  const starts = [...new Set(recordLines)].sort((a, b) => a - b);
  const out: LedgerEntry[] = [];
  if ((starts[0] ?? totalLines + 1) > 1)
    out.push({ from: 1, to: (starts[0] ?? totalLines + 1) - 1, kind: 'meta', reason: 'header' });
  starts.forEach((from, k) => {
    const to = (starts[k + 1] ?? totalLines + 1) - 1;
    const c = made.get(from);
    if (!c) out.push({ from, to, kind: 'left', reason: skipped });
    else out.push({ from, to, kind: c.answer.trim() || c.question.includes('{{c') ? 'card' : 'draft' });
  });
  return out;
}

/**
 * A section heading as a topic of the vocabulary: its ASCII slug when that names a topic or an
 * alias (`## 3. Inference 推理` → `inference`, `## PTQ` → `quantization`), else a word of it that
 * does (`## Attention and KV cache` → `attention`), else the slug itself; '' when there is none
 * worth keeping (no letters, or a single letter or number left by numbering such as `b)`).
 */
export function headingTopic(heading: string, vocabulary?: TopicMap): string {
  // `Part 1: Core concepts`, `Chapter IV. Decoding`: the label and its number are numbering too.
  const unlabelled = heading
    .replace(/[*_`]/g, '')
    .replace(/^\s*(?:part|chapter|section|lesson|unit|module)\s+(?:[0-9]{1,3}|[ivxlc]{1,6})\b\s*[.:：)—–-]?\s*/i, '');
  const text = stripNumbering(unlabelled).trim();
  const slug = asciiSlug(text);
  const useful = slug.length >= 2 && /[a-z]/.test(slug) ? slug : '';
  if (!vocabulary) return useful;
  const known = useful ? resolveTopic(vocabulary, useful) : undefined;
  if (known) return known;
  // Each word of the heading may be a topic or alias (`## Attention and KV cache` → attention).
  for (const word of useful.split('-')) {
    const t = word.length >= 3 ? resolveTopic(vocabulary, word) : undefined;
    if (t) return t;
  }
  return useful;
}

/**
 * A deck too big for one deck file (more than `maxCards` cards, or text over `maxBytes`) split
 * into parts in card order: `<id>`, `<id>-part-2`, ... Card ids do not change, so splitting
 * (or a part boundary moving) never detaches progress. The size of a card is estimated from its
 * text, with room for the Markdown around it.
 */
export function splitDeck(deck: ImportDeck, maxCards: number, maxBytes: number): ImportDeck[] {
  const size = (c: ImportCard) =>
    Buffer.byteLength(c.question + c.answer + c.keyPoints.join('\n'), 'utf8') + 200 + c.topics.join(',').length;
  const parts: ImportCard[][] = [[]];
  let bytes = 4096;
  for (const c of deck.cards) {
    const s = size(c);
    const cur = parts[parts.length - 1] as ImportCard[];
    if (cur.length > 0 && (cur.length >= maxCards || bytes + s > maxBytes)) {
      parts.push([c]);
      bytes = 4096 + s;
    } else {
      cur.push(c);
      bytes += s;
    }
  }
  if (parts.length === 1) return [deck];
  return parts.map((cards, i) => ({
    ...deck,
    id: i === 0 ? deck.id : `${deck.id.slice(0, MAX_DECK_ID - 8)}-part-${i + 1}`,
    title: `${deck.title} (${i + 1}/${parts.length})`,
    line: cards[0]?.line ?? deck.line,
    cards,
  }));
}

/**
 * The problems of a multi-deck source (Anki, CrowdAnki): none of its notes made a card, or
 * `--deck-id` was given for several decks. Pushed onto `problems`; true when any was found.
 */
export function deckCountProblems(
  decks: ImportDeck[],
  file: string,
  line: number,
  opts: ConvertOptions,
  problems: Problem[],
): boolean {
  if (decks.length === 0) problems.push(problem(file, line, 'error', 'problem.anki.noNotes'));
  if (opts.deckId && decks.length > 1) {
    const list = decks
      .slice(0, 3)
      .map((d) => d.title)
      .join(', ');
    problems.push(problem(file, line, 'error', 'problem.anki.deckIdMany', { n: decks.length, list }));
  }
  return decks.length === 0 || (opts.deckId !== undefined && decks.length > 1);
}
