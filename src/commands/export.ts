import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { EXPORT_FORMAT, EXPORT_SCHEMA, formatAnki, formatJsonExport, formatReviewsCsv } from '../core/export.js';
import { mergeEvents } from '../core/progress.js';
import { UsageError, UserError } from '../errors.js';
import { atomicWrite } from '../store/atomic.js';
import { listUsers } from '../store/users.js';
import { t } from '../ui/messages.js';
import { sanitize } from '../ui/sanitize.js';
import { type Context, type GlobalOptions, loadDecks, makeContext, openStore, PROGRAM_VERSION } from './shared/context.js';
import { assertDecksKnown } from './shared/selection.js';

export const EXPORT_FORMATS = ['json', 'csv', 'anki'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends GlobalOptions {
  format?: ExportFormat;
  output?: string;
  force?: boolean;
  deck?: string[];
}

/** Opens the selected user's store, refusing a user that does not exist (most likely a typo). */
function openExisting(ctx: Context) {
  const store = openStore(ctx);
  if (!store.exists) {
    const list = listUsers(ctx.data);
    throw new UserError(
      t('export.noUser', { user: ctx.user, dir: ctx.data, list: list.length ? list.join(', ') : t('export.noUsers') }),
    );
  }
  const skipped = store.problems.filter((p) => p.file.startsWith(store.logsDir)).length;
  if (skipped > 0) process.stderr.write(`${t('export.skipped', { n: skipped })}\n`);
  return store;
}

/** Builds the export text and a one-line summary of it. */
function build(ctx: Context, o: ExportOptions, format: ExportFormat): { text: string; summary: (file: string) => string } {
  if (format === 'anki') {
    const col = loadDecks(ctx);
    assertDecksKnown(o.deck, col.cards);
    const wanted = o.deck?.map((d) => d.toLowerCase());
    const cards = wanted ? col.cards.filter((c) => wanted.includes(c.deckId)) : col.cards;
    const decks = new Set(cards.map((c) => c.deckId)).size;
    return {
      text: formatAnki(cards),
      summary: (file) => `${t('export.done.anki', { n: cards.length, decks, file })}\n${t('export.anki.how')}`,
    };
  }
  const store = openExisting(ctx);
  const events = mergeEvents(store.readAllEvents());
  if (format === 'csv') {
    const col = loadDecks(ctx);
    const text = formatReviewsCsv(events, (id) => {
      const c = col.byId.get(id);
      return c ? { deck: c.deckId, question: c.question } : undefined;
    });
    const n = events.filter((e) => e.type === 'review').length;
    return { text, summary: (file) => t('export.done.csv', { n, user: ctx.user, file }) };
  }
  const cards = Object.fromEntries(store.progress);
  const text = formatJsonExport({
    format: EXPORT_FORMAT,
    schema: EXPORT_SCHEMA,
    exportedAt: ctx.now.toISOString(),
    program: PROGRAM_VERSION,
    user: ctx.user,
    settings: store.settings,
    cards,
    events,
  });
  return {
    text,
    summary: (file) => t('export.done.json', { user: ctx.user, events: events.length, cards: Object.keys(cards).length, file }),
  };
}

/** The real path of `p`, or of its nearest existing parent joined with the rest. */
function realish(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = dirname(p);
    return parent === p ? p : join(realish(parent), basename(p));
  }
}

const inside = (file: string, dir: string) => file === dir || file.startsWith(`${dir}${sep}`);

/**
 * The data directory is ours alone, and deck files are the user's: an export written over a log,
 * a snapshot, `settings.json` or a deck (even with --force) would replace it with something else.
 */
function refuseStorePaths(ctx: Context, file: string, shown: string): void {
  const target = realish(file);
  if (inside(target, realish(ctx.data))) throw new UserError(t('export.insideData', { file: shown, dir: ctx.data }));
  for (const src of ctx.sources) {
    const real = realish(src);
    if (target === real || (inside(target, real) && target.endsWith('.md'))) {
      throw new UserError(t('export.overDeck', { file: shown }));
    }
  }
}

/** `llm-quiz export`: the selected user's progress as json or csv, or the cards for Anki. */
export async function runExport(o: ExportOptions): Promise<void> {
  const ctx = makeContext(o);
  const format = o.format ?? 'json';
  if (o.deck?.length && format !== 'anki') throw new UsageError(t('export.deckOnlyAnki'));
  // `-o ''` (an unset shell variable) used to mean stdout: say so instead of guessing.
  if (o.output !== undefined && o.output.trim() === '') throw new UsageError(t('export.emptyOutput'));
  const file = o.output ? resolve(o.output) : undefined;
  if (file) refuseStorePaths(ctx, file, o.output as string);
  const st = file && existsSync(file) ? statSync(file) : undefined;
  // A device or pipe (`-o /dev/stdout`, a FIFO) is written into: renaming a temp file over it
  // would replace the device itself (as root, `-o /dev/null --force` clobbered /dev/null).
  const stream = st !== undefined && !st.isFile() && !st.isDirectory();
  // Checked before the work, so a refused export costs nothing.
  if (st && !stream && (!o.force || st.isDirectory())) {
    throw new UserError(t('export.exists', { file: o.output as string }));
  }
  if (file && !existsSync(dirname(file)))
    throw new UserError(t('export.noFolder', { file: o.output as string, dir: dirname(file) }));
  const { text, summary } = build(ctx, o, format);
  if (!file) {
    // `llm-quiz export | head` closes the pipe early: that is the reader's choice, not an error.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
    // Deck text and ids in the export are untrusted: a terminal gets them through the gate; a
    // pipe or file gets the exact bytes.
    process.stdout.write(process.stdout.isTTY ? sanitize(text) : text);
    return;
  }
  try {
    if (stream) writeFileSync(file, text);
    else atomicWrite(file, text);
  } catch (e) {
    throw new UserError(t('export.cannotWrite', { file: o.output as string, reason: (e as Error).message }));
  }
  process.stdout.write(`${summary(o.output as string)}\n`);
}
