/**
 * `cache/list-<user>.json`: a user's last `list --json` output (all cards, no filter, for a
 * program), kept with what it was made from, so that listing again with nothing changed writes
 * it back instead of loading every card and card state (at 10,000 cards and a million reviews
 * that loading was most of the command). Only a cache: missing, corrupt, from another build or
 * made from other files, it is ignored and written again.
 *
 * Line 1 is a JSON head: `version`, `program`, `key` (the deck files, snapshot, settings and logs
 * it was made from, each with its stamp: see progressStamps), `day` (the study day its recall
 * figures are for: they count whole days since a review), `from`/`until` (the instants between
 * which its `buried` flags hold) and `bytes`. The output follows, byte for byte.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { atomicWriteChunks } from './atomic.js';
import { stampOf } from './deck-cache.js';
import { listLogs } from './log-format.js';

const VERSION = 1;

/** When a cached output holds, besides its key. */
export interface ListValidity {
  /** The study day (day number) the recall figures were computed on. */
  day: number;
  /** The `buried` flags hold for instants (ms) in [from, until). */
  from: number;
  until: number;
}

/** The earliest and latest instants representable as a Date: no bound. */
export const NO_BOUND = 8.64e15;

function stamp(file: string): string {
  try {
    return stampOf(statSync(file));
  } catch {
    return '-';
  }
}

/**
 * The files a user's card states and settings are read from, each with its stamp: the snapshot,
 * the settings and every log. The same stamps mean the same states (when they were the
 * snapshot's alone: see ProgressStore.readAfterSnapshot) and the same settings.
 */
export function progressStamps(userDir: string): string[] {
  const logs = join(userDir, 'logs');
  const names = listLogs(logs);
  return [
    stamp(join(userDir, 'snapshot.json')),
    stamp(join(userDir, 'settings.json')),
    ...names.flatMap((n) => [n, stamp(join(logs, n))]),
  ];
}

/** The cached output made under `key` by `program`, and when it holds; undefined on any mismatch. */
export function readListCache(file: string, program: string, key: string): (ListValidity & { out: Buffer }) | undefined {
  try {
    const bytes = readFileSync(file);
    const nl = bytes.indexOf(10);
    if (nl < 0) return undefined;
    const h = JSON.parse(bytes.toString('utf8', 0, nl)) as Record<string, unknown> | null;
    if (!h || h.version !== VERSION || h.program !== program || h.key !== key) return undefined;
    const { day, from, until } = h;
    if (typeof day !== 'number' || typeof from !== 'number' || typeof until !== 'number') return undefined;
    const out = bytes.subarray(nl + 1);
    return out.length === h.bytes ? { day, from, until, out } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically; a failure (read-only disk) is ignored: it is only a cache. */
export function writeListCache(file: string, program: string, key: string, valid: ListValidity, out: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const head = JSON.stringify({ version: VERSION, program, key, ...valid, bytes: out.length });
    atomicWriteChunks(file, [Buffer.from(`${head}\n`), out]);
  } catch (e) {
    if (process.env.LLM_QUIZ_DEBUG_CACHE) console.error(e);
  }
}
