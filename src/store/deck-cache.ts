/**
 * The cache of parsed deck files (`cache/decks.json`): start-up does not re-parse unchanged decks.
 * Only a cache: a missing, corrupt or foreign one is rebuilt.
 */
import { mkdirSync, readFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Deck, ParseResult } from '../core/deck.js';
import type { Problem } from '../errors.js';
import { atomicWrite } from './atomic.js';

// 2: problems carry a catalogue key and params (translated when printed).
const CACHE_VERSION = 2;

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

interface CollectionCache {
  version: number;
  program: string;
  /** Every deck file's path, stamp and shown name, and the edition choice: any change misses. */
  key: string;
  value: CollectionEntry;
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
   * compared again: this is most of `list`'s start-up (see the bench).
   */
  collection(key: string): CollectionEntry | undefined {
    const f = this.collectionFile;
    if (!f) return undefined;
    try {
      const d = JSON.parse(readFileSync(f, 'utf8')) as CollectionCache;
      if (d.version === CACHE_VERSION && d.program === this.program && d.key === key && Array.isArray(d.value?.decks)) {
        return d.value;
      }
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
        const c: CollectionCache = { version: CACHE_VERSION, program: this.program, ...this.whole };
        atomicWrite(this.collectionFile, JSON.stringify(c));
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
