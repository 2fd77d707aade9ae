/**
 * The cache of parsed deck files (`cache/decks.json`): start-up does not re-parse unchanged decks.
 * Only a cache: a missing, corrupt or foreign one is rebuilt.
 */
import { mkdirSync, readFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { ParseResult } from '../core/deck.js';
import { atomicWrite } from './atomic.js';

// 2: problems carry a catalogue key and params (translated when printed).
const CACHE_VERSION = 2;

interface CacheEntry {
  /** size:mtime:ctime:inode — a change in any of them means the file changed. */
  stamp: string;
  shown: string;
  result: ParseResult;
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
  private dirty = false;
  private used = new Set<string>();

  constructor(
    readonly file: string | undefined,
    private readonly program: string,
  ) {
    this.data = { version: CACHE_VERSION, program, files: Object.create(null) };
    if (!file) return;
    try {
      const d = JSON.parse(readFileSync(file, 'utf8')) as ParseCache;
      if (d.version === CACHE_VERSION && d.program === program && d.files && typeof d.files === 'object') {
        this.data = { ...d, files: Object.assign(Object.create(null), d.files) };
      }
    } catch {}
  }

  get(abs: string, stamp: string, shown: string): ParseResult | undefined {
    const e = this.data.files[abs];
    if (e && e.stamp === stamp && e.shown === shown) {
      this.used.add(abs);
      return e.result;
    }
    return undefined;
  }

  set(abs: string, stamp: string, shown: string, result: ParseResult): void {
    this.data.files[abs] = { stamp, shown, result };
    this.used.add(abs);
    this.dirty = true;
  }

  /** Writes the cache if it changed; failures (read-only disk) are ignored: it is only a cache. */
  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const files: Record<string, CacheEntry> = {};
      for (const k of this.used) files[k] = this.data.files[k] as CacheEntry;
      atomicWrite(this.file, JSON.stringify({ ...this.data, files }));
      this.dirty = false;
    } catch (e) {
      if (process.env.LLM_QUIZ_DEBUG_CACHE) console.error(e);
    }
  }
}

export function stampOf(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}
