/**
 * The cache of `list --json` (store/list-cache.ts) as `list` uses it. The output of a plain
 * `list --json` (every card, no filter, no sort) depends on the deck files, the user's snapshot,
 * logs and settings, and on the clock only through the study day (recall counts whole days since
 * a review) and the instants burials end. So it is kept under a key of those files' stamps with
 * the study day and the burials' bounds, and written back while all of them hold.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Card } from '../../core/deck.js';
import type { ProgressMap } from '../../core/progress.js';
import type { Settings } from '../../core/scheduler.js';
import { studyDayOf, zoneOf } from '../../core/time.js';
import { type DeckListing, listDecks, listingKey } from '../../store/decks.js';
import {
  type ListOutput,
  type ListValidity,
  NO_BOUND,
  type Parsed,
  progressStamps,
  readCachedRows,
  readListCache,
  readListCacheFile,
} from '../../store/list-cache.js';
import { userDir } from '../../store/paths.js';
import { readSettings } from '../../store/settings-file.js';
import { type Context, deckEdition, PROGRAM_VERSION } from './context.js';
import { overridesDir } from './overrides.js';

export interface ListCacheUse {
  file: string;
  /** The deck files, snapshot, settings and logs, each with its stamp. */
  key: string;
  /** The deck files and settings alone: rows of cards whose state did not change still hold. */
  base: string;
  /** The deck files the key was made from: loading them again would list them again. */
  decks: DeckListing;
  /** The cache file as found (read once: a hit writes it back, a miss reuses its rows). */
  stored: Parsed | undefined;
}

/**
 * Where the user's cached list is and the key it must have; undefined when there is nothing worth
 * keeping (no snapshot: no progress to load), with overrides of cards (read from more files than
 * the key names), a deck file that cannot be stat'ed, or LLM_QUIZ_NO_CACHE.
 */
export function listCacheFor(ctx: Context): ListCacheUse | undefined {
  if (process.env.LLM_QUIZ_NO_CACHE) return undefined;
  const dir = userDir(ctx.data, ctx.user);
  if (!existsSync(join(dir, 'snapshot.json')) || existsSync(overridesDir(ctx.data))) return undefined;
  const decks = listDecks(ctx.sources.filter((s) => existsSync(s)));
  const collection = listingKey(decks, deckEdition(ctx));
  if (collection === undefined) return undefined;
  const stamps = progressStamps(dir);
  const key = JSON.stringify([collection, stamps]);
  const base = JSON.stringify([collection, stamps[1]]);
  const file = join(ctx.data, 'cache', `list-${ctx.user}.json`);
  return { file, key, base, decks, stored: readListCacheFile(file, PROGRAM_VERSION) };
}

function dayOf(settings: Settings, ms: number): number {
  return studyDayOf(settings.day_starts_at, zoneOf(settings.timezone))(ms);
}

/** The cached output when it was made from these files and holds at `ctx.now`. */
export function cachedList(ctx: Context, use: ListCacheUse): Buffer | undefined {
  const hit = readListCache(use.stored, use.key);
  const now = ctx.now.getTime();
  if (!hit || !(now >= hit.from && now < hit.until)) return undefined;
  // The settings are those the output was made with (their stamp is in the key).
  return dayOf(readSettings(userDir(ctx.data, ctx.user)), now) === hit.day ? hit.out : undefined;
}

/** When an output listing `cards` at `now` holds: the same study day, and no burial ending or begun. */
export function listValidity(cards: Card[], progress: ProgressMap, settings: Settings, now: Date): ListValidity {
  const t = now.getTime();
  let from = -NO_BOUND;
  let until = NO_BOUND;
  for (const c of cards) {
    const b = progress.get(c.id)?.buriedUntil;
    if (b === undefined) continue;
    // `buried` is `Date.parse(buriedUntil) > now`: true before that instant, false from it on.
    const at = Date.parse(b);
    if (at > t) until = Math.min(until, at);
    else if (at > from) from = at;
  }
  return { day: dayOf(settings, t), from, until };
}

/**
 * The plain `list --json` output of `cards`, with each card's state and row for the cache. A row
 * depends on the card (the same deck files: `use.base`), its state, the settings (`use.base`), the
 * study day and whether its burial ended: so the cached output's row of a card whose state is the
 * same is taken as it is when the cache was made from the same deck files and settings and holds
 * at `now` (the same study day, no burial ended or begun). Only the other rows are computed.
 */
export function listOutput(
  use: ListCacheUse | undefined,
  cards: Card[],
  progress: ProgressMap,
  settings: Settings,
  now: Date,
  rowOf: (c: Card) => unknown,
): ListOutput {
  const t = now.getTime();
  let old = use && readCachedRows(use.stored, use.base);
  if (old && !(t >= old.from && t < old.until && old.day === dayOf(settings, t) && old.states.length === cards.length)) {
    old = undefined;
  }
  const states: string[] = new Array(cards.length);
  const lengths: number[] = new Array(cards.length);
  // The output in pieces: runs of the cached output's rows (with their commas) and new rows.
  const pieces: Buffer[] = [Buffer.from('[')];
  let run = -1;
  const endRun = (k: number) => {
    // Each cached row is followed by its comma, the last by the closing bracket (left out).
    if (old && run >= 0) pieces.push(old.out.subarray(old.at[run], (old.at[k] as number) - (k === cards.length ? 1 : 0)));
    run = -1;
  };
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i] as Card;
    // The card's id with its state: a card listed in another place does not take another's row.
    const state = JSON.stringify([c.id, progress.get(c.id) ?? null]);
    states[i] = state;
    if (old && old.states[i] === state) {
      if (run < 0) run = i;
      lengths[i] = (old.at[i + 1] as number) - (old.at[i] as number) - 1;
      continue;
    }
    endRun(i);
    const row = Buffer.from(`${JSON.stringify(rowOf(c))}${i + 1 < cards.length ? ',' : ''}`);
    lengths[i] = row.length - (i + 1 < cards.length ? 1 : 0);
    pieces.push(row);
  }
  endRun(cards.length);
  pieces.push(Buffer.from(']\n'));
  return { states, lengths, out: Buffer.concat(pieces) };
}
