/**
 * Plans an import: where each deck goes, what it changes in a deck already imported, and every
 * reason not to go ahead. Pure: what it needs to know about the disk comes in as arguments.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Problem, ProblemParams } from '../../errors.js';
import { type Card, type Deck, MAX_CARDS_PER_DECK, MAX_DECK_BYTES, parseDeck } from '../deck.js';
import { type ProblemKey, problem } from '../problems.js';
import { deckIdProblem, type ImportFormat } from './model.js';

/** A deck ready to be written: its Markdown text and where it came from. */
export interface PreparedDeck {
  id: string;
  title: string;
  format: ImportFormat;
  /** Input file, as shown in messages. */
  source: string;
  line: number;
  text: string;
}

/** What is on disk at a target path (gathered by the caller). */
export interface TargetInfo {
  exists: boolean;
  symlink: boolean;
  /** Deck id found in the file, when it parses. */
  deckId?: string;
}

/** A deck already loaded, with the absolute path of its file. */
export interface ExistingDeck {
  deck: Deck;
  abs: string;
  /** In the user deck folder (so import may replace it). */
  inUserFolder: boolean;
}

export interface PlannedDeck {
  prepared: PreparedDeck;
  /** Absolute path written. */
  target: string;
  action: 'create' | 'update' | 'unchanged';
  cards: Card[];
  added: string[];
  changed: string[];
  removed: string[];
  drafts: number;
}

export interface ImportPlan {
  decks: PlannedDeck[];
  problems: Problem[];
}

/** Text that decides whether a card "changed": question, question body, answer and key points. */
function cardText(c: Card): string {
  return JSON.stringify([c.question, c.questionBody, c.answer, c.keyPoints, c.draft]);
}

/** Cards added, changed and removed between two versions of a deck, by card id. */
export function diffCards(before: Card[], after: Card[]): { added: string[]; changed: string[]; removed: string[] } {
  const old = new Map(before.map((c) => [c.id, c]));
  const now = new Set(after.map((c) => c.id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const c of after) {
    const o = old.get(c.id);
    if (!o) added.push(c.id);
    else if (cardText(o) !== cardText(c)) changed.push(c.id);
  }
  const removed = before.filter((c) => !now.has(c.id)).map((c) => c.id);
  return { added, changed, removed };
}

/** True when `target` lies inside `dir` (after resolution), never equal to it or above it. */
export function isInside(dir: string, target: string): boolean {
  const rel = relative(dir, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Decides each deck's target file and compares it with what is there. Every problem found is
 * returned; the caller writes nothing when any of them is an error.
 */
export function planImport(
  prepared: PreparedDeck[],
  existing: ExistingDeck[],
  userDecks: string,
  inspect: (abs: string) => TargetInfo,
  shown: (abs: string) => string,
  /** Called after each deck is checked, with its number of cards (drives a progress bar). */
  onDeck: (cards: number) => void = () => {},
): ImportPlan {
  const problems: Problem[] = [];
  const decks: PlannedDeck[] = [];
  const byId = new Map(existing.map((e) => [e.deck.meta.id, e]));
  const err = (p: PreparedDeck, key: ProblemKey, params: ProblemParams = {}) =>
    problems.push(problem(p.source, p.line, 'error', key, params));

  const seen = new Map<string, PreparedDeck>();
  for (const p of prepared) {
    const why = deckIdProblem(p.id);
    if (why) {
      err(p, 'problem.plan.badDeckId', { reasonKey: why.key, ...why.params });
      continue;
    }
    const twice = seen.get(p.id);
    if (twice) {
      err(p, 'problem.plan.twice', { id: p.id, where: `${twice.source}:${twice.line}` });
      continue;
    }
    seen.set(p.id, p);
    const old = byId.get(p.id);
    if (old && !old.inUserFolder) {
      // Our own Anki export of a bundled deck, imported back: its cards are the deck's own
      // cards, so there is nothing to import. Anything else under that id would replace the bundle.
      const back = parseDeck(p.text, p.source).deck;
      const ids = new Set(old.deck.cards.map((c) => c.id));
      if (p.format === 'anki' && back && back.cards.length > 0 && back.cards.every((c) => ids.has(c.id))) {
        decks.push({
          prepared: p,
          target: old.abs,
          action: 'unchanged',
          cards: back.cards,
          added: [],
          changed: [],
          removed: [],
          drafts: 0,
        });
        onDeck(back.cards.length);
        continue;
      }
      err(p, 'problem.plan.taken', { id: p.id, file: shown(old.abs) });
      continue;
    }
    const target = old ? old.abs : join(userDecks, `${p.id}.md`);
    // The id is a slug, so this cannot fail; checked anyway because a file outside must never be written.
    if (!isInside(userDecks, target)) {
      err(p, 'problem.plan.outside', { id: p.id, dir: shown(userDecks) });
      continue;
    }
    const info = inspect(target);
    if (info.symlink) {
      err(p, 'problem.plan.symlink', { file: shown(target) });
      continue;
    }
    if (!old && info.exists) {
      if (info.deckId) err(p, 'problem.plan.existsDeck', { file: shown(target), other: info.deckId });
      else err(p, 'problem.plan.existsInvalid', { file: shown(target) });
      continue;
    }
    if (Buffer.byteLength(p.text, 'utf8') > MAX_DECK_BYTES) {
      err(p, 'problem.plan.tooBig', { id: p.id, max: MAX_DECK_BYTES / 1024 / 1024 });
      continue;
    }
    const parsed = parseDeck(p.text, shown(target));
    const errors = parsed.problems.filter((x) => x.severity === 'error');
    if (!parsed.deck || errors.length > 0) {
      const first = errors[0];
      if (first?.key === 'problem.deck.tooManyCards') err(p, 'problem.plan.tooManyCards', { id: p.id, max: MAX_CARDS_PER_DECK });
      else err(p, 'problem.plan.readBack', { detail: first?.message ?? 'unknown problem' });
      continue;
    }
    const cards = parsed.deck.cards;
    const diff = old ? diffCards(old.deck.cards, cards) : { added: cards.map((c) => c.id), changed: [], removed: [] };
    const unchanged = old && diff.added.length + diff.changed.length + diff.removed.length === 0;
    decks.push({
      prepared: p,
      target,
      action: !old ? 'create' : unchanged ? 'unchanged' : 'update',
      cards,
      ...diff,
      drafts: cards.filter((c) => c.draft).length,
    });
    onDeck(cards.length);
  }

  // Card ids are unique across every loaded deck: check against the decks that stay.
  const replaced = new Set(decks.map((d) => d.prepared.id));
  const owners = new Map<string, { where: string }>();
  for (const e of existing) {
    if (replaced.has(e.deck.meta.id)) continue;
    for (const c of e.deck.cards) owners.set(c.id, { where: `${shown(e.abs)}:${c.line}` });
  }
  for (const d of decks) {
    for (const c of d.cards) {
      const other = owners.get(c.id);
      if (other) {
        const params = { id: c.id, deck: d.prepared.id, where: other.where };
        problems.push(problem(d.prepared.source, d.prepared.line, 'error', 'problem.plan.cardTaken', params));
        break;
      }
    }
    for (const c of d.cards) owners.set(c.id, { where: `${d.prepared.source} (deck '${d.prepared.id}')` });
  }
  return { decks, problems };
}
