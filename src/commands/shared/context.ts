import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from '../../core/scheduler.js';
import { type DeckLanguage, editionFor, parseSetting } from '../../core/settings.js';
import { nextDayStart, zoneOf } from '../../core/time.js';
import { UsageError, UserError } from '../../errors.js';
import { sweepTempFiles } from '../../store/atomic.js';
import { DeckCache } from '../../store/deck-cache.js';
import { type Collection, type DeckListing, type EditionChoice, loadCollection } from '../../store/decks.js';
import { bundledDecksDir, checkUserName, dataDir, isReservedName, isUserName, userDecksDir, userDir } from '../../store/paths.js';
import { ProgressStore, type StoreOptions } from '../../store/progress-store.js';
import { canonicalUser } from '../../store/users.js';
import { getLang, problemLine, t } from '../../ui/messages.js';
import { withOverrides } from './overrides.js';

/** Set by the build (esbuild `define`); tests run from source see 'dev'. */
declare const __LLM_QUIZ_VERSION__: string | undefined;
export const PROGRAM_VERSION = typeof __LLM_QUIZ_VERSION__ === 'string' ? __LLM_QUIZ_VERSION__ : 'dev';

/** Options every command accepts. */
export interface GlobalOptions {
  user?: string;
  decks?: string[];
  lang?: string;
  color?: boolean;
  /** False for `--no-pager`. */
  pager?: boolean;
  debug?: boolean;
}

export interface Context {
  data: string;
  user: string;
  sources: string[];
  /** Current time; the one place commands read the clock (LLM_QUIZ_NOW overrides it for tests). */
  now: Date;
}

/** Resolves the data directory, user and deck sources from options and environment. */
export function makeContext(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  const data = dataDir(env);
  // An explicit `--user ''` (an unset shell variable, say) must not quietly become the default user.
  if (g.user !== undefined && g.user.trim() === '') throw new UsageError(t('user.empty'));
  const name = g.user || env.LLM_QUIZ_USER || 'default';
  // A name that could never be a folder (`../x`, `con`) is a usage error, like an empty one.
  if (isReservedName(name)) throw new UsageError(t('user.reserved', { name }));
  if (!isUserName(name)) throw new UsageError(t('user.invalid', { name }));
  const user = checkUserName(canonicalUser(data, name));
  for (const d of g.decks ?? []) {
    // A mistyped --decks used to be skipped silently, leaving the user wondering where the cards went.
    if (!existsSync(d)) throw new UserError(t('decks.missing', { path: d }));
    if (!statSync(d).isDirectory() && !d.endsWith('.md')) throw new UserError(t('decks.notDeck', { path: d }));
  }
  const sources = [bundledDecksDir(), userDecksDir(data), ...(g.decks ?? []).map((d) => resolve(d))];
  const now = env.LLM_QUIZ_NOW ? new Date(env.LLM_QUIZ_NOW) : new Date();
  return { data, user, sources, now };
}

/**
 * The deck edition for this user: `deck_language` from their settings file (read directly, so
 * commands that only list cards need not open the progress store), else the interface language.
 * A missing or unreadable settings file means the default; `config` and `study` report bad ones.
 */
export function deckEdition(ctx: Context): EditionChoice {
  let setting: DeckLanguage | undefined;
  try {
    const raw = JSON.parse(readFileSync(join(userDir(ctx.data, ctx.user), 'settings.json'), 'utf8')) as Record<string, unknown>;
    const v = raw?.deck_language;
    if (typeof v === 'string') setting = parseSetting('deck_language', v) as DeckLanguage | undefined;
  } catch {}
  return editionFor(setting, getLang());
}

/**
 * Loads decks; deck problems are summarised on stderr (the command still runs on what loaded).
 * `listed`: the deck files as listed already (listDecks of the existing sources).
 */
export function loadDecks(ctx: Context, quiet = false, listed?: DeckListing): Collection {
  const cache = new DeckCache(process.env.LLM_QUIZ_NO_CACHE ? undefined : join(ctx.data, 'cache', 'decks.json'), PROGRAM_VERSION);
  const edition = deckEdition(ctx);
  // The user's copies of bundled and imported cards replace them (commands/shared/overrides.ts).
  const col = withOverrides(
    ctx.data,
    loadCollection(
      ctx.sources.filter((s) => existsSync(s)),
      cache,
      edition,
      listed,
    ),
    edition,
  );
  const errors = col.problems.filter((p) => p.severity === 'error');
  if (!quiet && errors.length > 0) {
    for (const p of errors.slice(0, 5)) process.stderr.write(`${problemLine(p)}\n`);
    process.stderr.write(`${t('decks.problems', { n: errors.length })}\n`);
  }
  return col;
}

/**
 * Opens the user's progress. When the snapshot had to be rebuilt from the logs, it is saved again
 * (it is a cache, not progress) so the next command starts fast; a read-only disk is not an error.
 */
export function openStore(ctx: Context, opts: StoreOptions = {}, warn = true): ProgressStore {
  const store = ProgressStore.open(ctx.data, ctx.user, { now: ctx.now, ...opts });
  // Temp files of writes a killed process never finished (SIGKILL leaves no chance to clean up).
  sweepTempFiles(store.dir);
  sweepTempFiles(join(ctx.data, 'cache'));
  // Settings replaced by defaults are said once per command (`check` lists them with the rest).
  if (warn)
    for (const p of store.problems) if (p.key === 'problem.store.settingsIgnored') process.stderr.write(`${problemLine(p)}\n`);
  if (store.loadedFrom === 'rebuild') {
    try {
      store.saveSnapshot();
    } catch {}
  }
  return store;
}

/** The current time: the real clock, or LLM_QUIZ_NOW plus the time elapsed since start (tests). */
export function clock(start: Date): () => Date {
  const t0 = Date.now();
  return () => new Date(start.getTime() + (Date.now() - t0));
}

export function dayEnd(ctx: Context, settings: Settings): Date {
  return nextDayStart(ctx.now, settings.day_starts_at, zoneOf(settings.timezone));
}
