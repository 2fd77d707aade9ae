/**
 * Edits that survive: a bundled or imported card is edited as the user's own copy (an override)
 * in `<data>/decks/.overrides/<deck>.md`, never in the install folder nor in a file the next
 * import replaces. The copy keeps the card's id, so its progress stays. A `<deck>.base.json`
 * beside it remembers what the original said when it was copied, so `check` can tell when it changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Card } from '../../core/deck.js';
import { MARKER } from '../../core/import/render.js';
import { addToOverrideFile, applyOverrides, cardHash, cardSource } from '../../core/override.js';
import { problem } from '../../core/problems.js';
import type { Problem } from '../../errors.js';
import { atomicWrite } from '../../store/atomic.js';
import { type Collection, displayPath, type EditionChoice, loadCollection } from '../../store/decks.js';
import { bundledDecksDir, userDecksDir } from '../../store/paths.js';
import { t } from '../../ui/messages.js';

/** Where a user's copies of bundled and imported cards live (a dot-folder: the deck loader skips it). */
export function overridesDir(data: string): string {
  return join(userDecksDir(data), '.overrides');
}

type Bases = Record<string, { hash: string; file: string }>;

function basesFile(dir: string, deckId: string): string {
  return join(dir, `${deckId}.base.json`);
}

function readBases(file: string): Bases {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return Object.create(null);
    const out: Bases = Object.create(null);
    for (const [id, v] of Object.entries(raw)) {
      const b = v as { hash?: unknown; file?: unknown };
      if (typeof b?.hash === 'string' && typeof b.file === 'string') out[id] = { hash: b.hash, file: b.file };
    }
    return out;
  } catch {
    return Object.create(null);
  }
}

function inside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/** The collection with the user's overrides in place of the cards they copy; their problems added. */
export function withOverrides(data: string, col: Collection, choice: EditionChoice): Collection {
  const dir = overridesDir(data);
  if (!existsSync(dir)) return col;
  const over = loadCollection([dir], undefined, choice);
  const { cards, unknown } = applyOverrides(col.cards, over.cards);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const decks = col.decks.map((d) => ({ ...d, cards: d.cards.map((c) => byId.get(c.id) ?? c) }));
  const problems = [...col.problems, ...over.problems, ...unknown.map(unknownProblem)];
  return { decks, cards, byId, problems };
}

function unknownProblem(c: Card): Problem {
  return problem(c.file, c.line, 'warning', 'problem.override.unknown', { id: c.id });
}

/**
 * Problems of the overrides against the originals (`original` loaded without them): an override
 * whose original changed since it was copied, or that copies no card. With `ack`, the changed
 * originals are recorded as seen (`check --fix`, after merging).
 */
export function overrideProblems(data: string, original: Collection, ack = false): Problem[] {
  const dir = overridesDir(data);
  if (!existsSync(dir)) return [];
  const over = loadCollection([dir]);
  const out: Problem[] = [...over.problems];
  const acked = new Map<string, Bases>();
  for (const c of over.cards) {
    const orig = original.byId.get(c.id);
    if (!orig) {
      out.push(unknownProblem(c));
      continue;
    }
    const file = basesFile(dir, orig.deckId);
    const bases = acked.get(file) ?? readBases(file);
    const hash = cardHash(orig);
    if (bases[c.id]?.hash === hash) continue;
    if (ack) {
      bases[c.id] = { hash, file: resolve(orig.file) };
      acked.set(file, bases);
      continue;
    }
    out.push(
      problem(c.file, c.line, 'warning', 'problem.override.stale', { id: c.id, where: `${displayPath(orig.file)}:${orig.line}` }),
    );
  }
  for (const [file, bases] of acked) atomicWrite(file, `${JSON.stringify(bases, null, 2)}\n`);
  return out;
}

/** True for a card the user should not edit in place: bundled (install folder) or made by `import`. */
function needsOverride(card: Card): boolean {
  if (inside(card.file, bundledDecksDir())) return true;
  try {
    const text = readFileSync(card.file, 'utf8');
    return MARKER.test(text) || text.includes('by `llm-quiz import`');
  } catch {
    return false;
  }
}

/**
 * Where to edit a card: in place for the user's own decks and overrides; else a copy is written
 * into the overrides (with the original's fingerprint) and that is opened. `copied` tells which.
 */
export function editTarget(data: string, col: Collection, card: Card): { file: string; line: number; copied: boolean } {
  const dir = overridesDir(data);
  if (inside(card.file, dir) || !needsOverride(card)) return { file: card.file, line: card.line, copied: false };
  const deck = col.decks.find((d) => d.meta.id === card.deckId);
  if (!deck) return { file: card.file, line: card.line, copied: false };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${card.deckId}.md`);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const source = cardSource(readFileSync(card.file, 'utf8'), card.line);
  const note = t('override.note', { file: displayPath(card.file) });
  const res = addToOverrideFile(existing, deck.meta, source, `<!-- ${note} -->`);
  const bf = basesFile(dir, card.deckId);
  const bases = readBases(bf);
  bases[card.id] = { hash: cardHash(card), file: resolve(card.file) };
  // The fingerprint first: an override without one would be reported as changed.
  atomicWrite(bf, `${JSON.stringify(bases, null, 2)}\n`);
  atomicWrite(file, res.text);
  return { file, line: res.line, copied: true };
}

/**
 * Opens `file` at `line` in $VISUAL / $EDITOR and waits. `ran` is false when no editor could run
 * (none set, not found); `message` says what went wrong in one line, naming the file and line.
 */
export function runEditor(file: string, line: number, env: NodeJS.ProcessEnv = process.env): { ran: boolean; message?: string } {
  const editor = (env.VISUAL || env.EDITOR || '').trim();
  const where = `${displayPath(file)}:${line}`;
  if (!editor) return { ran: false, message: t('edit.noEditor', { where }) };
  const [cmd, ...args] = editor.split(/\s+/);
  const r = spawnSync(cmd as string, [...args, `+${line}`, resolve(file)], { stdio: 'inherit' });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code ?? r.error.message;
    return {
      ran: false,
      message: t('edit.cannotRun', { editor, reason: code === 'ENOENT' ? t('edit.notFound') : String(code), where }),
    };
  }
  if (r.status !== 0) return { ran: true, message: t('edit.failed', { editor, status: String(r.status ?? r.signal), where }) };
  return { ran: true };
}
