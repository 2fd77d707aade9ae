/**
 * The csv export of a user's reviews: one row per review, for spreadsheets and pandas. Pure.
 * Apart from export.ts (which loads a Markdown renderer for the Anki format), so that what reads
 * the history (store/history.ts, used by `stats`) does not load it.
 */
import { compareEvents, type ProgressEvent, type ReviewEvent, STATE_NAMES, undoneIds } from './progress.js';

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
/** `rating,rating_name,state_before,state_after` by rating * 16 + before * 4 + after. */
const NAMES: string[] = [];

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
    const k = r.rating * 16 + r.before * 4 + r.after;
    let names = NAMES[k];
    if (names === undefined) {
      names = `${r.rating},${RATING_NAMES[r.rating]},${STATE_NAMES[r.before]},${STATE_NAMES[r.after]}`;
      NAMES[k] = names;
    }
    // Three pieces: the card's (often not ASCII) is the same string for every row of the card.
    yield `${csvField(r.id)},${csvField(r.t)},`;
    yield fields;
    yield `,${names},${r.s},${r.d},${csvField(r.due)},${r.sched},${r.reps},${r.lapses},${r.ms ?? ''},${r.cram},${undone.has(r.id)}\r\n`;
  }
}
