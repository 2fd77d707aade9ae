/**
 * Export formats of a user's progress, and the parser of a json export. Pure: data in, text out.
 *
 * - json: everything needed to restore a user elsewhere (settings, card states, every event).
 * - csv: one row per review, for spreadsheets and pandas.
 * - anki: the cards as an Anki "notes in plain text" file (tab-separated, `#` header lines).
 */
import { Marked, type Tokens } from 'marked';
import type { Card } from './deck.js';
import {
  type CardProgress,
  compareEvents,
  type ProgressEvent,
  type ReviewEvent,
  STATE_NAMES,
  undoneIds,
  validateEvent,
} from './progress.js';
import type { Settings } from './scheduler.js';

/** The `format` of a json export, and the version of its layout. */
export const EXPORT_FORMAT = 'llm-quiz-progress';
export const EXPORT_SCHEMA = 1;

export interface ProgressExport {
  format: typeof EXPORT_FORMAT;
  schema: number;
  exportedAt: string;
  /** Version of the program that wrote the export. */
  program: string;
  user: string;
  settings: Settings;
  /** Card states derived from `events` (informative: an import folds the events again). */
  cards: Record<string, CardProgress>;
  /** Every event of every log, each once, in (time, id) order. */
  events: ProgressEvent[];
}

/**
 * Formats a json export: one event (and one card) per line, so a large history stays readable,
 * diffable and quick to write, while the whole file is still one JSON document.
 */
export function formatJsonExport(x: ProgressExport): string {
  const events = [...x.events].sort(compareEvents).map((e) => JSON.stringify(e));
  return [...jsonExportChunks(x, events)].join('');
}

/**
 * The text of a json export a piece at a time (formatJsonExport's, joined), so a history of a
 * million events is written as it is read: `events` are the events as JSON, in (time, id) order.
 */
export function* jsonExportChunks(x: Omit<ProgressExport, 'events'>, events: Iterable<string>): Generator<string> {
  const head = {
    format: x.format,
    schema: x.schema,
    exportedAt: x.exportedAt,
    program: x.program,
    user: x.user,
    settings: x.settings,
  };
  const headText = JSON.stringify(head, null, 2).slice(0, -2); // without the closing "\n}"
  const cards = Object.keys(x.cards)
    .sort()
    .map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(x.cards[id])}`);
  yield `${headText},\n  "cards": ${cards.length ? `{\n${cards.join(',\n')}\n  }` : '{}'},\n  "events": `;
  let first = true;
  for (const e of events) {
    yield `${first ? '[\n' : ',\n'}    ${e}`;
    first = false;
  }
  yield first ? '[]\n}\n' : '\n  ]\n}\n';
}

/** What an import needs from a json export, validated. */
export interface ParsedExport {
  schema: number;
  user?: string;
  exportedAt?: string;
  /** The raw settings object (normalise before use), if the export had one. */
  settings?: Record<string, unknown>;
  events: ProgressEvent[];
}

// Only `__proto__` can change an object's prototype. `constructor` and `prototype` are valid card
// ids (a backup holding one could not be imported); the parsed keys only ever go into Maps.
const FORBIDDEN_KEYS = new Set(['__proto__']);

class ForbiddenKey extends Error {}

/**
 * Parses and validates a json export (untrusted input). Keys that could reach an object's
 * prototype are refused outright; every event must pass `validateEvent`, and the first that
 * does not is named by its index. Returns the export or a one-line reason.
 */
export function parseProgressExport(text: string): ParsedExport | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKey(key);
      return value;
    });
  } catch (e) {
    if (e instanceof ForbiddenKey) return `contains a '${e.message}' key, which is never valid here`;
    return `not valid JSON (${(e as Error).message})`;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const o = raw as Record<string, unknown>;
  if (o.format !== EXPORT_FORMAT) return `not an llm-quiz progress export (format is ${JSON.stringify(o.format ?? null)})`;
  if (typeof o.schema !== 'number' || !Number.isInteger(o.schema) || o.schema < 1) return "missing or invalid 'schema'";
  if (o.schema > EXPORT_SCHEMA) {
    return `written by a newer llm-quiz (export schema ${o.schema}; this version reads up to ${EXPORT_SCHEMA}); upgrade llm-quiz`;
  }
  if (!Array.isArray(o.events)) return "missing 'events' list";
  if (o.settings !== undefined && (o.settings === null || typeof o.settings !== 'object' || Array.isArray(o.settings))) {
    return "'settings' is not an object";
  }
  const events: ProgressEvent[] = [];
  for (let i = 0; i < o.events.length; i++) {
    const ev = validateEvent(o.events[i]);
    if (typeof ev === 'string') {
      const id = (o.events[i] as { id?: unknown } | null)?.id;
      return `event ${i}${typeof id === 'string' ? ` (id ${JSON.stringify(id.slice(0, 80))})` : ''}: ${ev}`;
    }
    events.push(ev);
  }
  return {
    schema: o.schema,
    ...(typeof o.user === 'string' ? { user: o.user } : {}),
    ...(typeof o.exportedAt === 'string' ? { exportedAt: o.exportedAt } : {}),
    ...(o.settings ? { settings: o.settings as Record<string, unknown> } : {}),
    events,
  };
}

// ---------------------------------------------------------------------------------------------
// csv

export const CSV_COLUMNS = [
  'review_id',
  'time',
  'card_id',
  'deck',
  'question',
  'rating',
  'rating_name',
  'state_before',
  'state_after',
  'stability',
  'difficulty',
  'due',
  'interval_days',
  'reps',
  'lapses',
  'elapsed_ms',
  'cram',
  'undone',
] as const;

const RATING_NAMES = ['', 'again', 'hard', 'good', 'easy'] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Deck text opened in a spreadsheet must not run as a formula: a cell starting with = + - @
 * (or a tab / carriage return) gets a leading apostrophe, as OWASP recommends for CSV exports.
 */
function inertText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * One row per review event (undone and cram reviews included, flagged), in time order, with a
 * header row. `cardInfo` gives the deck and question of cards still in a deck.
 */
export function formatReviewsCsv(events: ProgressEvent[], cardInfo: CardInfo): string {
  const reviews = events.filter((e): e is ReviewEvent => e.type === 'review').sort(compareEvents);
  return [...reviewsCsvChunks(reviews.map(csvReviewOf), undoneIds(events), cardInfo)].join('');
}

/** The deck and question of a card still in a deck. */
export type CardInfo = (cardId: string) => { deck: string; question: string } | undefined;

/** What a csv row shows of a review (a reader of a large history fills one without an event object). */
export interface CsvReview {
  id: string;
  t: string;
  card: string;
  rating: number;
  /** `state` of the state before (0, new, without one) and after. */
  before: number;
  after: number;
  s: number;
  d: number;
  due: string;
  sched: number;
  reps: number;
  lapses: number;
  ms: number | undefined;
  cram: boolean;
}

export function csvReviewOf(r: ReviewEvent): CsvReview {
  const a = r.after;
  return {
    id: r.id,
    t: r.t,
    card: r.card,
    rating: r.rating,
    before: r.before?.state ?? 0,
    after: a?.state ?? 0,
    s: a.s,
    d: a.d,
    due: a.due,
    sched: a.sched,
    reps: a.reps,
    lapses: a.lapses,
    ms: r.ms,
    cram: r.cram === true,
  };
}

/**
 * The text of the csv a row at a time (formatReviewsCsv's, joined): `reviews` in (time, id)
 * order, `undone` the ids an undo took back.
 */
export function* reviewsCsvChunks(reviews: Iterable<CsvReview>, undone: Set<string>, cardInfo: CardInfo): Generator<string> {
  // CRLF after every record, as RFC 4180 and Excel expect; pandas and Python's csv read it as well.
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  // The card's fields (card_id, deck, question), quoted once per card; numbers are never quoted.
  const cardFields = new Map<string, string>();
  for (const r of reviews) {
    let fields = cardFields.get(r.card);
    if (fields === undefined) {
      const info = cardInfo(r.card);
      fields = `${csvField(r.card)},${csvField(info?.deck ?? '')},${csvField(inertText(info?.question ?? ''))}`;
      cardFields.set(r.card, fields);
    }
    const names = `${RATING_NAMES[r.rating]},${STATE_NAMES[r.before]},${STATE_NAMES[r.after]}`;
    yield `${csvField(r.id)},${csvField(r.t)},${fields},${r.rating},${names},${r.s},${r.d},${csvField(r.due)},${r.sched},${r.reps},${r.lapses},${r.ms ?? ''},${r.cram},${undone.has(r.id)}\r\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// anki

/** Anki's deck for a deck id: a child of one `llm-quiz` parent deck. */
export function ankiDeckName(deckId: string): string {
  return `llm-quiz::${deckId}`;
}

/**
 * The header lines Anki reads from a text file (names as parsed by Anki's importer,
 * rslib/src/import_export/text/csv/metadata.rs). The guid column is the card id, so importing
 * an updated export again updates the notes instead of duplicating them.
 */
export const ANKI_HEADER = [
  '#separator:tab',
  '#html:true',
  '#notetype:Basic',
  '#guid column:1',
  '#deck column:2',
  '#tags column:5',
  '#columns:guid\tdeck\tFront\tBack\ttags',
];

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SAFE_URL = /^(https?:|mailto:)/i;

let marked: Marked | undefined;

/** A Markdown renderer for Anki: TeX to MathJax delimiters, raw HTML shown as text, safe links only. */
function ankiMarked(): Marked {
  if (marked) return marked;
  marked = new Marked({ gfm: true, breaks: true });
  marked.use({
    extensions: [
      {
        name: 'math',
        level: 'inline',
        start: (src: string) => {
          const i = src.indexOf('$');
          return i < 0 ? undefined : i;
        },
        tokenizer(src: string) {
          const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
          if (display) return { type: 'math', raw: display[0], text: display[1] as string, display: true };
          const inline = /^\$(?!\s)((?:\\[\s\S]|[^\\$\n])+?)\$/.exec(src);
          if (inline) return { type: 'math', raw: inline[0], text: inline[1] as string, display: false };
          return undefined;
        },
        // Anki's MathJax reads \( \) and \[ \]; the TeX itself is only HTML-escaped.
        renderer: (token) => (token.display ? `\\[${escapeHtml(token.text)}\\]` : `\\(${escapeHtml(token.text)}\\)`),
      },
    ],
    renderer: {
      // Deck files are untrusted and Anki renders fields as HTML (with scripts): raw HTML in a
      // deck is shown as text, never passed through.
      html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}">${inner}</a>` : inner;
      },
      image: ({ href, text }: Tokens.Image) =>
        SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>` : escapeHtml(text),
    },
  });
  return marked;
}

/**
 * Markdown to one line of HTML for an Anki field: no tab, no line break. Line breaks inside code
 * blocks become `<br>` (the block keeps its indentation in `<pre>`); elsewhere they are only
 * layout between HTML tags and become spaces.
 */
export function markdownToAnkiHtml(md: string): string {
  const html = (ankiMarked().parse(md.replace(/\r\n?/g, '\n'), { async: false }) as string).replace(/\t/g, '    ');
  return html
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/\n/g, '<br>') : part.replace(/\n/g, ' ')))
    .join('')
    .replace(/<br>(<\/code><\/pre>)/g, '$1')
    .trim();
}

/** Anki tags: the card's topics (slugs, so they never hold spaces). */
function ankiTags(card: Card): string {
  return card.topics.map((t) => t.replace(/\s+/g, '_')).join(' ');
}

/** The cards as an Anki-importable text file: header lines, then one line per card. */
export function formatAnki(cards: Card[]): string {
  const lines = [...ANKI_HEADER];
  for (const c of cards) {
    const front = markdownToAnkiHtml(c.questionBody.trim() ? `**${c.question}**\n\n${c.questionBody}` : c.question);
    // Key points follow a rule rather than a heading: decks are in several languages.
    const points = c.keyPoints.length ? `\n\n---\n\n${c.keyPoints.map((p) => `- ${p}`).join('\n')}` : '';
    const back = markdownToAnkiHtml(`${c.answer}${points}`);
    lines.push([c.id, ankiDeckName(c.deckId), front, back, ankiTags(c)].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
