/**
 * The cache of parsed deck files (`cache/decks.json`): start-up does not re-parse unchanged decks.
 * Only a cache: a missing, corrupt or foreign one is rebuilt.
 */
import { mkdirSync, readFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Card, Deck, DeckMeta, ParseResult } from '../core/deck.js';
import type { Problem } from '../errors.js';
import { atomicWrite } from './atomic.js';
import { type Body, BodySource, type CardRow, decodeCards, encodeCards, isCardRow } from './card-rows.js';

// 2: problems carry a catalogue key and params (translated when printed).
const CACHE_VERSION = 2;
// 3: cards as light rows on the first line, their bodies on the lines after it (card-rows.ts).
const COLLECTION_VERSION = 3;

interface CacheEntry {
  /** size:mtime:ctime:inode — a change in any of them means the file changed. */
  stamp: string;
  shown: string;
  result: ParseResult;
}

/** A whole loaded collection: the chosen editions' decks and every problem found loading them. */
export interface CollectionEntry {
  decks: Deck[];
  problems: Problem[];
}

/** The first line of `collection.json`; a body line per card follows it, in collection order. */
interface CollectionHead {
  version: number;
  program: string;
  /** Every deck file's path, stamp and shown name, and the edition choice: any change misses. */
  key: string;
  decks: Array<{ meta: DeckMeta; file: string; cards: CardRow[] }>;
  problems: Problem[];
}

interface ParseCache {
  version: number;
  /** Version of the program that wrote it: a new release may parse differently. */
  program: string;
  files: Record<string, CacheEntry>;
}

/**
 * Parsed decks keyed by absolute path and file stamp, so start-up does not re-parse unchanged
 * files (nor load the YAML parser). A missing, corrupt or foreign cache is simply rebuilt.
 */
export class DeckCache {
  private data: ParseCache;
  private loaded = false;
  private dirty = false;
  private used = new Set<string>();
  private whole: { key: string; value: CollectionEntry } | undefined;

  constructor(
    readonly file: string | undefined,
    private readonly program: string,
  ) {
    this.data = { version: CACHE_VERSION, program, files: Object.create(null) };
  }

  /** The per-file entries, read on first use: a collection hit never needs them. */
  private files(): Record<string, CacheEntry> {
    if (!this.loaded && this.file) {
      this.loaded = true;
      try {
        const d = JSON.parse(readFileSync(this.file, 'utf8')) as ParseCache;
        if (d.version === CACHE_VERSION && d.program === this.program && d.files && typeof d.files === 'object') {
          this.data = { ...d, files: Object.assign(Object.create(null), d.files) };
        }
      } catch {}
    }
    return this.data.files;
  }

  private get collectionFile(): string | undefined {
    return this.file && join(dirname(this.file), 'collection.json');
  }

  /**
   * The collection loaded last time, when every file and the edition choice are as they were.
   * One edition of the bundled decks is half the parsed text, and the editions need not be
   * compared again: this is most of `list`'s start-up (see the bench). Only the first line is
   * parsed; a card's body is parsed when it is first read (`fallback` re-reads its deck file if
   * that line is unreadable).
   */
  collection(key: string, fallback: (card: Card) => Body): CollectionEntry | undefined {
    const f = this.collectionFile;
    if (!f) return undefined;
    try {
      const bytes = readFileSync(f);
      const nl = bytes.indexOf(10);
      const d = JSON.parse(bytes.toString('utf8', 0, nl < 0 ? bytes.length : nl)) as CollectionHead;
      if (d.version !== COLLECTION_VERSION || d.program !== this.program || d.key !== key) return undefined;
      if (!Array.isArray(d.decks) || !Array.isArray(d.problems)) return undefined;
      const source = new BodySource(bytes, nl + 1, fallback);
      const decks: Deck[] = [];
      let first = 0;
      for (const { meta, file, cards } of d.decks) {
        if (
          !meta ||
          typeof meta.id !== 'string' ||
          typeof file !== 'string' ||
          !Array.isArray(cards) ||
          !cards.every(isCardRow)
        ) {
          return undefined;
        }
        const deck: Deck = { meta, file, cards: [] };
        deck.cards = decodeCards(cards, deck, source, first);
        first += cards.length;
        decks.push(deck);
      }
      return { decks, problems: d.problems };
    } catch {}
    return undefined;
  }

  setCollection(key: string, value: CollectionEntry): void {
    this.whole = { key, value };
  }

  get(abs: string, stamp: string, shown: string): ParseResult | undefined {
    const e = this.files()[abs];
    if (e && e.stamp === stamp && e.shown === shown) {
      this.used.add(abs);
      return e.result;
    }
    return undefined;
  }

  set(abs: string, stamp: string, shown: string, result: ParseResult): void {
    this.files()[abs] = { stamp, shown, result };
    this.used.add(abs);
    this.dirty = true;
  }

  /** Writes the cache if it changed; failures (read-only disk) are ignored: it is only a cache. */
  save(): void {
    if (!this.file) return;
    try {
      if (this.dirty) {
        mkdirSync(dirname(this.file), { recursive: true });
        const files: Record<string, CacheEntry> = {};
        for (const k of this.used) files[k] = this.data.files[k] as CacheEntry;
        atomicWrite(this.file, JSON.stringify({ ...this.data, files }));
        this.dirty = false;
      }
      if (this.whole && this.collectionFile) {
        mkdirSync(dirname(this.file), { recursive: true });
        const bodies: string[] = [];
        const decks = this.whole.value.decks.map((d) => ({ meta: d.meta, file: d.file, cards: encodeCards(d, bodies) }));
        const head: CollectionHead = {
          version: COLLECTION_VERSION,
          program: this.program,
          key: this.whole.key,
          decks,
          problems: this.whole.value.problems,
        };
        atomicWrite(this.collectionFile, [JSON.stringify(head), ...bodies].join('\n'));
        this.whole = undefined;
      }
    } catch (e) {
      if (process.env.LLM_QUIZ_DEBUG_CACHE) console.error(e);
    }
  }
}

export function stampOf(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}
