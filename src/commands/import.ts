import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import chalk from 'chalk';
import { isSlug, MAX_DECK_BYTES, parseDeck, slugify } from '../core/deck.js';
import { convertAnki } from '../core/import/anki.js';
import { convertCsv } from '../core/import/csv.js';
import { prepareDeckFile } from '../core/import/deckfile.js';
import { type DetectedFormat, detectFormat } from '../core/import/detect.js';
import {
  type ConvertOptions,
  type ConvertResult,
  deckIdError,
  deckIdProblem,
  IMPORT_FORMATS,
  type ImportFormat,
  MAX_IMPORT_CARDS,
  MAX_INPUT_BYTES,
} from '../core/import/model.js';
import {
  type ExistingDeck,
  type ImportPlan,
  isInside,
  type PreparedDeck,
  planImport,
  type TargetInfo,
} from '../core/import/plan.js';
import { convertQa } from '../core/import/qa.js';
import { renderDeck } from '../core/import/render.js';
import { type Problem, UsageError, UserError } from '../errors.js';
import { atomicWrite } from '../store/atomic.js';
import { displayPath, loadCollection } from '../store/decks.js';
import { userDecksDir } from '../store/paths.js';
import { localizeText, problemLine, t } from '../ui/messages.js';
import { type GlobalOptions, makeContext } from './shared/context.js';

export interface ImportOptions extends GlobalOptions {
  format?: string;
  deckId?: string;
  topic?: string[];
  dryRun?: boolean;
  json?: boolean;
}

/** File name endings `import` looks at inside folders. */
const IMPORTABLE = new Set(['.md', '.markdown', '.txt', '.tsv', '.csv', '.json']);
/** Above this many cards, a progress bar is shown on a terminal. */
const PROGRESS_BAR_CARDS = 300;

interface Input {
  abs: string;
  shown: string;
}

/** Expands the paths given into files: folders are walked (sorted, skipping dot-folders and README.md). */
function gatherInputs(paths: string[]): Input[] {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ abs, shown: displayPath(abs) });
  };
  for (const p of paths) {
    const abs = resolve(p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      throw new UserError(t('import.noPath', { path: p }));
    }
    if (st.isFile()) {
      add(abs);
      continue;
    }
    const before = out.length;
    const walk = (dir: string, depth: number) => {
      if (depth > 8) return;
      for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
        const child = join(dir, ent.name);
        if (ent.isDirectory()) walk(child, depth + 1);
        else if (ent.isFile() && IMPORTABLE.has(extname(ent.name).toLowerCase()) && ent.name.toLowerCase() !== 'readme.md') {
          add(child);
        }
      }
    };
    walk(abs, 0);
    if (out.length === before) throw new UserError(t('import.noFiles', { path: p }));
  }
  return out;
}

/** The first bytes of a file, for telling a progress export from other JSON without reading it all. */
function head(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads one input with the size limit applied first; a problem when it is too big or binary. */
function readInput(input: Input): string | Problem {
  const size = statSync(input.abs).size;
  if (size > MAX_INPUT_BYTES) {
    return {
      file: input.shown,
      line: 0,
      severity: 'error',
      message: t('import.tooBig', { size: (size / 1024 / 1024).toFixed(1), max: MAX_INPUT_BYTES / 1024 / 1024 }),
      hint: t('import.tooBigHint'),
    };
  }
  const buf = readFileSync(input.abs);
  if (buf.includes(0)) {
    return { file: input.shown, line: 0, severity: 'error', message: t('import.binary'), hint: t('import.binaryHint') };
  }
  return buf.toString('utf8');
}

/** Converts one input into decks ready to write, and counts their cards. */
function convert(
  format: ImportFormat,
  text: string,
  file: string,
  opts: ConvertOptions,
): { prepared: PreparedDeck[]; problems: Problem[]; cards: number } {
  if (format === 'deck') {
    const r = prepareDeckFile(text, file, opts);
    const prepared = r.deck ? [{ id: r.deck.id, title: r.deck.title, format, source: file, line: 1, text: r.deck.text }] : [];
    return { prepared, problems: r.problems, cards: r.deck?.cards ?? 0 };
  }
  const r: ConvertResult =
    format === 'qa'
      ? convertQa(text, file, opts)
      : format === 'anki'
        ? convertAnki(text, file, opts)
        : convertCsv(text, file, opts);
  const prepared = r.decks.map((d) => ({
    id: d.id,
    title: d.title,
    format,
    source: file,
    line: d.line,
    text: renderDeck(d, basename(file)),
  }));
  return { prepared, problems: r.problems, cards: r.decks.reduce((n, d) => n + d.cards.length, 0) };
}

/** Checks the command-line options; usage mistakes are user errors with exit code 2. */
function checkOptions(o: ImportOptions): { format: ImportFormat | 'auto'; convert: ConvertOptions } {
  const format = (o.format ?? 'auto').toLowerCase();
  if (format !== 'auto' && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(t('import.badFormat', { format }));
  }
  const topics: string[] = [];
  for (const raw of o.topic ?? []) {
    const topic = raw.trim().toLowerCase();
    if (!isSlug(topic)) throw new UsageError(t('import.badTopic', { topic: raw, slug: slugify(raw) || 'my-topic' }));
    topics.push(topic);
  }
  if (o.deckId !== undefined) {
    const why = deckIdProblem(o.deckId);
    if (why) throw new UsageError(t('import.badDeckId', { reason: localizeText(why, deckIdError(o.deckId)) }));
  }
  return {
    format: format as ImportFormat | 'auto',
    convert: { ...(o.deckId !== undefined ? { deckId: o.deckId } : {}), ...(topics.length ? { topics } : {}) },
  };
}

/** A one-line progress bar on stderr, only on a terminal. */
class ProgressBar {
  private done = 0;
  private last = -1;
  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly on = process.stderr.isTTY === true && total > PROGRESS_BAR_CARDS,
  ) {}
  tick(n: number): void {
    if (!this.on) return;
    this.done = Math.min(this.total, this.done + n);
    const pct = Math.floor((this.done / this.total) * 100);
    if (pct === this.last) return;
    this.last = pct;
    const width = 30;
    const fill = Math.round((pct / 100) * width);
    process.stderr.write(`\r${this.label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${pct}% ${this.done}/${this.total}`);
  }
  end(): void {
    if (this.on && this.last >= 0) process.stderr.write('\r\u001B[2K');
  }
}

/** What is at a target path: a link, a file, and which deck that file holds. */
function inspectTarget(abs: string): TargetInfo {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(abs);
  } catch {
    return { exists: false, symlink: false };
  }
  if (st.isSymbolicLink()) return { exists: true, symlink: true };
  if (!st.isFile() || st.size > MAX_DECK_BYTES) return { exists: true, symlink: false };
  const { deck } = parseDeck(readFileSync(abs, 'utf8'), abs);
  return { exists: true, symlink: false, ...(deck ? { deckId: deck.meta.id } : {}) };
}

function show(p: Problem): string {
  const line = problemLine(p);
  return p.severity === 'error' ? chalk.red(line) : chalk.yellow(line);
}

function describe(plan: ImportPlan, dryRun: boolean): string[] {
  const out: string[] = [];
  for (const d of plan.decks) {
    const file = displayPath(d.target);
    const n = d.cards.length;
    const key =
      d.action === 'create'
        ? dryRun
          ? 'import.wouldCreate'
          : 'import.created'
        : d.action === 'update'
          ? dryRun
            ? 'import.wouldUpdate'
            : 'import.updated'
          : 'import.unchanged';
    out.push(
      t(key, { n, file, deck: d.prepared.id, added: d.added.length, changed: d.changed.length, removed: d.removed.length }),
    );
    if (d.drafts > 0) out.push(`  ${t('import.drafts', { n: d.drafts })}`);
    if (d.removed.length > 0) out.push(`  ${t('import.orphans')}`);
  }
  return out;
}

/**
 * `llm-quiz import PATH...`: converts every input, checks all of them, and only then writes the
 * decks (each atomically) into the user deck folder. Any error: everything is listed, nothing
 * is written, exit 1.
 */
export async function runImport(paths: string[], o: ImportOptions): Promise<number> {
  const { format, convert: convertOpts } = checkOptions(o);
  const ctx = makeContext(o);
  const userDecks = userDecksDir(ctx.data);
  const inputs = gatherInputs(paths);
  const problems: Problem[] = [];
  const prepared: PreparedDeck[] = [];
  const progressFiles: Input[] = [];
  let totalCards = 0;

  for (const input of inputs) {
    let detected: DetectedFormat = format === 'auto' ? undefined : format;
    if (format === 'auto' && extname(input.abs).toLowerCase() === '.json') {
      detected = detectFormat(input.abs, head(input.abs));
      if (detected === 'progress') {
        progressFiles.push(input);
        continue;
      }
    }
    const text = readInput(input);
    if (typeof text !== 'string') {
      problems.push(text);
      continue;
    }
    if (format === 'auto') detected = detectFormat(input.abs, text);
    if (!detected || detected === 'progress') {
      problems.push({
        file: input.shown,
        line: 0,
        severity: 'error',
        message: t('import.unknown'),
        hint: t('import.unknownHint'),
      });
      continue;
    }
    const r = convert(detected, text, input.shown, convertOpts);
    problems.push(...r.problems);
    prepared.push(...r.prepared);
    totalCards += r.cards;
  }
  if (convertOpts.deckId && prepared.length > 1) {
    problems.push({
      file: prepared[1]?.source ?? '',
      line: 0,
      severity: 'error',
      message: t('import.deckIdMany', { n: prepared.length }),
      hint: t('import.deckIdManyHint'),
    });
  }
  if (totalCards > MAX_IMPORT_CARDS) {
    problems.push({
      file: inputs[0]?.shown ?? '',
      line: 0,
      severity: 'error',
      message: t('import.tooManyCards', { n: totalCards, max: MAX_IMPORT_CARDS }),
      hint: t('import.tooManyCardsHint'),
    });
  }

  let plan: ImportPlan = { decks: [], problems: [] };
  if (!problems.some((p) => p.severity === 'error') && prepared.length > 0) {
    const bar = new ProgressBar(Math.max(totalCards, prepared.length), t('import.checking'));
    const col = loadCollection(ctx.sources.filter((s) => existsSync(s)));
    const existing: ExistingDeck[] = col.decks.map((deck) => {
      const abs = resolve(deck.file);
      return { deck, abs, inUserFolder: isInside(userDecks, abs) };
    });
    plan = planImport(
      prepared,
      existing,
      userDecks,
      inspectTarget,
      (abs) => displayPath(abs),
      (n) => bar.tick(n),
    );
    bar.end();
    problems.push(...plan.problems);
  }

  const errors = problems.filter((p) => p.severity === 'error');
  if (!o.json) for (const p of problems) process.stderr.write(`${show(p)}\n`);
  if (errors.length > 0) {
    if (o.json) process.stdout.write(`${JSON.stringify(jsonReport(plan, problems, false), null, 2)}\n`);
    else process.stderr.write(`${chalk.red(t('import.failed', { n: errors.length }))}\n`);
    return 1;
  }

  if (!o.dryRun) {
    const toWrite = plan.decks.filter((d) => d.action !== 'unchanged');
    if (toWrite.length > 0) mkdirSync(userDecks, { recursive: true });
    const bar = new ProgressBar(
      toWrite.reduce((n, d) => n + d.cards.length, 0),
      t('import.writing'),
    );
    for (const d of toWrite) {
      atomicWrite(d.target, d.prepared.text);
      bar.tick(d.cards.length);
    }
    bar.end();
  }
  if (o.json) {
    process.stdout.write(`${JSON.stringify(jsonReport(plan, problems, !o.dryRun), null, 2)}\n`);
  } else {
    const lines = describe(plan, !!o.dryRun);
    if (plan.decks.length > 0) {
      const cards = plan.decks.reduce((n, d) => n + d.cards.length, 0);
      lines.push(o.dryRun ? t('import.dryRun') : t('import.summary', { decks: plan.decks.length, cards }));
    }
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }

  let code = 0;
  for (const f of progressFiles) {
    // Progress exports have their own importer (merging review logs), run after the decks are in.
    const { runImportProgress } = await import('./shared/progress-import.js');
    code = Math.max(code, await runImportProgress(f.abs, o));
  }
  return code;
}

function jsonReport(plan: ImportPlan, problems: Problem[], written: boolean) {
  return {
    written,
    decks: plan.decks.map((d) => ({
      id: d.prepared.id,
      title: d.prepared.title,
      format: d.prepared.format,
      source: d.prepared.source,
      file: d.target,
      action: d.action,
      cards: d.cards.length,
      drafts: d.drafts,
      added: d.added,
      changed: d.changed,
      removed: d.removed,
    })),
    problems,
  };
}
