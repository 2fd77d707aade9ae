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
 * which its `buried` flags hold), `base` (the deck files and settings alone) and `bytes`. Line 2
 * holds each card's state as it was listed (tab-separated JSON, in the output's order), line 3 the
 * length in bytes of each card's row in the output. The output follows, byte for byte: when
 * only some states changed, the rows of the others are taken from it (see reusableRows).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { atomicWriteChunks } from './atomic.js';
import { stampOf } from './deck-cache.js';
import { listLogs } from './log-format.js';

const VERSION = 2;

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

/** A cache file read and its head checked (see readListCacheFile). */
export interface Parsed extends ListValidity {
  head: Record<string, unknown>;
  bytes: Buffer;
  /** Where lines 2 and 3 and the output start. */
  at: [number, number, number];
}

function parse(file: string, program: string): Parsed | undefined {
  const bytes = readFileSync(file);
  const l1 = bytes.indexOf(10);
  const l2 = l1 < 0 ? -1 : bytes.indexOf(10, l1 + 1);
  const l3 = l2 < 0 ? -1 : bytes.indexOf(10, l2 + 1);
  if (l3 < 0) return undefined;
  const head = JSON.parse(bytes.toString('utf8', 0, l1)) as Record<string, unknown> | null;
  if (!head || head.version !== VERSION || head.program !== program) return undefined;
  const { day, from, until } = head;
  if (typeof day !== 'number' || typeof from !== 'number' || typeof until !== 'number') return undefined;
  if (bytes.length - l3 - 1 !== head.bytes) return undefined;
  return { head, bytes, at: [l1 + 1, l2 + 1, l3 + 1], day, from, until };
}

/** The cache file written by `program`, read once for both uses below; undefined when missing or damaged. */
export function readListCacheFile(file: string, program: string): Parsed | undefined {
  try {
    return parse(file, program);
  } catch {
    return undefined;
  }
}

/** The cached output made under `key`, and when it holds; undefined on any mismatch. */
export function readListCache(p: Parsed | undefined, key: string): (ListValidity & { out: Buffer }) | undefined {
  if (!p || p.head.key !== key) return undefined;
  return { day: p.day, from: p.from, until: p.until, out: p.bytes.subarray(p.at[2]) };
}

/** A cached output's rows, each with the card state it was listed with. */
export interface CachedRows extends ListValidity {
  states: string[];
  /** The output, and where each row starts in it (then the closing `]`): row k is [at[k], at[k+1] - 1). */
  out: Buffer;
  at: number[];
}

/**
 * The rows of the cached output made from the deck files and settings `base` (its progress may
 * differ); undefined on any mismatch or damage.
 */
export function readCachedRows(p: Parsed | undefined, base: string): CachedRows | undefined {
  try {
    if (!p || p.head.base !== base) return undefined;
    const [a, b, c] = p.at;
    const states = p.bytes.toString('utf8', a, b - 1).split('\t');
    const lengths = p.bytes.toString('latin1', b, c - 1).split(',');
    const out = p.bytes.subarray(c);
    if (states.length !== lengths.length) return undefined;
    const at: number[] = new Array(lengths.length + 1);
    let i = 1;
    for (let k = 0; k < lengths.length; k++) {
      at[k] = i;
      i += Number(lengths[k]) + 1;
    }
    at[lengths.length] = i;
    // The rows must cover the output exactly: `[` row `,` row ... `]` and a newline.
    const end = lengths.length === 0 ? 2 : i;
    if (end !== out.length - 1 || out[0] !== 0x5b || out[end - 1] !== 0x5d) return undefined;
    return { day: p.day, from: p.from, until: p.until, states, out, at };
  } catch {
    return undefined;
  }
}

/** The output and what reusing its rows needs: each card's state (JSON) and its row's length in bytes. */
export interface ListOutput {
  states: string[];
  lengths: number[];
  out: Buffer;
}

/** Writes the cache atomically; a failure (read-only disk) is ignored: it is only a cache. */
export function writeListCache(
  file: string,
  program: string,
  keys: { key: string; base: string },
  valid: ListValidity,
  o: ListOutput,
): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const head = JSON.stringify({ version: VERSION, program, ...keys, ...valid, bytes: o.out.length });
    const lengths = o.lengths.join(',');
    atomicWriteChunks(file, [Buffer.from(`${head}\n${o.states.join('\t')}\n${lengths}\n`), o.out]);
  } catch (e) {
    if (process.env.LLM_QUIZ_DEBUG_CACHE) console.error(e);
  }
}
