import { closeSync, existsSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { type CsvReview, EXPORT_FORMAT, EXPORT_SCHEMA, formatAnki, jsonExportChunks, reviewsCsvChunks } from '../core/export.js';
import { UsageError, UserError } from '../errors.js';
import { atomicWriteChunks } from '../store/atomic.js';
import { readHistory } from '../store/history.js';
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

interface Built {
  /** The export's text, a piece at a time (a history is read as it is written). */
  chunks: Iterable<string>;
  /** A one-line summary, once the chunks are written. */
  summary: (file: string) => string;
  close: () => void;
}

/** Builds the export and a one-line summary of it. */
function build(ctx: Context, o: ExportOptions, format: ExportFormat): Built {
  if (format === 'anki') {
    const col = loadDecks(ctx);
    assertDecksKnown(o.deck, col.cards);
    const wanted = o.deck?.map((d) => d.toLowerCase());
    const cards = wanted ? col.cards.filter((c) => wanted.includes(c.deckId)) : col.cards;
    const decks = new Set(cards.map((c) => c.deckId)).size;
    return {
      chunks: [formatAnki(cards)],
      summary: (file) => `${t('export.done.anki', { n: cards.length, decks, file })}\n${t('export.anki.how')}`,
      close: () => {},
    };
  }
  const store = openExisting(ctx);
  const history = readHistory(store.logsDir, ctx.now);
  const close = () => history.close();
  if (format === 'csv') {
    const col = loadDecks(ctx);
    let n = 0;
    function* counted(reviews: Iterable<CsvReview>) {
      for (const r of reviews) {
        n++;
        yield r;
      }
    }
    const chunks = reviewsCsvChunks(counted(history.csvReviews()), history.undone(), (id) => {
      const c = col.byId.get(id);
      return c ? { deck: c.deckId, question: c.question } : undefined;
    });
    return { chunks, summary: (file) => t('export.done.csv', { n, user: ctx.user, file }), close };
  }
  const cards = Object.fromEntries(store.progress);
  const head = {
    format: EXPORT_FORMAT,
    schema: EXPORT_SCHEMA,
    exportedAt: ctx.now.toISOString(),
    program: PROGRAM_VERSION,
    user: ctx.user,
    settings: store.settings,
    cards,
  } as const;
  return {
    chunks: jsonExportChunks(head, history.eventTexts()),
    summary: (file) => t('export.done.json', { user: ctx.user, events: history.size, cards: Object.keys(cards).length, file }),
    close,
  };
}

/** Pieces of text written into buffers of about a megabyte (one write each; each buffer a new one). */
function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<Buffer> {
  let buf = Buffer.allocUnsafe(size);
  let at = 0;
  for (const c of chunks) {
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    if (at + 3 * c.length > buf.length) {
      if (at > 0) yield buf.subarray(0, at);
      buf = Buffer.allocUnsafe(Math.max(size, 3 * c.length));
      at = 0;
    }
    at += buf.write(c, at, 'utf8');
  }
  if (at > 0) yield buf.subarray(0, at);
}

/** Writes to stdout a buffer at a time, waiting while the pipe is full; stops when the reader has gone. */
async function toStdout(buffers: Iterable<Buffer>): Promise<void> {
  const out = process.stdout;
  let gone = false;
  // `llm-quiz export | head` closes the pipe early: that is the reader's choice, not an error.
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    gone = true;
  });
  // Deck text and ids in the export are untrusted: a terminal gets them through the gate; a
  // pipe or file gets the exact bytes (a buffer ends where a piece does, so no escape is cut).
  const tty = out.isTTY;
  for (const b of buffers) {
    if (gone) return;
    if (out.write(tty ? sanitize(b.toString('utf8')) : b)) continue;
    await new Promise<void>((resolve) => {
      const done = () => {
        for (const ev of ['drain', 'error', 'close']) out.off(ev, done);
        resolve();
      };
      for (const ev of ['drain', 'error', 'close']) out.on(ev, done);
    });
  }
}

/** Writes into a device or pipe (never replaced by a rename). */
function writeToDevice(file: string, buffers: Iterable<Buffer>): void {
  const fd = openSync(file, 'w');
  try {
    for (const b of buffers) for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
  } finally {
    closeSync(fd);
  }
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
  const { chunks, summary, close } = build(ctx, o, format);
  try {
    if (!file) {
      await toStdout(batched(chunks));
      return;
    }
    try {
      if (stream) writeToDevice(file, batched(chunks));
      else atomicWriteChunks(file, batched(chunks));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(t('export.cannotWrite', { file: o.output as string, reason: (e as Error).message }));
    }
  } finally {
    close();
  }
  process.stdout.write(`${summary(o.output as string)}\n`);
}
