/**
 * The cards of `cache/collection.json`, split in two: a light row per card (what `list`, `stats`
 * and the queue read: id, line, question, topics, level, seeds, flags) parsed on every start-up,
 * and a body line per card (question body, answer, key points, details) parsed only when a card
 * is shown. At 10,000 cards the bodies are two thirds of the text: parsing them every time was
 * most of the cache's cost. Deck id, title and file are the deck's, not repeated per card.
 */
import type { Card, Deck } from '../core/deck.js';

/** `[id, line, question, topics, seeds, flags, level (0: none), rest?]`; flags: 1 draft, 2 id derived. */
export type CardRow = [string, number, string, string[], number[], number, number, Rest?];
/** The light fields most cards lack, and deck fields that differ from the deck's (none today). */
type Rest = Partial<Pick<Card, 'followUps' | 'altQuestion' | 'group' | 'runnable' | 'cloze' | 'deckId' | 'deckTitle' | 'file'>>;
/** `[questionBody, answer, keyPoints, details?]` */
type BodyRow = [string, string, string[], string?];

export interface Body {
  questionBody: string;
  answer: string;
  keyPoints: string[];
  details?: string;
}

const REST_KEYS = ['followUps', 'altQuestion', 'group', 'runnable', 'cloze'] as const;

/** A deck's cards as rows, and their bodies as JSON lines in the same order. */
export function encodeCards(deck: Deck, bodies: string[]): CardRow[] {
  return deck.cards.map((c) => {
    const rest: Rest = {};
    for (const k of REST_KEYS) if (c[k] !== undefined) (rest as Record<string, unknown>)[k] = c[k];
    if (c.deckId !== deck.meta.id) rest.deckId = c.deckId;
    if (c.deckTitle !== deck.meta.title) rest.deckTitle = c.deckTitle;
    if (c.file !== deck.file) rest.file = c.file;
    const body: BodyRow = [c.questionBody, c.answer, c.keyPoints];
    if (c.details !== undefined) body.push(c.details);
    bodies.push(JSON.stringify(body));
    const row: CardRow = [c.id, c.line, c.question, c.topics, c.seeds, (c.draft ? 1 : 0) | (c.idDerived ? 2 : 0), c.level ?? 0];
    if (Object.keys(rest).length > 0) row.push(rest);
    return row;
  });
}

/**
 * Where the bodies of a loaded collection are: the cache file's bytes after its first line, one
 * JSON line per card in collection order. `fallback` gives a card's body from its deck file when
 * a line is unreadable (only a cache edited by hand: the file is written atomically).
 */
export class BodySource {
  /** Ends of the body lines found so far, in order (natively, indexOf), up to the furthest card asked for. */
  private readonly ends: number[] = [];
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly fallback: (card: Card) => Body,
  ) {}

  body(index: number, card: Card): Body {
    // Only as far as this card: the first card studied is usually among the first lines.
    const ends = this.ends;
    for (
      let at = ends.length === 0 ? this.start : (ends[ends.length - 1] as number) + 1;
      ends.length <= index && at < this.bytes.length;
    ) {
      const nl = this.bytes.indexOf(10, at);
      const end = nl < 0 ? this.bytes.length : nl;
      ends.push(end);
      at = end + 1;
    }
    const end = ends[index];
    const begin = index === 0 ? this.start : (ends[index - 1] ?? 0) + 1;
    try {
      if (end === undefined) throw new Error('no body line');
      const b = JSON.parse(this.bytes.toString('utf8', begin, end)) as unknown;
      if (isBodyRow(b)) return { questionBody: b[0], answer: b[1], keyPoints: b[2], ...(b.length > 3 ? { details: b[3] } : {}) };
    } catch {}
    return this.fallback(card);
  }
}

function isBodyRow(x: unknown): x is BodyRow {
  if (!Array.isArray(x) || x.length < 3 || x.length > 4) return false;
  const [q, a, k, d] = x as unknown[];
  return (
    typeof q === 'string' &&
    typeof a === 'string' &&
    Array.isArray(k) &&
    k.every((p) => typeof p === 'string') &&
    (x.length === 3 || typeof d === 'string')
  );
}

/**
 * A card from the cache: its light fields are its own, its body is read on first use (prototype
 * getters, so a spread `{ ...card }` would miss them: build plain objects with `plainCard`).
 */
class CachedCard {
  id: string;
  deckId: string;
  deckTitle: string;
  file: string;
  line: number;
  question: string;
  topics: string[];
  level?: number;
  seeds: number[];
  draft: boolean;
  idDerived: boolean;
  #source: BodySource;
  #index: number;
  #body: Body | undefined;

  constructor(row: CardRow, deck: Deck, source: BodySource, index: number) {
    const rest = row[7];
    this.id = row[0];
    this.deckId = rest?.deckId ?? deck.meta.id;
    this.deckTitle = rest?.deckTitle ?? deck.meta.title;
    this.file = rest?.file ?? deck.file;
    this.line = row[1];
    this.question = row[2];
    this.topics = row[3];
    if (row[6] !== 0) this.level = row[6];
    this.seeds = row[4];
    this.draft = (row[5] & 1) === 1;
    this.idDerived = (row[5] & 2) === 2;
    if (rest) for (const k of REST_KEYS) if (rest[k] !== undefined) (this as Record<string, unknown>)[k] = rest[k];
    this.#source = source;
    this.#index = index;
  }

  #load(): Body {
    this.#body ??= this.#source.body(this.#index, this as unknown as Card);
    return this.#body;
  }
  get questionBody(): string {
    return this.#load().questionBody;
  }
  set questionBody(v: string) {
    this.#load().questionBody = v;
  }
  get answer(): string {
    return this.#load().answer;
  }
  set answer(v: string) {
    this.#load().answer = v;
  }
  get keyPoints(): string[] {
    return this.#load().keyPoints;
  }
  set keyPoints(v: string[]) {
    this.#load().keyPoints = v;
  }
  get details(): string | undefined {
    return this.#load().details;
  }
  set details(v: string | undefined) {
    this.#load().details = v;
  }
}

/** True when a parsed value has the shape of a card row (checked before any card is built). */
export function isCardRow(x: unknown): x is CardRow {
  if (!Array.isArray(x) || x.length < 7 || x.length > 8) return false;
  // Read by index, not destructured: 10,000 rows are checked on every start-up, and destructuring
  // steps an iterator per element in code that is not yet optimised.
  const rest: unknown = x[7];
  return (
    typeof x[0] === 'string' &&
    typeof x[1] === 'number' &&
    typeof x[2] === 'string' &&
    Array.isArray(x[3]) &&
    Array.isArray(x[4]) &&
    typeof x[5] === 'number' &&
    typeof x[6] === 'number' &&
    (x.length === 7 || (typeof rest === 'object' && rest !== null && !Array.isArray(rest)))
  );
}

/** The cards of a deck read from the cache; `first` is the index of its first body line. */
export function decodeCards(rows: CardRow[], deck: Deck, source: BodySource, first: number): Card[] {
  return rows.map((r, i) => new CachedCard(r, deck, source, first + i) as unknown as Card);
}

/**
 * A card as a plain object with every field its own, in the order the parser gives them: what
 * JSON output and spreads need (a cached card's body lives behind getters).
 */
export function plainCard(c: Card): Card {
  return {
    id: c.id,
    deckId: c.deckId,
    deckTitle: c.deckTitle,
    file: c.file,
    line: c.line,
    question: c.question,
    questionBody: c.questionBody,
    answer: c.answer,
    keyPoints: c.keyPoints,
    ...(c.details !== undefined ? { details: c.details } : {}),
    ...(c.followUps !== undefined ? { followUps: c.followUps } : {}),
    topics: c.topics,
    ...(c.level !== undefined ? { level: c.level } : {}),
    seeds: c.seeds,
    ...(c.group !== undefined ? { group: c.group } : {}),
    ...(c.runnable !== undefined ? { runnable: c.runnable } : {}),
    draft: c.draft,
    idDerived: c.idDerived,
    ...(c.cloze !== undefined ? { cloze: c.cloze } : {}),
    ...(c.altQuestion !== undefined ? { altQuestion: c.altQuestion } : {}),
  };
}
