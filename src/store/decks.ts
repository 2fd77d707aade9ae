import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Card, type Deck, type ParseResult, parseDeck } from '../core/deck.js';
import { compareEditions, pickEdition } from '../core/editions.js';
import { problem } from '../core/problems.js';
import type { Problem } from '../errors.js';
import { type DeckCache, stampOf } from './deck-cache.js';
import { bodyFromDeck, displayPath, readDeckText } from './deck-text.js';

// Where it was first defined: most commands import it from here.
export { displayPath };

export interface Collection {
  decks: Deck[];
  cards: Card[];
  byId: Map<string, Card>;
  problems: Problem[];
}

/** Lists the `.md` deck files under a file or folder (recursively, sorted, skipping README.md and dot-folders). */
export function findDeckFiles(path: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return [];
  }
  // A FIFO, socket or device named .md is listed so that loading reports it (never reads it).
  if (!st.isDirectory()) return path.endsWith('.md') ? [path] : [];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p, depth + 1);
      else if (!ent.name.endsWith('.md') || ent.name.toLowerCase() === 'readme.md') continue;
      // A symlink to a deck is a deck (it used to be skipped silently); a symlinked folder is not
      // followed (it could loop). Anything else (a FIFO, say) is listed so loading reports it.
      else if (!ent.isSymbolicLink() || !isDirectory(p)) out.push(p);
    }
  };
  walk(path, 0);
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Which language edition of the bundled (or any multi-language) decks to load. */
export interface EditionChoice {
  /** Preferred deck language (`zh`, `en`); undefined takes the first edition found. */
  language?: string;
  /** Also attach the other edition's question to each card (`deck_language both`). */
  both?: boolean;
}

interface Parsed {
  deck: Deck;
  shown: string;
}

/**
 * Loads every deck under the given sources. Broken decks are reported and skipped. Files that
 * share a deck id in different languages are editions of one deck: the wanted one is loaded, the
 * others are checked against it (same cards, metadata and order). Cards whose id is already taken
 * by an earlier deck are reported (naming both places) and skipped. `listed`: the sources' files
 * as listed already (a key was made from them), else listed now.
 */
export function loadCollection(
  sources: string[],
  cache?: DeckCache,
  choice: EditionChoice = {},
  listed: DeckListing = listDecks(sources),
): Collection {
  const problems: Problem[] = [...listed.problems];
  const { files } = listed;
  // Any file that could not be stat'ed is reported fresh each time: no whole-collection entry then.
  const key = cache && problems.length === 0 ? collectionKey(files, choice) : undefined;
  const hit = key ? cache?.collection(key, bodyFromDeck) : undefined;
  if (hit) return assemble(hit.decks, hit.problems);
  const parsed: Parsed[] = [];
  for (const { abs, shown, stamp } of files) {
    if (stamp === undefined) continue;
    let res: ParseResult | undefined;
    // One bad file is one message: whatever reading or parsing it throws (a FIFO, a folder
    // named x.md, permissions, a parser bug), the other decks still load.
    try {
      res = cache?.get(abs, stamp, shown);
      if (!res) {
        const encoding: Problem[] = [];
        const text = readDeckText(abs, encoding);
        if (typeof text !== 'string') {
          problems.push(text);
          continue;
        }
        const parsed = parseDeck(text, shown);
        res = { ...parsed, problems: [...encoding, ...parsed.problems] };
        cache?.set(abs, stamp, shown, res);
      }
    } catch (e) {
      problems.push(unreadable(shown, e));
      continue;
    }
    problems.push(...res.problems);
    if (res.deck) parsed.push({ deck: res.deck, shown });
  }
  const decks: Deck[] = [];
  const seen = new Map<string, Card>();
  for (const group of groupEditions(parsed, problems)) {
    const primary = pickEdition(group, choice.language);
    const others = group.filter((d) => d !== primary);
    for (const o of others) problems.push(...compareEditions(primary, o));
    const alt = choice.both ? others[0] : undefined;
    const altById = new Map(alt?.cards.map((c) => [c.id, c.question]));
    const kept: Card[] = [];
    for (const card of primary.cards) {
      const prev = seen.get(card.id);
      if (prev) {
        const where = `${prev.file}:${prev.line}`;
        problems.push(problem(primary.file, card.line, 'error', 'problem.deck.dupCardAcross', { id: card.id, where }));
        continue;
      }
      const altQuestion = altById.get(card.id);
      const c = altQuestion !== undefined && altQuestion !== card.question ? { ...card, altQuestion } : card;
      seen.set(card.id, c);
      kept.push(c);
    }
    decks.push({ ...primary, cards: kept });
  }
  if (key) cache?.setCollection(key, { decks, problems });
  cache?.save();
  return assemble(decks, problems);
}

interface DeckFile {
  abs: string;
  shown: string;
  /** size:mtime:ctime:inode; undefined when the file could not be stat'ed (reported). */
  stamp?: string;
}

/** Every deck file under the sources, once each, in source order, with its stamp. */
function deckFiles(sources: string[], problems: Problem[]): DeckFile[] {
  const out: DeckFile[] = [];
  const seen = new Set<string>();
  for (const src of sources) {
    for (const file of findDeckFiles(src)) {
      const abs = resolve(file);
      if (seen.has(abs)) continue;
      seen.add(abs);
      const shown = displayPath(abs);
      try {
        out.push({ abs, shown, stamp: stampOf(statSync(abs)) });
      } catch (e) {
        problems.push(unreadable(shown, e));
      }
    }
  }
  return out;
}

function unreadable(shown: string, e: unknown): Problem {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code ? `${err.code} ${err.message.split(',')[0]}` : (err.message ?? String(e));
  return problem(shown, 0, 'error', 'problem.deck.unreadable', { reason: reason.slice(0, 200) });
}

/** The deck files under some sources, each with its stamp, and the problems met listing them. */
export interface DeckListing {
  files: DeckFile[];
  problems: Problem[];
}

export function listDecks(sources: string[]): DeckListing {
  const problems: Problem[] = [];
  return { files: deckFiles(sources, problems), problems };
}

/**
 * What loading a listing would depend on (see collectionKey), without loading it; undefined when
 * a deck file cannot be stat'ed (loading reports it afresh each time).
 */
export function listingKey(listed: DeckListing, choice: EditionChoice): string | undefined {
  return listed.problems.length === 0 ? collectionKey(listed.files, choice) : undefined;
}

/** What the whole collection depends on: every file (path, stamp, name shown) and the choice. */
function collectionKey(files: DeckFile[], choice: EditionChoice): string {
  return JSON.stringify([choice.language ?? '', choice.both === true, files.map((f) => [f.abs, f.stamp, f.shown])]);
}

function assemble(decks: Deck[], problems: Problem[]): Collection {
  // Loops, not flatMap and a Map of pairs: no short-lived array per card on every start-up.
  const cards: Card[] = [];
  const byId = new Map<string, Card>();
  for (const d of decks) {
    for (const c of d.cards) {
      cards.push(c);
      byId.set(c.id, c);
    }
  }
  return { decks, cards, byId, problems };
}

/**
 * Groups parsed decks by deck id, in file order. A second file with an id already seen is an
 * edition when its language is new to the group, else a duplicate (reported and dropped).
 */
function groupEditions(parsed: Parsed[], problems: Problem[]): Deck[][] {
  const groups = new Map<string, Deck[]>();
  for (const { deck, shown } of parsed) {
    const group = groups.get(deck.meta.id);
    if (!group) {
      groups.set(deck.meta.id, [deck]);
      continue;
    }
    const clash = group.find((d) => d.meta.language.toLowerCase() === deck.meta.language.toLowerCase());
    if (clash) {
      const params = { id: deck.meta.id, other: clash.file, lang: deck.meta.language };
      problems.push(
        problem(shown, 2, 'error', group.length > 1 ? 'problem.edition.sameLanguage' : 'problem.deck.dupDeckId', params),
      );
      continue;
    }
    group.push(deck);
  }
  return [...groups.values()];
}
