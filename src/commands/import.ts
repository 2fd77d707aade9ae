import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import chalk from 'chalk';
import { hasCloze } from '../core/cloze.js';
import { isSlug, MAX_DECK_BYTES, parseDeck, slugify } from '../core/deck.js';
import { type ApkgResult, convertApkg } from '../core/import/apkg.js';
import { type Converter, TEXT_CONVERTERS } from '../core/import/converters.js';
import { prepareDeckFile } from '../core/import/deckfile.js';
import { closestFormat, type DetectedFormat, detect, detectFormat, SHAPES } from '../core/import/detect.js';
import { loneCrToLf } from '../core/import/guards.js';
import { ankiReviewEvents, ankiSuspendEvents } from '../core/import/history.js';
import { fingerprintText, matchEdited, previousDeckByQuestions } from '../core/import/identity.js';
import {
  type ConvertOptions,
  deckIdError,
  deckIdProblem,
  IMPORT_FORMATS,
  type ImportDeck,
  type ImportFormat,
  type LedgerEntry,
  MAX_IMPORT_CARDS,
  MAX_INPUT_BYTES,
  splitDeck,
  textCardId,
} from '../core/import/model.js';
import {
  type ExistingDeck,
  type ImportPlan,
  isInside,
  type PreparedDeck,
  planImport,
  type TargetInfo,
} from '../core/import/plan.js';
import { MARKER, renderDeck } from '../core/import/render.js';
import type { ProgressEvent } from '../core/progress.js';
import { createScheduler } from '../core/scheduler.js';
import { resolveTopic } from '../core/topic-map.js';
import { type Problem, UsageError, UserError } from '../errors.js';
import { type OpenedApkg, openApkg } from '../store/apkg-file.js';
import { atomicWrite, atomicWriteBytes } from '../store/atomic.js';
import { displayPath, loadCollection } from '../store/decks.js';
import { userDecksDir } from '../store/paths.js';
import { ProgressStore } from '../store/progress-store.js';
import { loadTopicMap } from '../store/topic-map-file.js';
import { localizeText, type MessageKey, problemLine, t } from '../ui/messages.js';
import { type GlobalOptions, makeContext } from './shared/context.js';
import { obsidianVaultSettings } from './shared/obsidian-vault.js';

export interface ImportOptions extends GlobalOptions {
  format?: string;
  deckId?: string;
  topic?: string[];
  dryRun?: boolean;
  json?: boolean;
  /** Take the closest previous card for reworded cards that read like several (no question asked). */
  yes?: boolean;
}

/** File name endings `import` looks at inside folders. */
const IMPORTABLE = new Set(['.md', '.markdown', '.txt', '.tsv', '.csv', '.json', '.org', '.apkg', '.colpkg']);
/** Above this many cards, a progress bar is shown on a terminal. */
const PROGRESS_BAR_CARDS = 300;

interface Input {
  abs: string;
  shown: string;
}

/** Folders deeper than this under a path given are not walked (each one left out is reported). */
const MAX_IMPORT_DEPTH = 8;

/**
 * Expands the paths given into files: folders are walked (sorted, skipping dot-folders and
 * README.md). A symlink to a file is that file; what is left out of a walk that could have been
 * meant (a symlinked folder, a pipe or device named like an import, a folder too deep) is returned
 * as a warning, never dropped without a word.
 */
function gatherInputs(paths: string[]): { inputs: Input[]; skipped: Problem[] } {
  const out: Input[] = [];
  const skipped: Problem[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ abs, shown: displayPath(abs) });
  };
  const skip = (abs: string, key: MessageKey) =>
    skipped.push({ file: displayPath(abs), line: 0, severity: 'warning', message: t(key, { path: displayPath(abs) }) });
  const importable = (name: string) => IMPORTABLE.has(extname(name).toLowerCase()) && name.toLowerCase() !== 'readme.md';
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
    // A FIFO, socket or device: opening a FIFO waits for a writer, and it is no folder to walk.
    if (!st.isDirectory()) throw new UserError(t('import.notRegular', { path: p }));
    const before = out.length;
    const walk = (dir: string, depth: number) => {
      for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
        const child = join(dir, ent.name);
        if (ent.isDirectory()) {
          if (depth < MAX_IMPORT_DEPTH) walk(child, depth + 1);
          else skip(child, 'import.skippedDeep');
          continue;
        }
        if (!importable(ent.name)) continue;
        const kind = ent.isSymbolicLink() ? statKind(child) : ent.isFile() ? 'file' : 'other';
        if (kind === 'file') add(child);
        // A symlinked folder is not followed (it could loop back); a dangling link has nothing.
        else if (kind === 'dir') skip(child, 'import.skippedLinkedFolder');
        else skip(child, kind === 'missing' ? 'import.skippedDangling' : 'import.skippedNotRegular');
      }
    };
    walk(abs, 0);
    if (out.length === before) throw new UserError(t('import.noFiles', { path: p }));
  }
  return { inputs: out, skipped };
}

function statKind(p: string): 'file' | 'dir' | 'other' | 'missing' {
  try {
    const st = statSync(p);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Parts of a source too big for one deck stay well inside the deck limits (5,000 cards, 2 MiB). */
const DECK_PART_CARDS = 4000;
const DECK_PART_BYTES = 1536 * 1024;

/** Largest Anki package read (media included). */
const MAX_APKG_BYTES = 256 * 1024 * 1024;
/** Events per durable append of an imported review history. */
const APPEND_CHUNK = 50_000;

/** An Anki package read and converted: its history and media wait until the decks are written. */
interface AnkiInput {
  source: string;
  hash: string;
  opened: OpenedApkg;
  result: ApkgResult;
}

/** True for an Anki package: by name, or by the zip signature with --format apkg. */
function isPackage(abs: string, format: string): boolean {
  if (/\.(apkg|colpkg)$/i.test(abs)) return true;
  if (format !== 'apkg') return false;
  const h = head(abs, 4);
  return h.startsWith('PK');
}

/** Reads an Anki package (size limit first); a problem when it cannot be read. */
async function readPackage(input: Input, opts: ConvertOptions): Promise<AnkiInput | Problem> {
  const fail = (reason: string): Problem => ({
    file: input.shown,
    line: 0,
    severity: 'error',
    message: t('problem.apkg.unreadable', { reason }),
    hint: t('problem.apkg.unreadable.hint'),
  });
  const size = statSync(input.abs).size;
  if (size > MAX_APKG_BYTES)
    return fail(t('import.tooBig', { size: (size / 1024 / 1024).toFixed(1), max: MAX_APKG_BYTES / 1024 / 1024 }));
  const bytes = readFileSync(input.abs);
  const opened = await openApkg(bytes);
  if (typeof opened === 'string') return fail(opened);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return { source: input.shown, hash, opened, result: convertApkg(opened.data, input.shown, opts) };
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
  return loneCrToLf(buf.toString('utf8'));
}

/** Where the regions of one input went (printed after the import, and in --json). */
interface InputLedger {
  source: string;
  format: ImportFormat;
  ledger: LedgerEntry[];
}

/** Converts one input into decks ready to write, and counts their cards. */
async function convert(
  format: ImportFormat,
  text: string,
  file: string,
  opts: ConvertOptions,
): Promise<{ prepared: PreparedDeck[]; decks: ImportDeck[]; problems: Problem[]; cards: number; ledger?: LedgerEntry[] }> {
  if (format === 'deck') {
    const r = prepareDeckFile(text, file, opts);
    const prepared = r.deck ? [{ id: r.deck.id, title: r.deck.title, format, source: file, line: 1, text: r.deck.text }] : [];
    return { prepared, decks: [], problems: r.problems, cards: r.deck?.cards ?? 0 };
  }
  if (format === 'apkg') throw new Error('apkg inputs are read as bytes');
  // Markdown is split with marked's lexer: loaded only when a Markdown question list is read.
  const converter: Converter = format === 'qa' ? (await import('../core/import/qa.js')).convertQa : TEXT_CONVERTERS[format];
  const r = converter(text, file, opts);
  return {
    prepared: [],
    decks: r.decks,
    problems: r.problems,
    cards: r.decks.reduce((n, d) => n + d.cards.length, 0),
    ...(r.ledger ? { ledger: r.ledger } : {}),
  };
}

/** A converted deck waiting for its identity to be settled against the decks already there. */
interface PendingDeck {
  deck: ImportDeck;
  format: ImportFormat;
  source: string;
  sourceName: string;
  /** Content fingerprint of the input (a renamed file is the same source). */
  fingerprint: string;
  /** The input made this one deck (its id comes from the file name, so a rename changes it). */
  single: boolean;
}

const fingerprintOf = (text: string) => createHash('sha256').update(fingerprintText(text)).digest('hex').slice(0, 16);

/** The source fingerprint written into a deck file by an earlier import, if any. */
function markerOf(abs: string): string | undefined {
  try {
    return MARKER.exec(head(abs, 8192))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Settles a converted deck's identity against the decks already there (see core/import/identity):
 * a renamed source updates the deck it was imported as before, and reworded cards keep the ids
 * (so the progress) of the cards they were. Returns the problems to show.
 */
/** How an ambiguous reworded card is settled: `--yes` takes the closest, a terminal asks, otherwise a warning. */
type Ask = (question: string, candidates: Array<{ id: string; question: string }>) => Promise<string | undefined>;

/**
 * Asks on the terminal which earlier card a reworded one is (Enter: none, a new card). Only used
 * when both stdin and stderr are terminals and neither --yes nor --json is given.
 */
const askOnTerminal: Ask = async (question, candidates) => {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const list = candidates.map((c, i) => `  ${i + 1}) ${c.question.slice(0, 70)} (${c.id})`).join('\n');
  const answer = await new Promise<string>((done) =>
    rl.question(`${t('import.askAmbiguous', { question: question.slice(0, 70), list, n: candidates.length })} `, done),
  );
  rl.close();
  const n = Number(answer.trim());
  return Number.isInteger(n) && n >= 1 && n <= candidates.length ? candidates[n - 1]?.id : undefined;
};

async function settleIdentity(
  p: PendingDeck,
  existing: ExistingDeck[],
  yes: boolean,
  explicitId: boolean,
  ask?: Ask,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const mine = existing.filter((e) => e.inUserFolder);
  let prev = existing.find((e) => e.deck.meta.id === p.deck.id);
  if (!prev && p.single && !explicitId) {
    const byPrint = mine.find((e) => markerOf(e.abs) === p.fingerprint);
    const target =
      byPrint?.deck.meta.id ??
      previousDeckByQuestions(
        p.deck.cards.map((c) => c.question),
        mine.map((e) => ({ id: e.deck.meta.id, questions: e.deck.cards.filter((c) => !c.cloze).map((c) => c.question) })),
      );
    if (target) {
      const old = p.deck.id;
      p.deck.id = target;
      for (const c of p.deck.cards) if (c.id === textCardId(old, c.question)) c.id = textCardId(target, c.question);
      prev = existing.find((e) => e.deck.meta.id === target);
      problems.push({ file: p.source, line: 0, severity: 'warning', message: t('import.renamedSource', { deck: target }) });
    }
  }
  if (!prev?.inUserFolder) return problems;
  const plain = p.deck.cards.filter((c) => !hasCloze(c.question));
  const match = matchEdited(
    plain,
    prev.deck.cards.filter((c) => !c.cloze),
  );
  const taken = new Set(match.renamed.values());
  for (const a of match.ambiguous) {
    const best = a.candidates.find((c) => !taken.has(c.id));
    if (yes && best) {
      match.renamed.set(a.id, best.id);
      taken.add(best.id);
      continue;
    }
    if (ask) {
      const chosen = await ask(
        a.question,
        a.candidates.filter((c) => !taken.has(c.id)),
      );
      if (chosen) {
        match.renamed.set(a.id, chosen);
        taken.add(chosen);
      }
      continue;
    }
    const ids = a.candidates.map((c) => c.id).join(', ');
    problems.push({
      file: p.source,
      line: p.deck.cards.find((c) => c.id === a.id)?.line ?? 0,
      severity: 'warning',
      message: t('import.ambiguous', { question: a.question.slice(0, 60), n: a.candidates.length, ids }),
      hint: t('import.ambiguousHint', { best: best?.id ?? '' }),
    });
  }
  for (const c of p.deck.cards) {
    const to = match.renamed.get(c.id);
    if (to) c.id = to;
  }
  return problems;
}

/**
 * The refusal for a file in which no shape was found (or whose detected shape held no card):
 * the shapes looked for, the one it is closest to, and the --format that would read it that way.
 */
function refusal(file: string, text: string, tried?: ImportFormat): Problem {
  const near = closestFormat(text);
  return {
    file,
    line: 0,
    severity: 'error',
    message: t('import.noShape', { shapes: SHAPES, closest: near.format, seen: near.seen }),
    // Closest to the shape already tried: --format would change nothing, so say how to write it.
    hint: near.format === tried ? t('import.noShapeWrite') : t('import.noShapeHint', { format: near.format }),
  };
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
  const { format, convert: checked } = checkOptions(o);
  const ctx = makeContext(o);
  // Topics from headings and tags are mapped onto the vocabulary of the deck folders' topic maps.
  const vocabulary = loadTopicMap(ctx.sources.filter((s) => existsSync(s))).map;
  const convertOpts: ConvertOptions = { ...checked, ...(vocabulary ? { vocabulary } : {}) };
  const userDecks = userDecksDir(ctx.data);
  const { inputs, skipped } = gatherInputs(paths);
  const problems: Problem[] = [...skipped];
  const prepared: PreparedDeck[] = [];
  const progressFiles: Input[] = [];
  const ledgers: InputLedger[] = [];
  const packages: AnkiInput[] = [];
  const pending: PendingDeck[] = [];
  let totalCards = 0;

  for (const input of inputs) {
    if (isPackage(input.abs, format)) {
      const pkg = await readPackage(input, convertOpts);
      if ('severity' in pkg) {
        problems.push(pkg);
        continue;
      }
      packages.push(pkg);
      problems.push(...pkg.result.problems);
      for (const deck of pkg.result.decks) {
        pending.push({
          deck,
          format: 'apkg',
          source: input.shown,
          sourceName: basename(input.abs),
          fingerprint: pkg.hash,
          single: false,
        });
        totalCards += deck.cards.length;
      }
      continue;
    }
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
    let separator: string | undefined;
    if (format === 'auto') ({ format: detected, separator } = detect(input.abs, text));
    if (!detected || detected === 'progress' || detected === 'apkg') {
      problems.push(refusal(input.shown, text));
      continue;
    }
    // An Obsidian note is read with its vault's plugin settings (bold clozes, end marker), if any.
    const vault = detected === 'obsidian' ? obsidianVaultSettings(input.abs) : undefined;
    const r = await convert(detected, text, input.shown, {
      ...convertOpts,
      ...(separator ? { separator } : {}),
      ...(vault ? { obsidian: vault } : {}),
    });
    // Found no card in the shape it was detected as: say which shapes were tried and which would fit.
    const none =
      r.prepared.length === 0 && r.problems.some((p) => p.key === 'problem.qa.none' || p.key === 'problem.anki.noNotes');
    problems.push(...(none && format === 'auto' ? [refusal(input.shown, text, detected)] : r.problems));
    prepared.push(...r.prepared);
    const fingerprint = fingerprintOf(text);
    for (const deck of r.decks) {
      pending.push({
        deck,
        format: detected,
        source: input.shown,
        sourceName: basename(input.abs),
        fingerprint,
        single: r.decks.length === 1,
      });
    }
    totalCards += r.cards;
    if (r.ledger) ledgers.push({ source: input.shown, format: detected, ledger: r.ledger });
  }
  if (convertOpts.deckId && prepared.length + pending.length > 1) {
    problems.push({
      file: prepared[1]?.source ?? pending[1]?.source ?? '',
      line: 0,
      severity: 'error',
      message: t('import.deckIdMany', { n: prepared.length + pending.length }),
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
  if (!problems.some((p) => p.severity === 'error') && prepared.length + pending.length > 0) {
    const bar = new ProgressBar(Math.max(totalCards, prepared.length + pending.length), t('import.checking'));
    const col = loadCollection(ctx.sources.filter((s) => existsSync(s)));
    const existing: ExistingDeck[] = col.decks.map((deck) => {
      const abs = resolve(deck.file);
      return { deck, abs, inUserFolder: isInside(userDecks, abs) };
    });
    // A source too big for one deck file becomes several (card ids unchanged).
    const parts = pending.flatMap((p) =>
      splitDeck(p.deck, DECK_PART_CARDS, DECK_PART_BYTES).map((deck, i) => ({ ...p, deck, single: p.single && i === 0 })),
    );
    for (const p of parts) {
      if (vocabulary)
        for (const c of p.deck.cards) c.topics = [...new Set(c.topics.map((t) => resolveTopic(vocabulary, t) ?? t))];
      const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && !o.json && !o.yes;
      problems.push(
        ...(await settleIdentity(
          p,
          existing,
          !!o.yes,
          convertOpts.deckId !== undefined,
          interactive ? askOnTerminal : undefined,
        )),
      );
      const d = p.deck;
      prepared.push({
        id: d.id,
        title: d.title,
        format: p.format,
        source: p.source,
        line: d.line,
        text: renderDeck(d, p.sourceName, p.fingerprint),
      });
    }
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
    if (o.json) process.stdout.write(`${JSON.stringify(jsonReport(plan, problems, false, ledgers), null, 2)}\n`);
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
    for (const pkg of packages) copyMedia(pkg, plan, userDecks);
  }
  const histories = packages.map((pkg) => importHistory(pkg, ctx, !!o.dryRun));
  for (const pkg of packages) pkg.opened.close();
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ ...jsonReport(plan, problems, !o.dryRun, ledgers), history: histories }, null, 2)}\n`,
    );
  } else {
    const lines = describe(plan, !!o.dryRun);
    lines.push(...describeLedgers(ledgers));
    for (const h of histories) lines.push(t(o.dryRun ? 'import.historyDry' : 'import.history', h));
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

/**
 * Copies the media a package's fields use into `<deck id>.media/` beside each deck written (the
 * pictures in the deck point there). Names were made safe by the converter; the target is
 * checked to lie inside the deck folder all the same.
 */
function copyMedia(pkg: AnkiInput, plan: ImportPlan, userDecks: string): void {
  const targets = new Map(
    plan.decks.filter((d) => d.prepared.source === pkg.source).map((d) => [d.prepared.id, dirname(d.target)]),
  );
  for (const m of pkg.result.media) {
    const dir = targets.get(m.deck);
    if (!dir) continue;
    const folder = join(dir, `${m.deck}.media`);
    const file = join(folder, m.name);
    if (!isInside(userDecks, file)) continue;
    const bytes = pkg.opened.mediaBytes(m.key);
    if (!bytes) continue;
    mkdirSync(folder, { recursive: true });
    atomicWriteBytes(file, bytes);
  }
}

/**
 * Writes a package's review history into the selected user's progress: Anki's reviews replayed
 * through our scheduler, in a log of their own (`import-anki-<hash>`), so FSRS states continue
 * where Anki left them. Reviews already there (same package imported before) are skipped.
 */
function importHistory(pkg: AnkiInput, ctx: ReturnType<typeof makeContext>, dryRun: boolean) {
  const store = ProgressStore.open(ctx.data, ctx.user, { create: !dryRun, device: `import-anki-${pkg.hash}` });
  const scheduler = createScheduler(store.settings, null);
  const reviews = ankiReviewEvents(pkg.result.reviews, scheduler);
  const events: ProgressEvent[] = [...reviews, ...ankiSuspendEvents(pkg.result.suspended, reviews)];
  const known = new Set(store.readAllEvents().map((e) => e.id));
  const fresh = events.filter((e) => !known.has(e.id));
  if (!dryRun && fresh.length > 0) {
    for (let i = 0; i < fresh.length; i += APPEND_CHUNK) store.append(...fresh.slice(i, i + APPEND_CHUNK));
    store.saveSnapshot();
  }
  store.close();
  return {
    file: pkg.source,
    reviews: reviews.length,
    fresh: fresh.filter((e) => e.type === 'review').length,
    cards: new Set(reviews.map((e) => e.card)).size,
    suspended: pkg.result.suspended.length,
    media: pkg.result.media.length,
    user: ctx.user,
  };
}

/** Most left-out regions listed per file on the terminal (--json has them all). */
const LEDGER_LINES = 20;

/** Per input: cards, drafts and every region left out, with its lines and reason. */
function describeLedgers(ledgers: InputLedger[]): string[] {
  const out: string[] = [];
  for (const l of ledgers) {
    // Adjacent lines left out for the same reason read as one region.
    const left: LedgerEntry[] = [];
    for (const e of l.ledger.filter((x) => x.kind === 'left').sort((a, b) => a.from - b.from)) {
      const prev = left[left.length - 1];
      if (prev && prev.reason === e.reason && e.from <= prev.to + 1) prev.to = Math.max(prev.to, e.to);
      else left.push({ ...e });
    }
    const count = (k: LedgerEntry['kind']) => l.ledger.filter((e) => e.kind === k).length;
    out.push(
      t('import.ledger', { file: l.source, format: l.format, cards: count('card'), drafts: count('draft'), left: left.length }),
    );
    for (const e of left.slice(0, LEDGER_LINES)) {
      const lines = e.from === e.to ? t('import.line', { from: e.from }) : t('import.lines', { from: e.from, to: e.to });
      out.push(t('import.ledgerLeft', { lines, reason: e.reason ? t(`ledger.${e.reason}`) : '' }));
    }
    if (left.length > LEDGER_LINES) out.push(t('import.ledgerMore', { n: left.length - LEDGER_LINES }));
  }
  return out;
}

function jsonReport(plan: ImportPlan, problems: Problem[], written: boolean, ledgers: InputLedger[]) {
  return {
    written,
    ledger: ledgers.map((l) => ({ source: l.source, format: l.format, regions: [...l.ledger].sort((a, b) => a.from - b.from) })),
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
